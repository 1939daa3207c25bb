"""What the 新旧対照表 and the redline call a section that is not shown in full: an article by
its number (第1条, 附則第1条, Article 1), a run of untouched ones by its first and last
(第1条～第47条), the parts outside sections by name (前文, 注). The web page and the Word file
ask the same functions, so they name every row alike."""

from __future__ import annotations

from collections.abc import Callable

from .diff import SectionDiff

Gettext = Callable[[str], str]
PARTS = ("preamble", "footnotes")


def short_heading(section, _: Gettext) -> str:
    """An article by its number without its caption (第1条, Article 1; 附則第1条 inside
    supplementary provisions); any other section by its whole heading."""
    at = section.heading.rfind(section.title) if section.title else -1
    if section.number is None or at <= 0:
        return section.heading
    name = section.heading[:at].rstrip(" 　(（.:")
    if section.key.startswith("supplementary"):
        return _("Supplementary Provisions, %(article)s") % {"article": name}
    return name


def part_name(section: SectionDiff, _: Gettext) -> str:
    return _("Preamble") if section.key == "preamble" else _("Notes")


def run_name(run: tuple[SectionDiff, ...], _: Gettext) -> str:
    """A run of untouched sections by its first and last: 第1条～第47条, Article 1 – Article 47."""
    first, last = run[0], run[-1]
    if first.key in PARTS:
        return part_name(first, _)
    if len(run) == 1:
        return short_heading(first.new or first.old, _)
    names = {
        "first": short_heading(first.new or first.old, _),
        "last": short_heading(last.new or last.old, _),
    }
    return _("%(first)s – %(last)s") % names
