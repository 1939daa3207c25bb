"""INPRO's site with a scripted revision, against readable goldens: what the generator writes.

The real docs get one amendment (a phrase edited, an article inserted before the last two,
which are renumbered), made with the `policy` command as legal staff make one and built for a
fixed day, so every page type exists in every language. For each page, tests/golden/site/
holds the content area the generator fills (`<article class="md-content__inner">`), one tag or
text per line (whitespace between words collapsed), the feeds, versions data, sitemap and search
index, and each revision's diff data as YAML: a change to a template, a message or the
diff shows there as a readable diff, and the theme's own bundles are not part of it. A change
that is meant is recorded again with

    UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_site_golden.py

and reviewed in the golden files' diff.
"""

from __future__ import annotations

import json
import os
import shutil
from html import escape
from pathlib import Path

import pytest

from conftest import ROOT, Build, load_yaml, made_once, mkdocs_build, policy_cli, write_project
from goldens import literal_yaml
from htmlscan import VOID, Element, parse
from policy_site.diff import diff_documents
from policy_site.parse import parse_body, split_front_matter
from policy_site.redline import as_data

GOLDEN = ROOT / "tests" / "golden" / "site"
# Re-recording empties the folder the other test reads: both run in one worker, in order.
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("site-golden")]
EFFECTIVE = "2026-06-01"
BEFORE = {"SOURCE_DATE_EPOCH": "1780000000"}  # 2026-05-29 in Japan
AFTER = {"SOURCE_DATE_EPOCH": "1780400000", "SITE_URL": "https://policies.example.org/"}
EDITS = {
    "ja": [
        ("summary:\n", "summary: 仮名加工情報の条を新設しました。\n"),
        ("適正かつ公正な手段によってプライバシー情報", "適正かつ公正な手段によってのみプライバシー情報"),
        ("## 第15条（お問い合わせ窓口）", "## 第16条（お問い合わせ窓口）"),
        (
            "## 第14条（プライバシーポリシーの変更）",
            "## 第14条（仮名加工情報）\n\n当社は、仮名加工情報を作成するときは、法令に定める基準に従います。\n\n"
            "## 第15条（プライバシーポリシーの変更）",
        ),
    ],
    "en": [
        ("summary:\n", "summary: Adds an article on pseudonymised information.\n"),
        ("by proper and fair means", "by proper and fair means only"),
        ("## Article 15 (Contact)", "## Article 16 (Contact)"),
        (
            "## Article 14 (Changes to this Policy)",
            "## Article 14 (Pseudonymised Information)\n\nThe Company follows the standards set by law "
            "when it creates pseudonymised information.\n\n## Article 15 (Changes to this Policy)",
        ),
    ],
}


@pytest.fixture(scope="module")
def revised(tmp_path_factory) -> Build:
    return made_once(tmp_path_factory, "inpro-revised", _revised)


def _revised(project) -> Build:
    """This repository's site with a revision of its privacy policy recorded, built after its date."""
    write_project(project, ROOT / "docs")
    created = policy_cli(project, "new", "privacy", "--effective", EFFECTIVE, env=BEFORE)
    assert created.returncode == 0, created.stderr
    for lang, edits in EDITS.items():
        path = project / "docs" / "privacy" / "versions" / f"{EFFECTIVE}.{lang}.md"
        text = path.read_text("utf-8")
        for old, new in edits:
            assert old in text, old
            text = text.replace(old, new, 1)
        path.write_text(text, "utf-8")
    for args in (("update-translation", "privacy", EFFECTIVE, "--lang", "en"), ("lock", "privacy")):
        done = policy_cli(project, *args, env=BEFORE)
        assert done.returncode == 0, done.stderr
    build = mkdocs_build(project, AFTER)
    assert build.returncode == 0, build.output
    return build


def _lines(node, depth: int = 0) -> list[str]:
    """An element as one tag or text per line, indented by depth; attributes sorted."""
    pad = "  " * depth
    if isinstance(node, str):
        text = " ".join(node.split())
        return [pad + escape(text, quote=False)] if text else []
    attrs = "".join(f' {k}="{escape(v)}"' for k, v in sorted(node.attrs.items()))
    lines = [f"{pad}<{node.tag}{attrs}>"]
    for child in node.children:
        lines += _lines(child, depth + 1)
    if node.tag not in VOID:
        lines.append(f"{pad}</{node.tag}>")
    return lines


def _content(html: str) -> Element | None:
    return parse(html).find("article", cls="md-content__inner")


def _pages(site: Path) -> dict[str, str]:
    """The content area of every page the site has, normalised, by the page's path."""
    pages = {}
    for path in sorted(site.rglob("*.html")):
        content = _content(path.read_text("utf-8"))
        if content is not None:
            pages[path.relative_to(site).as_posix()] = "\n".join(_lines(content)) + "\n"
    return pages


def _data(site: Path) -> dict[str, str]:
    """The files the generator writes besides pages: feeds, the versions' data, the sitemap and
    the search index (JSON indented, so that a change shows on its own lines)."""
    files = {}
    for pattern in ("**/feed.xml", "**/versions.json", "sitemap.xml", "**/search_index.json"):
        for path in sorted(site.glob(pattern)):
            text = path.read_text("utf-8")
            if path.suffix == ".json":
                text = json.dumps(json.loads(text), ensure_ascii=False, indent=1) + "\n"
            files[path.relative_to(site).as_posix()] = text
    return files


def _diffs(project: Path) -> dict[str, str]:
    """The data of each revision's diff against the version before, per language, as YAML."""
    diffs = {}
    versions = project / "docs" / "privacy" / "versions"
    for lang in ("ja", "en"):
        files = sorted(versions.glob(f"*.{lang}.md"))
        documents = [parse_body(str(f), split_front_matter(f.read_text("utf-8"))[1])[0] for f in files]
        for before, file, after in zip(documents, files[1:], documents[1:], strict=False):
            data = as_data(diff_documents(before, after, lang))
            diffs[f"diff/privacy/{file.stem}.yml"] = literal_yaml(data)
    return diffs


def _record(outputs: dict[str, str]) -> None:
    shutil.rmtree(GOLDEN, ignore_errors=True)
    for name, text in outputs.items():
        (GOLDEN / name).parent.mkdir(parents=True, exist_ok=True)
        (GOLDEN / name).write_text(text, "utf-8")


def test_every_page_and_diff_is_the_recorded_one(revised):
    outputs = _pages(revised.site) | _data(revised.site) | _diffs(revised.site.parent)
    assert f"privacy/versions/{EFFECTIVE}/changes/index.html" in outputs
    assert f"en/privacy/versions/{EFFECTIVE}/changes/index.html" in outputs
    if os.environ.get("UPDATE_GOLDEN"):
        _record(outputs)
    recorded = {p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*") if p.is_file()}
    assert sorted(recorded) == sorted(outputs), "pages were added or removed"
    for name, text in outputs.items():
        assert (GOLDEN / name).read_text("utf-8") == text, f"{name} differs from tests/golden/site/{name}"


def test_the_recorded_diff_data_reads_back_as_data(revised):
    """The YAML goldens are data, not only text: the inserted article is there in each language."""
    for lang, heading in (("ja", "第14条（仮名加工情報）"), ("en", "Article 14 (Pseudonymised Information)")):
        data = load_yaml(GOLDEN / "diff" / "privacy" / f"{EFFECTIVE}.{lang}.yml")
        inserted = [s for s in data["sections"] if s["change"] == "added"]
        assert [s["new"]["heading"] for s in inserted] == [heading]
