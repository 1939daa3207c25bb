"""A version's body as the model reads it: a preamble and sections of blocks, from CommonMark.

The engine (`engine`) parses the text; this walks its tokens once. Headings at the top level
open sections, at any level: the highest level in the text counts as 2, so a text whose
sections start at `###` reads like one starting at `##`. Each section keeps its blocks
(paragraphs, list items, table rows, code…) for diffs, with their inline markup carried as
characters (`inline`), and its sanitised HTML for pages. A heading's anchor and article number
come from `statute`. Problems come back with their line.
"""

from __future__ import annotations

import functools
import re
from html.parser import HTMLParser

from markdown_it.token import Token

from . import markup, sanitize
from .engine import markdown, parse, render
from .inline import inline_tags, inline_text, open_and_close, token_line
from .markup import CLOSE
from .messages import Message
from .model import Block, BlockKind, Document, Problem, Role, Section
from .sanitize import refused
from .statute import NUMBERLESS_ARTICLE, heading_key

# Versions and their languages repeat most sections' HTML as it was: each is sanitised once.
_clean = functools.lru_cache(maxsize=4096)(sanitize.clean)


class _Walk:
    """One pass over a body's tokens, collecting sections, blocks and problems."""

    def __init__(self, path: str, first_line: int) -> None:
        self.path, self.first_line = path, first_line
        self.problems: list[Problem] = []
        self.preamble: list[Block] = []
        self.sections: list[dict] = []
        self.frames: list[dict] = []  # open lists, list items, quotes, footnotes
        self.refused: list[tuple[int, str]] = []
        self.footnotes: list[Block] = []

    def problem(self, offset: int, message: Message, severity: str = "error") -> None:
        self.problems.append(Problem(self.path, self.first_line + offset, message, severity))

    def refuse(self, offset: int, what: str) -> None:
        """Note markup the sanitizer drops. An attribute that is merely not allowed (a style,
        `{: datetime=… }` on a paragraph) is dropped quietly: real texts hold them, and they
        do no harm. What could run a script or load from another site is reported."""
        if not what.startswith("the attribute "):
            self.refused.append((self.first_line + offset, what))

    def add(self, block: Block) -> None:
        if any(f["type"] == "footnote" for f in self.frames):
            self.footnotes.append(block)
        else:
            (self.sections[-1]["blocks"] if self.sections else self.preamble).append(block)

    @property
    def depth(self) -> int:
        return sum(1 for f in self.frames if f["type"] == "list")

    @property
    def quote(self) -> int:
        return sum(1 for f in self.frames if f["type"] == "quote")


def _plain_heading(text: str) -> str:
    return re.sub(r"[ \t\n]+", " ", markup.plain(text)).strip(" \t\n")


def parse_body(path: str, body: str, first_line: int = 1) -> tuple[Document, list[Problem]]:
    """Parse a body into a preamble and sections of blocks, with their HTML and problems."""
    tokens, env = parse(body)
    walk = _Walk(path, first_line)
    for offset, what in env["problems"]:
        walk.refuse(offset, what)
    levels = [int(t.tag[1]) for t in tokens if t.type == "heading_open" and t.level == 0]
    # A text may open with its own title (`# Privacy Statement`): the page's title comes from
    # mkdocs.yml, so that heading is not shown. Other level-1 headings are sections.
    start = 0
    if tokens and tokens[0].type == "heading_open" and tokens[0].tag == "h1" and levels.count(1) == 1:
        start = 3
        levels = levels[1:]
    top = min(levels, default=2)
    slices: list[tuple[int, int]] = []  # token range of the preamble, then of each section
    i = start
    while i < len(tokens) and tokens[i].type != "footnote_block_open":
        token = tokens[i]
        if token.type != "heading_open" or token.level != 0:
            i = _block(tokens, i, walk)
            continue
        slices.append((start, i))
        inline = tokens[i + 1]
        heading = _plain_heading(inline_text(inline, walk.refuse)[1])
        line = token_line(token)
        level = int(token.tag[1]) - top + 2
        earlier = [entry["section"] for entry in walk.sections]
        key, number, title = heading_key(heading, _outline(walk.sections, level), earlier)
        if not heading:
            walk.problem(
                line, Message("this heading has no text: write the section's heading after the '#' marks")
            )
        elif number is None and NUMBERLESS_ARTICLE.match(heading):
            walk.problem(
                line,
                Message(
                    "'%(heading)s' looks like an article heading but has no number; "
                    "write it as '第N条（見出し）' or 'Article N (Heading)'",
                    heading=heading,
                ),
            )
        explicit = token.attrGet("id")
        if not explicit and number is None:  # a heading repeated: `-1`, `-2`, as GitHub does
            used = {entry["section"].key for entry in walk.sections}
            base, count = key, 0
            while key in used:
                count += 1
                key = f"{base}-{count}"
        walk.sections.append(
            {
                "section": Section(str(explicit or key), heading, title, number, (), line, level),
                "blocks": [],
                "heading_html": _clean(_render_inline(inline, env)),
                "explicit": bool(explicit),
            }
        )
        start = i = i + 3
    footnotes_at = i
    slices.append((start, footnotes_at))
    while i < len(tokens):  # footnote definitions, shown at the end
        i = _block(tokens, i, walk)
    return _document(tokens, env, walk, slices, footnotes_at), walk.problems


