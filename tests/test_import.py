"""Bringing an existing history: `policy import` records every version as published, and each
translation as it was published (made from another version's source text, or missing).

Most cases run against the core (ledger, protect, commands) on small histories written to a
temporary folder; one end-to-end run uses the `policy` command and a strict build.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shlex
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, policy_cli, policy_process, write_project
from htmlscan import page, resolve
from policy_site.ledger import Ledger, Lock, ledger_path, load_ledger, lock_for, save_ledger
from policy_site.model import PolicySettings, text_sha256
from policy_site.parse import split_front_matter
from policy_site.project import CommandError, Project
from policy_site.protect import TranslationState, check_record, translation_status
from policy_site.recording import import_history, lock
from policy_site.sources import load_policy

SETTINGS = PolicySettings(
    "privacy", {"ja": "プライバシーポリシー", "en": "Privacy Policy"}, "ja", ("ja", "en")
)
TODAY = dt.date(2026, 6, 1)
SMALL = FIXTURES / "small" / "docs" / "privacy" / "versions"
JA = split_front_matter(SMALL.joinpath("2020-04-01.ja.md").read_text("utf-8"))[1]
EN = split_front_matter(SMALL.joinpath("2020-04-01.en.md").read_text("utf-8"))[1]
# Three Japanese texts, each version renaming the contact desk.
JA_TEXTS = [JA, JA.replace("当社窓口", "当社お客様窓口"), JA.replace("当社窓口", "当社サポート窓口")]
DAYS = ["2021-04-01", "2022-05-12", "2023-10-01"]


def _write(docs: Path, day: str, lang: str, body: str, source: str | None = None) -> Path:
    kind = "enactment" if day == DAYS[0] else "amendment"
    front = f"---\neffective: {day}\nkind: {kind}\nsummary: {'制定' if lang == 'ja' else 'Summary.'}\n"
    if source is not None:
        front += f"translation:\n  source: {source}\n  updated: {day}\n"
    path = docs / "privacy" / "versions" / f"{day}.{lang}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(front + "---\n" + body, "utf-8")
    return path


def _history(docs: Path, english: list[object], days: list[str] = DAYS) -> None:
    """Versions on `days` with `JA_TEXTS`; `english[i]` is the index of the version whose Japanese
    the English of version i translates, None for no English, or a hash."""
    for index, day in enumerate(days):
        _write(docs, day, "ja", JA_TEXTS[index])
        source = english[index]
        if source is not None:
            sha = source if isinstance(source, str) else text_sha256(JA_TEXTS[source])
            _write(docs, day, "en", EN, sha)


def _project(tmp_path: Path) -> Project:
    return Project(tmp_path, tmp_path / "docs", (SETTINGS,))


def _load(tmp_path: Path):
    policy, problems = load_policy(tmp_path / "docs", SETTINGS, tmp_path)
    assert problems == []
    ledger, ledger_problems = load_ledger(ledger_path(tmp_path / "docs", "privacy"), "privacy/history.yml")
    assert ledger_problems == []
    return policy, ledger


# --- the record ---------------------------------------------------------------------------


def test_the_record_keeps_what_each_translation_translates_and_what_is_missing(tmp_path):
    path = tmp_path / "history.yml"
    ledger = Ledger(path)
    ledger.record("2021-04-01", "ja", lock_for("一\n二\n"))
    ledger.record("2022-05-12", "en", Lock("a" * 64, ("x", "y"), translates="2021-04-01"))
    ledger.missing["2023-10-01"] = {"en"}
    save_ledger(ledger)
    written = path.read_text("utf-8")
    assert "      translates: '2021-04-01'\n" in written
    assert "  '2023-10-01':\n    en:\n      missing: true\n" in written
    loaded, problems = load_ledger(path, "history.yml")
    assert problems == []
    assert loaded.locks == ledger.locks and loaded.missing == {"2023-10-01": {"en"}}
    assert loaded.recorded_missing("2023-10-01", "en") and not loaded.recorded_missing("2022-05-12", "en")
    # A text recorded later is no longer missing.
    loaded.record("2023-10-01", "en", lock_for("text\n"))
    assert loaded.missing == {} and loaded.lock_of("2023-10-01", "en") is not None


# --- what a translation translates ----------------------------------------------------------


@pytest.mark.parametrize(
    "english, version, expected",
    [
        ([0, 1, 2], 1, (TranslationState.CURRENT, "2022-05-12")),
        ([0, 0, 2], 1, (TranslationState.OUTDATED, "2021-04-01")),  # made from the version before
        ([0, 2, 2], 1, (TranslationState.OUTDATED, "2023-10-01")),  # from a later draft
        ([0, "0" * 64, 2], 1, (TranslationState.OUTDATED, None)),  # from no known text
        ([0, 1, None], 2, (TranslationState.MISSING, None)),
    ],
    ids=["current", "earlier-version", "later-version", "unknown", "missing"],
)
def test_translation_status_names_the_version_whose_source_it_translates(
    tmp_path, english, version, expected
):
    _history(tmp_path / "docs", english)
    policy, _ = _load(tmp_path)
    status = translation_status(policy, policy.versions[version], "en")
    assert (status.state, status.translates) == expected


# --- the record check: recorded history passes, unrecorded drift does not -----------------------


IMPORT = "record the existing history with: policy import privacy"


@pytest.mark.parametrize(
    "english, record, today, expected",
    [
        # Imported: a translation of another version, and a missing one, as published.
        ([0, 0, None], "import", TODAY, []),
        # Recorded as translating version 1, but its source hash now names version 3.
        (
            [0, 2, None],
            {"2022-05-12": "2021-04-01"},
            TODAY,
            [("2022-05-12.en.md:6", "translates the text of version 2023-10-01", True)],
        ),
        # Recorded as translating version 1, but its hash now matches nothing.
        (
            [0, "0" * 64, None],
            {"2022-05-12": "2021-04-01"},
            TODAY,
            [("2022-05-12.en.md:6", "matches no ja text of this policy", False)],
        ),
        # Every text recorded, but nobody recorded the outdated or the missing translation.
        (
            [0, 0, None],
            "lock",
            TODAY,
            [
                ("2022-05-12.en.md:6", "translates the text of version 2021-04-01", True),
                ("2023-10-01.ja.md:1", "has no 'en' translation", True),
            ],
        ),
        # The same before those versions take effect: drafts to finish, not history to import.
        (
            [0, 0, None],
            "lock",
            dt.date(2021, 5, 1),
            [
                ("2022-05-12.en.md:6", "translates the text of version 2021-04-01", False),
                ("2023-10-01.ja.md:1", "has no 'en' translation", False),
            ],
        ),
    ],
    ids=["imported", "recorded-other-version", "recorded-then-unknown", "unrecorded", "upcoming"],
)
def test_only_unrecorded_translation_drift_is_reported(tmp_path, english, record, today, expected):
    docs = tmp_path / "docs"
    _history(docs, english)
    policy, ledger = _load(tmp_path)
    if record == "import":
        import_history(_project(tmp_path), "privacy", TODAY)
    else:  # every text locked as `policy lock` does, and the translations named as recorded
        for version in policy.versions:
            for lang, text in version.texts.items():
                ledger.record(version.id, lang, lock_for(text.body))
        if isinstance(record, dict):  # as an import recorded them, missing ones included
            ledger.missing = {v.id: {"en"} for v in policy.versions if "en" not in v.texts}
            for version_id, translates in record.items():
                ledger.locks[version_id]["en"] = Lock(ledger.locks[version_id]["en"].sha256, (), translates)
        save_ledger(ledger)
    policy, ledger = _load(tmp_path)
    problems = check_record(policy, ledger, today)
    found = [(f"{Path(p.path).name}:{p.line}", p.severity, IMPORT in p.message, p.message) for p in problems]
    assert [(where, hint) for where, _, hint, _ in found] == [(where, hint) for where, _, hint in expected]
    for (_, severity, _, message), (_, fragment, _) in zip(found, expected, strict=True):
        assert severity == "warning" and fragment in message


# --- import -------------------------------------------------------------------------------


def test_import_records_every_text_and_each_translation_as_published(tmp_path):
    _history(tmp_path / "docs", [0, 0, None])
    done = import_history(_project(tmp_path), "privacy", TODAY)
    assert "recorded docs/privacy/versions/2021-04-01.ja.md" in done
    assert (
        "recorded docs/privacy/versions/2022-05-12.en.md: translates the ja text of version 2021-04-01, "
        "as published" in done
    )
    assert "recorded 2023-10-01: published with no 'en' translation" in done
    _, ledger = _load(tmp_path)
    assert ledger.lock_of("2022-05-12", "en").translates == "2021-04-01"
    assert ledger.lock_of("2021-04-01", "en").translates is None
    assert ledger.recorded_missing("2023-10-01", "en")
    # Run again, nothing is left to record and the file is not rewritten.
    record = ledger_path(tmp_path / "docs", "privacy").read_bytes()
    assert import_history(_project(tmp_path), "privacy", TODAY) == []
    assert ledger_path(tmp_path / "docs", "privacy").read_bytes() == record


def test_import_leaves_an_upcoming_versions_translation_to_be_finished(tmp_path):
    days = [DAYS[0], DAYS[1], "2026-07-01"]
    _history(tmp_path / "docs", [0, 1, None], days)
    import_history(_project(tmp_path), "privacy", TODAY)
    policy, ledger = _load(tmp_path)
    assert not ledger.recorded_missing("2026-07-01", "en")
    (problem,) = check_record(policy, ledger, TODAY)
    assert "has no 'en' translation" in problem.message and IMPORT not in problem.message


@pytest.mark.parametrize(
    "english, change, refused",
    [
        ([0, "0" * 64, None], None, "2022-05-12.en.md:6: 'translation: source:' matches no ja text"),
        (
            [0, 1, None],
            "2021-04-01.ja.md",
            'record the change with: policy correct privacy 2021-04-01 --reason "…"',
        ),
        (
            [0, 1, None],
            "2021-04-01.en.md",
            'record the change with: policy update-translation privacy 2021-04-01 --lang en --reason "…"',
        ),
    ],
    ids=["unknown-source", "source-changed", "translation-changed"],
)
def test_import_refuses_what_it_cannot_record_truthfully_and_records_nothing(
    tmp_path, english, change, refused
):
    docs = tmp_path / "docs"
    _history(docs, english)
    if change:
        import_history(_project(tmp_path), "privacy", TODAY)
        path = docs / "privacy" / "versions" / change
        text = path.read_text("utf-8")
        path.write_text(
            text.replace("personal information", "personal data").replace("個人情報", "個人データ"), "utf-8"
        )
    before = {p: p.read_bytes() for p in docs.rglob("*") if p.is_file()}
    with pytest.raises(CommandError, match="nothing was recorded") as error:
        import_history(_project(tmp_path), "privacy", TODAY)
    assert refused in str(error.value)
    assert {p: p.read_bytes() for p in docs.rglob("*") if p.is_file()} == before


def test_lock_refuses_a_backdated_version_and_names_import(tmp_path):
    _history(tmp_path / "docs", [0, 1, 2])
    with pytest.raises(CommandError) as error:
        lock(_project(tmp_path), "privacy", TODAY)
    assert "'effective: 2021-04-01' is before today" in str(error.value)
    assert str(error.value).endswith(IMPORT)


# --- the command, end to end --------------------------------------------------------------


def _named_command(message: str) -> list[str]:
    """The `policy …` command a message names, as arguments, with "…" (the reason to write) filled."""
    match = re.search(r"(?:with|run): policy ([a-z-]+ [^;\n]*)", message)
    assert match, message
    return [arg.replace("…", "Recorded by the test.") for arg in shlex.split(match.group(1).rstrip(". "))]


@pytest.mark.slow
def test_an_existing_history_is_imported_with_the_command_check_names(tmp_path):
    """Three versions dated in the past, Japanese source and English translation; the English of
    the second translates the first's Japanese, and the third has none."""
    project = tmp_path / "p"
    write_project(project, policies=["privacy"])
    _history(project / "docs", [0, 0, None])
    for name in ("index", "about"):
        for lang in ("ja", "en"):
            (project / "docs" / f"{name}.{lang}.md").write_text(
                (FIXTURES / "small" / "docs" / f"{name}.{lang}.md").read_text("utf-8"), "utf-8"
            )
    before = policy_cli(project, "check", "--strict")
    assert before.returncode == 1
    backdated = next(line for line in before.stderr.splitlines() if "2021-04-01.ja.md:2:" in line)
    command = _named_command(backdated)
    assert command == ["import", "privacy"]
    imported = policy_process(project, *command)
    assert imported.returncode == 0, imported.stderr
    after = policy_cli(project, "check", "--strict")
    assert after.returncode == 0, after.stderr
    built = policy_process(project, "build", "--strict", "-q", "-d", str(project / "site"))
    assert built.returncode == 0, built.stderr
    site = project / "site"

    url = "en/privacy/versions/2022-05-12/"
    notice = page(site, url).find("div", cls="policy-status--outdated")
    assert "was made from the Japanese text of the version of April 1, 2021" in notice.text()
    assert "translates an earlier" not in notice.text()
    links = [resolve(url, a.attrs["href"]) for a in notice.find_all("a")]
    assert links == ["privacy/versions/2021-04-01/", "privacy/versions/2022-05-12/"]
    missing = page(site, "en/privacy/versions/2023-10-01/").find("div", cls="policy-status--missing")
    assert "has no English translation" in missing.text()
    assert page(site, "en/privacy/versions/2021-04-01/").find("div", cls="policy-status--outdated") is None

    import jsonschema

    data = json.loads((site / "privacy" / "versions.json").read_text("utf-8"))
    jsonschema.validate(
        data, json.loads((ROOT / "scripts/policy_site/versions.schema.json").read_text("utf-8"))
    )
    assert [
        (v["translations"]["en"]["status"], v["translations"]["en"].get("translates"))
        for v in data["versions"]
    ] == [
        ("current", "2021-04-01"),
        ("outdated", "2021-04-01"),
        ("missing", None),
    ]

    # A recorded text edited afterwards still fails, as for any published text.
    path = project / "docs" / "privacy" / "versions" / "2022-05-12.ja.md"
    path.write_text(path.read_text("utf-8").replace("当社お客様窓口", "当社の窓口"), "utf-8")
    edited = policy_cli(project, "check", "--strict")
    assert edited.returncode == 1
    assert "2022-05-12.ja.md" in edited.stderr and "its text is locked" in edited.stderr
    assert policy_process(project, "build", "--strict", "-q", "-d", str(project / "site")).returncode == 1


