"""Which block of the old text each block of the new one is: keyed with their references
renumbered, aligned within a pair of sections, then moved between sections, then a lone block
at the place of another paired with it as that block edited.
"""

from __future__ import annotations

from difflib import SequenceMatcher

from .align import MOVED, align, find_moves, partners, similarity
from .model import Block, Document, Section
from .numbering import renumber_references
from .textdiff import CHARACTER_LANGUAGES, normalise


def wording(block: Block, lang: str) -> str:
    """A block's words as diffs compare them: normalised, except code, whose lines and spaces
    are what it says."""
    return block.body if block.role == "code" else normalise(block.body, lang)


def block_text(block: Block, lang: str) -> str:
    """A block's text as diffs show it: its label as written, then its normalised body."""
    label = block.label.rstrip(" \t") + (" " if block.label.endswith((" ", "\t")) else "")
    return label + wording(block, lang)


# A short block between two matched neighbours is an edit of the one it replaces, however
# little their words overlap: "Effective date: May 23, 2019" → "…December 20, 2019". Longer
# ones are paired there when they share at least this much.
_LONE_FLOOR = 0.2
_SHORT_WORDS = 12
_SHORT_CHARACTERS = 30


def _short(text: str, lang: str) -> bool:
    if lang in CHARACTER_LANGUAGES:
        return len(text) <= _SHORT_CHARACTERS
    return len(text.split()) <= _SHORT_WORDS


def lone_blocks(lang: str):
    """Whether a lone removed block and a lone added one at the same place are one block edited."""

    def accept(old: Block, new: Block) -> bool:
        if old.kind != new.kind or old.role != new.role:
            return False
        if old.label.strip() and old.label.strip() == new.label.strip():
            return True  # 項 or 号 that keeps its number and is rewritten: one item edited
        a, b = wording(old, lang), wording(new, lang)
        return (_short(a, lang) and _short(b, lang)) or similarity(a, b, lang) >= _LONE_FLOOR

    return accept


class BlockKeys:
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
                _shape(block) + renumber_references(wording(block, self.lang), self.renumbering)[0]
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


def block_entries(old: Section | None, new: Section | None, lang: str, keys: BlockKeys) -> list[tuple]:
    """The blocks of one pair of sections as (old, new, moved) entries, in reading order:
    aligned by hash, then similarity, then moves within the section."""
    if old is None:
        return [(None, b, False) for b in new.blocks]
    if new is None:
        return [(b, None, False) for b in old.blocks]
    pairs = align(old.blocks, new.blocks, key=keys.old, new_key=keys.new, text=_body, lang=lang)
    return find_moves(pairs, keys.old, _body, lang, new_key=keys.new)


def all_paired(old: Section | None, new: Section | None, entries: list[tuple]) -> bool:
    """True when every block of both sections is paired: each entry then holds one of each."""
    return old is not None and new is not None and len(entries) == len(old.blocks) == len(new.blocks)


class _Places:
    """Where each block stands in the whole text read in order, headings left out: a flat
    alignment of all blocks, made once, and only when a block changed sections.

    Two blocks are in the same place when the alignment puts them in the same run (equal, or
    one replaced by the other between the same neighbours): a heading inserted or removed
    around them moved the heading, not them. Comparing sequences that are mostly equal costs
    about their length."""

    def __init__(self, old: list[Block], new: list[Block], keys: BlockKeys):
        matcher = SequenceMatcher(None, [keys.old(b) for b in old], [keys.new(b) for b in new])
        self.old: dict[int, int] = {}
        self.new: dict[int, int] = {}
        for run, (_, i1, i2, j1, j2) in enumerate(matcher.get_opcodes()):
            self.old.update((id(b), run) for b in old[i1:i2])
            self.new.update((id(b), run) for b in new[j1:j2])

    def same(self, old: Block, new: Block) -> bool:
        return self.old.get(id(old), -1) == self.new.get(id(new), -2)


def move_between_sections(
    plans: list[tuple], old: Document, new: Document, keys: BlockKeys, lang: str
) -> None:
    """Pair the blocks still removed in one section with those added in another: a paragraph
    moved to another section is shown once, at its new place. One that stayed in place while a
    heading was inserted or removed around it is unchanged, not moved.

    `plans` are (old section, new section, entries); their entries are updated in place."""
    home: dict[int, int] = {}
    slot: dict[int, tuple[int, int]] = {}
    removed, added = [], []
    for index, (o, n, entries) in enumerate(plans):
        if all_paired(o, n, entries):
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
    partner = partners(removed, added, keys.old, keys.new, _body, lang, MOVED)
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
