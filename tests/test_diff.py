"""The diff engine: golden cases readable in review, and the invariants renderers rely on."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from conftest import FIXTURES, load_yaml, mkdocs_build, policy_cli, write_project
from goldens import dump, golden_data
from htmlscan import page
from policy_site.diff import Change, diff_documents
from policy_site.parse import parse_body
from policy_site.redline import as_data, json_view, markdown_view, text_view
from policy_site.textdiff import Op, diff_text, normalise, tokens

GOLDEN = Path(__file__).parent / "golden" / "diff"


def _doc(text: str):
    document, problems = parse_body("case.md", text)
    assert problems == []
    return document


@pytest.mark.parametrize("case", sorted(GOLDEN.glob("*.yml")), ids=lambda p: p.stem)
def test_golden(case: Path):
    data = load_yaml(case)
    for lang, pair in data["languages"].items():
        diff = diff_documents(_doc(pair["old"]), _doc(pair["new"]), lang)
        got = {"text": text_view(diff), "data": golden_data(as_data(diff))}
        if os.environ.get("UPDATE_GOLDEN"):
            pair["expected"] = got["text"]
            pair["data"] = got["data"]
        else:
            assert got["text"] == pair["expected"], lang
            assert got["data"] == pair["data"], lang
            # The JSON renderer carries the recorded changes, and says whether there are any.
            shown = json.loads(json_view(diff))
            assert golden_data(shown) == pair["data"], lang
            assert shown["changed"] == (pair["data"] != []), lang
    if os.environ.get("UPDATE_GOLDEN"):
        case.write_text(dump(case, data), encoding="utf-8")


@pytest.mark.parametrize(
    "lang, old, new",
    [
        ("ja", "当社は個人情報を取り扱います。", "当社は個人情報等を適正に取り扱います。"),
        ("en", "We may share data with partners.", "We share no data, ever."),
        ("ja", "", "新しい文"),
        ("en", "Old words only.", ""),
        ("ja", "同じ文です。", "同じ文です。"),
    ],
)
def test_spans_rebuild_both_texts(lang, old, new):
    spans = diff_text(old, new, lang)
    assert "".join(s.text for s in spans if s.op != Op.INSERT) == normalise(old, lang)
    assert "".join(s.text for s in spans if s.op != Op.DELETE) == normalise(new, lang)


def test_identical_documents_have_no_changes():
    doc = _doc("前文です。\n\n## 第1条（目的）\n\n本文です。\n")
    diff = diff_documents(doc, doc, "ja")
    assert not diff.changed
    assert all(s.change == Change.UNCHANGED for s in diff.all_sections)


def test_japanese_by_character_english_by_word():
    assert tokens("個人情報", "ja") == ["個", "人", "情", "報"]
    assert tokens("personal data, kept", "en") == ["personal", " ", "data", ",", " ", "kept"]


def test_line_wrapping_is_not_a_change():
    assert normalise("個人情報を\n  適切に", "ja") == "個人情報を適切に"
    assert normalise("personal\n   data  here", "en") == "personal data here"


def test_each_article_is_paired_at_most_once():
    old = _doc("## 第1条（甲）\n\n同じ本文。\n\n## 第2条（乙）\n\n同じ本文。\n")
    new = _doc("## 第1条（甲）\n\n同じ本文。\n")
    diff = diff_documents(old, new, "ja")
    olds = [s.old.key for s in diff.sections if s.old]
    news = [s.new.key for s in diff.sections if s.new]
    assert len(olds) == len(set(olds)) == 2
    assert len(news) == len(set(news)) == 1
    assert diff.count(Change.REMOVED) == 1


def _expected_marks(diff, op: str) -> list[str]:
    """What a renderer must mark, in reading order: edited headings, then edited text."""
    marks = []
    for section in diff.all_sections:
        old, new = section.old, section.new
        if old and new and old.heading != new.heading and not section.renumbered:
            marks.append(new.heading if op == "insert" else old.heading)
        for block in section.blocks:
            if block.change == "changed":
                marks += [span.text for span in block.spans if span.op == op]
    return marks


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


@pytest.mark.parametrize("case", sorted(GOLDEN.glob("*.yml")), ids=lambda p: p.stem)
def test_markdown_view_marks_the_same_changes(case: Path):
    data = load_yaml(case)
    for lang, pair in data["languages"].items():
        diff = diff_documents(_doc(pair["old"]), _doc(pair["new"]), lang)
        markdown = markdown_view(diff)
        for tag, op in (("ins", "insert"), ("del", "delete")):
            marked = [_unescape(t) for t in re.findall(rf"<{tag}>(.*?)</{tag}>", markdown)]
            assert marked == _expected_marks(diff, op), (lang, tag)


def _sections(diff) -> list[tuple[str, str, bool, bool]]:
    return [(s.key, s.change.value, s.moved, s.replaced) for s in diff.sections]


def test_summary_counts_each_section_once_and_names_articles_or_sections():
    old = _doc(
        "## Scope\n\nThis policy covers the app.\n\n## Ads\n\nWe show ads.\n\n## Contact\n\nWrite to us.\n"
    )
    new = _doc(
        "## Contact\n\nWrite to us by email.\n\n## Scope\n\nThis policy covers the app and the site.\n\n"
        "## Ads\n\nNo advertising of any kind is shown since the last redesign of the service.\n\n"
        "## Children\n\nThe service is not for children.\n"
    )
    diff = diff_documents(old, new, "en")
    assert _sections(diff) == [
        ("contact", "changed", True, False),
        ("scope", "changed", False, False),
        ("ads", "changed", False, True),
        ("children", "added", False, False),
    ]
    assert diff.summary == {"changed": 1, "added": 1, "removed": 0, "moved": 1, "replaced": 1}
    assert not diff.has_articles
    assert as_data(diff)["summary"] == {"noun": "sections", **diff.summary}
    assert "Sections changed: 1; added: 1; removed: 0; moved: 1; replaced: 1." in markdown_view(diff)
    numbered = _doc("## 第1条（目的）\n\n本文です。\n")
    edited = diff_documents(numbered, _doc("## 第1条（目的）\n\n本文を改めます。\n"), "ja")
    assert edited.has_articles and edited.summary["changed"] == 1
    assert "Articles changed: 1; added: 0; removed: 0." in markdown_view(edited)


def test_a_paragraph_moved_to_another_section_keeps_its_place_in_neither_section_twice():
    old = _doc("## A\n\nFirst.\n\nThe paragraph that moves.\n\n## B\n\nSecond.\n")
    new = _doc("## A\n\nFirst.\n\n## B\n\nSecond.\n\nThe paragraph that moves.\n")
    diff = diff_documents(old, new, "en")
    assert _sections(diff) == [("a", "unchanged", False, False), ("b", "changed", False, False)]
    moved = [b for s in diff.sections for b in s.blocks if b.moved]
    assert [(b.old.text, b.new.text) for b in moved] == [("The paragraph that moves.",) * 2]
    assert not any(b.change in ("added", "removed") for s in diff.sections for b in s.blocks)


def test_a_heading_moved_down_a_paragraph_moves_that_paragraph_into_the_section_above():
    # Both sections exist before and after: the paragraph that changed sections moved.
    old = _doc("## A\n\nOne.\n\n## B\n\nTwo.\n\nThree.\n")
    new = _doc("## A\n\nOne.\n\nTwo.\n\n## B\n\nThree.\n")
    diff = diff_documents(old, new, "en")
    assert diff.changed
    assert [(s.key, [(b.new.text, b.moved) for b in s.blocks]) for s in diff.sections] == [
        ("a", [("One.", False), ("Two.", True)]),
        ("b", [("Three.", False)]),
    ]


def test_lone_blocks_of_different_kinds_or_long_and_unlike_stay_an_addition_and_a_removal():
    old = _doc("## A\n\nKeep.\n\n1. A numbered paragraph.\n\nEnd.\n")
    new = _doc("## A\n\nKeep.\n\n・A bullet.\n\nEnd.\n")
    assert [b.change.value for b in diff_documents(old, new, "en").sections[0].blocks] == [
        "unchanged",
        "removed",
        "added",
        "unchanged",
    ]
    long_old = (
        "We may share aggregated statistics about the use of the service with our partners and advertisers."
    )
    long_new = (
        "Every request to delete an account is handled within thirty days by the support team in Berlin."
    )
    old = _doc(f"## A\n\nKeep.\n\n{long_old}\n\nEnd.\n")
    new = _doc(f"## A\n\nKeep.\n\n{long_new}\n\nEnd.\n")
    changes = [b.change.value for b in diff_documents(old, new, "en").sections[0].blocks]
    assert changes == ["unchanged", "removed", "added", "unchanged"]


def test_the_changes_page_summary_speaks_of_sections_when_the_policy_has_no_articles(tmp_path):
    """A policy with plain headings: its changes page counts sections, in each language."""
    project = tmp_path / "project"
    write_project(project, FIXTURES / "small" / "docs")
    versions = project / "docs" / "privacy" / "versions"
    for path in versions.iterdir():
        path.unlink()
    (project / "docs" / "privacy" / "history.yml").write_text("locked: {}\nupdates: []\n", "utf-8")
    sections = {
        "ja": [
            "テスト株式会社は、個人情報を次のとおり取り扱います。",
            "## 法令の遵守 {#compliance}\n\n当社は、個人情報保護法その他の法令を遵守します。",
            "## お問い合わせ {#contact}\n\n本ポリシーに関するお問い合わせは窓口までご連絡ください。",
        ],
        "en": [
            "Test Co., Ltd. handles personal information as follows.",
            "## Compliance with laws {#compliance}\n\nThe Company complies with the Personal Information Protection Act.",
            "## Contact {#contact}\n\nPlease contact our desk with any questions about this policy.",
        ],
    }
    # The second version moves the compliance section to the end and edits it.
    edits = {"ja": ("遵守します", "関係法令を遵守します"), "en": ("Act.", "Act and other laws.")}
    for day, kind in (("2020-04-01", "enactment"), ("2021-04-01", "amendment")):
        for lang, (preamble, compliance, contact) in sections.items():
            parts = [preamble, compliance, contact]
            if kind == "amendment":
                parts = [preamble, contact, compliance.replace(*edits[lang])]
            front = f"---\neffective: {day}\nkind: {kind}\nsummary: s\n---\n\n"
            (versions / f"{day}.{lang}.md").write_text(front + "\n\n".join(parts) + "\n", "utf-8")
        stamped = policy_cli(project, "update-translation", "privacy", day, "--lang", "en")
        assert stamped.returncode == 0, stamped.stderr
    recorded = policy_cli(project, "import", "privacy")
    assert recorded.returncode == 0, recorded.stderr
    build = mkdocs_build(project)
    assert build.returncode == 0, build.output
    for prefix, line in (
        (
            "",
            "変更したセクション：0　追加したセクション：0　削除したセクション：0　移動したセクション：1　全面改訂したセクション：0",
        ),
        ("en/", "Sections changed: 0; added: 0; removed: 0; moved: 1; replaced: 0."),
    ):
        root = page(build.site, f"{prefix}privacy/versions/2021-04-01/changes/")
        assert root.find("p", cls="policy-diff-summary").text().strip() == line


def test_a_long_policy_changed_in_every_section_still_pairs_sections_by_title():
    """Every section's hash differs, so the whole text is one stretch too long to weigh pair by
    pair: sections are aligned by title, not by position, and the diff stays fast."""
    titles = [f"Topic {i}" for i in range(120)]
    body = {
        t: [f"{t}, point {j}: Example Corp keeps records of item {i * 10 + j}." for j in range(6)]
        for i, t in enumerate(titles)
    }

    def text(sections, rename=False, split=False):
        parts = []
        for t in sections:
            paragraphs = [
                p.replace("Example Corp", "Example Inc.") if rename else p
                for p in body.get(t, ["A new rule."])
            ]
            parts.append(f"## {t}\n\n" + "\n\n".join(paragraphs[:2]))
            if split and t in body:
                parts.append(f"## {t}: details")
            parts.append("\n\n".join(paragraphs[2:]))
        return "\n\n".join(parts) + "\n"

    old = _doc(text(titles))
    renamed = diff_documents(old, _doc(text([*titles[:60], "New section", *titles[60:]], rename=True)), "en")
    assert renamed.summary == {"changed": 120, "added": 1, "removed": 0, "moved": 0, "replaced": 0}
    assert all(b.change in ("changed", "added") and not b.moved for s in renamed.sections for b in s.blocks)
    split = diff_documents(old, _doc(text(titles, split=True)), "en")
    assert split.summary == {"changed": 0, "added": 120, "removed": 0, "moved": 0, "replaced": 0}
    assert all(b.change == "unchanged" for s in split.sections for b in s.blocks)


def test_many_paragraphs_moved_to_other_sections_and_edited_are_all_found():
    """Too many leftovers to weigh every pair (60 × 60): each is weighed against the few that
    share its rarer words, and every move is still found."""
    sections = [
        [f"Clause {i}.{j} on subject {i * 7 + j} covers item {i * 13 + j} for area {j}." for j in range(4)]
        for i in range(60)
    ]
    old = _doc("\n\n".join(f"## Part {i}\n\n" + "\n\n".join(ps) for i, ps in enumerate(sections)))
    # The first paragraph of each part moves to the end of the part before it, one word edited.
    moved = [
        ps[1:] + [sections[(i + 1) % 60][0].replace("covers", "governs")] for i, ps in enumerate(sections)
    ]
    new = _doc("\n\n".join(f"## Part {i}\n\n" + "\n\n".join(ps) for i, ps in enumerate(moved)))
    diff = diff_documents(old, new, "en")
    blocks = [b for s in diff.sections for b in s.blocks]
    assert sum(b.moved for b in blocks) == 60
    assert all(b.change in ("unchanged", "changed") for b in blocks)
    assert {span.text for b in blocks if b.moved for span in b.spans if span.op != Op.EQUAL} == {
        "covers",
        "governs",
    }
