"""The preview of drafts (`mkdocs serve`): it serves whatever state the sources are in, and
shows their problems where an editor looks, on the page made from the file at fault, with
`path:line` and the fix, and all of them on the home page that every page links to. They are
in the editor's language, whatever the page's. The published build stays strict: this applies
to the preview only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from markupsafe import escape

from .messages import Message
from .model import Policy, Problem

LIST_ID = "policy-problems"


def previewable(policy: Policy) -> Policy:
    """The policy without the versions a page cannot be made of (their source text could not
    be read): the preview shows the rest, and the problems say why these are missing."""
    source = policy.settings.source_language
    return replace(policy, versions=[v for v in policy.versions if source in v.texts])


def problems_of(problems: Iterable[Problem], src_uri: str, policy_id: str | None, version_id: str | None):
    """The problems of the files a page is made from: its own file; for a policy's pages, the
    files of the version it shows, or all of the policy's files for a page of the policy."""
    found = []
    for problem in problems:
        path = problem.path.replace("\\", "/")
        if path.endswith("/" + src_uri) or path == src_uri:
            found.append(problem)
        elif policy_id is not None and f"/{policy_id}/" in f"/{path}":
            if version_id is None or f"/versions/{version_id}." in path:
                found.append(problem)
    return found


def _items(problems: Iterable[Problem], lang: str) -> str:
    return "".join(
        f'<li><span class="policy-preview__kind">{escape(p.kind.in_language(lang))}</span> '
        f"<code>{escape(p.path)}:{p.line}</code> {escape(p.message.in_language(lang))}</li>"
        for p in problems
    )


def banner_html(mine: list[Problem], total: int, list_href: str, lang: str) -> str:
    """The note at the top of a preview page: how many problems the sources have, a link to
    them all, and this page's own, each with its file, line and fix, in the editor's `lang`."""
    if not total:
        return ""
    head = Message(
        "Preview: the sources have %(count)s problem(s); the published site is built only without errors.",
        count=total,
    ).in_language(lang)
    link = f'<a href="{escape(list_href)}#{LIST_ID}">{escape(Message("See them all").in_language(lang))}</a>'
    own = f'<ul class="policy-preview__list">{_items(mine, lang)}</ul>' if mine else ""
    return f'<div class="policy-preview" role="note" lang="{lang}"><p>{escape(head)} {link}</p>{own}</div>\n'


def list_html(problems: list[Problem], lang: str) -> str:
    """Every problem of the sources, on the preview's home page, in the editor's `lang`."""
    if not problems:
        return ""
    title = escape(Message("Problems in the sources").in_language(lang))
    return (
        f'<section class="policy-preview" id="{LIST_ID}" lang="{lang}"><h2>{title}</h2>'
        f'<ul class="policy-preview__list">{_items(problems, lang)}</ul></section>\n'
    )
