"""An inline token's children as marked text: words, with inline elements carried as
characters (`markup`), and the markup the sanitizer drops reported through `refuse`.
"""

from __future__ import annotations

from collections.abc import Callable
from html.parser import HTMLParser

from markdown_it.token import Token

from . import markup
from .markup import CLOSE, Mark
from .model import BlockKind
from .sanitize import TAGS, refused, refused_attribute, refused_url

Refuse = Callable[[int, str], None]  # (line offset, what was refused)


def token_line(token: Token, default: int = 0) -> int:
    return token.map[0] if token.map else default


class _InlineTags(HTMLParser):
    """The tags of one piece of inline HTML, in order: ("start"|"end"|"void", tag, attrs)."""

    _VOID = {"br", "wbr", "img", "hr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.items: list[tuple[str, str, list]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.items.append(("void" if tag in self._VOID else "start", tag, attrs))

    def handle_startendtag(self, tag, attrs):
        self.items.append(("void", tag, attrs))

    def handle_endtag(self, tag):
        self.items.append(("end", tag, []))

    def handle_data(self, data):
        self.items.append(("text", data, []))


def _attrs(tag: str, pairs, refuse: Refuse, line: int) -> tuple[tuple[str, str], ...]:
    kept = []
    for name, value in pairs:
        bad = refused_attribute(tag, name, value)
        if bad:
            refuse(line, bad)
        elif value is not None:
            kept.append((name.lower(), value))
    return tuple(kept)


def inline_text(inline: Token, refuse: Refuse) -> tuple[str, str, BlockKind]:
    """(label, marked text, drafting level) of an inline token's children."""
    out: list[str] = []
    opened: list[str | None] = []  # per open element: its tag, or None when it was dropped
    open_, close = open_and_close(out, opened)
    label, level = "", BlockKind.PLAIN
    line = token_line(inline)

    for child in inline.children or ():
        kind = child.type
        if "policy_label" in child.meta:
            label = child.meta["policy_label"]
            level = child.meta.get("policy_level", BlockKind.PARAGRAPH)
        elif kind == "text":
            out.append(child.content)
        elif kind == "softbreak":
            out.append("\n")
            line += 1
        elif kind == "hardbreak":
            out.append(markup.char(Mark("br", atom=True, text=" ")))
            line += 1
        elif kind == "code_inline":
            out += [
                markup.char(Mark("code", _attrs("code", child.attrs.items(), refuse, line))),
                child.content,
                CLOSE,
            ]
        elif kind in ("em_open", "strong_open", "s_open"):
            open_(Mark(child.tag, _attrs(child.tag, child.attrs.items(), refuse, line)))
        elif kind in ("em_close", "strong_close", "s_close", "link_close"):
            close()
        elif kind == "link_open":
            href = child.attrGet("href") or ""
            bad = refused_url(href)
            if bad:
                refuse(line, bad)
                opened.append(None)
                continue
            attrs = [("href", href)] + [(k, v) for k, v in child.attrs.items() if k != "href"]
            open_(Mark("a", _attrs("a", attrs, refuse, line)))
        elif kind == "image":
            src = child.attrGet("src") or ""
            alt = child.content or ""
            bad = refused_attribute("img", "src", src)
            if bad:
                refuse(line, bad)
                out.append(alt)
            else:
                out.append(markup.char(Mark("img", (("src", src), ("alt", alt)), atom=True, text=alt)))
        elif kind == "footnote_ref":
            number = child.meta["id"] + 1
            ref = f"fnref{number}" + (f":{child.meta['subId']}" if child.meta.get("subId") else "")
            m = Mark("footnote", (("href", f"#fn{number}"), ("id", ref)), atom=True, text=f"[{number}]")
            out.append(markup.char(m))
        elif kind == "html_inline":
            inline_tags(child.content, refuse, line, out, opened, open_, close)
            line += child.content.count("\n")
    close_all = len([t for t in opened if t is not None])
    out += [CLOSE] * close_all
    return label, "".join(out), level


def inline_tags(content: str, refuse: Refuse, line: int, out, opened, open_, close) -> None:
    for offset, what in refused(content):
        refuse(line + offset - 1, what)
    reader = _InlineTags()
    reader.feed(content)
    reader.close()
    for kind, tag, attrs in reader.items:
        if kind == "text":
            out.append(tag)
        elif tag not in TAGS or tag in ("ins", "del"):
            if kind == "start":
                opened.append(None)  # dropped, with its closing tag
            elif kind == "end" and opened and opened[-1] is None:
                opened.pop()
        elif kind == "void":
            m = Mark(tag, _attrs_quiet(tag, attrs), atom=True, text=" " if tag == "br" else "")
            out.append(markup.char(m))
        elif kind == "start":
            open_(Mark(tag, _attrs_quiet(tag, attrs)))
        else:
            close(tag)


def _attrs_quiet(tag, pairs) -> tuple[tuple[str, str], ...]:
    """Attributes the sanitizer keeps (those it refuses are reported from `refused`)."""
    return tuple((n.lower(), v) for n, v in pairs if v is not None and refused_attribute(tag, n, v) is None)


def open_and_close(out: list[str], opened: list[str | None]):
    """Opening and closing inline elements in marked text: `out` is the text, `opened` the
    elements open in it (None for one that was dropped, whose closing tag is dropped too). An
    element closed with nothing inside (`<a id="x"></a>`) becomes an atom."""

    def open_(m: Mark) -> None:
        out.append(markup.char(m))
        opened.append(m.tag)

    def close(tag: str | None = None) -> None:
        if not opened or (tag is not None and tag not in opened):
            return
        while opened:
            top = opened.pop()
            if top is not None:
                opener = out[-1] if out else ""
                m = markup.mark(opener) if len(opener) == 1 else None
                if m is not None and not m.atom and m.tag == top:
                    out[-1] = markup.char(Mark(m.tag, m.attrs, atom=True))
                else:
                    out.append(CLOSE)
            if tag is None or top == tag:
                break

    return open_, close
