"""The `policy` commands that write the record (history.yml): lock a version, import an
existing history, record a correction or a translation update."""

from __future__ import annotations

import datetime as dt
import subprocess
from dataclasses import replace
from pathlib import Path

from .ledger import EARLIER_DIR, body_of, front_of, lock_for, save_ledger
from .messages import Lines, Message
from .model import Update, UpdateKind, text_sha256
from .parse import split_front_matter
from .project import CommandError, Project, load_recorded
from .protect import TranslationState, translation_status
from .sources import version_path
from .updates import published_since


def _front_changed(version_id: str, text) -> Message:
    return Message(
        "%(path)s:%(line)s: version %(version)s is in effect and its 'kind:' and 'summary:' were "
        "published as they were recorded; restore them (git checkout the file's front matter); the "
        "history shows them as published",
        path=text.path,
        line=text.line_of("summary"),
        version=version_id,
    )


def _changed_in_effect(pid: str, version_id: str, lang: str, source_lang: str, path: str) -> Message:
    how = (
        f'policy correct {pid} {version_id} --reason "…"'
        if lang == source_lang
        else f'policy update-translation {pid} {version_id} --lang {lang} --reason "…"'
    )
    return Message(
        "%(path)s: version %(version)s is in effect and this text changed since it was recorded; "
        "record the change with: %(command)s",
        path=path,
        version=version_id,
        command=how,
    )


def _nothing_recorded(refused: list[Message]) -> CommandError:
    return CommandError(Message("nothing was recorded:\n%(refused)s", refused=Lines(refused)))


def lock(project: Project, policy_id: str, today: dt.date) -> list[str]:
    """Record every text that is ready to publish; refuse to overwrite what is in effect.

    A source text dated before today that was never recorded is refused as backdated: an
    existing history is brought in with `import_history` instead."""
    policy, ledger = load_recorded(project, policy_id)
    source_lang = policy.settings.source_language
    recorded, refused = [], []
    for version in policy.versions:
        for lang, text in version.texts.items():
            current = ledger.lock_of(version.id, lang)
            if current is not None and current.sha256 == text.sha256 and current.front == front_of(text):
                continue
            if current is not None and version.effective <= today:
                if current.sha256 == text.sha256 and current.front is None:
                    # A record from before kind and summary were locked: they are recorded as they stand.
                    ledger.record(version.id, lang, replace(current, front=front_of(text)))
                    recorded.append(text.path)
                elif current.sha256 == text.sha256:
                    refused.append(_front_changed(version.id, text))
                else:
                    refused.append(_changed_in_effect(policy_id, version.id, lang, source_lang, text.path))
                continue
            if current is None and version.effective < today and lang == source_lang:
                refused.append(
                    Message(
                        "%(path)s: 'effective: %(version)s' is before today (%(today)s in %(timezone)s); "
                        "a version may not take effect before the day it is published. If it was "
                        "published on that date, before this tool was adopted, record the existing "
                        "history with: policy import %(policy)s",
                        path=text.path,
                        version=version.id,
                        today=today,
                        timezone=policy.settings.timezone,
                        policy=policy_id,
                    )
                )
                continue
            # An upcoming text recorded again keeps the day it was first recorded: its announcement.
            first = current.recorded if current is not None and current.recorded else today
            ledger.record(version.id, lang, lock_for(text.body, front_of(text), first))
            recorded.append(text.path)
    if refused:
        raise _nothing_recorded(refused)
    if recorded:
        save_ledger(ledger)
    return recorded


def import_history(project: Project, policy_id: str, today: dt.date) -> list[Message]:
    """Record a policy's existing history as published: every text, whatever its date, and each
    translation of a version in effect as it was published.

    A translation made from another version's source text is recorded as translating that
    version, and a language a version in effect has no text in is recorded as missing, so
    neither is reported as drift. A text recorded earlier that has changed, and a translation
    whose source hash matches no source text, are refused, and then nothing is recorded.
    Returns one message per thing recorded."""
    policy, ledger = load_recorded(project, policy_id)
    settings = policy.settings
    source_lang = settings.source_language
    recorded, refused = [], []
    for version in policy.versions:
        source = version.texts.get(source_lang)
        if source is None:
            some = next(iter(version.texts.values()))
            file = f"{version.id}.{source_lang}.md"
            refused.append(
                Message(
                    "%(path)s: version %(version)s has no %(source_lang)s text, which is the source of "
                    "truth; add %(file)s",
                    path=some.path,
                    version=version.id,
                    source_lang=source_lang,
                    file=file,
                )
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
            # The day a version in effect was announced is not known to the record: its file's
            # 'announced:' says it. An upcoming one is announced now, as `policy lock` records it.
            announced = None if in_effect else (current.recorded if current else None) or today
            ledger.record(version.id, lang, lock_for(text.body, front_of(text), announced))
            recorded.append(Message("recorded %(path)s", path=text.path))
        if not in_effect:
            continue  # an upcoming version's translations are brought up to date before it is
        for lang in settings.translations:
            status = translation_status(policy, version, lang)
            text = version.texts.get(lang)
            if status.state == TranslationState.MISSING:
                if not ledger.recorded_missing(version.id, lang):
                    ledger.missing.setdefault(version.id, set()).add(lang)
                    recorded.append(
                        Message(
                            "recorded %(version)s: published with no '%(lang)s' translation",
                            version=version.id,
                            lang=lang,
                        )
                    )
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
                    Message(
                        "%(path)s: a translation must say what it translates: add 'translation:' with "
                        "'source:' (the SHA-256 of the %(source_lang)s text it translates) and 'updated:'",
                        path=text.path,
                        source_lang=source_lang,
                    )
                )
            elif status.earlier:
                refused.append(
                    Message(
                        "%(path)s: this translation translates an earlier text of %(source_path)s, before "
                        "a recorded correction; bring it up to date, then run: %(command)s",
                        path=text.path,
                        source_path=source.path,
                        command=update,
                    )
                )
            elif status.translates is None:
                refused.append(
                    Message(
                        "%(path)s:%(line)s: 'translation: source:' matches no %(source_lang)s text of this "
                        "policy; set it to the SHA-256 of the %(source_lang)s text it translates (each "
                        "version's page shows it), or, if it translates %(source_path)s, run: %(command)s",
                        path=text.path,
                        line=text.line_of("translation.source"),
                        source_lang=source_lang,
                        source_path=source.path,
                        command=update,
                    )
                )
            elif lock.translates != status.translates:
                ledger.locks[version.id][lang] = replace(lock, translates=status.translates)
                recorded.append(
                    Message(
                        "recorded %(path)s: translates the %(source_lang)s text of version %(version)s, "
                        "as published",
                        path=text.path,
                        source_lang=source_lang,
                        version=status.translates,
                    )
                )
    if refused:
        raise _nothing_recorded(refused)
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
        Message(
            "%(path)s: the recorded text (sha256 %(sha256)s…) is not in the git history, so it cannot "
            "be kept as the earlier text; commit the recorded text first",
            path=rel,
            sha256=sha256[:12],
        )
    )


