"""Notice: the day each version was announced on the site, and whether that was soon enough.

民法第548条の4 requires a change of terms of use to be made known before it takes effect, with
its content and its effective date; the history, `versions.json` and the feeds say when each
version was announced, and `policy check` warns about an upcoming version announced later than
the policy's notice period (`notice_days`) allows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from .ledger import Ledger
from .messages import Message
from .model import Policy, Problem, Severity, Version


def announced_on(version: Version, source_lang: str, ledger: Ledger) -> dt.date | None:
    """The day `version` was first published on the site: its source text's `announced:`,
    which is written on purpose (an existing history brought in, a notice given elsewhere
    first), else the day `policy lock` recorded its source text; None when neither says."""
    text = version.texts.get(source_lang)
    if text is not None and text.announced is not None:
        return text.announced
    lock = ledger.lock_of(version.id, source_lang)
    return lock.recorded if lock is not None else None


def with_announcements(policy: Policy, ledger: Ledger) -> Policy:
    """`policy` with each version's announcement day attached, from its file or its record."""
    source = policy.settings.source_language
    versions = [replace(v, announced=announced_on(v, source, ledger)) for v in policy.versions]
    return replace(policy, versions=versions)


def check_notice(policy: Policy, today: dt.date) -> list[Problem]:
    """Warnings for upcoming versions announced fewer than `notice_days` days before they take
    effect. A version not recorded yet is announced today at the earliest. A version in effect
    is history: what was announced late cannot be announced again, so it is not reported."""
    settings = policy.settings
    days = settings.notice_days
    problems: list[Problem] = []
    for version in policy.versions:
        text = version.texts.get(settings.source_language)
        if text is None:
            continue
        problems += _translation_dates(policy, version)
        if days <= 0 or version.effective <= today:
            continue
        if version.announced is None:
            ahead = (version.effective - today).days
            if ahead < days:
                problems.append(
                    Problem(
                        text.path,
                        text.line_of("effective"),
                        Message(
                            "'effective: %(version)s' is %(ahead)s day(s) from today, and "
                            "'%(policy)s' must be announced %(days)s days before a version takes "
                            "effect (notice_days in mkdocs.yml); recorded today, it would be "
                            "announced too late: set 'effective:' to %(earliest)s or later",
                            version=version.id,
                            ahead=ahead,
                            policy=policy.id,
                            days=days,
                            earliest=(today + dt.timedelta(days=days)).isoformat(),
                        ),
                        Severity.WARNING,
                    )
                )
        elif version.days_announced_ahead < days:
            line = text.line_of("announced" if text.announced is not None else "effective")
            problems.append(
                Problem(
                    text.path,
                    line,
                    Message(
                        "version %(version)s was announced on %(announced)s, %(ahead)s day(s) "
                        "before it takes effect, and '%(policy)s' must be announced %(days)s days "
                        "before (notice_days in mkdocs.yml); the notice given is too short: set "
                        "'effective:' to %(earliest)s or later, or shorten the period only if the "
                        "law allows it",
                        version=version.id,
                        announced=version.announced.isoformat(),
                        ahead=version.days_announced_ahead,
                        policy=policy.id,
                        days=days,
                        earliest=(version.announced + dt.timedelta(days=days)).isoformat(),
                    ),
                    Severity.WARNING,
                )
            )
    return problems


def _translation_dates(policy: Policy, version: Version) -> list[Problem]:
    """A translation's `announced:` that differs from the version's: only the source text's
    counts, so a different date there would tell readers of that language something untrue."""
    problems = []
    for lang, text in version.texts.items():
        if lang == policy.settings.source_language or text.announced is None:
            continue
        if text.announced != version.announced:
            problems.append(
                Problem(
                    text.path,
                    text.line_of("announced"),
                    Message(
                        "'announced: %(written)s' differs from the day version %(version)s was "
                        "announced (%(announced)s), which its %(source)s text and the record give; "
                        "remove 'announced:' here: a version is announced once, in its source text",
                        written=text.announced.isoformat(),
                        version=version.id,
                        announced=version.announced.isoformat() if version.announced else Message("not yet"),
                        source=policy.settings.source_language,
                    ),
                    Severity.WARNING,
                )
            )
    return problems
