"""The published record: locked texts, corrections, translation updates, backdating.

Each scenario runs the `policy` command and a strict build in a git repository made from the
small fixture, as legal staff would, and checks what readers then see.
"""

from __future__ import annotations

import subprocess

import pytest

from conftest import FIXTURES, mkdocs_build, policy_cli, start_revision, write_project
from htmlscan import page, resolve
from policy_site.cli import load_project
from policy_site.project import CommandError, today_of
from policy_site.recording import correct
from trees import tree_digest

pytestmark = pytest.mark.slow

VERSIONS = "docs/privacy/versions"


def _git(project, *args):
    subprocess.run(["git", "-C", str(project), *args], check=True, capture_output=True)


@pytest.fixture
def project(tmp_path):
    write_project(tmp_path, FIXTURES / "small" / "docs")
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@example.com", "add", "-A")
    _git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "published")
    return tmp_path


def _edit(project, name, old, new):
    path = project / VERSIONS / name
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def test_editing_a_locked_version_fails_check_and_build_at_the_line(project):
    _edit(project, "2020-04-01.ja.md", "当社窓口", "当社の窓口")
    before = tree_digest(project / "docs")
    check = policy_cli(project, "check", "--strict")
    assert check.returncode == 1
    assert (
        "docs/privacy/versions/2020-04-01.ja.md:25: version 2020-04-01 is in effect and its text is locked"
        in check.stderr
    )
    assert "policy correct privacy 2020-04-01" in check.stderr
    build = mkdocs_build(project)
    assert build.returncode == 1
    assert "2020-04-01.ja.md:25: version 2020-04-01 is in effect" in build.output
    assert tree_digest(project / "docs") == before


def test_a_correction_is_recorded_with_reason_hashes_and_its_own_diff(project):
    _edit(project, "2020-04-01.ja.md", "当社窓口", "当社の窓口")
    corrected = policy_cli(project, "correct", "privacy", "2020-04-01", "--reason", "「の」の脱字を訂正")
    assert corrected.returncode == 0, corrected.stderr
    record = (project / "docs" / "privacy" / "history.yml").read_text("utf-8")
    assert "kind: correction" in record and "reason: 「の」の脱字を訂正" in record
    earlier = project / "docs" / "privacy" / "earlier" / "2020-04-01.ja.2020-04-01.md"
    assert "当社窓口" in earlier.read_text("utf-8")
    # The English now translates an earlier Japanese text: reported, and shown to readers.
    check = policy_cli(project, "check", "--strict")
    assert check.returncode == 1 and "this translation is outdated" in check.stderr
    build = mkdocs_build(project, strict=False)
    assert build.returncode == 0, build.output
    assert page(build.site, "en/privacy/").find("div", cls="policy-status--outdated")
    history = page(build.site, "privacy/history/")
    row = history.find("tr", cls="policy-history__row--update")
    assert "誤記訂正" in row.text() and "「の」の脱字を訂正" in row.text()
    links = [resolve("privacy/history/", a.attrs["href"]) for a in row.find_all("a")]
    assert links == [
        "privacy/versions/2020-04-01/updates/" + _today(project) + "/",
        "privacy/versions/2020-04-01/earlier/2020-04-01/",
    ]
    diff = page(build.site, links[0])
    assert [el.text(skip_class="policy-sr") for el in diff.find_all("ins")] == ["の"]
    assert "当社窓口" in page(build.site, links[1]).find("div", cls="policy-text").text()


def _today(project) -> str:
    from policy_site.history import today_in_japan

    return today_in_japan().isoformat()


