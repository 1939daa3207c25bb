"""Rules every policy must satisfy, shared by `policy check` and the strict MkDocs build."""

from __future__ import annotations

import datetime as dt
import re

from .anchors import pair_sections
from .ledger import Ledger
from .messages import Message
from .model import Kind, Policy, Problem, Section, Text
from .protect import check_record
from .sanitize import refusal_message, refused
from .statute import SUPPLEMENTARY


def check_sources(policy: Policy, ledger: Ledger, today: dt.date) -> list[Problem]:
    """Every rule for a policy read with its record's updates, on `today`.

    Reads nothing and changes nothing: `pipeline` applies it to the model it has read, for
    `policy check` and the build alike."""
    problems = check_policy(policy)
    problems += check_record(policy, ledger, today)
    problems += _check_unpublished_translations(policy, ledger)
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
                    Message(
                        "version %(version)s has no %(lang)s text, "
                        "which is the source of truth; add %(version)s.%(lang)s.md",
                        version=version.id,
                        lang=source,
                    ),
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
                        _kind_wrong(index == 0, text.kind.value, expected.value),
                    )
                )
        problems += _check_numbering(original.path, original.document.sections)
        problems += _check_article_levels(original)
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
                        Message(
                            "a translation must say what it translates: "
                            "add 'translation:' with 'source:' (the SHA-256 of "
                            "%(version)s.%(lang)s.md's text) and 'updated:'",
                            version=version.id,
                            lang=source,
                        ),
                    )
                )
            problems += _check_numbering(text.path, text.document.sections)
            problems += _check_same_sections(original, text)
        if source == "ja":
            problems += _check_brackets(original)
    return problems


def _kind_wrong(first: bool, kind: str, expected: str) -> Message:
    if first:
        return Message(
            "'kind: %(kind)s' is wrong: the first version of a policy is 'kind: %(expected)s'",
            kind=kind,
            expected=expected,
        )
    return Message(
        "'kind: %(kind)s' is wrong: the later version of a policy is 'kind: %(expected)s'",
        kind=kind,
        expected=expected,
    )


def check_markup(text: Text) -> list[Problem]:
    """`path:line` of each piece of markup in a text's summary or body that the sanitizer drops.

    The summary is shown as text everywhere, the body through the sanitizer; markup either
    would drop is a mistake or an attack, and is stopped where it is written."""
    found = [
        (text.line_of("summary") + line - 1, what)
        for line, what in refused(text.summary)
        if not what.startswith("the attribute ")
    ]
    found += list(text.document.refused)
    problems = [Problem(text.path, line, refusal_message(what)) for line, what in dict.fromkeys(found)]
    return problems + _check_heading_marks(text)


# Lines meant as headings that Markdown reads as text: `##第8条` (no space after the marks) and
# `＃＃ 第8条` (full-width marks, as a Japanese input method types them).
_NO_SPACE = re.compile(r"^(#{1,6})([^#\s].*)$")
_FULL_WIDTH_MARKS = re.compile(r"^([＃#]*＃[＃#]*)\s*(\S.*)$")


_STRUCTURE = ("part-", "chapter-", "section-", "subsection-", "division-", "supplementary")


def _check_article_levels(text: Text) -> list[Problem]:
    """An article heading one level below what holds it (a 章, 節 or 附則), or at the level of
    the text's first article where nothing does: `### 第8条` among `## 第N条`, or `# 第8条`,
    would put it inside the article before it, or above every other."""
    lines = text.body.split("\n")

    def marks(section: Section) -> int:  # the heading's level as written: its '#' marks
        at = section.line - text.body_line
        line = lines[at] if 0 <= at < len(lines) else ""
        return len(line) - len(line.lstrip("#")) or section.level

    problems = []
    top = next((marks(s) for s in text.document.sections if s.number is not None), None)
    holder: int | None = None
    for section in text.document.sections:
        if section.key.startswith(_STRUCTURE):
            holder = marks(section)
            continue
        if section.number is None or top is None:
            continue
        want, have = (holder + 1 if holder is not None else top), marks(section)
        if have != want:
            problems.append(
                Problem(
                    text.path,
                    section.line,
                    Message(
                        "'%(marks)s %(heading)s' is a level-%(have)s heading, but an article "
                        "here is level %(want)s; write: '%(wanted_marks)s %(heading)s'",
                        marks="#" * have,
                        heading=section.heading,
                        have=have,
                        want=want,
                        wanted_marks="#" * want,
                    ),
                )
            )
    return problems


