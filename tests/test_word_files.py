"""The Word files of changes pages: the same bytes from the same diff, and under `mkdocs serve` a
document made again only when its diff or its heading changed."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from types import SimpleNamespace

import docx

from policy_site import word
from policy_site.diff import diff_documents
from policy_site.messages import translations
from policy_site.parse import parse_body
from wordfiles import word_marks, word_rows

OLD = "## 第1条（目的）\n\n当社は、個人情報を適切に取り扱います。\n\n## 第2条（定義）\n\n本規約の用語は次のとおりとする。\n"
NEW = "## 第1条（目的）\n\n当社は、個人情報を法令に従い適切に取り扱います。\n\n## 第2条（定義）\n\n本規約の用語は次のとおりとする。\n"
_ = translations("ja").gettext


def _diff(old: str = OLD, new: str = NEW):
    documents = [parse_body("x.ja.md", body, 6)[0] for body in (old, new)]
    return diff_documents(*documents, "ja")


def _page(diff, title: str = "利用規約"):
    return SimpleNamespace(
        diff=diff,
        title=title,
        lang="ja",
        diff_layout="table",
        base=SimpleNamespace(effective=dt.date(2024, 4, 1)),
        version=SimpleNamespace(effective=dt.date(2025, 4, 1)),
    )


def _counting(monkeypatch) -> list:
    made = []
    real = word.document_xml

    def document_xml(diff, heading, _, layout="table"):
        made.append(diff)
        return real(diff, heading, _, layout)

    monkeypatch.setattr(word, "document_xml", document_xml)
    return made


def test_a_word_file_has_no_clock_in_it():
    """Every part is dated 1980-01-01 and the same diff gives the same bytes: two builds of the
    same sources write the same Word files."""
    diff = _diff()
    data = word.changes_docx(_page(diff), _)
    assert data == word.changes_docx(_page(_diff()), _)
    with zipfile.ZipFile(io.BytesIO(data)) as docx_zip:
        assert {info.date_time for info in docx_zip.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert "word/document.xml" in docx_zip.namelist() and "word/styles.xml" in docx_zip.namelist()
    table = docx.Document(io.BytesIO(data)).tables[0]
    assert word_rows(table) == [
        ["改定後", "改定前"],
        ["第1条（目的）", "第1条（目的）"],
        ["当社は、個人情報を法令に従い適切に取り扱います。", "当社は、個人情報を適切に取り扱います。"],
        ["第2条（略）"],  # word_rows drops spaces
    ]
    assert word_marks(table)["underlined"] == ["法令に従い"]


def test_a_served_rebuild_remakes_only_what_changed(monkeypatch):
    made = _counting(monkeypatch)
    same, changed = _diff(), _diff()
    last = word.WordFiles(keep=True)
    first = last.changes_docx(_page(same), _)
    last.changes_docx(_page(changed), _)
    assert len(made) == 2
    this = word.WordFiles(last, keep=True)
    assert this.changes_docx(_page(same), _) == first  # the same diff object: not made again
    assert len(made) == 2
    this.changes_docx(_page(_diff(NEW, OLD)), _)  # a diff the last build did not have
    this.changes_docx(_page(same, title="新しい題名"), _)  # the same diff under another title
    assert len(made) == 4
    after = word.WordFiles(this, keep=True)  # what `this` did not ask for is gone
    after.changes_docx(_page(changed), _)
    assert len(made) == 5


def test_a_build_not_served_keeps_nothing(monkeypatch):
    made = _counting(monkeypatch)
    diff = _diff()
    once = word.WordFiles()
    once.changes_docx(_page(diff), _)
    word.WordFiles(once).changes_docx(_page(diff), _)
    assert len(made) == 2
