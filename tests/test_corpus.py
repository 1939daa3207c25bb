"""The real-world corpus (tests/fixtures/corpus), imported and built as an adopter would: GitHub's
Privacy Statement (17 versions, en), Mozilla's Firefox Privacy Notice (19 versions, en source with
ja, de, fr and zh) and the Markdown catalogue (every construct of issue 14, en source with ja).

Each site is copied, recorded with `policy import <policy>`, checked with `policy check` and built
with `mkdocs build --strict`, once per module. Then: no page shows internal syntax as text, every
reference resolves, each version page renders its text as markdown-it-py's own HTML renders the
same Markdown, a change inside a construct keeps the construct's markup in both diff views, and
the pages load in Chromium under their Content-Security-Policy with no request to another host.
"""

from __future__ import annotations

import contextlib
import functools
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from mdit_py_plugins.gfm import gfm_plugin

from browser import Visit, Visitor, served
from corpus import (
    SITES,
    CorpusSite,
    built_once,
    normalised,
    shown_syntax,
    version_files,
    version_url,
    without_attribute_lists,
)
from htmlscan import Element, page, parse, tree
from policy_site.parse import split_front_matter
from policy_site.sanitize import clean
from sitecheck import broken_references

pytestmark = pytest.mark.slow


def site_param(name: str, *values):
    """A case of the corpus site `name`, run in the worker that builds that site: a worker that
    asked for a site another one is building would wait for it, idle."""
    return pytest.param(
        name, *values, id="-".join([name, *map(str, values)]), marks=pytest.mark.xdist_group(f"corpus-{name}")
    )


@pytest.fixture(scope="session")
def corpus(tmp_path_factory):
    """The corpus sites, each imported and built once, on first use."""
    return functools.partial(built_once, tmp_path_factory)


def built(corpus, name: str) -> CorpusSite:
    site = corpus(name)
    assert site.failure() is None, site.failure()
    return site


# --- 1. imported and built as an adopter would ----------------------------------------------------


@pytest.mark.parametrize("name", [site_param(name) for name in SITES])
def test_the_history_is_imported_checked_and_built_strictly(corpus, name):
    site = built(corpus, name)
    recorded = [line for line in site.imported.splitlines() if line.startswith("recorded ")]
    assert len({line.split(":")[0] for line in recorded}) == len(version_files(name))
    assert ": ok" in site.checked
    assert (site.site / SITES[name] / "index.html").is_file()


# --- 2. no internal syntax as text -----------------------------------------------------------------


@dataclass
class Reading:
    """What the checks that read every page of a site found, each page parsed once for all."""

    pages: int
    shown: dict[str, list[str]]  # page: the internal syntax it shows as text
    broken: list[tuple[str, str, str]]  # (page, reference, why) for each that leads nowhere
    loaded: list[tuple[str, str]]  # (page, address) for each `src` on another host


@functools.cache
def read_every_page(site: Path) -> Reading:
    reading = Reading(0, {}, [], [])

    def check(file, root) -> None:
        page = file.relative_to(site).as_posix()
        reading.pages += 1
        found = shown_syntax(root)
        if found:
            reading.shown[page] = found[:5]
        for el in root.iter():
            if el.get("src", "").startswith(("http:", "https:", "//")):
                reading.loaded.append((page, el.get("src")))

    reading.broken = broken_references(site, check)
    return reading


@pytest.mark.parametrize("name", [site_param(name) for name in SITES])
def test_no_page_shows_internal_syntax_as_text(corpus, name):
    reading = read_every_page(built(corpus, name).site)
    assert reading.pages > 10
    assert reading.shown == {}


def test_the_scan_finds_syntax_and_lists_run_into_paragraphs():
    root = tree(
        "<article><p>See **this** and [x](y)&lt;br&gt;\n- security purposes\n"
        "<code>**code**</code></p><p><span class='policy-label'>1.</span> labelled</p>"
        "<pre>- listed</pre></article>"
    )
    found = shown_syntax(root)
    assert [f.split(" in ")[0] for f in found] == ["'**'", "'**'", "']('", "'<br'", "list marker"]
    assert "See **this** and [x](y)<br> - security purposes" in found[0]
    assert found[4] == "list marker in <p>: '- security purposes'"  # not the labelled one


# --- 3. every reference resolves -------------------------------------------------------------------


