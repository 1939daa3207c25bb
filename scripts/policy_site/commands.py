"""What the `policy` commands do, on loaded settings; the CLI only parses and prints."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .diff import DocumentDiff, diff_documents
from .glossary import check_policy_terms
from .history import current_version, upcoming_versions
from .ledger import body_of
from .model import Kind, Problem, text_sha256
from .parse import parse_body
from .pipeline import Loaded, load_site, read_policy
from .project import CommandError, Project, load_recorded, load_versions, refuse_errors, today_of
from .protect import TranslationState, recorded_as_published, translation_status
from .sources import VERSION_FILE, relative, version_path


def check(project: Project, today: dt.date | None = None) -> Loaded:
    """Read and check every policy, on `today` or each policy's own today: the model and every
    problem, errors and warnings alike, as the build sees them."""
    todays = {s.id: today or today_of(s) for s in project.policies}
    return load_site(project.docs_dir, project.policies, project.root, todays)


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
    policy = load_versions(project, policy_id)
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
            f"--effective {effective}: that is before today ({today} in {settings.timezone}); "
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
    policy = load_versions(project, policy_id)
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


def status(project: Project, today: dt.date | None = None) -> str:
    """Per policy: the version in force, upcoming ones, each translation's state and the record."""
    out = []
    for settings in project.policies:
        policy, ledger = load_recorded(project, settings.id)
        day = today or today_of(settings)
        current = current_version(policy, day)
        out.append(
            f"{settings.id} ({settings.title(settings.source_language)}), today {day} in {settings.timezone}"
        )
        out.append(f"  current:  {current.id if current else 'none'}")
        upcoming = upcoming_versions(policy, day)
        out.append(f"  upcoming: {', '.join(v.id for v in upcoming) or 'none'}")
        for version in policy.versions:
            source = version.texts.get(settings.source_language)
            parts = []
            for lang in settings.languages:
                text = version.texts.get(lang)
                lock = ledger.lock_of(version.id, lang)
                recorded = (
                    "unrecorded"
                    if lock is None
                    else "recorded"
                    if text and lock.sha256 == text.sha256
                    else "CHANGED"
                )
                if lang == settings.source_language:
                    parts.append(f"{lang} {recorded}")
                else:
                    state = translation_status(policy, version, lang)
                    label = f"{lang} {state.state.value}"
                    if state.state == TranslationState.OUTDATED:
                        of = (
                            "an earlier text"
                            if state.earlier
                            else f"version {state.translates}"
                            if state.translates
                            else "no known text"
                        )
                        label += f" (translates {of})"
                    if source and state.state != TranslationState.CURRENT:
                        if recorded_as_published(ledger, version, lang, state):
                            label += " as published"
                    parts.append(f"{label}, {recorded}" if text else label)
            updates = len(ledger.updates_of(version.id))
            extra = f"; {updates} update(s)" if updates else ""
            out.append(f"  {version.id}: {'; '.join(parts)}{extra}")
    return "\n".join(out) + "\n"


def terms(project: Project, today: dt.date | None = None) -> list[Problem]:
    """The glossary check on the version of each policy in force today and on every upcoming
    version and draft, in every translation (as `policy check` reports it, as warnings)."""
    findings: list[Problem] = []
    for settings in project.policies:
        sources = read_policy(project.docs_dir, settings, project.root)
        refuse_errors(sources.problems)
        findings += check_policy_terms(sources.policy, sources.terms, today or today_of(settings))
    return findings


@dataclass(frozen=True)
class ChangedText:
    """A version text that a change adds or edits, with what to compare it to."""

    policy: str
    version: str
    lang: str
    title: str
    diff: DocumentDiff


def changed_since(project: Project, ref: str) -> list[ChangedText]:
    """Every version text added or edited since `ref` (a git revision), each with its diff:
    a new version against its predecessor, an edited one against its text at `ref`."""

    def git(*args: str) -> str:
        try:
            return subprocess.run(
                ["git", "-C", str(project.root), *args], capture_output=True, text=True, check=True
            ).stdout
        except (OSError, subprocess.CalledProcessError) as exc:
            raise CommandError(f"git {' '.join(args)} failed: {getattr(exc, 'stderr', '') or exc}") from None

    docs = project.docs_dir.resolve().relative_to(project.root).as_posix()
    changed: dict[str, str] = {}
    for line in git("diff", "--name-status", "--no-renames", ref, "--", docs).splitlines():
        status, path = line.split("\t", 1)
        changed[path] = status[0]
    for path in git("ls-files", "--others", "--exclude-standard", "--", docs).splitlines():
        changed[path] = "A"
    results = []
    for settings in project.policies:
        policy, _ = load_recorded(project, settings.id)
        prefix = f"{docs}/{settings.id}/versions/"
        for path, status in sorted(changed.items()):
            if not path.startswith(prefix) or status == "D":
                continue
            match = VERSION_FILE.match(path[len(prefix) :])
            if not match or policy.version(match["date"]) is None:
                continue
            version, lang = policy.version(match["date"]), match["lang"]
            text = version.texts.get(lang)
            if text is None:
                continue
            if status == "A":
                index = policy.versions.index(version)
                earlier = next(
                    (v.texts[lang] for v in reversed(policy.versions[:index]) if lang in v.texts), None
                )
                old_document = earlier.document if earlier else parse_body(path, "")[0]
                title = f"{settings.id} {version.id} ({lang}): new version" + (
                    f", compared with {earlier.effective}" if earlier else ""
                )
            else:
                old_source = git("show", f"{ref}:{path}")
                old_document = parse_body(path, body_of(old_source))[0]
                title = f"{settings.id} {version.id} ({lang}): edited since {ref}"
            results.append(
                ChangedText(
                    settings.id, version.id, lang, title, diff_documents(old_document, text.document, lang)
                )
            )
    return results
