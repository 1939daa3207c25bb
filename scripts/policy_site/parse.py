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


def _yaml_advice(raw: str, mark, reason: str) -> str:
    """What a YAML mistake means for a front matter, and its usual fix."""
    lines = raw.split("\n")
    at = lines[mark.line] if mark is not None and mark.line < len(lines) else ""
    if re.match(r"^\s*[A-Za-z_.]+\s*：", at):
        key = at.split("：", 1)[0].strip()
        return f"'{key}' is followed by a full-width colon '：'; write a half-width colon: '{key}: …'"
    if "mapping values are not allowed" in reason:
        key, _, value = at.partition(":")
        return (
            f"the value of '{key.strip()}' holds a colon followed by a space, which YAML reads as a "
            f'new key; put the whole value in double quotes: {key.strip()}: "{value.strip()}"'
        )
    if "could not find expected ':'" in reason or "expected <block end>" in reason:
        return (
            f"front matter is not valid YAML ({reason}): each line must be 'key: value' with a "
            "half-width colon and a space; a value that goes on to another line must be indented"
        )
    return f"front matter is not valid YAML: {reason}"


def _parse_date(value: Any) -> dt.date | None:
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


# What each date key of a front matter means, for the messages about it.
_DATE_MEANING = {
    "effective": "the date the version takes effect",
    "announced": "the date the version was first published (announced) on the site",
}


def _date_value(path: str, key: str, value: Any, line: int, problems: list[Problem]) -> dt.date | None:
    """A front matter date (`effective:`, `announced:`), or None with the problem reported."""
    written = str(value) if value is not None else ""
    day = _parse_date(written)
    half_width = unicodedata.normalize("NFKC", written)
    if not written.strip():
        problems.append(
            Problem(
                path,
                line,
                f"'{key}:' is empty; write {_DATE_MEANING[key]}, as YYYY-MM-DD, for example 2027-01-01",
            )
        )
    elif day is None and half_width != written and _parse_date(half_width) is not None:
        problems.append(
            Problem(
                path,
                line,
                f"'{key}: {written}' is written in full-width characters; write the date in "
                f"half-width digits: {key}: {half_width.strip()}",
            )
        )
    elif day is None:
        problems.append(
            Problem(
                path,
                line,
                f"'{key}: {value}' is not a valid date; write it as YYYY-MM-DD, for example 2027-01-01",
            )
        )
    return day


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
                "the front matter is not closed: add a line '---' after its last key, before the text",
            )
        )
        return empty, "", 1, problems
    if raw is None:
        problems.append(
            Problem(
                path,
                1,
                "no front matter: start the file with '---', then 'effective:', "
                "'kind:' and 'summary:', then '---'",
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
        problems.append(Problem(path, 2, "front matter must be a mapping of 'key: value' lines"))
        return empty, body, body_line, problems

    key_lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key_lines[str(key_node.value)] = 2 + key_node.start_mark.line
            if key_node.value == "translation" and isinstance(value_node, yaml.MappingNode):
                for sub_key, _ in value_node.value:
                    key_lines[f"translation.{sub_key.value}"] = 2 + sub_key.start_mark.line

    def line_of(key: str) -> int:
        return key_lines.get(key, key_lines.get(key.split(".")[0], 1))

    for key in data:
        if key not in _KEYS:
            close = difflib.get_close_matches(str(key), sorted(_KEYS), n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"allowed keys are: {', '.join(sorted(_KEYS))}"
            problems.append(Problem(path, line_of(str(key)), f"unknown front matter key '{key}'; {hint}"))

    effective = None
    if "effective" not in data:
        problems.append(
            Problem(path, 1, "front matter has no 'effective:' date; add 'effective: YYYY-MM-DD'")
        )
    else:
        effective = _date_value(path, "effective", data["effective"], line_of("effective"), problems)

    announced = None
    if "announced" in data:
        announced = _date_value(path, "announced", data["announced"], line_of("announced"), problems)
    if announced is not None and effective is not None and announced > effective:
        problems.append(
            Problem(
                path,
                line_of("announced"),
                f"'announced: {announced}' is after 'effective: {effective}'; a version is announced "
                "on or before the day it takes effect: write the day it was first published on the site",
            )
        )
        announced = None

    kind = None
    if "kind" not in data:
        problems.append(
            Problem(
                path,
                1,
                "front matter has no 'kind:'; add 'kind: enactment' "
                "for the first version or 'kind: amendment'",
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
                    f"'kind: {data['kind']}' is not known; use 'enactment' (制定) or 'amendment' (改定)",
                )
            )

    summary = data.get("summary")
    if summary is not None and not isinstance(summary, str):
        problems.append(
            Problem(
                path,
                line_of("summary"),
                "'summary:' must be text (one or two sentences), not a list or a mapping",
            )
        )
        summary = ""
    elif not isinstance(summary, str) or not summary.strip():
        problems.append(
            Problem(
                path,
                line_of("summary"),
                "'summary:' is missing or empty; write one or two "
                "sentences on what this version changes, in this file's language",
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
                "'translation:' must hold 'source: <sha256 of the source text>' and 'updated: YYYY-MM-DD'",
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
                "'translation: source:' must "
                "be the SHA-256 (64 hex digits) of the source text it translates; "
                "'policy new' fills it in",
            )
        )
        ok = False
    if updated is None:
        problems.append(
            Problem(
                path,
                line_of("translation.updated"),
                "'translation: updated:' must be the date of the last translation update, as YYYY-MM-DD",
            )
        )
        ok = False
    return Translation(source, updated) if ok else None
