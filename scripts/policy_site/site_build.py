"""One build of the site, in every language: what the generator keeps from one MkDocs event to
the next, and what it does at each, without MkDocs.

mkdocs-static-i18n builds the default language, then each other language nested in that
build's last step. One SiteBuild serves them all: the sources are read and checked once, and
what every language needs (the sitemap, the 404 pages, the search indexes) is finished when the
outermost build is.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import gc
from collections.abc import Iterator, Mapping
from pathlib import Path

from .dates import language_list, language_name
from .history import policy_today, today_in_japan
from .messages import Message, shown, translations
from .model import Policy, Problem
from .navigation import nav_for_language
from .pages import ChangesPage, DiffView, PolicyPage
from .pipeline import load_site
from .plan import DiffCache, plan_pages
from .preview import banner_html, list_html, previewable, problems_of
from .publish import atom_feed, split_search_index, versions_json
from .settings import policies_of
from .urls import Site
from .views import policy_view
from .word import WordFiles


@contextlib.contextmanager
def collector_paused():
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


def language_alternates(site: Site, base_path: str) -> list[dict[str, str]]:
    """The language switcher's entries: each language's home, named in its own language."""
    return [
        {"name": language_name(lang), "link": f"{base_path}/{site.prefix(lang)}", "lang": lang}
        for lang in site.languages
    ]


def page_meta(page: PolicyPage, meta: dict) -> None:
    """A policy page's front matter, as the theme and the search plugin read it."""
    meta["title"] = page.title
    meta["template"] = page.template
    meta.setdefault("description", page.description)
    if not page.searchable:
        meta["search"] = {"exclude": True}


def _site_path(url: str) -> str:
    return "" if url in (".", "./") else url


_CONTENT_START = '<article class="md-content__inner md-typeset">'  # Material's content area