@pytest.mark.xdist_group("corpus-catalogue")
def test_footnote_references_on_the_bilingual_page_lead_to_the_footnote(corpus):
    broken = read_every_page(built(corpus, "catalogue").site).broken
    assert [b for b in broken if "bilingual" in b[0] and "#" in b[1] and b[2] != "another host"] == []


@functools.cache  # a site repeats each of its few outside links on hundreds of pages
def _written_in_the_policy(name: str, ref: str) -> bool:
    """Whether a link to another host is one the policy's authors wrote (an autolink written
    `www.…` gets the scheme `http://`)."""
    sources = _sources(name)
    return ref in sources or ref.removeprefix("http://") in sources


@functools.cache
def _sources(name: str) -> str:
    return "".join(file.read_text("utf-8") for file in version_files(name))


@pytest.mark.parametrize("name", [site_param(name) for name in SITES])
def test_every_href_and_src_of_every_page_resolves(corpus, name):
    reading = read_every_page(built(corpus, name).site)
    broken = [
        (base, ref, why)
        for base, ref, why in reading.broken
        # The authors' own links out of the policy: to other hosts, and GitHub's to pages of
        # its documentation site (`/articles/…`), which are theirs to keep or fix.
        if not (
            (why == "another host" or ref.startswith("/")) and _written_in_the_policy(name, ref.split("#")[0])
        )
    ]
    assert broken == []
    # A link the authors wrote to another host is a link, never something the page loads.
    assert reading.loaded == []


# --- 4. the version page renders as the CommonMark reference ---------------------------------------


def _reference_cases():
    cases = [
        site_param("catalogue", file.name)
        if file.name.endswith(".en.md")
        else pytest.param(
            "catalogue",
            file.name,
            id=f"catalogue-{file.name}",
            marks=pytest.mark.xdist_group("corpus-catalogue"),
        )
        for file in version_files("catalogue")
    ]
    for name in ("github", "mozilla"):
        files = version_files(name)
        latest = files[-1].name.split(".")[0]
        cases += [site_param(name, file.name) for file in files if file.name.startswith(latest)]
    return cases


def reference_html(body: str) -> str:
    """markdown-it-py's own HTML of a body (attribute lists removed), sanitised as policy text is.

    A text's own `# Title` at its start is left out, as the page shows the configured title."""
    md = MarkdownIt("commonmark", {"html": True}).use(gfm_plugin)
    html = clean(md.render(without_attribute_lists(body)))
    titles = re.findall(r"<h1[ >]", html)
    if html.lstrip().startswith("<h1") and len(titles) == 1:
        html = html[html.index("</h1>") + len("</h1>") :]
    return html


@pytest.mark.parametrize("name, file", _reference_cases())
def test_the_version_page_renders_as_the_commonmark_reference(corpus, name, file):
    site = built(corpus, name)
    path = next(f for f in version_files(name) if f.name == file)
    body = split_front_matter(path.read_text("utf-8"))[1]
    text = page(site.site, version_url(name, path)).find(cls="policy-text")
    assert text is not None
    assert normalised(text) == normalised(parse(reference_html(body)))


def test_the_comparison_ignores_wrappers_labels_permalinks_and_heading_depth():
    ours = parse(
        '<div class="policy-text"><div class="policy-preamble"><p class="x">A  <em>b</em></p></div>'
        '<h2 id="a">T<a class="headerlink" href="#a">¶</a></h2>'
        '<p class="policy-article-link"><a href="../articles/a/">History of this section</a></p>'
        '<ol class="policy-ol"><li><span class="policy-label">1.</span> one</li></ol>'
        '<p><span class="policy-label">２</span>　two</p></div>'
    )
    reference = parse('<p>A <em>b</em></p><h3>T</h3><ol start="1"><li>one</li></ol><p>２　two</p>')
    assert normalised(ours.find(cls="policy-text")) == normalised(reference)
    assert normalised(parse("<p>A <strong>b</strong></p>")) != normalised(parse("<p>A <em>b</em></p>"))
    assert without_attribute_lists('### A {: #a }\nText\n{: datetime="2019-05-23" }\n{word}') == (
        "### A\nText\n{word}"
    )


# --- 5. diffs keep markup --------------------------------------------------------------------------

_BLOCKS = {"p", "li", "td", "th", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "dd"}


def _ancestors(el: Element):
    node = el.parent
    while node is not None:
        yield node
        node = node.parent


