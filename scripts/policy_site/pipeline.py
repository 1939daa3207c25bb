"""The one way the sources become a model: read, parse, record, check.

`policy check`, the other `policy` commands and the MkDocs build all start here, so they read
the same files, see the record's updates the same way and report the same problems. The model
is complete (its record's updates attached) before any rule runs, and no rule changes it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from .check import check_markup, check_sources
from .glossary import Term, check_policy_terms, glossaries
from .ledger import Ledger, ledger_path, load_ledger
from .model import Policy, PolicySettings, Problem, Severity
from .notice import check_notice, with_announcements
from .sources import load_policy, read_updates, relative

# The terminology of translations, shared by every policy of the site.
GLOSSARY = "glossary.yml"


@dataclass(frozen=True)
class PolicySources:
    """A policy as read from its files and its record, before any rule has been applied.

    `readable` is False when a version file or the record could not be read as a whole; the
    rules are then not applied, as what they would report follows from what is unreadable."""

    policy: Policy
    ledger: Ledger
    problems: tuple[Problem, ...]
    readable: bool
    terms: Mapping[str, list[Term]]  # the glossary's terms for each translation

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.is_error)


def read_policy(docs_dir: Path, settings: PolicySettings, root: Path) -> PolicySources:
    """Read and parse a policy's version files and its record, and attach the record's updates
    with the earlier texts they name, and each version's announcement day."""
    policy, problems = load_policy(docs_dir, settings, root)
    record = ledger_path(docs_dir, settings.id)
    ledger, ledger_problems = load_ledger(record, relative(record, root))
    problems += ledger_problems
    policy = with_announcements(policy, ledger)
    readable = not any(p.is_error for p in problems)
    if readable:
        updates, update_problems = read_updates(policy, ledger, docs_dir, root)
        policy = replace(policy, updates=updates)
        problems += update_problems
    terms = glossaries(docs_dir / GLOSSARY, policy)
    return PolicySources(policy, ledger, tuple(problems), readable, terms)


def check_read(sources: PolicySources, today: dt.date) -> list[Problem]:
    """Every rule on a policy read with its record: the sources, the record on `today`, and the
    markup of the earlier texts the record keeps."""
    if not sources.readable:
        return []
    problems = check_sources(sources.policy, sources.ledger, today)
    for update in sources.policy.updates:
        problems += check_markup(update.earlier)
    problems += check_notice(sources.policy, today)
    return problems + check_policy_terms(sources.policy, sources.terms, today)


@dataclass(frozen=True)
class Loaded:
    """Every policy of the site, read and checked: the model the pages are made from, each
    policy's record and "today", and every problem, ordered by `path:line`."""

    policies: tuple[Policy, ...]
    ledgers: Mapping[str, Ledger]
    todays: Mapping[str, dt.date]
    problems: tuple[Problem, ...]

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity is Severity.WARNING)


def load_site(
    docs_dir: Path, policies: Iterable[PolicySettings], root: Path, todays: Mapping[str, dt.date]
) -> Loaded:
    """Read and check every policy; `todays` gives each policy's "today" by id (the date in its
    own time zone, `history.policy_today`), which decides what is in force and what is backdated."""
    read, problems = [], []
    for settings in policies:
        sources = read_policy(docs_dir, settings, root)
        problems += sources.problems
        problems += check_read(sources, todays[settings.id])
        read.append(sources)
    return Loaded(
        tuple(s.policy for s in read),
        {s.policy.id: s.ledger for s in read},
        {s.policy.id: todays[s.policy.id] for s in read},
        tuple(sorted(problems, key=lambda p: (p.path, p.line))),
    )
