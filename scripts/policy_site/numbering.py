"""Cross-references across a renumbering: when articles are renumbered, a reference that
only follows the new numbers (第5条 → 第6条) is a consequence, not an edit.

The old text is diffed with its references renumbered as the new text numbers them; the spans
then get the old numbers back, as RENUMBER spans.
"""

from __future__ import annotations

import re

from .statute import kanji_number
from .textdiff import Op, Span

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


def renumber_references(text: str, renumbering: dict[int, int]) -> tuple[str, list[tuple[int, int, str]]]:
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


def restore_references(spans: tuple[Span, ...], subs: list[tuple[int, int, str]]) -> tuple[Span, ...]:
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
