"""The policy model: policies, versions, texts in each language, articles and blocks.

Nothing here knows about MkDocs; the model is built by `sources` and read by everything else.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from dataclasses import dataclass, field
from enum import StrEnum

from .messages import Message


class BlockKind(StrEnum):
    """The drafting level of a block, given by its label (1. / (1) / ① / ア / ・ / ※)."""

    PLAIN = "plain"
    PARAGRAPH = "paragraph"
    ITEM = "item"
    SUBITEM = "subitem"
    SUBSUBITEM = "subsubitem"
    BULLET = "bullet"
    NOTE = "note"


class Role(StrEnum):
    """What a block is in the CommonMark tree: the unit a diff pairs and a page shows."""

    PARAGRAPH = "p"
    LIST_ITEM = "li"
    TABLE_ROW = "tr"
    HEADING = "h"  # a heading inside a quote or list, not a section of its own
    CODE = "code"
    HTML = "html"
    RULE = "hr"


@dataclass(frozen=True)
class Block:
    """One paragraph, list item, table row or other leaf of a section, as written.

    `label` keeps its separator as written ("1. ", "（1）", "ア　"), so label + body is the text.
    `body` carries its inline markup as characters (see `markup`); a table row's cells are
    separated by `markup.CELL`. `depth` is the nesting in lists, `quote` in block quotes.
    """

    kind: BlockKind
    label: str
    body: str
    line: int
    role: Role = Role.PARAGRAPH
    depth: int = 0
    quote: int = 0
    ordered: bool = False
    header: bool = False  # a table's heading row
    align: tuple[str, ...] = ()  # a table row: each column's alignment, "" for none
    html: str = ""  # an HTML block or a code block's info: what the page shows as is

    @property
    def text(self) -> str:
        """The whole block as written: label (with its separator) and body."""
        return self.label + self.body


@dataclass(frozen=True)
class Section:
    """An article (第N条 / Article N) or a plainly headed section of a policy.

    `key` is what names the section across languages and versions of the same numbering:
    `article-N` for numbered articles, a slug of the heading otherwise.
    """

    key: str
    heading: str
    title: str
    number: int | None
    blocks: tuple[Block, ...]
    line: int
    level: int = 2  # the heading's level, the highest level of the text counted as 2
    html: str = field(default="", compare=False)  # the sanitised HTML of its blocks
    heading_html: str = field(default="", compare=False)  # the heading's inline HTML
    explicit: bool = False  # the anchor is written in the text ({#id}), not derived

    @property
    def anchor(self) -> str:
        return self.key


@dataclass(frozen=True)
class Document:
    """A parsed policy text: a preamble, then sections."""

    preamble: tuple[Block, ...]
    sections: tuple[Section, ...]
    preamble_html: str = field(default="", compare=False)
    footnotes_html: str = field(default="", compare=False)
    footnotes: tuple[Block, ...] = ()  # shown at the end of the text, diffed as a part of its own
    # Markup the sanitizer drops, as (line, what): `check` reports it, the page never shows it.
    refused: tuple[tuple[int, str], ...] = field(default=(), compare=False)

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)


class Kind(StrEnum):
    """What a version is in the history: 制定 or 改定."""

    ENACTMENT = "enactment"
    AMENDMENT = "amendment"


@dataclass(frozen=True)
class Translation:
    """For a translated text: which source text it translates, and when it was last updated."""

    source_sha256: str
    updated: dt.date


@dataclass(frozen=True)
class Text:
    """One language's text of one version: a file `docs/<policy>/versions/<date>.<lang>.md`."""

    lang: str
    path: str
    effective: dt.date
    kind: Kind
    summary: str
    body: str
    body_line: int
    document: Document
    translation: Translation | None = None
    key_lines: dict[str, int] = field(default_factory=dict, compare=False)
    announced: dt.date | None = None  # 'announced:' in its front matter, when written

    def line_of(self, key: str) -> int:
        """The line of a front matter key, for messages; 1 when the key is absent."""
        return self.key_lines.get(key, 1)

    @functools.cached_property
    def sha256(self) -> str:
        """SHA-256 of the body (the text after the front matter), which is what is published.

        Computed once: every page lists every version's hashes and translation states."""
        return text_sha256(self.body)


