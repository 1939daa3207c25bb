"""The generator's interface text, from one gettext catalog per language (managed with Babel).

Catalogs are read straight from their `.po` files, so no compiled `.mo` is kept in the
repository. A language without a catalog shows the English message ids: `message_lang` says
so, and pages mark those messages with `lang="en"` and name languages in English inside them.
"""

from __future__ import annotations

import functools
import gettext
from collections.abc import Iterable, Mapping
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


class Message(str):
    """A message to a person: as a string, its English text; `in_language` shows it in another.

    The template is the catalog's message id, with `%(name)s` fields; a field may be a `Message`
    of its own, shown in the same language. Problems and command output are made of these, so
    they are data until shown and each reader gets them in their language.
    """

    template: str
    fields: Mapping[str, object]

    def __new__(cls, template: str, /, **fields: object) -> Message:
        made = super().__new__(cls, template % fields if fields else template)
        made.template = template
        made.fields = fields
        return made

    def in_language(self, lang: str) -> str:
        translated = translations(lang).gettext(self.template)
        if not self.fields:
            return translated
        return translated % {
            name: value.in_language(lang) if isinstance(value, Message) else value
            for name, value in self.fields.items()
        }

    def __reduce__(self):  # kept across processes (the build's worker pool) as what it is
        return _text, (self.template, dict(self.fields))


def _text(template: str, fields: dict[str, object]) -> Message:
    return Message(template, **fields)


def N_(message: str) -> str:
    """Marks a message id for the catalog where it is translated later, by its user."""
    return message


def shown(message: str, lang: str) -> str:
    """Any message in `lang`: a `Message` translated, anything else (a file name, a number) as is."""
    return message.in_language(lang) if isinstance(message, Message) else message


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


def editor_lang(environ: Mapping[str, str], default: str | None = None) -> str:
    """The language of the person at the terminal, as the C library reads it: the first of
    LC_ALL, LC_MESSAGES and LANG that is set (ja_JP.UTF-8 → ja). When none names a language
    (unset, C, POSIX), the site's own choice (`editor_language` in mkdocs.yml), else English;
    a language this project has no messages in is shown in English."""
    lang = default or FALLBACK_LANG
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value:
            named = value.split(".")[0].split("@")[0].split("_")[0].lower()
            if named not in ("c", "posix"):
                lang = named
            break
    return lang if has_catalog(lang) else FALLBACK_LANG


class Lines(Message):
    """Messages joined one to a line (a command's refusals, a report), each shown in the
    reader's language. A line may also be anything with an `in_language` (a `Problem`) or
    plain text; `sep` may be a `Message` of its own (a separator with a language's punctuation)."""

    lines: tuple[object, ...]
    sep: str

    def __new__(cls, lines: Iterable[object], sep: str = "\n") -> Lines:
        lines = tuple(lines)
        made = str.__new__(cls, str(sep).join(map(str, lines)))
        made.template, made.fields = str(made), {}
        made.lines, made.sep = lines, sep
        return made

    def in_language(self, lang: str) -> str:
        return shown(self.sep, lang).join(
            line.in_language(lang) if hasattr(line, "in_language") else str(line) for line in self.lines
        )

    def __reduce__(self):
        return Lines, (self.lines, self.sep)
