"""Policy text as HTML: a version's page, one block, and a block's diff with its markup kept.

A version page is the engine's own HTML of the text (sanitised when parsed), with each section
heading given its anchor. Diff pages show blocks one by one: a paragraph stays a paragraph, a
list item a list item at its depth, a table row a row of cells; inside them, insertions and
deletions are marked within the inline markup (a changed word inside a link stays inside the
link), so no Markdown syntax ever reaches a reader.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from markupsafe import escape

from . import markup
from .engine import markdown
from .markup import CELL, CLOSE, Mark
from .model import Block, Document, Role, Section
from .sanitize import clean
from .textdiff import Op

Gettext = Callable[[str], str]
_CELL_BREAK = "\x00cell\x00"


def heading_html(section: Section, permalink: str = "Permanent link") -> str:
    """A section's heading with its anchor and a permanent link to it."""
    level = min(max(section.level, 2), 6)
    key = escape(section.key)
    return (
        f'<h{level} id="{key}">{section.heading_html}<a class="headerlink" href="#{key}" '
        f'title="{escape(permalink)}">&para;</a></h{level}>'
    )


def section_html(
    section: Section, permalink: str = "Permanent link", history: tuple[str, str] | None = None
) -> str:
    """A section's heading, a link to its history beside it (`history`: its address and
    label), and its text."""
    link = ""
    if history is not None:
        href, label = history
        link = f'<p class="policy-article-link" data-search-exclude><a href="{escape(href)}">{escape(label)}</a></p>\n'
    return heading_html(section, permalink) + "\n" + link + section.html


def document_html(
    document: Document,
    permalink: str = "Permanent link",
    history: Mapping[str, tuple[str, str]] | None = None,
) -> str:
    """The HTML MkDocs shows for a version's text; `history` gives, by section anchor, the
    address and label of the link to that section's history."""
    history = history or {}
    parts = []
    if document.preamble_html:
        parts.append(f'<div class="policy-preamble">\n{document.preamble_html}</div>')
    parts += [section_html(s, permalink, history.get(s.key)) for s in document.sections]
    if document.footnotes_html:
        parts.append(document.footnotes_html)
    return "\n".join(parts) + "\n"


_IDS = re.compile(r'(\bid="|\bhref="#)([^"]+)"')


def scope_ids(html: str, prefix: str, keep=()) -> str:
    """Ids in one text, and the links to them, made unique to that text where several texts
    share a page (the bilingual view): `fn1` becomes `en-fn1`, `complaints` `en-complaints`.
    Links to the anchors in `keep` (the page's own rows) are left as they are."""
    keep = set(keep)

    def scoped(match: re.Match) -> str:
        kind, name = match.group(1), match.group(2)
        if kind.startswith("href") and name in keep:
            return match.group(0)
        return f'{kind}{prefix}-{name}"'

    return _IDS.sub(scoped, html)


def excerpt_html(html: str, prefix: str, base: str) -> str:
    """Part of a text shown on another page: its own ids made unique with `prefix`, and links
    to anchors outside it (its footnotes) leading to `base`, the page of the whole text."""
    own = set(re.findall(r'\bid="([^"]+)"', html))
    outside = set(re.findall(r'\bhref="#([^"]+)"', html)) - own
    html = scope_ids(html, prefix, keep=outside)
    return re.sub(
        r'\bhref="#([^"]+)"',
        lambda m: f'href="{base}#{m.group(1)}"' if m.group(1) in outside else m.group(0),
        html,
    )


def toc(document: Document) -> list[dict]:
    """The sections as nested table-of-contents entries: level, id, name, children."""
    root: list[dict] = []
    chain: list[dict] = []
    for section in document.sections:
        entry = {"level": section.level, "id": section.key, "name": section.heading, "children": []}
        while chain and chain[-1]["level"] >= section.level:
            chain.pop()
        (chain[-1]["children"] if chain else root).append(entry)
        chain.append(entry)
    return root


def summary_html(summary: str) -> str:
    """A version's summary as a page or a feed shows it: one line of the policy's Markdown."""
    md = markdown()
    return clean(md.renderInline(summary, {"problems": []})) if summary else ""


