"""The plugin's options in mkdocs.yml: `enabled: false` builds the site without the generator,
and settings that contradict each other are MkDocs configuration errors."""

from __future__ import annotations

import pytest

from conftest import FIXTURES, mkdocs_build, policy_plugin, read_config, write_config, write_project
from policy_site.plugin_config import PolicyConfig


def _project(tmp_path, change):
    """The small fixture with `change` made to its policy plugin's settings."""
    write_project(tmp_path, FIXTURES / "small" / "docs")
    config = read_config(tmp_path / "mkdocs.yml")
    change(policy_plugin(config))
    write_config(tmp_path / "mkdocs.yml", config)
    return tmp_path


def test_without_the_generator_the_site_still_builds(tmp_path):
    project = _project(tmp_path, lambda plugin: plugin.update(enabled=False))
    # Not strict: the written pages link to generated ones, which are not there.
    build = mkdocs_build(project, strict=False)
    assert build.returncode == 0, build.output
    for page in ("index.html", "en/index.html", "404.html", "about/index.html"):
        html = (build.site / page).read_text("utf-8")
        assert "</html>" in html and "policy_" not in html, page
    assert not (build.site / "privacy" / "history" / "index.html").exists()
    assert not (build.site / "privacy" / "feed.xml").exists()
    # What is not the generator still works: each language searches its own index.
    assert '"base": "../en/"' in (build.site / "en" / "index.html").read_text("utf-8")
    assert (build.site / "en" / "search" / "search_index.json").exists()


def _privacy(**changes):
    def change(plugin):
        settings = plugin["policies"]["privacy"]
        for key, value in changes.items():
            if value is None:
                settings["title"].pop(key)
            else:
                settings[key] = value

    return change


@pytest.mark.parametrize(
    "change, says",
    [
        (_privacy(source_language="fr"), "Sub-option 'source_language': 'fr' is not one of"),
        (_privacy(ja=None), "Sub-option 'title': add a title for the source language 'ja'"),
        (_privacy(timezone="Mars/Base"), "'Mars/Base' is not an IANA"),
    ],
    ids=["unknown-source-language", "no-source-title", "bad-timezone"],
)
def test_settings_that_disagree_are_a_configuration_error(tmp_path, change, says):
    build = mkdocs_build(_project(tmp_path, change))
    assert build.returncode != 0
    assert "Aborted with a configuration error!" in build.output
    assert says in build.output


def test_the_settings_are_checked_together_by_the_config_class():
    config = PolicyConfig()
    config.load_dict({"title": {"en": "Terms"}, "source_language": "ja", "languages": ["en"]})
    failed, warnings = config.validate()
    assert [key for key, _ in failed] == ["source_language", "title"] and warnings == []
