"""Today in Japan, and each version's standing on a given day."""

from __future__ import annotations

import datetime as dt

import pytest

from policy_site.history import State, current_version, in_force_on, standings, today_in_japan
from policy_site.model import Policy, PolicySettings, Version


def _policy(*dates: str) -> Policy:
    settings = PolicySettings("privacy", {"ja": "プライバシーポリシー"}, "ja", ("ja", "en"))
    return Policy(settings, [Version(dt.date.fromisoformat(d)) for d in dates])


@pytest.mark.parametrize(
    "epoch, day",
    [
        ("1782831600", dt.date(2026, 7, 1)),  # 2026-06-30 15:00 UTC is midnight in Tokyo
        ("1782831599", dt.date(2026, 6, 30)),
        ("0", dt.date(1970, 1, 1)),
    ],
)
def test_today_comes_from_source_date_epoch_in_japan(epoch, day):
    assert today_in_japan({"SOURCE_DATE_EPOCH": epoch}) == day


def test_today_without_epoch_is_the_clock_in_japan():
    late_utc = dt.datetime(2026, 12, 31, 16, 0, tzinfo=dt.UTC)
    assert today_in_japan({}, now=late_utc) == dt.date(2027, 1, 1)


def test_a_bad_epoch_is_an_error():
    with pytest.raises(ValueError, match="SOURCE_DATE_EPOCH"):
        today_in_japan({"SOURCE_DATE_EPOCH": "yesterday"})


def test_standings_give_ranges_and_states():
    policy = _policy("2019-07-01", "2024-04-01", "2027-01-01")
    first, second, third = standings(policy, dt.date(2026, 11, 25))
    assert (first.state, first.since, first.until) == (
        State.ARCHIVED,
        dt.date(2019, 7, 1),
        dt.date(2024, 3, 31),
    )
    assert (second.state, second.until) == (State.CURRENT, dt.date(2026, 12, 31))
    assert (third.state, third.until) == (State.UPCOMING, None)


def test_an_upcoming_version_becomes_current_on_its_date():
    policy = _policy("2019-07-01", "2027-01-01")
    assert current_version(policy, dt.date(2026, 12, 31)).id == "2019-07-01"
    assert current_version(policy, dt.date(2027, 1, 1)).id == "2027-01-01"


def test_nothing_is_in_force_before_the_enactment():
    policy = _policy("2019-07-01")
    assert in_force_on(policy, dt.date(2019, 6, 30)) is None
    assert [s.state for s in standings(policy, dt.date(2019, 6, 30))] == [State.UPCOMING]
