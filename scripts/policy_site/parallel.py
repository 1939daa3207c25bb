"""A version's texts aligned article by article, for the page that shows all its languages."""

from __future__ import annotations

from dataclasses import dataclass

from .model import Section, Version

# The parts of a text outside its articles: what comes before them, and its notes.
PARTS = ("preamble", "footnotes")


@dataclass(frozen=True)
class ParallelRow:
    """One article (or the preamble, or the notes) in every language of a version, source first."""

    key: str
    cells: tuple[tuple[str, Section | None], ...]  # (lang, its section, None where it has none)

    @property
    def is_part(self) -> bool:
        """The preamble or the notes, rather than an article."""
        return self.key in PARTS

    @property
    def first(self) -> Section | None:
        """The row's section in the first language that has it: what names the row."""
        return next((section for _, section in self.cells if section), None)

    @property
    def is_shown(self) -> bool:
        """Every article is shown; the preamble and the notes only when a text has them."""
        return not self.is_part or bool(self.first and self.first.html)


def _part(key: str, html: str) -> Section:
    return Section(key, "", "", None, (), 0, html=html)


def parallel_rows(version: Version, languages: tuple[str, ...]) -> list[ParallelRow]:
    """Align a version's texts article by article, by anchor, for the bilingual view."""
    texts = {lang: version.texts.get(lang) for lang in languages}
    rows = [
        ParallelRow(
            "preamble",
            tuple(
                (
                    lang,
                    Section("preamble", "", "", None, t.document.preamble, 0, html=t.document.preamble_html)
                    if t
                    else None,
                )
                for lang, t in texts.items()
            ),
        )
    ]
    source = next((t for t in texts.values() if t), None)
    keys = [s.key for s in source.document.sections] if source else []
    # A section a translation has and its source has not (a heading more) gets a row of its
    # own after the section it follows, so no part of any text is left out.
    extra: dict[str, list[tuple[str, Section]]] = {}
    for lang, text in texts.items():
        if text is None or text is source:
            continue
        after = "preamble"
        for section in text.document.sections:
            if section.key in keys:
                after = section.key
            else:
                extra.setdefault(after, []).append((lang, section))

    def extra_rows(after: str) -> list[ParallelRow]:
        return [
            ParallelRow(
                section.key,
                tuple((code, section if code == lang else _part(section.key, "")) for code in texts),
            )
            for lang, section in extra.get(after, [])
        ]

    rows += extra_rows("preamble")
    for key in keys:
        rows.append(
            ParallelRow(
                key, tuple((lang, t.document.section(key) if t else None) for lang, t in texts.items())
            )
        )
        rows += extra_rows(key)
    if any(t and t.document.footnotes_html for t in texts.values()):
        rows.append(
            ParallelRow(
                "footnotes",
                tuple(
                    (lang, _part("footnotes", t.document.footnotes_html) if t else None)
                    for lang, t in texts.items()
                ),
            )
        )
    return rows
