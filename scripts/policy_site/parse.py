"""Parsing a version file: YAML front matter, then the body (`body`) into preamble and sections.

Errors never raise: they come back as `Problem`s with the line they are on, so that
`policy check` can report every problem in one run.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

import yaml

from .anchors import slugify
from .body import parse_body
from .messages import Message
from .model import Kind, Problem, Severity, Translation

__all__ = ["parse_body", "parse_front_matter", "slugify", "split_front_matter"]

_FENCE = "---"

# Keys MkDocs and Material understand in front matter, which editors may use on a version.
_THEME_KEYS = {"title", "description", "hide", "search", "status", "tags", "template"}
_KEYS = {"effective", "announced", "kind", "summary", "translation"} | _THEME_KEYS


@dataclass(frozen=True)
class FrontMatter:
    """The validated front matter of a version file."""

    effective: dt.date | None
    kind: Kind | None
    summary: str
    translation: Translation | None
    extra: dict[str, Any]
    key_lines: dict[str, int]
    announced: dt.date | None = None


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """Split a file into (front matter text or None, body, 1-based line of the body's start)."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != _FENCE:
        return None, text, 1
    for i in range(1, len(lines)):
        if lines[i].rstrip() in (_FENCE, "..."):
            return "\n".join(lines[1:i]), "\n".join(lines[i + 1 :]), i + 2
    return "\n".join(lines[1:]), "", -1  # no closing fence: the caller reports it


class _Loader(yaml.SafeLoader):
    """A safe loader that keeps dates and numbers as written, so a bad date is reported, not
    mangled, and a hash of digits stays a hash."""


_AS_WRITTEN = {"tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"}
_Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag not in _AS_WRITTEN]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _yaml_advice(raw: str, mark, reason: str) -> Message:
    """What a YAML mistake means for a front matter, and its usual fix. The reason is the YAML
    reader's own words, in English: shown for the record, after the advice that matters."""
    lines = raw.split("\n")
    at = lines[mark.line] if mark is not None and mark.line < len(lines) else ""
    if re.match(r"^\s*[A-Za-z_.]+\s*：", at):
        return Message(
            "'%(key)s' is followed by a full-width colon '：'; write a half-width colon: '%(key)s: …'",
            key=at.split("：", 1)[0].strip(),
        )
    if "mapping values are not allowed" in reason:
        key, _, value = at.partition(":")
        return Message(
            "the value of '%(key)s' holds a colon followed by a space, which YAML reads as a "
            'new key; put the whole value in double quotes: %(key)s: "%(value)s"',
            key=key.strip(),
            value=value.strip(),
        )
    if "could not find expected ':'" in reason or "expected <block end>" in reason:
        return Message(
            "front matter is not valid YAML (%(reason)s): each line must be 'key: value' with a "
            "half-width colon and a space; a value that goes on to another line must be indented",
            reason=reason,
        )
    return Message("front matter is not valid YAML: %(reason)s", reason=reason)


def _parse_date(value: Any) -> dt.date | None:
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


# What each date key of a front matter means, for the messages about it.
_DATE_MEANING = {
    "effective": Message("the date the version takes effect"),
    "announced": Message("the date the version was first published (announced) on the site"),
}


def _date_value(path: str, key: str, value: Any, written_as: str, line: int, problems: list[Problem]):
    """A front matter date (`effective:`, `announced:`), or None with the problem reported;
    `written_as` is the value as the file has it, for the message."""
    written = str(value) if value is not None else ""
    day = _parse_date(written)
    half_width = unicodedata.normalize("NFKC", written)
    if not written.strip():
        message = Message(
            "'%(key)s:' is empty; write %(meaning)s, as YYYY-MM-DD, for example 2027-01-01",
            key=key,
            meaning=_DATE_MEANING[key],
        )
    elif day is None and half_width != written and _parse_date(half_width) is not None:
        message = Message(
            "'%(key)s: %(written)s' is written in full-width characters; write the date in "
            "half-width digits: %(key)s: %(date)s",
            key=key,
            written=written,
            date=half_width.strip(),
        )
    elif day is None:
        message = Message(
            "'%(key)s: %(value)s' is not a valid date; write it as YYYY-MM-DD, for example 2027-01-01",
            key=key,
            value=written_as,
        )
    else:
        return day
    problems.append(Problem(path, line, message))
    return None


