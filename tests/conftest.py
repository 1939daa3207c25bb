"""Shared fixtures: small sites built for real with `mkdocs build --strict`."""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import fcntl
import io
import logging
import os
import pickle
import shutil
import subprocess
import sys
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import pytest
import yaml

import xdist_groups
from policy_site import cli
from policy_site.history import today_in_japan

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
BIN = Path(sys.executable).parent


@dataclass
class Build:
    returncode: int
    output: str
    site: Path


class _Tagged:
    """A value written with a YAML tag MkDocs resolves (`!ENV`, `!!python/...`), kept as written."""

    def __init__(self, tag: str, node_kind: str, value):
        self.tag, self.node_kind, self.value = tag, node_kind, value


# libyaml's loader where PyYAML has it: the goldens and configurations the tests read back are
# long, and the pure-Python one takes ten times as long.
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _ConfigLoader(_FAST_LOADER):
    """Reads mkdocs.yml without resolving its tags, so it can be written back unchanged."""


def _keep_tag(loader: yaml.SafeLoader, _suffix: str, node: yaml.Node) -> _Tagged:
    if isinstance(node, yaml.SequenceNode):
        return _Tagged(node.tag, "sequence", loader.construct_sequence(node, deep=True))
    if isinstance(node, yaml.MappingNode):
        return _Tagged(node.tag, "mapping", loader.construct_mapping(node, deep=True))
    return _Tagged(node.tag, "scalar", loader.construct_scalar(node))


_ConfigLoader.add_multi_constructor("!", _keep_tag)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", _keep_tag)


class _ConfigDumper(yaml.SafeDumper):
    """Writes a configuration read by _ConfigLoader, its tags included."""


_ConfigDumper.add_representer(
    _Tagged, lambda dumper, t: getattr(dumper, f"represent_{t.node_kind}")(t.tag, t.value)
)


def read_config(path: Path = ROOT / "mkdocs.yml") -> dict:
    """A MkDocs configuration as data, its tags kept for `write_config`."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_ConfigLoader)


def write_config(path: Path, config: dict) -> Path:
    path.write_text(
        yaml.dump(config, Dumper=_ConfigDumper, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return path


def policy_plugin(config: dict) -> dict:
    """The `policy` plugin's settings in a configuration read by `read_config`."""
    return next(p["policy"] for p in config["plugins"] if isinstance(p, dict) and "policy" in p)


def _without(nav: list, folders: set[str]) -> list:
    """The navigation without the entries of pages in `folders`."""
    kept = []
    for entry in nav:
        target = next(iter(entry.values())) if isinstance(entry, dict) else entry
        if isinstance(target, list):
            kept.append({next(iter(entry)): _without(target, folders)})
        elif target.split("/", 1)[0] not in folders:
            kept.append(entry)
    return kept


def project_config(policies: list[str], config: dict | None = None) -> dict:
    """The real project's configuration (or `config`) for a site of `policies` only: their
    settings, the navigation without the other policies' pages, the overrides found from anywhere."""
    config = copy.deepcopy(config) if config is not None else read_config()
    config["theme"]["custom_dir"] = str(ROOT / "overrides")
    settings = policy_plugin(config)
    others = set(settings["policies"]) - set(policies)
    settings["policies"] = {policy: settings["policies"][policy] for policy in policies}
    config["nav"] = _without(config["nav"], others)
    return config


def policies_in(docs: Path) -> list[str]:
    """The policies of a docs folder: its folders with versions."""
    return sorted(p.parent.name for p in docs.glob("*/versions") if p.is_dir())


def write_project(dest: Path, docs: Path | None = None, policies: list[str] | None = None) -> Path:
    """The real project's configuration around a copy of a docs folder, in `dest`; it lists the
    policies of that folder (or `policies`), whatever others the real site has."""
    dest.mkdir(parents=True, exist_ok=True)
    if docs is not None:
        shutil.copytree(docs, dest / "docs", dirs_exist_ok=True)
    if policies is None:
        policies = policies_in(docs) if docs is not None else []
    return write_config(dest / "mkdocs.yml", project_config(policies))


def run(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=cwd, env=_environ(env), capture_output=True, text=True, timeout=300)


def mkdocs_process(project: Path, env: dict[str, str] | None = None, strict: bool = True) -> Build:
    """`mkdocs build` of `project` into its `site` folder, in a process of its own."""
    site = project / "site"
    args = [str(BIN / "mkdocs"), "build", "-d", str(site)] + (["--strict"] if strict else [])
    result = run(args, project, env)
    return Build(result.returncode, result.stdout + result.stderr, site)


_STARTUP_WARNINGS = list(warnings.filters)  # Python's own, before pytest turns warnings into errors


def mkdocs_build(project: Path, env: dict[str, str] | None = None, strict: bool = True) -> Build:
    """`mkdocs build` of `project` into its `site` folder: MkDocs's command line called in this
    process, with the warning filters of a new one. The log handler and the filter of repeated
    messages that the command adds on each call are removed after it: the filter remembers every
    message, and would hide a warning from the next build that gives it again. A build that imports its own modules (hooks, another
    release of the theme) needs `mkdocs_process`."""
    from mkdocs.__main__ import cli as mkdocs_cli
    from mkdocs.commands.build import log as build_log

    site = project / "site"
    args = ["build", "-d", str(site)] + (["--strict"] if strict else [])
    mkdocs_log = logging.getLogger("mkdocs")
    saved = mkdocs_log.handlers[:], mkdocs_log.level, build_log.filters[:]
    with _as_a_process(project, env) as (out, err), warnings.catch_warnings():
        warnings.filters[:] = _STARTUP_WARNINGS
        try:
            mkdocs_cli.main(args, prog_name="mkdocs")
            code = 0
        except SystemExit as exc:
            code = exc.code or 0
        finally:
            mkdocs_log.handlers, mkdocs_log.level, build_log.filters = saved
    return Build(code, out.getvalue() + err.getvalue(), site)


