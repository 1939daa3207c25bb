"""Rules that keep the published record intact: locked texts, backdating, translation status.

They compare the sources with `history.yml` on a given day in Japan; `policy check` and the
strict build both apply them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from pathlib import PurePosixPath

from .ledger import Ledger, first_changed_line, front_of
from .messages import Message
from .model import Policy, Problem, Severity, Text, Version


class TranslationState(StrEnum):
    CURRENT = "current"
    OUTDATED = "outdated"  # it translates a source text other than its version's current one
    MISSING = "missing"


@dataclass(frozen=True)
class TranslationStatus:
    """What one language's text of a version translates.

    `translates` is the id of the version whose source text the translation was made from:
    its own version when current, or when it translates an earlier text of its own version
    (`earlier`, before a correction); another version's, typically an earlier one, when it was
    made from that text; None when its source hash matches no text of the policy, or the
    translation is missing.
    """

    state: TranslationState
    translates: str | None = None
    earlier: bool = False


def translation_state(source: Text | None, text: Text | None) -> TranslationState:
    if text is None:
        return TranslationState.MISSING
    if source is None or text.translation is None or text.translation.source_sha256 != source.sha256:
        return TranslationState.OUTDATED
    return TranslationState.CURRENT


def translation_status(policy: Policy, version: Version, lang: str) -> TranslationStatus:
    """The state of `version`'s `lang` translation, and which version's source text it translates.

    The source hash is looked up among every version's source text and the earlier source
    texts the record's corrections replaced (attached to `policy.updates`)."""
    source_lang = policy.settings.source_language
    text, source = version.texts.get(lang), version.texts.get(source_lang)
    state = translation_state(source, text)
    if state == TranslationState.MISSING:
        return TranslationStatus(state)
    if state == TranslationState.CURRENT:
        return TranslationStatus(state, version.id)
    if text.translation is None:
        return TranslationStatus(state)
    wanted = text.translation.source_sha256
    if any(
        item.update.version == version.id and item.update.lang == source_lang and item.update.before == wanted
        for item in policy.updates
    ):
        return TranslationStatus(state, version.id, earlier=True)
    # The nearest version before this one first, then the later ones: when two versions have
    # the same source text, the translation was most likely made from the earlier of them.
    index = policy.versions.index(version)
    order = list(reversed(policy.versions[:index])) + policy.versions[index + 1 :]
    for other in order:
        other_source = other.texts.get(source_lang)
        if other_source is not None and other_source.sha256 == wanted:
            return TranslationStatus(state, other.id)
    return TranslationStatus(state)


def recorded_as_published(ledger: Ledger, version: Version, lang: str, status: TranslationStatus) -> bool:
    """Whether the record says this translation was published in the state it is in now."""
    if status.state == TranslationState.MISSING:
        return ledger.recorded_missing(version.id, lang)
    if status.state == TranslationState.OUTDATED:
        lock = ledger.lock_of(version.id, lang)
        return (
            lock is not None
            and status.translates is not None
            and not status.earlier
            and lock.translates == status.translates
        )
    return True


def check_record(policy: Policy, ledger: Ledger, today: dt.date) -> list[Problem]:
    """Problems of the sources against the record, on `today`.

    Expects the record's updates attached to `policy` (`pipeline.read_policy`), so that a
    translation of an earlier, corrected source text is recognised as such."""
    problems: list[Problem] = []
    pid = policy.id
    source_lang = policy.settings.source_language
    import_hint = Message("record the existing history with: policy import %(policy)s", policy=pid)
    for version in policy.versions:
        in_effect = version.effective <= today
        source = version.texts.get(source_lang)
        source_recorded = ledger.lock_of(version.id, source_lang) is not None
        for lang, text in version.texts.items():
            lock = ledger.lock_of(version.id, lang)
            if lock is None:
                if version.effective < today and lang == source_lang:
                    problems.append(
                        Problem(
                            text.path,
                            text.line_of("effective"),
                            Message(
                                "'effective: %(version)s' is before today (%(today)s in Japan) and this "
                                "text was never published: a version may not take effect before the day "
                                "it is published. Set 'effective:' to today or later (rename the files to "
                                "match); if it was published on that date, before this tool was adopted, "
                                "%(import_hint)s",
                                version=version.id,
                                today=today,
                                import_hint=import_hint,
                            ),
                        )
                    )
                elif version.effective < today and not source_recorded:
                    problems.append(
                        Problem(
                            text.path,
                            1,
                            Message(
                                "this text of version %(version)s, which is in effect, is not recorded in "
                                "%(policy)s/history.yml; if it was published this way, %(import_hint)s",
                                version=version.id,
                                policy=pid,
                                import_hint=import_hint,
                            ),
                            Severity.WARNING,
                        )
                    )
                else:
                    problems.append(
                        Problem(
                            text.path,
                            1,
                            Message(
                                "this text is not recorded in %(policy)s/history.yml yet; when it is ready "
                                "to publish, run: policy lock %(policy)s",
                                policy=pid,
                            ),
                            Severity.WARNING,
                        )
                    )
                continue
            if lock.front is not None and lock.front != front_of(text):
                problems.append(_front_problem(pid, version, text, in_effect))
            if lock.sha256 == text.sha256:
                continue
            line = text.body_line + first_changed_line(lock, text.body)
            if not in_effect:
                problems.append(
                    Problem(
                        text.path,
                        line,
                        Message(
                            "this upcoming version changed since it was recorded; when it is ready to "
                            "publish, run: policy lock %(policy)s",
                            policy=pid,
                        ),
                        Severity.WARNING,
                    )
                )
            elif lang == source_lang:
                problems.append(
                    Problem(
                        text.path,
                        line,
                        Message(
                            "version %(version)s is in effect and its text is locked, but this line "
                            "changed. Undo the change; or, if it corrects an error (誤記訂正), record it "
                            'with: policy correct %(policy)s %(version)s --reason "…"',
                            version=version.id,
                            policy=pid,
                        ),
                    )
                )
            else:
                problems.append(
                    Problem(
                        text.path,
                        line,
                        Message(
                            "the translation of version %(version)s, which is in effect, changed from "
                            "its recorded text. Record it as a translation update with: policy "
                            'update-translation %(policy)s %(version)s --lang %(lang)s --reason "…"',
                            version=version.id,
                            policy=pid,
                            lang=lang,
                        ),
                    )
                )
        if source is not None:
            for lang in policy.settings.translations:
                problems += _translation_problems(policy, ledger, version, lang, in_effect, import_hint)
    return problems + _lost_files(policy, ledger, today)


