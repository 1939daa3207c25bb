"""The built site in headless Chromium: it renders, keeps to itself, switches language, searches."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from browser import VIOLATIONS, Visit, Visitor, axe_violations, served

pytestmark = pytest.mark.slow  # a browser; and the visits of the real site's pages, one long group


@pytest.fixture(scope="module")
def base_url(small_site):
    with served(small_site.site) as url:
        yield url


@pytest.fixture(scope="module")
def context(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context
    context.close()


@pytest.fixture(scope="module")
def tab(context):
    """One tab for the tests of a module, each of which begins by going to a page, as a reader
    moves from page to page: a new tab for each would start a renderer process each time. A test
    that changes how a tab behaves (its routes, scripts or media) opens one of its own."""
    return context.new_page()


@pytest.fixture
def own_tab(context):
    page = context.new_page()
    yield page
    page.close()


@pytest.mark.parametrize(
    "start, lang, target",
    [
        ("privacy/", "en", "en/privacy/"),
        ("en/privacy/history/", "ja", "privacy/history/"),
        ("en/privacy/versions/2020-04-01/#article-2", "ja", "privacy/versions/2020-04-01/#article-2"),
        ("privacy/#article-3", "en", "en/privacy/#article-3"),
    ],
)
def test_language_switch_keeps_page_version_and_article(tab, base_url, start, lang, target):
    tab.goto(base_url + start)
    anchor = start.partition("#")[2]
    if anchor:
        # The address follows the reader's scrolling (navigation.tracking): once the page has
        # settled (a late layout shift would move the reader into the next article), the reader
        # is at the article, and the address says so.
        tab.wait_for_load_state("networkidle")
        tab.evaluate(f"document.getElementById('{anchor}').scrollIntoView()")
        tab.wait_for_function(f"location.hash === '#{anchor}'", timeout=5000)
    tab.hover(".md-header__option .md-select")
    tab.click(f"a.md-select__link[hreflang={lang}]")
    tab.wait_for_url(base_url + target)
    assert tab.locator("html").get_attribute("lang") == lang


def test_a_link_to_the_binding_text_goes_where_it_says(tab, base_url):
    """The theme takes each `<link rel=alternate>` for the root of a language and would send a
    click on any link below one to that address itself: "Read the Japanese text" of a version
    would open today's Japanese policy. The link goes where its address says."""
    tab.goto(base_url + "en/privacy/")
    link = tab.locator(".policy-status--translation a[hreflang=ja]").first
    target = link.evaluate("a => a.href")
    assert target.startswith(base_url + "privacy/versions/") and target != base_url + "privacy/"
    with tab.expect_navigation():
        link.click()
    assert tab.url == target


@pytest.fixture(scope="module")
def search(context):
    """The result links the theme's search shows for a query typed on a page: one tab per page,
    loaded once, in which each query replaces the last as a reader retypes one."""
    tabs = {}

    def results(url: str, query: str) -> list[str]:
        if url not in tabs:
            tabs[url] = context.new_page()
            tabs[url].goto(url)
        tab = tabs[url]
        links = tab.locator(".md-search-result__item a")
        # An empty query clears the last one's results, so none of them is read as this one's.
        tab.fill("input.md-search__input", "")
        tab.keyboard.press("End")  # a key event, which the theme's search listens for
        links.first.wait_for(state="detached")
        # The worker answers once its index is built; until then, ask again.
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            tab.fill("input.md-search__input", query)
            tab.keyboard.press("End")
            try:
                links.first.wait_for(timeout=500)
                break
            except PlaywrightTimeout:
                continue
        return [links.nth(i).get_attribute("href") for i in range(links.count())]

    yield results
    for tab in tabs.values():
        tab.close()


# The search tests run in one worker, which loads each page they search from once.
searching = pytest.mark.xdist_group("search")


@searching
@pytest.mark.parametrize(
    "path, query, expected",
    [("privacy/", "個人情報", "privacy/"), ("en/privacy/", "purposes", "en/privacy/")],
)
def test_search_finds_the_current_policy_in_each_language(search, base_url, path, query, expected):
    hrefs = search(base_url + path, query)
    assert base_url + expected in hrefs, hrefs
    # Only the reader's language: no result leads to the other language's pages.
    assert all(("/en/" in href) == path.startswith("en/") for href in hrefs), hrefs


@pytest.mark.parametrize(
    "path, day, target",
    [
        ("privacy/history/", "2021-06-15", "privacy/versions/2020-04-01/"),
        ("en/privacy/history/", "2020-04-01", "en/privacy/versions/2020-04-01/"),
    ],
)
def test_history_date_lookup_goes_to_the_version_in_force(tab, base_url, path, day, target):
    tab.goto(base_url + path)
    tab.fill("#policy-lookup-date", day)
    tab.click("form.policy-lookup button")
    tab.wait_for_url(base_url + target)


