"""The diff as data: sections matched, then blocks, then characters (CJK) or words.

Cost stays near linear in the length of a policy: whole texts are only compared through
hashes of their sections and blocks, and characters or words are only diffed inside a pair
of blocks that changed. Renderers (the 新旧対照表, the redline) read the result.

Here sections are paired and the result assembled; items are paired in `align`, blocks in
`blockpairs`, texts diffed in `textdiff`, and references renumbered in `numbering`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

from .align import SIMILAR, align, find_moves, pair_lone
from .blockpairs import BlockKeys, all_paired, block_entries, block_text, lone_blocks, move_between_sections
from .model import Block, Document, Section
from .numbering import renumber_references, restore_references
from .textdiff import Op, Span, append_span, diff_normalised, diff_text, normalise, side


class Change(StrEnum):
    UNCHANGED = "unchanged"
    CHANGED = "changed"
    ADDED = "added"
    REMOVED = "removed"


# The diff classes have slots: a long history's pages hold hundreds of thousands of them, and
# without a __dict__ each is smaller and cheaper for the garbage collector to walk.
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
        return side(self.spans, old=True)

    @property
    def new_spans(self) -> tuple[Span, ...]:
        """The new text, with what was added marked: the 改定後 column."""
        return side(self.spans, old=False)


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
        return side(self.heading_spans, old=True)

    @property
    def new_heading_spans(self) -> tuple[Span, ...]:
        return side(self.heading_spans, old=False)

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
        append_span(spans, Op.EQUAL, head[: number.start()])
        written = _HEADING_NUMBER.search(old.heading)
        spans.append(Span(Op.RENUMBER, number.group(0), written.group(0) if written else str(old.number)))
        append_span(spans, Op.EQUAL, head[number.end() :])
    else:
        append_span(spans, Op.EQUAL, head)
    if at >= 0:
        for span in title_spans:
            append_span(spans, span.op, span.text)
    else:
        append_span(spans, Op.EQUAL, "")
    append_span(spans, Op.EQUAL, tail)
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
            version is not None and version.number is not None
            for s in self.sections
            for version in (s.old, s.new)
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


def diff_block(
    old: Block | None, new: Block | None, lang: str, renumbering: dict[int, int] | None = None
) -> BlockDiff:
    if old is None:
        return BlockDiff(Change.ADDED, None, new, (Span(Op.INSERT, block_text(new, lang)),))
    if new is None:
        return BlockDiff(Change.REMOVED, old, None, (Span(Op.DELETE, block_text(old, lang)),))
    old_text, subs = renumber_references(block_text(old, lang), renumbering or {})
    spans = restore_references(diff_normalised(old_text, block_text(new, lang), lang), subs)
    same = all(s.op == Op.EQUAL for s in spans)
    return BlockDiff(Change.UNCHANGED if same else Change.CHANGED, old, new, spans)


def _section_text(section: Section) -> str:
    return "\n".join([section.title, *(b.body for b in section.blocks)])


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
        renumbered_title, subs = renumber_references(normalise(old.title, lang), renumbering)
        title = restore_references(diff_normalised(renumbered_title, normalise(new.title, lang), lang), subs)
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
    entries = block_entries(old, new, lang, BlockKeys(lang, renumbering))
    if old is not None and new is not None:
        entries = pair_lone(entries, lone_blocks(lang))[0]
    return _section_diff(old, new, entries, lang, renumbering)


def _preamble(document: Document) -> Section:
    return Section("preamble", "", "", None, document.preamble, 0)


def _notes(document: Document) -> Section:
    """A text's footnotes, diffed as a part of their own: they are shown at its end."""
    return Section("footnotes", "", "", None, document.footnotes, 0)


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
    triples = find_moves(pairs, key, _section_text, lang, threshold=SIMILAR, kin=_section_kin(lang))
    entries, placed = pair_lone(triples, lambda o, n: _in_place_of(o, n) or not _other_caption(o, n, lang))
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
    block_keys = BlockKeys(lang, renumbering)
    plans = [(_preamble(old), _preamble(new), [])] + [(o, n, []) for o, n, _ in entries]
    plans.append((_notes(old), _notes(new), []))
    plans = [(o, n, block_entries(o, n, lang, block_keys)) for o, n, _ in plans]
    move_between_sections(plans, old, new, block_keys, lang)
    lone = lone_blocks(lang)
    plans = [
        (
            o,
            n,
            blocks
            if o is None or n is None or all_paired(o, n, blocks)
            else pair_lone(blocks, lone, many=True)[0],
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
