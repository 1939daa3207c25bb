"""What the `policy` commands do, on loaded settings; the CLI only parses and prints."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from .check import check_policy
from .diff import DocumentDiff, diff_documents
from .model import Kind, Policy, PolicySettings, Problem, text_sha256
from .sources import load_policy, relative, version_path


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
        known = ", ".join(s.id for s in self.policies) or "none"
        raise CommandError(f"no policy '{policy_id}' in mkdocs.yml (known: {known})")


class CommandError(Exception):
    """A mistake in how a command was called, reported without a traceback."""


def check(project: Project) -> tuple[list[Policy], list[Problem]]:
    """Load and check every policy; return them and all problems, errors and warnings alike."""
    policies, problems = [], []
    for settings in project.policies:
        policy, load_problems = load_policy(project.docs_dir, settings, project.root)
        problems += load_problems
        if not any(p.severity == "error" for p in load_problems):
            problems += check_policy(policy)
        policies.append(policy)
    return policies, sorted(problems, key=lambda p: (p.path, p.line))


def parse_effective(value: str) -> dt.date:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise CommandError(f"--effective {value}: write the date as YYYY-MM-DD, for example 2027-01-01")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--effective {value}: there is no such date") from None


def new_version(project: Project, policy_id: str, effective: dt.date, today: dt.date) -> list[Path]:
    """Create the next version's file in every language, from the latest version's text."""
    settings = project.policy(policy_id)
    policy, problems = load_policy(project.docs_dir, settings, project.root)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise CommandError("fix these first:\n" + "\n".join(map(str, errors)))
    if not policy.versions:
        raise CommandError(f"policy '{policy_id}' has no version yet; write its enactment first")
    latest = policy.versions[-1]
    if effective <= latest.effective:
        raise CommandError(
            f"--effective {effective}: the latest version takes effect on "
            f"{latest.effective}; a new version must take effect after it"
        )
    if effective < today:
        raise CommandError(
            f"--effective {effective}: that is before today ({today} in Japan); "
            "a version cannot take effect before it is published"
        )
    source = latest.texts.get(settings.source_language)
    if source is None:
        raise CommandError(f"version {latest.id} has no {settings.source_language} text to start from")
    paths = [
        version_path(project.docs_dir, policy_id, effective.isoformat(), lang)
        for lang in settings.languages
        if lang in latest.texts
    ]
    for path in paths:
        if path.exists():
            raise CommandError(f"{relative(path, project.root)} already exists")
    for path, lang in zip(paths, [lang for lang in settings.languages if lang in latest.texts], strict=False):
        text = latest.texts[lang]
        front = [f"effective: {effective.isoformat()}", f"kind: {Kind.AMENDMENT.value}", "summary:"]
        if lang != settings.source_language:
            front += [
                "translation:",
                f"  source: {text_sha256(source.body)}",
                f"  updated: {today.isoformat()}",
            ]
        path.write_text("---\n" + "\n".join(front) + "\n---\n" + text.body, encoding="utf-8")
    return paths


def diff_versions(
    project: Project, policy_id: str, old_id: str, new_id: str, lang: str | None
) -> DocumentDiff:
    """The diff between two versions of a policy in one language (by default the source one)."""
    settings = project.policy(policy_id)
    policy, problems = load_policy(project.docs_dir, settings, project.root)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise CommandError("fix these first:\n" + "\n".join(map(str, errors)))
    lang = lang or settings.source_language
    texts = []
    for version_id in (old_id, new_id):
        version = policy.version(version_id)
        if version is None:
            known = ", ".join(v.id for v in policy.versions)
            raise CommandError(f"no version {version_id} of '{policy_id}' (versions: {known})")
        if lang not in version.texts:
            raise CommandError(f"version {version_id} has no '{lang}' text")
        texts.append(version.texts[lang])
    return diff_documents(texts[0].document, texts[1].document, lang)