class SiteBuild:
    """The generator's state through one build of the site in all its languages.

    `nav` and `alternates` are the navigation and language switcher as `mkdocs.yml` has them,
    before any language's build adjusts them; `diffs` may hold a previous build's diffs, and
    `word_files` the Word files made of them."""

    def __init__(
        self,
        site: Site,
        base_path: str,
        nav,
        alternates,
        diffs: DiffCache,
        word_files: WordFiles | None = None,
    ) -> None:
        self.site = site
        self.base_path = base_path
        self.nav_config = copy.deepcopy(nav)
        self.root_alternates = copy.deepcopy(alternates)
        self.diffs = diffs
        self.word_files = word_files if word_files is not None else WordFiles()
        self.today = today_in_japan()
        self.policies: list[Policy] = []
        self.todays: dict[str, dt.date] = {}  # each policy's "today", in its own time zone
        self.warnings: list[Problem] = []
        self.preview: list[Problem] | None = None  # under `mkdocs serve`: every problem, shown on pages
        self.editor_lang = "en"  # the language of problems in the log and the preview
        self.lang = ""
        self.building: list[str] = []  # the languages under way, the outermost first
        self.pages: dict[str, PolicyPage] = {}  # by source path, in every language
        self.sitemap: dict[str, dict[str, str]] = {}
        self.not_found: dict[str, str] = {}  # each language's 404 page
        self.site_contexts: dict[str, dict] = {}
        self.nav_links: dict[str, str] = {}  # navigation links to another language's page: policy id

    def add_policy(self, policy: Policy, today: dt.date) -> None:
        self.policies.append(policy)
        self.todays[policy.id] = today

    def read(self, docs_dir: Path, root: Path, policies: list, strict: bool, preview: bool) -> list[Problem]:
        """Read and check every policy's sources, once for the build of every language; the
        problems that stop the build, or under a `preview`, that it logs as it shows them on the
        pages. ValueError, in the editor's language, for settings that cannot be used."""
        try:
            settings = policies_of(policies, self.site.languages)
            todays = {s.id: policy_today(s) for s in settings}
        except ValueError as exc:
            raise ValueError(shown(exc.args[0], self.editor_lang)) from exc
        with collector_paused():
            loaded = load_site(docs_dir, settings, root, todays)
        for policy in loaded.policies:
            self.add_policy(policy, loaded.todays[policy.id])
        errors = self.stopping_problems(list(loaded.problems), strict)
        if preview and loaded.problems:  # a preview serves drafts in any state
            self.start_preview(list(loaded.problems))
        return errors

    def stopping_problems(self, problems: list[Problem], strict: bool) -> list[Problem]:
        """The problems that stop the build; the others are kept, to be reported as warnings.
        Strict means no site with problems: its warnings stop the build before anything is written."""
        errors = [p for p in problems if p.is_error]
        self.warnings = [p for p in problems if not p.is_error]
        return errors + self.warnings if strict else errors

    def report(self, problems: list[Problem]) -> str:
        """Problems as the build stops on them: one `path:line: message` a line, in the editor's
        language."""
        heading = Message("the policy sources have problems:").in_language(self.editor_lang)
        return "\n".join([heading, *(p.in_language(self.editor_lang) for p in problems)])

    def start_preview(self, problems: list[Problem]) -> None:
        """Serve the drafts whatever their state: pages show the problems, in the editor's
        language, instead of the build stopping on them; versions no page can be made of are
        left out."""
        self.preview = problems
        self.policies = [previewable(policy) for policy in self.policies]

    def preview_html(self, html: str, src_uri: str) -> str:
        """The preview's home page lists every problem of the sources below its content."""
        if self.preview and src_uri.split(".")[0] == "index" and "/" not in src_uri:
            return html + list_html(self.preview, self.editor_lang)
        return html

    def with_preview_banner(self, output: str, src_uri: str, page_url: str) -> str:
        """A page of the preview with the note of its problems at the top of its content, above
        the title: the first thing an editor sees."""
        if not self.preview:
            return output
        policy = self.policy_of(src_uri)
        version = getattr(self.pages.get(src_uri), "version", None)
        mine = problems_of(
            self.preview,
            src_uri,
            policy.id if policy is not None else None,
            version.id if version is not None else None,
        )
        href = "../" * page_url.count("/") + self.site.prefix(self.lang) or "./"  # the home page
        banner = banner_html(mine, len(self.preview), href, self.editor_lang)
        top = output.find(_CONTENT_START)
        if top == -1:  # a template without Material's content area: the note opens the body
            top = output.find("<body")
            top = output.find(">", top) if top != -1 else -1
            return output[: top + 1] + banner + output[top + 1 :] if top != -1 else banner + output
        top += len(_CONTENT_START)
        return output[:top] + banner + output[top:]

    def start_language(self, lang: str) -> list[Problem]:
        """Start the build of `lang`; returns the warnings to report, once per build."""
        self.lang = lang
        self.building.append(lang)
        return self.warnings if lang == self.site.default_lang else []

    def policy_of(self, src_uri: str) -> Policy | None:
        """The policy whose folder holds `src_uri`, or None."""
        head = src_uri.split("/", 1)[0]
        return next((p for p in self.policies if p.id == head and "/" in src_uri), None)

    def pages_to_generate(self, written: Mapping[str, str]) -> Iterator[PolicyPage]:
        """The policies' pages in this language that are generated; the written ones, found in
        `written` (source path by destination), are only noted."""
        _ = translations(self.lang).gettext
        for policy in self.policies:
            if self.lang not in policy.settings.languages:
                continue
            for page in plan_pages(policy, self.site, self.lang, self.todays[policy.id], _, self.diffs):
                if page.generated:
                    self.pages[page.src_uri] = page
                    yield page
                elif page.url + "index.html" in written:
                    self.pages[written[page.url + "index.html"]] = page

    def page(self, src_uri: str) -> PolicyPage | None:
        """The generator's page made from `src_uri` in the language being built, if any."""
        spec = self.pages.get(src_uri)
        return spec if spec is not None and spec.lang == self.lang else None

    def nav(self):
        """The static navigation for this language: a policy it lacks is linked in its source
        language. Remembers the links made, for `mark_nav`."""
        elsewhere = {
            p.id: self.site.prefix(p.settings.source_language)
            for p in self.policies
            if self.lang not in p.settings.languages
        }
        nav, self.nav_links = nav_for_language(self.nav_config, elsewhere, self.base_path)
        return nav

    def mark_nav(self, items) -> None:
        """A navigation link to a policy in another language says which languages it is in, in
        this language's words."""
        if not self.nav_links:
            return
        by_id = {p.id: p for p in self.policies}
        pattern = translations(self.lang).gettext("%(title)s (%(languages)s)")
        for item in items:
            policy = by_id.get(self.nav_links.get(getattr(item, "url", None) or ""))
            if policy is not None and item.title:
                languages = language_list(policy.settings.languages, self.lang)
                item.title = pattern % {"title": item.title, "languages": languages}
            self.mark_nav(getattr(item, "children", None) or [])

    def add_to_sitemap(self, url: str, alternates: Mapping[str, str]) -> None:
        """Remember a page of some language's build, with its alternates' URLs by language."""
        self.sitemap[_site_path(url)] = {lang: _site_path(alt) for lang, alt in sorted(alternates.items())}

    def template_context(self, template_name: str) -> dict:
        """What the templates not of a page need: the 404 page, the policies; the sitemap, its entries."""
        if template_name == "404.html":
            return {"policy_site": self.site_context()}
        if template_name == "sitemap.xml":
            entries = [{"url": url, "alternates": alts} for url, alts in sorted(self.sitemap.items())]
            return {"policy_default_lang": self.site.default_lang, "policy_sitemap": entries}
        return {}

    def site_context(self) -> dict:
        """What every page, generated or not, needs to know of the policies.

        The same for every page of a language: made once per language, not once per page,
        which would cost the number of pages times the number of versions."""
        if self.lang not in self.site_contexts:
            self.site_contexts[self.lang] = {
                "lang": self.lang,
                "default_lang": self.site.default_lang,
                # Every policy, in every language: in a language it lacks, linked in its source language.
                "policies": [policy_view(p, self.site, self.lang, self.todays[p.id]) for p in self.policies],
                "today": self.today,
                "prefix": self.site.prefix(self.lang),
            }
        return self.site_contexts[self.lang]

    def finish_language(self, site_dir: Path, site_url: str, site_name: str) -> str:
        """Write the feeds and records of the language just built; returns that language.
        When it is the outermost build's, every language is built: split the search index."""
        lang = self.building.pop() if self.building else self.lang
        if not self.building:
            split_search_index(site_dir, self.site)
        _ = translations(lang).gettext
        for policy in self.policies:
            if lang not in policy.settings.languages:
                continue
            today = self.todays[policy.id]
            folder = site_dir / self.site.prefix(lang) / policy.id
            folder.mkdir(parents=True, exist_ok=True)
            feed = atom_feed(policy, self.site, lang, today, _, site_url, site_name)
            (folder / "feed.xml").write_text(feed, encoding="utf-8")
            if lang == policy.settings.source_language:  # once per policy, beside its source text
                data = versions_json(policy, self.site, today, site_url, self.diffs.diff)
                (folder / "versions.json").write_text(data, encoding="utf-8")
        self.write_word_files(site_dir, lang, _)
        return lang

    def write_word_files(self, site_dir: Path, lang: str, _) -> None:
        """Each changes page's diff as a Word file, beside the page."""
        for page in self.pages.values():
            if (
                isinstance(page, ChangesPage)
                and page.view == DiffView.INLINE
                and page.lang == lang
                and page.word_file
            ):
                folder = site_dir / page.url
                folder.mkdir(parents=True, exist_ok=True)
                (folder / page.word_file).write_bytes(self.word_files.changes_docx(page, _))
