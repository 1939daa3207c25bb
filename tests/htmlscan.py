"""Reading built pages in tests: elements, attributes and text, with the stdlib parser; and,
for the checks that read every page of a large site, lxml's parser, ten times faster."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

from lxml import etree

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    parent: Element | None = None
    children: list = field(default_factory=list)

    def text(self, skip_class: str | None = None) -> str:
        out = []
        for child in self.children:
            if isinstance(child, str):
                out.append(child)
            elif not (skip_class and skip_class in child.attrs.get("class", "").split()):
                out.append(child.text(skip_class))
        return "".join(out)

    def iter(self):
        """Every element below this one, in document order; with a stack of the open levels'
        children, as nested generators would cost the depth of the tree for each element."""
        levels = [iter(self.children)]
        while levels:
            for child in levels[-1]:
                if isinstance(child, Element):
                    yield child
                    levels.append(iter(child.children))
                    break
            else:
                levels.pop()

    def find_all(self, tag: str | None = None, cls: str | None = None, **attrs):
        for el in self.iter():
            if tag and el.tag != tag:
                continue
            if cls and cls not in el.attrs.get("class", "").split():
                continue
            if any(el.attrs.get(k) != v for k, v in attrs.items()):
                continue
            yield el

    def find(self, tag: str | None = None, cls: str | None = None, **attrs):
        return next(self.find_all(tag, cls, **attrs), None)


class _Builder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("#root", {})
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        el = Element(tag, {k: v or "" for k, v in attrs}, self.current)
        self.current.children.append(el)
        if tag not in VOID:
            self.current = el

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Element(tag, {k: v or "" for k, v in attrs}, self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse(html: str) -> Element:
    builder = _Builder()
    builder.feed(html)
    return builder.root


@functools.lru_cache(maxsize=4096)
def _parsed(file: Path, stamp: tuple[int, int]) -> Element:
    return parse(file.read_text(encoding="utf-8"))


def parse_file(file: Path) -> Element:
    """A built page, parsed once while it stays as it is: the checks of a large site read each
    page several times (its links, its ids, its text). Callers only read the tree."""
    stat = file.stat()
    return _parsed(file, (stat.st_mtime_ns, stat.st_size))


def page(site: Path, url: str) -> Element:
    """The parsed page at a site-relative URL such as `en/privacy/`."""
    return parse_file(site / url / "index.html")


def resolve(url: str, href: str) -> str:
    """A link on the page at `url`, as a site-relative URL."""
    return urljoin("http://site/" + url, href).removeprefix("http://site/")


_LXML = etree.HTMLParser(remove_comments=True, remove_pis=True)


def tree(html: str) -> etree._Element:
    """`html` as lxml's tree (under `<html><body>` for a fragment): for scans of a whole site,
    where the stdlib parser takes seconds. Comments are left out, as `parse` leaves them out."""
    root = etree.fromstring(html, _LXML) if html.strip() else None
    return root if root is not None else etree.Element("html")


def tree_file(file: Path) -> etree._Element:
    return tree(file.read_text(encoding="utf-8"))


def classes(el: etree._Element) -> list[str]:
    return (el.get("class") or "").split()
