"""The kinds of page a policy has, each with what its template reads.

Every page has a URL, a title, the policy's view and its alternates in the policy's other
languages; each kind adds its own data and answers its template's questions (which version's
standing to show, where links into each side of a diff lead) so the template need not decide.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import ClassVar

from .articles import ArticleHistory, Wording
from .diff import DocumentDiff
from .model import Text
from .parallel import ParallelRow
from .render import excerpt_html, summary_plain
from .urls import SIDE_BY_SIDE, side_by_side_path
from .views import PolicyView, UpdateView, VersionView

# Languages whose readers expect a 新旧対照表 (two columns) rather than an inline redline.
TABLE_LANGUAGES = frozenset({"ja"})


def diff_layout(lang: str) -> str:
    """`table` (新旧対照表) for readers who expect one, else `redline`."""
    return "table" if lang in TABLE_LANGUAGES else "redline"


def has_views(lang: str, diff: DocumentDiff | None) -> bool:
    """Whether a diff in `lang` has an inline and a side-by-side view: a 新旧対照表 is side by
    side already, and a diff that changed nothing has nothing to show twice."""
    return diff_layout(lang) == "redline" and diff is not None and diff.changed


class PageKind(StrEnum):
    CURRENT = "current"  # the version in force, at the policy's own address
    VERSION = "version"  # a version's text at its permanent address
    MISSING = "missing"  # a version's address in a language it has no text in
    HISTORY = "history"
    BILINGUAL = "bilingual"
    CHANGES = "changes"  # what a version changed from the one before
    COMPARE = "compare"  # what changed between a version and the one in force
    EARLIER = "earlier"  # a text an update replaced
    UPDATE = "update"  # what an update changed
    ARTICLE = "article"  # one article through the versions


class DiffView(StrEnum):
    """How a redline page shows a diff. Each view is a page of its own, so that a page between
    distant versions of a long text carries one copy of the change, not two."""

    INLINE = "inline"  # insertions and deletions in the running text
    SIDES = "sides"  # before on the left, after on the right


@dataclass(kw_only=True)
class PolicyPage:
    """One page of a policy in one language: its URL, title, template and data."""

    kind: ClassVar[PageKind]
    template: ClassVar[str]

    lang: str
    url: str
    title: str
    policy: PolicyView
    alternates: dict[str, str] = field(default_factory=dict)
    html: str = ""  # the policy text the page shows, sanitised; "" when the template shows all
    text: Text | None = None  # the text whose headings make the page's table of contents
    searchable: bool = False
    generated: bool = True  # False where a Markdown file of the docs is the page

    @property
    def description(self) -> str:
        """The page's meta description."""
        return self.title

    @property
    def src_uri(self) -> str:
        """A virtual source path for a generated page, unique per language."""
        return f"{self.url.removeprefix(self.lang + '/')}index.{self.lang}.md"


@dataclass(kw_only=True)
class _OfVersion(PolicyPage):
    """A page about one version: its meta description is the title and the version's summary."""

    version: VersionView | None = None

    @property
    def description(self) -> str:
        summary = self.version.summary if self.version else None
        summary = summary_plain(summary) if summary else summary
        return f"{self.title}: {summary}" if summary else self.title


@dataclass(kw_only=True)
class VersionPage(_OfVersion):
    """A version's text at its permanent address; `MissingPage` where it has none in `lang`."""

    kind: ClassVar[PageKind] = PageKind.VERSION
    template: ClassVar[str] = "policy/version.html"
    is_current_page: ClassVar[bool] = False  # the policy's own address, which follows the version in force
    is_earlier: ClassVar[bool] = False  # a text an update replaced


@dataclass(kw_only=True)
class MissingPage(VersionPage):
    kind: ClassVar[PageKind] = PageKind.MISSING


@dataclass(kw_only=True)
class CurrentPage(VersionPage):
    """The version in force at the policy's own address; no version when none is in force yet."""

    kind: ClassVar[PageKind] = PageKind.CURRENT
    is_current_page: ClassVar[bool] = True


@dataclass(kw_only=True)
class EarlierPage(VersionPage):
    """A text of a version that an update replaced, and the update that did."""

    kind: ClassVar[PageKind] = PageKind.EARLIER
    is_earlier: ClassVar[bool] = True
    update: UpdateView
    later_url: str  # where the text that replaced it is

    @property
    def description(self) -> str:
        return f"{self.title}: {self.update.reason}" if self.update.reason else self.title


@dataclass(kw_only=True)
class HistoryPage(PolicyPage):
    kind: ClassVar[PageKind] = PageKind.HISTORY
    template: ClassVar[str] = "policy/history.html"


