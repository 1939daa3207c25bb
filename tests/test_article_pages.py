"""Article history pages in a real `mkdocs build --strict`: in both languages, with the dates,
numbers and marks of every wording, linked from each heading, out of search and navigation."""

from __future__ import annotations

import re

import pytest


def _page(site, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def _content(html: str) -> str:
    return html[html.index("<article") : html.index("</article>")]


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


@pytest.mark.parametrize("prefix", ["", "en/"])
@pytest.mark.parametrize("key", ["article-1", "article-2", "article-3", "article-4"])
def test_every_article_has_a_page_in_both_languages(articles_site, prefix, key):
    assert (articles_site.site / prefix / "privacy/articles" / key / "index.html").is_file()


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        (
            "",
            [
                "2023年4月1日削除",
                "第4条 ",
                "2022年4月1日から2023年3月31日まで施行",
                "第4条（旧第3条）",
                "2021年4月1日から2022年3月31日まで施行",
                "文言に変更はありません",
                "第3条 ",
                "2020年4月1日から2021年3月31日まで施行",
                "第3条 ",
                "2019年4月1日から2020年3月31日まで施行",
            ],
        ),
        (
            "en/",
            [
                "Deleted on April 1, 2023",
                "Article 4 ",
                "In force from April 1, 2022 until March 31, 2023",
                "Article 4 (formerly Article 3)",
                "In force from April 1, 2021 until March 31, 2022",
                "The wording did not change",
                "Article 3 ",
                "In force from April 1, 2020 until March 31, 2021",
                "Article 3 ",
                "In force from April 1, 2019 until March 31, 2020",
            ],
        ),
    ],
)
def test_the_removed_article_shows_every_wording_newest_first(articles_site, prefix, expected):
    text = _text(_content(_page(articles_site.site, prefix + "privacy/articles/article-4")))
    at = 0
    for part in expected:
        found = text.find(part, at)
        assert found >= 0, (part, text[at : at + 300])
        at = found + len(part)


@pytest.mark.parametrize(
    ("prefix", "ins", "dele"),
    [("", "データ", "情報"), ("en/", "data", "information")],
)
def test_each_step_is_marked_as_the_changes_pages_mark_it(articles_site, prefix, ins, dele):
    html = _content(_page(articles_site.site, prefix + "privacy/articles/article-4"))
    assert any(ins in _text(mark) for mark in re.findall(r"<ins\b.*?</ins>", html))
    assert any(dele in _text(mark) for mark in re.findall(r"<del\b.*?</del>", html))
    table = 'class="policy-taisho"' in html
    assert table == (prefix == "")  # a 新旧対照表 in Japanese, a redline in English


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_each_wording_links_to_its_version_at_the_article(articles_site, prefix):
    html = _content(_page(articles_site.site, prefix + "privacy/articles/article-4"))
    for day, key in [("2019-04-01", "article-3"), ("2021-04-01", "article-4"), ("2022-04-01", "article-4")]:
        assert f'href="../../versions/{day}/#{key}"' in html


def test_the_article_in_force_says_so(articles_site):
    text = _text(_content(_page(articles_site.site, "en/privacy/articles/article-3")))
    assert "Article 3 (formerly Article 2)" in text
    assert "In force since April 1, 2021" in text


@pytest.mark.parametrize(
    ("path", "label", "links"),
    [
        ("privacy/versions/2019-04-01", "この条の履歴", ["article-1", "article-3", "article-4"]),
        (
            "en/privacy/versions/2019-04-01",
            "History of this article",
            ["article-1", "article-3", "article-4"],
        ),
        ("privacy", "この条の履歴", ["article-1", "article-2", "article-3"]),
    ],
)
def test_each_heading_links_to_its_articles_history(articles_site, path, label, links):
    html = _page(articles_site.site, path)
    found = re.findall(
        r'<p class="policy-article-link" data-search-exclude><a href="([^"]+)">([^<]+)</a></p>', html
    )
    assert [label] * len(links) == [text for _, text in found]
    assert [href.rstrip("/").rsplit("/", 1)[1] for href, _ in found] == links


def test_article_pages_stay_out_of_search_and_navigation_and_in_the_sitemap(articles_site):
    site = articles_site.site
    for index in ("search/search_index.json", "en/search/search_index.json"):
        text = (site / index).read_text(encoding="utf-8")
        assert "articles/" not in text
        assert "この条の履歴" not in text and "History of this article" not in text  # the heading links
    page = _page(site, "privacy/articles/article-4")
    nav = page[page.index('<nav class="md-nav md-nav--primary"') : page.index("</nav>")]
    assert "articles/" not in nav
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "privacy/articles/article-4/" in sitemap and "en/privacy/articles/article-4/" in sitemap


def test_the_language_switch_leads_to_the_same_article(articles_site):
    page = _page(articles_site.site, "privacy/articles/article-4")
    assert re.search(
        r'hreflang="en"[^>]*href="[^"]*en/privacy/articles/article-4/"|href="[^"]*en/privacy/articles/article-4/"[^>]*hreflang="en"',
        page,
    )