def _check_heading_marks(text: Text) -> list[Problem]:
    """A heading written so that it is not one is reported at that line, with the fix: the
    article would otherwise be run into the one before it, and the numbering check would
    report only its effect, many lines later."""
    problems = []
    fenced = False
    for offset, line in enumerate(text.body.split("\n")):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        if fenced:
            continue
        marks = _FULL_WIDTH_MARKS.match(line) or _NO_SPACE.match(line)
        if marks:
            fixed = "#" * len(marks[1]) + " " + marks[2]
            what = Message("full-width '＃'") if "＃" in marks[1] else Message("no space after the '#' marks")
            problems.append(
                Problem(
                    text.path,
                    text.body_line + offset,
                    Message(
                        "'%(line)s' is meant as a heading but has %(what)s, so it is read as text; "
                        "write: '%(fixed)s'",
                        line=line,
                        what=what,
                        fixed=fixed,
                    ),
                )
            )
    return problems


_BRANCH = re.compile(r"article-[0-9]+(?:-[0-9]+)+$")
_DELETED_TO = re.compile(r"article-[0-9]+-to-([0-9]+)$")  # 「第2条から第4条まで　削除」
# 「第5条　削除」: an article deleted by an amendment keeps its number and has no text.
_DELETED = re.compile(r"(?:削除|\(?Deleted\)?|\[Deleted\])[）)]?$", re.I)


def _check_numbering(path: str, sections: tuple[Section, ...]) -> list[Problem]:
    problems: list[Problem] = []
    seen: dict[str, Section] = {}
    expected = 1
    for index, section in enumerate(sections):
        if section.key in seen:
            problems.append(
                Problem(
                    path,
                    section.line,
                    Message(
                        "'%(heading)s' has the same anchor '#%(anchor)s' as line %(line)s; number "
                        "articles once each, or give the heading its own {#id}",
                        heading=section.heading,
                        anchor=section.key,
                        line=seen[section.key].line,
                    ),
                )
            )
        seen.setdefault(section.key, section)
        if SUPPLEMENTARY.match(section.heading):
            expected = 1  # each 附則 numbers its articles afresh
        deleted_to = _DELETED_TO.search(section.key)
        if section.number is not None and _BRANCH.search(section.key) and not deleted_to:
            pass  # 第3条の2 sits after 第3条 and takes no number of its own
        elif section.number is not None:
            if section.number != expected:
                problems.append(
                    Problem(
                        path,
                        section.line,
                        Message(
                            "'%(heading)s' should be article "
                            "%(number)s: articles are numbered 1, 2, 3… without gaps",
                            heading=section.heading,
                            number=expected,
                        ),
                    )
                )
            expected = (int(deleted_to.group(1)) if deleted_to else section.number) + 1
        following = sections[index + 1] if index + 1 < len(sections) else None
        opens_deeper = following is not None and following.level > section.level
        # An article needs text (「第5条　削除」 aside); a plain heading may stand alone.
        if (
            not section.blocks
            and section.number is not None
            and not opens_deeper
            and not _DELETED.search(section.heading)
        ):
            problems.append(
                Problem(path, section.line, Message("'%(heading)s' has no text", heading=section.heading))
            )
    return problems


def _check_unpublished_translations(policy: Policy, ledger: Ledger) -> list[Problem]:
    """Translations not published as they are (never recorded, or changed since) have every
    paragraph of their source. One recorded as published is history, as it was published."""
    problems: list[Problem] = []
    source = policy.settings.source_language
    for version in policy.versions:
        original = version.texts.get(source)
        for lang in policy.settings.translations:
            text = version.texts.get(lang)
            lock = ledger.lock_of(version.id, lang)
            if original is None or text is None or (lock is not None and lock.sha256 == text.sha256):
                continue
            if not _check_same_sections(original, text):
                problems += _check_same_paragraphs(original, text)
    return problems


