"""Every reference of a built site, checked: `href` and `src` of every page, hreflang
alternates included, and every address in the sitemap. A reference that leads nowhere is a
(page, reference, why) triple."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from htmlscan import tree_file

SKIP = ("mailto:", "data:", "javascript:", "tel:")


def page_url(site: Path, file: Path) -> str:
    """The site-relative URL of a built file: `en/privacy/` for en/privacy/index.html."""
    url = file.relative_to(site).as_posix()
    return url[: -len("index.html")] if url.endswith("index.html") else url


def target_file(site: Path, path: str) -> Path | None:
    """The file a site-relative path is served from, or None."""
    file = site / unquote(path)
    if file.is_dir():
        file = file / "index.html"
    return file if file.is_file() else None


def ids_of(file: Path, cache: dict) -> set[str]:
    if file not in cache:
        cache[file] = _ids(tree_file(file))
    return cache[file]


def _ids(root) -> set[str]:
    return {value for value in root.xpath("//@id") if value}


def check_reference(site: Path, base: str, ref: str, ids: dict) -> str | None:
    """Why `ref`, found on the page at `base`, leads nowhere; None when it leads to a file
    (and to an element with that id, for a fragment of an HTML page). `ids` keeps what is
    learnt of the site's files between calls: a large site links the same few hundred times."""
    if ref.startswith(SKIP):
        return None
    if ref.startswith(("http://", "https://", "//")) and urlsplit(ref).netloc != "site":
        return "another host"  # as urljoin would find, without joining
    target = urlsplit(urljoin("http://site/" + base, ref))
    if target.netloc != "site":
        return "another host"
    path = target.path.lstrip("/")
    if (site, path) not in ids:
        ids[site, path] = target_file(site, path)
    file = ids[site, path]
    if file is None:
        return "no such file"
    if target.fragment and file.suffix == ".html" and unquote(target.fragment) not in ids_of(file, ids):
        return "no such anchor"
    return None


def broken_references(site: Path, each_page: Callable | None = None) -> list[tuple[str, str, str]]:
    """Every `href` and `src` of every HTML page, and every sitemap address, that leads nowhere.
    `each_page(file, tree)` is called with each page as it is read, for other checks of every
    page: parsing a page takes longer than any check of it."""
    broken, ids = [], {}
    for file in sorted(site.rglob("*.html")):
        base = page_url(site, file)
        root = tree_file(file)
        if each_page is not None:
            each_page(file, root)
        ids.setdefault(file, _ids(root))
        for el in root.iter():
            for attr in ("href", "src"):
                ref = el.get(attr)
                if ref:
                    why = check_reference(site, base, ref, ids)
                    if why:
                        broken.append((base, ref, why))
    sitemap = site / "sitemap.xml"
    if sitemap.exists():
        for ref in re.findall(r'(?:<loc>|href=")([^<"]+)', sitemap.read_text("utf-8")):
            why = check_reference(site, "", ref, ids)
            if why:
                broken.append(("sitemap.xml", ref, why))
    return broken


def sitemap_addresses(site: Path) -> list[str]:
    """Every address in the sitemap, pages and alternates, site-relative."""
    text = (site / "sitemap.xml").read_text("utf-8")
    return [ref.removeprefix("/") for ref in re.findall(r'(?:<loc>|href=")([^<"]+)', text)]
