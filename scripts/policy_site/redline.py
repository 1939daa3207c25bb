"""Renderers of a `DocumentDiff` outside HTML: plain text, Markdown and JSON.

All of them walk the same data as the HTML templates, so they show the same changes; they
show the words of the text, its inline markup left out. Their own words (Preamble, moved, the
summary) are in `lang`, the reader's: the editor at a terminal or a pull request.
"""

from __future__ import annotations

import json
from typing import Any

from markupsafe import escape

from .diff import Change, DocumentDiff, SectionDiff
from .markup import plain
from .messages import translations
from .textdiff import Op, Span

_SIGN = {Change.ADDED: "+", Change.REMOVED: "-", Change.CHANGED: "~", Change.UNCHANGED: "~"}


def _section_name(section: SectionDiff, _) -> str:
    if section.key == "footnotes":
        return _("Notes")
    return _("Preamble") if section.key == "preamble" else (section.new or section.old).heading


def _changed_heading(section: SectionDiff, ins, dele) -> str | None:
    old, new = section.old, section.new
    if section.renumbered:
        return f"{old.heading} → {new.heading}"
    if old and new and old.heading != new.heading:
        return f"{dele(old.heading)}{ins(new.heading)}"
    return None


def _inline(spans, ins, dele) -> str:
    out = []
    for s in spans:
        if s.op == Op.INSERT:
            out.append(ins(plain(s.text)))
        elif s.op == Op.DELETE:
            out.append(dele(plain(s.text)))
        elif s.op == Op.RENUMBER:
            out.append(f"⟨{s.old}→{s.text}⟩")
        else:
            out.append(plain(s.text))
    return "".join(out)


def _walk(diff: DocumentDiff, ins, dele, context: bool, _):
    """Yield (kind, sign, text) lines common to the text and Markdown views.

    A reference renumbered as a consequence reads ⟨3→4⟩; a moved item ends with "(moved)", a
    section rewritten whole with "(replaced)".
    """
    for run_kind, run in diff.runs:  # the pages' runs: no empty preamble, untouched sections apart
        if run_kind == "same":
            for section in run:
                yield "same", "=", _section_name(section, _)
            continue
        section = run[0]
        name = _changed_heading(section, ins, dele) or _section_name(section, _)
        if section.moved:
            name += _(" (moved)")
        if section.replaced:
            name += _(" (replaced)")
        yield "section", _SIGN[section.change], name
        for block in section.blocks:
            if block.change == Change.UNCHANGED:
                if context:
                    yield "block", " ", plain(block.new.text)
                continue
            if block.change == Change.CHANGED:
                body = _inline(block.spans, ins, dele)
            else:
                body = plain("".join(s.text for s in block.spans))
            yield "block", _SIGN[block.change], body + (_(" (moved)") if block.moved else "")


def text_view(diff: DocumentDiff, context: bool = False, color: bool = False, lang: str = "en") -> str:
    """A terminal redline: {+inserted+} and [-deleted-], or coloured when `color`."""
    if color:
        ins = lambda t: f"\x1b[4;32m{t}\x1b[0m"  # noqa: E731
        dele = lambda t: f"\x1b[9;31m{t}\x1b[0m"  # noqa: E731
    else:
        ins = lambda t: f"{{+{t}+}}"  # noqa: E731
        dele = lambda t: f"[-{t}-]"  # noqa: E731
    lines = []
    for kind, sign, text in _walk(diff, ins, dele, context, translations(lang).gettext):
        lines.append(f"{sign} {text}" if kind != "block" else f"  {sign} {text}")
    return "\n".join(lines) + "\n"


def _md_escape(text: str) -> str:
    # markupsafe writes quotes as entities too; in Markdown text they stay quotes. With `&`
    # already escaped, each `&#39;` or `&#34;` in its output is a quote it wrote.
    out = str(escape(text)).replace("&#39;", "'").replace("&#34;", '"')
    for char in "\\`*_[]#|~":
        out = out.replace(char, "\\" + char)
    return out


def markdown_view(diff: DocumentDiff, title: str = "", lang: str = "en") -> str:
    """Markdown with <ins>/<del>, for pull-request and CI summaries."""
    _ = translations(lang).gettext
    ins = lambda t: f"<ins>{_md_escape(t)}</ins>"  # noqa: E731
    dele = lambda t: f"<del>{_md_escape(t)}</del>"  # noqa: E731
    lines = [f"### {_md_escape(title)}", ""] if title else []
    if diff.changed:
        lines += [summary_line(diff, lang), ""]
    same = []
    for kind, sign, text in _walk(diff, ins, dele, False, _):
        if kind == "same":
            same.append(text)
        elif kind == "section":
            label = {"+": _(" (added)"), "-": _(" (removed)")}.get(sign, "")
            lines += ["", f"**{text if '<' in text else _md_escape(text)}**{label}", ""]
        else:
            marker = {"+": "➕ ", "-": "➖ "}.get(sign, "")
            lines.append(f"- {marker}{text}")
    if not diff.changed:
        lines.append(_("No changes."))
    elif same:
        lines += ["", _("Unchanged: %(sections)s") % {"sections": ", ".join(_md_escape(s) for s in same)}]
    return "\n".join(lines).strip() + "\n"


def summary_line(diff: DocumentDiff, lang: str = "en") -> str:
    """What the revision did in one line: "Sections changed: 2; added: 1; removed: 0." with what
    moved and what was replaced when any did; "Articles" when the policy numbers its articles."""
    _ = translations(lang).gettext
    counts = diff.summary
    if diff.has_articles:
        line = _("Articles changed: %(changed)s; added: %(added)s; removed: %(removed)s") % counts
    else:
        line = _("Sections changed: %(changed)s; added: %(added)s; removed: %(removed)s") % counts
    if counts["moved"] or counts["replaced"]:
        line += _("; moved: %(moved)s; replaced: %(replaced)s") % counts
    return line + _(".")


def _spans(spans: tuple[Span, ...]) -> list[dict[str, str]]:
    return [
        {"op": s.op.value, "text": plain(s.text), **({"old": s.old} if s.op == Op.RENUMBER else {})}
        for s in spans
    ]


def _section_side(section) -> dict[str, Any] | None:
    if section is None or section.key in ("preamble", "footnotes"):
        return None
    return {"key": section.key, "number": section.number, "heading": section.heading}


def as_data(diff: DocumentDiff) -> dict[str, Any]:
    """The diff as plain data, for JSON."""
    return {
        "lang": diff.lang,
        "changed": diff.changed,
        "summary": {"noun": "articles" if diff.has_articles else "sections", **diff.summary},
        "sections": [
            {
                "key": section.key,
                "change": section.change.value,
                "renumbered": section.renumbered,
                "moved": section.moved,
                "replaced": section.replaced,
                "old": _section_side(section.old),
                "new": _section_side(section.new),
                "blocks": [
                    {
                        "change": block.change.value,
                        "moved": block.moved,
                        "old": plain(block.old.text) if block.old else None,
                        "new": plain(block.new.text) if block.new else None,
                        "spans": _spans(block.spans),
                    }
                    for block in section.blocks
                    if block.change != Change.UNCHANGED
                ],
            }
            for _, run in diff.runs  # the pages' runs: no empty preamble or notes
            for section in run
        ],
    }


def json_view(diff: DocumentDiff) -> str:
    return json.dumps(as_data(diff), ensure_ascii=False, indent=2) + "\n"
