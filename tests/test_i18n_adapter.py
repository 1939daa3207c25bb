"""What `policy_site.i18n_adapter` and the plugin's event order rely on inside mkdocs-static-i18n.

None of it is static-i18n's documented interface: its config classes, the attributes it sets on
each `File`, the priorities of its events and its nested builds of further languages. A release
of static-i18n that changes any of them fails here, saying what the adapter must follow.
"""

from __future__ import annotations

import inspect
from importlib.metadata import entry_points
from types import SimpleNamespace

import pytest
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File
from mkdocs_static_i18n import config as i18n_config
from mkdocs_static_i18n import folder, plugin, reconfigure, suffix

from policy_site import i18n_adapter
from policy_site.plugin import PolicyPlugin

FILE_ATTRIBUTES = ("alternates", "locale", "locale_alternate_of", "localization")


def _options(config_class) -> set[str]:
    return {name for name, _ in config_class._schema}


def _source(thing) -> str:
    return inspect.getsource(thing)


def test_the_i18n_plugin_is_the_class_the_adapter_reads():
    (entry,) = [e for e in entry_points(group="mkdocs.plugins") if e.name == "i18n"]
    assert entry.load() is plugin.I18n, "the 'i18n' plugin is no longer mkdocs_static_i18n.plugin:I18n"


@pytest.mark.parametrize("option", ["languages", "docs_structure", "fallback_to_default"])
def test_its_configuration_has_the_options_read(option):
    assert option in _options(i18n_config.I18nPluginConfig), f"I18nPluginConfig has no '{option}'"


@pytest.mark.parametrize("option", ["locale", "build", "default"])
def test_each_language_has_the_settings_site_languages_reads(option):
    assert option in _options(i18n_config.I18nPluginLanguage), (
        f"I18nPluginLanguage has no '{option}': i18n_adapter.site_languages must follow"
    )


@pytest.mark.parametrize("module", [folder, suffix], ids=["folder", "suffix"])
@pytest.mark.parametrize("attribute", FILE_ATTRIBUTES)
def test_its_files_carry_the_attributes_generated_files_copy(module, attribute):
    assert f"file.{attribute} =" in _source(module), (
        f"mkdocs_static_i18n.{module.__name__.rsplit('.', 1)[1]} no longer sets File.{attribute}: "
        "i18n_adapter.generated_file sets it by hand"
    )


@pytest.mark.parametrize("attribute", ["alternates", "locale_alternate_of"])
def test_the_language_switcher_reads_those_attributes(attribute):
    source = _source(reconfigure.ExtendedPlugin.reconfigure_page_context)
    assert f"page.file.{attribute}" in source, f"the language switcher no longer reads File.{attribute}"
    assert "config.extra.alternate =" in source, "the language switcher is no longer config.extra.alternate"


@pytest.mark.parametrize(
    "event, priority, ours",
    [
        ("on_config", -100, 0),  # the language switcher the plugin adds is there for static-i18n
        ("on_files", -100, -200),  # generated pages are added once static-i18n has sorted the files
        ("on_page_context", 50, 0),  # the switcher is cut to a policy's languages after it is set
        ("on_post_build", -100, -200),  # each further language is built nested in this event
    ],
)
def test_the_plugin_runs_after_static_i18n_where_it_must(event, priority, ours):
    theirs = getattr(getattr(plugin.I18n, event), "mkdocs_priority", 0)
    assert theirs == priority, f"static-i18n's {event} now has priority {theirs}, not {priority}"
    assert getattr(getattr(PolicyPlugin, event), "mkdocs_priority", 0) == ours


def test_further_languages_are_built_nested_in_the_first_build():
    source = _source(plugin.I18n.on_post_build)
    assert "self.building" in source and "build(" in source, (
        "static-i18n no longer builds each language nested in the first build's on_post_build; "
        "SiteBuild.building counts on it"
    )


def _config(docs):
    config = MkDocsConfig()
    config.load_dict({"site_name": "t", "docs_dir": str(docs), "site_dir": str(docs.parent / "site")})
    assert config.validate() == ([], [])
    config.plugins._current_plugin = "policy"  # as during a plugin's event, where files are made
    return config


def test_a_generated_file_has_what_static_i18n_gives_its_own(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "about.en.md").write_text("# About\n", "utf-8")
    config = _config(tmp_path / "docs")
    written = File("about.en.md", config.docs_dir, config.site_dir, True)
    theirs = suffix.create_i18n_file(written, "en", "ja", ["ja", "en"], config)
    page = SimpleNamespace(src_uri="p/index.en.md", url="en/p/", lang="en", alternates={"ja": "p/"})
    ours = i18n_adapter.generated_file(config, page)
    for attribute in FILE_ATTRIBUTES:
        assert hasattr(theirs, attribute), f"static-i18n's files no longer have '{attribute}'"
        assert type(getattr(ours, attribute)) is type(getattr(theirs, attribute)), attribute
    assert theirs.locale == theirs.locale_alternate_of == theirs.localization == "en"
    assert ours.locale == ours.locale_alternate_of == ours.localization == "en"
    assert all(isinstance(alt, File) for alt in theirs.alternates.values())
    assert ours.alternates["ja"].url == "p/" and ours.url == "en/p/"
