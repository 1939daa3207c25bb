"""A Content-Security-Policy for each built page, as a meta tag (GitHub Pages sets no headers).

Only this site's own files may load, and the only inline scripts that may run are the ones the
page was built with: each is allowed by the SHA-256 of its text, computed from the finished page.
Anything inserted later, or slipped into the text, cannot run: no `unsafe-inline` for scripts,
no event-handler attributes, no `javascript:` URLs.
"""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser

# Inline <script> elements that run: no src, and no type, or a JavaScript one. Data blocks
# (type="application/json", like the theme's configuration) never run, so need no hash.
_RUNS = {"", "text/javascript", "application/javascript", "module"}
_CHARSET = re.compile(r"<meta\s+charset=[^>]*>", re.I)
_HEAD = re.compile(r"<head\b[^>]*>", re.I)

DIRECTIVES = (
    "default-src 'self'",
    "script-src 'self' {hashes}",
    "style-src 'self'",
    # The theme draws its icons from data: SVG masks in its stylesheet.
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
)


class _InlineScripts(HTMLParser):
    """The text of each inline script element a browser would run, in order, as written: a
    script's text is raw to the parser, so it comes back unchanged, byte for byte."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.scripts: list[str] = []
        self._text: list[str] | None = None  # the running script's text, while inside one
        self._inside = False

    def handle_starttag(self, tag, attrs):
        if tag != "script":
            return
        values = dict(attrs)
        self._inside = True
        runs = "src" not in values and (values.get("type") or "").lower() in _RUNS
        self._text = [] if runs else None

    def handle_data(self, data):
        if self._inside and self._text is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._inside:
            if self._text is not None:
                self.scripts.append("".join(self._text))
            self._inside, self._text = False, None


def parsed_inline_scripts(html: str) -> list[str]:
    """The inline scripts of `html` that run, read by parsing all of it: slow on a long page."""
    reader = _InlineScripts()
    reader.feed(html)
    reader.close()
    return reader.scripts


# A page's script elements, and what to skip on the way to them (a `<script` in a comment or a
# style sheet is text); each as the parser delimits it: a script's text ends at `</script>`.
_SCRIPT_ELEMENTS = re.compile(
    r"<(?=[!sS])(?:!--.*?--\s*>"
    r"|style(?=[\s/>]).*?</\s*style\s*>"
    r"|(?P<script>script(?=[\s/>])(?:\"[^\"]*\"|'[^']*'|[^\"'>])*>.*?</\s*script\s*>))",
    re.I | re.S,
)


def inline_scripts(html: str) -> list[str]:
    """The inline scripts of `html` that run, as `parsed_inline_scripts` reads them, without
    parsing the whole page: a scan finds the script elements, and the parser reads only those.

    Every page goes through here, and parsing all of a long changes page takes some 50 ms; the
    scan takes under 1. The scan is no general HTML reader and need not be one. It skips
    comments, style sheets and each script's own text; it would misread a `<script` only
    inside an attribute value, a `<!…>` or `<?…>` declaration, or after a self-closing
    `<script/>`, and no page holds one there. Policy text reaches a page only through the
    sanitizer (sanitize.clean): it drops script elements and comments, and writes every `<` in
    text and in attribute values as `&lt;`; front matter shown in the head is escaped
    (templating.escape_head_values). So the script elements are the templates' own (this
    generator's and the theme's; `mkdocs serve` adds its live-reload script after this, see
    LIVE_RELOAD). tests/test_csp.py checks that the scan finds the scripts a browser runs on
    every page of three built sites, as Lexbor (a parser that follows the HTML standard) reads
    them."""
    elements = "".join("<" + m["script"] for m in _SCRIPT_ELEMENTS.finditer(html) if m["script"])
    return parsed_inline_scripts(elements)


def inline_script_hashes(html: str) -> list[str]:
    """`'sha256-…'` sources for the inline scripts of `html` that a browser would run."""
    hashes = []
    for text in inline_scripts(html):
        digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
        source = f"'sha256-{digest}'"
        if source not in hashes:
            hashes.append(source)
    return hashes


# `mkdocs serve` adds its live-reload script to each page as it sends it, with a new id each
# time, so no hash can allow it. The preview alone lets inline script elements run; event-handler
# attributes stay blocked, and the published site is built without this.
LIVE_RELOAD = "script-src-elem 'self' 'unsafe-inline'"


def policy_for(html: str, live_reload: bool = False) -> str:
    """The Content-Security-Policy of one page; with `live_reload`, of its `mkdocs serve` preview."""
    hashes = " ".join(inline_script_hashes(html))
    directives = [d.format(hashes=hashes).strip() for d in DIRECTIVES]
    return "; ".join(directives + [LIVE_RELOAD] if live_reload else directives)


def with_csp(html: str, live_reload: bool = False) -> str:
    """`html` with its policy first in the head (after `<meta charset>`), before any script.

    Text without a head is not a page, and is returned unchanged."""
    tag = f'<meta http-equiv="Content-Security-Policy" content="{policy_for(html, live_reload)}">'
    match = _CHARSET.search(html) or _HEAD.search(html)
    if match is None:
        return html
    return html[: match.end()] + "\n    " + tag + html[match.end() :]
