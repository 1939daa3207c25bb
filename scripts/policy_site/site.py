"""The site's pages for one language: what exists at which URL, with the data it shows.

This is the URL table of the product in code. Paths are relative to the site root and
include the language prefix (`en/`); the default language is at the root.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from .dates import format_date, language_list, language_name
from .diff import DocumentDiff, diff_documents
from .history import Standing, State, current_version, standings
from .messages import message_lang
from .model import Kind, Policy, Text, Version
from .render import document_html, summary_plain

Gettext = Callable[[str], str]

# Languages whose readers expect a 新旧対照表 (two columns) rather than an inline redline.
TABLE_LANGUAGES = frozenset({"ja"})


@dataclass(frozen=True)
class Site:
    """The languages of the site; the default one is served at the root."""

    default_lang: str
    languages: tuple[str, ...]

    def prefix(self, lang: str) -> str:
        return "" if lang == self.default_lang else f"{lang}/"

    def url(self, lang: str, path: str) -> str:
        return self.prefix(lang) + path


def policy_path(policy_id: str) -> str:
    return f"{policy_id}/"


def history_path(policy_id: str) -> str:
    return f"{policy_id}/history/"


def version_path(policy_id: str, version_id: str) -> str:
    return f"{policy_id}/versions/{version_id}/"


def changes_path(policy_id: str, version_id: str) -> str:
    return f"{policy_id}/versions/{version_id}/changes/"


def earlier_path(policy_id: str, version_id: str, since: dt.date) -> str:
    return f"{policy_id}/versions/{version_id}/earlier/{since.isoformat()}/"


def update_path(policy_id: str, version_id: str, date: dt.date) -> str:
    return f"{policy_id}/versions/{version_id}/updates/{date.isoformat()}/"


def bilingual_path(policy_id: str) -> str:
    return f"{policy_id}/bilingual/"


def compare_path(policy_id: str, version_id: str) -> str:
    return f"{policy_id}/versions/{version_id}/compare/"


@dataclass(frozen=True)
class VersionView:
    """A version as a page in `lang` shows it: dates, standing, summary and links."""

    id: str
    effective: dt.date
    kind: Kind
    state: State
    since: dt.date
    until: dt.date | None
    summary: str | None
    url: str
    changes_url: str | None
    compare_url: str | None
    has_text: bool
    sha256: str | None
    source_url: str
    translation: str = "source"  # source | current | outdated | missing
    updates: tuple = ()  # UpdateView, oldest first
    # An outdated translation: the version whose source text it was made from (this one when it
    # translates an earlier text of it), that version's date and its source-language page;
    # None when its source hash matches no text.
    translates: str | None = None
    translates_effective: dt.date | None = None
    translates_url: str | None = None

    @property
    def is_outdated_translation(self) -> bool:
        return self.translation == "outdated"

    @property
    def translates_another_version(self) -> bool:
        """An outdated translation made from another version's source text."""
        return self.is_outdated_translation and self.translates not in (None, self.id)

    @property
    def is_current(self) -> bool:
        return self.state == State.CURRENT

    @property
    def is_archived(self) -> bool:
        return self.state == State.ARCHIVED

    @property
    def is_upcoming(self) -> bool:
        return self.state == State.UPCOMING


@dataclass(frozen=True)
class UpdateView:
    """A correction (誤記訂正) or translation update, as the history and version pages show it."""

    date: dt.date
    version_id: str
    lang: str
    kind: str  # correction | translation
    reason: str
    earlier_since: dt.date
    earlier_url: str
    changes_url: str


def update_views(policy: Policy, site: Site, lang: str) -> list[UpdateView]:
    """Updates a reader in `lang` should see: their own language's, and the source's corrections."""
    source = policy.settings.source_language
    views = []
    for item in policy.updates:
        update = item.update
        if update.lang != lang and not (update.lang == source and update.kind == "correction"):
            continue
        previous = [
            u.update
            for u in policy.updates
            if u.update.version == update.version
            and u.update.lang == update.lang
            and u.update.date < update.date
        ]
        version = policy.version(update.version)
        since = previous[-1].date if previous else version.effective
        views.append(
            UpdateView(
                update.date,
                update.version,
                update.lang,
                update.kind.value,
                update.reason,
                since,
                site.url(update.lang, earlier_path(policy.id, update.version, since)),
                site.url(update.lang, update_path(policy.id, update.version, update.date)),
            )
        )
    return views


