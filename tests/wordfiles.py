"""Reading a diff's Word file beside the page it comes from: the rows of each table as the text of
their cells, and the marked runs (underlined, dotted, struck through) in order."""

from __future__ import annotations

import re

from docx.enum.text import WD_UNDERLINE


def web_rows(table) -> list[list[str]]:
    """Each row of the page's 新旧対照表 as the text of its cells; a cell holding a disclosure
    reads as its summary, （略）."""

    def cell(el) -> str:
        summary = el.find("summary")
        text = summary.text() if summary is not None else el.text(skip_class="policy-sr")
        return re.sub(r"\s+", "", text)

    def own(tr) -> bool:  # a row of this table, not of a table quoted in a cell
        parent = tr.parent
        while parent.tag != "table":
            parent = parent.parent
        return parent is table

    return [
        [cell(c) for c in tr.children if not isinstance(c, str) and c.tag in ("td", "th")]
        for tr in table.find_all("tr")
        if own(tr)
    ]


def word_rows(table) -> list[list[str]]:
    rows = []
    for row in table.rows:
        cells = [re.sub(r"[\s〔〕]+", "", c.text) for c in row.cells]  # 〔移動〕 is the page's badge
        merged = row.cells[0]._tc is row.cells[1]._tc
        rows.append(cells[:1] if merged else cells)
    return rows


def web_marks(table, struck: bool = False) -> dict[str, list[str]]:
    """The page's marks in order: <ins> and <del> are underlined (傍線) in a 新旧対照表; with
    `struck`, as in the redline, <del> is struck through instead."""
    found: dict[str, list[str]] = {"underlined": [], "struck": [], "dotted": []}
    for el in table.iter():
        if el.tag == "ins" or (el.tag == "del" and not struck):
            found["underlined"].append(el.text(skip_class="policy-sr"))
        elif el.tag == "del":
            found["struck"].append(el.text(skip_class="policy-sr"))
        elif el.tag == "span" and "policy-renumber" in el.attrs.get("class", "").split():
            found["dotted"].append(el.text(skip_class="policy-sr"))
    return found


def _kind(run) -> str | None:
    if run.font.underline == WD_UNDERLINE.SINGLE:
        return "underlined"
    if run.font.underline == WD_UNDERLINE.DOTTED:
        return "dotted"
    return "struck" if run.font.strike else None


def word_marks(table) -> dict[str, list[str]]:
    """The Word table's marked runs, consecutive runs of one kind joined, as the page's
    elements hold them."""
    found: dict[str, list[str]] = {"underlined": [], "struck": [], "dotted": []}
    for row in table.rows[1:]:
        seen = set()
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            for paragraph in cell.paragraphs:
                last = None
                for run in paragraph.runs:
                    kind = _kind(run)
                    if kind is not None and kind == last:
                        found[kind][-1] += run.text
                    elif kind is not None:
                        found[kind].append(run.text)
                    last = kind
    return found
