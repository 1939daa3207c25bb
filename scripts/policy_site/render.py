"""Rendering a parsed text back to Markdown for MkDocs, with anchors and drafting levels.

Editors write labels (1. / （1） / ①) as plain text; the reader's page must show them as
written, not as browser-numbered lists, and must indent by drafting level. Each block
becomes a Markdown paragraph whose label is wrapped and whose level is a class.
"""

from __future__ import annotations

from .model import Block, Document, Section


def block_markdown(block: Block) -> str:
    label = block.label.strip()
    body = block.body.strip()
    head = f'<span class="policy-label">{_escape(label)}</span> ' if label else ""
    return f"{head}{body}\n{{: .policy-block .policy-{block.kind.value} }}"


def section_markdown(section: Section) -> str:
    parts = [f"## {section.heading} {{#{section.anchor}}}"]
    parts += [block_markdown(b) for b in section.blocks]
    return "\n\n".join(parts)


def document_markdown(document: Document) -> str:
    """The Markdown MkDocs renders for a version's text."""
    parts = [block_markdown(b) for b in document.preamble]
    if document.preamble:
        parts = ['<div class="policy-preamble" markdown>', *parts, "</div>"]
    parts += [section_markdown(s) for s in document.sections]
    return "\n\n".join(parts) + "\n"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _marked(spans) -> str:
    out = []
    for span in spans:
        if span.op == "insert":
            out.append(f"{{+{span.text}+}}")
        elif span.op == "delete":
            out.append(f"[-{span.text}-]")
        else:
            out.append(span.text)
    return "".join(out)


def diff_text_view(diff, context: bool = False) -> str:
    """A plain-text redline for terminals, reviews and golden tests.

    Insertions read {+like this+} and deletions [-like this-]; unchanged sections are one
    line, and unchanged blocks inside a changed section are left out unless `context`.
    """
    lines: list[str] = []
    for section in diff.all_sections:
        if section.key == "preamble" and not section.blocks:
            continue
        old, new = section.old, section.new
        name = "Preamble" if section.key == "preamble" else (new or old).heading
        if section.change == "unchanged" and not section.renumbered:
            lines.append(f"= {name}")
            continue
        if section.renumbered:
            name = f"{old.heading} -> {new.heading}"
        elif old and new and old.heading != new.heading:
            name = f"[-{old.heading}-]{{+{new.heading}+}}"
        marker = {"added": "+", "removed": "-"}.get(section.change.value, "~")
        lines.append(f"{marker} {name}")
        for block in section.blocks:
            if block.change == "unchanged":
                if context:
                    lines.append(f"    {block.new.text}")
                continue
            sign = {"added": "+", "removed": "-"}.get(block.change.value, "~")
            body = _marked(block.spans) if sign == "~" else "".join(s.text for s in block.spans)
            lines.append(f"  {sign} {body}")
    return "\n".join(lines) + "\n"