@dataclass(frozen=True)
class PolicyView:
    """A policy as pages in `lang` show it.

    On a page in a language the policy does not have (the home page and navigation of every
    language list every policy), `link_lang` is its source language: links, versions and
    summaries are those of the source language's pages, which exist."""

    id: str
    title: str
    lang: str
    source_lang: str
    source_lang_name: str
    url: str
    history_url: str
    bilingual_url: str | None
    current: VersionView | None
    upcoming: tuple[VersionView, ...]
    versions: tuple[VersionView, ...]  # oldest first
    updates: tuple[UpdateView, ...] = ()
    title_lang: str = ""  # the language the title is written in
    link_lang: str = ""  # the language of the pages linked: `lang`, or the source language
    languages: tuple[str, ...] = ()  # the policy's languages on this site, source first
    languages_text: str = ""  # their names listed, in the language of the page's messages
    feed_url: str = ""

    @property
    def in_this_language(self) -> bool:
        """Whether the policy has pages in the reader's language."""
        return self.link_lang == self.lang

    @property
    def events_newest_first(self) -> list[tuple[dt.date, str, object]]:
        """The history's rows: versions by effective date and updates by date, newest first."""
        rows = [(v.effective, "version", v) for v in self.versions]
        rows += [(u.date, "update", u) for u in self.updates]
        return sorted(rows, key=lambda row: (row[0], row[1] == "update"), reverse=True)

    @property
    def is_translation(self) -> bool:
        return self.lang != self.source_lang

    @property
    def versions_newest_first(self) -> tuple[VersionView, ...]:
        return tuple(reversed(self.versions))


@dataclass
class PolicyPage:
    """One page of a policy in one language: its URL, template, Markdown and data."""

    kind: str  # current | version | history | changes | compare | missing
    lang: str
    url: str
    title: str
    template: str
    html: str  # the policy text the page shows, sanitised; "" when the template shows all
    searchable: bool
    policy: PolicyView
    version: VersionView | None = None
    base: VersionView | None = None  # the older side of a diff
    diff: DocumentDiff | None = None
    text: Text | None = None
    alternates: dict[str, str] = field(default_factory=dict)
    parallel: list | None = None  # bilingual view: rows of (lang, section or None) per article
    update: UpdateView | None = None  # earlier text and update pages: the update concerned
    later_url: str | None = None  # update pages: where the text after the update is
    generated: bool = True

    @property
    def description(self) -> str:
        """The page's meta description: its title, and the version's summary where there is one."""
        summary = self.update.reason if self.update else (self.version.summary if self.version else None)
        if summary and self.version and not self.update:
            summary = summary_plain(summary)
        return f"{self.title}: {summary}" if summary and self.kind != "history" else self.title

    @property
    def diff_layout(self) -> str:
        """`table` (新旧対照表) for Japanese readers, else `redline`."""
        return "table" if self.lang in TABLE_LANGUAGES else "redline"

    @property
    def src_uri(self) -> str:
        """A virtual source path for a generated page, unique per language."""
        return f"{self.url.removeprefix(self.lang + '/')}index.{self.lang}.md"


def version_view(
    policy: Policy, standing: Standing, site: Site, lang: str, updates: list[UpdateView] | None = None
) -> VersionView:
    from .protect import translation_status

    version, pid = standing.version, policy.id
    text = version.texts.get(lang)
    first = standing.previous is None
    source = policy.settings.source_language
    status = None if lang == source else translation_status(policy, version, lang)
    translated = policy.version(status.translates) if status and status.translates else None
    source_site_lang = source if source in site.languages else site.default_lang
    return VersionView(
        id=version.id,
        effective=version.effective,
        kind=version.texts[policy.settings.source_language].kind
        if policy.settings.source_language in version.texts
        else Kind.AMENDMENT,
        state=standing.state,
        since=standing.since,
        until=standing.until,
        summary=text.summary if text else None,
        url=site.url(lang, version_path(pid, version.id)),
        changes_url=None if first else site.url(lang, changes_path(pid, version.id)),
        compare_url=None
        if standing.state == State.CURRENT
        else site.url(lang, compare_path(pid, version.id)),
        has_text=text is not None,
        sha256=text.sha256 if text else None,
        source_url=site.url(source_site_lang, version_path(pid, version.id)),
        translation="source" if status is None else status.state.value,
        updates=tuple(u for u in updates or [] if u.version_id == version.id),
        translates=translated.id if translated else None,
        translates_effective=translated.effective if translated else None,
        translates_url=site.url(source_site_lang, version_path(pid, translated.id)) if translated else None,
    )


def policy_languages(policy: Policy, site: Site) -> tuple[str, ...]:
    """The languages a policy has pages in on this site: its source language first."""
    source = policy.settings.source_language
    ordered = (source, *policy.settings.translations)
    return tuple(lang for lang in ordered if lang in site.languages)


