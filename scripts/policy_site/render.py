"""Rendering a parsed text back to Markdown for MkDocs, with anchors and drafting levels.

Editors write labels (1. / （1） / ①) as plain text; the reader's page must show them as
written, not as browser-numbered lists, and must indent by drafting level. Each block
becomes a Markdown paragraph whose label is wrapped and whose level is a class.
"""

from __future__ import annotations

from .model import Block, Document, Section
from .parse import slugify


def block_markdown(block: Block) -> str:
    label = block.label.strip()
    body = _inert(block.body.strip())
    head = f'<span class="policy-label">{_escape(label)}</span> ' if label else ""
    return f"{head}{body}\n{{: .policy-block .policy-{block.kind.value} }}"


def section_markdown(section: Section) -> str:
    parts = [f"## {_inert(section.heading)} {{#{section.anchor}}}"]
    parts += [block_markdown(b) for b in section.blocks]
    return "\n\n".join(parts)


def document_markdown(document: Document) -> str:
    """The Markdown MkDocs renders for a version's text."""
    parts = [block_markdown(b) for b in document.preamble]
    if document.preamble:
        parts = ['<div class="policy-preamble" markdown>', *parts, "</div>"]
    parts += [section_markdown(s) for s in document.sections]
    return "\n\n".join(parts) + "\n"


def source_markdown(document: Document) -> str:
    """A parsed text written back as a version file's body, in the form editors write.

    Parsing the result gives the same document (line numbers aside). Tools use it to make
    texts from parsed ones; a block line that would read as a heading is indented, which
    the parser ignores."""
    parts = [_source_block(b) for b in document.preamble]
    for section in document.sections:
        default = f"article-{section.number}" if section.number is not None else slugify(section.heading)
        # An empty heading is only a heading with its anchor: `## {#section}`.
        anchor = f" {{#{section.key}}}" if section.key != default or not section.heading else ""
        parts.append(f"## {section.heading}{anchor}")
        parts += [_source_block(b) for b in section.blocks]
    return "\n\n".join(parts) + "\n"


def _source_block(block: Block) -> str:
    return "\n".join(" " + line if line.startswith("#") else line for line in block.text.split("\n"))


def _inert(text: str) -> str:
    """Policy text with Markdown's ways into HTML closed: raw tags and attribute lists.

    Emphasis and links still work; `<` and `{` show as written and never become markup."""
    return text.replace("<", "&lt;").replace("{", "&#123;")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
