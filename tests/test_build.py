"""Real `mkdocs build --strict` runs of a small fixture site: pages, links, languages, privacy."""

from __future__ import annotations

import hashlib
import json
import re
import shutil

import pytest

from conftest import (
    FIXTURES,
    ROOT,
    mkdocs_build,
    policy_cli,
    policy_plugin,
    policy_process,
    project_config,
    read_config,
    write_config,
    write_project,
)
from htmlscan import page, parse, parse_file, resolve

PAGES = [
    "",
    "privacy/",
    "privacy/history/",
    "privacy/versions/2020-04-01/",
    "about/",
    "privacy/articles/article-2/",
]
LANGS = {"ja": "", "en": "en/"}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", PAGES)
def test_every_page_exists_in_both_languages(small_site, lang, path):
    root = page(small_site.site, LANGS[lang] + path)
    assert root.find("html").attrs["lang"] == lang


def test_generated_pages_stay_out_of_docs(small_site):
    built_from = small_site.site.parent / "docs"  # the copy the build ran on
    docs = sorted(p.relative_to(built_from).as_posix() for p in built_from.rglob("*") if p.is_file())
    assert docs == [
        "about.en.md",
        "about.ja.md",
        "index.en.md",
        "index.ja.md",
        "privacy/history.yml",
        "privacy/versions/2020-04-01.en.md",
        "privacy/versions/2020-04-01.ja.md",
    ]


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("lang, other", [("ja", "en"), ("en", "ja")])
def test_language_switcher_links_to_the_same_page(small_site, path, lang, other):
    url = LANGS[lang] + path
    link = page(small_site.site, url).find("a", cls="md-select__link", hreflang=other)
    assert resolve(url, link.attrs["href"]) == LANGS[other] + path


def _external_references(text: str) -> list[str]:
    return re.findall(
        r"""(?:src|href|srcset|action|poster|data)\s*=\s*["']?\s*((?:https?:)?//[^"'\s>]+)""", text
    )


def test_no_page_references_another_host(small_site):
    found = {}
    for file in small_site.site.rglob("*"):
        if file.suffix in (".html", ".css", ".xml") and file.name != "sitemap.xml":
            refs = _external_references(file.read_text(encoding="utf-8", errors="replace"))
            refs += re.findall(r"url\(\s*['\"]?((?:https?:)?//[^)'\"]+)", file.read_text(errors="replace"))
            if refs:
                found[file.relative_to(small_site.site).as_posix()] = refs
    assert found == {}


def test_fonts_are_not_loaded(small_site):
    html = (small_site.site / "index.html").read_text(encoding="utf-8")
    assert "fonts.googleapis" not in html and "fonts.gstatic" not in html


def test_articles_have_the_same_anchors_in_both_languages(small_site):
    for prefix in LANGS.values():
        root = page(small_site.site, prefix + "privacy/")
        ids = [h.attrs.get("id") for h in root.find_all("h2")]
        assert ids[:3] == ["article-1", "article-2", "article-3"]


@pytest.mark.parametrize(
    "prefix, words, foreign",
    [("", "個人情報", "personal information"), ("en/", "personal information", "個人情報")],
)
def test_each_language_searches_its_own_current_text(small_site, prefix, words, foreign):
    index = json.loads(
        (small_site.site / prefix / "search" / "search_index.json").read_text(encoding="utf-8")
    )
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert "privacy/" in locations  # relative to the language's own root
    assert not [loc for loc in locations if "versions/" in loc or "history/" in loc or loc.startswith("en/")]
    texts = " ".join(doc["text"] + doc["title"] for doc in index["docs"])
    assert words in texts and foreign not in texts
    assert index["config"]["pipeline"] == ["stopWordFilter"]


@pytest.mark.parametrize("lang, date", [("ja", "2020年4月1日"), ("en", "April 1, 2020")])
def test_dates_are_formatted_by_locale(small_site, lang, date):
    facts = page(small_site.site, LANGS[lang] + "privacy/").find("dl", cls="policy-facts")
    assert date in facts.text()


@pytest.mark.parametrize("path", PAGES)
def test_every_page_says_the_japanese_text_prevails(small_site, path):
    ja = page(small_site.site, path).find("div", cls="policy-footer-note").text()
    en = page(small_site.site, "en/" + path).find("div", cls="policy-footer-note").text()
    assert "日本語版が正文" in ja
    assert "The Japanese text is legally binding" in en