@dataclass(kw_only=True)
class BilingualPage(_OfVersion):
    """The version in force in every language, row by row."""

    kind: ClassVar[PageKind] = PageKind.BILINGUAL
    template: ClassVar[str] = "policy/bilingual.html"
    parallel: list[ParallelRow] | None = None


@dataclass(kw_only=True)
class _DiffPage(_OfVersion):
    """Two texts compared: `version` the newer side, `base` the older; no diff where `lang`
    lacks a text of either."""

    template: ClassVar[str] = "policy/changes.html"
    reads_older_to_newer: ClassVar[bool] = False  # whether the page states which way it reads
    base: VersionView
    diff: DocumentDiff | None
    update: UpdateView | None = None
    later_url: str | None = None
    view: DiffView = DiffView.INLINE

    @property
    def diff_layout(self) -> str:
        """`table` (新旧対照表) for readers who expect one, else `redline`."""
        return diff_layout(self.lang)

    @property
    def views(self) -> dict[DiffView, str]:
        """Each view's page, where the diff has two: the inline one, and the side-by-side one
        below it."""
        if not has_views(self.lang, self.diff):
            return {}
        inline = self.url.removesuffix(SIDE_BY_SIDE) if self.view == DiffView.SIDES else self.url
        return {DiffView.INLINE: inline, DiffView.SIDES: side_by_side_path(inline)}

    @property
    def new_base_url(self) -> str:
        """Where links into the newer side lead."""
        return self.version.url

    @property
    def old_base_url(self) -> str:
        """Where links into the older side lead."""
        return self.base.url

    @property
    def status_version(self) -> VersionView | None:
        """The version whose standing the page states, if any."""
        return self.version


@dataclass(kw_only=True)
class ChangesPage(_DiffPage):
    kind: ClassVar[PageKind] = PageKind.CHANGES

    @property
    def word_file(self) -> str | None:
        """The name of the Word file of this diff, written beside the page: legal departments
        circulate the 新旧対照表 as a .docx for approval. None where there is nothing to compare."""
        if self.diff is None or not self.diff.changed:
            return None
        return f"{self.policy.id}-{self.version.id}-{self.lang}.docx"

    @property
    def word_href(self) -> str | None:
        """The Word file as the page links it: the side-by-side view is a folder below."""
        if self.word_file is None:
            return None
        return f"../{self.word_file}" if self.view == DiffView.SIDES else self.word_file


@dataclass(kw_only=True)
class ComparePage(_DiffPage):
    """A version against the one in force, older side first: an archived version's standing is
    what the reader needs, else the upcoming one's."""

    kind: ClassVar[PageKind] = PageKind.COMPARE
    # Reached from an archived version or from an upcoming one, it reads older to newer either
    # way, and says so: from an upcoming version the older side is the one in force.
    reads_older_to_newer: ClassVar[bool] = True

    @property
    def status_version(self) -> VersionView:
        return self.base if self.base.is_archived else self.version


@dataclass(kw_only=True)
class UpdatePage(_DiffPage):
    """What an update changed in a version's text: the earlier text against the one after."""

    kind: ClassVar[PageKind] = PageKind.UPDATE
    update: UpdateView
    later_url: str

    @property
    def description(self) -> str:
        return f"{self.title}: {self.update.reason}" if self.update.reason else self.title

    @property
    def new_base_url(self) -> str:
        return self.later_url

    @property
    def old_base_url(self) -> str:
        return self.update.earlier_url

    @property
    def status_version(self) -> None:
        return None


@dataclass(frozen=True)
class ArticleStep:
    """A wording of an article as its page shows it: the version it first stood in, and the
    last version of the wording before, where links into the old side of its change lead."""

    wording: Wording
    version: VersionView
    base: VersionView | None

    @property
    def url(self) -> str:
        """The wording in its version's text, at the article."""
        section = self.wording.section
        return f"{self.version.url}#{section.key}" if section is not None else self.version.url

    def text_html(self, base: str) -> str:
        """The wording's text, its ids made its own (the page shows every wording) and its links
        to the rest of the text leading to `base`, the version's page."""
        section = self.wording.section
        return excerpt_html(section.html, f"v{self.version.id}", base) if section is not None else ""


@dataclass(kw_only=True)
class ArticlePage(PolicyPage):
    """One article through the versions: its wordings newest first, each with its range of
    force and its change from the one before, and its removal, if it was removed."""

    kind: ClassVar[PageKind] = PageKind.ARTICLE
    template: ClassVar[str] = "policy/article.html"
    history: ArticleHistory
    steps: tuple[ArticleStep, ...]  # newest first
    removed_by: VersionView | None = None
    removed_from: VersionView | None = None  # the last version it stood in, before its removal

    @property
    def diff_layout(self) -> str:
        """`table` (新旧対照表) for readers who expect one, else `redline`."""
        return diff_layout(self.lang)
