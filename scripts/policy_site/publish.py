"""Machine-readable outputs of a policy: `versions.json` and an Atom feed per language."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any
from xml.etree import ElementTree as ET

from .dates import format_date
from .history import State, standings
from .model import Policy
from .site import Site, changes_path, earlier_path, history_path, policy_path, update_path, version_path

SCHEMA_VERSION = 1
ATOM = "http://www.w3.org/2005/Atom"


def _absolute(site_url: str, path: str) -> str:
    return (site_url.rstrip("/") + "/" if site_url else "/") + path


def versions_data(policy: Policy, site: Site, today: dt.date, site_url: str = "") -> dict[str, Any]:
    """Every version of a policy with its dates, kind, summaries, URLs and hashes."""
    settings = policy.settings
    languages = [lang for lang in settings.languages if lang in site.languages]
    source = settings.source_language
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
            text = version.texts.get(lang)
            if text is None:
                translations[lang] = {"status": "missing"}
            else:
                up_to_date = bool(
                    text.translation and source_text and text.translation.source_sha256 == source_text.sha256
                )
                translations[lang] = {
                    "status": "current" if up_to_date else "outdated",
                    "source_sha256": text.translation.source_sha256 if text.translation else None,
                    "updated": text.translation.updated.isoformat() if text.translation else None,
                }
        entries.append(
            {
                "id": version.id,
                "effective": version.effective.isoformat(),
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
                                item.update.lang, earlier_path(policy.id, version.id, _since(policy, item))
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


def _since(policy: Policy, item) -> dt.date:
    """The day the text an update replaced was first published."""
    earlier = [
        u.update.date
        for u in policy.updates
        if u.update.version == item.update.version
        and u.update.lang == item.update.lang
        and u.update.date < item.update.date
    ]
    return earlier[-1] if earlier else policy.version(item.update.version).effective


def versions_json(policy: Policy, site: Site, today: dt.date, site_url: str = "") -> str:
    return json.dumps(versions_data(policy, site, today, site_url), ensure_ascii=False, indent=2) + "\n"


def atom_feed(
    policy: Policy, site: Site, lang: str, today: dt.date, _, site_url: str = "", author: str = ""
) -> str:
    """An Atom feed of the policy's versions in one language, newest first.

    Upcoming versions are included: subscribers learn of a revision when it is announced.
    Entry dates are effective dates, so the feed is the same whenever it is built.
    """
    ET.register_namespace("", ATOM)
    title = policy.settings.title(lang)
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": lang})
    ET.SubElement(feed, f"{{{ATOM}}}title").text = _("%(title)s: history") % {"title": title}
    ET.SubElement(feed, f"{{{ATOM}}}id").text = f"urn:policy:{policy.id}:{lang}"
    home = _absolute(site_url, site.url(lang, history_path(policy.id)))
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html", "href": home})
    latest = max((v.effective for v in policy.versions), default=today)
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = f"{latest.isoformat()}T00:00:00+09:00"
    author_element = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author_element, f"{{{ATOM}}}name").text = author or title
    for standing in reversed(standings(policy, today)):
        version = standing.version
        text = version.texts.get(lang) or version.texts.get(policy.settings.source_language)
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        date = format_date(version.effective, lang)
        ET.SubElement(entry, f"{{{ATOM}}}title").text = _("%(title)s (effective %(date)s)") % {
            "title": title,
            "date": date,
        }
        ET.SubElement(entry, f"{{{ATOM}}}id").text = f"urn:policy:{policy.id}:{version.id}:{lang}"
        path = (
            version_path(policy.id, version.id)
            if standing.previous is None
            else changes_path(policy.id, version.id)
        )
        ET.SubElement(
            entry,
            f"{{{ATOM}}}link",
            {"rel": "alternate", "type": "text/html", "href": _absolute(site_url, site.url(lang, path))},
        )
        stamp = f"{version.effective.isoformat()}T00:00:00+09:00"
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = stamp
        ET.SubElement(entry, f"{{{ATOM}}}published").text = stamp
        ET.SubElement(entry, f"{{{ATOM}}}summary").text = text.summary if text else ""
    source = policy.settings.source_language
    for item in reversed(policy.updates):
        update = item.update
        if update.lang != lang and not (update.lang == source and update.kind.value == "correction"):
            continue
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        label = _("Translation update") if update.kind.value == "translation" else _("Correction")
        ET.SubElement(entry, f"{{{ATOM}}}title").text = _(
            "%(title)s (effective %(date)s): %(label)s of %(when)s"
        ) % {
            "title": title,
            "date": format_date(policy.version(update.version).effective, lang),
            "label": label,
            "when": format_date(update.date, lang),
        }
        ET.SubElement(
            entry, f"{{{ATOM}}}id"
        ).text = f"urn:policy:{policy.id}:{update.version}:{update.lang}:{update.date}"
        href = _absolute(site_url, site.url(update.lang, update_path(policy.id, update.version, update.date)))
        ET.SubElement(entry, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html", "href": href})
        stamp = f"{update.date.isoformat()}T00:00:00+09:00"
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = stamp
        ET.SubElement(entry, f"{{{ATOM}}}published").text = stamp
        ET.SubElement(entry, f"{{{ATOM}}}summary").text = update.reason
    entries = feed.findall(f"{{{ATOM}}}entry")
    for entry in entries:
        feed.remove(entry)
    for entry in sorted(entries, key=lambda e: e.find(f"{{{ATOM}}}updated").text, reverse=True):
        feed.append(entry)
    stamps = [e.find(f"{{{ATOM}}}updated").text for e in entries]
    if stamps:
        feed.find(f"{{{ATOM}}}updated").text = max(stamps)
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def split_search_index(site_dir, site: Site) -> None:
    """One search index per language, under that language's root, so that a reader searching
    in English never gets Japanese results. Locations become relative to the language root."""
    from pathlib import Path

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