def policy_view(policy: Policy, site: Site, lang: str, today: dt.date) -> PolicyView:
    source = policy.settings.source_language
    languages = policy_languages(policy, site)
    link_lang = lang if lang in languages else source
    updates = update_views(policy, site, link_lang)
    views = [version_view(policy, s, site, link_lang, updates) for s in standings(policy, today)]
    names_in = message_lang(lang)
    return PolicyView(
        id=policy.id,
        title=policy.settings.title(lang),
        lang=lang,
        source_lang=source,
        source_lang_name=language_name(source, names_in),
        url=site.url(link_lang, policy_path(policy.id)),
        history_url=site.url(link_lang, history_path(policy.id)),
        bilingual_url=site.url(link_lang, bilingual_path(policy.id)) if len(languages) > 1 else None,
        current=next((v for v in views if v.is_current), None),
        upcoming=tuple(v for v in views if v.is_upcoming),
        versions=tuple(views),
        updates=tuple(updates),
        title_lang=policy.settings.title_lang(lang),
        link_lang=link_lang,
        languages=languages,
        languages_text=language_list(languages, names_in),
        feed_url=site.url(link_lang, policy_path(policy.id) + "feed.xml"),
    )


@dataclass(frozen=True)
class ParallelRow:
    """One article (or the preamble) in every language of a version, source language first."""

    key: str
    cells: tuple[tuple[str, object], ...]  # (lang, Section or None)


def parallel_rows(version: Version, languages: tuple[str, ...]) -> list[ParallelRow]:
    """Align a version's texts article by article, by anchor, for the bilingual view."""
    from .model import Section

    texts = {lang: version.texts.get(lang) for lang in languages}
    rows = [
        ParallelRow(
            "preamble",
            tuple(
                (
                    lang,
                    Section("preamble", "", "", None, t.document.preamble, 0, html=t.document.preamble_html)
                    if t
                    else None,
                )
                for lang, t in texts.items()
            ),
        )
    ]
    source = next((t for t in texts.values() if t), None)
    keys = [s.key for s in source.document.sections] if source else []
    # A section a translation has and its source has not (a heading more) gets a row of its
    # own after the section it follows, so no part of any text is left out.
    extra: dict[str, list[tuple[str, Section]]] = {}
    for lang, text in texts.items():
        if text is None or text is source:
            continue
        after = "preamble"
        for section in text.document.sections:
            if section.key in keys:
                after = section.key
            else:
                extra.setdefault(after, []).append((lang, section))

    def extra_rows(after: str) -> list[ParallelRow]:
        return [
            ParallelRow(
                section.key,
                tuple(
                    (code, section if code == lang else Section(section.key, "", "", None, (), 0))
                    for code in texts
                ),
            )
            for lang, section in extra.get(after, [])
        ]

    rows += extra_rows("preamble")
    for key in keys:
        rows.append(
            ParallelRow(
                key, tuple((lang, t.document.section(key) if t else None) for lang, t in texts.items())
            )
        )
        rows += extra_rows(key)
    if any(t and t.document.footnotes_html for t in texts.values()):
        rows.append(
            ParallelRow(
                "footnotes",
                tuple(
                    (
                        lang,
                        Section("footnotes", "", "", None, (), 0, html=t.document.footnotes_html)
                        if t
                        else None,
                    )
                    for lang, t in texts.items()
                ),
            )
        )
    return rows


def _alternates(site: Site, path: str, languages: tuple[str, ...]) -> dict[str, str]:
    """The page at `path` in each of the policy's languages: no alternate where it has none."""
    return {lang: site.url(lang, path) for lang in site.languages if lang in languages}


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


