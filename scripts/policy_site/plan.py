"""The page plan: every page of a policy in one language, at its URL, with its data."""

from __future__ import annotations

import datetime as dt
import posixpath
from collections.abc import Callable
from dataclasses import replace

from .articles import article_histories, heading_links, lineages
from .dates import format_date, language_list
from .diff import DocumentDiff, diff_documents
from .history import current_version, standings
from .messages import FALLBACK_LANG, message_lang
from .model import Document, Policy, Text, Version
from .pages import (
    ArticlePage,
    ArticleStep,
    BilingualPage,
    ChangesPage,
    ComparePage,
    CurrentPage,
    DiffView,
    EarlierPage,
    HistoryPage,
    MissingPage,
    PolicyPage,
    UpdatePage,
    VersionPage,
    has_views,
)
from .parallel import parallel_rows
from .render import document_html
from .updates import update_label
from .urls import (
    Site,
    article_path,
    bilingual_path,
    changes_path,
    compare_path,
    history_path,
    policy_path,
    side_by_side_path,
    version_path,
)
from .views import PolicyView, policy_view

Gettext = Callable[[str], str]


class DiffCache:
    """Diffs of two texts, each made once however many pages show it.

    Keyed by exactly what a diff is made from, the two bodies and the lines they start on, so
    a cache may outlive a build: under `mkdocs serve`, `DiffCache(last)` takes over what the
    last build made and this one needs again, and lets the rest go.
    """

    def __init__(self, last: DiffCache | None = None) -> None:
        self._diffs: dict[tuple, DocumentDiff] = {}
        self._last = last._diffs if last is not None else {}

    def diff(self, old: Text, new: Text) -> DocumentDiff:
        key = (old.lang, old.body, old.body_line, new.body, new.body_line)
        made = self._diffs.get(key)
        if made is None:
            made = self._last.pop(key, None)
            if made is None:
                made = diff_documents(old.document, new.document, old.lang)
            self._diffs[key] = made
        return made


def side_by_side_title(title: str, languages: tuple[str, ...], lang: str, _: Gettext) -> str:
    """The title of the page of every language side by side, naming a policy's two languages.

    A pair is named as the catalogue names it, where it has a short name for it (日英 for
    "Japanese and English", message ids naming languages in English), else by Babel's names
    in the language of the page's messages; three or more are "all languages"."""
    if len(languages) != 2:
        return _("%(title)s: all languages side by side") % {"title": title}
    english = language_list(languages, FALLBACK_LANG)
    names = _(english)
    if names == english and message_lang(lang) != FALLBACK_LANG:
        names = language_list(languages, message_lang(lang))
    return _("%(title)s: %(languages)s side by side") % {"title": title, "languages": names}


def with_side_by_side(page, alternates: dict[str, str], _: Gettext) -> list[PolicyPage]:
    """A diff page, and where it has two views, its side-by-side view as a page of its own at
    `side-by-side/` below it. `alternates` are the side-by-side page's own: the same view in
    languages that have it, else the diff page there."""
    if not page.views:
        return [page]
    sides = replace(
        page,
        url=page.views[DiffView.SIDES],
        title=_("%(title)s, side by side") % {"title": page.title},
        alternates=alternates,
        view=DiffView.SIDES,
    )
    return [page, sides]


def _alternates(site: Site, path: str, languages: tuple[str, ...]) -> dict[str, str]:
    """The page at `path` in each of the policy's languages: no alternate where it has none."""
    return {lang: site.url(lang, path) for lang in site.languages if lang in languages}