def summary_plain(summary: str) -> str:
    """A summary as plain text, for meta descriptions: its words without Markdown."""
    tokens = markdown().parseInline(summary, {"problems": []}) if summary else []
    words = []
    for token in tokens:
        for child in token.children or ():
            if child.type in ("text", "code_inline"):
                words.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                words.append(" ")
    return "".join(words).strip()


# Blocks, one by one, on diff pages.


def wrap(block: Block, inner: str, extra: str = "", inline: bool = False) -> str:
    """`inner` (a block's inline HTML) in the element the block is: p, list item, row…"""
    cls = f" {extra}" if extra else ""
    role = block.role
    if role == Role.LIST_ITEM:
        tag = "ol" if block.ordered else "ul"
        ordered = " policy-ol" if block.ordered else ""
        html = f'<{tag} class="policy-list policy-depth-{block.depth}{ordered}{cls}"><li>{inner}</li></{tag}>'
    elif role == Role.TABLE_ROW:
        cell = "th" if block.header else "td"
        cells = []
        for index, content in enumerate(inner.split(_CELL_BREAK)):
            align = block.align[index] if index < len(block.align) else ""
            klass = f' class="policy-align-{align}"' if align else ""
            cells.append(f"<{cell}{klass}>{content}</{cell}>")
        html = f'<table class="policy-row{cls}"><tr>{"".join(cells)}</tr></table>'
    elif role == Role.CODE:
        html = f'<pre class="policy-code{cls}"><code>{inner}</code></pre>'
    elif role == Role.RULE:
        html = f'<hr class="policy-rule{cls}">{inner}'
    elif role == Role.HEADING:
        html = f'<p class="policy-inner-heading{cls}"><strong>{inner}</strong></p>'
    else:
        tag = "span" if inline and not block.depth and not block.quote else "p"
        depth = f" policy-depth-{block.depth}" if block.depth else ""
        html = f'<{tag} class="policy-block policy-{block.kind.value}{depth}{cls}">{inner}</{tag}>'
    for _ in range(block.quote):
        html = f'<blockquote class="policy-quote">{html}</blockquote>'
    return html


def block_html(block: Block, base: str = "", extra: str = "") -> str:
    """An unchanged block, as a page of changes shows it."""
    if block.role == Role.HTML:
        return f'<div class="policy-html{" " + extra if extra else ""}">{block.html}</div>'
    if block.role == Role.CODE:
        return wrap(block, str(escape(block.body)), extra)
    return wrap(block, _render([("", block.text)], "new", None, base), extra)


def spans_html(spans, side: str, _: Gettext, base: str = "", old_base: str | None = None) -> str:
    """Spans of a diff as HTML: `side` is "old" (改定前), "new" (改定後) or "both" (redline).

    Links into the text lead to the version page each piece belongs to: `base` for the new
    text (or the one side shown), `old_base` for deleted text in a redline."""
    ops = {span.op for span in spans if span.text}
    whole = ops == {Op.INSERT} and side != "old" or ops == {Op.DELETE} and side != "new"
    if whole and not any(CELL in span.text for span in spans):
        # Text added or deleted whole is one <ins> or <del> round its markup, a link included:
        # one announcement to a screen reader, not one per link or emphasis it holds. A table
        # row's cells are each marked apart, since no element may span two cells.
        (op,) = ops
        link_base = base if op == Op.INSERT or old_base is None else old_base
        return _wrapped(op.value, _render([("", s.text) for s in spans], side, _, link_base), _)
    runs = []
    for span in spans:
        if span.op == Op.RENUMBER:
            # `text` is the number now, `old` the number before: the 改定前 side shows the old one
            runs.append(("renumber", (span.old if side == "old" else span.text, span.old, span.text, side)))
        elif span.op == Op.INSERT and side == "old" or span.op == Op.DELETE and side == "new":
            runs.append(("skip", span.text))
        else:
            runs.append((span.op.value, span.text))
    return _render(runs, side, _, base, base if old_base is None else old_base)


