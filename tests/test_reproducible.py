"""Two builds of the same sources for the same day are byte-identical, sitemap included."""

from __future__ import annotations

import pytest

from conftest import ROOT, mkdocs_build, write_project
from trees import tree_digest

pytestmark = pytest.mark.slow


def test_two_builds_are_byte_identical(tmp_path):
    env = {"SOURCE_DATE_EPOCH": "1798761600", "SITE_URL": "https://policies.example.org/"}
    first = write_project(tmp_path / "a", ROOT / "docs").parent
    second = write_project(tmp_path / "b", ROOT / "docs").parent
    a, b = mkdocs_build(first, env), mkdocs_build(second, env)
    assert a.returncode == 0 and b.returncode == 0, a.output + b.output
    digest_a, digest_b = tree_digest(a.site), tree_digest(b.site)
    assert "sitemap.xml" in digest_a and "privacy/versions.json" in digest_a
    assert digest_a == digest_b


def test_properdocs_builds_the_same_site(tmp_path):
    """ProperDocs, the maintained fork of MkDocs 1.x, reads the same configuration and plugins:
    the site it builds is byte-identical, so the project is not stranded with MkDocs 1.6."""
    from conftest import BIN, run

    env = {"SOURCE_DATE_EPOCH": "1798761600"}
    project = write_project(tmp_path / "p", ROOT / "docs").parent
    mkdocs = mkdocs_build(project, env)
    assert mkdocs.returncode == 0, mkdocs.output
    properdocs = run([str(BIN / "properdocs"), "build", "--strict", "-d", str(tmp_path / "pd")], project, env)
    assert properdocs.returncode == 0, properdocs.stdout + properdocs.stderr
    assert tree_digest(tmp_path / "pd") == tree_digest(mkdocs.site)
