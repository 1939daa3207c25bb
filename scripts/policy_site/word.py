"""A diff as a Word document: legal departments circulate the 新旧対照表 as a .docx for internal
approval (稟議), and print it on A4 landscape.

The rows are the web page's rows (`DocumentDiff.runs`, `SectionDiff.block_runs`), so the file
and the page never disagree: a run of unchanged articles is one row (第1条～第6条　（略）), a
changed article is its heading row and one row per changed paragraph, 傍線 are real underlines,
and a number changed only by a renumbering has a dotted underline. The `table` layout is the
新旧対照表 (改定後 left, 改定前 right, changes underlined on both sides); the `sides` layout is the
redline's side-by-side view (before left, after right, insertions underlined and deletions
struck through).
"""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO

from docx import Document as new_document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_UNDERLINE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from .dates import format_date
from .diff import BlockDiff, SectionDiff
from .markup import CELL, plain
from .naming import PARTS, Gettext, part_name, run_name
from .textdiff import Op, Span

# Fonts a Japanese Word installation has; others fall back to the document default.
EAST_ASIAN_FONT = "游明朝"


@dataclass(frozen=True)
class Heading:
    """What the document says above the table."""

    title: str  # しおりノート利用規約 新旧対照表（2023年10月1日改定）
    before: str  # 改定前: 2023年4月1日施行版
    after: str  # 改定後: 2023年10月1日施行版


def _text(text: str) -> str:
    return plain(text.replace(CELL, " | "))


class _Writer:
    def __init__(self, layout: str, _: Gettext, lang: str):
        self.layout, self._, self.lang = layout, _, lang
        self.doc = new_document()
        section = self.doc.sections[0]
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Mm(15))
        style = self.doc.styles["Normal"]
        style.font.size = Pt(10.5)
        if lang == "ja":
            style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), EAST_ASIAN_FONT)

    def write_spans(self, paragraph, spans: tuple[Span, ...]) -> None:
        """One side of a block or heading: changes underlined (新旧対照表) or, in the redline's
        side-by-side view, insertions underlined and deletions struck through."""
        for span in spans:
            if span.op == Op.RENUMBER:  # each side's spans carry that side's number
                run = paragraph.add_run(_text(span.text))
                run.font.underline = WD_UNDERLINE.DOTTED
                continue
            run = paragraph.add_run(_text(span.text))
            if span.op == Op.INSERT or (span.op == Op.DELETE and self.layout == "table"):
                run.font.underline = WD_UNDERLINE.SINGLE
            elif span.op == Op.DELETE:
                run.font.strike = True

    def badges(self, paragraph, item) -> None:
        """What the page's badges say: moved, rewritten whole."""
        for flag, label in (("moved", "Moved"), ("replaced", "Replaced")):
            if getattr(item, flag, False):
                paragraph.add_run(f" 〔{self._(label)}〕")

    def mark(self, cell, text: str, bold: bool = False) -> None:
        run = cell.paragraphs[0].add_run(text)
        run.bold = bold

    def merged(self, table, text: str, bold: bool = False) -> None:
        row = table.add_row()
        cell = row.cells[0].merge(row.cells[1])
        self.mark(cell, text, bold)

    def columns(self, table) -> tuple:
        """(new cell, old cell) of a new row, in the layout's order."""
        row = table.add_row()
        return (row.cells[0], row.cells[1]) if self.layout == "table" else (row.cells[1], row.cells[0])

    def heading_row(self, table, sd: SectionDiff) -> None:
        _ = self._
        if sd.key in PARTS:
            self.merged(table, part_name(sd, _), bold=True)
            return
        new, old = self.columns(table)
        for cell, side, present, missing in (
            (new, sd.new_heading_spans, sd.new, _("(deleted)")),
            (old, sd.old_heading_spans, sd.old, _("(new)")),
        ):
            paragraph = cell.paragraphs[0]
            if present is None:
                self.mark(cell, missing)
            else:
                self.write_spans(paragraph, side)
                if cell is new:
                    self.badges(paragraph, sd)
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER  # as the page's heading rows
            for run in paragraph.runs:
                run.bold = True

    def block_row(self, table, b: BlockDiff) -> None:
        _ = self._
        new, old = self.columns(table)
        if b.new is None:
            self.mark(new, _("(deleted)"))
        else:
            self.write_spans(new.paragraphs[0], b.new_spans)
            self.badges(new.paragraphs[0], b)
        if b.old is None:
            self.mark(old, _("(new)"))
        else:
            self.write_spans(old.paragraphs[0], b.old_spans)


def diff_docx(diff, heading: Heading, _: Gettext, layout: str = "table") -> bytes:
    """The diff as a .docx: `table` for a 新旧対照表, `sides` for a redline side by side."""
    writer = _Writer(layout, _, diff.lang)
    doc = writer.doc
    doc.add_heading(heading.title, level=1)
    facts = doc.add_paragraph()
    facts.add_run(f"{_('Before')}\u3000" if diff.lang == "ja" else f"{_('Before')}: ").bold = True
    facts.add_run(heading.before)
    facts.add_run().add_break()
    facts.add_run(f"{_('After')}\u3000" if diff.lang == "ja" else f"{_('After')}: ").bold = True
    facts.add_run(heading.after)
    if layout == "table":
        doc.add_paragraph(_("Underlined parts are the parts revised."))
    else:
        doc.add_paragraph(_("Added text is underlined; deleted text is struck through."))
    if diff.renumbering:
        doc.add_paragraph(
            _("Dotted underlines mark article numbers that changed only because articles were renumbered.")
        )
    table = doc.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    first, second = (
        (_("After revision"), _("Before revision")) if layout == "table" else (_("Before"), _("After"))
    )
    for cell, text in zip(table.rows[0].cells, (first, second), strict=True):
        writer.mark(cell, text, bold=True)
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _repeat_header(table.rows[0])
    sep = "\u3000" if diff.lang == "ja" else " "
    for kind, run in diff.runs:
        if kind == "same":
            writer.merged(table, f"{run_name(run, _)}{sep}{_('(unchanged)')}")
            continue
        sd = run[0]
        writer.heading_row(table, sd)
        for block_kind, blocks in sd.block_runs:
            if block_kind == "same":
                writer.merged(table, _("(unchanged)"))
            else:
                writer.block_row(table, blocks[0])
    out = BytesIO()
    doc.save(out)
    return out.getvalue()


def _repeat_header(row) -> None:
    """The column headings again on every printed page, as the web page prints."""
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def versions_docx(
    diff, title: str, old_effective, new_effective, lang: str, _: Gettext, layout: str
) -> bytes:
    """The Word file of the diff between two versions: `title`, both versions by their
    effective dates, the diff in `layout` (`table` or `sides`)."""

    def version(day) -> str:
        return _("Version effective %(date)s") % {"date": format_date(day, lang)}

    return diff_docx(diff, Heading(title, version(old_effective), version(new_effective)), _, layout)


def changes_docx(page, _: Gettext) -> bytes:
    """The Word file of a changes page, in the page's layout (新旧対照表, or the redline side by side)."""
    layout = "table" if page.diff_layout == "table" else "sides"
    return versions_docx(
        page.diff, page.title, page.base.effective, page.version.effective, page.lang, _, layout
    )
