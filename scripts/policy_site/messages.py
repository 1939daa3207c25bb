"""The generator's interface text, from one gettext catalog per language (managed with Babel).

Catalogs are read straight from their `.po` files, so no compiled `.mo` is kept in the
repository. A language without a catalog shows the English message ids.
"""

from __future__ import annotations

import functools
import gettext
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

LOCALES = Path(__file__).parent / "locales"
DOMAIN = "messages"


def catalog_path(lang: str) -> Path:
    return LOCALES / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@functools.cache
def translations(lang: str) -> gettext.NullTranslations:
    """The translations for `lang`, or identity when there is no catalog for it."""
    path = catalog_path(lang)
    if not path.exists():
        return gettext.NullTranslations()
    with path.open("rb") as po:
        catalog = read_po(po, locale=lang, domain=DOMAIN)
    buffer = BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(fp=buffer, domain=DOMAIN)


def gettext_for(lang: str):
    """A `_()` for Python code that renders interface text for `lang`."""
    return translations(lang).gettext
