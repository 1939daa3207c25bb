"""What the `policy` commands do, on loaded settings; the CLI only parses and prints."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from .diff import DocumentDiff, diff_documents
from .glossary import check_terms, load_glossary
from .history import current_version, policy_today, upcoming_versions
from .ledger import EARLIER_DIR, Ledger, body_of, lock_for, save_ledger
from .model import Kind, Policy, PolicySettings, Problem, Update, UpdateKind, text_sha256
from .parse import parse_body, split_front_matter
from .pipeline import Loaded, load_site, read_policy
from .protect import TranslationState, recorded_as_published, translation_status
from .sources import VERSION_FILE, load_policy, relative, version_path
from .updates import published_since


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


def today_of(settings: PolicySettings) -> dt.date:
    """A policy's "today" in its time zone; a `SOURCE_DATE_EPOCH` that is no time is refused."""
    try:
        return policy_today(settings)
    except ValueError as exc:
        raise CommandError(str(exc)) from None


def check(project: Project, today: dt.date | None = None) -> Loaded:
    """Read and check every policy, on `today` or each policy's own today: the model and every
    problem, errors and warnings alike, as the build sees them."""
    todays = {s.id: today or today_of(s) for s in project.policies}
    return load_site(project.docs_dir, project.policies, project.root, todays)


def _refuse_errors(problems: Iterable[Problem]) -> None:
    """Stop a command on sources it cannot work on, naming every error."""
    errors = [p for p in problems if p.is_error]
    if errors:
        raise CommandError("fix these first:\n" + "\n".join(map(str, errors)))


def _load(project: Project, policy_id: str) -> tuple[Policy, Ledger]:
    """A policy with its record's updates, and the record, for a command that records."""
    sources = read_policy(project.docs_dir, project.policy(policy_id), project.root)
    _refuse_errors(sources.problems)
    return sources.policy, sources.ledger


def _versions(project: Project, policy_id: str) -> Policy:
    """A policy's versions only, for a command that does not read the record."""
    policy, problems = load_policy(project.docs_dir, project.policy(policy_id), project.root)
    _refuse_errors(problems)
    return policy


def _changed_in_effect(pid: str, version_id: str, lang: str, source_lang: str, path: str) -> str:
    how = (
        f'policy correct {pid} {version_id} --reason "…"'
        if lang == source_lang
        else f'policy update-translation {pid} {version_id} --lang {lang} --reason "…"'
    )
    return f"{path}: version {version_id} is in effect and this text changed since it was recorded; record the change with: {how}"


def lock(project: Project, policy_id: str, today: dt.date) -> list[str]:
    """Record every text that is ready to publish; refuse to overwrite what is in effect.

    A source text dated before today that was never recorded is refused as backdated: an
    existing history is brought in with `import_history` instead."""
    policy, ledger = _load(project, policy_id)
    source_lang = policy.settings.source_language
    recorded, refused = [], []
    for version in policy.versions:
        for lang, text in version.texts.items():
            current = ledger.lock_of(version.id, lang)
            if current is not None and current.sha256 == text.sha256:
                continue
            if current is not None and version.effective <= today:
                refused.append(_changed_in_effect(policy_id, version.id, lang, source_lang, text.path))
                continue
            if current is None and version.effective < today and lang == source_lang:
                refused.append(
                    f"{text.path}: 'effective: {version.id}' is before today ({today} in {policy.settings.timezone}); a "
                    "version may not take effect before the day it is published. If it was published "
                    "on that date, before this tool was adopted, record the existing history "
                    f"with: policy import {policy_id}"
                )
                continue
            ledger.record(version.id, lang, lock_for(text.body))
            recorded.append(text.path)
    if refused:
        raise CommandError("nothing was recorded:\n" + "\n".join(refused))
    if recorded:
        save_ledger(ledger)
    return recorded


