"""Two builds of the same sources for the same day are byte-identical, sitemap included."""

from __future__ import annotations

import pytest

from conftest import BIN, ROOT, Build, made_once, mkdocs_build, mkdocs_process, run, write_project
from trees import tree_digest

pytestmark = pytest.mark.slow

ENV = {"SOURCE_DATE_EPOCH": "1798761600", "SITE_URL": "https://policies.example.org/"}


@pytest.fixture(scope="module")
def first(tmp_path_factory) -> Build:
    """The real site built by MkDocs for a fixed day, the build the others are compared with."""
    build = made_once(
        tmp_path_factory,
        "reproducible",
        lambda dest: mkdocs_build(write_project(dest, ROOT / "docs").parent, ENV),
    )
    assert build.returncode == 0, build.output
    return build


def test_two_builds_are_byte_identical(first, tmp_path):
    """The second by the `mkdocs` command in a process of its own: the tests' builds in their own
    process (`mkdocs_build`) are the sites the command builds."""
    second = mkdocs_process(write_project(tmp_path / "b", ROOT / "docs").parent, ENV)
    assert second.returncode == 0, second.output
    digest_a, digest_b = tree_digest(first.site), tree_digest(second.site)
    assert "sitemap.xml" in digest_a and "privacy/versions.json" in digest_a
    assert digest_a == digest_b


def test_properdocs_builds_the_same_site(first, tmp_path):
    """ProperDocs, the maintained fork of MkDocs 1.x, reads the same configuration and plugins:
    the site it builds is byte-identical, so the project is not stranded with MkDocs 1.6."""
    project = write_project(tmp_path / "p", ROOT / "docs").parent
    properdocs = run([str(BIN / "properdocs"), "build", "--strict", "-d", str(tmp_path / "pd")], project, ENV)
    assert properdocs.returncode == 0, properdocs.stdout + properdocs.stderr
    assert tree_digest(tmp_path / "pd") == tree_digest(first.site)
