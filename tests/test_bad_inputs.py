"""A catalogue of bad inputs, one fixture each in tests/fixtures/bad/.

Each one, applied to the small fixture site, must give the `path:line: message` its fixture
names, saying what is wrong and how to fix it, and leave every source file as it was. The
catalogue runs against the pipeline that `policy check` and the build share (`load_site`),
in milliseconds; a few cases also run end to end: `policy check` exits 1 with the message and
the strict build fails with it, leaving the last site as it was.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, load_yaml, policy_cli, policy_process, write_project
from policy_site.cli import load_project
from policy_site.history import policy_today
from policy_site.messages import translations
from policy_site.pipeline import Loaded, load_site
from policy_site.project import Project
from policy_site.recording import import_history, update_translation

CASES = sorted((FIXTURES / "bad").glob("*.yml"))
TODAY = {"SOURCE_DATE_EPOCH": "1780000000"}  # 2026-05-29 in Japan
# One of each way a source goes wrong: unreadable, a rule of the text, the record, markup, and a
# warning, which only the strict build refuses.
END_TO_END = [
    "yaml_broken",
    "article_skipped",
    "locked_text_edited",
    "markup_script",
    "upcoming_not_recorded",
]


@pytest.fixture(scope="module")
def settings():
    """The policies as mkdocs.yml configures them, read once through MkDocs as `policy` reads them."""
    return load_project(ROOT / "mkdocs.yml").policies


def _apply(project: Path, case: dict) -> None:
    for src, dst in (case.get("copy") or {}).items():
        (project / dst).write_bytes((project / src).read_bytes())
    for path, content in (case.get("write") or {}).items():
        (project / path).write_text(content, "utf-8")
    for path, (old, new) in (case.get("edit") or {}).items():
        text = (project / path).read_text("utf-8")
        assert old in text, f"fixture out of date: {old!r} not in {path}"
        (project / path).write_text(text.replace(old, new, 1), "utf-8")
    for path in case.get("delete") or []:
        (project / path).unlink()
    for path, encoding in (case.get("encode") or {}).items():
        (project / path).write_bytes((project / path).read_text("utf-8").encode(encoding))


def _snapshot(project: Path) -> dict:
    return {
        p: hashlib.sha256(p.read_bytes()).hexdigest() for p in (project / "docs").rglob("*") if p.is_file()
    }


def _small_site(project: Path, case: dict | None = None) -> Path:
    write_project(project, FIXTURES / "small" / "docs")
    _apply(project, case or {})
    return project


def _load(project: Path, settings) -> Loaded:
    todays = {s.id: policy_today(s, TODAY) for s in settings}
    return load_site(project / "docs", settings, project, todays)


def _case(fixture: Path) -> dict:
    return load_yaml(fixture)


def test_the_catalogue_is_large_enough():
    assert len(CASES) >= 30
    assert {f"{name}.yml" for name in END_TO_END} <= {p.name for p in CASES}


@pytest.mark.parametrize("fixture", CASES, ids=lambda p: p.stem)
def test_bad_input_is_reported_where_it_is(tmp_path, fixture, settings):
    case = _case(fixture)
    project = _small_site(tmp_path, case)
    before = _snapshot(project)
    loaded = _load(project, settings)
    reported = [str(p) for p in loaded.problems]
    assert any(line.startswith(case["expect"]) for line in reported), reported
    # The same problem as a Japanese editor reads it; every message of the run is translated.
    in_japanese = [p.in_language("ja") for p in loaded.problems]
    assert any(line.startswith(case["expect_ja"]) for line in in_japanese), in_japanese
    catalog = translations("ja")
    assert all(catalog.gettext(p.message.template) != p.message.template for p in loaded.problems)
    # `policy check` exits 1 on any problem; the strict build refuses errors and warnings alike.
    assert loaded.errors or loaded.warnings
    assert _snapshot(project) == before


@pytest.mark.parametrize("name", END_TO_END)
def test_bad_input_stops_policy_check_and_the_strict_build(tmp_path, name):
    case = _case(FIXTURES / "bad" / f"{name}.yml")
    project = _small_site(tmp_path, case)
    site = project / "site"
    site.mkdir()
    (site / "index.html").write_text("the last site", "utf-8")
    before = _snapshot(project)
    check = policy_cli(project, "check", "--strict", env=TODAY)
    assert check.returncode == 1, check.stdout
    assert case["expect"] in check.stderr, check.stderr
    assert "Traceback" not in check.stderr
    build = policy_process(project, "build", "--strict", env=TODAY)
    output = build.stdout + build.stderr
    assert build.returncode == 1, output
    assert case["expect"] in output, output
    assert "Traceback" not in output
    assert (site / "index.html").read_text("utf-8") == "the last site"  # nothing half-built
    assert _snapshot(project) == before


@pytest.mark.parametrize(
    "name, transform",
    [
        ("byte order mark", lambda b: b"\xef\xbb\xbf" + b),
        ("CRLF line endings", lambda b: b.replace(b"\n", b"\r\n")),
        ("full-width article numbers", lambda b: b.replace("第1条".encode(), "第１条".encode())),
    ],
)
def test_harmless_variations_are_accepted(tmp_path, name, transform, settings):
    """A BOM and CRLF are how some editors save; 第１条 is normalised (NFKC) to article-1, since
    full-width digits are common in Japanese drafting and mean the same number."""
    project = _small_site(tmp_path)
    path = project / "docs" / "privacy" / "versions" / "2020-04-01.ja.md"
    path.write_bytes(transform(path.read_bytes()))
    if "full-width" in name:  # a different text: record it afresh, as for a new policy
        (project / "docs" / "privacy" / "history.yml").unlink()
        commands = Project(project, project / "docs", settings)
        today = policy_today(commands.policy("privacy"), TODAY)
        update_translation(commands, "privacy", "2020-04-01", "en", "", today)
        import_history(commands, "privacy", today)
    loaded = _load(project, settings)
    assert loaded.problems == ()
    text = loaded.policies[0].versions[0].texts["ja"]
    assert text.document.sections[0].anchor == "article-1"
