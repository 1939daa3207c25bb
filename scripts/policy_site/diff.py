"""The diff as data: sections matched, then blocks, then characters (CJK) or words.

Cost stays near linear in the length of a policy: whole texts are only compared through
hashes of their sections and blocks, and characters or words are only diffed inside a pair
of blocks that changed. Renderers (the 新旧対照表, the redline) read the result.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from enum import StrEnum
from typing import TypeVar

from .body import kanji_number
from .model import Block, Document, Section

# Languages written without spaces between words: diffed by character.
CHARACTER_LANGUAGES = frozenset({"ja", "zh", "th", "lo", "km", "my", "bo"})

# ASCII spaces next to a wide (CJK) character: layout, not wording. U+3000 is kept.
_SPACE_BY_WIDE = re.compile(r"(?<=[\u2e80-\uffef])[ \t]+|[ \t]+(?=[\u2e80-\uffef])")
_WORD = re.compile(r"\w+|[^\w\s]|\s+")
_SIMILAR = 0.5  # below this, two blocks are a deletion and an insertion, not an edit
_GAP_LIMIT = 2500  # gaps bigger than this many pairs are paired by position


class Op(StrEnum):
    EQUAL = "equal"
    INSERT = "insert"
    DELETE = "delete"
    RENUMBER = "renumber"  # a cross-reference that changed only because articles were renumbered


class Change(StrEnum):
    UNCHANGED = "unchanged"
    CHANGED = "changed"
    ADDED = "added"
    REMOVED = "removed"


# The diff classes have slots: a long history's pages hold hundreds of thousands of them, and
# without a __dict__ each is smaller and cheaper for the garbage collector to walk.
@dataclass(frozen=True, slots=True)
class Span:
    """A run of text that is in both texts, only in the new one, or only in the old one.

    A RENUMBER span is an article number in a cross-reference: `text` is the new number and
    `old` the number it replaces.
    """

    op: Op
    text: str
    old: str = ""


@dataclass(frozen=True, slots=True)
class BlockDiff:
    """One paragraph, item or line: paired with its counterpart, or added, or removed."""

    change: Change
    old: Block | None
    new: Block | None
    spans: tuple[Span, ...]

    moved: bool = False

    @property
    def old_spans(self) -> tuple[Span, ...]:
        """The old text, with what was removed marked: the 改定前 column."""
        return _side(self.spans, old=True)

    @property
    def new_spans(self) -> tuple[Span, ...]:
        """The new text, with what was added marked: the 改定後 column."""
        return _side(self.spans, old=False)


@dataclass(frozen=True, slots=True)
class SectionDiff:
    """An article (or the preamble) matched across two versions, with its blocks' diffs."""

    change: Change
    old: Section | None
    new: Section | None
    title_spans: tuple[Span, ...]
    blocks: tuple[BlockDiff, ...]
    moved: bool = False
    # Paired with the section at its place, but with no paragraph in common: rewritten whole.
    replaced: bool = False
    # The heading's frame changed (第5条(…) → 第5条（…）, 第9条（…） → 第9条　削除): `title_spans`
    # then hold the diff of the whole heading.
    whole_heading: bool = False

    @property
    def renumbered(self) -> bool:
        """True when a matched article carries a different number: 第5条→第6条."""
        return bool(self.old and self.new and self.old.number != self.new.number)

    @property
    def edited(self) -> bool:
        """True when its wording changed: a paragraph or the caption, a cross-reference's
        number included. An article only moved or renumbered is not edited."""
        return any(s.op != Op.EQUAL for b in self.blocks for s in b.spans) or any(
            s.op != Op.EQUAL for s in self.title_spans
        )

    @property
    def key(self) -> str:
        return (self.new or self.old).key

    @property
    def heading_spans(self) -> tuple[Span, ...]:
        """The heading as one run of spans: its number renumbered, its title edited."""
        section = self.new or self.old
        if not section.heading:
            return ()
        if self.old is None or self.new is None:
            return (Span(Op.INSERT if self.old is None else Op.DELETE, section.heading),)
        if self.whole_heading:
            return self.title_spans
        return _heading_spans(self.old, self.new, self.title_spans)

    @property
    def old_heading_spans(self) -> tuple[Span, ...]:
        return _side(self.heading_spans, old=True)

    @property
    def new_heading_spans(self) -> tuple[Span, ...]:
        return _side(self.heading_spans, old=False)

    @property
    def block_runs(self) -> list[tuple[str, tuple[BlockDiff, ...]]]:
        """Blocks grouped for display: ("same", run of unchanged blocks) or ("change", (block,))."""
        runs: list[tuple[str, tuple[BlockDiff, ...]]] = []
        for block in self.blocks:
            if block.change == Change.UNCHANGED and runs and runs[-1][0] == "same":
                runs[-1] = ("same", runs[-1][1] + (block,))
            else:
                runs.append(("same" if block.change == Change.UNCHANGED else "change", (block,)))
        return runs


def _side(spans: tuple[Span, ...], old: bool) -> tuple[Span, ...]:
    """One side of a run of spans: the old text (改定前) or the new one (改定後)."""
    if old:
        return tuple(
            Span(s.op, s.old, s.text) if s.op == Op.RENUMBER else s for s in spans if s.op != Op.INSERT
        )
    return tuple(s for s in spans if s.op != Op.DELETE)


