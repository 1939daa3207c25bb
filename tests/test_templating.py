"""The filters through which the templates change what the theme writes, without copying it."""

from __future__ import annotations

import json

import pytest
from markupsafe import Markup

from policy_site.templating import escape_head_values, named_search, search_in, theme_head

CONFIG = '<script id="__config" type="application/json">{"base": "%s", "search": "w.js", "x": "<&>"}</script>'


@pytest.mark.parametrize(
    "base, expected", [(".", "./en/"), ("..", "../en/"), ("/", "/en/"), ("/repo/", "/repo/en/")]
)
def test_search_is_in_the_language_root(base, expected):
    html = search_in(Markup(CONFIG % base), "en")
    data = json.loads(html.split(">", 1)[1].rsplit("<", 1)[0])
    assert data == {"base": expected, "search": "w.js", "x": "<&>"}
    assert isinstance(html, Markup) and "\\u003c\\u0026\\u003e" in html  # as the theme's tojson writes it


def test_the_search_dialog_is_named_once():
    header = '<div class="md-search" data-md-component="search" role="dialog">'
    named = named_search(Markup(header), 'Search "all"')
    assert (
        named
        == '<div class="md-search" data-md-component="search" role="dialog" aria-label="Search &#34;all&#34;">'
    )
    assert named_search(named, "Other") == named  # a theme that names it itself keeps its name


def test_only_the_theme_language_alternates_and_generator_are_taken_out():
    head = Markup(
        '<link rel="icon" href="i.png">\n  <link rel="alternate" href="../" hreflang="ja">'
        '\n  <meta name="generator" content="mkdocs-1.6.1, mkdocs-material-9.8.2">'
        '\n  <link rel="alternate" type="application/rss+xml" href="feed.xml">'
    )
    assert theme_head(head) == (
        '<link rel="icon" href="i.png">\n  <link rel="alternate" type="application/rss+xml" href="feed.xml">'
    )


def test_a_description_is_escaped_once():
    meta = {"description": 'Say "hi" & <go>', "title": "T"}
    escape_head_values(meta)
    escape_head_values(meta)
    assert meta == {"description": "Say &#34;hi&#34; &amp; &lt;go&gt;", "title": "T"}


def test_templates_are_compiled_once_for_every_language_and_again_when_edited(tmp_path):
    """Each language's build has its own Jinja environment; they share the compiled templates,
    and a template edited (under `mkdocs serve`) is compiled anew."""
    from jinja2 import Environment, FileSystemLoader

    from policy_site.templating import CompiledTemplates, install

    (tmp_path / "page.html").write_text("{{ _('Inline') }}", encoding="utf-8")
    compiled = CompiledTemplates()
    compiles = []

    def environment(lang):
        env = Environment(loader=FileSystemLoader(tmp_path), autoescape=True)
        install(env, lang, compiled)
        original = env.compile
        env.compile = lambda *args, **kwargs: compiles.append(args[1]) or original(*args, **kwargs)
        return env

    assert environment("ja").get_template("page.html").render() == "本文中に表示"
    assert environment("en").get_template("page.html").render() == "Inline"
    assert compiles == ["page.html"]
    (tmp_path / "page.html").write_text("{{ _('Side by side') }}", encoding="utf-8")
    assert environment("ja").get_template("page.html").render() == "左右に並べて表示"
    assert compiles == ["page.html", "page.html"]
