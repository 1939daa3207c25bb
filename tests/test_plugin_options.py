"""The plugin's options in mkdocs.yml: `enabled: false` builds the site without the generator,
and settings that contradict each other are MkDocs configuration errors."""

from __future__ import annotations

import pytest

from conftest import FIXTURES, mkdocs_build, write_project
from policy_site.plugin_config import PolicyConfig

POLICY = "  - policy:\n      policies:\n"


def _project(tmp_path, old: str, new: str):
    config = write_project(tmp_path, FIXTURES / "small" / "docs")
    text = config.read_text("utf-8")
    assert old in text
    config.write_text(text.replace(old, new, 1), "utf-8")
    return tmp_path


def test_without_the_generator_the_site_still_builds(tmp_path):
    project = _project(tmp_path, POLICY, "  - policy:\n      enabled: false\n      policies:\n")
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


@pytest.mark.parametrize(
    "old, new, says",
    [
        ("source_language: ja", "source_language: fr", "Sub-option 'source_language': 'fr' is not one of"),
        (
            "            ja: プライバシーポリシー\n",
            "",
            "Sub-option 'title': add a title for the source language 'ja'",
        ),
        (
            "source_language: ja",
            "source_language: ja\n          timezone: Mars/Base",
            "'Mars/Base' is not an IANA",
        ),
    ],
)
def test_settings_that_disagree_are_a_configuration_error(tmp_path, old, new, says):
    build = mkdocs_build(_project(tmp_path, old, new))
    assert build.returncode != 0
    assert "Aborted with a configuration error!" in build.output
    assert says in build.output


def test_the_settings_are_checked_together_by_the_config_class():
    config = PolicyConfig()
    config.load_dict({"title": {"en": "Terms"}, "source_language": "ja", "languages": ["en"]})
    failed, warnings = config.validate()
    assert [key for key, _ in failed] == ["source_language", "title"] and warnings == []