def plan_pages(
    policy: Policy, site: Site, lang: str, today: dt.date, _: Gettext, diffs: DiffCache | None = None
) -> list[PolicyPage]:
    """Every page of `policy` in `lang`: the version pages, and the generated ones."""
    view = policy_view(policy, site, lang, today)
    views = {v.id: v for v in view.versions}
    title = view.title
    pid = policy.id
    pages: list[PolicyPage] = []
    diffs = DiffCache() if diffs is None else diffs
    languages = policy_languages(policy, site)

    def diff(old: Version, new: Version) -> DocumentDiff | None:
        if lang not in old.texts or lang not in new.texts:
            return None
        return diffs.diff(old.texts[lang], new.texts[lang])

    current = current_version(policy, today)
    current_page_title = title
    if current is not None and lang in current.texts:
        html = document_html(current.texts[lang].document)
    else:
        html = ""
    pages.append(
        PolicyPage(
            "current",
            lang,
            site.url(lang, policy_path(pid)),
            current_page_title,
            "policy/version.html",
            html,
            searchable=current is not None and lang in current.texts,
            policy=view,
            version=views[current.id] if current else None,
            text=current.texts.get(lang) if current else None,
            alternates=_alternates(site, policy_path(pid), languages),
        )
    )
    if view.bilingual_url:
        pages.append(
            PolicyPage(
                "bilingual",
                lang,
                view.bilingual_url,
                _("%(title)s: Japanese and English side by side") % {"title": title}
                if set(policy.settings.languages) == {"ja", "en"}
                else _("%(title)s: all languages side by side") % {"title": title},
                "policy/bilingual.html",
                "",
                searchable=False,
                policy=view,
                version=views[current.id] if current else None,
                parallel=parallel_rows(
                    current, (policy.settings.source_language, *policy.settings.translations)
                )
                if current
                else None,
                alternates=_alternates(site, bilingual_path(pid), languages),
            )
        )
    pages.append(
        PolicyPage(
            "history",
            lang,
            site.url(lang, history_path(pid)),
            _("%(title)s: history") % {"title": title},
            "policy/history.html",
            "",
            searchable=False,
            policy=view,
            alternates=_alternates(site, history_path(pid), languages),
        )
    )
    for index, version in enumerate(policy.versions):
        v = views[version.id]
        date = format_date(version.effective, lang)
        version_title = _("%(title)s (effective %(date)s)") % {"title": title, "date": date}
        text = version.texts.get(lang)
        pages.append(
            PolicyPage(
                "version" if text else "missing",
                lang,
                v.url,
                version_title,
                "policy/version.html",
                document_html(text.document) if text else "",
                searchable=False,
                policy=view,
                version=v,
                text=text,
                alternates=_alternates(site, version_path(pid, version.id), languages),
                generated=text is None,
            )
        )
        if index > 0:
            previous = policy.versions[index - 1]
            pages.append(
                PolicyPage(
                    "changes",
                    lang,
                    v.changes_url,
                    _("%(title)s: changes effective %(date)s") % {"title": title, "date": date},
                    "policy/changes.html",
                    "",
                    searchable=False,
                    policy=view,
                    version=v,
                    base=views[previous.id],
                    diff=diff(previous, version),
                    alternates=_alternates(site, changes_path(pid, version.id), languages),
                )
            )
        if current is not None and version is not current:
            old, new = (version, current) if version.effective < current.effective else (current, version)
            pages.append(
                PolicyPage(
                    "compare",
                    lang,
                    v.compare_url,
                    _("%(title)s: %(old)s compared with %(new)s")
                    % {
                        "title": title,
                        "old": format_date(old.effective, lang),
                        "new": format_date(new.effective, lang),
                    },
                    "policy/changes.html",
                    "",
                    searchable=False,
                    policy=view,
                    version=views[new.id],
                    base=views[old.id],
                    diff=diff(old, new),
                    alternates=_alternates(site, compare_path(pid, version.id), languages),
                )
            )
    pages += _update_pages(policy, site, lang, view, title, _, diffs)
    return pages


def _update_pages(policy, site, lang, view, title, _, diffs: DiffCache) -> list[PolicyPage]:
    """For each update of a text in `lang`: the earlier text, and what the update changed."""
    pages = []
    by_key = {(u.version_id, u.date, u.lang): u for u in view.updates}
    for item in policy.updates:
        update = item.update
        if update.lang != lang:
            continue
        uview = by_key[(update.version, update.date, update.lang)]
        version = next(v for v in view.versions if v.id == update.version)
        date = format_date(version.effective, lang)
        later = [
            u
            for u in view.updates
            if u.version_id == update.version and u.lang == lang and u.date > update.date
        ]
        later_url = later[0].earlier_url if later else version.url
        home = _alternates(site, version_path(policy.id, update.version), view.languages)
        pages.append(
            PolicyPage(
                "earlier",
                lang,
                uview.earlier_url,
                _("%(title)s (effective %(date)s): text published from %(since)s")
                % {"title": title, "date": date, "since": format_date(uview.earlier_since, lang)},
                "policy/version.html",
                document_html(item.earlier.document),
                searchable=False,
                policy=view,
                version=version,
                text=item.earlier,
                update=uview,
                later_url=later_url,
                alternates={**home, lang: uview.earlier_url},
            )
        )
        label = _("Translation update") if update.kind == "translation" else _("Correction")
        pages.append(
            PolicyPage(
                "update",
                lang,
                uview.changes_url,
                _("%(title)s (effective %(date)s): %(label)s of %(when)s")
                % {"title": title, "date": date, "label": label, "when": format_date(update.date, lang)},
                "policy/changes.html",
                "",
                searchable=False,
                policy=view,
                version=version,
                base=version,
                diff=diffs.diff(item.earlier, item.later),
                update=uview,
                later_url=later_url,
                alternates={**home, lang: uview.changes_url},
            )
        )
    return pages
