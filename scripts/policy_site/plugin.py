"""MkDocs glue: config schema and events. Everything of substance lives in the core modules.

Generated pages are added in `on_files` at priority -200, after mkdocs-static-i18n (-100)
has sorted the files for the language being built; i18n then builds once per language, and
so does this plugin.
"""

from __future__ import annotations

import contextlib
import copy
import gc
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from jinja2.ext import i18n as jinja_i18n
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.toc import get_toc

from . import render
from .csp import with_csp
from .dates import format_date, language_list, language_name
from .history import policy_today, time_zone, today_in_japan
from .messages import FallbackMessage, message_lang, translations
from .model import DEFAULT_TIMEZONE, PolicySettings
from .navigation import nav_for_language
from .pages import PolicyPage
from .pipeline import load_site
from .plan import DiffCache, plan_pages
from .publish import atom_feed, split_search_index, versions_json
from .urls import Site
from .views import policy_view

log = get_plugin_logger(__name__)


class PolicyConfig(base.Config):
    title = c.DictOfItems(c.Type(str))
    """The policy's title in each language; the source language's title is required."""
    source_language = c.Type(str, default="ja")
    """The language whose text is legally binding; others are reference translations."""
    languages = c.ListOfItems(c.Type(str), default=[])
    """The languages the policy is published in, any of the site's; empty means all of them."""
    timezone = c.Type(str, default=DEFAULT_TIMEZONE)
    """The IANA time zone whose date is the policy's "today" (when a version takes effect)."""


class PolicyPluginConfig(base.Config):
    enabled = c.Type(bool, default=True)
    """Turn the generator off, for example to preview other pages quickly."""
    policies = c.DictOfItems(c.SubConfig(PolicyConfig), default={})
    """The policies, by id; each lives in `docs/<id>/versions/`."""


def settings_from_config(policy_id: str, cfg, site_languages: list[str]) -> PolicySettings:
    languages = tuple(cfg["languages"] or site_languages)
    source = cfg["source_language"]
    unknown = [lang for lang in languages if lang not in site_languages]
    if unknown:
        raise PluginError(
            f"mkdocs.yml: policy '{policy_id}': languages {unknown} are not languages of the site "
            f"{list(site_languages)}; add them to the i18n plugin's languages or remove them here"
        )
    if source not in languages:
        raise PluginError(
            f"mkdocs.yml: policy '{policy_id}': source_language '{source}' is not one "
            f"of its languages {list(languages)}"
        )
    if source not in cfg["title"]:
        raise PluginError(f"mkdocs.yml: policy '{policy_id}': add a title for '{source}' under title:")
    try:
        time_zone(cfg["timezone"])
    except ValueError as exc:
        raise PluginError(f"mkdocs.yml: policy '{policy_id}': timezone: {exc}") from exc
    return PolicySettings(policy_id, dict(cfg["title"]), source, languages, cfg["timezone"])


