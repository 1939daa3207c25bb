"""The Content-Security-Policy: computed from each finished page, present on every page."""

from __future__ import annotations

import base64
import hashlib
import re

import pytest
from selectolax.lexbor import LexborHTMLParser

from corpus import built_once
from policy_site.csp import inline_script_hashes, inline_scripts, parsed_inline_scripts, policy_for, with_csp

PAGE = """<!doctype html><html><head><meta charset="utf-8">
<script>var a = 1;</script>
<script id="__config" type="application/json">{"base": "."}</script>
<script src="assets/bundle.js"></script>
<script type="module">import "./x.js";</script>
</head><body><script>var a = 1;</script></body></html>"""


def _sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def _running_inline_scripts(html: str) -> list[str]:
    """The text of each inline script of `html` that a browser runs, in order, read by Lexbor, a
    parser that builds the tree as the HTML standard says (and shares no code with the scan):
    no `src`, and a JavaScript type or `module`. A script element cut off by the end of the file
    is in the tree, yet never runs (the standard marks it "already started"): no built page
    ends inside one."""
    return [
        script.text(deep=True)
        for script in LexborHTMLParser(html).css("script")
        if "src" not in script.attributes
        and (script.attributes.get("type") or "").strip().lower() in RUNNABLE
    ]


RUNNABLE = {"", "text/javascript", "application/javascript", "module"}


def test_only_inline_scripts_that_run_are_hashed_once_each():
    assert inline_script_hashes(PAGE) == [_sha("var a = 1;"), _sha('import "./x.js";')]


# Markup the scan must read as the parser does: scripts of each kind, and a `<script` that is text.
TRICKY = (
    PAGE
    + """<script type="application/ld+json">{"@context": "https://schema.org"}</script>
<!-- <script>commented()</script> --><style>p::before { content: "<script>styled()</script>" }</style>
<SCRIPT Type="Text/JavaScript" data-x='a>b'>upper("</scr" + "ipt>")</SCRIPT >
<script>document.write("<script>inner()<\\/script>")</script><scripts>not()</scripts>
<script
  >spread()</script
><script type="text/x-template"><p>data</p></script><script>unterminated()"""
)


def test_the_scan_reads_tricky_markup_as_the_parser_does():
    assert inline_scripts(TRICKY) == parsed_inline_scripts(TRICKY)
    assert len(inline_scripts(TRICKY)) == 6
    # As a browser builds the page, with one more element: the script cut off by the end of the
    # file, which a browser never runs.
    assert _running_inline_scripts(TRICKY) == [*inline_scripts(TRICKY), "unterminated()"]


@pytest.fixture(
    params=["small", "real", pytest.param("mozilla", marks=pytest.mark.xdist_group("corpus-mozilla"))]
)
def built_pages(request, tmp_path_factory):
    """Every page of a built site: the small fixture, this repository's own, the mozilla corpus."""
    if request.param == "mozilla":
        site = built_once(tmp_path_factory, "mozilla")
        assert site.failure() is None, site.failure()
        return sorted(site.site.rglob("*.html"))
    return sorted(request.getfixturevalue(f"{request.param}_site").site.rglob("*.html"))


def test_the_scan_finds_the_scripts_a_browser_runs_on_every_built_page(built_pages):
    assert len(built_pages) > 10
    for path in built_pages:
        html = path.read_text("utf-8")
        assert inline_scripts(html) == _running_inline_scripts(html), path


def test_the_policy_allows_only_this_site_and_the_hashed_scripts():
    policy = policy_for(PAGE)
    assert policy.startswith("default-src 'self'; script-src 'self' 'sha256-")
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "style-src 'self'" in policy and "object-src 'none'" in policy


def test_the_policy_comes_before_every_script():
    html = with_csp(PAGE)
    assert html.index("Content-Security-Policy") < html.index("<script")
    assert html.index("<meta charset") < html.index("Content-Security-Policy")


def test_a_page_without_a_charset_gets_the_policy_at_the_top_of_its_head():
    html = with_csp("<html><head><script>x()</script></head></html>")
    assert re.match(r'<html><head>\s*<meta http-equiv="Content-Security-Policy"', html)


def test_every_built_page_carries_a_policy_that_covers_its_inline_scripts(small_site):
    pages = sorted(small_site.site.rglob("*.html"))
    assert len(pages) > 10
    hashed_anywhere = set()
    for path in pages:
        html = path.read_text("utf-8")
        found = re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', html)
        assert len(found) == 1, path
        script_src = next(d for d in found[0].split("; ") if d.startswith("script-src "))
        hashed = {s for s in script_src.split()[1:] if s.startswith("'sha256-")}
        assert hashed == {_sha(text) for text in _running_inline_scripts(html)}, path
        hashed_anywhere |= hashed
    assert hashed_anywhere  # the theme's inline scripts are there to be covered


def test_the_serve_preview_adds_inline_script_elements_and_keeps_the_rest():
    preview = policy_for(PAGE, live_reload=True)
    assert preview.startswith(policy_for(PAGE) + "; ")
    assert preview.endswith("script-src-elem 'self' 'unsafe-inline'")
    # Event-handler attributes fall back to script-src, which allows hashes only.
    assert "script-src-attr" not in preview and "unsafe-hashes" not in preview
