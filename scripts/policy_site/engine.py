"""The one Markdown engine for policy text: CommonMark with GitHub's extensions.

Editors preview their pull requests on GitHub, so policy text is read as GitHub reads it:
lists straight after a paragraph line, lists nested by two spaces, tables, strikethrough,
autolinks, footnotes and safe inline HTML (markdown-it-py and mdit-py-plugins). Texts written
for MkDocs also use Python-Markdown's attribute lists (`{: #id .class key=value }`), which are
honoured here. Three things are added to what markdown-it renders, each as a class, never as
an inline style (the pages' Content-Security-Policy forbids those): a drafting label at the
start of a paragraph is kept as written and sets the paragraph's level; an ordered list shows
its numbers as written; a table column's alignment.
"""

from __future__ import annotations

import functools
import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import inline as parse_each_inline
from markdown_it.token import Token
from markupsafe import escape
from mdit_py_plugins.gfm import gfm_plugin

from .labels import split_label
from .sanitize import allowed_attribute, refused_attribute

_ITEM = r"""(?:[#.][^\s{}#.]+|[A-Za-z_:][\w:.\-]*=(?:"[^"]*"|'[^']*'|[^\s{}"']+))"""
_LIST = rf"\{{(:)?[ \t]*({_ITEM}(?:[ \t]+{_ITEM})*)?[ \t]*\}}"
ATTR_LIST_END = re.compile(rf"[ \t]*{_LIST}[ \t]*$")
ATTR_LIST_START = re.compile(rf"^{_LIST}")
_PAIR = re.compile(r"""([#.])([^\s{}#.]+)|([A-Za-z_:][\w:.\-]*)=(?:"([^"]*)"|'([^']*)'|([^\s{}"']+))""")

# An inline element that an attribute list written straight after it belongs to.
_CLOSERS = {
    "em_close": "em_open",
    "strong_close": "strong_open",
    "s_close": "s_open",
    "link_close": "link_open",
}


def parse_attr_list(text: str) -> list[tuple[str, str]]:
    """`#id .a .b key=value` as attribute pairs, classes joined."""
    pairs: list[tuple[str, str]] = []
    classes: list[str] = []
    for match in _PAIR.finditer(text):
        if match.group(1) == "#":
            pairs.append(("id", match.group(2)))
        elif match.group(1) == ".":
            classes.append(match.group(2))
        else:
            value = next(g for g in match.group(4, 5, 6) if g is not None)
            pairs.append((match.group(3), value))
    if classes:
        pairs.append(("class", " ".join(classes)))
    return pairs


def _is_attr_list(match: re.Match) -> bool:
    """`{: …}` always; `{#id}` and `{.class}` without the colon; `{word}` is text."""
    return bool(match.group(1)) or bool(match.group(2)) and match.group(2)[0] in "#."


def _apply(token: Token, pairs, problems, line: int, tag: str | None = None) -> None:
    tag = tag or token.tag
    for name, value in pairs:
        bad = refused_attribute(tag, name, value)
        if bad:
            problems.append((line, bad))
        elif name == "class" and token.attrGet("class"):
            token.attrSet("class", f"{token.attrGet('class')} {value}")
        elif allowed_attribute(tag, name):
            token.attrSet(name, value)


def _line_of(inline: Token, raw: str, last: bool) -> int:
    """0-based line in the body of an attribute list found in an inline token."""
    start = inline.map[0] if inline.map else 0
    at = inline.content.rfind(raw) if last else inline.content.find(raw)
    return start + (inline.content.count("\n", 0, at) if at >= 0 else 0)


