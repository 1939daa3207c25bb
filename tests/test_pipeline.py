"""The pipeline every consumer shares: the model is complete, its record's updates attached,
before any rule runs; the rules run only on sources that could be read."""

from __future__ import annotations

import shutil

import pytest

from conftest import ROOT
from policy_site.cli import load_project
from policy_site.history import policy_today
from policy_site.model import Severity, TextUpdate, UpdateKind
from policy_site.pipeline import load_site, read_policy

DOCS = ROOT / "docs"


@pytest.fixture(scope="module")
def settings():
    return load_project(ROOT / "mkdocs.yml").policies


def test_the_record_s_updates_are_read_with_the_texts(settings):
    sources = read_policy(DOCS, settings[0], ROOT)
    assert sources.readable and sources.errors == ()
    [update] = sources.policy.updates
    assert isinstance(update, TextUpdate) and update.update.kind is UpdateKind.TRANSLATION
    assert update.earlier.path == "docs/privacy/earlier/2019-07-01.en.2019-07-01.md"
    assert update.later is sources.policy.version("2019-07-01").texts["en"]
    assert update.earlier.sha256 == update.update.before and update.later.sha256 == update.update.after


def test_the_site_loads_complete_and_without_problems(settings):
    todays = {s.id: policy_today(s) for s in settings}
    loaded = load_site(DOCS, settings, ROOT, todays)
    assert [p.id for p in loaded.policies] == [s.id for s in settings]
    assert loaded.problems == () and loaded.todays == todays
    assert loaded.policies[0].updates == read_policy(DOCS, settings[0], ROOT).policy.updates
    assert set(loaded.ledgers) == {s.id for s in settings}


def test_unreadable_sources_are_reported_and_not_checked(tmp_path, settings):
    shutil.copytree(DOCS, tmp_path / "docs")
    (tmp_path / "docs" / "privacy" / "history.yml").write_text("locked: [\n", "utf-8")
    sources = read_policy(tmp_path / "docs", settings[0], tmp_path)
    assert not sources.readable and sources.policy.updates == ()
    loaded = load_site(tmp_path / "docs", settings, tmp_path, {s.id: policy_today(s) for s in settings})
    assert [(p.path, p.severity) for p in loaded.problems] == [("docs/privacy/history.yml", Severity.ERROR)]
