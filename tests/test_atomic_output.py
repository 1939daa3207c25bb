"""A build that fails halfway leaves the last good site exactly as it was (`policy build`)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import FIXTURES, mkdocs_process, policy_process, write_project
from policy_site.output import replace_site
from trees import tree_digest

# A MkDocs hook that fails after a few pages have been written, when asked to.
FAIL_HALFWAY = """
import os
written = []

def on_post_page(output, page, config):
    written.append(page)
    if os.environ.get("FAIL_HALFWAY") and len(written) > 4:
        raise RuntimeError("the build broke halfway")
    return output
"""


@pytest.fixture
def project(tmp_path):
    config = write_project(tmp_path / "project", FIXTURES / "small" / "docs")
    (config.parent / "fail_halfway.py").write_text(FAIL_HALFWAY, "utf-8")
    config.write_text(config.read_text("utf-8") + "\nhooks:\n  - fail_halfway.py\n", "utf-8")
    return config.parent


def test_a_build_failing_halfway_leaves_the_last_site_as_it_was(project):
    site = project.parent / "published"
    built = policy_process(project, "build", "--strict", "-d", str(site))
    assert built.returncode == 0, built.stderr
    good = tree_digest(site)
    assert "privacy/index.html" in good

    failed = policy_process(project, "build", "--strict", "-d", str(site), env={"FAIL_HALFWAY": "1"})
    assert failed.returncode == 1
    assert "the build broke halfway" in failed.stderr
    assert f"{site} is as it was" in failed.stderr
    assert tree_digest(site) == good
    assert sorted(p.name for p in site.parent.iterdir()) == ["project", "published"]


def test_without_it_the_same_failure_leaves_half_a_site(project):
    """The control: MkDocs alone empties the folder and writes part of the new site."""
    build = mkdocs_process(project)
    assert build.returncode == 0
    good = tree_digest(build.site)
    broken = mkdocs_process(project, {"FAIL_HALFWAY": "1"})
    assert broken.returncode == 1
    assert tree_digest(broken.site) != good


def test_a_successful_build_replaces_the_site_and_leaves_nothing_else(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "old.html").write_text("old")

    def build(folder: Path) -> bool:
        (folder / "new.html").write_text("new")
        return True

    assert replace_site(site, build)
    assert sorted(p.name for p in site.iterdir()) == ["new.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    assert oct(site.stat().st_mode & 0o777) == oct(0o777 & ~_umask())


def test_an_exception_in_the_build_leaves_the_site_and_no_leftovers(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "old.html").write_text("old")

    def build(folder: Path) -> bool:
        (folder / "half.html").write_text("half")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        replace_site(site, build)
    assert [p.name for p in site.iterdir()] == ["old.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_build_killed_between_its_two_renames_gets_the_old_site_back(tmp_path):
    """Killed after moving the old site aside and before moving the new one in."""
    retired = tmp_path / ".site.replaced-x1" / "site"
    retired.mkdir(parents=True)
    (retired / "old.html").write_text("old")
    (tmp_path / ".site.building-x2").mkdir()

    assert not replace_site(tmp_path / "site", lambda folder: False)
    assert [p.name for p in (tmp_path / "site").iterdir()] == ["old.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