# The caption of an article deleted in place (「第9条　削除」, 「第20条から第21条まで　削除」).
DELETED = "削除"
_HEADING_NUMBER = re.compile(r"[0-9０-９]+|[一二三四五六七八九十百]+")


def _frame(section: Section) -> str:
    """A heading without its caption and with its numbers as #: 第#条（）, Article # ()."""
    heading, title = section.heading, section.title
    at = heading.rfind(title) if title else -1
    frame = heading[:at] + heading[at + len(title) :] if at >= 0 else heading
    return _HEADING_NUMBER.sub("#", frame)


def _heading_spans(old: Section, new: Section, title_spans: tuple[Span, ...]) -> tuple[Span, ...]:
    heading, title = new.heading, new.title
    at = heading.rfind(title) if title else -1
    head, tail = (heading[:at], heading[at + len(title) :]) if at >= 0 else (heading, "")
    spans: list[Span] = []
    number = _HEADING_NUMBER.search(head) if old.number != new.number else None
    if number:
        _append(spans, Op.EQUAL, head[: number.start()])
        written = _HEADING_NUMBER.search(old.heading)
        spans.append(Span(Op.RENUMBER, number.group(0), written.group(0) if written else str(old.number)))
        _append(spans, Op.EQUAL, head[number.end() :])
    else:
        _append(spans, Op.EQUAL, head)
    if at >= 0:
        for span in title_spans:
            _append(spans, span.op, span.text)
    else:
        _append(spans, Op.EQUAL, "")
    _append(spans, Op.EQUAL, tail)
    return tuple(spans)


@dataclass(frozen=True, slots=True)
class DocumentDiff:
    """Everything that changed from one text of a policy to another, in reading order."""

    lang: str
    preamble: SectionDiff
    sections: tuple[SectionDiff, ...]
    renumbering: dict[int, int] = field(default_factory=dict)
    footnotes: SectionDiff | None = None

    @property
    def all_sections(self) -> tuple[SectionDiff, ...]:
        notes = (self.footnotes,) if self.footnotes is not None and self.footnotes.blocks else ()
        return (self.preamble, *self.sections, *notes)

    @property
    def runs(self) -> list[tuple[str, tuple[SectionDiff, ...]]]:
        """The sections as a 新旧対照表 lists them: ("change", (section,)) for each section that
        changed or was renumbered, ("same", sections) for each run of consecutive untouched ones,
        shown as one （略） row. The preamble and the notes are parts of their own, never in a
        run; a preamble the texts lack is left out."""
        runs: list[tuple[str, list[SectionDiff]]] = []
        for section in self.all_sections:
            part = section is self.preamble or section is self.footnotes
            if part and not section.blocks:
                continue
            kind = "same" if section.change == Change.UNCHANGED and not section.renumbered else "change"
            if (
                kind == "same"
                and not part
                and runs
                and runs[-1][0] == "same"
                and runs[-1][1][0] is not self.preamble
            ):
                runs[-1][1].append(section)
            else:
                runs.append((kind, [section]))
        return [(kind, tuple(sections)) for kind, sections in runs]

    @property
    def changed(self) -> bool:
        return any(s.change != Change.UNCHANGED or s.renumbered for s in self.all_sections)

    def count(self, change: Change) -> int:
        return sum(1 for s in self.sections if s.change == change)

    @property
    def has_articles(self) -> bool:
        """True when the policy numbers its sections as articles (第N条, Article N): the summary
        then speaks of articles, else of sections."""
        return any(
            side is not None and side.number is not None for s in self.sections for side in (s.old, s.new)
        )

    @property
    def summary(self) -> dict[str, int]:
        """What the revision did, section by section, each counted once: replaced, else moved
        (with or without edits), else added, removed or changed. Renumbering alone is no change."""
        counts = dict.fromkeys(("changed", "added", "removed", "moved", "replaced"), 0)
        for section in self.sections:
            if section.replaced:
                counts["replaced"] += 1
            elif section.moved:
                counts["moved"] += 1
            elif section.change != Change.UNCHANGED:
                counts[section.change.value] += 1
        return counts


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
    return _diff_prepared(normalise(old, lang), normalise(new, lang), lang)