def policy_process(
    project: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    """`policy ARGS` in `project`: the console script, in a process of its own."""
    return run([str(BIN / "policy"), *args], project, env)


def _environ(env: dict[str, str] | None) -> dict[str, str]:
    """The environment `run` gives a command."""
    environ = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    environ["NO_MKDOCS_2_WARNING"] = "1"
    environ["LC_ALL"] = "en_US.UTF-8"  # messages in English unless a test asks for another language
    environ.update(env or {})
    return environ


@contextlib.contextmanager
def _as_a_process(cwd: Path, env: dict[str, str] | None) -> Iterator[tuple[io.StringIO, io.StringIO]]:
    """This process as `run` would start a command: its environment and folder, its output caught,
    and log records that no handler takes printed on its stderr, as Python does when nothing
    configured logging (pytest's own handlers set aside)."""
    saved_environ, saved_cwd, root = dict(os.environ), os.getcwd(), logging.getLogger()
    saved_handlers = root.handlers[:]
    out, err = io.StringIO(), io.StringIO()
    environ = _environ(env)
    os.environ.clear()
    os.environ.update(environ)
    os.chdir(cwd)
    root.handlers = []
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            yield out, err
    finally:
        root.handlers = saved_handlers
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_environ)


def policy_cli(project: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """`policy ARGS` in `project`, what it prints and returns: `cli.main` called in this process,
    as the console script calls it, without a Python start-up and MkDocs's imports each time.
    `policy build` runs MkDocs in a process whose output this cannot catch: use `policy_process`."""
    assert "build" not in args[:1], "policy build: use policy_process"
    with _as_a_process(project, env) as (out, err):
        try:
            code = cli.main(list(args))
        except SystemExit as exc:  # argparse's usage errors and --help
            code = exc.code or 0
    return subprocess.CompletedProcess(["policy", *args], code, out.getvalue(), err.getvalue())


def start_revision(project: Path) -> dt.date:
    """The small fixture policy in `project`, with a revision started by `policy new` that takes
    effect in 30 days, as legal staff start one; returns its date."""
    write_project(project, FIXTURES / "small" / "docs")
    day = today_in_japan() + dt.timedelta(days=30)
    created = policy_cli(project, "new", "privacy", "--effective", day.isoformat())
    assert created.returncode == 0, created.stderr
    return day


T = TypeVar("T")


def made_once(tmp_path_factory, name: str, make: Callable[[Path], T]) -> T:
    """What `make` returns for a new folder, made once per test run however many pytest-xdist
    workers ask: the first makes it in a folder they all share, the others wait for it and read
    its record. A `make` that fails leaves no record, so the next one to ask tries again."""
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    record = shared / f"{name}.pickle"
    with open(shared / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if record.exists():
            return pickle.loads(record.read_bytes())
        folder = shared / name
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()
        made = make(folder)
        record.write_bytes(pickle.dumps(made))
        return made


def _built(project: Path, docs: Path, env: dict[str, str] | None = None) -> Build:
    write_project(project, docs)
    return mkdocs_build(project, env)


@pytest.fixture(scope="session")
def small_site(tmp_path_factory) -> Build:
    """The small fixture policy (one version), built once for the tests that only read it."""
    build = made_once(
        tmp_path_factory,
        "small",
        lambda project: _built(project, FIXTURES / "small" / "docs", {"SOURCE_DATE_EPOCH": "1700000000"}),
    )
    assert build.returncode == 0, build.output
    return build


@pytest.fixture(scope="session")
def articles_site(tmp_path_factory) -> Build:
    """A policy of five versions in which one article is edited, renumbered, edited again and
    removed, built once for the tests of article history pages."""
    build = made_once(
        tmp_path_factory,
        "articles",
        lambda project: _built(project, FIXTURES / "articles" / "docs", {"SOURCE_DATE_EPOCH": "1767225600"}),
    )  # 2026-01-01
    assert build.returncode == 0, build.output
    return build


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Build:
    """This repository's own site, built as CI builds it."""

    def build_as_ci(project: Path) -> Build:
        write_project(project, ROOT / "docs")
        return mkdocs_process(project)  # the `mkdocs` command itself, its plugins found as installed

    build = made_once(tmp_path_factory, "real", build_as_ci)
    assert build.returncode == 0, build.output
    return build


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The slow tests first: two workers that end with the short ones finish together."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)
    xdist_groups.record(config, items)


def pytest_configure_node(node) -> None:
    xdist_groups.configure_node(node)


def pytest_unconfigure(config: pytest.Config) -> None:
    xdist_groups.clean(config)


def pytest_xdist_make_scheduler(config: pytest.Config, log):
    if config.getvalue("dist") == "loadgroup":
        return xdist_groups.Scheduling(config, log)
    return None


def load_yaml(path: Path):
    """A YAML file as data, read as `yaml.safe_load` reads it."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_FAST_LOADER)


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless and offline: one per worker, as starting it (its driver and
    its processes) costs 1.5 CPU-s. The tests keep apart by browser contexts, which share
    nothing: cookies, storage and cache are each context's own."""
    from playwright.sync_api import sync_playwright

    from browser import CHROMIUM, FLAGS

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield chromium
        chromium.close()
