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
from .messages import Lines, Message
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
        raise CommandError(
            Message(
                "--effective %(value)s: write the date as YYYY-MM-DD, for example 2027-01-01", value=value
            )
        )
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(Message("--effective %(value)s: there is no such date", value=value)) from None


def new_version(project: Project, policy_id: str, effective: dt.date, today: dt.date) -> list[Path]:
    """Create the next version's file in every language, from the latest version's text."""
    settings = project.policy(policy_id)
    policy = load_versions(project, policy_id)
    if not policy.versions:
        raise CommandError(
            Message("policy '%(policy)s' has no version yet; write its enactment first", policy=policy_id)
        )
    latest = policy.versions[-1]
    if effective <= latest.effective:
        raise CommandError(
            Message(
                "--effective %(effective)s: the latest version takes effect on %(latest)s; a new version "
                "must take effect after it",
                effective=effective,
                latest=latest.effective,
            )
        )
    if effective < today:
        raise CommandError(
            Message(
                "--effective %(effective)s: that is before today (%(today)s in %(timezone)s); a version "
                "cannot take effect before it is published",
                effective=effective,
                today=today,
                timezone=settings.timezone,
            )
        )
    source = latest.texts.get(settings.source_language)
    if source is None:
        raise CommandError(
            Message(
                "version %(version)s has no %(lang)s text to start from",
                version=latest.id,
                lang=settings.source_language,
            )
        )
    paths = [
        version_path(project.docs_dir, policy_id, effective.isoformat(), lang)
        for lang in settings.languages
        if lang in latest.texts
    ]
    for path in paths:
        if path.exists():
            raise CommandError(Message("%(path)s already exists", path=relative(path, project.root)))
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
            raise CommandError(
                Message(
                    "no version %(version)s of '%(policy)s' (versions: %(known)s)",
                    version=version_id,
                    policy=policy_id,
                    known=", ".join(v.id for v in policy.versions),
                )
            )
        if lang not in version.texts:
            raise CommandError(
                Message("version %(version)s has no '%(lang)s' text", version=version_id, lang=lang)
            )
        texts.append(version.texts[lang])
    return diff_documents(texts[0].document, texts[1].document, lang)


def status(project: Project, today: dt.date | None = None) -> Lines:
    """Per policy: the version in force, upcoming ones, each translation's state and the record;
    one line each, ending with a newline, shown in any language (`in_language`)."""
    out: list[Message] = []
    for settings in project.policies:
        policy, ledger = load_recorded(project, settings.id)
        day = today or today_of(settings)
        current = current_version(policy, day)
        out.append(
            Message(
                "%(policy)s (%(title)s), today %(today)s in %(timezone)s",
                policy=settings.id,
                title=settings.title(settings.source_language),
                today=day,
                timezone=settings.timezone,
            )
        )
        out.append(Message("  current:  %(version)s", version=current.id if current else Message("none")))
        upcoming = ", ".join(v.id for v in upcoming_versions(policy, day))
        out.append(Message("  upcoming: %(versions)s", versions=upcoming or Message("none")))
        for version in policy.versions:
            parts = [_text_status(policy, ledger, version, lang) for lang in settings.languages]
            texts = Lines(parts, Message("; "))
            updates = len(ledger.updates_of(version.id))
            if updates:
                line = Message(
                    "  %(version)s: %(texts)s; %(count)s update(s)",
                    version=version.id,
                    texts=texts,
                    count=updates,
                )
            else:
                line = Message("  %(version)s: %(texts)s", version=version.id, texts=texts)
            out.append(line)
    return Lines([*out, ""])


_STATES = {
    TranslationState.CURRENT: lambda lang: Message("%(lang)s current", lang=lang),
    TranslationState.OUTDATED: lambda lang: Message("%(lang)s outdated", lang=lang),
    TranslationState.MISSING: lambda lang: Message("%(lang)s missing", lang=lang),
}


def _text_status(policy, ledger, version, lang: str) -> Message:
    """One language's text of a version in `policy status`: recorded or not, and for a
    translation its state and what it translates."""
    settings = policy.settings
    text = version.texts.get(lang)
    lock = ledger.lock_of(version.id, lang)
    if lock is None:
        recorded = Message("unrecorded")
    elif text and lock.sha256 == text.sha256:
        recorded = Message("recorded")
    else:
        recorded = Message("CHANGED")
    if lang == settings.source_language:
        return Message("%(lang)s %(record)s", lang=lang, record=recorded)
    state = translation_status(policy, version, lang)
    label = _STATES[state.state](lang)
    if state.state == TranslationState.OUTDATED:
        if state.earlier:
            label = Message("%(label)s (translates an earlier text)", label=label)
        elif state.translates:
            label = Message(
                "%(label)s (translates version %(version)s)", label=label, version=state.translates
            )
        else:
            label = Message("%(label)s (translates no known text)", label=label)
    source = version.texts.get(settings.source_language)
    if source and state.state != TranslationState.CURRENT:
        if recorded_as_published(ledger, version, lang, state):
            label = Message("%(label)s as published", label=label)
    return Message("%(label)s, %(record)s", label=label, record=recorded) if text else label


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
    title: Message
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
            raise CommandError(
                Message(
                    "git %(arguments)s failed: %(error)s",
                    arguments=" ".join(args),
                    error=getattr(exc, "stderr", "") or exc,
                )
            ) from None

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
                named = {"policy": settings.id, "version": version.id, "lang": lang}
                if earlier:
                    title = Message(
                        "%(policy)s %(version)s (%(lang)s): new version, compared with %(earlier)s",
                        **named,
                        earlier=earlier.effective,
                    )
                else:
                    title = Message("%(policy)s %(version)s (%(lang)s): new version", **named)
            else:
                old_source = git("show", f"{ref}:{path}")
                old_document = parse_body(path, body_of(old_source))[0]
                title = Message(
                    "%(policy)s %(version)s (%(lang)s): edited since %(ref)s",
                    policy=settings.id,
                    version=version.id,
                    lang=lang,
                    ref=ref,
                )
            results.append(
                ChangedText(
                    settings.id, version.id, lang, title, diff_documents(old_document, text.document, lang)
                )
            )
    return results
