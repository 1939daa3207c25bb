"""What HTML policy text may hold: one allowlist, for the sanitizer and for `policy check`.

Policy text becomes HTML through the sanitizer (nh3, Rust's ammonia), so nothing outside the
allowlist reaches a reader, whatever the text holds. `refused` reads the same allowlist to
tell editors, with the line, what the sanitizer would drop: markup that would run a script, or
load anything from another host, is an error in the source, not something to publish quietly.
"""

from __future__ import annotations

import functools
import html as html_lib
import re
from html.parser import HTMLParser
from urllib.parse import unquote

import nh3

from .messages import Message

_COMMON = {"id", "class", "lang", "dir", "title"}
ATTRIBUTES: dict[str, set[str]] = {
    "*": _COMMON,
    "a": {"href", "name"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "col": {"span"},
    "colgroup": {"span"},
    "time": {"datetime"},
    "ol": {"start", "reversed", "type"},
    "li": {"value"},
    "q": {"cite"},
    "blockquote": {"cite"},
    "details": {"open"},
}
TAGS = frozenset(
    "p br hr h1 h2 h3 h4 h5 h6 ul ol li dl dt dd blockquote pre code em strong i b u s del ins a sup sub "
    "abbr span time small mark q cite kbd dfn bdi wbr table thead tbody tfoot tr th td caption colgroup "
    "col section div img figure figcaption details summary".split()
)
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
_URL_ATTRIBUTES = {"href", "src", "cite"}
_SCRIPTING = {"script", "iframe", "object", "embed", "frame", "frameset", "applet", "svg", "math"}


def _keep_attribute(element: str, attribute: str, value: str) -> str | None:
    if element == "img" and attribute == "src" and not is_local(value):
        return None  # an image from another host would tell it who reads the policy
    return value


_SURROGATE = re.compile("[\ud800-\udfff]")


def clean(fragment: str) -> str:
    """The fragment with everything outside the allowlist removed."""
    if _SURROGATE.search(fragment):  # not from a file (files are UTF-8), but keep it whole
        fragment = _SURROGATE.sub("\ufffd", fragment)
    return nh3.clean(
        fragment,
        tags=set(TAGS),
        attributes=ATTRIBUTES,
        url_schemes=set(URL_SCHEMES),
        link_rel=None,
        strip_comments=True,
        attribute_filter=_keep_attribute,
    )


def allowed_attribute(tag: str, name: str) -> bool:
    return name in _COMMON or name in ATTRIBUTES.get(tag, ())


_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):", re.I)
_IGNORED = re.compile(r"[\x00-\x20\x7f]+")


def scheme(url: str) -> str | None:
    """The scheme of a URL as a browser reads it: after character references, percent-escapes
    and the control characters and spaces browsers skip; None for a relative URL."""
    decoded = _IGNORED.sub("", unquote(html_lib.unescape(url)))
    match = _SCHEME.match(decoded)
    return match.group(1).lower() if match else None


def is_local(url: str) -> bool:
    """True for a URL on the site itself: relative, with no scheme and no host."""
    return scheme(url) is None and not _IGNORED.sub("", url).startswith(("//", "\\\\", "/\\", "\\/"))


def refused_url(url: str) -> Message | None:
    """What is wrong with a link's target, or None when a reader may follow it."""
    found = scheme(url)
    if found is None or found in URL_SCHEMES:
        return None
    return Message("a %(scheme)s: URL", scheme=found)


def refused_attribute(tag: str, name: str, value: str | None) -> Message | None:
    """What is wrong with one attribute of an element, or None when it is kept."""
    name = name.lower()
    if name.startswith("on"):
        return Message("an event-handler attribute (on…=)")
    if not allowed_attribute(tag, name):
        return Message("the attribute '%(name)s' on <%(tag)s>", name=name, tag=tag)
    if name in _URL_ATTRIBUTES and value is not None:
        bad = refused_url(value)
        if bad:
            return bad
        if tag == "img" and not is_local(value):
            return Message("an image from another site (it would tell that site who reads the policy)")
    return None


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, Message]] = []

    def handle_starttag(self, tag, attrs):
        line = self.getpos()[0]
        if tag not in TAGS:
            element = (
                Message("an <%(tag)s> element", tag=tag)
                if tag[:1] in "aeiou"
                else Message("a <%(tag)s> element", tag=tag)
            )
            self.found.append((line, element))
            return
        for name, value in attrs:
            bad = refused_attribute(tag, name, value)
            if bad:
                self.found.append((line, bad))

    handle_startendtag = handle_starttag


@functools.lru_cache(maxsize=4096)
def refused(fragment: str) -> tuple[tuple[int, Message], ...]:
    """(line within the fragment, what) for each piece of markup the sanitizer would drop."""
    reader = _Reader()
    reader.feed(fragment)
    reader.close()
    return tuple(reader.found)


def runs_script(what: str) -> bool:
    """True when refused markup would run a script rather than merely be dropped."""
    return (
        any(f"<{tag}>" in what for tag in _SCRIPTING)
        or what.startswith("an event-handler")
        or "javascript:" in what
        or "vbscript:" in what
    )


def refusal_message(what: Message) -> Message:
    """The message for refused markup: why it is refused, and what to write instead."""
    if runs_script(what):
        return Message(
            "%(what)s is not allowed in policy text: it could run a script in readers' browsers. "
            "Write the text without HTML",
            what=what,
        )
    return Message(
        "%(what)s is not allowed in policy text and would be removed from the page; use Markdown, "
        "or the HTML policies use (<br>, <sup>, <sub>, <abbr>, <span lang>, <a id>, tables)",
        what=what,
    )