# A history's compare pages diff every earlier version against the current one, so the same
# pair of paragraphs comes back again and again: each pair is diffed once per build.
@functools.lru_cache(maxsize=1 << 15)
def _diff_prepared(old: str, new: str, lang: str) -> tuple[Span, ...]:
    if old == new:
        return (Span(Op.EQUAL, old),) if old else ()
    segments = _segments(tokens(old, lang), tokens(new, lang))
    segments = _slide_to_boundaries(_absorb_splinters(segments, lang))
    spans: list[Span] = []
    for segment in segments:
        if segment[0] == "=":
            _append(spans, Op.EQUAL, "".join(segment[1]))
        else:
            _append(spans, Op.DELETE, "".join(segment[1]))
            _append(spans, Op.INSERT, "".join(segment[2]))
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
                and all(side for side in (*before[1:], *after[1:]))
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
        side = 1 if edit[1] else 2
        a, e, b = list(before[1]), list(edit[side]), list(after[1])
        while a and e and a[-1] == e[-1]:  # slide fully left first
            a, e, b = a[:-1], [a[-1]] + e[:-1], [e[-1]] + b
        best = (_score(a, e, b), a, e, b)
        while b and e and e[0] == b[0]:
            a, e, b = a + [e[0]], e[1:] + [b[0]], b[1:]
            score = _score(a, e, b)
            if score >= best[0]:  # on a tie, the later place: 個人情報[及び履歴情報]
                best = (score, a, e, b)
        _, a, e, b = best
        moved = ("~", e, []) if side == 1 else ("~", [], e)
        segments[i - 1], segments[i], segments[i + 1] = ("=", a), moved, ("=", b)
    return segments


def _append(spans: list[Span], op: Op, text: str) -> None:
    if not text:
        return
    if spans and spans[-1].op == op:
        spans[-1] = Span(op, spans[-1].text + text)
    else:
        spans.append(Span(op, text))


T = TypeVar("T")


@functools.lru_cache(maxsize=1 << 14)
def _shingles(text: str, lang: str) -> frozenset:
    """Character pairs or words; cached, as aligning scores one text against several."""
    if lang in CHARACTER_LANGUAGES:
        return frozenset({text[i : i + 2] for i in range(max(1, len(text) - 1))})
    return frozenset(text.lower().split())


@functools.lru_cache(maxsize=1 << 15)
def similarity(a: str, b: str, lang: str) -> float:
    """How alike two texts are, 0..1, cheaply: overlap of character pairs or of words."""
    sa, sb = _shingles(a, lang), _shingles(b, lang)
    if not sa and not sb:
        return 1.0
    shared = len(sa & sb)
    return shared / (len(sa) + len(sb) - shared)