@contextlib.contextmanager
def _collector_paused():
    """Pause Python's cyclic garbage collector while the sources are loaded and the pages planned.

    Nearly all those steps allocate is kept for the whole build (documents, diffs, pages), so a
    collection there frees nothing, yet each full one walks every object made so far: with
    500 versions, 7 full collections took 0.76 s against 0.13 s for 3 at 200, the one part of
    the generator's time that grew faster than the number of versions. Reference counting
    still frees what is dropped, and the collector runs again as soon as this step is done.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _site_path(url: str) -> str:
    return "" if url in (".", "./") else url


class PolicyPlugin(BasePlugin[PolicyPluginConfig]):
    def __init__(self) -> None:
        self.live_reload = False  # under `mkdocs serve`, which adds its reload script to pages
        self.diffs = DiffCache()
        self._start_build()

    def _start_build(self) -> None:
        """State of one build. Having `on_startup`, this plugin lives as long as `mkdocs serve`,
        so each build starts here afresh; static-i18n's builds of further languages, nested in
        the first, share it."""
        self.pages: dict[str, PolicyPage] = {}
        self.policies = []
        # Under `mkdocs serve`, the last build's diffs that this one needs again are reused.
        self.diffs = DiffCache(self.diffs if self.live_reload else None)
        self.lang = ""
        self.sitemap: dict[str, dict[str, str]] = {}
        self.building: list[str] = []
        self.not_found: dict[str, str] = {}
        self.site_contexts: dict[str, dict] = {}
        self.todays: dict[str, object] = {}  # each policy's "today", in its own time zone
        self.nav_links: dict[str, str] = {}  # navigation links to another language's page: policy id
        self.nav_config = None
        self.root_alternates = None
        self.loaded = False  # the sources, read and checked once per build of every language

    def _i18n_languages(self, config) -> tuple[str, list[str]]:
        i18n = config.plugins.get("i18n")
        if i18n is None:
            lang = config.theme.get("language") or "en"
            return lang, [lang]
        languages = [lang for lang in i18n.config.languages if lang.build]
        default = next((lang.locale for lang in languages if lang.default), languages[0].locale)
        return default, [lang.locale for lang in languages]

    def on_startup(self, *, command, dirty):
        self.live_reload = command == "serve"

    def on_build_error(self, error):
        self._start_build()  # nothing of a failed build carries over to the next

    @event_priority(0)
    def on_config(self, config):
        if not self.config.enabled:
            return config
        if not self.building:  # the first language's build: a new build of the site
            self._start_build()
        try:
            self.today = today_in_japan()
        except ValueError as exc:
            raise PluginError(str(exc)) from exc
        default, languages = self._i18n_languages(config)
        self.site = Site(default, tuple(languages))
        self.base_path = urlsplit(config.site_url or "").path.rstrip("/")
        # The language switcher shows each language's own name, from Babel.
        if len(languages) > 1 and "alternate" not in config.extra:
            config.extra["alternate"] = [
                {
                    "name": language_name(lang),
                    "link": f"{self.base_path}/{self.site.prefix(lang)}",
                    "lang": lang,
                }
                for lang in languages
            ]
        if not self.building:  # as written, before any language's build adjusts them
            self.nav_config = copy.deepcopy(config.nav)
            self.root_alternates = copy.deepcopy(config.extra.get("alternate"))
        self.site_contexts = {}
        if self.loaded:  # static-i18n builds each further language with this same configuration
            return config
        docs_dir = Path(config.docs_dir)
        root = Path(config.config_file_path).parent if config.config_file_path else docs_dir.parent
        settings = [settings_from_config(pid, cfg, languages) for pid, cfg in self.config.policies.items()]
        try:
            todays = {s.id: policy_today(s) for s in settings}
        except ValueError as exc:
            raise PluginError(str(exc)) from exc
        with _collector_paused():
            loaded = load_site(docs_dir, settings, root, todays)
        self.policies, self.todays = list(loaded.policies), dict(loaded.todays)
        errors, self.warnings = list(loaded.errors), list(loaded.warnings)
        if config.strict and self.warnings:
            # Fail before anything is written, as for errors: strict means no site with problems.
            errors += self.warnings
        if errors:
            raise PluginError("the policy sources have problems:\n" + "\n".join(map(str, errors)))
        self.loaded = True
        return config

    @event_priority(-200)
    def on_files(self, files: Files, config):
        if not self.config.enabled:
            return files
        self.lang = config.theme.get("language") or self.site.default_lang
        self.building.append(self.lang)  # static-i18n nests the other languages' builds in this one
        _ = translations(self.lang).gettext
        if self.lang == self.site.default_lang:  # once per build, not once per language
            for problem in self.warnings:
                log.warning(str(problem))
        self._keep_to_policy_languages(files)
        with _collector_paused():
            self._add_pages(files, config, _)
        self._localize_nav(config)
        return files

    def _policy_of(self, src_uri: str):
        """The policy whose folder holds `src_uri`, or None."""
        head = src_uri.split("/", 1)[0]
        return next((p for p in self.policies if p.id == head and "/" in src_uri), None)

    def _keep_to_policy_languages(self, files: Files) -> None:
        """No page, and no alternate, of a policy in a language it does not have.

        mkdocs-static-i18n would publish the default language's text in every other language
        (`fallback_to_default`) and link to it from each page's alternates."""
        for file in list(files):
            policy = self._policy_of(file.src_uri)
            if policy is None:
                continue
            languages = policy.settings.languages
            if self.lang not in languages:
                files.remove(file)
            elif getattr(file, "alternates", None):
                file.alternates = {lang: alt for lang, alt in file.alternates.items() if lang in languages}

    def _localize_nav(self, config) -> None:
        """The static navigation for this language: a policy it lacks is linked in its source
        language (the navigation is built from the files after this event)."""
        if self.nav_config is None:
            return
        elsewhere = {
            p.id: self.site.prefix(p.settings.source_language)
            for p in self.policies
            if self.lang not in p.settings.languages
        }
        config.nav, self.nav_links = nav_for_language(self.nav_config, elsewhere, self.base_path)

    def _add_pages(self, files: Files, config, _) -> None:
        """The policies' pages in this language: generated ones added, written ones noted."""
        by_dest = {f.dest_uri: f for f in files}
        for policy in self.policies:
            if self.lang not in policy.settings.languages:
                continue
            today = self.todays[policy.id]
            for page in plan_pages(policy, self.site, self.lang, today, _, self.diffs):
                dest = page.url + "index.html"
                existing = by_dest.get(dest)
                if page.generated:
                    if existing is not None:  # a fallback to another language's text
                        files.remove(existing)
                    files.append(self._generated_file(config, page))
                    self.pages[page.src_uri] = page
                elif existing is not None:
                    self.pages[existing.src_uri] = page

    def _generated_file(self, config, page: PolicyPage) -> File:
        file = File.generated(config, page.src_uri, content="")
        file.dest_uri = page.url + "index.html"
        # What mkdocs-static-i18n sets on its own files: the language switcher reads these.
        file.locale = file.locale_alternate_of = page.lang
        file.localization = page.lang
        file.alternates = {}
        for lang, url in page.alternates.items():
            alternate = File.generated(config, f"{url}index.{lang}.md", content="")
            alternate.dest_uri = url + "index.html"
            file.alternates[lang] = alternate
        return file

    @event_priority(-150)
    def on_nav(self, nav, config, files):
        """After static-i18n has translated the titles: a link to a policy in another language
        says which languages it is in, in this language's words."""
        if not self.config.enabled or not self.nav_links:
            return nav
        by_id = {p.id: p for p in self.policies}
        pattern = translations(self.lang).gettext("%(title)s (%(languages)s)")

        def mark(items):
            for item in items:
                policy = by_id.get(self.nav_links.get(getattr(item, "url", None) or ""))
                if policy is not None and item.title:
                    languages = language_list(policy.settings.languages, self.lang)
                    item.title = pattern % {"title": item.title, "languages": languages}
                mark(getattr(item, "children", None) or [])

        mark(nav.items)
        return nav

    def on_page_markdown(self, markdown, page, config, files):
        spec = self.pages.get(page.file.src_uri)
        if spec is None or spec.lang != self.lang:
            return markdown
        page.meta["title"] = spec.title
        page.meta["template"] = spec.template
        page.meta.setdefault("description", spec.description)
        if not spec.searchable:
            page.meta["search"] = {"exclude": True}
        # Policy text is rendered by the policy's own CommonMark engine, not Python-Markdown:
        # the page's HTML is put in place in `on_page_content`.
        return ""

    def on_env(self, env, config, files):
        if not self.config.enabled:
            return env
        lang = self.lang or self.site.default_lang
        env.add_extension(jinja_i18n)
        env.install_gettext_translations(translations(lang), newstyle=True)
        shown_in = message_lang(lang)
        if shown_in != lang:
            # No catalog for this language: its messages are the fallback language's, marked so.
            def fallback_gettext(message, **variables):
                return FallbackMessage(message % variables, shown_in)

            env.globals["_"] = env.globals["gettext"] = fallback_gettext
            env.filters["language_name"] = lambda code: FallbackMessage(
                language_name(code, shown_in), shown_in
            )
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
        # A link made absolute against the page's canonical address, when the site has one.
        env.filters["policy_absolute"] = lambda href, base: urljoin(base, href) if base else href
        return env

    def on_page_content(self, html, page, config, files):
        spec = self.pages.get(page.file.src_uri)
        if spec is not None and spec.lang == self.lang and spec.html:
            html = spec.html
            page.toc = get_toc(render.toc(spec.text.document)) if spec.text is not None else page.toc
        # Remember every page of every language build for the sitemap.
        file = page.file
        alternates = getattr(file, "alternates", None) or {self.lang: file}
        self.sitemap[_site_path(file.url)] = {
            lang: _site_path(alt.url) for lang, alt in sorted(alternates.items())
        }
        return html

    def on_template_context(self, context, template_name, config):
        if template_name == "404.html" and self.config.enabled:
            context["policy_site"] = self._site_context()
            # No page of its own in other languages: the alternates are the languages' homes.
            if self.root_alternates is not None:
                config.extra.alternate = copy.deepcopy(self.root_alternates)
        if template_name == "sitemap.xml":
            context["policy_default_lang"] = self.site.default_lang
            context["policy_sitemap"] = [
                {"url": url, "alternates": alternates} for url, alternates in sorted(self.sitemap.items())
            ]
        return context

    def on_post_template(self, output_content, template_name, config):
        if template_name == "404.html" and self.config.enabled:  # each language renders its own
            output_content = with_csp(output_content, self.live_reload)
            self.not_found[self.lang] = output_content
        return output_content

    @event_priority(-1000)
    def on_post_page(self, output, page, config):
        # Last, so that the hashes are of the inline scripts exactly as written out.
        return with_csp(output, self.live_reload) if self.config.enabled else output

    @event_priority(-200)
    def on_post_build(self, config):
        if not self.config.enabled:
            return
        site_dir = Path(config.site_dir)
        lang = self.building.pop() if self.building else self.lang
        if not self.building:  # the outermost build: every language has been built
            split_search_index(site_dir, self.site)
            # The root 404 is the default language's, not the last one built; each other
            # language has its own under its root.
            for page_lang, html in self.not_found.items():
                target = site_dir / self.site.prefix(page_lang) / "404.html"
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(html, encoding="utf-8")
        _ = translations(lang).gettext
        for policy in self.policies:
            if lang not in policy.settings.languages:
                continue
            today = self.todays[policy.id]
            folder = site_dir / self.site.prefix(lang) / policy.id
            folder.mkdir(parents=True, exist_ok=True)
            feed = atom_feed(policy, self.site, lang, today, _, config.site_url or "", config.site_name)
            (folder / "feed.xml").write_text(feed, encoding="utf-8")
            if lang == policy.settings.source_language:  # once per policy, beside its source text
                data = versions_json(policy, self.site, today, config.site_url or "")
                (folder / "versions.json").write_text(data, encoding="utf-8")

    def on_page_context(self, context, page, config, nav):
        if not self.config.enabled:
            return context
        context["policy_page"] = self.pages.get(page.file.src_uri)
        context["policy_site"] = self._site_context()
        # The language switch and hreflang alternates of a policy's page: only its languages.
        # (static-i18n, earlier in this event, set each entry to this page's counterpart.)
        # Read and set as an attribute, as static-i18n does and the theme's templates read it.
        policy = self._policy_of(page.file.src_uri)
        alternates = getattr(config.extra, "alternate", None)
        if policy is not None and isinstance(alternates, list):
            config.extra.alternate = [a for a in alternates if a.get("lang") in policy.settings.languages]
        return context

    def _site_context(self) -> dict:
        """What every page, generated or not, needs to know of the policies.

        The same for every page of a language: made once per language, not once per page,
        which would cost the number of pages times the number of versions."""
        if self.lang not in self.site_contexts:
            self.site_contexts[self.lang] = self._make_site_context()
        return self.site_contexts[self.lang]

    def _make_site_context(self) -> dict:
        return {
            "lang": self.lang,
            "default_lang": self.site.default_lang,
            # Every policy, in every language: in a language it lacks, linked in its source language.
            "policies": [policy_view(p, self.site, self.lang, self.todays[p.id]) for p in self.policies],
            "today": self.today,
            "prefix": self.site.prefix(self.lang),
        }
