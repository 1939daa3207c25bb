"""Japanese (and English) drafting labels: 1. / （1） / ① / ア / ・ / ※, shown as written.

A label at the start of a paragraph gives its drafting level, which the page shows by
indentation; the label itself stays text, so it is never renumbered.
"""

from __future__ import annotations

import re

from .model import BlockKind

DIGITS = "0-9０-９"

# Labels, tried in order; the label fixes the drafting level of the block.
LABELS = (
    (BlockKind.ITEM, re.compile(rf"^[（(][{DIGITS}]+[）)][ \t　]*")),
    (BlockKind.PARAGRAPH, re.compile(rf"^[{DIGITS}]+(?:[.．](?![{DIGITS}])[ \t　]*|　)")),
    (BlockKind.SUBITEM, re.compile(r"^[\u2460-\u2473\u3251-\u325f][ \t　]*")),
    (
        BlockKind.SUBSUBITEM,
        re.compile(r"^(?:[\u2170-\u217f]+[)）]|[（(][\u2170-\u217fivx]+[)）]|[ア-ン][ 　])[ \t　]*"),
    ),
    # 号 in statute style: 一　, 二　 (a kanji number and a full-width space)
    (BlockKind.ITEM, re.compile(r"^[一二三四五六七八九十]+　")),
    (BlockKind.BULLET, re.compile(r"^[・•][ \t　]*")),
    (BlockKind.NOTE, re.compile(r"^※[ \t　]*")),
)


def split_label(text: str) -> tuple[BlockKind, str, str]:
    """(drafting level, label as written with its separator, the rest) of a paragraph's text."""
    for kind, pattern in LABELS:
        match = pattern.match(text)
        if match and match.end() < len(text):
            return kind, match.group(0), text[match.end() :]
    return BlockKind.PLAIN, "", text
