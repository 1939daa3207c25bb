"""What is in force when: today in Japan, current, archived and upcoming versions."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from enum import StrEnum
from zoneinfo import ZoneInfo

from .model import Policy, Version

JAPAN = ZoneInfo("Asia/Tokyo")


def today_in_japan(environ: dict[str, str] | None = None, now: dt.datetime | None = None) -> dt.date:
    """The build's "today": the date in Japan of `SOURCE_DATE_EPOCH` if set, else of the clock.

    Article 14 makes a posted version effective on its date in Japan, wherever the build runs.
    """
    environ = os.environ if environ is None else environ
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), JAPAN).date()
        except (ValueError, OverflowError, OSError) as exc:
            raise ValueError(f"SOURCE_DATE_EPOCH={epoch!r} is not a Unix time in seconds") from exc
    return (now or dt.datetime.now(dt.UTC)).astimezone(JAPAN).date()


class State(StrEnum):
    CURRENT = "current"
    ARCHIVED = "archived"
    UPCOMING = "upcoming"


@dataclass(frozen=True)
class Standing:
    """A version's place in the history on a given day, with its range of force."""

    version: Version
    state: State
    since: dt.date
    until: dt.date | None  # last day in force; None while nothing replaces it
    previous: Version | None
    next: Version | None


def standings(policy: Policy, today: dt.date) -> list[Standing]:
    """Every version's standing on `today`, oldest first."""
    versions = policy.versions
    current = current_version(policy, today)
    result = []
    for index, version in enumerate(versions):
        previous = versions[index - 1] if index else None
        following = versions[index + 1] if index + 1 < len(versions) else None
        if version.effective > today:
            state = State.UPCOMING
        elif version is current:
            state = State.CURRENT
        else:
            state = State.ARCHIVED
        until = following.effective - dt.timedelta(days=1) if following else None
        result.append(Standing(version, state, version.effective, until, previous, following))
    return result


def current_version(policy: Policy, today: dt.date) -> Version | None:
    """The latest version whose effective date is on or before today."""
    in_force = [v for v in policy.versions if v.effective <= today]
    return in_force[-1] if in_force else None


def upcoming_versions(policy: Policy, today: dt.date) -> list[Version]:
    return [v for v in policy.versions if v.effective > today]


def in_force_on(policy: Policy, day: dt.date) -> Version | None:
    """The version that was (or will be) in force on `day`."""
    return current_version(policy, day)