# What a reason copied from an example or left unwritten looks like.
PLACEHOLDERS = frozenset({"", "…", "...", "reason", "理由"})


def refuse_placeholder(reason: str) -> None:
    """A reason readers will see in the history must be written, not copied from an example."""
    if reason.strip().strip("\"'「」") in PLACEHOLDERS:
        raise CommandError(
            Message(
                "--reason %(reason)s: write why, in a sentence readers will see in the history, "
                "instead of the example's placeholder",
                reason=repr(reason),
            )
        )


def _record_update(project, policy, ledger, version_id, lang, kind, reason, today) -> Update | None:
    version = policy.version(version_id)
    if version is None:
        raise CommandError(
            Message("no version %(version)s of '%(policy)s'", version=version_id, policy=policy.id)
        )
    text = version.texts.get(lang)
    if text is None:
        raise CommandError(
            Message("version %(version)s has no '%(lang)s' text", version=version_id, lang=lang)
        )
    current = ledger.lock_of(version_id, lang)
    if current is None:
        if version.effective < today and ledger.lock_of(version_id, policy.settings.source_language) is None:
            raise CommandError(
                Message(
                    "%(path)s was never recorded; if version %(version)s was published before this tool "
                    "was adopted, record the existing history with: policy import %(policy)s",
                    path=text.path,
                    version=version_id,
                    policy=policy.id,
                )
            )
        raise CommandError(
            Message(
                "%(path)s was never recorded; before publication, just edit it and run: "
                "policy lock %(policy)s",
                path=text.path,
                policy=policy.id,
            )
        )
    if version.effective > today:
        raise CommandError(
            Message(
                "version %(version)s takes effect on %(effective)s, after today (%(today)s): it is not in "
                "effect, so there is nothing to correct publicly; edit its file and record it again "
                "with: policy lock %(policy)s",
                version=version_id,
                effective=version.effective,
                today=today,
                policy=policy.id,
            )
        )
    if current.sha256 == text.sha256:
        return None  # the text is as recorded: nothing to record
    refuse_placeholder(reason)
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
    ledger.locks[version_id][lang] = lock_for(text.body, front_of(text), current.recorded)
    return update


def correct(
    project: Project, policy_id: str, version_id: str, reason: str, today: dt.date, lang: str | None = None
) -> Update:
    """Record a correction (誤記訂正) of a text in effect: date, reason, both hashes, earlier text."""
    policy, ledger = load_recorded(project, policy_id)
    lang = lang or policy.settings.source_language
    update = _record_update(project, policy, ledger, version_id, lang, UpdateKind.CORRECTION, reason, today)
    if update is None:
        raise CommandError(
            Message(
                "version %(version)s (%(lang)s) is unchanged: there is nothing to correct",
                version=version_id,
                lang=lang,
            )
        )
    save_ledger(ledger)
    return update


def update_translation(
    project: Project, policy_id: str, version_id: str, lang: str, reason: str, today: dt.date
) -> tuple[Update | None, Path]:
    """Mark a translation as translating the current source; record its change, if any."""
    policy, ledger = load_recorded(project, policy_id)
    if lang == policy.settings.source_language:
        raise CommandError(
            Message(
                "'%(lang)s' is the source language; record its changes as a correction (誤記訂正) with: "
                'policy correct %(policy)s %(version)s --reason "…"',
                lang=lang,
                policy=policy_id,
                version=version_id,
            )
        )
    version = policy.version(version_id)
    if version is None or lang not in version.texts:
        raise CommandError(
            Message(
                "no '%(lang)s' text of version %(version)s of '%(policy)s'",
                lang=lang,
                version=version_id,
                policy=policy_id,
            )
        )
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
        earlier = ledger.lock_of(version_id, lang)
        first = earlier.recorded if earlier is not None and earlier.recorded else today
        text = version.texts[lang]
        ledger.record(version_id, lang, lock_for(text.body, front_of(text), first))
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
