"""The project a `policy` command works on: the settings `mkdocs.yml` gives, and the policies read
from its sources, refused with every error named when a command cannot work on them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .history import policy_today
from .ledger import Ledger
from .messages import Lines, Message, shown
from .model import Policy, PolicySettings, Problem
from .pipeline import read_policy
from .sources import load_policy


@dataclass(frozen=True)
class Project:
    """Where the sources are and which policies they hold, as `mkdocs.yml` says."""

    root: Path
    docs_dir: Path
    policies: tuple[PolicySettings, ...]

    def policy(self, policy_id: str) -> PolicySettings:
        for settings in self.policies:
            if settings.id == policy_id:
                return settings
        if not self.policies:
            raise CommandError(
                Message("no policy '%(policy)s' in mkdocs.yml (known: none)", policy=policy_id)
            )
        raise CommandError(
            Message(
                "no policy '%(policy)s' in mkdocs.yml (known: %(known)s)",
                policy=policy_id,
                known=", ".join(s.id for s in self.policies),
            )
        )


class CommandError(Exception):
    """A mistake in how a command was called, reported without a traceback.

    `message` says what to do, in any language (`in_language`); as a string, in English."""

    def __init__(self, message: Message) -> None:
        super().__init__(message)
        self.message = message

    def in_language(self, lang: str) -> str:
        return shown(self.message, lang)


def today_of(settings: PolicySettings) -> dt.date:
    """A policy's "today" in its time zone; a `SOURCE_DATE_EPOCH` that is no time is refused."""
    try:
        return policy_today(settings)
    except ValueError as exc:
        raise CommandError(exc.args[0]) from None


def refuse_errors(problems: Iterable[Problem]) -> None:
    """Stop a command on sources it cannot work on, naming every error."""
    errors = [p for p in problems if p.is_error]
    if errors:
        raise CommandError(Message("fix these first:\n%(errors)s", errors=Lines(errors)))


def load_recorded(project: Project, policy_id: str) -> tuple[Policy, Ledger]:
    """A policy with its record's updates, and the record, for a command that records."""
    sources = read_policy(project.docs_dir, project.policy(policy_id), project.root)
    refuse_errors(sources.problems)
    return sources.policy, sources.ledger


def load_versions(project: Project, policy_id: str) -> Policy:
    """A policy's versions only, for a command that does not read the record."""
    policy, problems = load_policy(project.docs_dir, project.policy(policy_id), project.root)
    refuse_errors(problems)
    return policy
