"""What is in force when: a policy's "today" in its time zone, current, archived and upcoming versions."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .model import DEFAULT_TIMEZONE, Policy, PolicySettings, Version

JAPAN = ZoneInfo(DEFAULT_TIMEZONE)


def time_zone(name: str) -> ZoneInfo:
    """The IANA time zone `name` (Asia/Tokyo, Europe/Berlin); ValueError when there is none."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError) as exc:
        raise ValueError(
            f"'{name}' is not an IANA time zone name; write one such as Asia/Tokyo or Europe/Berlin"
        ) from exc


def build_instant(environ: dict[str, str] | None = None, now: dt.datetime | None = None) -> dt.datetime:
    """The instant the build is for: `SOURCE_DATE_EPOCH` if set, else the clock."""
    environ = os.environ if environ is None else environ
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
        except (ValueError, OverflowError, OSError) as exc:
            raise ValueError(f"SOURCE_DATE_EPOCH={epoch!r} is not a Unix time in seconds") from exc
    return now or dt.datetime.now(dt.UTC)


def today_in(
    zone: str | ZoneInfo, environ: dict[str, str] | None = None, now: dt.datetime | None = None
) -> dt.date:
    """The build's "today" in `zone`: the date there of `SOURCE_DATE_EPOCH` if set, else of the clock.

    A posted version takes effect on its date where the policy applies (Article 14 of INPRO's
    policy: in Japan), wherever and whenever the build runs.
    """
    zone = time_zone(zone) if isinstance(zone, str) else zone
    return build_instant(environ, now).astimezone(zone).date()


def today_in_japan(environ: dict[str, str] | None = None, now: dt.datetime | None = None) -> dt.date:
    """The build's "today" in Japan (Asia/Tokyo), the default time zone of a policy."""
    return today_in(JAPAN, environ, now)


def policy_today(
    settings: PolicySettings, environ: dict[str, str] | None = None, now: dt.datetime | None = None
) -> dt.date:
    """A policy's "today": the build's instant as a date in the policy's own time zone."""
    return today_in(settings.timezone, environ, now)


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
