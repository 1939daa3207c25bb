"""No broken links: every internal link and anchor of the built site, #article-N included."""

from __future__ import annotations

from urllib.parse import unquote, urljoin, urlsplit

from htmlscan import parse_file


def _targets(site):
    """Every page of the site with the ids it defines."""
    pages = {}
    for file in site.rglob("*.html"):
        url = file.relative_to(site).as_posix()
        url = url[: -len("index.html")] if url.endswith("index.html") else url
        root = parse_file(file)
        pages[url] = (root, {el.attrs["id"] for el in root.iter() if el.attrs.get("id")})
    return pages


def _broken(site):
    pages = _targets(site)
    broken = []
    for url, (root, _) in pages.items():
        for el in root.iter():
            href = el.attrs.get("href") if el.tag in ("a", "link") else el.attrs.get("src")
            if not href or href.startswith(("mailto:", "data:", "javascript:")):
                continue
            target = urlsplit(urljoin("http://site/" + url, href))
            if target.netloc != "site":
                broken.append((url, href, "another host"))
                continue
            path = unquote(target.path.lstrip("/"))
            file = site / path
            if path in pages or (file.is_dir() and (file / "index.html").exists()):
                page_url = path if path in pages else path.rstrip("/") + "/"
                if target.fragment and target.fragment not in pages[page_url][1]:
                    broken.append((url, href, "no such anchor"))
            elif not file.is_file():
                broken.append((url, href, "no such file"))
    return broken


def test_no_broken_links_on_the_real_site(real_site):
    assert _broken(real_site.site) == []


def test_no_broken_links_on_the_fixture_site(small_site):
    assert _broken(small_site.site) == []


def test_the_checker_finds_a_broken_anchor(tmp_path):
    (tmp_path / "index.html").write_text('<a href="a/#article-9">x</a><a href="missing/">y</a>', "utf-8")
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<h2 id="article-1">1</h2>', "utf-8")
    assert _broken(tmp_path) == [("", "a/#article-9", "no such anchor"), ("", "missing/", "no such file")]
