"""Where the generator meets mkdocs-static-i18n, in one place: everything here relies on how
that plugin works inside (its language settings, the attributes it sets on each `File`, its
builds of further languages), which its releases may change. tests/test_i18n_adapter.py pins
what this module relies on, so that an upgrade that breaks it fails there, by name.

What static-i18n does that a multilingual policy site needs otherwise:
- its `File`s carry `locale`, `locale_alternate_of`, `localization` and `alternates` (the
  same page in each language), which its language switcher and our sitemap read: generated
  pages must carry them too;
- with `fallback_to_default` it publishes the default language's text in every language, and
  links it from each page's alternates: a policy is only in its own languages;
- it renders `404.html` in each language's build to the site's root: each language keeps its
  own, under its own root;
- it sets the switcher (`extra.alternate`) to each page's counterparts: on a 404 page, which
  has none, the switcher leads to the languages' homes.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable
from pathlib import Path

from mkdocs.structure.files import File, Files

from .model import Policy
from .pages import PolicyPage
from .urls import Site


def site_languages(config) -> tuple[str, list[str]]:
    """The site's default language and the languages it is built in."""
    i18n = config.plugins.get("i18n")
    if i18n is None:
        lang = config.theme.get("language") or "en"
        return lang, [lang]
    languages = [lang for lang in i18n.config.languages if lang.build]
    default = next((lang.locale for lang in languages if lang.default), languages[0].locale)
    return default, [lang.locale for lang in languages]


def keep_to_policy_languages(files: Files, lang: str, policy_of: Callable[[str], Policy | None]) -> None:
    """No page, and no alternate, of a policy in a language it does not have."""
    for file in list(files):
        policy = policy_of(file.src_uri)
        if policy is None:
            continue
        languages = policy.settings.languages
        if lang not in languages:
            files.remove(file)
        elif getattr(file, "alternates", None):
            file.alternates = {code: alt for code, alt in file.alternates.items() if code in languages}


def add_generated(files: Files, config, plan: Callable[[dict[str, str]], Iterable[PolicyPage]]) -> None:
    """The generated pages `plan` makes, given the written ones (source path by destination),
    among the files, each in place of any fallback to another language's text."""
    by_dest = {f.dest_uri: f for f in files}
    for page in list(plan({dest: f.src_uri for dest, f in by_dest.items()})):
        existing = by_dest.get(page.url + "index.html")
        if existing is not None:
            files.remove(existing)
        files.append(generated_file(config, page))


def generated_file(config, page: PolicyPage) -> File:
    """A generated page's file, with the attributes static-i18n sets on its own files."""
    file = File.generated(config, page.src_uri, content="")
    file.dest_uri = page.url + "index.html"
    file.locale = file.locale_alternate_of = page.lang
    file.localization = page.lang
    file.alternates = {}
    for lang, url in page.alternates.items():
        alternate = File.generated(config, f"{url}index.{lang}.md", content="")
        alternate.dest_uri = url + "index.html"
        file.alternates[lang] = alternate
    return file


def alternate_urls(file: File, lang: str) -> dict[str, str]:
    """The URLs of a page in each language it is in, by language."""
    alternates = getattr(file, "alternates", None) or {lang: file}
    return {code: alt.url for code, alt in alternates.items()}


def switch_within(config, languages: Iterable[str]) -> None:
    """The language switcher and hreflang alternates of a page, only in `languages`. Read and
    set as an attribute, as static-i18n does (earlier in `on_page_context`) and the theme reads it."""
    alternates = getattr(config.extra, "alternate", None)
    if isinstance(alternates, list):
        config.extra.alternate = [a for a in alternates if a.get("lang") in languages]


def switch_to_homes(config, root_alternates) -> None:
    """A 404 page has no counterparts: the language switcher leads to the languages' homes."""
    if root_alternates is not None:
        config.extra.alternate = copy.deepcopy(root_alternates)


def write_not_found_pages(site_dir: Path, site: Site, pages: dict[str, str]) -> None:
    """Each language's 404 page under its own root; the site's root has the default language's,
    not the last one built."""
    for lang, html in pages.items():
        target = site_dir / site.prefix(lang) / "404.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")
