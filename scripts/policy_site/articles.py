"""One article through a policy's versions: every wording it had, when, and how it changed.

An article is followed by the diff's pairing of old and new articles (content and caption,
never its number alone), in the source language, so that its page has the same address in
every language; each language then shows its own wordings, read from that language's diffs.
Only the diffs of consecutive versions are read, the ones the changes pages show, so the cost
is one diff per version pair whatever the number of articles.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from .diff import Change, DocumentDiff, SectionDiff
from .history import Standing, State
from .model import Policy, Section, Version

# The diff of two versions' texts in a language; None where either lacks a text in it.
DiffOf = Callable[[Version, Version, str], DocumentDiff | None]


@dataclass(frozen=True)
class Lineage:
    """One article as the source language's diffs follow it: its anchor in each version it
    stood in (consecutive, oldest first), and the version that removed it, if any."""

    keys: tuple[tuple[Version, str], ...]
    removed_by: Version | None

    @property
    def last_key(self) -> str:
        return self.keys[-1][1]


@dataclass(frozen=True)
class Wording:
    """One wording of an article in one language, and the consecutive versions it stood in.

    `step` is how it came from the wording before (None for the first, or where the language
    lacks either text); `formerly` is its section before a renumbering."""

    versions: tuple[Version, ...]
    section: Section | None  # None: the language has no text of these versions
    step: SectionDiff | None
    state: State
    since: dt.date
    until: dt.date | None  # its last day in force; None while nothing replaced it

    @property
    def first(self) -> Version:
        return self.versions[0]

    @property
    def is_current(self) -> bool:
        return self.state == State.CURRENT

    @property
    def is_upcoming(self) -> bool:
        return self.state == State.UPCOMING

    @property
    def is_archived(self) -> bool:
        return self.state == State.ARCHIVED

    @property
    def formerly(self) -> Section | None:
        step = self.step
        return step.old if step is not None and step.renumbered else None


@dataclass(frozen=True)
class ArticleHistory:
    """An article's page: its anchor, its wordings oldest first, and its removal."""

    key: str
    lang: str
    wordings: tuple[Wording, ...]
    removed_by: Version | None
    removal: SectionDiff | None  # the removed text, struck out, where the language has it

    @property
    def wordings_newest_first(self) -> tuple[Wording, ...]:
        return tuple(reversed(self.wordings))

    @property
    def latest(self) -> Section | None:
        """The article's last section in this language, which names the page."""
        return next((w.section for w in reversed(self.wordings) if w.section is not None), None)


def lineages(policy: Policy, diff: DiffOf) -> list[Lineage]:
    """Every article of the policy, followed through the source language's diffs of
    consecutive versions, in order of first appearance."""
    source = policy.settings.source_language
    versions = [v for v in policy.versions if source in v.texts]
    done: list[Lineage] = []
    open_: dict[str, list[tuple[Version, str]]] = {}  # by key in the last version
    for index, version in enumerate(versions):
        if index == 0:
            open_ = {s.key: [(version, s.key)] for s in version.texts[source].document.sections}
            continue
        made = diff(versions[index - 1], version, source)
        following: dict[str, list[tuple[Version, str]]] = {}
        for sd in made.sections:
            if sd.old is not None and sd.new is not None:
                chain = open_.pop(sd.old.key, None)
                following[sd.new.key] = [*(chain or []), (version, sd.new.key)]
            elif sd.new is not None:
                following[sd.new.key] = [(version, sd.new.key)]
            elif sd.old is not None and sd.old.key in open_:
                done.append(Lineage(tuple(open_.pop(sd.old.key)), version))
        done += [Lineage(tuple(chain), None) for chain in open_.values()]  # not in the diff
        open_ = following
    done += [Lineage(tuple(chain), None) for chain in open_.values()]
    first_seen = {v.id: i for i, v in enumerate(versions)}
    return sorted(done, key=lambda lin: (first_seen[lin.keys[0][0].id], lin.keys[0][1]))


