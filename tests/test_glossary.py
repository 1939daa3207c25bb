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


def test_a_slip_in_a_draft_is_found_before_it_is_locked(tmp_path):
    """A draft's translation that renders 個人情報保護法 otherwise: `policy terms` names the file
    and line, and `policy check` reports it as a warning, which a strict check refuses."""
    from conftest import start_revision

    day = start_revision(tmp_path)
    (tmp_path / "docs" / "glossary.yml").write_bytes((ROOT / "docs" / "glossary.yml").read_bytes())
    en = tmp_path / "docs" / "privacy" / "versions" / f"{day}.en.md"
    text = en.read_text("utf-8")
    assert "Personal Information Protection Act" in text
    en.write_text(
        text.replace("Personal Information Protection Act", "Act on the Protection of Personal Information"),
        "utf-8",
    )
    found = policy_cli(tmp_path, "terms")
    assert found.returncode == 1
    assert f"docs/privacy/versions/{day}.en.md:" in found.stdout + found.stderr
    assert '"Personal Information Protection Act"' in found.stdout + found.stderr
    check = policy_cli(tmp_path, "check")
    slip = [line for line in check.stderr.splitlines() if "Personal Information Protection Act" in line]
    assert slip and slip[0].startswith(f"warning: docs/privacy/versions/{day}.en.md:")
    assert policy_cli(tmp_path, "check", "--strict").returncode == 1
