"""The structure statutes and rules give their headings: articles (第1条, 第1条の2, Article 1,
제1조), 編・章・節・款・目 above them, 附則, 別表 and 様式, and ranges deleted in place
(「第2条から第4条まで　削除」); their numbers in kanji or digits, and the anchors they take.
"""

from __future__ import annotations

import re
import unicodedata

from .anchors import slugify
from .labels import DIGITS
from .model import Section

_ARTICLE_HEADINGS = (
    # 第1条（見出し）, 第1条の2, 第一条 in Japanese and Chinese
    re.compile(
        rf"^第[ 　]*(?P<n>[{DIGITS}]+|[一二三四五六七八九十百]+)[ 　]*条"
        rf"(?:[ 　]*の[ 　]*(?P<b>[{DIGITS}]+|[一二三四五六七八九十]+)(?:[ 　]*の[ 　]*(?P<c>[{DIGITS}]+|[一二三四五六七八九十]+))?)?"
        r"[ 　]*(?:[（(](?P<title>.*)[）)]|[ 　]+(?P<title3>.*))?$"
    ),
    # Article 1 (Heading)
    re.compile(
        rf"^Article[ \t]+(?P<n>[{DIGITS}]+)(?:-(?P<b>[0-9]+))?[ \t]*(?:[(（](?P<title>.*)[)）]|[.:][ \t]*(?P<title2>.*))?$",
        re.I,
    ),
    # 제1조(목적) in Korean
    re.compile(rf"^제[ ]*(?P<n>[{DIGITS}]+)[ ]*조[ ]*(?:[(（](?P<title>.*)[)）])?$"),
)

# An article heading that forgot its number: 第条（目的）, Article (Purpose).
NUMBERLESS_ARTICLE = re.compile(r"^(?:第[ 　]*条|Article\b(?![ \t]*[0-9０-９])|제[ ]*조)", re.I)
# 編・章・節・款: structure above the articles, with anchors of their own.
_DIVISIONS = {"編": "part", "章": "chapter", "節": "section", "款": "subsection", "目": "division"}
_DIVISION = re.compile(rf"^第[ 　]*([{DIGITS}]+|[一二三四五六七八九十百]+)[ 　]*([編章節款目])")
_DELETED_RANGE = re.compile(
    rf"^第[ 　]*([{DIGITS}]+|[一二三四五六七八九十百]+)[ 　]*条[ 　]*から[ 　]*"
    rf"第[ 　]*([{DIGITS}]+|[一二三四五六七八九十百]+)[ 　]*条[ 　]*まで[ 　]*削除$"
)
_SCHEDULE = re.compile(rf"^(別表|様式)(?:[ 　]*第?[ 　]*([{DIGITS}]+|[一二三四五六七八九十]+))?")
SUPPLEMENTARY = re.compile(r"^(?:附[ 　]*則|Supplementary Provisions?\b)", re.I)
_KANJI = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def kanji_number(text: str) -> int:
    """一 to 九百九十九 and arabic or full-width digits, as an int."""
    text = unicodedata.normalize("NFKC", text)
    if text.isdigit():
        return int(text)
    total, digit = 0, 0
    for char in text:
        if char in _KANJI:
            digit = _KANJI[char]
        elif char in "十百":
            total += (digit or 1) * (10 if char == "十" else 100)
            digit = 0
    return total + digit


def article(heading: str) -> tuple[int, str, str] | None:
    """(number, branch of 条の2 or 条の2の3 as "-2" or "-2-3" or "", title) of an article heading."""
    for pattern in _ARTICLE_HEADINGS:
        match = pattern.match(heading)
        if match:
            groups = match.groupdict()
            branch = "".join(f"-{kanji_number(groups[g])}" for g in ("b", "c") if groups.get(g))
            title = groups.get("title") or groups.get("title2") or groups.get("title3") or ""
            return kanji_number(groups["n"]), branch, title.strip()
    return None


def heading_key(heading: str, parents: list[Section], earlier: list[Section]) -> tuple[str, int | None, str]:
    """(anchor, article number, title) a heading has when the text gives it no {#id}."""
    deleted = _DELETED_RANGE.match(heading)
    if deleted:  # 「第2条から第4条まで　削除」: three articles deleted, their numbers kept
        first, last = kanji_number(deleted.group(1)), kanji_number(deleted.group(2))
        return f"article-{first}-to-{last}", first, "削除"
    found = article(heading)
    if found:
        number, branch, title = found
        key = f"article-{number}{branch}"
        supplement = next((p for p in reversed(parents) if SUPPLEMENTARY.match(p.heading)), None)
        if supplement is not None:  # 附則 number their articles afresh
            key = f"{supplement.key}-{key}"
        return key, number, title
    if SUPPLEMENTARY.match(heading):  # 附則: named after the instrument or date it gives, if any
        named = re.search(r"[（(]([^）)]+)[）)]", heading)
        if named:
            return f"supplementary-{slugify(named.group(1))}", None, heading
        count = sum(1 for p in earlier if SUPPLEMENTARY.match(p.heading))
        return "supplementary" + (f"-{count + 1}" if count else ""), None, heading
    schedule = _SCHEDULE.match(heading)
    if schedule:  # 別表第一, 様式第2: appended tables and forms
        kind = "table" if schedule.group(1) == "別表" else "form"
        number = schedule.group(2)
        return f"{kind}-{kanji_number(number)}" if number else kind, None, heading
    division = _DIVISION.match(heading)
    if division:
        key = f"{_DIVISIONS[division.group(2)]}-{kanji_number(division.group(1))}"
        outer = next(
            (p for p in reversed(parents) if p.key.startswith(("part-", "chapter-", "section-"))), None
        )
        if division.group(2) in "節款目" and outer is not None:
            key = f"{outer.key}-{key}"  # 節 and 款 are numbered afresh in each 章
        return key, None, heading
    return slugify(heading), None, heading
