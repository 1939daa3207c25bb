"""The diff engine: golden cases readable in review, and the invariants renderers rely on."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
import yaml

from policy_site.diff import Change, Op, diff_documents, diff_text, normalise, tokens
from policy_site.parse import parse_body
from policy_site.redline import as_data, json_view, markdown_view, text_view

GOLDEN = Path(__file__).parent / "golden" / "diff"


def _doc(text: str):
    document, problems = parse_body("case.md", text)
    assert problems == []
    return document


_OP = {"equal": "=", "insert": "+", "delete": "-"}


def _golden_data(diff) -> list[dict]:
    """The diff data of the changed sections, compact enough to review by eye."""
    sections = []
    for section in as_data(diff)["sections"]:
        if section["change"] == "unchanged" and not section["renumbered"]:
            continue
        entry = {"section": (section["new"] or section["old"] or {"heading": "Preamble"})["heading"]}
        entry["change"] = section["change"]
        if section["renumbered"]:
            entry["renumbered"] = f"{section['old']['number']} -> {section['new']['number']}"
        if section["moved"]:
            entry["moved"] = True
        if section["replaced"]:
            entry["replaced"] = True
        entry["blocks"] = [
            {
                "change": block["change"] + (" (moved)" if block["moved"] else ""),
                "spans": [
                    f"# {span['old']}->{span['text']}"
                    if span["op"] == "renumber"
                    else f"{_OP[span['op']]} {span['text']}"
                    for span in block["spans"]
                ],
            }
            for block in section["blocks"]
        ]
        sections.append(entry)
    return sections


@pytest.mark.parametrize("case", sorted(GOLDEN.glob("*.yml")), ids=lambda p: p.stem)
def test_golden(case: Path):
    data = yaml.safe_load(case.read_text(encoding="utf-8"))
    for lang, pair in data["languages"].items():
        diff = diff_documents(_doc(pair["old"]), _doc(pair["new"]), lang)
        got = {"text": text_view(diff), "data": _golden_data(diff), "json": json.loads(json_view(diff))}
        if os.environ.get("UPDATE_GOLDEN"):
            pair["expected"] = got["text"]
            pair["data"] = got["data"]
        else:
            assert got["text"] == pair["expected"], lang
            assert got["data"] == pair["data"], lang
            # The JSON renderer carries the same changes as the text one.
            assert got["json"] == as_data(diff)
    if os.environ.get("UPDATE_GOLDEN"):
        case.write_text(_dump(case, data), encoding="utf-8")


class _Literal(yaml.SafeDumper):
    """Dump multi-line strings as `|` blocks, so golden files stay readable."""


_Literal.add_representer(
    str, lambda d, s: d.represent_scalar("tag:yaml.org,2002:str", s, style="|" if "\n" in s else None)
)


def _dump(case: Path, data: dict) -> str:
    comments = [line for line in case.read_text(encoding="utf-8").splitlines() if line.startswith("#")]
    body = yaml.dump(data, Dumper=_Literal, allow_unicode=True, sort_keys=False)
    return "\n".join(comments + [body])


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
    data = yaml.safe_load(case.read_text(encoding="utf-8"))
    for lang, pair in data["languages"].items():
        diff = diff_documents(_doc(pair["old"]), _doc(pair["new"]), lang)
        markdown = markdown_view(diff)
        for tag, op in (("ins", "insert"), ("del", "delete")):
            marked = [_unescape(t) for t in re.findall(rf"<{tag}>(.*?)</{tag}>", markdown)]
            assert marked == _expected_marks(diff, op), (lang, tag)
