"""Policies of any shape on one site, by configuration only (tests/fixtures/shapes).

Site languages ja (default), en and de; a bilingual policy written in Japanese (privacy:
ja, en), an English-only one in New York time (statement: en) and a Japanese-only one (terms:
ja), each with two versions recorded with `policy import <id>`. No policy has a
German text, and there is no catalog of the generator's messages in German.
"""

from __future__ import annotations

import json
import shutil

import jsonschema
import pytest

from conftest import FIXTURES, ROOT, made_once, mkdocs_build, policy_cli
from htmlscan import page, parse_file
from policy_site.messages import FallbackMessage
from policy_site.navigation import nav_for_language, page_url
from sitecheck import broken_references, check_reference, sitemap_addresses

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("shapes")]

SHAPES = FIXTURES / "shapes"
EPOCH = {"SOURCE_DATE_EPOCH": "1780000000"}  # 2026-05-28 20:26 UTC: 29 May in Tokyo, 28 May in New York
PREFIX = {"ja": "", "en": "en/", "de": "de/"}
POLICIES = {  # id: (source language, languages, versions)
    "privacy": ("ja", ("ja", "en"), ("2020-04-01", "2021-04-01")),
    "statement": ("en", ("en",), ("2020-01-01", "2022-01-01")),
    "terms": ("ja", ("ja",), ("2019-10-01", "2023-10-01")),
}
BINDING = {  # how the footer names each source language, per page language
    ("ja", "ja"): "日本語以外の言語による文書は参考訳です",
    ("en", "ja"): "英語以外の言語による文書は参考訳です",
    ("ja", "en"): "Texts in languages other than Japanese are reference translations",
    ("en", "en"): "Texts in languages other than English are reference translations",
}


def shapes_project(dest):
    """A copy of the shapes fixture in `dest`, using this repository's templates."""
    shutil.copytree(SHAPES, dest, dirs_exist_ok=True)
    config = dest / "mkdocs.yml"
    text = config.read_text("utf-8").replace("custom_dir: overrides", f"custom_dir: {ROOT / 'overrides'}")
    config.write_text(text, "utf-8")
    return dest


@pytest.fixture(scope="module")
def shapes(tmp_path_factory):
    build = made_once(tmp_path_factory, "shapes", lambda dest: mkdocs_build(shapes_project(dest), EPOCH))
    assert build.returncode == 0, build.output
    return build.site


def _pages(site, prefix: str, policy_id: str) -> list[str]:
    folder = site / prefix / policy_id
    return (
        sorted(p.relative_to(site).as_posix() for p in folder.rglob("index.html")) if folder.exists() else []
    )


def test_it_builds_strictly_with_no_reference_that_leads_nowhere(shapes):
    assert broken_references(shapes) == []