def test_a_translation_update_keeps_the_earlier_translation_readable(project):
    _edit(project, "2020-04-01.en.md", "Please contact our desk", "Please contact our customer desk")
    check = policy_cli(project, "check", "--strict")
    assert check.returncode == 1
    assert (
        "2020-04-01.en.md:28: the translation of version 2020-04-01, which is in effect, changed"
        in check.stderr
    )
    updated = policy_cli(
        project,
        "update-translation",
        "privacy",
        "2020-04-01",
        "--lang",
        "en",
        "--reason",
        "Clearer wording of Article 3.",
    )
    assert updated.returncode == 0, updated.stderr
    assert policy_cli(project, "check", "--strict").returncode == 0
    build = mkdocs_build(project)
    assert build.returncode == 0, build.output
    row = page(build.site, "en/privacy/history/").find("tr", cls="policy-history__row--update")
    assert "Translation update" in row.text() and "Clearer wording of Article 3." in row.text()
    earlier = page(build.site, "en/privacy/versions/2020-04-01/earlier/2020-04-01/")
    assert "Please contact our desk" in earlier.find("div", cls="policy-text").text()
    assert earlier.find("html").attrs["lang"] == "en"
    version = page(build.site, "en/privacy/versions/2020-04-01/").find("div", cls="policy-status--updates")
    assert "Clearer wording" in version.text()
    # The machine-readable record and the English feed carry the update too.
    import json
    from xml.etree import ElementTree

    data = json.loads((build.site / "privacy" / "versions.json").read_text("utf-8"))
    (correction,) = data["versions"][0]["corrections"]
    assert correction["kind"] == "translation" and correction["lang"] == "en"
    assert correction["reason"] == "Clearer wording of Article 3."
    assert correction["earlier_url"] == "/en/privacy/versions/2020-04-01/earlier/2020-04-01/"
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ElementTree.parse(build.site / "en" / "privacy" / "feed.xml").getroot()
    assert [e.find(f"{atom}summary").text for e in feed.findall(f"{atom}entry")] == [
        "Clearer wording of Article 3.",
        "Enactment of this policy.",
    ]
    # The Japanese history is the complete record: it lists the English translation update, linked.
    row = page(build.site, "privacy/history/").find("tr", cls="policy-history__row--update")
    assert row is not None and "/en/privacy/versions/2020-04-01/updates/" in str(row)


def test_a_backdated_version_is_refused(project):
    path = project / VERSIONS / "2020-04-01.ja.md"
    (project / VERSIONS / "2021-01-01.ja.md").write_text(
        path.read_text("utf-8").replace("2020-04-01", "2021-01-01").replace("enactment", "amendment"), "utf-8"
    )
    before = tree_digest(project / "docs")
    check = policy_cli(project, "check", "--strict")
    assert "2021-01-01.ja.md:2: 'effective: 2021-01-01' is before today" in check.stderr
    lock = policy_cli(project, "lock", "privacy")
    assert lock.returncode == 1 and "may not take effect before the day it is published" in lock.stderr
    assert tree_digest(project / "docs") == before


def _refused_correction(project, version: str, reason: str) -> CommandError:
    """What `policy correct` says when it refuses, as the command itself raises it."""
    commands = load_project(project / "mkdocs.yml")
    with pytest.raises(CommandError) as refused:
        correct(commands, "privacy", version, reason, today_of(commands.policy("privacy")))
    return refused.value


def test_correct_without_a_change_or_reason_is_refused(project):
    unchanged = policy_cli(project, "correct", "privacy", "2020-04-01", "--reason", "x")
    assert unchanged.returncode == 1 and "nothing to correct" in unchanged.stderr
    _edit(project, "2020-04-01.ja.md", "当社窓口", "当社の窓口")
    blank = policy_cli(project, "correct", "privacy", "2020-04-01", "--reason", " ")
    assert blank.returncode == 1 and "--reason" in blank.stderr
    # The placeholder of a suggested command, copied as it is, is no reason.
    for placeholder in ("…", "...", "理由"):
        copied = policy_cli(project, "correct", "privacy", "2020-04-01", "--reason", placeholder)
        assert copied.returncode == 1 and "instead of the example's placeholder" in copied.stderr
    # Said in the editor's language: English, or Japanese for a legal editor.
    for placeholder in ("", " ", "…", "...", "reason", "理由", "「理由」"):
        refused = _refused_correction(project, "2020-04-01", placeholder)
        assert refused.message == (
            f"--reason {placeholder!r}: write why, in a sentence readers will see in the history, "
            "instead of the example's placeholder"
        )
        assert refused.message.in_language("ja") == (
            f"--reason {placeholder!r}：例の仮の文言ではなく、変更の理由を一文で書いてください。"
            "読者が改定履歴で目にします"
        )
    assert "updates: []" in (project / "docs" / "privacy" / "history.yml").read_text("utf-8")


