"""What the site's templates call: the generator's messages, dates and filters, installed in
the theme's Jinja environment for a language.

Filters given the theme's HTML return it as Markup, as they got it. The filters exist whether or not the generator runs, so that the templates in `overrides/`
render a site without policies too. Where the templates change what the theme writes, they
call the theme's block (`super()`) and pass its output through a filter here, rather than copy
the theme's markup, which changes from one release of the theme to the next.
"""

from __future__ import annotations

import json
import re
from urllib.parse import urljoin

from jinja2 import BytecodeCache
from jinja2.ext import i18n as jinja_i18n
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup, escape

from . import naming, render, structured
from .dates import format_date, language_name
from .messages import FallbackMessage, message_lang, translations


class CompiledTemplates(BytecodeCache):
    """Templates compiled once for every language's build, and every rebuild under `mkdocs
    serve`: MkDocs makes a new Jinja environment for each, which would compile the theme's
    templates and ours again each time. Jinja checks each template's source against what was
    compiled, so an edited template is compiled anew."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


def install(env, lang: str, compiled: CompiledTemplates | None = None) -> None:
    """The generator's messages, dates and filters in `lang`, in the Jinja environment `env`,
    which takes its compiled templates from `compiled` where they were compiled before."""
    if compiled is not None:
        env.bytecode_cache = compiled
    env.add_extension(jinja_i18n)
    env.install_gettext_translations(translations(lang), newstyle=True)
    shown_in = message_lang(lang)
    if shown_in != lang:
        # No catalog for this language: its messages are the fallback language's, marked so.
        def fallback_gettext(message, **variables):
            return FallbackMessage(message % variables, shown_in)

        def fallback_ngettext(singular, plural, num, **variables):
            return FallbackMessage((singular if num == 1 else plural) % {"num": num, **variables}, shown_in)

        env.globals["_"] = env.globals["gettext"] = fallback_gettext
        env.globals["ngettext"] = fallback_ngettext
        env.filters["language_name"] = lambda code: FallbackMessage(language_name(code, shown_in), shown_in)
    else:
        env.filters["language_name"] = lambda code: language_name(code, lang)
    # Dates stay in the page's language; inside a fallback message they say so.
    env.globals["policy_date_lang"] = lang if shown_in != lang else ""
    env.filters["policy_date"] = lambda day: format_date(day, lang) if day else ""
    # Policy text on diff pages: blocks and spans rendered by the core, markup kept.
    gettext = translations(lang).gettext
    env.filters["policy_spans"] = lambda spans, side="both", base="", old_base=None: render.spans_html(
        spans, side, gettext, base, old_base
    )
    env.filters["policy_summary"] = render.summary_html
    env.filters["policy_scope_ids"] = render.scope_ids
    env.filters["policy_block"] = lambda block, base="", extra="": render.block_html(block, base, extra)
    env.filters["policy_wrap"] = lambda block, inner, extra="", inline=False: render.wrap(
        block, str(inner), extra, inline
    )
    env.filters["policy_short_heading"] = lambda section: naming.short_heading(section, gettext)
    env.filters["policy_run_name"] = lambda run: naming.run_name(run, gettext)
    env.filters["policy_absolute"] = absolute
    env.filters["policy_theme_head"] = theme_head
    env.filters["policy_search_in"] = search_in
    env.filters["policy_named_search"] = named_search
    env.filters["policy_in_footer"] = in_footer
    env.filters["policy_legislation"] = legislation_json


def legislation_json(page, site_url: str | None) -> str:
    """The schema.org `Legislation` of the text a page shows, as JSON for a data block, or ""."""
    data = structured.page_legislation(page, site_url or "")
    return Markup(structured.script_json(data)) if data else ""


def absolute(href: str, base: str | None) -> str:
    """A link made absolute against the page's canonical address, when the site has one."""
    return urljoin(base, href) if base else href


_THEIRS = re.compile(
    r'\s*<link\b[^>]*\brel="alternate"[^>]*\bhreflang="[^"]*"[^>]*>|\s*<meta name="generator"[^>]*>'
)


def theme_head(head: str) -> str:
    """The theme's head without what the site writes its own way or not at all: language
    alternates (some releases write them, relative, others none), written by the site's
    template absolute and with an x-default; and the generator, which names the build tools'
    versions, so that the same sources built with ProperDocs would give another site."""
    return Markup(_THEIRS.sub("", str(head)))


_CONFIG = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)


def search_in(config_script: str, lang: str) -> str:
    """The theme's configuration with its search in `lang`'s root, where that language's own
    index is: "base" is ".", ".." or "/", joined without doubling the slash."""

    def rebased(match: re.Match) -> str:
        data = json.loads(match.group(2))
        data["base"] = data["base"].rstrip("/") + "/" + lang + "/"
        # As the theme's `tojson` writes it.
        return match.group(1) + str(htmlsafe_json_dumps(data, sort_keys=True)) + match.group(3)

    return Markup(_CONFIG.sub(rebased, str(config_script), count=1))


_SEARCH_DIALOG = re.compile(
    r'(<div class="md-search" data-md-component="search" role="dialog")(?![^>]*aria-label)'
)


def named_search(header: str, name: str) -> str:
    """The theme's header with a name on its search dialog, as ARIA requires of every dialog
    (axe and Lighthouse: aria-dialog-name); unchanged if the theme names it itself."""
    named = _SEARCH_DIALOG.sub(lambda m: f'{m.group(1)} aria-label="{escape(name)}"', str(header), count=1)
    return Markup(named)


_FOOTER = re.compile(r"<footer\b[^>]*>")


def in_footer(footer: str, note: str) -> str:
    """The theme's footer with `note` first inside it, so that the note is in the page's
    footer landmark (contentinfo), as everything on a page must be in a landmark; before the
    footer if the theme writes none."""
    footer, note = str(footer), str(note)
    match = _FOOTER.search(footer)
    if match is None:
        return Markup(note + footer)
    return Markup(footer[: match.end()] + note + footer[match.end() :])


def escape_head_values(meta: dict) -> None:
    """A page's description and author, which the theme writes into attributes as they are,
    escaped: a summary may hold quotes. Markup, so escaping them again changes nothing."""
    for key in ("description", "author"):
        if meta.get(key):
            meta[key] = escape(meta[key])
