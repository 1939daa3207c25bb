"""Write PNG screenshots of a built site's pages, for people to look at.

    python tests/tools/screenshots.py SITE_DIR OUT_DIR [PATH ...]

Serves SITE_DIR on 127.0.0.1 and opens each path in Debian's headless Chromium, at a
desktop and a mobile width. Paths default to every page type of the privacy policy.
"""

from __future__ import annotations

import functools
import http.server
import sys
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WIDTHS = {"desktop": (1280, 900), "mobile": (390, 844)}


def serve(site: Path) -> str:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *a: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/"


def default_paths(site: Path) -> list[str]:
    paths = []
    for prefix in ("", "en/"):
        paths += [prefix, f"{prefix}privacy/", f"{prefix}privacy/history/", f"{prefix}about/"]
        versions = sorted((site / prefix / "privacy" / "versions").glob("*/index.html"))
        paths += [f"{prefix}privacy/versions/{v.parent.name}/" for v in versions]
        for kind in ("changes", "compare"):
            paths += [
                f"{prefix}privacy/versions/{p.parent.parent.name}/{kind}/"
                for p in sorted((site / prefix / "privacy" / "versions").glob(f"*/{kind}/index.html"))
            ]
    return paths


def main(argv: list[str]) -> None:
    site, out = Path(argv[0]), Path(argv[1])
    out.mkdir(parents=True, exist_ok=True)
    base = serve(site)
    paths = argv[2:] or default_paths(site)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        for width_name, (width, height) in WIDTHS.items():
            page = browser.new_page(viewport={"width": width, "height": height})
            for path in paths:
                page.goto(base + path)
                name = (path.strip("/").replace("/", "_") or "home") + f".{width_name}.png"
                page.screenshot(path=str(out / name), full_page=True)
                print(out / name)
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1:])
