"""Dates and language names from Babel, and the interface text from the gettext catalogs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg

from policy_site.dates import format_date, language_name
from policy_site.messages import LOCALES, catalog_path, gettext_for, translations

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    "lang, expected",
    [("ja", "2019年7月1日"), ("en", "July 1, 2019"), ("ko", "2019년 7월 1일"), ("zh", "2019年7月1日")],
)
def test_dates_are_formatted_for_the_locale(lang, expected):
    assert format_date(dt.date(2019, 7, 1), lang) == expected


@pytest.mark.parametrize(
    "code, in_lang, expected",
    [("ja", None, "日本語"), ("en", None, "English"), ("ja", "en", "Japanese"), ("en", "ja", "英語")],
)
def test_language_names(code, in_lang, expected):
    assert language_name(code, in_lang) == expected


def _used_messages() -> set[str]:
    with (LOCALES / "babel.cfg").open() as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    keywords = {**DEFAULT_KEYWORDS, "Message": None}  # messages to people, see `messages.Message`
    return {msg for _, _, msg, _, _ in extract_from_dir(str(ROOT), method_map, options_map, keywords)}


def test_every_message_has_a_japanese_translation():
    used = _used_messages()
    assert len(used) > 40
    ja = translations("ja")
    untranslated = sorted(
        str(m)
        for m in used
        if (ja.ngettext(*m, 2) == m[1] if isinstance(m, tuple) else ja.gettext(m) == m)  # plurals as tuples
    )
    assert untranslated == []


def test_catalog_keeps_placeholders():
    ja = gettext_for("ja")
    assert ja("This revision takes effect on %(date)s.") % {"date": "2027年1月1日"} == (
        "この改定は2027年1月1日に施行されます。"
    )


def test_a_language_without_catalog_falls_back_to_english():
    assert not catalog_path("ko").exists()
    assert gettext_for("ko")("Current") == "Current"