def align(
    old: Sequence[T],
    new: Sequence[T],
    key: Callable[[T], str],
    text: Callable[[T], str],
    lang: str,
    kin: Callable[[T, T], bool] | None = None,
    new_key: Callable[[T], str] | None = None,
    kin_key: Callable[[T], str | None] | None = None,
) -> list[tuple[T | None, T | None]]:
    """Pair items of two sequences: identical ones first, then similar ones, in order.

    `kin` says when two items belong together however much their text differs (an article
    whose title stayed the same). Whatever stays unpaired is an addition or a removal.
    `new_key`, when given, keys the new items (`key` then keys the old ones). `kin_key` (a
    title) aligns a stretch too long to weigh pair by pair, before pairing by position.
    """
    old_keys, new_keys = [key(x) for x in old], [(new_key or key)(x) for x in new]
    if old_keys == new_keys:  # nothing changed, as in most articles from one version to the next
        return list(zip(old, new, strict=True))
    matcher = SequenceMatcher(None, old_keys, new_keys, autojunk=False)
    pairs: list[tuple[T | None, T | None]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pairs.extend(zip(old[i1:i2], new[j1:j2], strict=False))
        elif kin_key is not None and (i2 - i1) * (j2 - j1) > _GAP_LIMIT:
            pairs.extend(_pair_long_gap(old[i1:i2], new[j1:j2], text, lang, kin, kin_key))
        else:
            pairs.extend(_pair_gap(old[i1:i2], new[j1:j2], text, lang, kin))
    return pairs


def _pair_long_gap(old, new, text, lang, kin, kin_key):
    """A stretch where every section changed (a name replaced throughout, a heading inserted in
    each): aligned by title first, in order, so that one inserted section does not shift the
    pairing of all the others; what is left is paired as a short gap is."""
    no_title = object()

    def titles(items):
        return [kin_key(x) or (no_title, id(x)) for x in items]

    pairs = []
    matcher = SequenceMatcher(None, titles(old), titles(new), autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pairs.extend(zip(old[i1:i2], new[j1:j2], strict=True))
        else:
            pairs.extend(_pair_gap(old[i1:i2], new[j1:j2], text, lang, kin))
    return pairs


def _pair_gap(old, new, text, lang, kin=None):
    """Best order-keeping pairing of two short runs by similarity (a small LCS by weight)."""
    m, n = len(old), len(new)
    if m == 0 or n == 0:
        return [(o, None) for o in old] + [(None, x) for x in new]
    if m * n > _GAP_LIMIT:
        score = lambda i, j: 1.0  # noqa: E731 - too big to weigh: pair by position
    else:
        cache: dict[tuple[int, int], float] = {}
        kins = {(i, j) for i in range(m) for j in range(n) if kin(old[i], new[j])} if kin else set()
        olds, news = Counter(i for i, _ in kins), Counter(j for _, j in kins)

        def score(i: int, j: int) -> float:
            if (i, j) not in cache:
                if (i, j) in kins and olds[i] == news[j] == 1:
                    s = 1.0  # the same article, however much it changed: no need to weigh it
                else:
                    s = similarity(normalise(text(old[i]), lang), normalise(text(new[j]), lang), lang)
                    if (i, j) in kins:
                        # Of two such (the same number, or the same title), the one with more
                        # of the same text: content first, then place.
                        s += 1.0
                cache[i, j] = s if s >= _SIMILAR else 0.0
            return cache[i, j]

    best = [[0.0] * (n + 1) for _ in range(m + 1)]
    for i in range(m - 1, -1, -1):
        for j in range(n - 1, -1, -1):
            take = score(i, j)
            best[i][j] = max(best[i + 1][j], best[i][j + 1], take + best[i + 1][j + 1] if take else 0.0)
    pairs = []
    i = j = 0
    while i < m and j < n:
        take = score(i, j)
        if take and best[i][j] == take + best[i + 1][j + 1]:
            pairs.append((old[i], new[j]))
            i, j = i + 1, j + 1
        elif best[i + 1][j] >= best[i][j + 1]:
            pairs.append((old[i], None))
            i += 1
        else:
            pairs.append((None, new[j]))
            j += 1
    pairs += [(o, None) for o in old[i:]] + [(None, x) for x in new[j:]]
    return pairs


def wording(block: Block, lang: str) -> str:
    """A block's words as diffs compare them: normalised, except code, whose lines and spaces
    are what it says."""
    return block.body if block.role == "code" else normalise(block.body, lang)


def block_text(block: Block, lang: str) -> str:
    """A block's text as diffs show it: its label as written, then its normalised body."""
    label = block.label.rstrip(" \t") + (" " if block.label.endswith((" ", "\t")) else "")
    return label + wording(block, lang)


# An article number in a cross-reference: 第3条, Article 3, Articles 3, 제3조. Written with
# literal prefixes, not lookbehinds, so the engine skips ahead to them instead of trying
# every position: this runs on every paragraph of both texts when articles are renumbered.
_REFERENCE = re.compile(r"第([0-9０-９]+|[一二三四五六七八九十百]+)条|\bArticles? ([0-9]+)\b|제([0-9]+)조")
_KANJI_DIGITS = "〇一二三四五六七八九"


def kanji_numeral(n: int) -> str:
    """1 to 999 as statutes write them: 十, 十一, 二十, 百二十三."""
    out = ""
    for value, mark in ((100, "百"), (10, "十")):
        digit, n = divmod(n, value)
        if digit:
            out += ("" if digit == 1 else _KANJI_DIGITS[digit]) + mark
    return out + (_KANJI_DIGITS[n] if n else "")


def number_as_written(n: int, like: str) -> str:
    """`n` written as `like` is: kanji (十七), full-width (１７) or arabic digits."""
    if like and like[0] in "一二三四五六七八九十百":
        return kanji_numeral(n)
    if like and like[0] in "０１２３４５６７８９":
        return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    return str(n)


def _renumber_references(text: str, renumbering: dict[int, int]) -> tuple[str, list[tuple[int, int, str]]]:
    """The old text with its references renumbered, and where each renumbered number now is."""
    if not renumbering or not ("第" in text or "Article" in text or "제" in text):
        return text, []
    out, subs, last, length = [], [], 0, 0
    for match in _REFERENCE.finditer(text):
        group = next(g for g in (1, 2, 3) if match.group(g) is not None)
        digits = match.group(group)
        number = kanji_number(digits)
        if number not in renumbering:
            continue
        before = text[last : match.start(group)]
        replacement = number_as_written(renumbering[number], digits)
        out += [before, replacement]
        length += len(before)
        subs.append((length, length + len(replacement), digits))
        length += len(replacement)
        last = match.end(group)
    out.append(text[last:])
    return "".join(out), subs


def _restore_references(spans: tuple[Span, ...], subs: list[tuple[int, int, str]]) -> tuple[Span, ...]:
    """Turn renumbered references back into what the old text said.

    Where a reference is the same after renumbering, it becomes a RENUMBER span: a
    consequence of the renumbering, not an edit. Inside a deletion, the old number returns.
    """
    if not subs:
        return spans
    result: list[Span] = []
    position = 0
    for span in spans:
        if span.op == Op.INSERT:
            result.append(span)
            continue
        end = position + len(span.text)
        cut = position
        for start, stop, old_digits in subs:
            if stop <= position or start >= end:
                continue
            lo, hi = max(start, position), min(stop, end)
            before = span.text[cut - position : lo - position]
            if before:
                result.append(Span(span.op, before))
            piece = span.text[lo - position : hi - position]
            if span.op == Op.EQUAL:
                result.append(Span(Op.RENUMBER, piece, old_digits if (lo, hi) == (start, stop) else piece))
            else:
                result.append(Span(Op.DELETE, old_digits if (lo, hi) == (start, stop) else piece))
            cut = hi
        rest = span.text[cut - position :]
        if rest:
            result.append(Span(span.op, rest))
        position = end
    return tuple(result)


def diff_block(
    old: Block | None, new: Block | None, lang: str, renumbering: dict[int, int] | None = None
) -> BlockDiff:
    if old is None:
        return BlockDiff(Change.ADDED, None, new, (Span(Op.INSERT, block_text(new, lang)),))
    if new is None:
        return BlockDiff(Change.REMOVED, old, None, (Span(Op.DELETE, block_text(old, lang)),))
    old_text, subs = _renumber_references(block_text(old, lang), renumbering or {})
    spans = _restore_references(_diff_prepared(old_text, block_text(new, lang), lang), subs)
    same = all(s.op == Op.EQUAL for s in spans)
    return BlockDiff(Change.UNCHANGED if same else Change.CHANGED, old, new, spans)


def _section_text(section: Section) -> str:
    return "\n".join([section.title, *(b.body for b in section.blocks)])


_MOVED = 0.8  # an addition this similar to a removal elsewhere is that text, moved
# A short block between two matched neighbours is an edit of the one it replaces, however
# little their words overlap: "Effective date: May 23, 2019" → "…December 20, 2019". Longer
# ones are paired there when they share at least this much.
_LONE_FLOOR = 0.2
_SHORT_WORDS = 12
_SHORT_CHARACTERS = 30


def _partners(
    removed: list, added: list, old_key, new_key, text, lang: str, threshold: float, kin=None
) -> dict:
    """Which removed item each added item is, by id of the added one: the same text first
    (by hash), then the same `kin` value (an article's title), then the most similar one at or
    above `threshold`. Every pair is weighed only when few are left (_GAP_LIMIT); else each item
    is weighed against the few that share most of its rarer shingles, so the cost stays linear
    in the length of the texts."""
    partner: dict[int, object] = {}
    taken: set[int] = set()
    by_key: dict[str, list] = {}
    for candidate in reversed(removed):
        by_key.setdefault(old_key(candidate), []).append(candidate)
    for item in added:
        same = by_key.get(new_key(item))
        if same:
            best = same.pop()
            partner[id(item)] = best
            taken.add(id(best))
    if kin is not None:
        by_kin: dict[str, list] = {}
        for candidate in reversed(removed):
            value = kin(candidate)
            if value is not None and id(candidate) not in taken:
                by_kin.setdefault(value, []).append(candidate)
        for item in added:
            value = kin(item)
            if id(item) in partner or value is None or not by_kin.get(value):
                continue
            best = by_kin[value].pop()
            partner[id(item)] = best
            taken.add(id(best))
    left = [c for c in removed if id(c) not in taken]
    wanted = [x for x in added if id(x) not in partner]
    if not left or not wanted:
        return partner
    shingles = {id(c): _shingles(normalise(text(c), lang), lang) for c in left}
    few = len(left) * len(wanted) <= _GAP_LIMIT
    index = None if few else _ShingleIndex(left, shingles)
    for item in wanted:
        mine = _shingles(normalise(text(item), lang), lang)
        best, best_score = None, threshold
        for candidate in left if few else index.candidates(mine):
            if id(candidate) in taken:
                continue
            theirs = shingles[id(candidate)]
            score = len(mine & theirs) / len(mine | theirs) if mine or theirs else 1.0
            if score >= best_score:
                best, best_score = candidate, score
        if best is not None:
            partner[id(item)] = best
            taken.add(id(best))
    return partner


# Too many leftovers to weigh each pair: an item is weighed only against the few removed ones
# that share the most of its rarer shingles (words, or character pairs), found in an index.
_CANDIDATES = 8
_COMMON = 8  # a shingle in more removed items than this says nothing of which one it is


class _ShingleIndex:
    """The removed items by their shingles, leaving out the common ones; built in time linear in
    their length, and each lookup weighs at most _CANDIDATES items."""

    def __init__(self, items: list, shingles: dict[int, frozenset]):
        self.by_shingle: dict[str, list] = {}
        for item in items:
            for shingle in shingles[id(item)]:
                self.by_shingle.setdefault(shingle, []).append(item)

    def candidates(self, mine: frozenset) -> list:
        shared: dict[int, list] = {}
        for shingle in mine:
            holders = self.by_shingle.get(shingle)
            if holders and len(holders) <= _COMMON:
                for item in holders:
                    entry = shared.setdefault(id(item), [0, item])
                    entry[0] += 1
        ranked = sorted(shared.values(), key=lambda entry: -entry[0])[:_CANDIDATES]
        return [item for _, item in ranked]


def _find_moves(
    pairs: list, key, text, lang: str, threshold: float = _MOVED, kin=None, new_key=None
) -> list[tuple]:
    """Pair removals with additions of the same text elsewhere: (old, new, moved) triples.

    A moved item is shown where it now is; its old place is not shown as a removal. Identical
    texts are found by hash; near-identical ones are searched only among few candidates.
    """
    removed = [o for o, n in pairs if n is None]
    added = [n for o, n in pairs if o is None]
    if not removed or not added:
        return [(o, n, False) for o, n in pairs]
    partner = _partners(removed, added, key, new_key or key, text, lang, threshold, kin)
    taken = {id(o) for o in partner.values()}
    triples = []
    for o, n in pairs:
        if n is None and id(o) in taken:
            continue
        if o is None and id(n) in partner:
            triples.append((partner[id(n)], n, True))
        else:
            triples.append((o, n, False))
    return triples


def _pair_lone(entries: list[tuple], accept, many: bool = False) -> tuple[list[tuple], set[int]]:
    """Pair the one removal and the one addition left between two matched neighbours, when
    `accept` says they may be one item edited; entries are (old, new, moved). With `many`, a
    few removals and additions there are paired in order wherever `accept` allows (a date line
    edited beside a line removed). Returns the entries and the ids of the new items so paired."""
    out: list[tuple] = []
    paired: set[int] = set()
    run: list[tuple] = []

    def close() -> None:
        if not run:
            return
        olds = [e for e in run if e[1] is None]
        news = [e for e in run if e[0] is None]
        if len(olds) == 1 and len(news) == 1 and accept(olds[0][0], news[0][1]):
            out.append((olds[0][0], news[0][1], False))
            paired.add(id(news[0][1]))
        elif many and 1 <= len(olds) <= _MANY and 1 <= len(news) <= _MANY:
            partner = _in_order([e[0] for e in olds], [e[1] for e in news], accept)
            new_of = {id(o): n for n, o in ((x[1], partner.get(id(x[1]))) for x in news) if o is not None}
            for entry in run:
                if entry[1] is None and id(entry[0]) in new_of:
                    out.append((entry[0], new_of[id(entry[0])], False))  # in the old one's place
                    paired.add(id(new_of[id(entry[0])]))
                elif entry[0] is None and id(entry[1]) in partner:
                    continue
                else:
                    out.append(entry)
        else:
            out.extend(run)
        run.clear()

    for entry in entries:
        if entry[0] is None or entry[1] is None:
            run.append(entry)
        else:
            close()
            out.append(entry)
    close()
    return out, paired


_MANY = 8  # removals or additions between two matched neighbours that are weighed pair by pair


def _in_order(olds: list, news: list, accept) -> dict[int, object]:
    """The most pairs `accept` allows between two short runs, order kept: id(new) -> old."""
    m, n = len(olds), len(news)
    ok = [[accept(o, x) for x in news] for o in olds]
    best = [[0] * (n + 1) for _ in range(m + 1)]
    for i in range(m - 1, -1, -1):
        for j in range(n - 1, -1, -1):
            best[i][j] = max(best[i + 1][j], best[i][j + 1], best[i + 1][j + 1] + 1 if ok[i][j] else 0)
    partner: dict[int, object] = {}
    i = j = 0
    while i < m and j < n:
        if ok[i][j] and best[i][j] == best[i + 1][j + 1] + 1:
            partner[id(news[j])] = olds[i]
            i, j = i + 1, j + 1
        elif best[i + 1][j] >= best[i][j + 1]:
            i += 1
        else:
            j += 1
    return partner


def _short(text: str, lang: str) -> bool:
    if lang in CHARACTER_LANGUAGES:
        return len(text) <= _SHORT_CHARACTERS
    return len(text.split()) <= _SHORT_WORDS


def _lone_blocks(lang: str):
    """Whether a lone removed block and a lone added one at the same place are one block edited."""

    def accept(old: Block, new: Block) -> bool:
        if old.kind != new.kind or old.role != new.role:
            return False
        if old.label.strip() and old.label.strip() == new.label.strip():
            return True  # 項 or 号 that keeps its number and is rewritten: one item edited
        a, b = wording(old, lang), wording(new, lang)
        return (_short(a, lang) and _short(b, lang)) or similarity(a, b, lang) >= _LONE_FLOOR

    return accept


class _BlockKeys:
    """Hash keys of blocks: an old block's with its references renumbered as the new text numbers
    them, a new block's as written; each computed once."""

    def __init__(self, lang: str, renumbering: dict[int, int]):
        self.lang, self.renumbering = lang, renumbering
        self._old: dict[int, str] = {}
        self._new: dict[int, str] = {}

    def old(self, block: Block) -> str:
        key = self._old.get(id(block))
        if key is None:
            key = self._old[id(block)] = (
                _shape(block) + _renumber_references(wording(block, self.lang), self.renumbering)[0]
            )
        return key

    def new(self, block: Block) -> str:
        key = self._new.get(id(block))
        if key is None:
            key = self._new[id(block)] = _shape(block) + wording(block, self.lang)
        return key


def _shape(block: Block) -> str:
    """What a block is besides its words: a list item, a row, at which depth. A paragraph that
    became a list item, or an item that moved a level down, is not the same block."""
    if block.role == "p" and not block.depth and not block.quote:
        return ""
    return f"{block.role}:{block.depth}:{block.quote}:{int(block.header)}\x00"


def _body(block: Block) -> str:
    return block.body


def _block_entries(old: Section | None, new: Section | None, lang: str, keys: _BlockKeys) -> list[tuple]:
    """The blocks of one pair of sections as (old, new, moved) entries, in reading order:
    aligned by hash, then similarity, then moves within the section."""
    if old is None:
        return [(None, b, False) for b in new.blocks]
    if new is None:
        return [(b, None, False) for b in old.blocks]
    pairs = align(old.blocks, new.blocks, key=keys.old, new_key=keys.new, text=_body, lang=lang)
    return _find_moves(pairs, keys.old, _body, lang, new_key=keys.new)


def _all_paired(old: Section | None, new: Section | None, entries: list[tuple]) -> bool:
    """True when every block of both sections is paired: each entry then holds one of each."""
    return old is not None and new is not None and len(entries) == len(old.blocks) == len(new.blocks)


def _section_diff(
    old: Section | None,
    new: Section | None,
    entries: list[tuple],
    lang: str,
    renumbering: dict[int, int],
    moved: bool = False,
) -> SectionDiff:
    blocks = []
    unchanged = True
    sides = set()  # which kinds of entry there are: paired (2), old only (0), new only (1)
    for o, n, block_moved in entries:
        block = diff_block(o, n, lang, renumbering)
        if block_moved:
            change = Change.CHANGED if block.change == Change.UNCHANGED else block.change
            block = BlockDiff(change, block.old, block.new, block.spans, moved=True)
        if block.change != Change.UNCHANGED:
            unchanged = False
        sides.add(2 if o is not None and n is not None else int(o is None))
        blocks.append(block)
    if old is None or new is None:
        only = old or new
        change = Change.ADDED if old is None else Change.REMOVED
        op = Op.INSERT if old is None else Op.DELETE
        title = (Span(op, only.title),) if only.title else ()
        return SectionDiff(change, old, new, title, tuple(blocks), moved=moved)
    # A caption's references follow the renumbering too: 別表（第14条関係） → （第15条関係）
    whole_heading = _frame(old) != _frame(new)
    if whole_heading:  # its brackets, or what stands for its caption, changed: mark them too
        title = diff_text(old.heading, new.heading, lang)
    else:
        renumbered_title, subs = _renumber_references(normalise(old.title, lang), renumbering)
        title = _restore_references(_diff_prepared(renumbered_title, normalise(new.title, lang), lang), subs)
    # No block in common, some struck out and some added: the section was rewritten whole.
    replaced = sides == {0, 1} and old.key not in ("preamble", "footnotes")
    if replaced:  # the old text struck out whole, then the new one
        blocks = [b for b in blocks if b.new is None] + [b for b in blocks if b.new is not None]
    unchanged = unchanged and all(s.op == Op.EQUAL for s in title)
    change = Change.CHANGED if moved or not unchanged else Change.UNCHANGED
    return SectionDiff(
        change, old, new, title, tuple(blocks), moved=moved, replaced=replaced, whole_heading=whole_heading
    )


def diff_section(
    old: Section | None, new: Section | None, lang: str, renumbering: dict[int, int] | None = None
) -> SectionDiff:
    """The diff of one pair of sections on their own (a whole document's diff also finds the
    blocks that moved between sections)."""
    renumbering = renumbering or {}
    entries = _block_entries(old, new, lang, _BlockKeys(lang, renumbering))
    if old is not None and new is not None:
        entries = _pair_lone(entries, _lone_blocks(lang))[0]
    return _section_diff(old, new, entries, lang, renumbering)


def _preamble(document: Document) -> Section:
    return Section("preamble", "", "", None, document.preamble, 0)


def _notes(document: Document) -> Section:
    """A text's footnotes, diffed as a part of their own: they are shown at its end."""
    return Section("footnotes", "", "", None, document.footnotes, 0)


class _Places:
    """Where each block stands in the whole text read in order, headings left out: a flat
    alignment of all blocks, made once, and only when a block changed sections.

    Two blocks are in the same place when the alignment puts them in the same run (equal, or
    one replaced by the other between the same neighbours): a heading inserted or removed
    around them moved the heading, not them. Comparing sequences that are mostly equal costs
    about their length."""

    def __init__(self, old: list[Block], new: list[Block], keys: _BlockKeys):
        matcher = SequenceMatcher(None, [keys.old(b) for b in old], [keys.new(b) for b in new])
        self.old: dict[int, int] = {}
        self.new: dict[int, int] = {}
        for run, (_, i1, i2, j1, j2) in enumerate(matcher.get_opcodes()):
            self.old.update((id(b), run) for b in old[i1:i2])
            self.new.update((id(b), run) for b in new[j1:j2])

    def same(self, old: Block, new: Block) -> bool:
        return self.old.get(id(old), -1) == self.new.get(id(new), -2)


def _move_between_sections(
    plans: list[tuple], old: Document, new: Document, keys: _BlockKeys, lang: str
) -> None:
    """Pair the blocks still removed in one section with those added in another: a paragraph
    moved to another section is shown once, at its new place. One that stayed in place while a
    heading was inserted or removed around it is unchanged, not moved.

    `plans` are (old section, new section, entries); their entries are updated in place."""
    home: dict[int, int] = {}
    slot: dict[int, tuple[int, int]] = {}
    removed, added = [], []
    for index, (o, n, entries) in enumerate(plans):
        if _all_paired(o, n, entries):
            continue
        for at, (old_block, new_block, _) in enumerate(entries):
            if new_block is None:
                home[id(old_block)] = index
                removed.append(old_block)
            elif old_block is None:
                slot[id(new_block)] = (index, at)
                added.append(new_block)
    if not removed or not added:
        return
    partner = _partners(removed, added, keys.old, keys.new, _body, lang, _MOVED)
    if not partner:
        return
    places: _Places | None = None
    gone: set[int] = set()
    for new_id, block in partner.items():
        was, (now, at) = home[id(block)], slot[new_id]
        new_block = plans[now][2][at][1]
        moved = True
        # Only a heading inserted (the block's new section is new) or removed (its old section
        # is gone) can carry a block into another section without moving it.
        if was != now and (plans[was][1] is None or plans[now][0] is None):
            if places is None:
                places = _Places(_all_blocks(old), _all_blocks(new), keys)
            moved = not places.same(block, new_block)
        plans[now][2][at] = (block, new_block, moved)
        gone.add(id(block))
    for index, (o, n, entries) in enumerate(plans):
        if any(e[1] is None and id(e[0]) in gone for e in entries):
            plans[index] = (o, n, [e for e in entries if not (e[1] is None and id(e[0]) in gone)])


def _all_blocks(document: Document) -> list[Block]:
    return [*document.preamble, *(b for s in document.sections for b in s.blocks), *document.footnotes]


def _other_caption(old: Section, new: Section, lang: str) -> bool:
    """Two captioned articles with different captions: 第28条（開示） and 第28条（理由の説明）
    are different articles, whatever their numbers; only their text can pair them."""
    return bool(
        old.number is not None
        and new.number is not None
        and old.title
        and new.title
        and normalise(old.title, lang) != normalise(new.title, lang)
    )


def _in_place_of(old: Section, new: Section) -> bool:
    """An article deleted in place, 「第9条　削除」 or 「第20条から第21条まで　削除」, stands where
    the article of its (first) number stood, on either side: an official 新旧対照表 shows
    「第9条　削除」 beside the old 第9条, and a new 第9条 beside 「第9条　削除」."""

    def place(section: Section) -> str:
        return re.sub(r"-to-\d+$", "", section.key)

    return DELETED in (old.title, new.title) and old.number is not None and place(old) == place(new)


def _same_article(old: Section, new: Section, lang: str) -> bool:
    """Sections that are one section however much their text changed: the same caption, or
    the same anchor (the same number, or the same {#id}) unless their captions differ."""
    if _in_place_of(old, new):
        return True
    if old.title and old.title != DELETED and normalise(old.title, lang) == normalise(new.title, lang):
        return True
    return old.key == new.key and (old.explicit or not _other_caption(old, new, lang))


def _section_kin(lang: str):
    """Sections with the same title (normalised) are one section however much they changed;
    articles deleted in place share the caption 削除 and nothing else."""

    def kin(section: Section) -> str | None:
        return None if section.title == DELETED else normalise(section.title, lang) or None

    return kin


def diff_documents(old: Document, new: Document, lang: str) -> DocumentDiff:
    """The diff of two texts of a policy in the same language.

    Content first, then position: sections are paired by hash, then similarity or title in
    order, then moved (with their edits) wherever they went; a section left alone at the place
    of another is that section replaced. Then blocks: within each pair of sections, then across
    sections (a paragraph moved to another section), then a lone short block at the place of
    another is that block edited.
    """

    keys: dict[int, str] = {}

    def key(section: Section) -> str:
        if id(section) not in keys:
            # Normalised paragraph by paragraph: the same cached work the paragraphs' own
            # alignment does, and paragraph boundaries stay part of what makes two equal.
            # An article deleted in place is its place: 「第9条　削除」 equals only itself.
            title = section.key if section.title == DELETED else section.title
            keys[id(section)] = "\n".join(
                normalise(part, lang) for part in (title, *(b.body for b in section.blocks))
            )
        return keys[id(section)]

    pairs = align(
        old.sections,
        new.sections,
        key=key,
        text=_section_text,
        lang=lang,
        kin=lambda o, n: _same_article(o, n, lang),
        kin_key=_section_kin(lang),
    )
    triples = _find_moves(pairs, key, _section_text, lang, threshold=_SIMILAR, kin=_section_kin(lang))
    entries, placed = _pair_lone(triples, lambda o, n: _in_place_of(o, n) or not _other_caption(o, n, lang))
    renumbering = {
        o.number: n.number
        for o, n, _ in entries
        if o is not None
        and n is not None
        and id(n) not in placed  # paired only by place: its number says nothing of the old one
        and o.number is not None
        and n.number is not None
        and o.number != n.number
    }
    block_keys = _BlockKeys(lang, renumbering)
    plans = [(_preamble(old), _preamble(new), [])] + [(o, n, []) for o, n, _ in entries]
    plans.append((_notes(old), _notes(new), []))
    plans = [(o, n, _block_entries(o, n, lang, block_keys)) for o, n, _ in plans]
    _move_between_sections(plans, old, new, block_keys, lang)
    lone = _lone_blocks(lang)
    plans = [
        (
            o,
            n,
            blocks
            if o is None or n is None or _all_paired(o, n, blocks)
            else _pair_lone(blocks, lone, many=True)[0],
        )
        for o, n, blocks in plans
    ]
    preamble = _section_diff(*plans[0], lang, renumbering)
    sections = tuple(
        _section_diff(o, n, blocks, lang, renumbering, moved=moved)
        for (o, n, blocks), (_, _, moved) in zip(plans[1:-1], entries, strict=True)
    )
    notes = _section_diff(*plans[-1], lang, renumbering)
    return DocumentDiff(lang, preamble, sections, renumbering, notes)