def _attribute_lists(state) -> None:
    """Move Python-Markdown attribute lists from the text onto the elements they name."""
    problems = state.env.setdefault("problems", [])
    tokens = state.tokens
    for index, token in enumerate(tokens):
        if token.type != "inline" or not token.children:
            continue
        children = token.children
        # Inline: `*text*{: .class }`, `[link](url){: #id }` name the element just before.
        for at in range(1, len(children)):
            child, before = children[at], children[at - 1]
            if child.type != "text" or not child.content.startswith("{"):
                continue
            match = ATTR_LIST_START.match(child.content)
            if not match or not _is_attr_list(match):
                continue
            if before.type in _CLOSERS:
                opener = next(
                    (c for c in reversed(children[: at - 1]) if c.type == _CLOSERS[before.type]), None
                )
            elif before.type in ("code_inline", "image"):
                opener = before
            else:
                continue
            if opener is None:
                continue
            _apply(
                opener,
                parse_attr_list(match.group(2) or ""),
                problems,
                _line_of(token, match.group(0), False),
            )
            child.content = child.content[match.end() :]
        # Block: the last text of a heading or paragraph, `## Heading {: #id }`.
        owner = tokens[index - 1] if index else None
        if owner is None or owner.type not in ("heading_open", "paragraph_open"):
            continue
        last = children[-1]
        if last.type != "text":
            continue
        match = ATTR_LIST_END.search(last.content)
        if not match or not _is_attr_list(match):
            continue
        if owner.type == "paragraph_open" and owner.hidden and index >= 2:
            owner = next(
                (
                    t
                    for t in reversed(tokens[: index - 1])
                    if t.type == "list_item_open" and t.level < owner.level
                ),
                owner,
            )
        _apply(
            owner,
            parse_attr_list(match.group(2) or ""),
            problems,
            _line_of(token, match.group(0).strip(), True),
        )
        last.content = last.content[: match.start()].rstrip(" \t")
        while children and children[-1].type == "text" and not children[-1].content:
            children.pop()
        while children and children[-1].type == "softbreak":
            children.pop()
        if not children:
            token.children = children


def _labels_and_alignment(state) -> None:
    """Drafting labels kept as written, ordered lists numbered as written, alignment as classes."""
    tokens = state.tokens
    lists: list[list[Token]] = []
    for index, token in enumerate(tokens):
        kind = token.type
        if kind in ("th_open", "td_open"):
            style = token.attrGet("style") or ""
            align = re.search(r"text-align:\s*(left|center|right)", style)
            if "style" in token.attrs:
                del token.attrs["style"]
            if align:
                token.attrJoin("class", f"policy-align-{align.group(1)}")
        elif kind == "ordered_list_open":
            token.attrJoin("class", "policy-ol")
            items = _items(tokens, index)
            numbers = {t.info for t in items}
            lazy = len(items) > 1 and len(numbers) == 1  # 1. 1. 1.: numbered in order, as GitHub does
            start = int(token.attrGet("start") or 1)
            for position, item in enumerate(items):
                item.meta["label"] = f"{start + position if lazy else item.info}{item.markup}"
            lists.append(items)
        elif kind == "list_item_open" and "label" in token.meta:
            inline = _first_inline(tokens, index)
            if inline is not None:
                label = Token("html_inline", "", 0)
                label.content = f'<span class="policy-label">{token.meta["label"]}</span> '
                label.meta["policy_label"] = token.meta["label"] + " "
                inline.children.insert(0, label)
        elif kind == "paragraph_open" and token.level == 0:
            inline = tokens[index + 1]
            first = inline.children[0] if inline.children else None
            if first is not None and first.type == "text":
                level, label, rest = split_label(first.content)
            else:
                level, label, rest = split_label("")
            token.attrJoin("class", f"policy-block policy-{level.value}")
            if label:
                span = Token("html_inline", "", 0)
                mark = label.rstrip(" \t　")
                # The label, then its separator exactly as written: （1）氏名, 二　個人情報, 1. Text
                span.content = f'<span class="policy-label">{escape(mark)}</span>{label[len(mark) :]}'
                span.meta["policy_label"] = label
                span.meta["policy_level"] = level
                first.content = rest
                inline.children.insert(0, span)


def _items(tokens: list[Token], index: int) -> list[Token]:
    """The items of the list opened at `index` (not those of lists nested in it)."""
    level = tokens[index].level
    items = []
    for token in tokens[index + 1 :]:
        if token.level == level and token.type.endswith("_list_close"):
            break
        if token.type == "list_item_open" and token.level == level + 1:
            items.append(token)
    return items