# --- every command a message names works as written -----------------------------------------


def _git(project: Path, *args: str) -> None:
    import subprocess

    user = ["-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run(["git", "-C", str(project), *user, *args], check=True, capture_output=True)


def _replace(project: Path, name: str, old: str, new: str) -> None:
    path = project / "docs" / "privacy" / "versions" / name
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def _add_2021(project: Path, english_from: str | None = None) -> None:
    """A second version, 2021-01-01, with an edited Japanese text; with an English translation of
    the Japanese of `english_from`, if given."""
    versions = project / "docs" / "privacy" / "versions"
    for lang in ("ja",) + (("en",) if english_from else ()):
        text = (versions / f"2020-04-01.{lang}.md").read_text("utf-8")
        text = text.replace("effective: 2020-04-01", "effective: 2021-01-01").replace(
            "enactment", "amendment"
        )
        if lang == "ja":
            text = text.replace("当社窓口", "当社お客様窓口")
        (versions / f"2021-01-01.{lang}.md").write_text(text, "utf-8")
    if english_from:
        ja = (versions / f"{english_from}.ja.md").read_text("utf-8")
        sha = text_sha256(split_front_matter(ja)[1])
        en = versions / "2021-01-01.en.md"
        en.write_text(re.sub(r"source: [0-9a-f]{64}", f"source: {sha}", en.read_text("utf-8")), "utf-8")


BEFORE_2021 = {"SOURCE_DATE_EPOCH": "1600000000"}  # 2020-09-13 in Japan


def _new_version(project: Path) -> str:
    day = (dt.date.today() + dt.timedelta(days=40)).isoformat()
    assert policy_cli(project, "new", "privacy", "--effective", day).returncode == 0
    return day


def _setup(case: str, project: Path) -> None:
    if case in ("lock-backdated", "correct-never-recorded", "check-backdated"):
        _add_2021(project, english_from="2021-01-01")
    elif case == "missing-in-effect":
        _add_2021(project)
        assert policy_cli(project, "lock", "privacy", env=BEFORE_2021).returncode == 0
    elif case.startswith("outdated-other-version"):
        _add_2021(project, english_from="2020-04-01")
        assert policy_cli(project, "lock", "privacy", env=BEFORE_2021).returncode == 0
    elif case == "not-recorded-yet":
        _new_version(project)
    elif case == "upcoming-changed":
        day = _new_version(project)
        assert policy_cli(project, "lock", "privacy").returncode == 0
        _replace(project, f"{day}.ja.md", "当社窓口", "当社お客様窓口")
    elif case in ("source-changed", "lock-changed-in-effect", "update-translation-of-source"):
        _replace(project, "2020-04-01.ja.md", "当社窓口", "当社の窓口")
    elif case == "translation-changed":
        _replace(project, "2020-04-01.en.md", "Please contact our desk", "Please contact our customer desk")
    elif case == "earlier-text":
        _replace(project, "2020-04-01.ja.md", "当社窓口", "当社の窓口")
        assert (
            policy_cli(project, "correct", "privacy", "2020-04-01", "--reason", "脱字の訂正").returncode == 0
        )
    elif case == "unknown-source":
        _replace(project, "2020-04-01.en.md", "source: 92fdc79a", "source: 00000000")
    _git(project, "add", "-A")
    _git(project, "commit", "-qm", "set-up", "--allow-empty")


HINTS = [
    # case, the command that gives the message, a fragment of it, which named command (0 first, -1 last)
    ("check-backdated", ["check", "--strict"], "'effective: 2021-01-01' is before today", 0),
    ("lock-backdated", ["lock", "privacy"], "'effective: 2021-01-01' is before today", 0),
    (
        "correct-never-recorded",
        ["correct", "privacy", "2021-01-01", "--reason", "x"],
        "was never recorded",
        0,
    ),
    ("missing-in-effect", ["check", "--strict"], "has no 'en' translation", 0),
    ("outdated-other-version-update", ["check", "--strict"], "translates the text of version 2020-04-01", 0),
    ("outdated-other-version-import", ["check", "--strict"], "translates the text of version 2020-04-01", -1),
    ("not-recorded-yet", ["check", "--strict"], "is not recorded in privacy/history.yml yet", 0),
    ("upcoming-changed", ["check", "--strict"], "this upcoming version changed since it was recorded", 0),
    ("source-changed", ["check", "--strict"], "its text is locked", 0),
    ("lock-changed-in-effect", ["lock", "privacy"], "this text changed since it was recorded", 0),
    (
        "update-translation-of-source",
        ["update-translation", "privacy", "2020-04-01", "--lang", "ja"],
        "source language",
        0,
    ),
    ("translation-changed", ["check", "--strict"], "changed from its recorded text", 0),
    ("earlier-text", ["check", "--strict"], "translates an earlier text of", 0),
    ("unknown-source", ["check", "--strict"], "matches no ja text of this policy", 0),
]


@pytest.mark.slow
@pytest.mark.parametrize("case, trigger, fragment, which", HINTS, ids=[h[0] for h in HINTS])
def test_each_command_a_message_names_works_as_written(tmp_path, case, trigger, fragment, which):
    project = tmp_path / "p"
    write_project(project, FIXTURES / "small" / "docs")
    _git(project, "init", "-q")
    _git(project, "add", "-A")
    _git(project, "commit", "-qm", "published")
    _setup(case, project)
    given = policy_cli(project, *trigger)
    assert given.returncode == 1, given.stdout
    message = next(line for line in given.stderr.splitlines() if fragment in line)
    named = re.findall(r"(?:with|run): policy ([a-z-]+ [^;\n]*)", message)
    command = [arg.replace("…", "Recorded by the test.") for arg in shlex.split(named[which].rstrip(". "))]
    ran = policy_cli(project, *command)
    assert ran.returncode == 0, f"{message}\n→ policy {' '.join(command)}\n{ran.stderr}"
    if case == "update-translation-of-source":  # a refused call; the change is now recorded
        trigger = ["check", "--strict"]
        fragment = "its text is locked"
    again = policy_cli(project, *trigger)
    assert fragment not in again.stderr, again.stderr
