"""A policy's "today" and feed times in its own time zone (`timezone:`, default Asia/Tokyo)."""

from __future__ import annotations

import datetime as dt

import pytest

from policy_site.history import policy_today, time_zone, today_in
from policy_site.model import Kind, Policy, PolicySettings, Text, Version
from policy_site.parse import parse_body
from policy_site.plugin_config import PolicyConfig
from policy_site.publish import atom_feed
from policy_site.settings import policy_settings
from policy_site.urls import Site

# 2026-06-30 15:30 UTC: already 1 July in Tokyo and Berlin's night is still 30 June.
INSTANT = {"SOURCE_DATE_EPOCH": "1782833400"}


@pytest.mark.parametrize(
    "zone, day",
    [
        ("Asia/Tokyo", dt.date(2026, 7, 1)),
        ("Europe/Berlin", dt.date(2026, 6, 30)),
        ("America/New_York", dt.date(2026, 6, 30)),
        ("Pacific/Kiritimati", dt.date(2026, 7, 1)),  # UTC+14
        ("UTC", dt.date(2026, 6, 30)),
    ],
)
def test_source_date_epoch_fixes_the_instant_and_the_zone_gives_the_date(zone, day):
    assert today_in(zone, INSTANT) == day


def test_without_an_epoch_the_clock_is_read_in_the_zone():
    now = dt.datetime(2026, 12, 31, 23, 30, tzinfo=dt.UTC)
    assert today_in("Asia/Tokyo", {}, now=now) == dt.date(2027, 1, 1)
    assert today_in("America/Los_Angeles", {}, now=now) == dt.date(2026, 12, 31)


def _settings(**extra) -> PolicySettings:
    return PolicySettings("terms", {"en": "Terms"}, "en", ("en",), **extra)


def test_a_policy_is_in_japan_unless_it_says_otherwise():
    assert _settings().timezone == "Asia/Tokyo"
    assert policy_today(_settings(), INSTANT) == dt.date(2026, 7, 1)
    assert policy_today(_settings(timezone="Europe/Berlin"), INSTANT) == dt.date(2026, 6, 30)


@pytest.mark.parametrize("name", ["Mars/Olympus_Mons", "tokyo", "", "../../etc/passwd", "Asia/Tokyo "])
def test_an_unknown_zone_is_refused(name):
    with pytest.raises(ValueError, match="not an IANA time zone name"):
        time_zone(name)


def _config(timezone: str) -> dict:
    return {"title": {"en": "Terms"}, "source_language": "en", "languages": ["en"], "timezone": timezone}


def test_the_setting_is_read_from_mkdocs_yml():
    settings = policy_settings("terms", _config("Europe/Berlin"), ["ja", "en"])
    assert settings.timezone == "Europe/Berlin"


def test_an_unknown_zone_in_mkdocs_yml_is_a_clear_error():
    with pytest.raises(ValueError) as error:
        policy_settings("terms", _config("Europe/Atlantis"), ["ja", "en"])
    assert str(error.value).startswith(
        "mkdocs.yml: policy 'terms': timezone: 'Europe/Atlantis' is not an IANA"
    )


def test_an_unknown_zone_is_a_configuration_error_of_mkdocs():
    config = PolicyConfig()
    config.load_dict(_config("Europe/Atlantis"))
    failed, _ = config.validate()
    assert [(key, str(error)[:30]) for key, error in failed] == [
        ("timezone", "'Europe/Atlantis' is not an IA")
    ]


def test_a_language_the_site_does_not_have_is_a_clear_error():
    config = {**_config("UTC"), "languages": ["en", "fr"]}
    with pytest.raises(ValueError, match=r"policy 'terms': languages \['fr'\] are not languages of the site"):
        policy_settings("terms", config, ["ja", "en"])


def _policy(zone: str) -> Policy:
    body = "Text.\n"
    document, problems = parse_body("t.en.md", body, 5)
    assert problems == []
    day = dt.date(2026, 7, 1)
    text = Text("en", "t.en.md", day, Kind.ENACTMENT, "First.", body, 5, document)
    return Policy(_settings(timezone=zone), [Version(day, {"en": text})])


@pytest.mark.parametrize(
    "zone, stamp",
    [("Asia/Tokyo", "2026-07-01T00:00:00+09:00"), ("America/New_York", "2026-07-01T00:00:00-04:00")],
)
def test_feed_times_are_midnight_in_the_policy_zone(zone, stamp):
    feed = atom_feed(_policy(zone), Site("en", ("en",)), "en", dt.date(2026, 7, 1), lambda s: s)
    assert f"<updated>{stamp}</updated>" in feed
    assert f"<published>{stamp}</published>" in feed
