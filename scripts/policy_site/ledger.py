"""The record that protects published history: `docs/<policy>/history.yml`.

It holds, for every text of every published version, the SHA-256 of its body and a short
hash of each line, so a changed text is caught and its first changed line named; and the
dated updates of texts already in effect: corrections (誤記訂正) and translation updates,
each with its reason, both hashes and the earlier text kept in `docs/<policy>/earlier/`.
A history brought in with `policy import` also records translations as they were published:
one made from another version's source text (`translates: <version>`), and a language a
version was never translated into (`missing: true`).
The `policy` command writes this file; people don't.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .messages import Message
from .model import Problem, Update, UpdateKind, text_sha256
from .parse import split_front_matter

LEDGER_NAME = "history.yml"
EARLIER_DIR = "earlier"
HEADER = (
    "# The published record of this policy, written by the `policy` command (policy lock,\n"
    "# policy import, policy correct, policy update-translation). Do not edit it by hand.\n"
)


@dataclass(frozen=True)
class Lock:
    """The recorded state of one published text."""

    sha256: str
    lines: tuple[str, ...]
    # For a translation published as made from another version's source text (recorded by
    # `policy import`): that version's id. None when it translates its own version's source.
    translates: str | None = None
    # The SHA-256 of its front matter's 'kind:' and 'summary:', which are published with it;
    # None in a record written before they were locked, until `policy lock` records them.
    front: str | None = None
    # The day `policy lock` first recorded it: for a source text, the day its version was
    # announced on the site. None for a history brought in with `policy import`, and in a
    # record written before the day was kept.
    recorded: dt.date | None = None


@dataclass
class Ledger:
    path: Path
    locks: dict[str, dict[str, Lock]] = field(default_factory=dict)  # version -> lang -> lock
    updates: list[Update] = field(default_factory=list)
    # version -> languages it was published without a translation into (recorded at import)
    missing: dict[str, set[str]] = field(default_factory=dict)

    def lock_of(self, version: str, lang: str) -> Lock | None:
        return self.locks.get(version, {}).get(lang)

    def recorded_missing(self, version: str, lang: str) -> bool:
        """Whether the record says `version` was published with no `lang` translation."""
        return lang in self.missing.get(version, ())

    def record(self, version: str, lang: str, lock: Lock) -> None:
        """Record a text; a text now present is no longer missing."""
        self.locks.setdefault(version, {})[lang] = lock
        self.missing.get(version, set()).discard(lang)
        if version in self.missing and not self.missing[version]:
            del self.missing[version]

    def updates_of(self, version: str, lang: str | None = None) -> list[Update]:
        return [u for u in self.updates if u.version == version and (lang is None or u.lang == lang)]


def body_of(text: str) -> str:
    """The part of a version file that is locked: everything after the front matter."""
    return split_front_matter(text.removeprefix("\ufeff").replace("\r\n", "\n"))[1]


def line_hashes(body: str) -> tuple[str, ...]:
    """A short hash per line, enough to name the first line that changed."""
    return tuple(hashlib.sha256(line.encode("utf-8")).hexdigest()[:12] for line in body.split("\n"))


def front_of(text) -> str:
    """What is locked of a text's front matter, as readers see it: its kind, its summary and,
    where the file states it, the day it was announced (a record without one still matches)."""
    locked = f"kind: {text.kind.value}\nsummary: {text.summary}"
    if text.announced is not None:
        locked += f"\nannounced: {text.announced.isoformat()}"
    return text_sha256(locked)


def lock_for(body: str, front: str | None = None, recorded: dt.date | None = None) -> Lock:
    """The record of a text as published: its body, line by line, (`front_of`) its kind and
    summary, and the day it was first recorded."""
    return Lock(text_sha256(body), line_hashes(body), front=front, recorded=recorded)


def first_changed_line(lock: Lock, body: str) -> int:
    """The 0-based index in `body` of the first line that differs from the locked text."""
    for index, (locked, now) in enumerate(zip(lock.lines, line_hashes(body), strict=False)):
        if locked != now:
            return index
    return min(len(lock.lines), len(body.split("\n")) - 1)


def ledger_path(docs_dir: Path, policy_id: str) -> Path:
    return docs_dir / policy_id / LEDGER_NAME


def load_ledger(path: Path, shown: str) -> tuple[Ledger, list[Problem]]:
    """Read the record; a missing file is an empty record."""
    ledger = Ledger(path)
    if not path.exists():
        return ledger, []
    try:
        data = yaml.load(path.read_text("utf-8"), Loader=_Loader) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return ledger, [
            Problem(
                shown,
                1 + (mark.line if mark else 0),
                Message(
                    "not valid YAML: %(error)s; restore it from version control: it is written by "
                    "the policy command",
                    error=exc,
                ),
            )
        ]
    problems: list[Problem] = []
    try:
        for version, langs in (data.get("locked") or {}).items():
            for lang, entry in langs.items():
                if entry.get("missing") is True and "sha256" not in entry:
                    ledger.missing.setdefault(str(version), set()).add(str(lang))
                    continue
                lines = tuple(str(entry["lines"]).split())
                translates, front = entry.get("translates"), entry.get("front")
                recorded = entry.get("recorded")
                ledger.locks.setdefault(str(version), {})[str(lang)] = Lock(
                    str(entry["sha256"]),
                    lines,
                    None if translates is None else str(translates),
                    None if front is None else str(front),
                    None if recorded is None else dt.date.fromisoformat(str(recorded)),
                )
        for entry in data.get("updates") or []:
            ledger.updates.append(
                Update(
                    dt.date.fromisoformat(str(entry["date"])),
                    str(entry["version"]),
                    str(entry["lang"]),
                    UpdateKind(str(entry["kind"])),
                    str(entry["reason"]),
                    str(entry["before"]),
                    str(entry["after"]),
                    str(entry["earlier"]),
                )
            )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        problems.append(
            Problem(
                shown,
                1,
                Message(
                    "the record is damaged (%(error)s); restore it from version control: it is "
                    "written by the policy command",
                    error=repr(exc),
                ),
            )
        )
    return ledger, problems


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml's parser when present: ~10x faster
    pass


_Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag not in {"tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:int"}]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _Folded(str):
    """A string written as a folded block (`>-`): the line hashes, a few to a line."""


class _Dumper(yaml.SafeDumper):
    """PyYAML's safe dumper, with lists indented under their key as people write them, and
    the line hashes folded seven to a line (98 columns, which review tools show unwrapped)
    while a reason stays on one line, as it reads."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        return super().increase_indent(flow, False)

    def write_folded(self, text: str) -> None:
        wide, self.best_width = self.best_width, _FOLD_WIDTH
        try:
            super().write_folded(text)
        finally:
            self.best_width = wide


