"""Two texts diffed by character (CJK) or word, as spans a reader would mark.

Only what is wording counts (`normalise`): line wrapping and runs of spaces are layout. The
common start and end are cut off before the quadratic work, tiny equal splinters between two
changes are folded into them, and a pure insertion or deletion slides to a boundary.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from enum import StrEnum

# Languages written without spaces between words: diffed by character.
CHARACTER_LANGUAGES = frozenset({"ja", "zh", "th", "lo", "km", "my", "bo"})

# ASCII spaces next to a wide (CJK) character: layout, not wording. U+3000 is kept.
_SPACE_BY_WIDE = re.compile(r"(?<=[\u2e80-\uffef])[ \t]+|[ \t]+(?=[\u2e80-\uffef])")
_WORD = re.compile(r"\w+|[^\w\s]|\s+")


class Op(StrEnum):
    EQUAL = "equal"
    INSERT = "insert"
    DELETE = "delete"
    RENUMBER = "renumber"  # a cross-reference that changed only because articles were renumbered


# Spans, like the diff classes, have slots: a long history's pages hold hundreds of thousands
# of them, and without a __dict__ each is smaller and cheaper for the garbage collector to walk.
@dataclass(frozen=True, slots=True)
class Span:
    """A run of text that is in both texts, only in the new one, or only in the old one.

    A RENUMBER span is an article number in a cross-reference: `text` is the new number and
    `old` the number it replaces.
    """

    op: Op
    text: str
    old: str = ""


def side(spans: tuple[Span, ...], old: bool) -> tuple[Span, ...]:
    """One side of a run of spans: the old text (改定前) or the new one (改定後)."""
    if old:
        return tuple(
            Span(s.op, s.old, s.text) if s.op == Op.RENUMBER else s for s in spans if s.op != Op.INSERT
        )
    return tuple(s for s in spans if s.op != Op.DELETE)


_LINE_BREAK = re.compile(r"[ \t]*\n[ \t]*")
_SPACES = re.compile(r"[ \t\n]+")


@functools.lru_cache(maxsize=1 << 16)
def normalise(text: str, lang: str) -> str:
    """Remove what is not wording: line wrapping and runs of spaces.

    In languages without spaces a line break, or a space beside a CJK character, is no
    space at all, so it disappears.
    """
    if "\n" not in text and "\t" not in text and "  " not in text:
        # One line with single spaces, the usual paragraph: nothing for the expressions to do,
        # unless spaces beside CJK characters must go.
        if lang not in CHARACTER_LANGUAGES or " " not in text:
            return text.strip()
    if lang in CHARACTER_LANGUAGES:
        text = _SPACE_BY_WIDE.sub("", _LINE_BREAK.sub("", text))
    return _SPACES.sub(" ", text).strip()


def tokens(text: str, lang: str) -> list[str]:
    """Characters for CJK and similar; else words, punctuation marks and runs of space.

    Only the blocks that changed are diffed, so separate space tokens cost little here.
    """
    if lang in CHARACTER_LANGUAGES:
        return list(text)
    return _WORD.findall(text)


def diff_text(old: str, new: str, lang: str) -> tuple[Span, ...]:
    """Spans that turn `old` into `new`, by character or word, without splinters of equality."""
    return diff_normalised(normalise(old, lang), normalise(new, lang), lang)


# A history's compare pages diff every earlier version against the current one, so the same
# pair of paragraphs comes back again and again: each pair is diffed once per build.
@functools.lru_cache(maxsize=1 << 15)
def diff_normalised(old: str, new: str, lang: str) -> tuple[Span, ...]:
    if old == new:
        return (Span(Op.EQUAL, old),) if old else ()
    segments = _segments(tokens(old, lang), tokens(new, lang))
    segments = _slide_to_boundaries(_absorb_splinters(segments, lang))
    spans: list[Span] = []
    for segment in segments:
        if segment[0] == "=":
            append_span(spans, Op.EQUAL, "".join(segment[1]))
        else:
            append_span(spans, Op.DELETE, "".join(segment[1]))
            append_span(spans, Op.INSERT, "".join(segment[2]))
    return tuple(spans)


# Token diffs cost up to the square of their length: above this many tokens a changed stretch
# is first aligned by sentence, and a stretch of changed sentences still this long is shown
# as replaced whole. Policy paragraphs are far shorter; this bounds a text with no breaks.
_TOKEN_LIMIT = 3000
_SENTENCE_END = frozenset("。．！？!?.;；")


def _segments(a: list[str], b: list[str]) -> list[tuple]:
    """("=", tokens) and ("~", deleted, inserted) runs that turn `a` into `b`.

    The common start and end are cut off first, in linear time, so an edit in a long
    paragraph costs what the edit costs."""
    start = 0
    while start < len(a) and start < len(b) and a[start] == b[start]:
        start += 1
    end = 0
    while end < len(a) - start and end < len(b) - start and a[-1 - end] == b[-1 - end]:
        end += 1
    segments: list[tuple] = [("=", a[:start])] if start else []
    segments += _middle(a[start : len(a) - end], b[start : len(b) - end])
    if end:
        segments.append(("=", a[len(a) - end :]))
    return segments


def _middle(a: list[str], b: list[str], by_sentence: bool = True) -> list[tuple]:
    if not a or not b:
        return [("~", a, b)] if a or b else []
    if len(a) + len(b) <= _TOKEN_LIMIT:
        matcher = SequenceMatcher(None, a, b, autojunk=False)
        return [
            ("=", a[i1:i2]) if tag == "equal" else ("~", a[i1:i2], b[j1:j2])
            for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        ]
    if not by_sentence:
        return [("~", a, b)]
    sa, sb = _sentences(a), _sentences(b)
    segments: list[tuple] = []
    matcher = SequenceMatcher(None, ["".join(s) for s in sa], ["".join(s) for s in sb])
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        old = [t for sentence in sa[i1:i2] for t in sentence]
        if tag == "equal":
            segments.append(("=", old))
        else:
            segments += _middle(old, [t for sentence in sb[j1:j2] for t in sentence], by_sentence=False)
    return segments


def _sentences(tokens_: list[str]) -> list[list[str]]:
    """Tokens grouped into sentences, at 。 . ! ? and the like."""
    sentences, current = [], []
    for token in tokens_:
        current.append(token)
        if token[-1:] in _SENTENCE_END:
            sentences.append(current)
            current = []
    if current:
        sentences.append(current)
    return sentences


def _absorb_splinters(segments: list[tuple], lang: str) -> list[tuple]:
    """Fold tiny equal runs between two changes into the change, as a reader would see it.

    `の` left standing between two rewritten phrases is noise, not information.
    """
    cjk = lang in CHARACTER_LANGUAGES
    limit = 2  # characters, or a word and its space
    # A single kanji left between two one-character edits is part of one changed word: 送付→発送.
    # One pass with a stack merges in the same order as rescanning from the start after each
    # merge would (leftmost first), in linear time.
    merged: list[tuple] = []
    for segment in segments:
        merged.append(segment)
        while len(merged) >= 3:
            before, middle, after = merged[-3:]
            if middle[0] != "=" or before[0] != "~" or after[0] != "~":
                break
            small = len(middle[1]) <= limit
            neighbours = min(max(len(before[1]), len(before[2])), max(len(after[1]), len(after[2])))
            # Two words replaced side by side, only a space between them: one phrase replaced,
            # "[-June 2-]{+December 17+}", not two shreds.
            phrase = (
                not cjk
                and len(middle[1]) == 1
                and middle[1][0].isspace()
                and all(run for run in (*before[1:], *after[1:]))
            )
            if not (
                phrase
                or (small and (neighbours > len(middle[1]) or (cjk and neighbours == len(middle[1]) == 1)))
            ):
                break
            merged[-3:] = [("~", before[1] + middle[1] + after[1], before[2] + middle[1] + after[2])]
    return merged


_BOUNDARY = set("、。，．,.;:；：）)」』】 \t\n")


def _score(before: list[str], edit: list[str], after: list[str]) -> int:
    """How well an edit sits: starting at a boundary, and ending at one.

    A boundary is punctuation or a space, on either side of the edit's edge.
    """

    def boundary(token: str) -> bool:
        return token[:1] in _BOUNDARY or token[-1:] in _BOUNDARY

    score = 0
    if not before or before[-1][-1:] in _BOUNDARY or (edit and edit[0][:1] in _BOUNDARY):
        score += 2
    if not after or (edit and edit[-1][-1:] in _BOUNDARY) or boundary(after[0][:1]):
        score += 1
    return score


def _slide_to_boundaries(segments: list[tuple]) -> list[tuple]:
    """Move a pure insertion or deletion along repeated text to where a reader expects it.

    "銀行口座[番号、クレジットカード]番号" and "銀行口座番号、[クレジットカード番号、]" say the
    same; the second marks what was really removed.
    """
    for i in range(1, len(segments) - 1):
        before, edit, after = segments[i - 1], segments[i], segments[i + 1]
        if before[0] != "=" or after[0] != "=" or edit[0] != "~" or (edit[1] and edit[2]):
            continue
        part = 1 if edit[1] else 2
        a, e, b = list(before[1]), list(edit[part]), list(after[1])
        while a and e and a[-1] == e[-1]:  # slide fully left first
            a, e, b = a[:-1], [a[-1]] + e[:-1], [e[-1]] + b
        best = (_score(a, e, b), a, e, b)
        while b and e and e[0] == b[0]:
            a, e, b = a + [e[0]], e[1:] + [b[0]], b[1:]
            score = _score(a, e, b)
            if score >= best[0]:  # on a tie, the later place: 個人情報[及び履歴情報]
                best = (score, a, e, b)
        _, a, e, b = best
        moved = ("~", e, []) if part == 1 else ("~", [], e)
        segments[i - 1], segments[i], segments[i + 1] = ("=", a), moved, ("=", b)
    return segments


def append_span(spans: list[Span], op: Op, text: str) -> None:
    if not text:
        return
    if spans and spans[-1].op == op:
        spans[-1] = Span(op, spans[-1].text + text)
    else:
        spans.append(Span(op, text))
