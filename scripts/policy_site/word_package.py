"""The parts of a Word file that do not depend on its diff, made once: python-docx's template set
up for A4 landscape, with its styles, fonts and theme already compressed. A file is that zip and
its own `word/document.xml`.

Saving a python-docx document per file compressed the template's 800 KB of styles each time and
stamped each part with the clock; here nothing is compressed twice and every part is dated
1980-01-01, so two builds write the same bytes.
"""

from __future__ import annotations

import functools
import zipfile
from dataclasses import dataclass
from io import BytesIO

from docx import Document as new_document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from lxml import etree

DOCUMENT_PART = "word/document.xml"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # the earliest a zip can say: no clock in the file
UNIX = 3  # ZipInfo.create_system: the same bytes whatever system builds


@dataclass(frozen=True)
class Template:
    """What every Word file of one font setting shares."""

    parts: bytes  # a zip of every part but the document, compressed
    document: bytes  # word/document.xml: an empty body and the page set-up
    table: bytes  # an empty two-column table, its style and grid set
    heading_style: str  # the style id of "Heading 1"
    column: int  # a column's width, in twentieths of a point


def _entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = UNIX
    info.external_attr = 0o600 << 16  # as ZipFile.writestr gives a part named by a string
    return info


@functools.cache
def template(east_asian_font: str | None) -> Template:
    """python-docx's default document on A4 landscape, 10.5 pt, with `east_asian_font` for
    Japanese text if given."""
    doc = new_document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(15))
    style = doc.styles["Normal"]
    style.font.size = Pt(10.5)
    if east_asian_font:
        style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), east_asian_font)
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    tbl = table._tbl
    column = int(tbl.tblGrid.gridCol_lst[0].get(qn("w:w")))
    tbl.getparent().remove(tbl)
    saved = BytesIO()
    doc.save(saved)
    parts = BytesIO()
    with zipfile.ZipFile(BytesIO(saved.getvalue())) as source, zipfile.ZipFile(parts, "w") as target:
        for name in source.namelist():
            if name != DOCUMENT_PART:
                target.writestr(_entry(name), source.read(name))
    return Template(
        parts=parts.getvalue(),
        document=etree.tostring(doc.element, encoding="UTF-8"),
        table=etree.tostring(tbl, encoding="UTF-8"),
        heading_style=doc.styles["Heading 1"].style_id,
        column=column,
    )


def package(base: Template, document: bytes) -> bytes:
    """The .docx of `document` (word/document.xml) on `base`."""
    out = BytesIO(base.parts)
    with zipfile.ZipFile(out, "a") as docx:
        docx.writestr(_entry(DOCUMENT_PART), document)
    return out.getvalue()