def parse_front_matter(path: str, text: str) -> tuple[FrontMatter, str, int, list[Problem]]:
    """Read and validate the front matter; return it, the body, the body's line, and problems."""
    problems: list[Problem] = []
    raw, body, body_line = split_front_matter(text)
    empty = FrontMatter(None, None, "", None, {}, {})
    if body_line == -1:
        problems.append(
            Problem(
                path,
                1,
                Message(
                    "the front matter is not closed: add a line '---' after its last key, before the text"
                ),
            )
        )
        return empty, "", 1, problems
    if raw is None:
        problems.append(
            Problem(
                path,
                1,
                Message(
                    "no front matter: start the file with '---', then 'effective:', "
                    "'kind:' and 'summary:', then '---'"
                ),
            )
        )
        return empty, body, body_line, problems
    try:
        node = yaml.compose(raw, Loader=_Loader)
        data = yaml.load(raw, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = 2 + (mark.line if mark else 0)
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        problems.append(Problem(path, line, _yaml_advice(raw, mark, reason)))
        return empty, body, body_line, problems
    if data is None:
        data = {}
    if not isinstance(data, dict):
        problems.append(Problem(path, 2, Message("front matter must be a mapping of 'key: value' lines")))
        return empty, body, body_line, problems

    key_lines: dict[str, int] = {}
    values_as_written: dict[str, str] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key_lines[str(key_node.value)] = 2 + key_node.start_mark.line
            values_as_written[str(key_node.value)] = raw[
                value_node.start_mark.index : value_node.end_mark.index
            ]
            if key_node.value == "translation" and isinstance(value_node, yaml.MappingNode):
                for sub_key, _ in value_node.value:
                    key_lines[f"translation.{sub_key.value}"] = 2 + sub_key.start_mark.line

    def line_of(key: str) -> int:
        return key_lines.get(key, key_lines.get(key.split(".")[0], 1))

    def as_written(key: str) -> str:
        """A value as the editor wrote it: a text as it reads, a list or mapping as in the file."""
        value = data[key]
        return value if isinstance(value, str) else values_as_written.get(key, str(value)).strip()

    for key in data:
        if key not in _KEYS:
            close = difflib.get_close_matches(str(key), sorted(_KEYS), n=1)
            hint = (
                Message("did you mean '%(key)s'?", key=close[0])
                if close
                else Message("allowed keys are: %(keys)s", keys=", ".join(sorted(_KEYS)))
            )
            problems.append(
                Problem(
                    path,
                    line_of(str(key)),
                    Message("unknown front matter key '%(key)s'; %(hint)s", key=str(key), hint=hint),
                )
            )

    effective = None
    if "effective" not in data:
        problems.append(
            Problem(path, 1, Message("front matter has no 'effective:' date; add 'effective: YYYY-MM-DD'"))
        )
    else:
        effective = _date_value(
            path, "effective", data["effective"], as_written("effective"), line_of("effective"), problems
        )

    announced = None
    if "announced" in data:
        announced = _date_value(
            path, "announced", data["announced"], as_written("announced"), line_of("announced"), problems
        )
    if announced is not None and effective is not None and announced > effective:
        problems.append(
            Problem(
                path,
                line_of("announced"),
                Message(
                    "'announced: %(announced)s' is after 'effective: %(effective)s'; a version is "
                    "announced on or before the day it takes effect: write the day it was first "
                    "published on the site",
                    announced=announced.isoformat(),
                    effective=effective.isoformat(),
                ),
            )
        )
        announced = None

    kind = None
    if "kind" not in data:
        problems.append(
            Problem(
                path,
                1,
                Message(
                    "front matter has no 'kind:'; add 'kind: enactment' "
                    "for the first version or 'kind: amendment'"
                ),
            )
        )
    elif data["kind"] is None:
        problems.append(
            Problem(
                path,
                line_of("kind"),
                Message(
                    "'kind:' is empty; write 'kind: enactment' for the first version or 'kind: amendment'"
                ),
            )
        )
    else:
        try:
            kind = Kind(str(data["kind"]))
        except ValueError:
            problems.append(
                Problem(
                    path,
                    line_of("kind"),
                    Message(
                        "'kind: %(value)s' is not known; use 'enactment' (制定) or 'amendment' (改定)",
                        value=as_written("kind"),
                    ),
                )
            )

    summary = data.get("summary")
    if summary is not None and not isinstance(summary, str):
        problems.append(
            Problem(
                path,
                line_of("summary"),
                Message("'summary:' must be text (one or two sentences), not a list or a mapping"),
            )
        )
        summary = ""
    elif not isinstance(summary, str) or not summary.strip():
        problems.append(
            Problem(
                path,
                line_of("summary"),
                Message(
                    "'summary:' is missing or empty; write one or two "
                    "sentences on what this version changes, in this file's language"
                ),
                Severity.WARNING,
            )
        )
        summary = ""

    translation = None
    if "translation" in data:
        translation = _parse_translation(path, data["translation"], line_of, problems)

    extra = {k: v for k, v in data.items() if k in _THEME_KEYS}
    return (
        FrontMatter(effective, kind, summary.strip(), translation, extra, key_lines, announced),
        body,
        body_line,
        problems,
    )


def _parse_translation(path, value, line_of, problems) -> Translation | None:
    if not isinstance(value, dict):
        problems.append(
            Problem(
                path,
                line_of("translation"),
                Message(
                    "'translation:' must hold 'source: <sha256 of the source text>' and 'updated: YYYY-MM-DD'"
                ),
            )
        )
        return None
    source = str(value.get("source", "")).removeprefix("sha256:")
    updated = _parse_date(str(value.get("updated", "")))
    ok = True
    if not re.fullmatch(r"[0-9a-f]{64}", source):
        problems.append(
            Problem(
                path,
                line_of("translation.source"),
                Message(
                    "'translation: source:' must "
                    "be the SHA-256 (64 hex digits) of the source text it translates; "
                    "'policy new' fills it in"
                ),
            )
        )
        ok = False
    if updated is None:
        problems.append(
            Problem(
                path,
                line_of("translation.updated"),
                Message(
                    "'translation: updated:' must be the date of the last translation update, as YYYY-MM-DD"
                ),
            )
        )
        ok = False
    return Translation(source, updated) if ok else None
