"""The published content itself: the 2019 English exactly as published, and the Japanese text
with the same structure, articles 1-15 and the same anchors in both languages."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT
from htmlscan import page, resolve
from policy_site.parse import split_front_matter
from policy_site.sources import read_text

SEED = ROOT.parent / "shared" / "seeds" / "000_40cf765cfc9bddda.txt"
VERSIONS = ROOT / "docs" / "privacy" / "versions"
# Page-scrape debris after Article 15, and the enactment line, which is history data.
DEBRIS = [
    "① Personal information printed on paper: shredded using shredder",
    "② Personal information stored in the form of electronic files: Deletion of records",
    "2019/07/01 Enactment",
    "2019/07/01 Enactment",
]


def _text(name: str):
    text, problems = read_text(VERSIONS / name, name, name.split(".")[1])
    assert [p for p in problems if p.severity == "error"] == []
    return text


@pytest.mark.skipif(not SEED.exists(), reason="the seed lives in ../shared beside the repository")
def test_english_2019_as_published_is_kept_exactly():
    lines = [line.strip() for line in SEED.read_text("utf-8").splitlines() if line.strip()]
    assert lines[:2] == ["Privacy Policy", "Privacy Policy"]  # the page title, twice
    assert lines[-4:] == DEBRIS
    published = lines[2:-4]
    # Corrected by a translation update; the text as published is kept as the earlier text.
    path = ROOT / "docs" / "privacy" / "earlier" / "2019-07-01.en.2019-07-01.md"
    text, problems = read_text(path, path.name, "en")
    assert [p for p in problems if p.severity == "error"] == []
    ours = [b.text for b in text.document.preamble]
    for section in text.document.sections:
        ours.append(section.heading)
        ours += [b.text for b in section.blocks]
    assert ours == published


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_2019_has_articles_1_to_15(lang):
    text = _text(f"2019-07-01.{lang}.md")
    assert [s.key for s in text.document.sections] == [f"article-{n}" for n in range(1, 16)]
    assert text.document.preamble


def test_japanese_follows_the_drafting_style():
    text = _text("2019-07-01.ja.md")
    headings = [s.heading for s in text.document.sections]
    assert all(re.fullmatch(r"第\d+条（[^（）]+）", h) for h in headings), headings
    body = split_front_matter((VERSIONS / "2019-07-01.ja.md").read_text("utf-8"))[1]
    for term in [
        "当社",
        "本サービス",
        "ユーザー",
        "個人情報",
        "個人識別符号",
        "履歴情報及び特性情報",
        "第三者",
        "委託",
        "共同利用",
        "開示",
        "訂正",
        "利用停止",
        "安全管理措置",
    ]:
        assert term in body, term
    # Japanese punctuation, not ASCII commas and periods between Japanese words.
    assert not re.search(r"[\u3040-\u30ff\u4e00-\u9fff][,.][\u3040-\u30ff\u4e00-\u9fff]", body)


def test_both_languages_have_the_same_paragraph_structure():
    ja, en = _text("2019-07-01.ja.md"), _text("2019-07-01.en.md")
    for a, b in zip(ja.document.sections, en.document.sections, strict=True):
        kinds_ja = [blk.kind for blk in a.blocks if blk.kind != "plain"]
        kinds_en = [blk.kind for blk in b.blocks if blk.kind != "plain"]
        assert kinds_ja == kinds_en, a.heading


def test_the_real_site_builds_with_article_anchors(real_site):
    for prefix in ("", "en/"):
        for url in ("privacy/", "privacy/versions/2019-07-01/"):
            ids = [h.attrs.get("id") for h in page(real_site.site, prefix + url).find_all("h2")]
            assert ids == [f"article-{n}" for n in range(1, 16)], prefix + url


def test_about_page_says_the_japanese_is_a_reconstruction(real_site):
    assert "復元したもの" in page(real_site.site, "about/").find("article").text()
    assert "reconstruction" in page(real_site.site, "en/about/").find("article").text()
    readme = (ROOT / "README.md").read_text("utf-8")
    assert "reconstruction" in readme


def test_the_as_published_english_stays_readable_and_linked(real_site):
    url = "en/privacy/versions/2019-07-01/earlier/2019-07-01/"
    earlier = page(real_site.site, url)
    assert "Article 1 (Number of Acts, etc.)" in earlier.find("div", cls="policy-text").text()
    row = page(real_site.site, "en/privacy/history/").find("tr", cls="policy-history__row--update")
    assert "Translation update" in row.text()
    assert "en/privacy/versions/2019-07-01/earlier/2019-07-01/" in [
        resolve("en/privacy/history/", a.attrs["href"]) for a in row.find_all("a")
    ]
    current = page(real_site.site, "en/privacy/")
    assert "Article 1 (Compliance with Laws and Regulations)" in current.find("div", cls="policy-text").text()


def test_the_about_page_command_gives_the_hash_shown_on_the_version_page(real_site, tmp_path):
    import re
    import subprocess

    about = (ROOT / "docs" / "about.en.md").read_text("utf-8")
    command = re.search(r"```sh\n(python3 .*)\n```", about).group(1)
    result = subprocess.run(command, shell=True, cwd=ROOT, capture_output=True, text=True, check=True)
    shown = page(real_site.site, "en/privacy/versions/2019-07-01/").find("div", cls="policy-hash").text()
    assert result.stdout.strip() and result.stdout.strip() in shown


def test_versions_json_of_the_real_site_follows_its_schema(real_site):
    import json

    import jsonschema

    schema = json.loads((ROOT / "scripts" / "policy_site" / "versions.schema.json").read_text("utf-8"))
    data = json.loads((real_site.site / "privacy" / "versions.json").read_text("utf-8"))
    jsonschema.validate(data, schema)
    assert data["versions"][0]["corrections"][0]["kind"] == "translation"
    broken = {**data, "versions": [{**data["versions"][0], "kind": "revision"}]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)
