"""The diff cache: each diff made once, and under `mkdocs serve` carried into the next build."""

from __future__ import annotations

import datetime as dt

from policy_site import plan as site
from policy_site.model import Kind, Text
from policy_site.parse import parse_body

OLD = "## 第1条（目的）\n\n当社は、個人情報を適切に取り扱います。\n"
NEW = "## 第1条（目的）\n\n当社は、個人情報を法令に従い適切に取り扱います。\n"


def _text(body: str, body_line: int = 6) -> Text:
    document, problems = parse_body("x.ja.md", body, body_line)
    assert problems == []
    return Text("ja", "x.ja.md", dt.date(2020, 1, 1), Kind.AMENDMENT, "", body, body_line, document)


def _counting(monkeypatch) -> list:
    made = []
    real = site.diff_documents

    def diff_documents(old, new, lang):
        made.append((old, new))
        return real(old, new, lang)

    monkeypatch.setattr(site, "diff_documents", diff_documents)
    return made


def test_a_diff_asked_for_again_is_made_once(monkeypatch):
    made = _counting(monkeypatch)
    cache = site.DiffCache()
    first = cache.diff(_text(OLD), _text(NEW))
    assert cache.diff(_text(OLD), _text(NEW)) is first  # other objects, the same texts
    assert len(made) == 1
    assert first.changed


def test_the_next_build_takes_over_what_it_needs_and_drops_the_rest(monkeypatch):
    made = _counting(monkeypatch)
    last = site.DiffCache()
    kept = last.diff(_text(OLD), _text(NEW))
    last.diff(_text(NEW), _text(OLD))
    this = site.DiffCache(last)
    assert this.diff(_text(OLD), _text(NEW)) is kept
    assert len(made) == 2
    after = site.DiffCache(this)  # what `this` did not ask for is gone
    after.diff(_text(NEW), _text(OLD))
    assert len(made) == 3


def test_a_text_that_moved_in_its_file_is_diffed_again(monkeypatch):
    """Parsed blocks carry their line in the file: a diff of the same words on other lines is
    another diff, so nothing made from an earlier state of a file is shown for a later one."""
    made = _counting(monkeypatch)
    cache = site.DiffCache()
    cache.diff(_text(OLD), _text(NEW))
    cache.diff(_text(OLD), _text(NEW, body_line=7))
    cache.diff(_text(OLD), _text("\n" + NEW))
    assert len(made) == 3