def test_english_policy_pages_carry_the_reference_translation_notice(small_site):
    note = page(small_site.site, "en/privacy/").find("div", cls="policy-status--translation")
    assert "reference translation" in note.text()
    link = note.find("a")
    assert resolve("en/privacy/", link.attrs["href"]) == "privacy/versions/2020-04-01/"


def test_japanese_headings_get_anchors(small_site):
    ids = [h.attrs.get("id") for h in page(small_site.site, "about/").find_all("h2")]
    assert ids and all(i and not i.isdigit() and re.search(r"[\u3040-\u9fff]", i) for i in ids)


def test_version_page_shows_its_hash(small_site):
    """The SHA-256 of the text below the front matter, blank lines around it dropped, one final
    newline: what anyone can compute from the file to check the published text."""
    source = (FIXTURES / "small" / "docs" / "privacy" / "versions" / "2020-04-01.ja.md").read_text("utf-8")
    body = source.split("\n---\n", 1)[1]
    expected = hashlib.sha256((body.strip("\n") + "\n").encode("utf-8")).hexdigest()
    shown = page(small_site.site, "privacy/versions/2020-04-01/").find("div", cls="policy-hash").text()
    assert expected in shown


def test_missing_translation_gets_a_notice_and_no_japanese(tmp_path):
    project = tmp_path / "p"
    write_project(project, FIXTURES / "small" / "docs")
    versions = project / "docs" / "privacy" / "versions"
    ja = (versions / "2020-04-01.ja.md").read_text("utf-8")
    (versions / "2026-01-01.ja.md").write_text(
        ja.replace("2020-04-01", "2026-01-01")
        .replace("kind: enactment", "kind: amendment")
        .replace("当社窓口", "当社お客様窓口"),
        "utf-8",
    )
    # Recorded before it took effect, as a new version is; nobody recorded it as published
    # without a translation, so the missing translation is reported.
    recorded = policy_process(project, "lock", "privacy", env={"SOURCE_DATE_EPOCH": "1766000000"})
    assert recorded.returncode == 0, recorded.stderr
    strict = mkdocs_build(project, {"SOURCE_DATE_EPOCH": "1780000000"})
    assert strict.returncode != 0
    assert "2026-01-01" in strict.output and "'en' translation" in strict.output
    build = mkdocs_build(project, {"SOURCE_DATE_EPOCH": "1780000000"}, strict=False)
    assert build.returncode == 0, build.output
    for url in ("en/privacy/", "en/privacy/versions/2026-01-01/"):
        html = (build.site / url / "index.html").read_text("utf-8")
        root = parse(html)
        assert root.find("html").attrs["lang"] == "en"
        article = root.find("article")
        assert "has no English translation" in article.text()
        assert not re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", article.text(skip_class="md-select")), url
        link = root.find("div", cls="policy-status--missing").find("a")
        assert resolve(url, link.attrs["href"]) == "privacy/versions/2026-01-01/"


def test_bad_source_fails_the_build_and_keeps_the_last_good_site(tmp_path):
    project = tmp_path / "p"
    write_project(project, FIXTURES / "small" / "docs")
    good = mkdocs_build(project)
    assert good.returncode == 0, good.output
    before = {p: p.read_bytes() for p in good.site.rglob("*") if p.is_file()}
    source = project / "docs" / "privacy" / "versions" / "2020-04-01.ja.md"
    broken = "---\neffective: 2020-04-01\nkind: [\n---\n"
    source.write_text(broken, "utf-8")
    build = mkdocs_build(project)
    assert build.returncode != 0
    assert "docs/privacy/versions/2020-04-01.ja.md:3: front matter is not valid YAML" in build.output
    assert "Traceback" not in build.output
    assert source.read_text("utf-8") == broken
    assert {p: p.read_bytes() for p in build.site.rglob("*") if p.is_file()} == before


def test_sitemap_lists_every_page_with_its_alternates(small_site):
    text = (small_site.site / "sitemap.xml").read_text("utf-8")
    locs = re.findall(r"<loc>/([^<]*)</loc>", text)
    for prefix in LANGS.values():
        for path in PAGES:
            assert prefix + path in locs
    assert len(locs) == len(set(locs)) == 2 * (len(PAGES) + 3)  # and the bilingual view, two more articles
    assert '<xhtml:link rel="alternate" hreflang="ja" href="/privacy/history/"/>' in text


