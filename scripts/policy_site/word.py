"""A diff as a Word document: legal departments circulate the 新旧対照表 as a .docx for internal
approval (稟議), and print it on A4 landscape.

The rows are the web page's rows (`DocumentDiff.runs`, `SectionDiff.block_runs`), so the file
and the page never disagree: a run of unchanged articles is one row (第1条～第6条　（略）), a
changed article is its heading row and one row per changed paragraph, 傍線 are real underlines,
and a number changed only by a renumbering has a dotted underline. The `table` layout is the
新旧対照表 (改定後 left, 改定前 right, changes underlined on both sides); the `sides` layout is the
redline's side-by-side view (before left, after right, insertions underlined and deletions
struck through).

The document is written as WordprocessingML with lxml, on a template made once
(`word_package`): python-docx's objects recompute a table's grid on every row and cell, which
made a long history's Word files most of the end of the build.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree
from lxml.etree import SubElement

from .dates import format_date
from .diff import BlockDiff, SectionDiff
from .markup import CELL, plain
from .naming import PARTS, Gettext, part_name, run_name
from .textdiff import Op, Span
from .word_package import Template, package, template

# Fonts a Japanese Word installation has; others fall back to the document default.
EAST_ASIAN_FONT = "游明朝"

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
P, R, T, BR, TAB = _W + "p", _W + "r", _W + "t", _W + "br", _W + "tab"
PPR, RPR, BOLD, STRIKE, UNDERLINE = _W + "pPr", _W + "rPr", _W + "b", _W + "strike", _W + "u"
TR, TC, TCPR = _W + "tr", _W + "tc", _W + "tcPr"
VAL = _W + "val"
SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_BREAKS = re.compile(r"([\t\r\n])")


@dataclass(frozen=True)
class Heading:
    """What the document says above the table."""

    title: str  # しおりノート利用規約 新旧対照表（2023年10月1日改定）
    before: str  # 改定前: 2023年4月1日施行版
    after: str  # 改定後: 2023年10月1日施行版


def _text(text: str) -> str:
    return plain(text.replace(CELL, " | "))


def add_run(paragraph, text: str, bold: bool | None = None, underline: str = "", strike: bool = False):
    """A run as python-docx writes it: properties in the schema's order, an explicit
    `<w:b w:val="0"/>` for not bold, tabs and line breaks as elements, edge spaces kept."""
    run = SubElement(paragraph, R)
    if bold is not None or strike or underline:
        properties = SubElement(run, RPR)
        if bold is not None:
            b = SubElement(properties, BOLD)
            if not bold:
                b.set(VAL, "0")
        if strike:
            SubElement(properties, STRIKE)
        if underline:
            SubElement(properties, UNDERLINE, {VAL: underline})
    for piece in _BREAKS.split(text):
        if piece == "\t":
            SubElement(run, TAB)
        elif piece in ("\r", "\n"):
            SubElement(run, BR)
        elif piece:
            t = SubElement(run, T)
            t.text = piece
            if len(piece.strip()) < len(piece):
                t.set(SPACE, "preserve")
    return run


def add_paragraph(parent, style: str = "", centered: bool = False):
    paragraph = SubElement(parent, P)
    if style or centered:
        properties = SubElement(paragraph, PPR)
        if style:
            SubElement(properties, _W + "pStyle", {VAL: style})
        if centered:
            SubElement(properties, _W + "jc", {VAL: "center"})
    return paragraph


class _Writer:
    def __init__(self, layout: str, _: Gettext, base: Template, table):
        self.layout, self._, self.table = layout, _, table
        self.width = str(base.column)
        self.merged_width = str(2 * base.column)

    def cell(self, row, merged: bool = False, centered: bool = False):
        """A new cell of `row`, and its one paragraph."""
        cell = SubElement(row, TC)
        properties = SubElement(cell, TCPR)
        SubElement(
            properties,
            _W + "tcW",
            {_W + "type": "dxa", _W + "w": self.merged_width if merged else self.width},
        )
        if merged:
            SubElement(properties, _W + "gridSpan", {VAL: "2"})
        return add_paragraph(cell, centered=centered)

    def write_spans(self, paragraph, spans: tuple[Span, ...], bold: bool | None = None) -> None:
        """One side of a block or heading: changes underlined (新旧対照表) or, in the redline's
        side-by-side view, insertions underlined and deletions struck through."""
        for span in spans:
            if span.op == Op.RENUMBER:  # each side's spans carry that side's number
                add_run(paragraph, _text(span.text), bold, underline="dotted")
            elif span.op == Op.INSERT or (span.op == Op.DELETE and self.layout == "table"):
                add_run(paragraph, _text(span.text), bold, underline="single")
            elif span.op == Op.DELETE:
                add_run(paragraph, _text(span.text), bold, strike=True)
            else:
                add_run(paragraph, _text(span.text), bold)

    def badges(self, paragraph, item, bold: bool | None = None) -> None:
        """What the page's badges say: moved, rewritten whole."""
        for flag, label in (("moved", "Moved"), ("replaced", "Replaced")):
            if getattr(item, flag, False):
                add_run(paragraph, f" 〔{self._(label)}〕", bold)

    def merged(self, text: str, bold: bool = False) -> None:
        add_run(self.cell(SubElement(self.table, TR), merged=True), text, bold)

    def columns(self, centered: bool = False) -> tuple:
        """(new cell's paragraph, old cell's paragraph) of a new row, in the layout's order."""
        row = SubElement(self.table, TR)
        first, second = self.cell(row, centered=centered), self.cell(row, centered=centered)
        return (first, second) if self.layout == "table" else (second, first)

    def header_row(self, first: str, second: str) -> None:
        """The column headings, again on every printed page, as the web page prints."""
        row = SubElement(self.table, TR)
        SubElement(SubElement(row, _W + "trPr"), _W + "tblHeader", {VAL: "true"})
        for text in (first, second):
            add_run(self.cell(row, centered=True), text, bold=True)

    def heading_row(self, sd: SectionDiff) -> None:
        _ = self._
        if sd.key in PARTS:
            self.merged(part_name(sd, _), bold=True)
            return
        new, old = self.columns(centered=True)  # as the page's heading rows
        for paragraph, side, present, missing in (
            (new, sd.new_heading_spans, sd.new, _("(deleted)")),
            (old, sd.old_heading_spans, sd.old, _("(new)")),
        ):
            if present is None:
                add_run(paragraph, missing, bold=True)
            else:
                self.write_spans(paragraph, side, bold=True)
                if paragraph is new:
                    self.badges(paragraph, sd, bold=True)

    def block_row(self, b: BlockDiff) -> None:
        _ = self._
        new, old = self.columns()
        if b.new is None:
            add_run(new, _("(deleted)"), bold=False)
        else:
            self.write_spans(new, b.new_spans)
            self.badges(new, b)
        if b.old is None:
            add_run(old, _("(new)"), bold=False)
        else:
            self.write_spans(old, b.old_spans)


