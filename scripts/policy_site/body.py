"""A version's body as the model reads it: a preamble and sections of blocks, from CommonMark.

The engine (`engine`) parses the text; this walks its tokens once. Headings at the top level
open sections, at any level: the highest level in the text counts as 2, so a text whose
sections start at `###` reads like one starting at `##`. Each section keeps its blocks
(paragraphs, list items, table rows, code…) for diffs, with their inline markup carried as
characters (`markup`), and its sanitised HTML for pages. Problems come back with their line.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from difflib import SequenceMatcher
from html.parser import HTMLParser

from markdown_it.token import Token

from . import markup
from .engine import markdown, parse, render
from .labels import DIGITS
from .markup import CLOSE, Mark
from .model import Block, BlockKind, Document, Problem, Role, Section
from .sanitize import TAGS, clean, refused, refused_attribute, refused_url

_ARTICLE_HEADINGS = (
    # 第1条（見出し）, 第1条の2, 第一条 in Japanese and Chinese
    re.compile(
        rf"^第[ 　]*(?P<n>[{DIGITS}]+|[一二三四五六七八九十百]+)[ 　]*条"
        rf"(?:[ 　]*の[ 　]*(?P<b>[{DIGITS}]+|[一二三四五六七八九十]+)(?:[ 　]*の[ 　]*(?P<c>[{DIGITS}]+|[一二三四五六七八九十]+))?)?"
        r"[ 　]*(?:[（(](?P<title>.*)[）)]|[ 　]+(?P<title3>.*))?$"
    ),
    # Article 1 (Heading)
    re.compile(
        rf"^Article[ \t]+(?P<n>[{DIGITS}]+)(?:-(?P<b>[0-9]+))?[ \t]*(?:[(（](?P<title>.*)[)）]|[.:][ \t]*(?P<title2>.*))?$",
        re.I,
    ),
    # 제1조(목적) in Korean
    re.compile(rf"^제[ ]*(?P<n>[{DIGITS}]+)[ ]*조[ ]*(?:[(（](?P<title>.*)[)）])?$"),
)

# An article heading that forgot its number: 第条（目的）, Article (Purpose).
_NUMBERLESS_ARTICLE = re.compile(r"^(?:第[ 　]*条|Article\b(?![ \t]*[0-9０-９])|제[ ]*조)", re.I)
# 編・章・節・款: structure above the articles, with anchors of their own.
_DIVISIONS = {"編": "part", "章": "chapter", "節": "section", "款": "subsection", "目": "division"}
_DIVISION = re.compile(rf"^第[ 　]*([{DIGITS}]+|[一二三四五六七八九十百]+)[ 　]*([編章節款目])")
_DELETED_RANGE = re.compile(
    rf"^第[ 　]*([{DIGITS}]+|[一二三四五六七八九十百]+)[ 　]*条[ 　]*から[ 　]*"
    rf"第[ 　]*([{DIGITS}]+|[一二三四五六七八九十百]+)[ 　]*条[ 　]*まで[ 　]*削除$"
)
_SCHEDULE = re.compile(rf"^(別表|様式)(?:[ 　]*第?[ 　]*([{DIGITS}]+|[一二三四五六七八九十]+))?")
SUPPLEMENTARY = re.compile(r"^(?:附[ 　]*則|Supplementary Provisions?\b)", re.I)
_KANJI = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def kanji_number(text: str) -> int:
    """一 to 九百九十九 and arabic or full-width digits, as an int."""
    text = unicodedata.normalize("NFKC", text)
    if text.isdigit():
        return int(text)
    total, digit = 0, 0
    for char in text:
        if char in _KANJI:
            digit = _KANJI[char]
        elif char in "十百":
            total += (digit or 1) * (10 if char == "十" else 100)
            digit = 0
    return total + digit


def slugify(heading: str) -> str:
    """The anchor GitHub gives a heading, so that links written for GitHub's preview work:
    lower case, punctuation dropped, each space a hyphen. CJK letters are kept (MkDocs'
    default drops them)."""
    text = unicodedata.normalize("NFKC", heading).lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.strip().replace(" ", "-") or "section"


def article(heading: str) -> tuple[int, str, str] | None:
    """(number, branch of 条の2 or 条の2の3 as "-2" or "-2-3" or "", title) of an article heading."""
    for pattern in _ARTICLE_HEADINGS:
        match = pattern.match(heading)
        if match:
            groups = match.groupdict()
            branch = "".join(f"-{kanji_number(groups[g])}" for g in ("b", "c") if groups.get(g))
            title = groups.get("title") or groups.get("title2") or groups.get("title3") or ""
            return kanji_number(groups["n"]), branch, title.strip()
    return None


def _default_key(heading: str, parents: list[Section], earlier: list[Section]) -> tuple[str, int | None, str]:
    """(anchor, article number, title) a heading has when the text gives it no {#id}."""
    deleted = _DELETED_RANGE.match(heading)
    if deleted:  # 「第2条から第4条まで　削除」: three articles deleted, their numbers kept
        first, last = kanji_number(deleted.group(1)), kanji_number(deleted.group(2))
        return f"article-{first}-to-{last}", first, "削除"
    found = article(heading)
    if found:
        number, branch, title = found
        key = f"article-{number}{branch}"
        supplement = next((p for p in reversed(parents) if SUPPLEMENTARY.match(p.heading)), None)
        if supplement is not None:  # 附則 number their articles afresh
            key = f"{supplement.key}-{key}"
        return key, number, title
    if SUPPLEMENTARY.match(heading):  # 附則: named after the instrument or date it gives, if any
        named = re.search(r"[（(]([^）)]+)[）)]", heading)
        if named:
            return f"supplementary-{slugify(named.group(1))}", None, heading
        count = sum(1 for p in earlier if SUPPLEMENTARY.match(p.heading))
        return "supplementary" + (f"-{count + 1}" if count else ""), None, heading
    schedule = _SCHEDULE.match(heading)
    if schedule:  # 別表第一, 様式第2: appended tables and forms
        kind = "table" if schedule.group(1) == "別表" else "form"
        number = schedule.group(2)
        return f"{kind}-{kanji_number(number)}" if number else kind, None, heading
    division = _DIVISION.match(heading)
    if division:
        key = f"{_DIVISIONS[division.group(2)]}-{kanji_number(division.group(1))}"
        outer = next(
            (p for p in reversed(parents) if p.key.startswith(("part-", "chapter-", "section-"))), None
        )
        if division.group(2) in "節款目" and outer is not None:
            key = f"{outer.key}-{key}"  # 節 and 款 are numbered afresh in each 章
        return key, None, heading
    return slugify(heading), None, heading


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

    def problem(self, offset: int, message: str, severity: str = "error") -> None:
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


def _line(token: Token, default: int = 0) -> int:
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


def _attrs(tag: str, pairs, walk: _Walk, line: int) -> tuple[tuple[str, str], ...]:
    kept = []
    for name, value in pairs:
        bad = refused_attribute(tag, name, value)
        if bad:
            walk.refuse(line, bad)
        elif value is not None:
            kept.append((name.lower(), value))
    return tuple(kept)


def inline_text(inline: Token, walk: _Walk) -> tuple[str, str, BlockKind]:
    """(label, marked text, drafting level) of an inline token's children."""
    out: list[str] = []
    opened: list[str | None] = []  # per open element: its tag, or None when it was dropped
    open_, close = _stack(out, opened)
    label, level = "", BlockKind.PLAIN
    line = _line(inline)

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
                markup.char(Mark("code", _attrs("code", child.attrs.items(), walk, line))),
                child.content,
                CLOSE,
            ]
        elif kind in ("em_open", "strong_open", "s_open"):
            open_(Mark(child.tag, _attrs(child.tag, child.attrs.items(), walk, line)))
        elif kind in ("em_close", "strong_close", "s_close", "link_close"):
            close()
        elif kind == "link_open":
            href = child.attrGet("href") or ""
            bad = refused_url(href)
            if bad:
                walk.refuse(line, bad)
                opened.append(None)
                continue
            attrs = [("href", href)] + [(k, v) for k, v in child.attrs.items() if k != "href"]
            open_(Mark("a", _attrs("a", attrs, walk, line)))
        elif kind == "image":
            src = child.attrGet("src") or ""
            alt = child.content or ""
            bad = refused_attribute("img", "src", src)
            if bad:
                walk.refuse(line, bad)
                out.append(alt)
            else:
                out.append(markup.char(Mark("img", (("src", src), ("alt", alt)), atom=True, text=alt)))
        elif kind == "footnote_ref":
            number = child.meta["id"] + 1
            ref = f"fnref{number}" + (f":{child.meta['subId']}" if child.meta.get("subId") else "")
            m = Mark("footnote", (("href", f"#fn{number}"), ("id", ref)), atom=True, text=f"[{number}]")
            out.append(markup.char(m))
        elif kind == "html_inline":
            _inline_tags(child.content, walk, line, out, opened, open_, close)
            line += child.content.count("\n")
    close_all = len([t for t in opened if t is not None])
    out += [CLOSE] * close_all
    return label, "".join(out), level


