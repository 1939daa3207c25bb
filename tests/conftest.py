"""Shared fixtures: small sites built for real with `mkdocs build --strict`."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from policy_site.history import today_in_japan

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
BIN = Path(sys.executable).parent


@dataclass
class Build:
    returncode: int
    output: str
    site: Path


def write_project(dest: Path, docs: Path | None = None) -> Path:
    """A copy of the real project's configuration around a docs folder, in `dest`."""
    dest.mkdir(parents=True, exist_ok=True)
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("custom_dir: overrides", f"custom_dir: {ROOT / 'overrides'}")
    (dest / "mkdocs.yml").write_text(text, encoding="utf-8")
    if docs is not None:
        shutil.copytree(docs, dest / "docs", dirs_exist_ok=True)
    return dest / "mkdocs.yml"


def run(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    environ["NO_MKDOCS_2_WARNING"] = "1"
    environ.update(env or {})
    return subprocess.run(args, cwd=cwd, env=environ, capture_output=True, text=True, timeout=300)


def mkdocs_build(project: Path, env: dict[str, str] | None = None, strict: bool = True) -> Build:
    site = project / "site"
    args = [str(BIN / "mkdocs"), "build", "-d", str(site)] + (["--strict"] if strict else [])
    result = run(args, project, env)
    return Build(result.returncode, result.stdout + result.stderr, site)


def policy_cli(project: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return run([str(BIN / "policy"), *args], project, env)


def start_revision(project: Path) -> dt.date:
    """The small fixture policy in `project`, with a revision started by `policy new` that takes
    effect in 30 days, as legal staff start one; returns its date."""
    write_project(project, FIXTURES / "small" / "docs")
    day = today_in_japan() + dt.timedelta(days=30)
    created = policy_cli(project, "new", "privacy", "--effective", day.isoformat())
    assert created.returncode == 0, created.stderr
    return day


@pytest.fixture(scope="session")
def small_site(tmp_path_factory) -> Build:
    """The small fixture policy (one version), built once for the tests that only read it."""
    project = tmp_path_factory.mktemp("small")
    write_project(project, FIXTURES / "small" / "docs")
    build = mkdocs_build(project, {"SOURCE_DATE_EPOCH": "1700000000"})
    assert build.returncode == 0, build.output
    return build


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Build:
    """This repository's own site, built as CI builds it."""
    project = tmp_path_factory.mktemp("real")
    write_project(project, ROOT / "docs")
    build = mkdocs_build(project)
    assert build.returncode == 0, build.output
    return build


def load_yaml(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, headless and offline, shared by the tests of one module."""
    from playwright.sync_api import sync_playwright

    from browser import CHROMIUM, FLAGS

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield chromium
        chromium.close()