def test_an_upcoming_version_is_not_corrected_in_public(tmp_path):
    """An upcoming version is edited and locked again; `correct` would publish a 誤記訂正 of a
    text nobody was bound by."""
    day = start_revision(tmp_path)
    path = tmp_path / "docs" / "privacy" / "versions" / f"{day}.ja.md"
    path.write_text(path.read_text("utf-8").replace("summary:\n", "summary: 改定します。\n"), "utf-8")
    for lang in ("en",):
        policy_cli(tmp_path, "update-translation", "privacy", str(day), "--lang", lang)
    assert policy_cli(tmp_path, "lock", "privacy").returncode == 0
    _edit(tmp_path, f"{day}.ja.md", "当社窓口", "当社の窓口")
    corrected = policy_cli(tmp_path, "correct", "privacy", str(day), "--reason", "脱字の訂正")
    assert corrected.returncode == 1
    assert f"version {day} takes effect on {day}, after today" in corrected.stderr
    assert "policy lock privacy" in corrected.stderr
    refused = _refused_correction(tmp_path, str(day), "脱字の訂正")
    today = today_of(load_project(tmp_path / "mkdocs.yml").policy("privacy"))
    assert refused.message == (
        f"version {day} takes effect on {day}, after today ({today}): it is not in effect, so there "
        "is nothing to correct publicly; edit its file and record it again with: policy lock privacy"
    )
    assert refused.message.in_language("ja") == (
        f"{day}版の施行日は{day}で、今日（{today}）より後です。まだ施行されていないため、"
        "誤記訂正として公表する必要はありません。ファイルを編集して、次のコマンドで記録し直して"
        "ください：policy lock privacy"
    )


def test_status_shows_current_upcoming_translations_and_record(project):
    result = policy_cli(project, "status")
    assert result.returncode == 0, result.stderr
    assert "current:  2020-04-01" in result.stdout
    assert "2020-04-01: ja recorded; en current, recorded" in result.stdout


def test_diff_changed_since_summarises_a_pull_request(project):
    """What CI writes to a pull request's summary: every added or edited text, with its redline."""
    _git(project, "branch", "base")
    day = _today_plus(project, 20)
    assert policy_cli(project, "new", "privacy", "--effective", day).returncode == 0
    _edit(project, f"{day}.ja.md", "当社窓口", "当社お客様窓口")
    _edit(project, "2020-04-01.en.md", "our desk", "our customer desk")
    result = policy_cli(project, "diff", "--changed-since", "base", "--format", "markdown")
    assert result.returncode == 0, result.stderr
    sections = result.stdout.split("### ")[1:]
    assert [s.splitlines()[0] for s in sections] == [
        "privacy 2020-04-01 (en): edited since base",
        f"privacy {day} (en): new version, compared with 2020-04-01",
        f"privacy {day} (ja): new version, compared with 2020-04-01",
    ]
    assert "our <ins>customer </ins>desk" in sections[0]
    assert "our <del>customer </del>desk" in sections[1]  # the new version copied the text before that edit
    assert "当社<ins>お客様</ins>窓口" in sections[2]


def _today_plus(project, days: int) -> str:
    import datetime as dt

    from policy_site.history import today_in_japan

    return (today_in_japan() + dt.timedelta(days=days)).isoformat()


def test_a_record_from_before_summaries_were_locked_is_completed_by_lock(project):
    """A record without the locked kind and summary (written by an earlier release): `policy
    lock` records them as they stand, and from then on they are locked like the text."""
    record = project / "docs" / "privacy" / "history.yml"
    old = "".join(
        line for line in record.read_text("utf-8").splitlines(keepends=True) if "front:" not in line
    )
    record.write_text(old, "utf-8")
    _edit(
        project,
        "2020-04-01.ja.md",
        "summary: 本ポリシーを制定しました。",
        "summary: 本ポリシーを制定しました（改）。",
    )
    assert policy_cli(project, "check", "--strict").returncode == 0  # nothing locked them yet
    locked = policy_cli(project, "lock", "privacy")
    assert locked.returncode == 0 and "recorded docs/privacy/versions/2020-04-01.ja.md" in locked.stdout
    assert record.read_text("utf-8").count("front:") == 2
    _edit(project, "2020-04-01.ja.md", "制定しました（改）", "制定しました")
    check = policy_cli(project, "check", "--strict")
    assert (
        check.returncode == 1 and "'announced:' were published as recorded, but they changed" in check.stderr
    )
    refused = policy_cli(project, "lock", "privacy")
    assert refused.returncode == 1 and "restore them" in refused.stderr