def _first_inline(tokens: list[Token], index: int) -> Token | None:
    """The inline text that starts a list item, if it starts with a paragraph."""
    following = tokens[index + 1] if index + 1 < len(tokens) else None
    if following is not None and following.type == "paragraph_open":
        return tokens[index + 2]
    return None


def _accept_every_link(url: str) -> bool:
    # Every link becomes a link token, so that `policy check` can name a refused target and
    # its line; the sanitizer drops what it refuses from the HTML in any case.
    return True


def _copy(token: Token) -> Token:
    """A token of its own, as the later rules change tokens in place."""
    return Token(
        token.type,
        token.tag,
        token.nesting,
        dict(token.attrs),
        list(token.map) if token.map else token.map,
        token.level,
        None if token.children is None else [_copy(child) for child in token.children],
        token.content,
        token.markup,
        token.info,
        dict(token.meta),
        token.block,
        token.hidden,
    )


# What a text's inline content is read with, beyond the content itself: its link reference
# definitions (`[label]: url`), frozen so that they can key a cache.
References = tuple[tuple[str, tuple[tuple[str, str], ...]], ...] | None


@functools.lru_cache(maxsize=8192)
def _inline_tokens(content: str, references: References) -> tuple[tuple[Token, ...], bool] | None:
    """The inline tokens of a paragraph's or a heading's content, and whether reading them made
    the footnotes' (empty) record in the environment; None when they depend on more.

    Versions of a policy, and its languages' texts, repeat most paragraphs word for word, and
    inline parsing is most of markdown-it's work: each distinct content is read once."""
    env: dict = {} if references is None else {"references": {k: dict(v) for k, v in references}}
    children: list[Token] = []
    md = markdown()
    md.inline.parse(content, md, env, children)
    footnotes = env.pop("footnotes", None)
    env.pop("references", None)
    if env or footnotes not in (None, {"refs": {}, "list": {}}):
        return None
    return tuple(children), footnotes is not None


def _inline(state) -> None:
    """markdown-it's inline rule, each content's tokens copied from `_inline_tokens`. A text with
    footnotes numbers them as it reads its paragraphs, so it is read as markdown-it reads it."""
    env = state.env
    if env.get("footnotes", {}).get("refs"):
        parse_each_inline(state)
        return
    found = env.get("references")
    references = (
        None if found is None else tuple(sorted((k, tuple(sorted(v.items()))) for k, v in found.items()))
    )
    for token in state.tokens:
        if token.type != "inline":
            continue
        cached = None if token.children else _inline_tokens(token.content, references)
        if cached is None:
            token.children = token.children or []
            state.md.inline.parse(token.content, state.md, env, token.children)
            continue
        children, made_footnotes = cached
        token.children = [_copy(child) for child in children]
        if made_footnotes:  # as markdown-it's footnote rule leaves the environment
            footnotes = env.setdefault("footnotes", {})
            footnotes.setdefault("refs", {})
            footnotes.setdefault("list", {})


@functools.cache
def markdown() -> MarkdownIt:
    """The parser: CommonMark, GitHub's extensions, attribute lists, labels, no inline styles."""
    md = MarkdownIt("commonmark", {"html": True}).use(gfm_plugin)
    md.validateLink = _accept_every_link
    md.core.ruler.at("inline", _inline)
    md.core.ruler.push("policy_attribute_lists", _attribute_lists)
    md.core.ruler.push("policy_labels", _labels_and_alignment)
    return md


def parse(body: str) -> tuple[list[Token], dict]:
    """The tokens of a body, and the environment (footnotes, problems found while parsing)."""
    env: dict = {"problems": []}
    return markdown().parse(body, env), env


def render(tokens: list[Token], env: dict) -> str:
    """markdown-it's own HTML of a run of tokens (not yet sanitised)."""
    md = markdown()
    return md.renderer.render(tokens, md.options, env)
