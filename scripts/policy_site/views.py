"""What the pages of one language show of a policy: its versions, their updates, their links.

Views are plain data made from the model and the URL table; templates read them and ask them
(`is_current`, `label`) rather than deciding for themselves.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .dates import language_list, language_name
from .history import Standing, State, standings
from .messages import message_lang
from .model import Kind, Policy
from .protect import translation_status
from .updates import is_in_history_of, is_seen_in, published_since, update_label
from .urls import (
    Site,
    bilingual_path,
    changes_path,
    compare_path,
    earlier_path,
    feed_path,
    history_path,
    policy_path,
    update_path,
    version_path,
)


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

    @property
    def label(self) -> str:
        """What it is called, as a message id for the page's `_()`."""
        return update_label(self.kind)

    @property
    def is_translation_update(self) -> bool:
        return self.kind == "translation"


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
    announced: dt.date | None = None  # the day it was first published on the site, when known
    translation: str = "source"  # source | current | outdated | missing
    updates: tuple[UpdateView, ...] = ()  # oldest first
    # An outdated translation: the version whose source text it was made from (this one when it
    # translates an earlier text of it), that version's date and its source-language page;
    # None when its source hash matches no text.
    translates: str | None = None
    translates_effective: dt.date | None = None
    translates_url: str | None = None
    # The permanent address of this version's text in each language that has one, source first.
    text_urls: tuple[tuple[str, str], ...] = ()

    @property
    def is_outdated_translation(self) -> bool:
        return self.translation == "outdated"

    @property
    def translates_another_version(self) -> bool:
        """An outdated translation made from another version's source text."""
        return self.is_outdated_translation and self.translates not in (None, self.id)

    @property
    def days_announced_ahead(self) -> int | None:
        """How many days before taking effect it was announced; None when that is not known."""
        return None if self.announced is None else (self.effective - self.announced).days

    @property
    def is_current(self) -> bool:
        return self.state == State.CURRENT

    @property
    def is_archived(self) -> bool:
        return self.state == State.ARCHIVED

    @property
    def is_upcoming(self) -> bool:
        return self.state == State.UPCOMING


def update_views(policy: Policy, site: Site, lang: str) -> list[UpdateView]:
    """The updates the history in `lang` lists, oldest first, each linked in its own language."""
    source = policy.settings.source_language
    recorded = [item.update for item in policy.updates]
    views = []
    for update in recorded:
        if not is_in_history_of(update, lang, source):
            continue
        since = published_since(recorded, policy.version(update.version), update.lang, update.date)
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


def version_view(
    policy: Policy, standing: Standing, site: Site, lang: str, updates: list[UpdateView] | None = None
) -> VersionView:
    version, pid = standing.version, policy.id
    text = version.texts.get(lang)
    source = policy.settings.source_language
    status = None if lang == source else translation_status(policy, version, lang)
    translated = policy.version(status.translates) if status and status.translates else None
    source_site_lang = source if source in site.languages else site.default_lang
    return VersionView(
        id=version.id,
        effective=version.effective,
        kind=version.texts[source].kind if source in version.texts else Kind.AMENDMENT,
        state=standing.state,
        since=standing.since,
        until=standing.until,
        summary=text.summary if text else None,
        url=site.url(lang, version_path(pid, version.id)),
        changes_url=None if standing.previous is None else site.url(lang, changes_path(pid, version.id)),
        compare_url=None
        if standing.state == State.CURRENT
        else site.url(lang, compare_path(pid, version.id)),
        has_text=text is not None,
        sha256=text.sha256 if text else None,
        source_url=site.url(source_site_lang, version_path(pid, version.id)),
        announced=version.announced,
        translation="source" if status is None else status.state.value,
        # A version's page lists the updates of the text it shows, and the source's corrections.
        updates=tuple(u for u in updates or [] if u.version_id == version.id and is_seen_in(u, lang, source)),
        translates=translated.id if translated else None,
        translates_effective=translated.effective if translated else None,
        translates_url=site.url(source_site_lang, version_path(pid, translated.id)) if translated else None,
        text_urls=tuple(
            (code, site.url(code, version_path(pid, version.id)))
            for code in policy_languages(policy, site)
            if code in version.texts
        ),
    )


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

    def version(self, version_id: str) -> VersionView:
        return next(v for v in self.versions if v.id == version_id)


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
        feed_url=site.url(link_lang, feed_path(policy.id)),
    )
