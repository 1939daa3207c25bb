"""Benchmark: Lighthouse scores of the built site, offline, in Debian's Chromium.

    .venv/bin/python tests/tools/lighthouse.py [SITE_DIR]

Builds the site (with SITE_URL pointing at the local server, as the published site has its
own address) unless SITE_DIR is given, serves it on 127.0.0.1, runs npm `lighthouse` on the
current, history and update pages in both languages, and prints a table of the four scores.
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
from browser import FLAGS, serve  # noqa: E402

LIGHTHOUSE = ROOT / ".venv" / "node" / "node_modules" / ".bin" / "lighthouse"
PAGES = [
    "privacy/",
    "privacy/history/",
    "en/privacy/",
    "en/privacy/history/",
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
        site, server = Path(sys.argv[1]), serve(Path(sys.argv[1]))
        base = f"http://127.0.0.1:{server.server_address[1]}/"
    else:
        port = free_port()
        base = f"http://127.0.0.1:{port}/"
        site = out / "site"
        env = {**os.environ, "SITE_URL": base, "NO_MKDOCS_2_WARNING": "1"}
        subprocess.run(
            [str(ROOT / ".venv" / "bin" / "mkdocs"), "build", "-q", "-d", str(site)],
            cwd=ROOT,
            env=env,
            check=True,
        )
        server = serve(site, port)
    print(f"{'page':<55} " + " ".join(f"{c:>14}" for c in CATEGORIES))
    for path in PAGES:
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
