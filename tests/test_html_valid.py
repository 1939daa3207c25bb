"""Valid HTML: the Nu HTML Checker reports no error on any built page of the real site."""

from __future__ import annotations

import json
import subprocess

import pytest

from conftest import ROOT
from corpus import built_once

VNU = ROOT / ".venv" / "node" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# Errors in Material's own markup that overrides/ cannot reach, each filtered exactly:
MATERIAL = (
    # base.html's drawer and search toggles are checkboxes with autocomplete="off" (a Firefox
    # workaround in the theme); the checkboxes are outside every block a template can override.
    "Attribute “autocomplete” is only allowed when the input type is",
    # partials/toc.html labels the table of contents for the "__toc" toggle, which the theme only
    # renders for pages in the navigation; version pages are reached from the history instead.
    "The value of the “for” attribute of the “label” element must be the ID of a non-hidden form control.",
)

# The checker's stack, as it asks; and only the JVM's quick compiler: a run this short is over
# before the optimising one pays for itself, and would spend twice the CPU.
JAVA = ["-Xss4m", "-XX:TieredStopAtLevel=1"]

pytestmark = pytest.mark.slow


def _errors(site) -> list[str]:
    """The Nu HTML Checker's errors on every page of a built site, Material's own left out."""
    pages = sorted(str(p) for p in site.rglob("*.html"))
    assert len(pages) > 15
    result = subprocess.run(
        ["java", *JAVA, "-jar", str(VNU), "--errors-only", "--format", "json", *pages],
        capture_output=True,
        text=True,
        timeout=600,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    errors = [m for m in messages if m.get("type") == "error" and not m["message"].startswith(MATERIAL)]
    return [f"{m['url']}:{m.get('lastLine')}: {m['message']}" for m in errors]


def test_every_page_is_valid_html(real_site):
    assert _errors(real_site.site) == []


@pytest.mark.xdist_group("corpus-catalogue")
def test_every_page_of_the_markdown_catalogue_is_valid_html(tmp_path_factory):
    """Every construct of the dialect, on its version, bilingual and changes pages, in both
    languages: lists in table cells, rows, footnotes, `<a id>` in two columns…"""
    catalogue = built_once(tmp_path_factory, "catalogue")
    assert catalogue.failure() is None, catalogue.failure()
    assert _errors(catalogue.site) == []
