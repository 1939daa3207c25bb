"""Rules every policy must satisfy, shared by `policy check` and the strict MkDocs build."""

from __future__ import annotations

import html
import re
from pathlib import Path

from .model import Kind, Policy, Problem, Section, Text
from .protect import check_record
from .sources import attach_updates

# Markup that would run in a reader's browser. The site shows policy text as text (`<` stays
# `<`), so none of this could run, but a source holding it is a mistake or an attack and must
# be stopped where it is written. Matched after decoding character references, across lines
# (a tag may span several), and letting the whitespace and control characters that browsers
# ignore inside a URL scheme sit between the letters of `javascript:`.
_SCRIPTING = [
    (re.compile(r"<\s*script\b", re.I), "a <script> element"),
    (re.compile(r"<\s*iframe\b", re.I), "an <iframe> element"),
    # in a tag, or in a Markdown attribute list `{: onclick=… }`
    (
        re.compile(r"(?:<[a-z]|\{)[^>}]{0,2000}?[\s/\"':]on[a-z]+\s*=", re.I),
        "an event-handler attribute (on…=)",
    ),
    (re.compile("[\\x00-\\x20]*".join("javascript:"), re.I), "a javascript: URL"),
]


def check_sources(policy: Policy, ledger, today, docs_dir: Path, root: Path) -> list[Problem]:
    """Every rule for a loaded policy and its record, for `policy check` and the build alike.

    Also attaches the record's updates to the policy, with the earlier texts they name."""
    problems = check_policy(policy)
    problems += attach_updates(policy, ledger, docs_dir, root)
    problems += check_record(policy, ledger, today)
    for update in policy.updates:
        problems += check_markup(update.earlier)
    return problems


def check_policy(policy: Policy) -> list[Problem]:
    """Problems of a loaded policy as a whole: history order, numbering, languages."""
    problems: list[Problem] = []
    settings = policy.settings
    source = settings.source_language
    for index, version in enumerate(policy.versions):
        original = version.texts.get(source)
        if original is None:
            some = next(iter(version.texts.values()))
            problems.append(
                Problem(
                    some.path,
                    1,
                    f"version {version.id} has no {source} text, "
                    f"which is the source of truth; add {version.id}.{source}.md",
                )
            )
            continue
        expected = Kind.ENACTMENT if index == 0 else Kind.AMENDMENT
        for text in version.texts.values():
            if text.kind != expected:
                problems.append(
                    Problem(
                        text.path,
                        text.line_of("kind"),
                        f"'kind: {text.kind.value}' "
                        f"is wrong: the {'first' if index == 0 else 'later'} version "
                        f"of a policy is 'kind: {expected.value}'",
                    )
                )
        problems += _check_numbering(original.path, original.document.sections)
        for text in version.texts.values():
            problems += check_markup(text)
        for lang in settings.translations:
            text = version.texts.get(lang)
            if text is None:  # reported by check_record, unless recorded as published so
                continue
            if text.translation is None:
                problems.append(
                    Problem(
                        text.path,
                        1,
                        "a translation must say what it translates: "
                        "add 'translation:' with 'source:' (the SHA-256 of "
                        f"{version.id}.{source}.md's text) and 'updated:'",
                    )
                )
            problems += _check_numbering(text.path, text.document.sections)
            problems += _check_same_sections(original, text)
    return problems


def check_markup(text: Text) -> list[Problem]:
    """`path:line` of each place in a text's summary or body that holds scripting markup."""
    sources = [(text.line_of("summary"), text.summary), (text.body_line, text.body)]
    found: dict[tuple[int, str], None] = {}
    for first, source in sources:
        # Decode line by line, so that a decoded line break cannot shift the line numbers.
        decoded = "\n".join(
            html.unescape(line).replace("\r", " ").replace("\n", " ") for line in source.split("\n")
        )
        for pattern, what in _SCRIPTING:
            for match in pattern.finditer(decoded):
                found[(first + decoded.count("\n", 0, match.start()), what)] = None
    return [
        Problem(
            text.path,
            line,
            f"{what} is not allowed in policy text: it could run a script in readers' "
            "browsers. Write the text without HTML",
        )
        for line, what in found
    ]


def _check_numbering(path: str, sections: tuple[Section, ...]) -> list[Problem]:
    problems: list[Problem] = []
    seen: dict[str, Section] = {}
    expected = 1
    for section in sections:
        if section.key in seen:
            problems.append(
                Problem(
                    path,
                    section.line,
                    f"'{section.heading}' has the same anchor "
                    f"'#{section.key}' as line {seen[section.key].line}; number "
                    "articles once each, or give the heading its own {#id}",
                )
            )
        seen.setdefault(section.key, section)
        if section.number is not None:
            if section.number != expected:
                problems.append(
                    Problem(
                        path,
                        section.line,
                        f"'{section.heading}' should be article "
                        f"{expected}: articles are numbered 1, 2, 3… without gaps",
                    )
                )
            expected = section.number + 1
        if not section.blocks:
            problems.append(Problem(path, section.line, f"'{section.heading}' has no text"))
    return problems


def _check_same_sections(original, text) -> list[Problem]:
    want = [s.key for s in original.document.sections]
    have = [s.key for s in text.document.sections]
    if want == have:
        return []
    for index, key in enumerate(have):
        if index >= len(want) or want[index] != key:
            section = text.document.sections[index]
            if key not in want:
                return [
                    Problem(
                        text.path,
                        section.line,
                        f"'{section.heading}' (#{key}) is not in "
                        f"{original.path}; every language must have the same articles",
                    )
                ]
            other = original.document.section(want[index])
            return [
                Problem(
                    text.path,
                    section.line,
                    f"'{section.heading}' is out of order: "
                    f"{original.path}:{other.line} has '{other.heading}' here",
                )
            ]
    missing = original.document.sections[len(have)]
    return [
        Problem(
            text.path,
            text.document.sections[-1].line if have else text.body_line,
            f"'{missing.heading}' ({original.path}:{missing.line}) is missing in this "
            "translation; every language must have the same articles",
        )
    ]
