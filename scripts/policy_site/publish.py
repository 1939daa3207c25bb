"""Machine-readable outputs of a policy: `versions.json` and an Atom feed per language."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from feedgen.feed import FeedGenerator
from markupsafe import escape

from .dates import format_date
from .diff import DocumentDiff, diff_documents
from .history import State, standings, time_zone
from .model import Policy, Text
from .protect import TranslationState, translation_status
from .render import summary_html
from .tally import is_technical, tally
from .updates import is_in_history_of, published_since, update_label
from .urls import Site, changes_path, earlier_path, history_path, policy_path, update_path, version_path

SCHEMA_VERSION = 1


def _absolute(site_url: str, path: str) -> str:
    return (site_url.rstrip("/") + "/" if site_url else "/") + path


Differ = Callable[[Text, Text], DocumentDiff]


def _fresh_diff(old: Text, new: Text) -> DocumentDiff:
    return diff_documents(old.document, new.document, old.lang)


def _changes(previous: Text | None, text: Text | None, diff: Differ) -> dict[str, Any] | None:
    """What a version's source text changed against the previous version's: counts of sections
    and blocks, and whether only markup or spacing changed. None for the first version."""
    if previous is None or text is None:
        return None
    return {
        **tally(diff(previous, text)),
        "technical": previous.sha256 != text.sha256
        and is_technical(previous.document, text.document, text.lang),
    }


def versions_data(
    policy: Policy, site: Site, today: dt.date, site_url: str = "", diff: Differ = _fresh_diff
) -> dict[str, Any]:
    """Every version of a policy with its dates, kind, summaries, URLs and hashes, and what its
    source text changed (`diff` makes the diffs: the build passes the one its pages use)."""
    settings = policy.settings
    languages = [lang for lang in settings.languages if lang in site.languages]
    source = settings.source_language
    recorded = [item.update for item in policy.updates]
    entries = []
    current = None
    upcoming = []
    for standing in standings(policy, today):
        version = standing.version
        source_text = version.texts.get(source)
        if standing.state == State.CURRENT:
            current = version.id
        elif standing.state == State.UPCOMING:
            upcoming.append(version.id)
        translations = {}
        for lang in settings.translations:
            status = translation_status(policy, version, lang)
            if status.state == TranslationState.MISSING:
                translations[lang] = {"status": "missing"}
            else:
                text = version.texts[lang]
                translations[lang] = {
                    "status": status.state.value,
                    # the version whose source text it translates: this one when current
                    "translates": status.translates,
                    "source_sha256": text.translation.source_sha256 if text.translation else None,
                    "updated": text.translation.updated.isoformat() if text.translation else None,
                }
        entries.append(
            {
                "id": version.id,
                "effective": version.effective.isoformat(),
                "announced": version.announced.isoformat() if version.announced else None,
                "kind": source_text.kind.value if source_text else None,
                "status": standing.state.value,
                "in_force": {
                    "from": standing.since.isoformat(),
                    "until": standing.until.isoformat() if standing.until else None,
                },
                "summary": {lang: version.texts[lang].summary for lang in languages if lang in version.texts},
                "url": {
                    lang: _absolute(site_url, site.url(lang, version_path(policy.id, version.id)))
                    for lang in languages
                },
                "changes_url": None
                if standing.previous is None
                else {
                    lang: _absolute(site_url, site.url(lang, changes_path(policy.id, version.id)))
                    for lang in languages
                },
                "sha256": {lang: version.texts[lang].sha256 for lang in languages if lang in version.texts},
                "changes": _changes(
                    standing.previous.texts.get(source) if standing.previous else None, source_text, diff
                ),
                "translations": translations,
                "corrections": [
                    {
                        "date": item.update.date.isoformat(),
                        "lang": item.update.lang,
                        "kind": item.update.kind.value,
                        "reason": item.update.reason,
                        "before_sha256": item.update.before,
                        "after_sha256": item.update.after,
                        "earlier_url": _absolute(
                            site_url,
                            site.url(
                                item.update.lang,
                                earlier_path(
                                    policy.id,
                                    version.id,
                                    published_since(recorded, version, item.update.lang, item.update.date),
                                ),
                            ),
                        ),
                        "changes_url": _absolute(
                            site_url,
                            site.url(item.update.lang, update_path(policy.id, version.id, item.update.date)),
                        ),
                    }
                    for item in policy.updates
                    if item.update.version == version.id
                ],
            }
        )
    return {
        "schema": SCHEMA_VERSION,
        "policy": policy.id,
        "title": {lang: settings.title(lang) for lang in languages},
        "source_language": source,
        "languages": languages,
        "as_of": today.isoformat(),
        "current": current,
        "upcoming": upcoming,
        "url": {lang: _absolute(site_url, site.url(lang, policy_path(policy.id))) for lang in languages},
        "versions": entries,
    }


def versions_json(
    policy: Policy, site: Site, today: dt.date, site_url: str = "", diff: Differ = _fresh_diff
) -> str:
    """The JSON text, with `<`, `>` and `&` as escapes: the same data for any JSON reader, and
    no markup for a browser or a careless page that embeds it."""
    text = json.dumps(versions_data(policy, site, today, site_url, diff), ensure_ascii=False, indent=2)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") + "\n"


def _stamp(day: dt.date, zone: str) -> dt.datetime:
    """Midnight on `day` in the policy's time zone: when a version takes effect, or an update
    was made."""
    return dt.datetime.combine(day, dt.time(0), time_zone(zone))


def atom_feed(
    policy: Policy, site: Site, lang: str, today: dt.date, _, site_url: str = "", author: str = ""
) -> str:
    """An Atom feed of the policy in one language: one entry per version, translation update or
    correction, newest first, with its summary and a link to what changed.

    Upcoming versions are included, so subscribers learn of a revision when it is announced.
    A version's entry is published on the day it was announced and updated on the day it takes
    effect; an update's on its date. Every date is recorded, so the feed is the same whenever
    it is built. The source language's feed, like its history, tells of every language's
    updates.
    """
    title = policy.settings.title(lang)
    source = policy.settings.source_language
    zone = policy.settings.timezone
    # date, id, title, link, summary, published (the day it was announced, when not that date)
    entries: list[tuple[dt.date, str, str, str, str, dt.date]] = []
    for standing in standings(policy, today):
        version = standing.version
        text = version.texts.get(lang) or version.texts.get(source)
        path = (
            version_path(policy.id, version.id)
            if standing.previous is None
            else changes_path(policy.id, version.id)
        )
        entries.append(
            (
                version.effective,
                f"urn:policy:{policy.id}:{version.id}:{lang}",
                _("%(title)s (effective %(date)s)")
                % {"title": title, "date": format_date(version.effective, lang)},
                _absolute(site_url, site.url(lang, path)),
                text.summary if text else "",  # Markdown, rendered as the pages render it
                version.announced or version.effective,
            )
        )
    for item in policy.updates:
        update = item.update
        if not is_in_history_of(update, lang, source):
            continue
        entries.append(
            (
                update.date,
                f"urn:policy:{policy.id}:{update.version}:{update.lang}:{update.date}",
                _("%(title)s (effective %(date)s): %(label)s of %(when)s")
                % {
                    "title": title,
                    "date": format_date(policy.version(update.version).effective, lang),
                    "label": _(update_label(update.kind)),
                    "when": format_date(update.date, lang),
                },
                _absolute(
                    site_url, site.url(update.lang, update_path(policy.id, update.version, update.date))
                ),
                str(escape(update.reason)),  # a reason is plain text, not Markdown
                update.date,
            )
        )
    generator = FeedGenerator()
    generator.id(f"urn:policy:{policy.id}:{lang}")
    generator.title(_("%(title)s: history") % {"title": title})
    generator.author({"name": author or title})
    generator.link(href=_absolute(site_url, site.url(lang, history_path(policy.id))), rel="alternate")
    generator.language(lang)
    generator.generator("policy-site")  # no link to the library's own site in a privacy-first feed
    generator.updated(_stamp(max((e[0] for e in entries), default=today), zone))
    for day, entry_id, entry_title, link, summary, published in sorted(entries, key=lambda e: (e[0], e[1])):
        entry = generator.add_entry()  # added oldest first; feedgen writes the newest first
        entry.id(entry_id)
        entry.title(entry_title)
        # One link per entry: feedgen 1.0 writes no `rel` on entry links, so a second link would
        # be a second "alternate". The changes page links to the full text.
        entry.link(href=link)
        entry.updated(_stamp(day, zone))
        entry.published(_stamp(published, zone))
        entry.summary(summary_html(summary), type="html")
    return generator.atom_str(pretty=True).decode("utf-8")


def split_search_index(site_dir, site: Site) -> None:
    """One search index per language, under that language's root, so that a reader searching
    in English never gets Japanese results. Locations become relative to the language root."""
    index_path = Path(site_dir) / "search" / "search_index.json"
    if not index_path.exists():
        return
    index = json.loads(index_path.read_text("utf-8"))
    for lang in site.languages:
        prefix = site.prefix(lang)
        others = tuple(site.prefix(other) for other in site.languages if other != lang and site.prefix(other))
        docs = []
        for doc in index["docs"]:
            location = doc["location"]
            if prefix and location.startswith(prefix):
                docs.append({**doc, "location": location[len(prefix) :]})
            elif not prefix and not location.startswith(others):
                docs.append(doc)
        target = Path(site_dir) / prefix / "search" / "search_index.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(
            json.dumps({**index, "docs": docs}, ensure_ascii=False, separators=(",", ":")), "utf-8"
        )