def _view(root: Element, lang: str) -> list[Element]:
    """The diff view of a changes page: the redline's sections in English, the 新旧対照表 in Japanese."""
    if lang == "en":
        return [s for s in root.find_all("section") if "policy-redline__section" in s.attrs.get("class", "")]
    return list(root.find_all("table", cls="policy-taisho"))


def _block(el: Element) -> Element:
    """The nearest block around a mark: a paragraph, list item, table cell, heading or code block."""
    return next(
        a
        for a in _ancestors(el)
        if a.tag in _BLOCKS or (a.tag == "span" and "policy-block" in a.attrs.get("class", ""))
    )


def marks(root: Element, lang: str, kind: str, text: str, within: str | None = None) -> list[Element]:
    """Every `<ins>` or `<del>` of the page's diff view whose text (screen-reader words left out)
    contains `text`, in a block whose text contains `within`."""
    found = []
    for view in _view(root, lang):
        for el in view.find_all(kind):
            if text in el.text(skip_class="policy-sr") and (
                within is None or within in _block(el).text(skip_class="policy-sr")
            ):
                found.append(el)
    return found


def _tags_to_block(el: Element) -> list[str]:
    """The tags from a mark up to and including its block."""
    block = _block(el)
    tags = []
    for a in _ancestors(el):
        tags.append(a.tag)
        if a is block:
            break
    return tags


PAGES = {
    ("en", 2): "privacy-notice/versions/2019-12-20/changes/",
    ("en", 3): "privacy-notice/versions/2020-07-01/changes/",
    ("ja", 2): "ja/privacy-notice/versions/2019-12-20/changes/",
    ("ja", 3): "ja/privacy-notice/versions/2020-07-01/changes/",
}
# (page, kind, text inside the mark, tag it must stay inside, text of its block); for `a`,
# `em`, `strong`, `s`, `code`, `abbr`, `blockquote`: any element up to the block; for `li`, `td`:
# the block itself.
MARKUP_CASES = [
    (("en", 2), "ins", "preferences", "a", "cookie"),
    (("en", 2), "del", "settings", "a", "cookie"),
    (("en", 2), "ins", "your profile photo", "li", None),
    (("en", 2), "del", "365", "td", None),
    (("en", 2), "ins", "180", "td", None),
    (("en", 2), "ins", "domains", "em", None),
    (("en", 2), "ins", "Article", "s", "rules on disclosure"),
    (("en", 3), "del", "truncated", "strong", None),
    (("en", 3), "ins", "shortened", "strong", None),
    (("en", 3), "ins", "and peppered", "em", None),
    (("en", 3), "ins", "any", "strong", "advertising cookies"),
    (("en", 3), "ins", "answers you give in surveys", "li", None),
    (("en", 3), "ins", "theme", "td", None),
    (("en", 3), "ins", "Remembers light or dark mode", "td", None),
    (("en", 3), "ins", "machine-learning", "blockquote", None),
    (("en", 3), "ins", "v2", "code", None),
    (("en", 3), "ins", "legal/privacy", "a", None),
    (("en", 3), "ins", "APPI", "abbr", None),
    (("en", 3), "ins", "90", "s", "server logs are kept"),
    pytest.param(
        ("en", 3),
        "ins",
        "60",
        "td",
        "after the request",
        id="en-3-html-table-cell",
    ),
    (("ja", 2), "ins", "の変更", "a", "クッキー"),
    (("ja", 2), "del", "365", "td", None),
    (("ja", 2), "ins", "180", "td", None),
    (("ja", 2), "ins", "各", "em", None),
    (("ja", 2), "ins", "第5条", "s", None),
    (("ja", 3), "ins", "単位", "strong", None),
    (("ja", 3), "ins", "いかなる", "strong", None),
    (("ja", 3), "ins", "アンケートへの回答", "li", None),
    (("ja", 3), "ins", "theme", "td", None),
    (("ja", 3), "ins", "機械学習", "blockquote", None),
    (("ja", 3), "ins", "legal/", "a", None),
    (("ja", 3), "ins", "2", "code", "/export"),
    (("ja", 3), "ins", "90日", "s", None),
    pytest.param(
        ("ja", 3),
        "ins",
        "6",
        "td",
        "リクエストから",
        id="ja-3-html-table-cell",
    ),
]


@pytest.fixture(scope="module")
def catalogue(corpus):
    return built(corpus, "catalogue")


in_catalogue_group = pytest.mark.xdist_group("corpus-catalogue")


