"""A policy's settings in `mkdocs.yml`, checked as a whole and made into `PolicySettings`.

The checks of one policy's own settings run when MkDocs validates its configuration; whether
its languages are the site's can only be known once the i18n plugin's languages are."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .history import time_zone
from .messages import Message
from .model import PolicySettings


def setting_problems(
    title: Mapping[str, str], source: str, languages: Sequence[str], timezone: str, notice_days: int = 0
) -> list[tuple[str, Message]]:
    """What is wrong with one policy's settings taken together, as (setting, message)."""
    problems: list[tuple[str, Message]] = []
    if languages and source not in languages:
        problems.append(
            (
                "source_language",
                Message(
                    "'%(source)s' is not one of its languages %(languages)s",
                    source=source,
                    languages=list(languages),
                ),
            )
        )
    if source not in title:
        problems.append(("title", Message("add a title for the source language '%(source)s'", source=source)))
    try:
        time_zone(timezone)
    except ValueError:
        problems.append(
            (
                "timezone",
                Message(
                    "'%(name)s' is not an IANA time zone name; write one such as Asia/Tokyo or Europe/Berlin",
                    name=timezone,
                ),
            )
        )
    if isinstance(notice_days, bool) or notice_days < 0:
        problems.append(
            (
                "notice_days",
                Message(
                    "%(days)s is not a number of days; write 0 or more, for example 30",
                    days=repr(notice_days),
                ),
            )
        )
    return problems


def policy_settings(policy_id: str, settings: Mapping, site_languages: Sequence[str]) -> PolicySettings:
    """The settings of policy `policy_id`; ValueError, with a `Message`, when they name a language
    the site lacks.

    `settings` holds the keys of a policy in `mkdocs.yml`; no `languages` means all the site's."""
    languages = tuple(settings["languages"] or site_languages)
    source = settings["source_language"]
    unknown = [lang for lang in languages if lang not in site_languages]
    if unknown:
        raise ValueError(
            Message(
                "mkdocs.yml: policy '%(policy)s': languages %(unknown)s are not languages of the site "
                "%(site_languages)s; add them to the i18n plugin's languages or remove them here",
                policy=policy_id,
                unknown=unknown,
                site_languages=list(site_languages),
            )
        )
    notice_days = settings.get("notice_days", 0)
    for setting, message in setting_problems(
        settings["title"], source, languages, settings["timezone"], notice_days
    ):
        raise ValueError(
            Message(
                "mkdocs.yml: policy '%(policy)s': %(setting)s: %(problem)s",
                policy=policy_id,
                setting=setting,
                problem=message,
            )
        )
    return PolicySettings(
        policy_id, dict(settings["title"]), source, languages, settings["timezone"], notice_days
    )


def policies_of(configured: Mapping[str, Mapping], site_languages: Sequence[str]) -> list[PolicySettings]:
    """Every policy's settings as `mkdocs.yml` configures them, in its order."""
    return [policy_settings(pid, settings, site_languages) for pid, settings in configured.items()]