def test_versions_json_lists_every_version_with_hashes(small_site):
    data = json.loads((small_site.site / "privacy" / "versions.json").read_text("utf-8"))
    assert data["schema"] == 1 and data["policy"] == "privacy"
    assert data["current"] == "2020-04-01" and data["upcoming"] == []
    (version,) = data["versions"]
    assert version["kind"] == "enactment" and version["status"] == "current"
    assert version["url"] == {"ja": "/privacy/versions/2020-04-01/", "en": "/en/privacy/versions/2020-04-01/"}
    assert set(version["sha256"]) == {"ja", "en"} and all(len(h) == 64 for h in version["sha256"].values())
    assert version["translations"]["en"]["status"] == "current"
    assert version["summary"]["ja"] == "本ポリシーを制定しました。"


@pytest.mark.parametrize("prefix, lang", [("", "ja"), ("en/", "en")])
def test_each_language_has_an_atom_feed(small_site, prefix, lang):
    from xml.etree import ElementTree

    feed = ElementTree.parse(small_site.site / prefix / "privacy" / "feed.xml").getroot()
    atom = "{http://www.w3.org/2005/Atom}"
    assert feed.tag == f"{atom}feed"
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == lang
    entries = feed.findall(f"{atom}entry")
    assert len(entries) == 1
    assert entries[0].find(f"{atom}link").get("href") == f"/{prefix}privacy/versions/2020-04-01/"
    link = page(small_site.site, prefix + "privacy/").find("link", type="application/atom+xml")
    assert resolve(prefix + "privacy/", link.attrs["href"]) == f"{prefix}privacy/feed.xml"


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_bilingual_view_aligns_articles_with_their_languages(small_site, prefix):
    root = page(small_site.site, prefix + "privacy/bilingual/")
    rows = [row for row in root.find_all("section", cls="policy-bilingual__row")]
    assert [row.attrs.get("id") for row in rows[1:]] == ["article-1", "article-2", "article-3"]
    for row in rows:
        cells = list(row.find_all("div", cls="policy-bilingual__cell"))
        assert [c.attrs["lang"] for c in cells] == ["ja", "en"]
    ja, en = rows[1].find_all("div", cls="policy-bilingual__cell")
    assert "第1条" in ja.text() and "Article 1" in en.text()
    for url in ("privacy/", "privacy/history/", "privacy/versions/2020-04-01/"):
        hrefs = [
            resolve(prefix + url, a.attrs.get("href", ""))
            for a in page(small_site.site, prefix + url).find_all("a")
        ]
        assert prefix + "privacy/bilingual/" in hrefs, url


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_feeds_are_valid_atom_for_a_real_parser(small_site, prefix):
    import feedparser

    feed = feedparser.parse((small_site.site / prefix / "privacy" / "feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    assert feed.feed.title and feed.feed.id and feed.feed.updated
    (entry,) = feed.entries
    assert entry.id and entry.title and entry.updated and entry.summary
    assert entry.link.endswith("privacy/versions/2020-04-01/")


def test_the_theme_script_is_given_no_other_host_to_call(small_site):
    """Material's script calls the GitHub API only for a repository widget (repo_url)."""
    for url in ("", "en/privacy/", "privacy/history/"):
        root = page(small_site.site, url)
        config = json.loads(root.find("script", id="__config").text())
        assert not [v for v in json.dumps(config).split('"') if v.startswith(("http:", "https:", "//"))]
        assert root.find("div", cls="md-source") is None and root.find("a", cls="md-source") is None


@pytest.mark.parametrize(
    "url, expected",
    [
        ("privacy/", "プライバシーポリシー: 本ポリシーを制定しました。"),
        (
            "en/privacy/versions/2020-04-01/",
            "Privacy Policy (effective April 1, 2020): Enactment of this policy.",
        ),
        ("en/privacy/history/", "Privacy Policy: history"),
    ],
)
def test_pages_have_their_own_meta_description(small_site, url, expected):
    meta = page(small_site.site, url).find("meta", name="description")
    assert meta.attrs["content"] == expected


def test_each_language_has_its_own_404_and_the_root_one_is_japanese(small_site):
    assert parse_file(small_site.site / "404.html").find("html").attrs["lang"] == "ja"
    assert parse_file(small_site.site / "en" / "404.html").find("html").attrs["lang"] == "en"


def test_with_the_site_address_links_in_head_and_sitemap_are_absolute(tmp_path):
    write_project(tmp_path, FIXTURES / "small" / "docs")
    build = mkdocs_build(
        tmp_path, {"SOURCE_DATE_EPOCH": "1700000000", "SITE_URL": "https://policies.example.org/"}
    )
    assert build.returncode == 0, build.output
    head = page(build.site, "en/privacy/history/")
    assert (
        head.find("link", rel="canonical").attrs["href"] == "https://policies.example.org/en/privacy/history/"
    )
    alternates = {
        link.attrs["hreflang"]: link.attrs["href"]
        for link in head.find_all("link", rel="alternate")
        if "hreflang" in link.attrs
    }
    assert alternates == {
        "ja": "https://policies.example.org/privacy/history/",
        "x-default": "https://policies.example.org/privacy/history/",
        "en": "https://policies.example.org/en/privacy/history/",
    }
    sitemap = (build.site / "sitemap.xml").read_text("utf-8")
    assert "<loc>https://policies.example.org/en/privacy/</loc>" in sitemap
    assert (
        '<xhtml:link rel="alternate" hreflang="x-default" href="https://policies.example.org/privacy/"/>'
        in sitemap
    )


def test_descriptions_with_quotes_are_escaped(tmp_path):
    write_project(tmp_path, FIXTURES / "small" / "docs")
    path = tmp_path / "docs" / "privacy" / "versions" / "2020-04-01.en.md"
    path.write_text(
        path.read_text("utf-8").replace(
            "summary: Enactment of this policy.",
            "summary: Enactment of the \"policy\" & its 'terms' **now**.",
        ),
        "utf-8",
    )
    # Published with that summary: the record locks it as it is (a record from before summaries
    # were locked gets them from `policy lock`).
    record = tmp_path / "docs" / "privacy" / "history.yml"
    kept = [line for line in record.read_text("utf-8").splitlines(keepends=True) if "front:" not in line]
    record.write_text("".join(kept), "utf-8")
    assert policy_cli(tmp_path, "lock", "privacy", env={"SOURCE_DATE_EPOCH": "1700000000"}).returncode == 0
    build = mkdocs_build(tmp_path, {"SOURCE_DATE_EPOCH": "1700000000"})
    assert build.returncode == 0, build.output
    meta = page(build.site, "en/privacy/").find("meta", name="description")
    # The summary is Markdown: its description is its words, quotes and all.
    assert meta.attrs["content"] == "Privacy Policy: Enactment of the \"policy\" & its 'terms' now."


def test_a_second_policy_in_the_real_configuration_is_built_beside_the_first(tmp_path):
    """The real site with another policy listed in its mkdocs.yml, with its own versions folder
    and one version: both policies are built, in every language."""
    config = project_config(["privacy"])
    policy_plugin(config)["policies"]["appi"] = {
        "source_language": "ja",
        "languages": ["ja", "en"],
        "title": {"ja": "個人情報の取扱い", "en": "Handling of Personal Information"},
    }
    write_config(tmp_path / "mkdocs.yml", config)
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    shutil.copytree(FIXTURES / "small" / "docs" / "privacy", tmp_path / "docs" / "appi")
    # The borrowed text was not translated to INPRO's glossary, which the strict build enforces.
    (tmp_path / "docs" / "glossary.yml").unlink()
    build = mkdocs_build(tmp_path)
    assert build.returncode == 0, build.output
    for prefix in LANGS.values():
        for policy, title in (("privacy", "プライバシーポリシー"), ("appi", "個人情報の取扱い")):
            if prefix:
                title = "Privacy Policy" if policy == "privacy" else "Handling of Personal Information"
            assert title in page(build.site, f"{prefix}{policy}/").find("h1").text()
            page(build.site, f"{prefix}{policy}/history/")
        page(build.site, f"{prefix}privacy/versions/2019-07-01/")
        page(build.site, f"{prefix}appi/versions/2020-04-01/")


def test_a_fixture_configuration_lists_only_the_fixture_policies():
    """Fixtures build their own policies only, whatever else the real mkdocs.yml lists."""
    real = read_config()
    policy_plugin(real)["policies"]["appi"] = {"source_language": "ja", "languages": ["ja", "en"]}
    real["nav"].append({"個人情報の取扱い": "appi/index.md"})
    config = project_config(["privacy"], real)
    assert list(policy_plugin(config)["policies"]) == ["privacy"]
    assert not any("appi/" in str(entry) for entry in config["nav"])
    assert any("privacy/" in str(entry) for entry in config["nav"])