def _inline_tags(content, walk, line, out, opened, open_, close) -> None:
    for offset, what in refused(content):
        walk.refuse(line + offset - 1, what)
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
        heading = _plain_heading(inline_text(inline, walk)[1])
        line = _line(token)
        level = int(token.tag[1]) - top + 2
        earlier = [entry["section"] for entry in walk.sections]
        key, number, title = _default_key(heading, _outline(walk.sections, level), earlier)
        if not heading:
            walk.problem(line, "this heading has no text: write the section's heading after the '#' marks")
        elif number is None and _NUMBERLESS_ARTICLE.match(heading):
            walk.problem(
                line,
                f"'{heading}' looks like an article heading but has no number; "
                "write it as '第N条（見出し）' or 'Article N (Heading)'",
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
                "heading_html": clean(_render_inline(inline, env)),
                "explicit": bool(explicit),
            }
        )
        start = i = i + 3
    footnotes_at = i
    slices.append((start, footnotes_at))
    while i < len(tokens):  # footnote definitions, shown at the end
        i = _block(tokens, i, walk)
    return _document(tokens, env, walk, slices, footnotes_at), walk.problems


def pair_sections(source: tuple[Section, ...], translation: tuple[Section, ...]) -> list[tuple]:
    """The sections of a translation paired with its source's by their place in the structure
    (the sequence of heading levels): (source section or None, translation section or None).

    A translation may have a heading more or less than its source; the rest still pair."""
    matcher = SequenceMatcher(None, [s.level for s in source], [t.level for t in translation], autojunk=False)
    pairs: list[tuple] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
            pairs += list(zip(source[i1:i2], translation[j1:j2], strict=True))
        else:
            pairs += [(o, None) for o in source[i1:i2]] + [(None, t) for t in translation[j1:j2]]
    return pairs


