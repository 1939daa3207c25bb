"""Terminology check: a translated article must use the glossary's rendering of each term in
its source article (個人情報 → personal information), so that one word is not translated three
ways across a policy."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from .history import current_version, upcoming_versions
from .markup import plain
from .messages import Lines, Message
from .model import Policy, Problem, Section, Severity, Text


@dataclass(frozen=True)
class Term:
    source: str
    renderings: tuple[str, ...]  # accepted forms, matched case-insensitively as substrings


def load_glossary(path: Path, source_lang: str, lang: str) -> list[Term]:
    """Terms from `docs/glossary.yml`: {source_lang: {lang: {term: rendering or [renderings]}}}."""
    if not path.exists():
        return []
    data = yaml.safe_load(path.read_text("utf-8")) or {}
    entries = (data.get(source_lang) or {}).get(lang) or {}
    terms = [
        Term(str(term), tuple(str(r) for r in (forms if isinstance(forms, list) else [forms])))
        for term, forms in entries.items()
    ]
    return sorted(terms, key=lambda t: -len(t.source))  # longest first: 個人情報保護法 before 個人情報


def _text(section: Section) -> str:
    return "\n".join([section.title, *(plain(b.body) for b in section.blocks)])


def _uses(source_text: str, term: Term, terms: list[Term]) -> bool:
    """Whether the term occurs on its own, not only inside a longer glossary term."""
    masked = source_text
    for longer in terms:
        if len(longer.source) > len(term.source) and term.source in longer.source:
            masked = masked.replace(longer.source, "")
    return term.source in masked


def check_terms(source: Text, translation: Text, terms: list[Term]) -> list[Problem]:
    """Articles of `translation` that miss the glossary rendering of a term of their source."""
    problems = []
    for section in source.document.sections:
        translated = translation.document.section(section.key)
        if translated is None:
            continue
        target = _text(translated).lower()
        for term in terms:
            if _uses(_text(section), term, terms) and not any(r.lower() in target for r in term.renderings):
                expected = Lines(
                    (Message('"%(rendering)s"', rendering=r) for r in term.renderings), Message(" or ")
                )
                problems.append(
                    Problem(
                        translation.path,
                        translated.line,
                        Message(
                            "%(heading)s: 「%(term)s」 appears in %(source_heading)s but this article "
                            "never says %(expected)s",
                            heading=translated.heading,
                            term=term.source,
                            source_heading=section.heading,
                            expected=expected,
                        ),
                        Severity.WARNING,
                    )
                )
    return problems


def glossaries(path: Path, policy: Policy) -> dict[str, list[Term]]:
    """The glossary's terms for each translation of `policy`, by language."""
    source = policy.settings.source_language
    return {lang: load_glossary(path, source, lang) for lang in policy.settings.translations}


def check_policy_terms(policy: Policy, terms: Mapping[str, list[Term]], today: dt.date) -> list[Problem]:
    """The glossary check on the version in force and on every one still to come, drafts
    included: a slip is found while the text can still be changed, not after it is published."""
    current = current_version(policy, today)
    versions = ([current] if current is not None else []) + upcoming_versions(policy, today)
    problems = []
    for version in versions:
        source = version.texts.get(policy.settings.source_language)
        for lang, glossary in terms.items():
            if source is not None and lang in version.texts and glossary:
                problems += check_terms(source, version.texts[lang], glossary)
    return problems