def import_history(project: Project, policy_id: str, today: dt.date) -> list[str]:
    """Record a policy's existing history as published: every text, whatever its date, and each
    translation of a version in effect as it was published.

    A translation made from another version's source text is recorded as translating that
    version, and a language a version in effect has no text in is recorded as missing, so
    neither is reported as drift. A text recorded earlier that has changed, and a translation
    whose source hash matches no source text, are refused, and then nothing is recorded.
    Returns one line per thing recorded."""
    policy, ledger = _load(project, policy_id)
    settings = policy.settings
    source_lang = settings.source_language
    recorded, refused = [], []
    for version in policy.versions:
        source = version.texts.get(source_lang)
        if source is None:
            some = next(iter(version.texts.values()))
            refused.append(
                f"{some.path}: version {version.id} has no {source_lang} text, which is the source "
                f"of truth; add {version.id}.{source_lang}.md"
            )
            continue
        in_effect = version.effective <= today
        for lang, text in version.texts.items():
            current = ledger.lock_of(version.id, lang)
            if current is not None and current.sha256 == text.sha256:
                continue
            if current is not None and in_effect:
                refused.append(_changed_in_effect(policy_id, version.id, lang, source_lang, text.path))
                continue
            ledger.record(version.id, lang, lock_for(text.body))
            recorded.append(f"recorded {text.path}")
        if not in_effect:
            continue  # an upcoming version's translations are brought up to date before it is
        for lang in settings.translations:
            status = translation_status(policy, version, lang)
            text = version.texts.get(lang)
            if status.state == TranslationState.MISSING:
                if not ledger.recorded_missing(version.id, lang):
                    ledger.missing.setdefault(version.id, set()).add(lang)
                    recorded.append(f"recorded {version.id}: published with no '{lang}' translation")
                continue
            lock = ledger.lock_of(version.id, lang)
            if lock is None:
                continue  # refused above
            if status.state == TranslationState.CURRENT:
                if lock.translates is not None:
                    ledger.locks[version.id][lang] = replace(lock, translates=None)
                continue
            update = f'policy update-translation {policy_id} {version.id} --lang {lang} --reason "…"'
            if text.translation is None:
                refused.append(
                    f"{text.path}: a translation must say what it translates: add 'translation:' "
                    f"with 'source:' (the SHA-256 of the {source_lang} text it translates) and 'updated:'"
                )
            elif status.earlier:
                refused.append(
                    f"{text.path}: this translation translates an earlier text of {source.path}, "
                    f"before a recorded correction; bring it up to date, then run: {update}"
                )
            elif status.translates is None:
                refused.append(
                    f"{text.path}:{text.line_of('translation.source')}: 'translation: source:' matches "
                    f"no {source_lang} text of this policy; set it to the SHA-256 of the {source_lang} "
                    "text it translates (each version's page shows it), or, if it translates "
                    f"{source.path}, run: {update}"
                )
            elif lock.translates != status.translates:
                ledger.locks[version.id][lang] = replace(lock, translates=status.translates)
                recorded.append(
                    f"recorded {text.path}: translates the {source_lang} text of version "
                    f"{status.translates}, as published"
                )
    if refused:
        raise CommandError("nothing was recorded:\n" + "\n".join(refused))
    if recorded:
        save_ledger(ledger)
    return recorded


