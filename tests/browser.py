"""Debian's Chromium, offline, and a built site served on 127.0.0.1: shared by tests and tools."""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import io
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from playwright.sync_api import Page

CHROMIUM = "/usr/bin/chromium"
# Without the background-networking flags Chromium keeps calling home, which this machine refuses.
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


# Every Content-Security-Policy violation on a page, as "directive blocked-URI": an init script.
VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation",
  (e) => window.__violations.push(e.effectiveDirective + " " + e.blockedURI));
"""

AXE = Path(__file__).resolve().parent.parent / ".venv" / "node" / "node_modules" / "axe-core" / "axe.min.js"

# axe-core with every rule it has, best practices included (not only the WCAG-tagged ones), as
# "rule: targets" per violation. Only violations are reported in full; the passes, which nothing
# reads, would take a third of the time.
_AXE_ALL_RULES = (
    "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    ".map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))"
)


@functools.cache
def _axe_source() -> str:
    return AXE.read_text("utf-8") + "\n;0"  # the script's value is not needed


def axe_violations(tab) -> list[str]:
    """What axe-core, with all its rules, finds wrong on the page in `tab`, as "rule: targets".

    axe is evaluated into the page by the browser's debugging protocol, which the page's own
    Content-Security-Policy does not govern (the policy rightly blocks a script tag): the page is
    checked as readers get it, its policy enforced."""
    tab.evaluate(_axe_source())
    return tab.evaluate(_AXE_ALL_RULES)


@dataclass
class Visit:
    """What the browser met on one page, once its network had fallen quiet."""

    status: int
    hosts: set[str]
    cookies: list[dict]
    csp_violations: list[str]
    found: Any = None


# How long a page has asked for nothing, no request of its own open, before its visit is judged:
# as long as Playwright's "networkidle" waits.
QUIET = 0.5


class Visitor:
    """A reader who visits pages one after another in one tab, with each page's Content-Security-
    Policy enforced: a new tab or context per page would start a renderer process each time, which
    costs Chromium more than the page does. Each visit's record is its own: the cookies are reset
    before it, and the violations are the new document's. The hosts are those asked since the
    last record was taken: a request a page makes after its record would be in the next one's,
    and at the close, never lost."""

    def __init__(self, browser, **options):
        self.context = browser.new_context(**options)
        self.tab = self.context.new_page()
        self.tab.add_init_script(VIOLATIONS)
        self._hosts: set[str] = set()
        self._open, self._last = 0, time.monotonic()
        self.context.on("request", self._asked)
        self.context.on("requestfinished", self._answered)
        self.context.on("requestfailed", self._answered)

    def _asked(self, request) -> None:
        self._hosts.add(urlsplit(request.url).hostname)
        self._open, self._last = self._open + 1, time.monotonic()

    def _answered(self, _request) -> None:
        self._open, self._last = self._open - 1, time.monotonic()

    def settle(self, timeout: float = 30) -> None:
        """Wait until the page has asked for nothing for QUIET seconds and has no request open."""
        deadline = time.monotonic() + timeout
        while self._open > 0 or time.monotonic() - self._last < QUIET:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{self.tab.url}: {self._open} requests still open")
            self.tab.wait_for_timeout(QUIET * 1000 / 3)  # Playwright delivers the events meanwhile

    def visit(self, url: str, meanwhile: Callable[[Page], Any] | None = None) -> Visit:
        """Go to `url`, and record the visit once the page has settled. `meanwhile(tab)`, run as
        soon as the page has loaded, is what the page is visited for: run while it settles, its
        quiet time is not waited for after it; its result is the visit's `found`."""
        self.context.clear_cookies()
        response = self.tab.goto(url)
        found = meanwhile(self.tab) if meanwhile else None
        self.settle()
        hosts, self._hosts = self._hosts, set()
        return Visit(
            status=response.status,
            hosts=hosts,
            cookies=self.context.cookies(),
            csp_violations=self.tab.evaluate("window.__violations"),
            found=found,
        )

    def close(self) -> None:
        """Close the tab; a host asked after the last visit's record was taken is an error."""
        self.settle()
        late, self._hosts = self._hosts - {"127.0.0.1"}, set()
        self.context.close()
        assert not late, f"asked after its visit was recorded: {late}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


# What GitHub Pages compresses; measuring uncompressed transfers would misjudge the published site.
_COMPRESSED = ("text/", "application/javascript", "application/json", "application/xml", "image/svg")


class _Compressing(_Quiet):
    """Serves text gzip-compressed when the browser accepts it, as the site's host does."""

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        kind = self.guess_type(str(path))
        if not (
            "gzip" in self.headers.get("Accept-Encoding", "")
            and path.is_file()
            and kind.startswith(_COMPRESSED)
        ):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def serve(site: Path, port: int = 0, compress: bool = False) -> http.server.ThreadingHTTPServer:
    """Serve `site` (on a free port unless given) in a daemon thread; the caller shuts it down.

    With `compress`, text is sent gzip-compressed, as GitHub Pages sends it."""
    handler = functools.partial(_Compressing if compress else _Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def url_of(server: http.server.ThreadingHTTPServer) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}/"


@contextlib.contextmanager
def served(site: Path) -> Iterator[str]:
    """The address of `site`, served on 127.0.0.1 for the time of a `with` block."""
    server = serve(site)
    try:
        yield url_of(server)
    finally:
        server.shutdown()
        server.server_close()