def _render_inline(inline: Token, env: dict) -> str:
    md = markdown()
    return md.renderer.renderInline(inline.children or [], md.options, env)


def _document(tokens, env, walk: _Walk, slices, footnotes_at: int) -> Document:
    def html(start: int, end: int) -> str:
        return _clean(render(tokens[start:end], env)) if end > start else ""

    sections = []
    for entry, (start, end) in zip(walk.sections, slices[1:], strict=True):
        s = entry["section"]
        sections.append(
            Section(
                s.key,
                s.heading,
                s.title,
                s.number,
                tuple(entry["blocks"]),
                s.line + walk.first_line,
                s.level,
                html(start, end),
                entry["heading_html"],
                entry["explicit"],
            )
        )
    return Document(
        tuple(walk.preamble),
        tuple(sections),
        html(*slices[0]),
        html(footnotes_at, len(tokens)),
        tuple(walk.footnotes),
        tuple(dict.fromkeys(walk.refused)),
    )


def _outline(sections: list[dict], level: int) -> list[Section]:
    """The sections that enclose a new heading at `level`, outermost first."""
    chain: list[Section] = []
    for entry in sections:
        section = entry["section"]
        while chain and chain[-1].level >= section.level:
            chain.pop()
        chain.append(section)
    while chain and chain[-1].level >= level:
        chain.pop()
    return chain


def _pending_item(walk: _Walk) -> dict | None:
    frame = walk.frames[-1] if walk.frames else None
    return frame if frame and frame["type"] in ("item", "footnote") and frame["pending"] else None


def _settle_item(walk: _Walk, line: int) -> None:
    """A list item that starts with something else than a paragraph: its own, empty block."""
    frame = _pending_item(walk)
    if frame is not None and frame["type"] == "item":
        frame["pending"] = False
        walk.add(_item_block(walk, frame, "", "", BlockKind.PLAIN, frame["line"]))


def _item_block(walk: _Walk, frame: dict, label: str, text: str, level: BlockKind, line: int) -> Block:
    ordered = frame["ordered"]
    kind = level if label else (BlockKind.PARAGRAPH if ordered else BlockKind.BULLET)
    return Block(kind, label, text, walk.first_line + line, Role.LIST_ITEM, walk.depth, walk.quote, ordered)


def _block(tokens: list[Token], i: int, walk: _Walk) -> int:
    """Take the block that starts at token `i`; return the index of the next token."""
    token = tokens[i]
    kind = token.type
    line = token_line(token)
    if kind == "paragraph_open":
        label, text, level = inline_text(tokens[i + 1], walk.refuse)
        frame = _pending_item(walk)
        if frame is not None and frame["type"] == "item":
            frame["pending"] = False
            walk.add(_item_block(walk, frame, label, text, level, line))
        else:
            if frame is not None:  # a footnote's first paragraph: its number is its label
                frame["pending"] = False
                label, level = f"[{frame['number']}] ", BlockKind.NOTE
            walk.add(
                Block(level, label, text, walk.first_line + line, Role.PARAGRAPH, walk.depth, walk.quote)
            )
        return i + 3
    if kind in ("bullet_list_open", "ordered_list_open"):
        _settle_item(walk, line)
        walk.frames.append({"type": "list", "ordered": kind == "ordered_list_open"})
    elif kind == "list_item_open":
        ordered = walk.frames[-1].get("ordered", False) if walk.frames else False
        walk.frames.append({"type": "item", "pending": True, "ordered": ordered, "line": line})
    elif kind == "list_item_close":
        _settle_item(walk, line)
        walk.frames.pop()
    elif kind == "blockquote_open":
        _settle_item(walk, line)
        walk.frames.append({"type": "quote"})
    elif kind in ("bullet_list_close", "ordered_list_close", "blockquote_close", "footnote_close"):
        if walk.frames:
            walk.frames.pop()
    elif kind == "footnote_open":
        walk.frames.append({"type": "footnote", "pending": True, "number": token.meta["id"] + 1})
    elif kind == "heading_open":  # inside a quote or a list: a block, not a section
        _settle_item(walk, line)
        label, text, level = inline_text(tokens[i + 1], walk.refuse)
        walk.add(
            Block(BlockKind.PLAIN, "", text, walk.first_line + line, Role.HEADING, walk.depth, walk.quote)
        )
        return i + 3
    elif kind in ("fence", "code_block"):
        _settle_item(walk, line)
        walk.add(
            Block(
                BlockKind.PLAIN,
                "",
                token.content,
                walk.first_line + line,
                Role.CODE,
                walk.depth,
                walk.quote,
                html=token.info,
            )
        )
    elif kind == "html_block":
        _settle_item(walk, line)
        for offset, what in refused(token.content):
            walk.refuse(line + offset - 1, what)
        cleaned = _clean(token.content)
        if not cleaned.strip():
            return i + 1  # a comment, or nothing a reader would see: not a block
        if _HTML_TABLE.fullmatch(cleaned.strip()):
            _html_table(cleaned, walk, line)
            return i + 1
        walk.add(
            Block(
                BlockKind.PLAIN,
                "",
                _html_text(token.content),
                walk.first_line + line,
                Role.HTML,
                walk.depth,
                walk.quote,
                html=_clean(token.content),
            )
        )
    elif kind == "hr":
        _settle_item(walk, line)
        walk.add(Block(BlockKind.PLAIN, "", "", walk.first_line + line, Role.RULE, walk.depth, walk.quote))
    elif kind == "table_open":
        _settle_item(walk, line)
        return _table(tokens, i, walk)
    return i + 1