def align_anchors(source: Document, translation: Document) -> Document:
    """A translation with the anchors of its source: sections without numbers correspond by
    their place in the structure, and take the anchor of the source's heading, so that
    `#how-we-share` means the same section in every language."""
    if [s.key for s in source.sections] == [t.key for t in translation.sections]:
        return translation
    keys = {
        id(t): o.key
        for o, t in pair_sections(source.sections, translation.sections)
        if o is not None and t is not None and not t.explicit and t.number is None and o.number is None
    }
    taken = {t.key for t in translation.sections if id(t) not in keys}
    sections = tuple(
        replace(t, key=keys[id(t)]) if id(t) in keys and keys[id(t)] not in taken else t
        for t in translation.sections
    )
    return replace(translation, sections=sections)


def _render_inline(inline: Token, env: dict) -> str:
    md = markdown()
    return md.renderer.renderInline(inline.children or [], md.options, env)


def _document(tokens, env, walk: _Walk, slices, footnotes_at: int) -> Document:
    def html(start: int, end: int) -> str:
        return clean(render(tokens[start:end], env)) if end > start else ""

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
    line = _line(token)
    if kind == "paragraph_open":
        label, text, level = inline_text(tokens[i + 1], walk)
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
        label, text, level = inline_text(tokens[i + 1], walk)
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
        cleaned = clean(token.content)
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
                html=clean(token.content),
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
            _inline_tags(inner, walk, line, out, opened, *_stack(out, opened))
            out += [CLOSE] * len([t for t in opened if t is not None])
            texts.append(re.sub(r"[ \t\n]+", " ", "".join(out)).strip())
        header = bool(cells) and all(tag == "th" for tag, _, _ in cells)
        align = tuple((_HTML_ALIGN.search(a).group(1) if _HTML_ALIGN.search(a) else "") for _, a, _ in cells)
        walk.add(_row(walk, texts, line, header, align))


def _stack(out: list[str], opened: list[str | None]):
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
    line = _line(tokens[i])
    i += 1
    while i < len(tokens) and tokens[i].type != "table_close":
        token = tokens[i]
        if token.type == "thead_open":
            header = True
        elif token.type == "tbody_open":
            header = False
        elif token.type == "tr_open":
            cells, align, line = [], [], _line(token, line)
        elif token.type in ("th_open", "td_open"):
            found = re.search(r"policy-align-(\w+)", token.attrGet("class") or "")
            align.append(found.group(1) if found else "")
            cells.append(inline_text(tokens[i + 1], walk)[1])
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