def text_sha256(body: str) -> str:
    """Hash a body with line endings normalised, so a checkout on any OS hashes alike."""
    normalised = body.replace("\r\n", "\n").strip("\n") + "\n"
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


@dataclass
class Version:
    """A version of a policy, identified by its effective date, with its texts per language."""

    effective: dt.date
    texts: dict[str, Text] = field(default_factory=dict)
    # The day it was first published (announced) on the site: attached from its source text's
    # 'announced:' or, failing that, the day its source text was recorded (`notice`).
    announced: dt.date | None = None

    @property
    def id(self) -> str:
        return self.effective.isoformat()

    @property
    def days_announced_ahead(self) -> int | None:
        """How many days before taking effect it was announced; None when that is not known."""
        return None if self.announced is None else (self.effective - self.announced).days


DEFAULT_TIMEZONE = "Asia/Tokyo"


@dataclass(frozen=True)
class PolicySettings:
    """Policy-level settings from `mkdocs.yml`: titles, source language, languages, the time
    zone whose date is the policy's "today", and the notice period."""

    id: str
    titles: dict[str, str]
    source_language: str
    languages: tuple[str, ...]
    timezone: str = DEFAULT_TIMEZONE
    # The least number of days a version must be announced before it takes effect (民法第548条の4
    # for terms of use); `policy check` warns about an upcoming version announced later.
    notice_days: int = 0

    def title(self, lang: str) -> str:
        return self.titles.get(lang) or self.titles[self.source_language]

    def title_lang(self, lang: str) -> str:
        """The language `title(lang)` is written in: `lang`, or the source language's title."""
        return lang if self.titles.get(lang) else self.source_language

    @property
    def translations(self) -> tuple[str, ...]:
        return tuple(lang for lang in self.languages if lang != self.source_language)


class UpdateKind(StrEnum):
    """What a dated update of a text in effect is."""

    CORRECTION = "correction"  # 誤記訂正 of a text in effect
    TRANSLATION = "translation"  # 翻訳更新: the translation changed, the source did not


@dataclass(frozen=True)
class Update:
    """A dated change to a text already published, as the record holds it: what, when, why,
    from which text to which (their hashes), and where the earlier text is kept."""

    date: dt.date
    version: str
    lang: str
    kind: UpdateKind
    reason: str
    before: str
    after: str
    earlier: str  # path of the earlier text, relative to the policy folder

    @property
    def id(self) -> str:
        return f"{self.date.isoformat()}-{self.lang}"


@dataclass(frozen=True)
class TextUpdate:
    """An update from the record, with the earlier text it replaced and the text after it."""

    update: Update
    earlier: Text
    later: Text


@dataclass
class Policy:
    """A policy and all its versions, oldest first."""

    settings: PolicySettings
    versions: list[Version] = field(default_factory=list)
    # Dated updates of published texts (corrections, translation updates), oldest first, each
    # with the text it replaced: read from the record before any rule is applied (`pipeline`).
    updates: tuple[TextUpdate, ...] = ()

    @property
    def id(self) -> str:
        return self.settings.id

    def version(self, version_id: str) -> Version | None:
        return next((v for v in self.versions if v.id == version_id), None)


class Severity(StrEnum):
    """An error stops `policy check` and every build; a warning stops only a strict build."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """Something wrong in a source file, reported as `path:line: message`.

    The message is a `Message`, so every problem can be shown in the editor's language; a
    plain string is refused, so no untranslatable message slips in.
    """

    path: str
    line: int
    message: Message
    severity: Severity = Severity.ERROR

    def __post_init__(self) -> None:
        if not isinstance(self.message, Message):  # a plain string could not be translated
            raise TypeError(f"a problem's message must be a Message, not {self.message!r}")
        # Given as a plain "error" or "warning" by some callers: held as the enum all the same.
        object.__setattr__(self, "severity", Severity(self.severity))

    @property
    def kind(self) -> Message:
        """What a reader is told the problem is: an error (誤り) or a warning (注意)."""
        return Message("error") if self.is_error else Message("warning")

    def in_language(self, lang: str) -> str:
        """`path:line: message`, the message in `lang`."""
        return f"{self.path}:{self.line}: {self.message.in_language(lang)}"

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"
