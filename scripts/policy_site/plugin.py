"""MkDocs glue: each event hands over to the core (site_build, templating) or to the one adapter
to mkdocs-static-i18n (i18n_adapter), which builds each language in turn, and so does this plugin.

With `enabled: false` no policy is read, so none is generated; the rest (the templates' filters
and messages, each language's search and 404 page, the sitemap, the Content-Security-Policy)
works as ever, so the templates in `overrides/` render every page.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.toc import get_toc

from . import i18n_adapter, render, templating
from .csp import with_csp
from .messages import editor_lang
from .plan import DiffCache
from .plugin_config import PolicyPluginConfig
from .site_build import SiteBuild, collector_paused, language_alternates, page_meta
from .urls import Site
from .word import WordFiles

log = get_plugin_logger(__name__)


class PolicyPlugin(BasePlugin[PolicyPluginConfig]):
    def __init__(self) -> None:
        self.live_reload = False  # under `mkdocs serve`, which adds its reload script to pages
        self.diffs = DiffCache()
        self.word_files = WordFiles()
        self.templates = templating.CompiledTemplates()
        self.run: SiteBuild | None = None  # the build under way, of every language

    def on_startup(self, *, command, dirty):
        self.live_reload = command == "serve"

    def on_build_error(self, error):
        self.run = None  # nothing of a failed build carries over to the next

    @event_priority(0)
    def on_config(self, config):
        if self.run is not None and self.run.building:
            return config  # static-i18n builds each further language with this same configuration
        default, languages = i18n_adapter.site_languages(config)
        site, base_path = Site(default, tuple(languages)), urlsplit(config.site_url or "").path.rstrip("/")
        if len(languages) > 1:  # the language switcher shows each language's own name
            config.extra.setdefault("alternate", language_alternates(site, base_path))
        # Under `mkdocs serve`, the last build's diffs and Word files that this one needs again are reused.
        self.diffs = DiffCache(self.diffs if self.live_reload else None)
        self.word_files = WordFiles(self.word_files if self.live_reload else None, keep=self.live_reload)
        alternates = config.extra.get("alternate")
        try:
            self.run = SiteBuild(site, base_path, config.nav, alternates, self.diffs, self.word_files)
        except ValueError as exc:
            raise PluginError(str(exc)) from exc
        if self.config.enabled:
            self._load(config, self.run)
        return config

    def _load(self, config, run: SiteBuild) -> None:
        docs_dir = Path(config.docs_dir)
        root = Path(config.config_file_path).parent if config.config_file_path else docs_dir.parent
        run.editor_lang = editor_lang(os.environ, self.config.editor_language)
        try:
            errors = run.read(docs_dir, root, self.config.policies, config.strict, self.live_reload)
        except ValueError as exc:
            raise PluginError(str(exc)) from exc
        if run.preview is not None:
            for problem in errors:
                log.warning(problem.in_language(run.editor_lang))
        elif errors:
            raise PluginError(run.report(errors))

    @event_priority(-200)
    def on_files(self, files, config):  # after static-i18n (-100) has sorted this language's files
        run = self.run
        for problem in run.start_language(config.theme.get("language") or run.site.default_lang):
            log.warning(problem.in_language(run.editor_lang))
        i18n_adapter.keep_to_policy_languages(files, run.lang, run.policy_of)
        with collector_paused():
            i18n_adapter.add_generated(files, config, run.pages_to_generate)
        if run.nav_config is not None:  # the navigation is built from the files after this event
            config.nav = run.nav()
        return files

    @event_priority(-150)
    def on_nav(self, nav, config, files):
        self.run.mark_nav(nav.items)  # after static-i18n has translated the titles
        return nav

    def on_page_markdown(self, markdown, page, config, files):
        spec = self.run.page(page.file.src_uri)
        if spec is None:
            return markdown
        page_meta(spec, page.meta)
        return ""  # the policy's own CommonMark engine renders it: see `on_page_content`

    def on_env(self, env, config, files):
        templating.install(env, self.run.lang or self.run.site.default_lang, self.templates)
        return env

    def on_page_content(self, html, page, config, files):
        spec = self.run.page(page.file.src_uri)
        if spec is not None and spec.html:
            html = spec.html
            page.toc = get_toc(render.toc(spec.text.document)) if spec.text is not None else page.toc
        # Every page of every language build, for the sitemap.
        self.run.add_to_sitemap(page.file.url, i18n_adapter.alternate_urls(page.file, self.run.lang))
        return self.run.preview_html(html, page.file.src_uri)

    def on_page_context(self, context, page, config, nav):
        templating.escape_head_values(page.meta)
        context["policy_page"] = self.run.pages.get(page.file.src_uri)
        context["policy_site"] = self.run.site_context()
        policy = self.run.policy_of(page.file.src_uri)
        if policy is not None:
            i18n_adapter.switch_within(config, policy.settings.languages)
        return context

    def on_template_context(self, context, template_name, config):
        context.update(self.run.template_context(template_name))
        if template_name == "404.html":
            i18n_adapter.switch_to_homes(config, self.run.root_alternates)
        return context

    def on_post_template(self, output_content, template_name, config):
        if template_name == "404.html":  # each language renders its own
            output_content = with_csp(output_content, self.live_reload)
            self.run.not_found[self.run.lang] = output_content
        return output_content

    @event_priority(-1000)
    def on_post_page(self, output, page, config):
        # Last, so that the hashes are of the inline scripts exactly as written out.
        output = self.run.with_preview_banner(output, page.file.src_uri, page.file.url)
        return with_csp(output, self.live_reload)

    @event_priority(-200)
    def on_post_build(self, config):
        site_dir = Path(config.site_dir)
        self.run.finish_language(site_dir, config.site_url or "", config.site_name)
        if not self.run.building:  # the outermost build: every language has been built
            i18n_adapter.write_not_found_pages(site_dir, self.run.site, self.run.not_found)
