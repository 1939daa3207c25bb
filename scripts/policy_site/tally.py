"""What a revision changed, counted, for `versions.json`: sections and blocks changed, added,
removed and moved, and whether only markup or spacing changed (a technical revision), as
trackers such as Open Terms Archive record it."""

from __future__ import annotations

import re

from . import markup
from .diff import Change, DocumentDiff
from .model import Document
from .textdiff import normalise


def tally(diff: DocumentDiff) -> dict[str, dict[str, int]]:
    """How many sections and blocks changed, were added, removed or moved, for
    `versions.json`: a moved one counts as moved, edited or not; renumbering alone is no
    change. Blocks are counted in every part, the preamble and notes included."""
    sections = dict.fromkeys(_TALLIED, 0)
    for section in diff.sections:
        _count(sections, section.moved, section.change)
    blocks = dict.fromkeys(_TALLIED, 0)
    for section in diff.all_sections:
        for block in section.blocks:
            _count(blocks, block.moved, block.change)
    return {"sections": sections, "blocks": blocks}


_TALLIED = ("changed", "added", "removed", "moved")


def _count(counts: dict[str, int], moved: bool, change: Change) -> None:
    if moved:
        counts["moved"] += 1
    elif change != Change.UNCHANGED:
        counts[change.value] += 1


def _spoken(found: re.Match) -> str:
    """What a markup character says: an atom its text, a link its address, other markup nothing."""
    item = markup.mark(found.group(0))
    if item is None:
        return " " if found.group(0) == markup.CELL else ""
    if item.atom:
        return item.text
    href = item.attr("href")
    return f" <{href}> " if href else ""


def wording(document: Document, lang: str) -> list[str]:
    """A text as words alone, part by part: headings and blocks without their markup, spacing
    normalised. Link addresses count as wording: a changed address changes what a reader is
    sent to."""

    def words(text: str) -> str:
        return normalise(markup.MARKUP.sub(_spoken, text), lang)

    parts = [words(block.text) for block in document.preamble]
    for section in document.sections:
        parts.append(words(section.heading))
        parts += [words(block.text) for block in section.blocks]
    parts += [words(block.text) for block in document.footnotes]
    return [part for part in parts if part]


def is_technical(old: Document, new: Document, lang: str) -> bool:
    """Whether two texts differ only in markup or spacing: no word of them changed."""
    return wording(old, lang) == wording(new, lang)
