"""A policy's settings in `mkdocs.yml`, checked as a whole and made into `PolicySettings`.

The checks of one policy's own settings run when MkDocs validates its configuration; whether
its languages are the site's can only be known once the i18n plugin's languages are."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .history import time_zone
from .model import PolicySettings


def setting_problems(
    title: Mapping[str, str], source: str, languages: Sequence[str], timezone: str, notice_days: int = 0
) -> list[tuple[str, str]]:
    """What is wrong with one policy's settings taken together, as (setting, message)."""
    problems = []
    if languages and source not in languages:
        problems.append(("source_language", f"'{source}' is not one of its languages {list(languages)}"))
    if source not in title:
        problems.append(("title", f"add a title for the source language '{source}'"))
    try:
        time_zone(timezone)
    except ValueError as exc:
        problems.append(("timezone", str(exc)))
    if isinstance(notice_days, bool) or notice_days < 0:
        problems.append(
            ("notice_days", f"{notice_days!r} is not a number of days; write 0 or more, for example 30")
        )
    return problems


def policy_settings(policy_id: str, settings: Mapping, site_languages: Sequence[str]) -> PolicySettings:
    """The settings of policy `policy_id`; ValueError when they name a language the site lacks.

    `settings` holds the keys of a policy in `mkdocs.yml`; no `languages` means all the site's."""
    languages = tuple(settings["languages"] or site_languages)
    source = settings["source_language"]
    prefix = f"mkdocs.yml: policy '{policy_id}':"
    unknown = [lang for lang in languages if lang not in site_languages]
    if unknown:
        raise ValueError(
            f"{prefix} languages {unknown} are not languages of the site {list(site_languages)}; "
            "add them to the i18n plugin's languages or remove them here"
        )
    notice_days = settings.get("notice_days", 0)
    for setting, message in setting_problems(
        settings["title"], source, languages, settings["timezone"], notice_days
    ):
        raise ValueError(f"{prefix} {setting}: {message}")
    return PolicySettings(
        policy_id, dict(settings["title"]), source, languages, settings["timezone"], notice_days
    )