def plan_pages(
    policy: Policy, site: Site, lang: str, today: dt.date, _: Gettext, diffs: DiffCache | None = None
) -> list[PolicyPage]:
    """Every page of `policy` in `lang`: the version pages, and the generated ones."""
    view = policy_view(policy, site, lang, today)
    views = {v.id: v for v in view.versions}
    title, pid, languages = view.title, policy.id, view.languages
    diffs = DiffCache() if diffs is None else diffs

    def common(path: str) -> dict:
        return {
            "lang": lang,
            "url": site.url(lang, path),
            "policy": view,
            "alternates": _alternates(site, path, languages),
        }

    def by_lang(old: Version, new: Version, in_lang: str) -> DocumentDiff | None:
        if in_lang not in old.texts or in_lang not in new.texts:
            return None
        return diffs.diff(old.texts[in_lang], new.texts[in_lang])

    def diff(old: Version, new: Version) -> DocumentDiff | None:
        return by_lang(old, new, lang)

    def diff_pages(page_type, path: str, old: Version, new: Version, **fields) -> list[PolicyPage]:
        """A diff page of `old` against `new`, with its side-by-side view where it has one."""
        page = page_type(**common(path), diff=diff(old, new), **fields)
        sides = side_by_side_path(path)
        alternates = {
            other: site.url(other, sides if has_views(other, by_lang(old, new, other)) else path)
            for other in page.alternates
        }
        return with_side_by_side(page, alternates, _)

    found = lineages(policy, by_lang)
    links = heading_links(found)

    def text_html(document: Document, version: Version, path: str) -> str:
        """A version's text, each heading with a link to its article's history."""
        here = site.url(lang, path)
        history = {}
        for section in document.sections:
            key = links.get(version.id, {}).get(section.key)
            if key is not None:
                target = site.url(lang, article_path(pid, key))
                label = (
                    _("History of this article")
                    if section.number is not None
                    else _("History of this section")
                )
                history[section.key] = (posixpath.relpath(target, here) + "/", label)
        return document_html(document, history=history)

    current = current_version(policy, today)
    text = current.texts.get(lang) if current else None
    pages: list[PolicyPage] = [
        CurrentPage(
            **common(policy_path(pid)),
            title=title,
            html=text_html(text.document, current, policy_path(pid)) if text else "",
            text=text,
            searchable=text is not None,
            version=views[current.id] if current else None,
        )
    ]
    if view.bilingual_url:
        pages.append(
            BilingualPage(
                **common(bilingual_path(pid)),
                title=side_by_side_title(title, policy.settings.languages, lang, _),
                version=views[current.id] if current else None,
                parallel=parallel_rows(
                    current, (policy.settings.source_language, *policy.settings.translations)
                )
                if current
                else None,
            )
        )
    pages.append(HistoryPage(**common(history_path(pid)), title=_("%(title)s: history") % {"title": title}))
    for index, version in enumerate(policy.versions):
        v = views[version.id]
        date = format_date(version.effective, lang)
        text = version.texts.get(lang)
        page_type = VersionPage if text else MissingPage
        pages.append(
            page_type(
                **common(version_path(pid, version.id)),
                title=_("%(title)s (effective %(date)s)") % {"title": title, "date": date},
                html=text_html(text.document, version, version_path(pid, version.id)) if text else "",
                text=text,
                version=v,
                generated=text is None,
            )
        )
        if index > 0:
            previous = policy.versions[index - 1]
            pages += diff_pages(
                ChangesPage,
                changes_path(pid, version.id),
                previous,
                version,
                title=_("%(title)s: changes effective %(date)s") % {"title": title, "date": date},
                version=v,
                base=views[previous.id],
            )
        if current is not None and version is not current:
            old, new = (version, current) if version.effective < current.effective else (current, version)
            pages += diff_pages(
                ComparePage,
                compare_path(pid, version.id),
                old,
                new,
                title=_("%(title)s: %(old)s compared with %(new)s")
                % {
                    "title": title,
                    "old": format_date(old.effective, lang),
                    "new": format_date(new.effective, lang),
                },
                version=views[new.id],
                base=views[old.id],
            )
    pages += _update_pages(policy, site, lang, view, _, diffs)
    pages += _article_pages(policy, lang, view, today, _, by_lang, found, common)
    return pages


def _article_pages(
    policy, lang, view: PolicyView, today, _: Gettext, by_lang, found, common
) -> list[PolicyPage]:
    """One page per article (or section) of the policy: every wording it had, newest first."""
    standing = {s.version.id: s for s in standings(policy, today)}
    pages: list[PolicyPage] = []
    for history in article_histories(policy, lang, standing, by_lang, found):
        steps = []
        before = None
        for wording in history.wordings:
            steps.append(ArticleStep(wording, view.version(wording.first.id), before))
            before = view.version(wording.versions[-1].id)
        latest = history.latest
        name = latest.heading if latest is not None else history.key
        removed_by = view.version(history.removed_by.id) if history.removed_by is not None else None
        pages.append(
            ArticlePage(
                **common(article_path(policy.id, history.key)),
                title=_("%(title)s: history of %(heading)s") % {"title": view.title, "heading": name},
                history=history,
                steps=tuple(reversed(steps)),
                removed_by=removed_by,
                removed_from=before if removed_by is not None else None,
            )
        )
    return pages


def _update_pages(
    policy: Policy, site: Site, lang: str, view: PolicyView, _: Gettext, diffs: DiffCache
) -> list[PolicyPage]:
    """For each update of a text in `lang`: the earlier text, and what the update changed."""
    pages: list[PolicyPage] = []
    by_key = {(u.version_id, u.date, u.lang): u for u in view.updates}
    for item in policy.updates:
        update = item.update
        if update.lang != lang:
            continue
        uview = by_key[(update.version, update.date, update.lang)]
        version = view.version(update.version)
        date = format_date(version.effective, lang)
        later = [
            u
            for u in view.updates
            if u.version_id == update.version and u.lang == lang and u.date > update.date
        ]
        later_url = later[0].earlier_url if later else version.url
        home = _alternates(site, version_path(policy.id, update.version), view.languages)
        common = {"lang": lang, "policy": view, "version": version, "update": uview, "later_url": later_url}
        since = format_date(uview.earlier_since, lang)
        pages.append(
            EarlierPage(
                url=uview.earlier_url,
                alternates={**home, lang: uview.earlier_url},
                title=_("%(title)s (effective %(date)s): text published from %(since)s")
                % {"title": view.title, "date": date, "since": since},
                html=document_html(item.earlier.document),
                text=item.earlier,
                **common,
            )
        )
        what = {"label": _(update_label(update.kind)), "when": format_date(update.date, lang)}
        changes = UpdatePage(
            url=uview.changes_url,
            alternates={**home, lang: uview.changes_url},
            title=_("%(title)s (effective %(date)s): %(label)s of %(when)s")
            % {"title": view.title, "date": date, **what},
            base=version,
            diff=diffs.diff(item.earlier, item.later),
            **common,
        )
        pages += with_side_by_side(changes, {**home, lang: side_by_side_path(uview.changes_url)}, _)
    return pages