_Dumper.add_representer(
    _Folded, lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:str", str(value), style=">")
)
_FOLD_WIDTH = 96
_WIDTH = 10_000


def _leading_comments(path: Path) -> str:
    """The comment block an existing record starts with, or the standard header."""
    try:
        lines = path.read_text("utf-8").splitlines(keepends=True)
    except (FileNotFoundError, UnicodeDecodeError):
        return HEADER
    block = []
    for line in lines:
        if not line.startswith("#"):
            break
        block.append(line if line.endswith("\n") else line + "\n")
    return "".join(block) or HEADER


def _as_data(ledger: Ledger) -> dict:
    """The record as plain data, in a stable order, so that its diffs in review are small."""
    locked: dict[str, dict[str, dict]] = {}
    for version in sorted(set(ledger.locks) | set(ledger.missing)):
        locks = ledger.locks.get(version, {})
        entries = locked[version] = {}
        for lang in sorted(set(locks) | ledger.missing.get(version, set())):
            lock = locks.get(lang)
            if lock is None:
                entries[lang] = {"missing": True}
                continue
            entry = entries[lang] = {"sha256": lock.sha256}
            if lock.recorded is not None:
                entry["recorded"] = lock.recorded.isoformat()
            if lock.translates is not None:
                entry["translates"] = lock.translates
            if lock.front is not None:
                entry["front"] = lock.front
            entry["lines"] = _Folded(" ".join(lock.lines))
    updates = [
        {
            "date": update.date.isoformat(),
            "version": update.version,
            "lang": update.lang,
            "kind": update.kind.value,
            "reason": update.reason,
            "before": update.before,
            "after": update.after,
            "earlier": update.earlier,
        }
        for update in sorted(ledger.updates, key=lambda u: (u.date, u.version, u.lang))
    ]
    return {"locked": locked, "updates": updates}


def save_ledger(ledger: Ledger) -> None:
    """Write the record with PyYAML's safe dumper, which quotes whatever YAML would read as
    something other than a string (a language `no`, a version `2027-01-01`), under the comment
    block it starts with."""
    data = yaml.dump(_as_data(ledger), Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=_WIDTH)
    ledger.path.write_text(_leading_comments(ledger.path) + data, encoding="utf-8")