@in_catalogue_group
@pytest.mark.parametrize("where, kind, text, tag, within", MARKUP_CASES)
def test_a_change_inside_a_construct_keeps_its_markup(catalogue, where, kind, text, tag, within):
    root = page(catalogue.site, PAGES[where])
    found = marks(root, where[0], kind, text, within)
    assert found, f"no <{kind}> with {text!r} on {PAGES[where]}"
    for el in found:
        tags = _tags_to_block(el)
        if tag in ("li", "td"):
            assert tags[-1] == tag, (PAGES[where], text, tags)
        elif tag == "blockquote":  # around the quote's paragraphs
            assert any(a.tag == tag for a in _ancestors(el)), (PAGES[where], text)
        else:
            assert tag in tags, (PAGES[where], text, tags)


@in_catalogue_group
def test_a_changed_link_target_is_shown_as_a_link_to_each_target(catalogue):
    lang = "en"  # the Japanese text linked to the new address already
    root = page(catalogue.site, PAGES[(lang, 2)])
    targets = {}
    for view in _view(root, lang):
        for a in view.find_all("a"):
            marked = a.find("ins") or a.find("del")
            if marked is not None and "/terms" in a.attrs.get("href", ""):
                targets.setdefault(a.attrs["href"], set()).add(marked.tag)
    assert targets == {
        "https://www.example.com/terms": {"del"},
        "https://www.example.com/legal/terms": {"ins"},
    }


@in_catalogue_group
@pytest.mark.parametrize("where", list(PAGES))
def test_footnote_references_in_a_diff_are_links_to_the_footnote(catalogue, where):
    root = page(catalogue.site, PAGES[where])
    refs = [sup for view in _view(root, where[0]) for sup in view.find_all("sup", cls="footnote-ref")]
    assert refs
    for sup in refs:
        link = sup.find("a")
        assert link is not None and link.attrs.get("href", "").endswith("#fn1"), PAGES[where]


@in_catalogue_group
@pytest.mark.parametrize("where", [("en", 3), ("ja", 3)])
def test_a_changed_code_block_keeps_its_lines(catalogue, where):
    root = page(catalogue.site, PAGES[where])
    (changed,) = {id(p): p for p in (_block(el) for el in marks(root, where[0], "ins", "Ideas.md"))}.values()
    assert changed.tag == "pre"
    assert "Shopping list.md\n" in changed.text(skip_class="policy-sr")


@pytest.mark.parametrize(
    "where, changed",
    [(("en", 2), "by Act No. 65 of 2015"), (("ja", 2), "平成27年法律第65号による改正後のもの")],
)
@in_catalogue_group
def test_a_changed_footnote_is_shown_as_an_edit_and_an_unchanged_one_not_at_all(catalogue, where, changed):
    edits = marks(page(catalogue.site, PAGES[where]), where[0], "ins", changed)
    assert edits and all(el.text(skip_class="policy-sr").strip() == changed for el in edits)
    later = page(catalogue.site, PAGES[(where[0], 3)])
    assert marks(later, where[0], "del", "57") == [] and marks(later, where[0], "ins", "57") == []


# --- 6. in Chromium: no CSP violation, no other host -------------------------------------------------

BROWSER_PAGES = [
    site_param("catalogue", "privacy-notice/versions/2020-07-01/"),
    site_param("catalogue", "ja/privacy-notice/versions/2020-07-01/"),
    *(site_param("catalogue", url) for url in PAGES.values()),
    site_param("github", "github-privacy-statement/versions/2024-02-01/"),
    site_param("mozilla", "firefox-privacy-notice/versions/2026-05-04/"),
]


@pytest.fixture(scope="module")
def reader(browser, corpus):
    """One tab for every visit to a page of a corpus site, each site served once."""
    visitor = Visitor(browser, viewport={"width": 1280, "height": 900})
    with contextlib.ExitStack() as stack:
        addresses = {}

        def visit(name: str, url: str) -> Visit:
            if name not in addresses:
                addresses[name] = stack.enter_context(served(built(corpus, name).site))
            return visitor.visit(addresses[name] + url)

        yield visit, visitor.tab
    visitor.close()


@pytest.mark.parametrize("name, url", BROWSER_PAGES)
def test_the_page_loads_under_its_csp_from_this_site_only(reader, name, url):
    visit, tab = reader
    seen = visit(name, url)
    assert seen.status == 200
    assert tab.locator(".policy-text, .policy-views, .policy-taisho").first.is_visible()
    assert seen.csp_violations == []
    assert seen.hosts == {"127.0.0.1"}
