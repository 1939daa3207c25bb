"""Hostile policy text never runs: on every page, in the feeds and in versions.json.

`policy check` refuses scripting markup in the sources (tests/fixtures/bad/markup_*.yml). This
tests the second line of defence: if such text got past the check, the sanitizer would drop it
from the policy text, and summaries, shown as text everywhere, would show it as written. The fixture is made and built with the markup check switched off, in a
separate process, exactly as legal staff would make a revision otherwise.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from conftest import BIN, FIXTURES, made_once, run, write_project
from htmlscan import page

SCRIPT = "<script>alert(1)</script>"
HOSTILE = [SCRIPT, '<img src="x" onerror="alert(2)">', "{: onclick=alert(3) }"]
BEFORE = {"SOURCE_DATE_EPOCH": "1780000000"}  # 2026-05-29 in Japan
AFTER = {"SOURCE_DATE_EPOCH": "1780300000"}  # 2026-06-01 in Japan
NEW = "2026-06-01"

# The `policy` command and `mkdocs`, in a process where the markup check finds nothing.
UNCHECKED = (
    "import sys, policy_site.check as c; c.check_markup = lambda text: []; "
    "from {module} import {function} as main; sys.argv[0] = '{name}'; sys.exit(main({args}))"
)

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("hostile")]


def _unchecked(project, tool: str, *args: str, env=None):
    module, function, call = {
        "policy": ("policy_site.cli", "main", repr(list(args))),
        "mkdocs": ("mkdocs.__main__", "cli", ""),
    }[tool]
    code = UNCHECKED.format(module=module, function=function, name=tool, args=call)
    argv = [] if tool == "policy" else list(args)
    result = run([str(BIN / "python"), "-c", code, *argv], project, env)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    return made_once(tmp_path_factory, "hostile", _hostile)


def _hostile(project):
    """The small policy revised with hostile markup in its summary, a heading and a paragraph."""
    write_project(project, FIXTURES / "small" / "docs")
    _unchecked(project, "policy", "new", "privacy", "--effective", NEW, env=BEFORE)
    payload = " ".join(HOSTILE)
    for lang, heading, paragraph in [
        ("ja", "## 第3条（お問い合わせ）", "本ポリシーに関するお問い合わせは、"),
        ("en", "## Article 3 (Contact)", "Please contact our desk"),
    ]:
        path = project / "docs" / "privacy" / "versions" / f"{NEW}.{lang}.md"
        text = path.read_text("utf-8")
        text = text.replace("summary:\n", f"summary: {SCRIPT} Revised.\n", 1)
        text = text.replace(heading, f"{heading[:-1]}{SCRIPT}{heading[-1]}", 1)
        text = text.replace(paragraph, f"{payload} {paragraph}", 1)
        path.write_text(text, "utf-8")
    _unchecked(project, "policy", "update-translation", "privacy", NEW, "--lang", "en", env=BEFORE)
    _unchecked(project, "policy", "lock", "privacy", env=BEFORE)
    _unchecked(project, "mkdocs", "build", "--strict", "-d", str(project / "site"), env=AFTER)
    return project / "site"


PAGES = [
    f"privacy/versions/{NEW}/",
    "privacy/",
    f"privacy/versions/{NEW}/changes/",
    "privacy/versions/2020-04-01/compare/",
    "privacy/bilingual/",
    "privacy/history/",
    "",
]


@pytest.mark.parametrize("prefix", ["", "en/"])
@pytest.mark.parametrize("url", PAGES)
def test_the_page_shows_the_markup_as_text_and_runs_none_of_it(hostile_site, prefix, url):
    root = page(hostile_site, prefix + url)
    for element in root.iter():
        handlers = [name for name in element.attrs if name.startswith("on")]
        assert not handlers, f"{element.tag} has {handlers}"
        if element.tag == "script":
            assert "alert" not in element.text()
        assert "javascript" not in element.attrs.get("href", "")
    if url == "privacy/history/":  # the summary is shown, without the script
        assert "Revised." in root.text() and "alert(1)" not in root.text()


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_the_feed_carries_the_markup_as_text(hostile_site, prefix):
    feed = ET.parse(hostile_site / prefix / "privacy" / "feed.xml").getroot()
    ns = {"atom": "http://www.w3.org/2005/Atom"}
    summaries = [e.find("atom:summary", ns) for e in feed.findall("atom:entry", ns)]
    # Summaries are the policy's Markdown, as HTML through the same sanitizer as the pages.
    assert all(s.get("type") == "html" for s in summaries)
    assert any("Revised." in (s.text or "") for s in summaries)
    assert not any("<script" in (s.text or "").lower() for s in summaries)


def test_versions_json_holds_the_markup_as_data_and_no_markup_in_its_text(hostile_site):
    raw = (hostile_site / "privacy" / "versions.json").read_text("utf-8")
    assert "<" not in raw and ">" not in raw
    data = json.loads(raw)
    new = next(v for v in data["versions"] if v["id"] == NEW)
    assert new["summary"]["ja"].startswith(SCRIPT)
    assert new["summary"]["en"].startswith(SCRIPT)
