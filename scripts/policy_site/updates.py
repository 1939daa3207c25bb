"""Rules about the dated updates of published texts (corrections, translation updates).

Every page, the feed and `versions.json` ask these, so that they agree on who sees an update,
what it is called, and since when the text it replaced was published.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from .model import Update, UpdateKind, Version


def N_(message: str) -> str:
    """Mark a message for the catalogue; it is translated where it is shown."""
    return message


_LABELS = {
    UpdateKind.CORRECTION: N_("Correction"),
    UpdateKind.TRANSLATION: N_("Translation update"),
}


def update_label(kind: str) -> str:
    """What an update of this kind is called (the message id, to be translated): 誤記訂正, 翻訳更新."""
    return _LABELS[UpdateKind(kind)]


def is_seen_in(update: Update, lang: str, source_lang: str) -> bool:
    """Whether readers in `lang` are told of `update`: their own language's updates, and every
    correction of the binding source text, which concerns every reader."""
    return update.lang == lang or (update.lang == source_lang and update.kind == UpdateKind.CORRECTION)


def is_in_history_of(update: Update, lang: str, source_lang: str) -> bool:
    """Whether the history (制定・改定履歴) and the feed in `lang` list `update`. The source
    language's history is the complete record, so it lists the updates of every language's
    text; another language's lists those its readers are told of (`is_seen_in`)."""
    return lang == source_lang or is_seen_in(update, lang, source_lang)


def published_since(
    updates: Iterable[Update], version: Version, lang: str, before: dt.date | None = None
) -> dt.date:
    """The day the text of `version` in `lang` in use just before `before` (by default, the
    text in use now) was first published: the last update of it before then, else the day the
    version took effect."""
    dates = [
        u.date
        for u in updates
        if u.version == version.id and u.lang == lang and (before is None or u.date < before)
    ]
    return max(dates, default=version.effective)
