"""The site against the oldest and the newest Material for MkDocs that pyproject.toml allows.

The templates in `overrides/` call the theme's blocks (`super()`) instead of copying them, so
they hold for any release: both build, each page's search worker is the one that release ships,
and the search dialog is named. Each release is installed once, with uv, under
`.venv/material-versions/`; the test is skipped only when the package registry is unreachable.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, mkdocs_process, write_project

pytestmark = pytest.mark.slow

CACHE = ROOT / ".venv" / "material-versions"
_BOUNDS = re.search(r'"mkdocs-material>=([\d.]+),<(\d+)"', (ROOT / "pyproject.toml").read_text("utf-8"))
OLDEST, BELOW = _BOUNDS.group(1), int(_BOUNDS.group(2))
# Material 9.5's search plugin imports `regex`, which later releases dropped: installed beside it.
EXTRA = ["regex"]
_CONFIG_SCRIPT = re.compile(r'<script id="__config" type="application/json">(.*?)</script>', re.S)


UV = ROOT / ".venv" / "bin" / "uv"


def _uv(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    command = [str(UV), "pip", *args, "--quiet", "--python", sys.executable]
    return subprocess.run(command, input=stdin, capture_output=True, text=True, timeout=300)


def _newest() -> str:
    """The newest release below the upper bound, as the registry resolves the range."""
    resolved = _uv("compile", "-", "--no-deps", "--no-header", stdin=f"mkdocs-material<{BELOW}\n")
    found = re.search(r"^mkdocs-material==([\d.]+)$", resolved.stdout, re.M)
    if resolved.returncode != 0 or found is None:
        pytest.skip(f"the package registry is unreachable: {resolved.stderr.strip()[-300:]}")
    return found.group(1)


def _installed(version: str) -> Path:
    target = CACHE / version
    if (target / "material").is_dir():
        return target
    partial = CACHE / f".{version}.partial"
    shutil.rmtree(partial, ignore_errors=True)
    done = _uv(
        "install",
        "--no-deps",
        "--compile-bytecode",
        "--target",
        str(partial),
        f"mkdocs-material=={version}",
        *EXTRA,
    )
    if done.returncode != 0:
        pytest.skip(f"mkdocs-material {version} could not be installed: {done.stderr.strip()[-300:]}")
    partial.rename(target)
    return target


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    project = tmp_path_factory.mktemp("theme")
    write_project(project, FIXTURES / "small" / "docs")
    return project


@pytest.mark.parametrize("which", ["oldest", "newest"])
def test_the_site_builds_with_each_allowed_release_of_the_theme(project, which):
    target = _installed(OLDEST if which == "oldest" else _newest())
    (metadata,) = target.glob("mkdocs_material-*.dist-info")
    release = metadata.name.removeprefix("mkdocs_material-").removesuffix(".dist-info")
    path = os.pathsep.join([str(target), str(ROOT / "scripts"), os.environ.get("PYTHONPATH", "")])
    shutil.rmtree(project / "site", ignore_errors=True)
    build = mkdocs_process(project, {"PYTHONPATH": path, "SITE_URL": "https://policies.example.org/"})
    assert build.returncode == 0, build.output
    for page in ("index.html", "en/index.html", "privacy/history/index.html", "en/404.html"):
        html = (build.site / page).read_text("utf-8")
        config = _CONFIG_SCRIPT.search(html)
        assert config is not None, f"{page}: no theme configuration"
        worker = json.loads(config.group(1))["search"]
        # 404 pages, served at any depth, link from the site's root; the others relatively.
        folder = build.site if worker.startswith("/") else (build.site / page).parent
        assert (folder / worker.lstrip("/")).resolve().is_file(), f"{page}: no search worker at {worker}"
        shipped = target / "material" / "templates" / "assets" / "javascripts" / "workers" / Path(worker).name
        assert shipped.is_file(), f"{page}: the search worker is not Material {release}'s"
        assert 'role="dialog" aria-label="' in html, f"{page}: the search dialog has no name"
        assert 'hreflang="x-default"' in html, f"{page}: no language alternates"
