"""Anchors of headings: the one GitHub gives a heading, and a translation's sections taking
the anchors of its source's, so that a link means the same section in every language.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from difflib import SequenceMatcher

from .model import Document, Section


def slugify(heading: str) -> str:
    """The anchor GitHub gives a heading, so that links written for GitHub's preview work:
    lower case, punctuation dropped, each space a hyphen. CJK letters are kept (MkDocs'
    default drops them)."""
    text = unicodedata.normalize("NFKC", heading).lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.strip().replace(" ", "-") or "section"


def pair_sections(source: tuple[Section, ...], translation: tuple[Section, ...]) -> list[tuple]:
    """The sections of a translation paired with its source's by their place in the structure
    (the sequence of heading levels): (source section or None, translation section or None).

    A translation may have a heading more or less than its source; the rest still pair."""
    matcher = SequenceMatcher(None, [s.level for s in source], [t.level for t in translation], autojunk=False)
    pairs: list[tuple] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
            pairs += list(zip(source[i1:i2], translation[j1:j2], strict=True))
        else:
            pairs += [(o, None) for o in source[i1:i2]] + [(None, t) for t in translation[j1:j2]]
    return pairs


def align_anchors(source: Document, translation: Document) -> Document:
    """A translation with the anchors of its source: sections without numbers correspond by
    their place in the structure, and take the anchor of the source's heading, so that
    `#how-we-share` means the same section in every language."""
    if [s.key for s in source.sections] == [t.key for t in translation.sections]:
        return translation
    keys = {
        id(t): o.key
        for o, t in pair_sections(source.sections, translation.sections)
        if o is not None and t is not None and not t.explicit and t.number is None and o.number is None
    }
    taken = {t.key for t in translation.sections if id(t) not in keys}
    sections = tuple(
        replace(t, key=keys[id(t)]) if id(t) in keys and keys[id(t)] not in taken else t
        for t in translation.sections
    )
    return replace(translation, sections=sections)
