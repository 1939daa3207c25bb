"""The JA↔EN terminology check, on small texts and on the real policy's translations."""

from __future__ import annotations

from pathlib import Path

from conftest import ROOT, policy_cli, write_project
from policy_site.glossary import Term, check_terms
from policy_site.sources import read_text

TERMS = sorted(
    [
        Term("個人情報保護法", ("Personal Information Protection Act",)),
        Term("個人情報", ("personal information",)),
    ],
    key=lambda t: -len(t.source),
)


def _text(tmp_path: Path, name: str, lang: str, body: str):
    path = tmp_path / name
    translation = "translation:\n  source: " + "0" * 64 + "\n  updated: 2020-01-01\n" if lang == "en" else ""
    path.write_text(
        f"---\neffective: 2020-01-01\nkind: enactment\nsummary: s\n{translation}---\n{body}", "utf-8"
    )
    text, problems = read_text(path, name, lang)
    assert text is not None, problems
    return text


def test_a_term_translated_otherwise_is_reported_at_the_article(tmp_path):
    ja = _text(
        tmp_path, "a.ja.md", "ja", "## 第1条（定義）\n\n当社は、個人情報保護法に従い個人情報を扱います。\n"
    )
    en = _text(
        tmp_path,
        "a.en.md",
        "en",
        "## Article 1 (Definitions)\n\nWe follow the Privacy Act for personal data.\n",
    )
    findings = check_terms(ja, en, TERMS)
    assert [(p.line, p.message.split(" appears")[0]) for p in findings] == [
        (9, "Article 1 (Definitions): 「個人情報保護法」"),
        (9, "Article 1 (Definitions): 「個人情報」"),
    ]


def test_a_term_inside_a_longer_term_needs_only_the_longer_rendering(tmp_path):
    ja = _text(tmp_path, "b.ja.md", "ja", "## 第1条（定義）\n\n個人情報保護法を遵守します。\n")
    en = _text(
        tmp_path,
        "b.en.md",
        "en",
        "## Article 1 (Definitions)\n\nWe comply with the Personal Information Protection Act.\n",
    )
    assert check_terms(ja, en, TERMS) == []


def test_the_corrected_english_follows_the_glossary_and_the_2019_text_did_not(tmp_path):
    write_project(tmp_path, ROOT / "docs")
    assert policy_cli(tmp_path, "terms").returncode == 0
    from policy_site.glossary import load_glossary

    glossary = load_glossary(ROOT / "docs" / "glossary.yml", "ja", "en")
    ja, _ = read_text(ROOT / "docs/privacy/versions/2019-07-01.ja.md", "ja.md", "ja")
    published, _ = read_text(ROOT / "docs/privacy/earlier/2019-07-01.en.2019-07-01.md", "en.md", "en")
    assert len(check_terms(ja, published, glossary)) >= 5
