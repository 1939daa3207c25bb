"""The URL table of the product: where each page of a policy is, in each language.

Paths are relative to the site root and include the language prefix (`en/`); the default
language is at the root.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


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
    """The version in force today."""
    return f"{policy_id}/"


def feed_path(policy_id: str) -> str:
    return f"{policy_id}/feed.xml"


def history_path(policy_id: str) -> str:
    return f"{policy_id}/history/"


def bilingual_path(policy_id: str) -> str:
    return f"{policy_id}/bilingual/"


def version_path(policy_id: str, version_id: str) -> str:
    """A version's permanent address."""
    return f"{policy_id}/versions/{version_id}/"


def changes_path(policy_id: str, version_id: str) -> str:
    """What a version changed from the one before it."""
    return f"{policy_id}/versions/{version_id}/changes/"


def compare_path(policy_id: str, version_id: str) -> str:
    """What changed between a version and the one in force."""
    return f"{policy_id}/versions/{version_id}/compare/"


SIDE_BY_SIDE = "side-by-side/"


def side_by_side_path(diff_path: str) -> str:
    """The side-by-side view of a redline at `diff_path`, the inline view being the page itself."""
    return diff_path + SIDE_BY_SIDE


def earlier_path(policy_id: str, version_id: str, since: dt.date) -> str:
    """A text of a version that an update replaced, by the day it was first published."""
    return f"{policy_id}/versions/{version_id}/earlier/{since.isoformat()}/"


def update_path(policy_id: str, version_id: str, date: dt.date) -> str:
    """What an update of a version's text changed, by the update's date."""
    return f"{policy_id}/versions/{version_id}/updates/{date.isoformat()}/"


def article_path(policy_id: str, key: str) -> str:
    """One article's history through the versions, by its anchor."""
    return f"{policy_id}/articles/{key}/"