def page_keys(found: list[Lineage]) -> list[str]:
    """The anchor of each article's page: its last anchor. Where several articles last had the
    same anchor (an article removed, and its number given to another), the one that stood
    latest keeps it, and each other is named after its last version too: `article-4-2022-04-01`."""
    order = sorted(
        range(len(found)),
        key=lambda i: (found[i].removed_by is None, found[i].keys[-1][0].effective),
        reverse=True,
    )
    taken: set[str] = set()
    keys = [""] * len(found)
    for i in order:
        key = found[i].last_key
        if key in taken:
            key = f"{key}-{found[i].keys[-1][0].id}"
        taken.add(key)
        keys[i] = key
    return keys


class _Index:
    """Each diff's sections by their new key and the removed ones by their old key, made once."""

    def __init__(self, diff: DiffOf, lang: str) -> None:
        self._diff, self._lang = diff, lang
        self._made: dict[tuple[str, str], tuple[dict, dict] | None] = {}

    def of(self, old: Version, new: Version) -> tuple[dict[str, SectionDiff], dict[str, SectionDiff]] | None:
        pair = (old.id, new.id)
        if pair not in self._made:
            made = self._diff(old, new, self._lang)
            self._made[pair] = (
                None
                if made is None
                else (
                    {sd.new.key: sd for sd in made.sections if sd.new is not None},
                    {sd.old.key: sd for sd in made.sections if sd.new is None and sd.old is not None},
                )
            )
        return self._made[pair]


def article_histories(
    policy: Policy,
    lang: str,
    standings: Mapping[str, Standing],
    diff: DiffOf,
    found: list[Lineage] | None = None,
) -> list[ArticleHistory]:
    """Every article's history in `lang`, by the lineages of the source language."""
    found = lineages(policy, diff) if found is None else found
    index = _Index(diff, lang)
    histories = []
    for lineage, key in zip(found, page_keys(found), strict=True):
        wordings: list[list] = []  # [versions, section, step]
        previous: Version | None = None
        for version, section_key in lineage.keys:
            text = version.texts.get(lang)
            section = text.document.section(section_key) if text else None
            sides = index.of(previous, version) if previous is not None else None
            step = sides[0].get(section_key) if sides is not None else None
            same = (
                wordings
                and step is not None
                and step.change == Change.UNCHANGED
                and not step.renumbered
                and wordings[-1][1] is not None
            )
            if same:
                wordings[-1][0].append(version)
            elif wordings and section is None and wordings[-1][1] is None:
                wordings[-1][0].append(version)  # still no text in this language
            else:
                wordings.append([[version], section, step if previous is not None else None])
            previous = version
        removal = None
        if lineage.removed_by is not None and previous is not None:
            sides = index.of(previous, lineage.removed_by)
            removal = sides[1].get(lineage.last_key) if sides is not None else None
        histories.append(
            ArticleHistory(
                key,
                lang,
                tuple(_wording(versions, section, step, standings) for versions, section, step in wordings),
                lineage.removed_by,
                removal,
            )
        )
    return histories


def _wording(versions, section, step, standings: Mapping[str, Standing]) -> Wording:
    first, last = standings[versions[0].id], standings[versions[-1].id]
    states = {standings[v.id].state for v in versions}
    state = (
        State.CURRENT
        if State.CURRENT in states
        else State.UPCOMING
        if states == {State.UPCOMING}
        else State.ARCHIVED
    )
    return Wording(tuple(versions), section, step, state, first.since, last.until)


def heading_links(found: list[Lineage]) -> dict[str, dict[str, str]]:
    """For each version, each section's anchor there and the anchor of its article's page: the
    same in every language, as a section's anchor is."""
    links: dict[str, dict[str, str]] = {}
    for lineage, key in zip(found, page_keys(found), strict=True):
        for version, section_key in lineage.keys:
            links.setdefault(version.id, {})[section_key] = key
    return links
