"""The `policy` command: creating a revision and checking sources, as legal staff use it."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import FIXTURES, policy_cli, policy_process, write_project
from policy_site.cli import load_project, main
from policy_site.commands import new_version, parse_effective
from policy_site.history import today_in_japan
from policy_site.project import CommandError, today_of
from trees import tree_digest


@pytest.fixture
def project(tmp_path):
    write_project(tmp_path, FIXTURES / "small" / "docs")
    return tmp_path


def test_check_passes_on_good_sources(project):
    result = policy_process(project, "check", "--strict")  # the console script itself
    assert result.returncode == 0, result.stderr
    assert "privacy: 1 version(s) in ja, en: ok" in result.stdout


def test_new_creates_every_language_from_the_latest_version(project):
    day = today_in_japan() + dt.timedelta(days=10)
    result = policy_process(project, "new", "privacy", "--effective", day.isoformat())
    assert result.returncode == 0, result.stderr
    paths = result.stdout.split()
    assert paths == [f"docs/privacy/versions/{day}.ja.md", f"docs/privacy/versions/{day}.en.md"]
    ja = (project / paths[0]).read_text("utf-8")
    en = (project / paths[1]).read_text("utf-8")
    assert ja.startswith(f"---\neffective: {day}\nkind: amendment\nsummary:\n---\n")
    assert "## 第2条（利用目的）" in ja
    assert f"effective: {day}\nkind: amendment\nsummary:\ntranslation:\n  source: " in en
    assert "## Article 2 (Purposes of Use)" in en
    # A new version without a summary is not ready to publish: check warns, and a strict check
    # (as CI and the strict build run it) stops there.
    check = policy_cli(project, "check", "--strict")
    assert check.returncode == 1
    assert f"warning: docs/privacy/versions/{day}.ja.md:4: 'summary:' is missing" in check.stderr
    draft = policy_cli(project, "check")
    assert draft.returncode == 0 and "warning: " in draft.stderr and "error: " not in draft.stderr
    # The kind of each problem is named in the terminal's language.
    japanese = policy_process(project, "check", env={"LANG": "ja_JP.UTF-8", "LC_ALL": ""})
    assert f"注意: docs/privacy/versions/{day}.ja.md:4: " in japanese.stderr


@pytest.mark.parametrize(
    "effective, message, japanese",
    [
        ("2027-02-30", "there is no such date", "そのような日付はありません"),
        ("1/1/2027", "write the date as YYYY-MM-DD", "日付は YYYY-MM-DD の形で書いてください"),
        ("2020-04-01", "must take effect after it", "新しい版の施行日は、それより後にしてください"),
        ("2021-01-01", "before today", "より前の日付です。版は、公開する前に施行することはできません"),
    ],
)
def test_new_refuses_bad_dates_and_changes_nothing(project, effective, message, japanese):
    before = tree_digest(project / "docs")
    result = policy_cli(project, "new", "privacy", "--effective", effective)
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert tree_digest(project / "docs") == before
    # The same refusal, as a Japanese editor reads it.
    commands = load_project(project / "mkdocs.yml")
    with pytest.raises(CommandError) as refused:
        new_version(commands, "privacy", parse_effective(effective), today_of(commands.policy("privacy")))
    assert message in refused.value.message
    assert refused.value.message.in_language("ja").startswith(f"--effective {effective}：")
    assert japanese in refused.value.message.in_language("ja")
    assert tree_digest(project / "docs") == before


def test_new_refuses_an_unknown_policy(project):
    result = policy_cli(project, "new", "terms", "--effective", "2099-01-01")
    assert result.returncode == 1
    assert "no policy 'terms'" in result.stderr


@pytest.mark.parametrize(
    "file, edit, expected",
    [
        (
            "2020-04-01.ja.md",
            ("effective: 2020-04-01", "effective: 2020-04-31"),
            "2020-04-01.ja.md:2: 'effective: 2020-04-31' is not a valid date",
        ),
        (
            "2020-04-01.ja.md",
            ("kind: enactment", "kind: amendment"),
            "2020-04-01.ja.md:3: 'kind: amendment' is wrong",
        ),
        (
            "2020-04-01.en.md",
            ("## Article 3 (Contact)", "## Article 4 (Contact)"),
            "2020-04-01.en.md:26: 'Article 4 (Contact)' should be article 3",
        ),
        (
            "2020-04-01.en.md",
            ("## Article 2 (Purposes of Use)", "## Purposes of Use"),
            "2020-04-01.en.md:16: 'Purposes of Use' (#purposes-of-use) is not in",
        ),
        (
            "2020-04-01.ja.md",
            ("summary: 本ポリシーを制定しました。", "summary: [a"),
            "2020-04-01.ja.md:4: front matter is not valid YAML",
        ),
        (
            "2020-04-01.en.md",
            ("effective: 2020-04-01", "effective: 2020-04-02"),
            "2020-04-01.en.md:2: 'effective: 2020-04-02' does not match the file name",
        ),
    ],
)
def test_check_reports_path_and_line(project, file, edit, expected):
    path = project / "docs" / "privacy" / "versions" / file
    path.write_text(path.read_text("utf-8").replace(*edit), "utf-8")
    before = tree_digest(project / "docs")
    result = policy_cli(project, "check", "--strict")
    assert result.returncode == 1
    assert f"docs/privacy/versions/{expected}" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert tree_digest(project / "docs") == before


def test_check_reports_a_badly_named_file(project):
    (project / "docs" / "privacy" / "versions" / "2020-4-1.ja.md").write_text("x", "utf-8")
    result = policy_cli(project, "check", "--strict")
    assert result.returncode == 1
    assert (
        "docs/privacy/versions/2020-4-1.ja.md:1: version files are named YYYY-MM-DD.<lang>.md"
        in result.stderr
    )


def test_diff_shows_the_same_changes_in_every_format(project):
    import json

    day = today_in_japan() + dt.timedelta(days=5)
    assert policy_cli(project, "new", "privacy", "--effective", day.isoformat()).returncode == 0
    path = project / "docs" / "privacy" / "versions" / f"{day}.ja.md"
    path.write_text(
        path.read_text("utf-8").replace("本サービスの提供のため", "本サービスの提供及び改善のため"), "utf-8"
    )
    args = ("diff", "privacy", "2020-04-01", day.isoformat())
    text = policy_process(project, *args)
    assert text.returncode == 0, text.stderr
    assert "~ 第2条（利用目的）" in text.stdout
    assert "（1）本サービスの提供{+及び改善+}のため" in text.stdout
    markdown = policy_cli(project, *args, "--format", "markdown").stdout
    assert "<ins>及び改善</ins>" in markdown
    data = json.loads(policy_cli(project, *args, "--format", "json").stdout)
    changed = [s for s in data["sections"] if s["change"] == "changed"]
    assert [s["key"] for s in changed] == ["article-2"]
    assert {"op": "insert", "text": "及び改善"} in changed[0]["blocks"][0]["spans"]
    english = policy_cli(project, *args, "--lang", "en")
    assert english.returncode == 0 and "{+" not in english.stdout
    missing = policy_cli(project, "diff", "privacy", "2020-04-01", "2030-01-01")
    assert missing.returncode == 1 and "no version 2030-01-01" in missing.stderr


COMMANDS = [
    "new",
    "check",
    "build",
    "status",
    "terms",
    "lock",
    "import",
    "correct",
    "update-translation",
    "diff",
]


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_the_help_of_every_command_is_in_the_editors_language(command, capsys, monkeypatch):
    """A Japanese editor reads every help in Japanese, argparse's own words too; the whole
    help of `policy` ends with a revision in order."""
    monkeypatch.setenv("LC_ALL", "ja_JP.UTF-8")
    with pytest.raises(SystemExit) as done:
        main([command, "--help"] if command else ["--help"])
    assert done.value.code == 0
    shown = capsys.readouterr().out
    assert shown.startswith("使い方: policy") and "オプション:" in shown
    assert "この説明を表示して終了します" in shown and "show this help" not in shown
    if command is None:
        assert "改定の手順:" in shown and shown.index("policy new") < shown.index("policy lock")
    monkeypatch.setenv("LC_ALL", "en_US.UTF-8")
    with pytest.raises(SystemExit):
        main([command, "--help"] if command else ["--help"])
    assert capsys.readouterr().out.startswith("usage: policy")


def test_a_usage_error_is_in_the_editors_language(capsys, monkeypatch):
    monkeypatch.setenv("LC_ALL", "ja_JP.UTF-8")
    with pytest.raises(SystemExit) as done:
        main(["diff", "privacy", "--format", "pdf"])
    assert done.value.code == 2
    assert (
        "'pdf' は選べません（'text', 'markdown', 'json', 'docx' から選んでください）"
        in capsys.readouterr().err
    )