def _front_problem(pid: str, version: Version, text: Text, in_effect: bool) -> Problem:
    """A recorded text's kind, summary or announcement day edited: history for a version in
    effect, a draft to record again for an upcoming one."""
    line = text.line_of("summary")
    if in_effect:
        return Problem(
            text.path,
            line,
            Message(
                "version %(version)s is in effect and its 'kind:', 'summary:' and 'announced:' were "
                "published as recorded, but they changed; restore them: the history shows them as "
                "published",
                version=version.id,
            ),
        )
    return Problem(
        text.path,
        line,
        Message(
            "the 'kind:', 'summary:' or 'announced:' of this upcoming version changed since it was "
            "recorded; when it is ready to publish, run: policy lock %(policy)s",
            policy=pid,
        ),
        Severity.WARNING,
    )


def _lost_files(policy: Policy, ledger: Ledger, today: dt.date) -> list[Problem]:
    """A text published in a version in effect stays published: its file may not go."""
    problems = []
    texts = [t for v in policy.versions for t in v.texts.values()]
    # Where the policy's files are, as its problems name them: docs/privacy/versions
    folder = str(PurePosixPath(texts[0].path).parent) if texts else f"{policy.id}/versions"
    for version_id, locks in sorted(ledger.locks.items()):
        if dt.date.fromisoformat(version_id) > today:
            continue
        version = policy.version(version_id)
        for lang in sorted(locks):
            if version is None or lang not in version.texts:
                path = f"{folder}/{version_id}.{lang}.md"
                problems.append(
                    Problem(
                        path,
                        1,
                        Message(
                            "version %(version)s is in effect and this text was published, but the "
                            "file is gone; a published text is never removed: restore it (git "
                            "checkout -- %(path)s)",
                            version=version_id,
                            path=path,
                        ),
                    )
                )
    return problems


def _translation_problems(
    policy: Policy, ledger: Ledger, version: Version, lang: str, in_effect: bool, import_hint: Message
) -> list[Problem]:
    """A translation's drift that the record does not account for: outdated or missing."""
    pid, source_lang = policy.id, policy.settings.source_language
    source, text = version.texts[source_lang], version.texts.get(lang)
    status = translation_status(policy, version, lang)
    if recorded_as_published(ledger, version, lang, status):
        return []
    if status.state == TranslationState.MISSING:
        file = f"{version.id}.{lang}.md"
        missing = Message(
            "version %(version)s has no '%(lang)s' translation; readers in '%(lang)s' see a notice "
            "instead. Add %(file)s",
            version=version.id,
            lang=lang,
            file=file,
        )
        if in_effect:
            missing = Message(
                "%(problem)s; or, if the version was published this way, %(import_hint)s",
                problem=missing,
                import_hint=import_hint,
            )
        return [Problem(source.path, 1, missing, Severity.WARNING)]
    if text.translation is None:  # reported by check_policy
        return []
    update = f'policy update-translation {pid} {version.id} --lang {lang} --reason "…"'
    if status.translates is not None and not status.earlier:
        other = policy.version(status.translates).texts[source_lang]
        message = Message(
            "this translation is outdated: it translates the text of version %(other)s "
            "(%(other_path)s), not %(path)s. Bring it up to date, then run: %(update)s",
            other=status.translates,
            other_path=other.path,
            path=source.path,
            update=update,
        )
        if in_effect:
            message = Message(
                "%(problem)s; or, if the version was published this way, %(import_hint)s",
                problem=message,
                import_hint=import_hint,
            )
    elif status.earlier:
        message = Message(
            "this translation is outdated: it translates an earlier text of %(path)s. "
            "Bring it up to date, then run: %(update)s",
            path=source.path,
            update=update,
        )
    else:
        message = Message(
            "this translation is outdated: its 'translation: source:' matches no %(source_lang)s text "
            "of this policy. If it translates %(path)s, run: %(update)s; if it translates another "
            "version's text, set 'source:' to the SHA-256 that version's page shows",
            source_lang=source_lang,
            path=source.path,
            update=update,
        )
    return [Problem(text.path, text.line_of("translation.source"), message, Severity.WARNING)]
