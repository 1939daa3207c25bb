"""Write PNG screenshots of a built site's pages, for people to look at.

    python tests/tools/screenshots.py SITE_DIR OUT_DIR [PATH ...]

Serves SITE_DIR on 127.0.0.1 and opens each path in Debian's headless Chromium, at a
desktop and a mobile width. Paths default to every page type of the privacy policy.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from browser import CHROMIUM, FLAGS, serve, url_of  # noqa: E402

WIDTHS = {"desktop": (1280, 900), "mobile": (390, 844)}


def default_paths(site: Path) -> list[str]:
    """Every page type, in every language: home, current, history, bilingual, about, 404, each
    version, and its changes and compare pages (with a redline's side-by-side view), earlier-text
    and update pages, and the first article's history."""
    paths = []
    for prefix in ("", "en/"):
        paths += [
            prefix,
            f"{prefix}privacy/",
            f"{prefix}privacy/history/",
            f"{prefix}privacy/bilingual/",
            f"{prefix}about/",
            f"{prefix}404.html",
        ]
        versions = sorted((site / prefix / "privacy" / "versions").glob("*/index.html"))
        paths += [f"{prefix}privacy/versions/{v.parent.name}/" for v in versions]
        for kind in ("changes", "compare", "changes/side-by-side", "compare/side-by-side"):
            paths += [
                p.parent.relative_to(site).as_posix() + "/"
                for p in sorted((site / prefix / "privacy" / "versions").glob(f"*/{kind}/index.html"))
            ]
        articles = sorted((site / prefix / "privacy" / "articles").glob("*/index.html"))
        paths += [p.parent.relative_to(site).as_posix() + "/" for p in articles[:1]]
        for kind in ("earlier", "updates"):
            paths += [
                p.parent.relative_to(site).as_posix() + "/"
                for p in sorted((site / prefix / "privacy" / "versions").glob(f"*/{kind}/*/index.html"))
            ]
    return paths


def main(argv: list[str]) -> None:
    site, out = Path(argv[0]), Path(argv[1])
    out.mkdir(parents=True, exist_ok=True)
    base = url_of(serve(site))
    paths = argv[2:] or default_paths(site)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        for width_name, (width, height) in WIDTHS.items():
            page = browser.new_page(viewport={"width": width, "height": height})
            for path in paths:
                page.goto(base + path)
                name = (
                    path.strip("/").replace("/", "_").replace(".html", "") or "home"
                ) + f".{width_name}.png"
                page.screenshot(path=str(out / name), full_page=True)
                print(out / name)
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1:])
