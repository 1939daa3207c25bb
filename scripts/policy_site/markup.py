"""Inline markup carried inside text, so that diffs keep it.

A block's text is diffed as a string (characters or words), which is what keeps the diff fast
and simple. Its inline markup (emphasis, links, code, `<sup>`…) travels in the same string as
single characters from a Private Use plane: one character opens a mark, one closes the
innermost open mark, and one stands for an atom (a line break, a footnote reference, an empty
anchor). Equal text under different markup is then unequal, a changed link target is a
changed character, and a renderer rebuilds well-nested HTML from either side of a diff.
The characters are interned per process and never reach a reader.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import escape

_FIRST = 0xF0000  # Supplementary Private Use Area-A: 65,534 code points, unused by any text
_LAST = 0xFFFFD
CLOSE = "\U0010fffd"  # closes the innermost open mark
CELL = "\U0010fffc"  # separates the cells of a table row

MARKUP = re.compile("[\U000f0000-\U000ffffd\U0010fffc\U0010fffd]")


@dataclass(frozen=True)
class Mark:
    """An inline element: its tag, its (already sanitised) attributes, and whether it is empty."""

    tag: str
    attrs: tuple[tuple[str, str], ...] = ()
    atom: bool = False
    text: str = ""  # what an atom reads as in plain text: " " for a break, "[1]" for a footnote

    def attr(self, name: str) -> str | None:
        return next((v for k, v in self.attrs if k == name), None)


_chars: dict[Mark, str] = {}
_marks: dict[str, Mark] = {}


def char(mark: Mark) -> str:
    """The character that stands for `mark` in text."""
    found = _chars.get(mark)
    if found is None:
        if len(_chars) > _LAST - _FIRST:
            raise OverflowError("too many distinct inline elements in one process")
        found = chr(_FIRST + len(_chars))
        _chars[mark] = found
        _marks[found] = mark
    return found


def mark(ch: str) -> Mark | None:
    return _marks.get(ch)


def plain(text: str) -> str:
    """Text without its markup characters; atoms read as their plain text."""
    if not MARKUP.search(text):
        return text
    return MARKUP.sub(lambda m: _plain_char(m.group(0)), text)


def _plain_char(ch: str) -> str:
    found = _marks.get(ch)
    return found.text if found is not None and found.atom else ""


def _attrs_html(m: Mark, base: str) -> str:
    out = []
    for name, value in m.attrs:
        if name == "href" and value.startswith("#") and base:
            value = base + value  # a link into the text: to the version page, from a diff page
        elif name == "id" and base:
            continue  # ids belong to the version page; a diff page shows two versions
        out.append(f' {name}="{escape(value)}"')
    return "".join(out)


def open_tag(m: Mark, base: str = "") -> str:
    if m.atom:
        return _atom_html(m, base)
    return f"<{m.tag}{_attrs_html(m, base)}>"


def _atom_html(m: Mark, base: str) -> str:
    if m.tag == "br":
        return "<br>"
    if m.tag == "footnote":
        href = m.attr("href") or ""
        link = f' href="{escape((base + href) if base else href)}"' if href else ""
        ident = "" if base else f' id="{escape(m.attr("id") or "")}"'
        return f'<sup class="footnote-ref"><a{link}{ident}>{escape(m.text)}</a></sup>'
    if m.tag == "img":
        return f"<img{_attrs_html(m, base)}>"
    if base and m.attr("id") and len(m.attrs) == 1:
        return ""  # an empty anchor: only meaningful on the version page
    return f"<{m.tag}{_attrs_html(m, base)}></{m.tag}>"


def piece_html(piece: str, base: str = "") -> str:
    """A piece from `pieces`: escaped text, or the HTML of an atom."""
    m = _marks.get(piece) if len(piece) == 1 else None
    return _atom_html(m, base) if m is not None and m.atom else str(escape(piece))
