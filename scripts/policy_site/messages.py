"""The generator's interface text, from one gettext catalog per language (managed with Babel).

Catalogs are read straight from their `.po` files, so no compiled `.mo` is kept in the
repository. A language without a catalog shows the English message ids: `message_lang` says
so, and pages mark those messages with `lang="en"` and name languages in English inside them.
"""

from __future__ import annotations

import functools
import gettext
from collections.abc import Mapping
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations
from markupsafe import escape

LOCALES = Path(__file__).parent / "locales"
DOMAIN = "messages"
FALLBACK_LANG = "en"  # the language of the message ids, shown where a language has no catalog


def catalog_path(lang: str) -> Path:
    return LOCALES / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def has_catalog(lang: str) -> bool:
    """Whether the generator's messages are translated into `lang`."""
    return lang == FALLBACK_LANG or catalog_path(lang).exists()


def message_lang(lang: str) -> str:
    """The language the generator's messages are shown in on pages in `lang`."""
    return lang if has_catalog(lang) else FALLBACK_LANG


@functools.cache
def translations(lang: str) -> gettext.NullTranslations:
    """The translations for `lang`, or identity when there is no catalog for it."""
    path = catalog_path(lang)
    if not path.exists():
        return gettext.NullTranslations()
    with path.open("rb") as po:
        catalog = read_po(po, locale=lang, domain=DOMAIN, abort_invalid=True)
    buffer = BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(fp=buffer, domain=DOMAIN)


def gettext_for(lang: str):
    """A `_()` for Python code that renders interface text for `lang`."""
    return translations(lang).gettext


class FallbackMessage(str):
    """A message shown in another language than the page's (no catalog for the page's language).

    As HTML it is wrapped in a `<span lang>` that says its language, so readers' software
    reads it right; escaped for an attribute (`| e`), it is the text alone.
    """

    def __new__(cls, text: str, lang: str) -> FallbackMessage:
        made = super().__new__(cls, f'<span lang="{lang}">{text}</span>')
        made.plain = text
        return made

    def __html__(self) -> str:
        return str(escape(self.plain))


def editor_lang(environ: Mapping[str, str]) -> str:
    """The language of the person at the terminal, as the C library reads it: the first of
    LC_ALL, LC_MESSAGES and LANG that is set (ja_JP.UTF-8 → ja); English when none is, or when
    it names no language this project has messages in."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value:
            lang = value.split(".")[0].split("@")[0].split("_")[0].lower()
            return lang if has_catalog(lang) else FALLBACK_LANG
    return FALLBACK_LANG