def _recorded_text(project: Project, path: Path, sha256: str) -> str:
    """The recorded text of a file, found in version control by its hash."""
    rel = path.resolve().relative_to(project.root).as_posix()
    try:
        commits = subprocess.run(
            ["git", "-C", str(project.root), "log", "--format=%H", "--", rel],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        for commit in ["HEAD", *commits]:
            shown = subprocess.run(
                ["git", "-C", str(project.root), "show", f"{commit}:{rel}"], capture_output=True, check=False
            )
            if shown.returncode == 0:
                text = shown.stdout.decode("utf-8")
                if text_sha256(body_of(text)) == sha256:
                    return text
    except (OSError, subprocess.CalledProcessError, UnicodeDecodeError):
        pass
    raise CommandError(
        f"{rel}: the recorded text (sha256 {sha256[:12]}…) is not in the git history, "
        "so it cannot be kept as the earlier text; commit the recorded text first"
    )


def _record_update(project, policy, ledger, version_id, lang, kind, reason, today) -> Update | None:
    version = policy.version(version_id)
    if version is None:
        raise CommandError(f"no version {version_id} of '{policy.id}'")
    text = version.texts.get(lang)
    if text is None:
        raise CommandError(f"version {version_id} has no '{lang}' text")
    current = ledger.lock_of(version_id, lang)
    if current is None:
        if version.effective < today and ledger.lock_of(version_id, policy.settings.source_language) is None:
            raise CommandError(
                f"{text.path} was never recorded; if version {version_id} was published before "
                f"this tool was adopted, record the existing history with: policy import {policy.id}"
            )
        raise CommandError(
            f"{text.path} was never recorded; before publication, just edit it and "
            f"run: policy lock {policy.id}"
        )
    if current.sha256 == text.sha256:
        return None  # the text is as recorded: nothing to record
    if not reason.strip():
        raise CommandError("--reason: say why, in a sentence readers will see in the history")
    file = version_path(project.docs_dir, policy.id, version_id, lang)
    earlier_text = _recorded_text(project, file, current.sha256)
    since = published_since(ledger.updates, version, lang)
    folder = project.docs_dir / policy.id / EARLIER_DIR
    folder.mkdir(parents=True, exist_ok=True)
    earlier = folder / f"{version_id}.{lang}.{since.isoformat()}.md"
    earlier.write_text(earlier_text, encoding="utf-8")
    update = Update(
        today,
        version_id,
        lang,
        kind,
        reason.strip(),
        current.sha256,
        text.sha256,
        f"{EARLIER_DIR}/{earlier.name}",
    )
    ledger.updates.append(update)
    ledger.locks[version_id][lang] = lock_for(text.body)
    return update


def correct(
    project: Project, policy_id: str, version_id: str, reason: str, today: dt.date, lang: str | None = None
) -> Update:
    """Record a correction (誤記訂正) of a text in effect: date, reason, both hashes, earlier text."""
    policy, ledger = _load(project, policy_id)
    lang = lang or policy.settings.source_language
    update = _record_update(project, policy, ledger, version_id, lang, UpdateKind.CORRECTION, reason, today)
    if update is None:
        raise CommandError(f"version {version_id} ({lang}) is unchanged: there is nothing to correct")
    save_ledger(ledger)
    return update


def update_translation(
    project: Project, policy_id: str, version_id: str, lang: str, reason: str, today: dt.date
) -> tuple[Update | None, Path]:
    """Mark a translation as translating the current source; record its change, if any."""
    policy, ledger = _load(project, policy_id)
    if lang == policy.settings.source_language:
        raise CommandError(
            f"'{lang}' is the source language; record its changes as a correction (誤記訂正) with: "
            f'policy correct {policy_id} {version_id} --reason "…"'
        )
    version = policy.version(version_id)
    if version is None or lang not in version.texts:
        raise CommandError(f"no '{lang}' text of version {version_id} of '{policy_id}'")
    source = version.texts[policy.settings.source_language]
    update = None
    if ledger.lock_of(version_id, lang) is not None and version.effective <= today:
        update = _record_update(
            project, policy, ledger, version_id, lang, UpdateKind.TRANSLATION, reason, today
        )
        lock = ledger.lock_of(version_id, lang)
        if lock.translates is not None:  # from now on it translates its own version's source
            ledger.locks[version_id][lang] = replace(lock, translates=None)
    else:
        ledger.record(version_id, lang, lock_for(version.texts[lang].body))
    path = version_path(project.docs_dir, policy_id, version_id, lang)
    _stamp_translation(path, source.sha256, today)
    save_ledger(ledger)
    return update, path


def _stamp_translation(path: Path, source_sha256: str, today: dt.date) -> None:
    """Set `translation: source:` and `updated:` in a file's front matter, leaving the rest."""
    content = path.read_text("utf-8")
    raw, body, _ = split_front_matter(content)
    lines = [line for line in (raw or "").split("\n")]
    out, inside = [], False
    for line in lines:
        if line.startswith("translation:"):
            inside = True
            continue
        if inside and line.startswith((" ", "\t")):
            continue
        inside = False
        out.append(line)
    out += ["translation:", f"  source: {source_sha256}", f"  updated: {today.isoformat()}"]
    path.write_text("---\n" + "\n".join(out) + "\n---\n" + body, encoding="utf-8")


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
    policy = _versions(project, policy_id)
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
    policy = _versions(project, policy_id)
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
        policy, ledger = _load(project, settings.id)
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
    """The glossary check on the version of each policy in force today, in every translation."""
    findings: list[Problem] = []
    for settings in project.policies:
        policy, _ = _load(project, settings.id)
        version = current_version(policy, today or today_of(settings))
        if version is None or settings.source_language not in version.texts:
            continue
        for lang in settings.translations:
            glossary = load_glossary(project.docs_dir / "glossary.yml", settings.source_language, lang)
            if lang in version.texts:
                findings += check_terms(
                    version.texts[settings.source_language], version.texts[lang], glossary
                )
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
        policy, _ = _load(project, settings.id)
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