def _render(runs, side: str, _: Gettext | None, base: str, old_base: str | None = None) -> str:
    """HTML of (op, text) runs, each side's markup on its own stack, so both stay nested."""
    items: list[tuple[str, str, tuple[Mark, ...]]] = []
    old: list[Mark] = []
    new: list[Mark] = []
    for op, text in runs:
        if op == "renumber":
            items.append(("renumber", text, tuple(new)))
            continue
        stacks = {"equal": (old, new), "": (old, new), "insert": (new,), "delete": (old,), "skip": ()}[op]
        if op == "skip":  # the other side's text: only its markup matters, to keep stacks right
            continue
        for part in _SPLIT.split(text):
            if not part:
                continue
            if part == CLOSE:
                for stack in stacks:
                    if stack:
                        stack.pop()
                continue
            m = markup.mark(part) if len(part) == 1 and part != CELL else None
            if m is not None and not m.atom:
                for stack in stacks:
                    stack.append(m)
                continue
            if op in ("equal", ""):
                before, after = tuple(old), tuple(new)
                if before == after or side != "both":
                    items.append(("", part, before if side == "old" else after))
                else:  # the same words, their markup changed (a link's target): show both
                    items += [("delete", part, before), ("insert", part, after)]
            else:
                items.append((op, part, tuple(new if op == "insert" else old)))
    old_base = base if old_base is None else old_base
    return _items_html(_deletions_first(items), _, lambda op: old_base if op == "delete" else base)


def _deletions_first(items: list) -> list:
    """Each run of changes as the old words struck out, then the new ones: a link whose target
    changed reads as the old link deleted and the new one added, not as shreds of both."""
    out: list = []
    run: list = []
    for item in items + [("", "", ())]:
        if item[0] in ("delete", "insert"):
            run.append(item)
            continue
        out += [i for i in run if i[0] == "delete"] + [i for i in run if i[0] == "insert"]
        run = []
        out.append(item)
    return out[:-1]


_SPLIT = re.compile(f"({markup.MARKUP.pattern})")


def _items_html(items, _: Gettext | None, base_of) -> str:
    out: list[str] = []
    open_: tuple[Mark, ...] = ()
    opened_base = None
    group: list[str] = []
    key = None

    def flush() -> None:
        if group:
            out.append(_wrapped(key, "".join(group), _))
            group.clear()

    for op, piece, marks in items:
        if piece == CELL:
            flush()
            out.extend(f"</{m.tag}>" for m in reversed(open_))
            open_, key = (), None
            out.append(_CELL_BREAK)
            continue
        base = base_of(op)
        if marks != open_ or (marks and base != opened_base):
            flush()
            common = 0
            while (
                base == opened_base
                and common < min(len(open_), len(marks))
                and open_[common] == marks[common]
            ):
                common += 1
            out.extend(f"</{m.tag}>" for m in reversed(open_[common:]))
            out.extend(markup.open_tag(m, base) for m in marks[common:])
            open_, opened_base = marks, base
        if op != key or op == "renumber":
            flush()
            key = op
        group.append(_renumber_html(piece, _) if op == "renumber" else markup.piece_html(piece, base))
    flush()
    out.extend(f"</{m.tag}>" for m in reversed(open_))
    return "".join(out)


def _renumber_html(number: tuple[str, str, str, str], _: Gettext) -> str:
    """An article number that changed only because articles were renumbered: marked with a
    dotted line, and said in words, old to new, whichever side of the change it stands on."""
    shown, old, new, side = number
    title = escape(_("Renumbered: %(old)s → %(new)s") % {"old": old, "new": new})
    if side == "old":
        note = _("(renumbered to %(new)s)") % {"new": escape(new)}
    else:
        note = _("(renumbered from %(old)s)") % {"old": escape(old)}
    return f'<span class="policy-renumber" title="{title}">{escape(shown)}<span class="policy-sr">{note}</span></span>'


def _wrapped(op: str | None, inner: str, _: Gettext | None) -> str:
    if op == "insert":
        return f'<ins><span class="policy-sr">{_("[added]")}</span>{inner}<span class="policy-sr">{_("[end of addition]")}</span></ins>'
    if op == "delete":
        return f'<del><span class="policy-sr">{_("[deleted]")}</span>{inner}<span class="policy-sr">{_("[end of deletion]")}</span></del>'
    return inner
