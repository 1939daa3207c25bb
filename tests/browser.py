"""Debian's Chromium, offline, and a built site served on 127.0.0.1: shared by tests and tools."""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import socket
import threading
from pathlib import Path

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

# axe-core with every rule it has, best practices included (not only the WCAG-tagged ones), as
# "rule: targets" per violation: evaluated in a page axe was added to.
AXE_ALL_RULES = (
    "async () => (await axe.run(document)).violations"
    ".map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))"
)


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