def _check_same_paragraphs(original: Text, text: Text) -> list[Problem]:
    """Each article of a translation has at least as many paragraphs, items and rows as the
    source's: a paragraph left out of a translation is found before readers of that language
    miss it. A translator may split a paragraph (an address into lines), so more is allowed."""
    problems = []
    for source, translated in pair_sections(original.document.sections, text.document.sections):
        if not (_identified(source) and translated is not None):
            continue
        want, have = len(source.blocks), len(translated.blocks)
        if have < want:
            problems.append(
                Problem(
                    text.path,
                    translated.line,
                    Message(
                        "'%(heading)s' has %(have)s paragraph(s), item(s) or row(s), but "
                        "'%(source)s' (%(path)s:%(line)s) has %(want)s; every language "
                        "must have every paragraph: translate what is missing",
                        heading=translated.heading,
                        have=have,
                        source=source.heading,
                        path=original.path,
                        line=source.line,
                        want=want,
                    ),
                )
            )
    return problems


# An article heading with half-width brackets: 第5条(第三者提供).
_HALF_WIDTH_CAPTION = re.compile(r"^(第.+?条(?:の[0-9０-９一二三四五六七八九十]+)*)\s*\((.*)\)$")


def _check_brackets(text: Text) -> list[Problem]:
    """A Japanese article's caption stands in full-width brackets, as in any statute."""
    problems = []
    for section in text.document.sections:
        match = _HALF_WIDTH_CAPTION.match(section.heading)
        if match:
            problems.append(
                Problem(
                    text.path,
                    section.line,
                    Message(
                        "the caption of '%(heading)s' is in half-width brackets; write it with "
                        "full-width ones: %(article)s（%(caption)s）",
                        heading=section.heading,
                        article=match[1],
                        caption=match[2],
                    ),
                )
            )
    return problems


def _identified(section: Section | None) -> bool:
    """A section every language must have: a numbered article, or one with its own {#id}."""
    return section is not None and (section.number is not None or section.explicit)


def _check_same_sections(original: Text, text: Text) -> list[Problem]:
    """Every language has the source's articles and explicitly named sections, in order.

    Plainly headed sections are a translation's own: they pair with the source's by place
    (`pair_sections`), and a translation may head its text a little differently."""
    pairs = pair_sections(original.document.sections, text.document.sections)
    want = [o.key for o, _ in pairs if _identified(o)]
    mine = [t for o, t in pairs if t is not None and (_identified(t) or _identified(o))]
    have = [t.key for t in mine]
    if want == have:
        return []
    for index, key in enumerate(have):
        if index >= len(want) or want[index] != key:
            section = mine[index]
            if key not in want:
                return [
                    Problem(
                        text.path,
                        section.line,
                        Message(
                            "'%(heading)s' (#%(anchor)s) is not in "
                            "%(source)s; every language must have the same articles",
                            heading=section.heading,
                            anchor=key,
                            source=original.path,
                        ),
                    )
                ]
            other = original.document.section(want[index])
            return [
                Problem(
                    text.path,
                    section.line,
                    Message(
                        "'%(heading)s' is out of order: %(path)s:%(line)s has '%(other)s' here",
                        heading=section.heading,
                        path=original.path,
                        line=other.line,
                        other=other.heading,
                    ),
                )
            ]
    missing = next(o for o, _ in pairs if _identified(o) and o.key == want[len(have)])
    return [
        Problem(
            text.path,
            text.document.sections[-1].line if have else text.body_line,
            Message(
                "'%(heading)s' (%(path)s:%(line)s) is missing in this "
                "translation; every language must have the same articles",
                heading=missing.heading,
                path=original.path,
                line=missing.line,
            ),
        )
    ]
