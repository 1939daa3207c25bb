"""The Content-Security-Policy: computed from each finished page, present on every page."""

from __future__ import annotations

import base64
import hashlib
import re

from policy_site.csp import inline_script_hashes, policy_for, with_csp

PAGE = """<!doctype html><html><head><meta charset="utf-8">
<script>var a = 1;</script>
<script id="__config" type="application/json">{"base": "."}</script>
<script src="assets/bundle.js"></script>
<script type="module">import "./x.js";</script>
</head><body><script>var a = 1;</script></body></html>"""


def _sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_only_inline_scripts_that_run_are_hashed_once_each():
    assert inline_script_hashes(PAGE) == [_sha("var a = 1;"), _sha('import "./x.js";')]


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
    for path in pages:
        html = path.read_text("utf-8")
        found = re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', html)
        assert len(found) == 1, path
        for source in inline_script_hashes(html):
            assert source in found[0], path


def test_the_serve_preview_adds_inline_script_elements_and_keeps_the_rest():
    preview = policy_for(PAGE, live_reload=True)
    assert preview.startswith(policy_for(PAGE) + "; ")
    assert preview.endswith("script-src-elem 'self' 'unsafe-inline'")
    # Event-handler attributes fall back to script-src, which allows hashes only.
    assert "script-src-attr" not in preview and "unsafe-hashes" not in preview
