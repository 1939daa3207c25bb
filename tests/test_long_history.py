"""A long history, built and diffed: what only many versions exercise, where the performance
work lies, against readable goldens.

61 versions in Japanese and English, made by the build benchmark's generator
(tests/tools/bench_build.py: phrases edited, paragraphs and articles inserted and removed,
articles renumbered), and the benchmark's ten-times-longer pair (tests/tools/bench_diff.py).
tests/golden/long-history/ holds, per language, the changed sections of every revision's diff
(against the version before) and of the oldest version's against the current one, which the
site's changes and compare pages show, and of the long pair's. The pages themselves are checked
against those diffs: each changes page lists the articles its diff changed. Re-record with

    UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_long_history.py
"""

from __future__ import annotations

import os
import sys

import pytest

from conftest import ROOT, load_yaml, made_once, mkdocs_build
from goldens import golden_data, literal_yaml
from htmlscan import page

sys.path.insert(0, str(ROOT / "tests" / "tools"))
import bench_build  # noqa: E402
import bench_diff  # noqa: E402

from policy_site.diff import diff_documents  # noqa: E402
from policy_site.parse import parse_body, split_front_matter  # noqa: E402
from policy_site.redline import as_data  # noqa: E402

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("long-history")]

GOLDEN = ROOT / "tests" / "golden" / "long-history"
VERSIONS = 61  # an article inserted at the 40th version and removed at the 60th
LANGS = {"ja": "", "en": "en/"}
PREAMBLE = {"ja": "前文", "en": "Preamble"}  # golden_data calls it Preamble in every language


def _long_history(dest):
    project = bench_build.make_project(dest / "p", VERSIONS, ["ja", "en"])
    return mkdocs_build(project, {"SOURCE_DATE_EPOCH": bench_build.TODAY})


@pytest.fixture(scope="module")
def history(tmp_path_factory):
    build = made_once(tmp_path_factory, "long-history", _long_history)
    assert build.returncode == 0, build.output
    return build


def _documents(project, lang):
    files = sorted((project / "docs" / "privacy" / "versions").glob(f"*.{lang}.md"))
    return [
        (f.name.split(".")[0], parse_body(str(f), split_front_matter(f.read_text("utf-8"))[1])[0])
        for f in files
    ]


def _diffs(project, lang: str) -> dict:
    """The changed sections of each diff the site shows, by what it compares."""
    versions = _documents(project, lang)
    diffs = {
        f"{day} changes": golden_data(as_data(diff_documents(before, after, lang)))
        for (_, before), (day, after) in zip(versions, versions[1:], strict=False)
    }
    (first, oldest), (last, current) = versions[0], versions[-1]
    diffs[f"{first} compared with {last}"] = golden_data(as_data(diff_documents(oldest, current, lang)))
    long = bench_diff.longer(bench_diff.body(lang), 10, lang)
    old, new = (parse_body("x", text)[0] for text in (long, bench_diff.amend(long, lang)))
    diffs["ten times longer"] = golden_data(as_data(diff_documents(old, new, lang)))
    return diffs


@pytest.mark.parametrize("lang", LANGS)
def test_every_diff_of_a_long_history_is_the_recorded_one(history, lang):
    diffs = _diffs(history.site.parent, lang)
    assert len(diffs) == VERSIONS + 1
    golden = GOLDEN / f"{lang}.yml"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(literal_yaml(diffs), "utf-8")
    recorded = load_yaml(golden)
    assert list(recorded) == list(diffs)
    for name, sections in diffs.items():
        assert sections == recorded[name], f"{lang}: the diff of {name} differs from {golden.name}"


@pytest.mark.parametrize("lang", LANGS)
def test_each_changes_page_lists_the_articles_its_diff_changed(history, lang):
    recorded = load_yaml(GOLDEN / f"{lang}.yml")
    for name, sections in recorded.items():
        if not name.endswith(" changes"):
            continue
        day = name.split()[0]
        index = page(history.site, f"{LANGS[lang]}privacy/versions/{day}/changes/").find(
            "nav", cls="policy-change-index"
        )
        listed = [a.text().strip() for a in index.find_all("a")] if index is not None else []
        expected = [
            PREAMBLE[lang] if s["section"] == "Preamble" else s["section"]
            for s in sections
            if s["change"] != "unchanged" or s.get("renumbered")
        ]
        assert listed == expected, f"{lang} {day}"