_HTML_TABLE = re.compile(r"<table\b[^>]*>.*</table>", re.S)
_HTML_ROW = re.compile(r"<tr\b[^>]*>(.*?)</tr>", re.S)
_HTML_CELL = re.compile(r"<(td|th)\b([^>]*)>(.*?)</\1>", re.S)
_HTML_ALIGN = re.compile(r"align=\"(left|center|right)\"")


def _html_table(cleaned: str, walk: _Walk, line: int) -> None:
    """An HTML table's rows as blocks, like a Markdown table's, so that a diff goes row, then
    cell, and keeps each cell's markup. The page shows the table itself (the block's html)."""
    rows = _HTML_ROW.findall(cleaned)
    for row in rows:
        cells = _HTML_CELL.findall(row)
        texts = []
        for _tag, _attrs, inner in cells:
            out: list[str] = []
            opened: list[str | None] = []
            inline_tags(inner, walk.refuse, line, out, opened, *open_and_close(out, opened))
            out += [CLOSE] * len([t for t in opened if t is not None])
            texts.append(re.sub(r"[ \t\n]+", " ", "".join(out)).strip())
        header = bool(cells) and all(tag == "th" for tag, _, _ in cells)
        align = tuple((_HTML_ALIGN.search(a).group(1) if _HTML_ALIGN.search(a) else "") for _, a, _ in cells)
        walk.add(_row(walk, texts, line, header, align))


def _row(walk: _Walk, cells: list[str], line: int, header: bool, align: tuple[str, ...]) -> Block:
    """A table row as a block: its cells' marked texts, separated by `markup.CELL`."""
    return Block(
        BlockKind.PLAIN,
        "",
        markup.CELL.join(cells),
        walk.first_line + line,
        Role.TABLE_ROW,
        walk.depth,
        walk.quote,
        header=header,
        align=align,
    )


def _table(tokens: list[Token], i: int, walk: _Walk) -> int:
    """Each row of a table as a block, its cells separated by `markup.CELL`."""
    header = False
    cells: list[str] = []
    align: list[str] = []
    line = token_line(tokens[i])
    i += 1
    while i < len(tokens) and tokens[i].type != "table_close":
        token = tokens[i]
        if token.type == "thead_open":
            header = True
        elif token.type == "tbody_open":
            header = False
        elif token.type == "tr_open":
            cells, align, line = [], [], token_line(token, line)
        elif token.type in ("th_open", "td_open"):
            found = re.search(r"policy-align-(\w+)", token.attrGet("class") or "")
            align.append(found.group(1) if found else "")
            cells.append(inline_text(tokens[i + 1], walk.refuse)[1])
        elif token.type == "tr_close":
            walk.add(_row(walk, cells, line, header, tuple(align)))
        i += 1
    return i + 1


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data):
        self.parts.append(data)

    def handle_starttag(self, tag, attrs):
        if tag in ("br", "p", "div", "tr", "li", "td", "th"):
            self.parts.append(" ")


def _html_text(content: str) -> str:
    """The words of an HTML block, for matching and diffing it."""
    reader = _Text()
    reader.feed(content)
    reader.close()
    return re.sub(r"\s+", " ", "".join(reader.parts)).strip()
