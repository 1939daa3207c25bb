"""Dates and language names for readers, formatted by Babel for the page's locale."""

from __future__ import annotations

import datetime as dt
import functools

from babel import Locale
from babel.dates import format_date as _babel_format_date
from babel.lists import format_list


@functools.lru_cache(maxsize=8192)
def format_date(day: dt.date, lang: str) -> str:
    """A date as readers of `lang` write it: 2019年7月1日, July 1, 2019. A site names the same
    few dates on every page, and Babel takes a while over each."""
    return _babel_format_date(day, format="long", locale=lang)


@functools.lru_cache(maxsize=1024)
def language_name(code: str, in_lang: str | None = None) -> str:
    """A language's name, in `in_lang` (by default in the language itself: 日本語, English)."""
    name = Locale.parse(code).get_display_name(in_lang or code)
    return name[:1].upper() + name[1:] if name else code


def language_list(codes, in_lang: str) -> str:
    """Languages named and listed as readers of `in_lang` write it: 日本語、英語; Japanese and English."""
    return format_list([language_name(code, in_lang) for code in codes], locale=in_lang)
