"""The record, `history.yml`: written by PyYAML's safe dumper, so whatever YAML would read as
something other than a string (a language `no`, a version `2027-01-01`, a reason `1.0`) reads
back as it was written; its comment block kept; its line hashes naming the first changed line."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import ROOT
from policy_site.ledger import (
    HEADER,
    Ledger,
    Lock,
    first_changed_line,
    line_hashes,
    load_ledger,
    lock_for,
    save_ledger,
)
from policy_site.model import Update, UpdateKind

# Strings YAML 1.1 reads as booleans, null, numbers or dates when they are written plainly.
SPECIAL = ["no", "yes", "on", "off", "null", "~", "1.0", "1e5", "0o17", "2027-01-01", "12:30", "true"]


def _ledger(path) -> Ledger:
    ledger = Ledger(path)
    body = "## 第1条（目的）\n\n目的。\n" * 20
    for lang in ["no", "ja", "yes", "on", "null"]:
        ledger.record("2027-01-01", lang, lock_for(body + lang))
    ledger.locks["2027-01-01"]["no"] = Lock(
        ledger.locks["2027-01-01"]["no"].sha256, ("1e5", "0001"), "2019-07-01"
    )
    ledger.missing = {"2027-01-01": {"off"}, "2028-04-01": {"no", "true"}}
    ledger.updates = [
        Update(
            dt.date(2027, 2, 1),
            "2027-01-01",
            lang,
            UpdateKind.TRANSLATION,
            reason,
            "0" * 64,
            "1" * 64,
            f"earlier/{lang}.md",
        )
        for lang, reason in zip(SPECIAL, reversed(SPECIAL), strict=True)
    ]
    ledger.updates.append(
        Update(
            dt.date(2027, 3, 1),
            "2027-01-01",
            "ja",
            UpdateKind.CORRECTION,
            "誤記訂正: 「第3条」を「第2条」に。 " * 9,
            "a" * 64,
            "b" * 64,
            "earlier/2027-01-01.ja.2027-02-01.md",
        )
    )
    return ledger


def test_every_yaml_special_string_round_trips(tmp_path):
    written = _ledger(tmp_path / "history.yml")
    save_ledger(written)
    read, problems = load_ledger(written.path, "history.yml")
    assert problems == []
    assert read.locks == written.locks
    assert read.missing == written.missing
    assert sorted(read.updates, key=lambda u: (u.date, u.lang)) == sorted(
        written.updates, key=lambda u: (u.date, u.lang)
    )
    text = written.path.read_text("utf-8")
    assert "    'no':\n" in text and "lang: 'no'\n" in text and "lang: no\n" not in text


def test_a_new_record_starts_with_the_header_and_is_stable(tmp_path):
    ledger = _ledger(tmp_path / "history.yml")
    save_ledger(ledger)
    first = ledger.path.read_text("utf-8")
    assert first.startswith(HEADER + "locked:\n  '2027-01-01':\n")
    save_ledger(load_ledger(ledger.path, "history.yml")[0])
    assert ledger.path.read_text("utf-8") == first


def test_the_leading_comment_block_of_an_existing_record_is_kept(tmp_path):
    path = tmp_path / "history.yml"
    comments = "# The record of this policy.\n#\n# Written by the policy command.\n"
    path.write_text(comments + "locked: {}\nupdates: []\n# a comment further down is not kept\n", "utf-8")
    ledger, _ = load_ledger(path, "history.yml")
    ledger.record("2027-01-01", "ja", lock_for("text\n"))
    save_ledger(ledger)
    text = path.read_text("utf-8")
    assert text.startswith(comments + "locked:\n")
    assert "further down" not in text


def test_line_hashes_are_folded_seven_to_a_line(tmp_path):
    ledger = Ledger(tmp_path / "history.yml")
    ledger.record("2027-01-01", "ja", lock_for("a\n" * 20))
    save_ledger(ledger)
    lines = ledger.path.read_text("utf-8").splitlines()
    start = lines.index("      lines: >-") + 1
    assert [len(line.split()) for line in lines[start:]][:3] == [7, 7, 7]
    assert all(line.startswith("        ") and len(line) <= 98 for line in lines[start:-1])


@pytest.mark.parametrize(
    "edit, line",
    [
        (lambda t: t.replace("二", "弐"), 1),
        (lambda t: t + "四\n", 3),
        (lambda t: t.replace("三\n", ""), 2),
    ],
    ids=["changed", "added", "removed"],
)
def test_the_first_changed_line_is_named(edit, line):
    body = "一\n二\n三\n"
    assert first_changed_line(lock_for(body), edit(body)) == line


def test_line_hashes_are_short_and_per_line():
    assert [len(h) for h in line_hashes("a\nb\n")] == [12, 12, 12]


@pytest.mark.parametrize(
    "content, line",
    [("locked: [\n", 2), ("locked:\n  '2027-01-01':\n    ja: {lines: x}\n", 1)],
    ids=["not YAML", "damaged"],
)
def test_a_broken_record_is_reported(tmp_path, content, line):
    path = tmp_path / "history.yml"
    path.write_text(content, "utf-8")
    _, [problem] = load_ledger(path, "docs/privacy/history.yml")
    assert (problem.path, problem.line, problem.is_error) == ("docs/privacy/history.yml", line, True)
    assert "restore it from version control" in problem.message


def test_the_record_of_this_site_is_written_back_unchanged(tmp_path):
    """Written by the earlier, hand-made writer: the next `policy lock` shows no spurious diff."""
    path = tmp_path / "history.yml"
    path.write_bytes((ROOT / "docs" / "privacy" / "history.yml").read_bytes())
    ledger, problems = load_ledger(path, "history.yml")
    assert problems == []
    save_ledger(ledger)
    assert path.read_bytes() == (ROOT / "docs" / "privacy" / "history.yml").read_bytes()