def test_the_checker_sees_every_kind_of_reference(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<h2 id="x">x</h2>', "utf-8")
    (tmp_path / "index.html").write_text(
        '<link rel="alternate" hreflang="en" href="en/"><img src="i.png"><a href="a/#y">y</a><a href="a/#x">x</a>',
        "utf-8",
    )
    (tmp_path / "sitemap.xml").write_text(
        '<url><loc>/a/</loc><xhtml:link rel="alternate" hreflang="de" href="/de/a/"/></url>', "utf-8"
    )
    assert broken_references(tmp_path) == [
        ("", "en/", "no such file"),
        ("", "i.png", "no such file"),
        ("", "a/#y", "no such anchor"),
        ("sitemap.xml", "/de/a/", "no such file"),
    ]
    assert check_reference(tmp_path, "a/", "https://cdn.example/x.js", {}) == "another host"


@pytest.mark.parametrize("policy_id", POLICIES)
@pytest.mark.parametrize("lang", PREFIX)
def test_a_policy_has_pages_in_its_languages_only(shapes, policy_id, lang):
    source, languages, versions = POLICIES[policy_id]
    pages = _pages(shapes, PREFIX[lang], policy_id)
    if lang in languages:
        base = PREFIX[lang] + policy_id
        for version in versions:
            assert f"{base}/versions/{version}/index.html" in pages
        assert f"{base}/index.html" in pages and f"{base}/history/index.html" in pages
        assert (shapes / PREFIX[lang] / policy_id / "feed.xml").is_file()
    else:
        assert pages == []
        assert not (shapes / PREFIX[lang] / policy_id).exists()


def test_the_sitemap_and_search_know_only_pages_that_exist(shapes):
    addresses = sitemap_addresses(shapes)
    for policy_id, (_, languages, _) in POLICIES.items():
        for lang in set(PREFIX) - set(languages):
            assert not [a for a in addresses if a.startswith(PREFIX[lang] + policy_id + "/")]
    for lang, prefix in PREFIX.items():
        index = json.loads((shapes / prefix / "search" / "search_index.json").read_text("utf-8"))
        found = {doc["location"].split("/")[0] for doc in index["docs"]}
        expected = {pid for pid, (_, languages, _) in POLICIES.items() if lang in languages}
        assert found & set(POLICIES) == expected


@pytest.mark.parametrize("policy_id", POLICIES)
def test_each_policy_page_states_its_own_binding_language(shapes, policy_id):
    source, languages, _ = POLICIES[policy_id]
    checked = 0
    for lang in languages:
        for url in _pages(shapes, PREFIX[lang], policy_id):
            root = parse_file(shapes / url)
            (note,) = list(root.find_all("div", cls="policy-footer-note"))
            text = " ".join(note.text().split())
            assert BINDING[(source, lang)] in text, url
            other = "en" if source == "ja" else "ja"
            assert BINDING[(other, lang)] not in text, url
            checked += 1
    assert checked >= 6 * len(languages)  # current, history, 2 versions, changes, compare


@pytest.mark.parametrize("lang", PREFIX)
@pytest.mark.parametrize("url", ["", "404.html"])
def test_pages_of_no_policy_name_each_policy_with_its_binding_language(shapes, lang, url):
    file = shapes / PREFIX[lang] / (url or "index.html")
    (note,) = list(parse_file(file).find_all("div", cls="policy-footer-note"))
    lines = [" ".join(p.text().split()) for p in note.find_all("p")]
    assert len(lines) == 3
    if lang != "de":
        assert BINDING[("ja", lang)] in lines[0] and BINDING[("en", lang)] in lines[1]
        assert BINDING[("ja", lang)] in lines[2]


@pytest.mark.parametrize("lang", PREFIX)
def test_every_home_page_lists_every_policy_with_its_languages(shapes, lang):
    home = page(shapes, PREFIX[lang])
    items = list(home.find("ul", cls="policy-index").find_all("li"))
    assert len(items) == len(POLICIES)
    for item, (policy_id, (source, languages, _)) in zip(items, POLICIES.items(), strict=True):
        link = item.find("h2").find("a")
        target = PREFIX[lang if lang in languages else source] + policy_id + "/"
        assert check_reference(shapes, PREFIX[lang], link.attrs["href"], {}) is None
        assert link.attrs["href"].endswith(target.removeprefix(PREFIX[lang]) if lang in languages else target)
        if lang in languages:
            assert "hreflang" not in link.attrs
        else:
            assert link.attrs["hreflang"] == source
        assert item.find("p", cls="policy-index__languages") is not None
    assert (
        " ".join(items[0].text().split()).count("日本語、英語" if lang == "ja" else "Japanese and English")
        == 1
    )


@pytest.mark.parametrize("lang", PREFIX)
def test_every_navigation_lists_every_policy(shapes, lang):
    home = page(shapes, PREFIX[lang])
    links = {
        " ".join(a.text().split()): a.attrs["href"]
        for a in home.find("nav", cls="md-nav--primary").find_all("a", cls="md-nav__link")
    }
    expected = {
        "ja": {
            "プライバシーポリシー": "privacy/",
            "プライバシーステートメント（英語）": "/en/statement/",
            "利用規約": "terms/",
        },
        "en": {
            "Privacy Policy": "privacy/",
            "Privacy Statement": "statement/",
            "Terms of Use (Japanese)": "/terms/",
        },
        "de": {
            "Datenschutzrichtlinie (Japanisch und Englisch)": "/privacy/",
            "Datenschutzerklärung (Englisch)": "/en/statement/",
            "Nutzungsbedingungen (Japanisch)": "/terms/",
        },
    }[lang]
    for title, href in expected.items():
        assert links[title].endswith(href), (title, links)
        assert check_reference(shapes, PREFIX[lang], links[title], {}) is None


@pytest.mark.parametrize(
    "url, expected",
    [
        ("privacy/", {"ja": "./", "en": "../en/privacy/"}),
        ("en/statement/versions/2022-01-01/", {"en": "./"}),
        ("terms/history/", {"ja": "./"}),
    ],
)
def test_the_language_switch_and_alternates_offer_only_the_policy_languages(shapes, url, expected):
    root = page(shapes, url)
    switch = {a.attrs["hreflang"]: a.attrs["href"] for a in root.find_all("a", cls="md-select__link")}
    alternates = {
        link.attrs["hreflang"]: link.attrs["href"]
        for link in root.find_all("link", rel="alternate")
        if link.attrs.get("hreflang") and link.attrs.get("type") != "application/atom+xml"
    }
    if len(expected) > 1:
        assert switch == expected
    else:
        assert set(switch) <= set(expected)
    assert {k: v for k, v in alternates.items() if k != "x-default"} == expected
    assert ("x-default" in alternates) == ("ja" in expected)


@pytest.mark.parametrize(
    "where, policy_id, as_of",
    [("", "privacy", "2026-05-29"), ("en/", "statement", "2026-05-28"), ("", "terms", "2026-05-29")],
)
def test_versions_json_once_per_policy_beside_its_source_text(shapes, where, policy_id, as_of):
    schema = json.loads((ROOT / "scripts" / "policy_site" / "versions.schema.json").read_text("utf-8"))
    data = json.loads((shapes / where / policy_id / "versions.json").read_text("utf-8"))
    jsonschema.validate(data, schema)
    source, languages, versions = POLICIES[policy_id]
    assert data["source_language"] == source and tuple(data["languages"]) == languages
    assert data["as_of"] == as_of  # the date in the policy's own time zone
    assert [v["id"] for v in data["versions"]] == list(versions)
    for version in data["versions"]:
        for url in version["url"].values():
            assert check_reference(shapes, "", url, {}) is None
    others = [p for p in shapes.rglob("versions.json") if p.parent.name == policy_id]
    assert others == [shapes / where / policy_id / "versions.json"]


def test_a_language_without_a_catalog_shows_marked_english_messages(shapes):
    home = page(shapes, "de/")
    assert home.find("html").attrs["lang"] == "de"
    spans = [el for el in home.find_all("span") if el.attrs.get("lang") == "en"]
    texts = [" ".join(el.text().split()) for el in spans]
    assert "History of this policy" in texts
    assert any("The Japanese text is the legally binding one" in t for t in texts)
    assert any(t.startswith("There is no German text of this policy") for t in texts)
    raw = (shapes / "de" / "index.html").read_text("utf-8")
    assert "Japanisch text" not in raw and "Deutsch text" not in raw
    # A date keeps the page's own language inside an English message.
    time = next(el for el in home.find_all("time"))
    assert time.attrs["lang"] == "de" and time.parent.attrs.get("lang") == "en"


def test_a_fallback_message_is_plain_text_in_an_attribute():
    message = FallbackMessage('Renumbered: "1" → 2', "en")
    assert str(message) == '<span lang="en">Renumbered: "1" → 2</span>'
    assert message.__html__() == "Renumbered: &#34;1&#34; → 2"


@pytest.mark.parametrize(
    "path, url",
    [("privacy/index.md", "privacy/"), ("privacy/history/index.md", "privacy/history/"), ("a/b.md", "a/b/")],
)
def test_page_urls_of_navigation_paths(path, url):
    assert page_url(path) == url


def test_navigation_links_a_policy_in_another_language():
    nav = [
        {"Home": "index.md"},
        {"Privacy": "privacy/index.md"},
        {"More": [{"Terms": "terms/history/index.md"}, "https://example.org/"]},
    ]
    made, links = nav_for_language(nav, {"terms": "en/"}, "/site")
    assert made == [
        {"Home": "index.md"},
        {"Privacy": "privacy/index.md"},
        {"More": [{"Terms": "/site/en/terms/history/"}, "https://example.org/"]},
    ]
    assert links == {"/site/en/terms/history/": "terms"}


@pytest.mark.parametrize(
    "stray, message",
    [
        ("privacy/notes/draft.md", "not a version file of policy 'privacy'"),
        ("privacy/2022-01-01.ja.md", "move it to docs/privacy/versions/"),
        ("terms/versions/logo.png", "not a version file of policy 'terms'"),
        ("statement/versions/old/2019-01-01.en.md", "move it to docs/statement/versions/"),
        ("statement/index.md", "not a version file of policy 'statement'"),
    ],
)
def test_anything_else_under_a_policy_folder_is_an_error(tmp_path, stray, message):
    project = shapes_project(tmp_path / "project")
    file = project / "docs" / stray
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text("---\neffective: 2022-01-01\nkind: amendment\nsummary: x\n---\n\nText.\n", "utf-8")
    expected = f"docs/{stray}:1: "
    check = policy_cli(project, "check", "--strict", env=EPOCH)
    assert check.returncode == 1
    assert any(
        line.startswith(f"error: {expected}") and message in line
        for line in check.stdout.splitlines() + check.stderr.splitlines()
    ), check
    build = mkdocs_build(project, EPOCH)
    assert build.returncode != 0 and expected in build.output and message in build.output
    assert not (build.site / stray.removesuffix(".md")).exists()


def test_the_record_and_hidden_files_are_allowed(tmp_path):
    project = shapes_project(tmp_path / "project")
    (project / "docs" / "terms" / ".DS_Store").write_bytes(b"\0")
    check = policy_cli(project, "check", "--strict", env=EPOCH)
    assert check.returncode == 0, check.stdout + check.stderr