def test_history_date_lookup_before_the_first_version(tab, base_url):
    tab.goto(base_url + "privacy/history/")
    tab.evaluate("document.querySelector('#policy-lookup-date').removeAttribute('min')")
    tab.fill("#policy-lookup-date", "2019-01-01")
    tab.click("form.policy-lookup button")
    assert "施行されていた版はありません" in tab.locator(".policy-lookup__result").inner_text()


def test_pages_read_without_javascript(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    for path in ("privacy/", "en/privacy/history/", "privacy/bilingual/", "about/"):
        page.goto(base_url + path)
        assert page.locator("h1").first.is_visible()
        assert page.locator("article").first.inner_text().strip()
    # Without JavaScript the lookup form stays hidden and the table gives the ranges.
    page.goto(base_url + "privacy/history/")
    assert not page.locator("form.policy-lookup").is_visible()
    assert "施行" in page.locator("table.policy-history").inner_text()
    context.close()


# Every page type of the real site, in both languages.
REAL_PAGES = [
    "",
    "privacy/",
    "privacy/history/",
    "privacy/versions/2019-07-01/",
    "privacy/bilingual/",
    "about/",
    "en/",
    "en/privacy/",
    "en/privacy/history/",
    "en/privacy/versions/2019-07-01/",
    "en/privacy/versions/2019-07-01/updates/2026-11-25/",
    "en/privacy/versions/2019-07-01/earlier/2019-07-01/",
    "en/privacy/bilingual/",
    "en/about/",
]


@pytest.fixture(scope="module")
def real_url(real_site):
    with served(real_site.site) as url:
        yield url


ALL_REAL_PAGES = REAL_PAGES + ["404.html", "en/404.html"]


@dataclass
class PageCheck:
    """A visit to a page of the real site, and what a reader relies on in it."""

    visit: Visit
    heading_visible: bool
    axe_violations: list[str]


@pytest.fixture(scope="module")
def checks(browser, real_url) -> dict[str, PageCheck]:
    """Every page of the real site, visited once for all the tests that judge it."""
    reader = Visitor(browser, viewport={"width": 1280, "height": 900})
    found = {}
    for path in ALL_REAL_PAGES:
        # axe runs while the page settles (its search still loading its language files).
        visit = reader.visit(
            real_url + path, meanwhile=lambda tab: (tab.locator("h1").first.is_visible(), axe_violations(tab))
        )
        heading_visible, violations = visit.found
        found[path] = PageCheck(visit=visit, heading_visible=heading_visible, axe_violations=violations)
    reader.close()
    return found


# The tests that read the visits run in one worker, which visits the pages once.
on_the_visited_pages = pytest.mark.xdist_group("real-pages")


@on_the_visited_pages
@pytest.mark.parametrize("path", ALL_REAL_PAGES)
def test_pages_load_only_from_this_site_and_set_no_cookie(checks, path):
    check = checks[path]
    assert check.visit.status == 200
    assert check.visit.hosts == {"127.0.0.1"}
    assert check.visit.cookies == []
    assert check.heading_visible
    # The page's own scripts all run under its Content-Security-Policy (that search works under
    # it is shown by the search tests).
    assert check.visit.csp_violations == []


@on_the_visited_pages
@pytest.mark.parametrize("path", ALL_REAL_PAGES)
def test_no_accessibility_violations(checks, path):
    """axe-core, with all its rules (WCAG 2.1 A and AA and best practices), on every page type
    of the real site, in both languages: everything on a page is inside a landmark."""
    assert checks[path].axe_violations == []


@dataclass
class Reading:
    """A page of the real site read without JavaScript."""

    status: int
    heading_visible: bool
    article_text: str


@pytest.fixture(scope="module")
def readings(browser, real_url) -> dict[str, Reading]:
    """Every page type read with JavaScript off, one after another in one tab."""
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    found = {}
    for path in REAL_PAGES:
        response = tab.goto(real_url + path)
        found[path] = Reading(
            status=response.status,
            heading_visible=tab.locator("h1").first.is_visible(),
            article_text=tab.locator("article").first.inner_text().strip(),
        )
    context.close()
    return found


@on_the_visited_pages
@pytest.mark.parametrize("path", REAL_PAGES)
def test_every_page_type_reads_without_javascript(readings, path):
    reading = readings[path]
    assert reading.status == 200
    assert reading.heading_visible
    assert len(reading.article_text) > 50


INJECTED = (
    "<script>window.__ran.push('inline script');</script>"
    '<img src="data:," onerror="window.__ran.push(\'event handler\')">'
    '<a id="injected-link" href="javascript:void(window.__ran.push(\'javascript: URL\'))">link</a>'
)


@pytest.mark.parametrize("keep_policy", [True, False])
def test_the_content_security_policy_blocks_an_injected_script(own_tab, real_url, real_site, keep_policy):
    """Markup injected into a built page, as if its text had slipped through, does not run.

    Without the policy (the control), the same markup runs: the test can tell the difference."""
    html = (real_site.site / "privacy" / "index.html").read_text("utf-8")
    html = html.replace("<article", INJECTED + "<article", 1)
    if not keep_policy:
        html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
    own_tab.route(real_url + "privacy/", lambda route: route.fulfill(body=html, content_type="text/html"))
    own_tab.add_init_script(VIOLATIONS + "window.__ran = [];")
    own_tab.goto(real_url + "privacy/")
    own_tab.wait_for_load_state("networkidle")
    own_tab.click("#injected-link")
    # The click's outcome comes as a task of its own: the report of the blocked link (the
    # second blocked inline script, after the one in the page), or the link's run.
    if keep_policy:
        own_tab.wait_for_function(
            "window.__violations.filter(v => v.startsWith('script-src-elem')).length === 2"
        )
    else:
        own_tab.wait_for_function("window.__ran.length === 3")
    ran = own_tab.evaluate("window.__ran")
    if keep_policy:
        assert ran == []
        blocked = own_tab.evaluate("window.__violations")
        assert any(v.startswith("script-src-elem inline") for v in blocked), blocked
        assert any(v.startswith("script-src-attr inline") for v in blocked), blocked
    else:
        assert sorted(ran) == ["event handler", "inline script", "javascript: URL"]


@searching
@pytest.mark.parametrize(
    "path, query, article",
    [
        ("privacy/", "第三者提供", "privacy/#article-5"),
        ("privacy/", "開示", "privacy/#article-10"),
        # Japanese readers type phrases with particles, and the words run together without spaces.
        ("privacy/", "個人情報の開示", "privacy/#article-10"),
        ("privacy/", "個人情報を第三者に提供", "privacy/#article-5"),
        ("privacy/", "クッキーの利用", "privacy/#article-7"),
        ("en/privacy/", "cookies", "en/privacy/#article-7"),
        ("en/privacy/", "retention", "en/privacy/#article-13"),
    ],
)
def test_search_on_the_real_policy_finds_the_article_in_the_readers_language(
    search, real_url, path, query, article
):
    hrefs = search(real_url + path, query)
    assert real_url + article in hrefs, hrefs
    assert all(("/en/" in href) == path.startswith("en/") for href in hrefs), hrefs


def test_print_shows_the_version_facts_and_no_site_chrome(own_tab, base_url):
    own_tab.goto(base_url + "privacy/versions/2020-04-01/")
    own_tab.emulate_media(media="print")
    assert own_tab.locator("h1").first.is_visible()
    assert own_tab.locator("dl.policy-facts").is_visible()
    for chrome in (".md-header", ".md-sidebar--primary", ".md-footer", ".policy-links"):
        assert not own_tab.locator(chrome).first.is_visible(), chrome


def test_bilingual_view_alternates_on_a_narrow_screen(browser, base_url):
    for width, side_by_side in ((1280, True), (390, False)):
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        page.goto(base_url + "privacy/bilingual/")
        ja, en = page.locator("#article-1 .policy-bilingual__cell").all()
        a, b = ja.bounding_box(), en.bounding_box()
        assert (abs(a["y"] - b["y"]) < 1) == side_by_side, width
        assert (b["y"] >= a["y"] + a["height"] - 1) == (not side_by_side), width
        context.close()


def test_no_accessibility_violations_on_diff_pages(tab, base_url, small_site):
    """The fixture has no revision, so the diff pages are checked on a scripted one elsewhere;
    here the history's lookup form and the version page of the fixture."""
    for path in ("privacy/history/", "en/privacy/versions/2020-04-01/"):
        tab.goto(base_url + path)
        assert axe_violations(tab) == [], path


@pytest.fixture(scope="module")
def articles_url(articles_site):
    with served(articles_site.site) as url:
        yield url


@pytest.mark.parametrize(
    ("path", "states"),
    [
        ("privacy/articles/article-4/", ["2023年4月1日削除", "第4条", "第4条（旧第3条）", "第3条", "第3条"]),
        (
            "en/privacy/articles/article-4/",
            [
                "Deleted on April 1, 2023",
                "Article 4",
                "Article 4 (formerly Article 3)",
                "Article 3",
                "Article 3",
            ],
        ),
    ],
)
def test_an_article_history_shows_every_state_with_no_accessibility_violation(
    tab, articles_url, path, states
):
    """The removal and the four wordings, newest first, each a heading a reader can jump to."""
    tab.goto(articles_url + path)
    headings = tab.locator(".policy-article-history > li > h2").all_inner_texts()
    assert [h.strip() for h in headings] == states
    assert tab.locator(".policy-article-history > li").count() == 5
    assert axe_violations(tab) == []


def test_a_heading_link_leads_to_its_article_history(tab, articles_url):
    tab.goto(articles_url + "en/privacy/versions/2019-04-01/")
    tab.locator("#article-3 + .policy-article-link a").click()
    assert tab.url.endswith("/en/privacy/articles/article-4/")