def _template(lang: str) -> Template:
    return template(EAST_ASIAN_FONT if lang == "ja" else None)


def document_xml(diff, heading: Heading, _: Gettext, layout: str = "table") -> bytes:
    """The diff as word/document.xml: `table` for a 新旧対照表, `sides` for a redline side by side."""
    base = _template(diff.lang)
    document = etree.fromstring(base.document)
    body = document[0]
    section = body[-1]  # the page set-up closes the body
    body.remove(section)
    add_run(add_paragraph(body, style=base.heading_style), heading.title)
    facts = add_paragraph(body)
    add_run(facts, f"{_('Before')}\u3000" if diff.lang == "ja" else f"{_('Before')}: ", bold=True)
    add_run(facts, heading.before)
    SubElement(SubElement(facts, R), BR)
    add_run(facts, f"{_('After')}\u3000" if diff.lang == "ja" else f"{_('After')}: ", bold=True)
    add_run(facts, heading.after)
    if layout == "table":
        add_run(add_paragraph(body), _("Underlined parts are the parts revised."))
    else:
        add_run(add_paragraph(body), _("Added text is underlined; deleted text is struck through."))
    if diff.renumbering:
        add_run(
            add_paragraph(body),
            _("Dotted underlines mark article numbers that changed only because articles were renumbered."),
        )
    table = etree.fromstring(base.table)
    body.append(table)
    writer = _Writer(layout, _, base, table)
    if layout == "table":
        writer.header_row(_("After revision"), _("Before revision"))
    else:
        writer.header_row(_("Before"), _("After"))
    sep = "\u3000" if diff.lang == "ja" else " "
    for kind, run in diff.runs:
        if kind == "same":
            writer.merged(f"{run_name(run, _)}{sep}{_('(unchanged)')}")
            continue
        sd = run[0]
        writer.heading_row(sd)
        for block_kind, blocks in sd.block_runs:
            if block_kind == "same":
                writer.merged(_("(unchanged)"))
            else:
                writer.block_row(blocks[0])
    body.append(section)
    return etree.tostring(document, encoding="UTF-8", standalone=True)


