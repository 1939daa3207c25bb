"""Parsing version files: labels, headings, front matter, and errors with their lines."""

from __future__ import annotations

import datetime as dt

import pytest

from policy_site.model import BlockKind, Kind
from policy_site.parse import parse_body, parse_front_matter, slugify
from policy_site.sources import read_text


@pytest.mark.parametrize(
    "text, kind, label",
    [
        ("1. 当社は、個人情報を取得します。", BlockKind.PARAGRAPH, "1. "),
        ("2. We acquire information.", BlockKind.PARAGRAPH, "2. "),
        ("（1）法令に基づく場合", BlockKind.ITEM, "（1）"),
        ("(2) Based on the law", BlockKind.ITEM, "(2) "),
        ("①第三者に提供すること", BlockKind.SUBITEM, "①"),
        ("④ Stop providing", BlockKind.SUBITEM, "④ "),
        ("ⅱ) Person who performs", BlockKind.SUBSUBITEM, "ⅱ) "),
        ("ア　マーケティング業務", BlockKind.SUBSUBITEM, "ア　"),
        ("・本サービスの提供のため", BlockKind.BULLET, "・"),
        ("※ただし、法令の定めによる場合を除きます。", BlockKind.NOTE, "※"),
        ("3.5 percent of users", BlockKind.PLAIN, ""),
        ("アカウントを作成します。", BlockKind.PLAIN, ""),
        ("当社は、次のとおり定めます。", BlockKind.PLAIN, ""),
    ],
)
def test_labels_give_the_drafting_level(text, kind, label):
    document, _ = parse_body("x.md", f"## 第1条（目的）\n\n{text}\n")
    block = document.sections[0].blocks[0]
    assert (block.kind, block.label) == (kind, label)
    assert block.text == text


@pytest.mark.parametrize(
    "heading, key, number, title",
    [
        ("第1条（法令等の遵守）", "article-1", 1, "法令等の遵守"),
        ("第１５条（お問い合わせ）", "article-15", 15, "お問い合わせ"),
        ("Article 14 (Changes in Privacy Policy))", "article-14", 14, "Changes in Privacy Policy)"),
        ("Article 3. Cookies", "article-3", 3, "Cookies"),
        ("제2조(목적)", "article-2", 2, "목적"),
        ("What we collect", "what-we-collect", None, "What we collect"),
        ("収集する情報", "収集する情報", None, "収集する情報"),
        ("Data we keep {#retention}", "retention", None, "Data we keep"),
    ],
)
def test_section_headings(heading, key, number, title):
    document, problems = parse_body("x.md", f"## {heading}\n\nText.\n")
    section = document.sections[0]
    assert problems == []
    assert (section.key, section.number, section.title) == (key, number, title)


def test_preamble_sections_and_lines():
    body = "前文です。\n\n## 第1条（目的）\n\n1. 一文目\n続きの行\n\n（1）号\n"
    document, problems = parse_body("x.md", body, first_line=6)
    assert problems == []
    assert [b.body for b in document.preamble] == ["前文です。"]
    article = document.sections[0]
    assert article.line == 8
    assert [(b.line, b.text) for b in article.blocks] == [(10, "1. 一文目\n続きの行"), (13, "（1）号")]


def test_a_text_may_open_with_its_own_title_which_is_not_a_section():
    document, problems = parse_body("p.md", "# Title\n\n## Article 1 (A)\n\nText.\n", first_line=5)
    assert problems == []
    assert [(s.key, s.level, s.line) for s in document.sections] == [("article-1", 2, 7)]
    assert "Title" not in document.preamble_html


def test_front_matter_is_read():
    text = "---\neffective: 2019-07-01\nkind: enactment\nsummary: 制定\n---\n\n本文\n"
    meta, body, line, problems = parse_front_matter("p.md", text)
    assert problems == []
    assert (meta.effective, meta.kind, meta.summary) == (dt.date(2019, 7, 1), Kind.ENACTMENT, "制定")
    assert body == "\n本文\n" and line == 6


@pytest.mark.parametrize(
    "front, line, words",
    [
        ("effective: 2019-02-30\nkind: enactment\nsummary: x", 2, "not a valid date"),
        ("effective: 07/01/2019\nkind: enactment\nsummary: x", 2, "YYYY-MM-DD"),
        ("effective: 2019-07-01\nkind: revision\nsummary: x", 3, "'enactment' (制定) or 'amendment'"),
        ("effective: 2019-07-01\nkind: enactment\nsummary: x\nauthor: me", 5, "unknown front matter key"),
        ("effective: 2019-07-01\nkind: enactment\nsummary: [unclosed", 4, "not valid YAML"),
        ("kind: enactment\nsummary: x", 1, "no 'effective:'"),
        ("effective: 2019-07-01\nkind:\nsummary: x", 3, "'kind:' is empty"),
        ("effective: [2019, 7, 1]\nkind: enactment\nsummary: x", 2, "'effective: [2019, 7, 1]'"),
        (
            "effective: 2019-07-01\nkind: enactment\nsummary: x\ntranslation:\n  source: abc\n  updated: 2019-07-01",
            6,
            "SHA-256",
        ),
    ],
)
def test_front_matter_problems_name_the_line(front, line, words):
    _, _, _, problems = parse_front_matter("p.md", f"---\n{front}\n---\nText\n")
    errors = [p for p in problems if p.severity == "error"]
    assert errors, problems
    assert errors[0].line == line
    assert words in errors[0].message
    assert str(errors[0]).startswith(f"p.md:{line}: ")
    in_japanese = errors[0].in_language("ja")  # translated, for an editor, with nothing empty
    assert in_japanese.startswith(f"p.md:{line}: ") and in_japanese != str(errors[0])
    assert "None" not in in_japanese


def test_missing_front_matter():
    _, _, _, problems = parse_front_matter("p.md", "## 第1条（目的）\n")
    assert [(p.line, p.severity) for p in problems] == [(1, "error")]


def test_empty_summary_is_a_warning():
    _, _, _, problems = parse_front_matter(
        "p.md", "---\neffective: 2019-07-01\nkind: enactment\nsummary:\n---\n"
    )
    assert [(p.line, p.severity) for p in problems] == [(4, "warning")]


def test_slugify_keeps_japanese():
    assert slugify("個人情報の 取扱い") == "個人情報の-取扱い"
    assert slugify("Cookies & Tracking!") == "cookies--tracking"  # as GitHub makes it


def test_an_unchanged_file_is_parsed_once_and_an_edited_one_again(tmp_path):
    """Under `mkdocs serve`, every rebuild reads every file; only what changed is parsed anew."""
    path = tmp_path / "2020-01-01.ja.md"
    path.write_text(
        "---\neffective: 2020-01-01\nkind: enactment\nsummary: x\nbad: 1\n---\n\n本文。\n", "utf-8"
    )
    first, problems = read_text(path, "a.md", "ja")
    again, problems_again = read_text(path, "a.md", "ja")
    assert again.document is first.document and problems == problems_again != []
    problems.clear()  # each call has its own list of problems
    assert read_text(path, "a.md", "ja")[1] == problems_again
    path.write_text(path.read_text("utf-8").replace("本文。", "本文を改めた。"), "utf-8")
    edited, _ = read_text(path, "a.md", "ja")
    assert edited.document is not first.document and "改めた" in edited.body
