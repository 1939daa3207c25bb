"""Benchmark: Lighthouse scores of the built site, offline, in Debian's Chromium.

    .venv/bin/python tests/tools/lighthouse.py [SITE_DIR]

Builds this repository's site with a sample amendment (tests/tools/sample_site.py, so that a
changes page exists), with SITE_URL pointing at the local server as the published site has its
own address, unless SITE_DIR is given; serves it on 127.0.0.1, runs npm `lighthouse` on the
current, history, changes and update pages in both languages, and prints a table of the four
scores. The server compresses text with gzip, as GitHub Pages does; uncompressed, Material's CSS
and JavaScript alone would hold first paint back by a second on Lighthouse's simulated mobile
connection.
Needs `npm install --prefix .venv/node lighthouse@12.8` once. Targets: performance >= 0.95,
accessibility = 1.00, best practices >= 0.95, SEO >= 0.95.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "tests" / "tools"))
from sample_site import build  # noqa: E402

from browser import FLAGS, serve  # noqa: E402

LIGHTHOUSE = ROOT / ".venv" / "node" / "node_modules" / ".bin" / "lighthouse"
PAGES = [
    "privacy/",
    "privacy/history/",
    "en/privacy/",
    "en/privacy/history/",
    "privacy/versions/{amendment}/changes/",
    "en/privacy/versions/{amendment}/changes/",
    "en/privacy/versions/2019-07-01/updates/2026-11-25/",
    "privacy/bilingual/",
]
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    out = Path(tempfile.mkdtemp())
    if len(sys.argv) > 1:
        site, server = Path(sys.argv[1]), serve(Path(sys.argv[1]), compress=True)
        base = f"http://127.0.0.1:{server.server_address[1]}/"
    else:
        port = free_port()
        base = f"http://127.0.0.1:{port}/"
        site = build(out / "site", site_url=base)
        server = serve(site, port, compress=True)
    amendment = sorted(p.parent.name for p in (site / "privacy" / "versions").glob("*/changes"))[-1]
    print(f"{'page':<55} " + " ".join(f"{c:>14}" for c in CATEGORIES))
    for path in (p.format(amendment=amendment) for p in PAGES):
        report = out / ((path.replace("/", "_") or "home") + ".json")
        subprocess.run(
            [
                str(LIGHTHOUSE),
                base + path,
                "--quiet",
                "--output=json",
                f"--output-path={report}",
                f"--only-categories={','.join(CATEGORIES)}",
                "--chrome-flags=--headless " + " ".join(FLAGS),
            ],
            env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"},
            check=True,
        )
        scores = json.loads(report.read_text())["categories"]
        print(f"{'/' + path:<55} " + " ".join(f"{scores[c]['score']:>14.2f}" for c in CATEGORIES))


if __name__ == "__main__":
    main()