def diff_docx(diff, heading: Heading, _: Gettext, layout: str = "table") -> bytes:
    """The diff as a .docx: `table` for a 新旧対照表, `sides` for a redline side by side."""
    return package(_template(diff.lang), document_xml(diff, heading, _, layout))


def versions_heading(title: str, old_effective, new_effective, lang: str, _: Gettext) -> Heading:
    """`title` above both versions named by their effective dates."""

    def version(day) -> str:
        return _("Version effective %(date)s") % {"date": format_date(day, lang)}

    return Heading(title, version(old_effective), version(new_effective))


def versions_docx(
    diff, title: str, old_effective, new_effective, lang: str, _: Gettext, layout: str
) -> bytes:
    """The Word file of the diff between two versions: `title`, both versions by their
    effective dates, the diff in `layout` (`table` or `sides`)."""
    return diff_docx(diff, versions_heading(title, old_effective, new_effective, lang, _), _, layout)


def changes_layout(page) -> str:
    """The Word file's layout for a changes page: 新旧対照表, or the redline side by side."""
    return "table" if page.diff_layout == "table" else "sides"


def changes_docx(page, _: Gettext) -> bytes:
    """The Word file of a changes page, in the page's layout (新旧対照表, or the redline side by side)."""
    return versions_docx(
        page.diff, page.title, page.base.effective, page.version.effective, page.lang, _, changes_layout(page)
    )


class WordFiles:
    """The changes pages' Word files of one build.

    Under `mkdocs serve` (`keep`), each file's document is kept for the next build, which
    remakes only the documents whose diff or heading changed: the DiffCache hands a rebuild the
    very diff objects of texts that did not change, so a diff's identity tells. A build that is
    not served keeps nothing, each file being written once."""

    def __init__(self, last: WordFiles | None = None, keep: bool = False) -> None:
        self.keep = keep
        self._documents: dict[tuple, tuple[object, bytes]] = {}
        self._last = last._documents if last is not None else {}

    def changes_docx(self, page, _: Gettext) -> bytes:
        """`changes_docx(page, _)`, its document made again only if its inputs changed."""
        layout = changes_layout(page)
        heading = versions_heading(page.title, page.base.effective, page.version.effective, page.lang, _)
        key = (id(page.diff), heading, layout, page.lang)  # the entry holds the diff: the id stays its own
        made = self._documents.get(key) or self._last.pop(key, None)
        if made is None or made[0] is not page.diff:
            made = (page.diff, document_xml(page.diff, heading, _, layout))
        if self.keep:
            self._documents[key] = made
        return package(_template(page.diff.lang), made[1])
