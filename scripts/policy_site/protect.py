"""Rules that keep the published record intact: locked texts, backdating, translation status.

They compare the sources with `history.yml` on a given day in Japan; `policy check` and the
strict build both apply them.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from .ledger import Ledger, first_changed_line
from .model import Policy, Problem, Text


class TranslationState(StrEnum):
    CURRENT = "current"
    OUTDATED = "outdated"  # it translates an earlier source text
    MISSING = "missing"


def translation_state(source: Text | None, text: Text | None) -> TranslationState:
    if text is None:
        return TranslationState.MISSING
    if source is None or text.translation is None or text.translation.source_sha256 != source.sha256:
        return TranslationState.OUTDATED
    return TranslationState.CURRENT


def check_record(policy: Policy, ledger: Ledger, today: dt.date) -> list[Problem]:
    """Problems of the sources against the record, on `today`."""
    problems: list[Problem] = []
    pid = policy.id
    source_lang = policy.settings.source_language
    for version in policy.versions:
        in_effect = version.effective <= today
        source = version.texts.get(source_lang)
        for lang, text in version.texts.items():
            lock = ledger.lock_of(version.id, lang)
            if lock is None:
                if version.effective < today and lang == source_lang:
                    problems.append(
                        Problem(
                            text.path,
                            text.line_of("effective"),
                            f"'effective: {version.id}' is before today ({today} in Japan) and this text "
                            "was never published: a version may not take effect before the day it is "
                            "published. Set 'effective:' to today or later (rename the files to match); "
                            f"if it was published on time, record it with: policy lock {pid}",
                        )
                    )
                else:
                    problems.append(
                        Problem(
                            text.path,
                            1,
                            "this text is not recorded in "
                            f"{pid}/history.yml yet; when it is ready to publish, run: policy lock {pid}",
                            "warning",
                        )
                    )
                continue
            if lock.sha256 == text.sha256:
                continue
            line = text.body_line + first_changed_line(lock, text.body)
            if not in_effect:
                problems.append(
                    Problem(
                        text.path,
                        line,
                        "this upcoming version changed since it was recorded; when it "
                        f"is ready to publish, run: policy lock {pid}",
                        "warning",
                    )
                )
            elif lang == source_lang:
                problems.append(
                    Problem(
                        text.path,
                        line,
                        f"version {version.id} is in effect and its text is locked, "
                        "but this line changed. Undo the change; or, if it corrects an error (誤記訂正), "
                        f'record it with: policy correct {pid} {version.id} --reason "…"',
                    )
                )
            else:
                problems.append(
                    Problem(
                        text.path,
                        line,
                        f"the translation of version {version.id}, which is in effect, "
                        "changed from its recorded text. Record it as a translation update with: "
                        f'policy update-translation {pid} {version.id} --lang {lang} --reason "…"',
                    )
                )
        for lang in policy.settings.translations:
            text = version.texts.get(lang)
            if text is not None and source is not None and text.translation is not None:
                if translation_state(source, text) == TranslationState.OUTDATED:
                    problems.append(
                        Problem(
                            text.path,
                            text.line_of("translation.source"),
                            f"this translation is outdated: it translates an earlier text of "
                            f"{source.path}. Bring it up to date, then run: policy update-translation "
                            f'{pid} {version.id} --lang {lang} --reason "…"',
                            "warning",
                        )
                    )
    return problems
