"""Rebuild the real-world fixture corpus from a bare mirror of its source repository.

    .venv/bin/python tests/tools/import_corpus.py MIRROR OUTPUT

MIRROR is a bare git mirror of github/site-policy or mozilla/legal-docs (the script tells them
apart by their files); OUTPUT is the corpus folder, normally tests/fixtures/corpus. It writes
OUTPUT/<site>/: docs/<policy>/versions/YYYY-MM-DD.<lang>.md, docs/index.<lang>.md, mkdocs.yml,
translations.yml and SOURCE.md, the way an adopter would import an existing history: the source
file's own front matter (if any) is replaced by ours, and the body is kept byte for byte.

The history read is the main branch's first-parent line, which is what was published; drafts on
side branches are not versions. A version is one distinct effective date stated in the English
text; its text is the last one on the main line that states that date (later editorial fixes
included). A translation of a version is the translation file as it stood when that version was
last current (just before the next English date first appeared, or now). It translates the
English version that was current when the translation's text last changed; commits that only
change whitespace, line endings or a byte-order mark are not counted as changes.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from babel.dates import format_date

from policy_site.model import text_sha256
from policy_site.parse import split_front_matter

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
EFFECTIVE = re.compile(rf"Effective(?: date)?:?[\s*]*((?:{MONTHS}) \d{{1,2}}, \d{{4}})")
DATETIME = re.compile(r'datetime="(\d{4})-(\d{1,2})-(\d{1,2})"')  # Mozilla's texts before 2017
SUMMARY = {
    "en": "Version effective {date}.",
    "ja": "{date}に効力を生じた版です。",
    "de": "Fassung, gültig ab {date}.",
    "fr": "Version en vigueur à compter du {date}.",
    "zh": "自{date}起生效的版本。",
}
LANGUAGE_NAMES = {"en": "English", "ja": "日本語", "de": "Deutsch", "fr": "Français", "zh": "中文"}
INDEX = {
    "en": "This site publishes the {title} and the record of its versions.",
    "ja": "このサイトでは、{title}とその版の記録を公開しています。",
    "de": "Diese Website veröffentlicht den {title} und die Aufzeichnung seiner Fassungen.",
    "fr": "Ce site publie la {title} et l’historique de ses versions.",
    "zh": "本网站发布{title}及其各版本的记录。",
}


@dataclass
class Source:
    """One policy of one repository, and how its files are named there."""

    site: str
    policy: str
    repository: str
    licence: str
    licence_file: str
    paths: dict[str, list[str]]  # our language code -> its paths, newest name first
    titles: dict[str, str]
    since: str = ""  # the first effective date taken (ISO); earlier versions are left out
    note: str = ""


SOURCES = [
    Source(
        site="github",
        policy="github-privacy-statement",
        repository="github/site-policy",
        licence="CC0 1.0 Universal (https://creativecommons.org/publicdomain/zero/1.0/)",
        licence_file="LICENSE.md",
        paths={
            "en": [
                "Policies/privacy-policies/github-general-privacy-statement.md",
                "Policies/privacy-policies/github-privacy-statement.md",
                "Policies/github-privacy-statement.md",
            ]
        },
        titles={"en": "GitHub Privacy Statement"},
        note=(
            "Two dates were stated only on side branches and changed before they were merged, so "
            "they are not versions: November 13, 2019 (merged as December 20, 2019) and "
            "May 25, 2022 (merged as May 31, 2022)."
        ),
    ),
    Source(
        site="mozilla",
        policy="firefox-privacy-notice",
        repository="mozilla/legal-docs",
        licence="Creative Commons Attribution-ShareAlike 3.0 Unported (https://creativecommons.org/licenses/by-sa/3.0/)",
        licence_file="LICENSE.md",
        paths={
            lang: [f"{locale}/firefox_privacy_notice.md", f"firefox_privacy_notice/{old}.md"]
            for lang, locale, old in [
                ("en", "en", "en-US"),
                ("ja", "ja", "ja"),
                ("de", "de", "de"),
                ("fr", "fr", "fr"),
                ("zh", "zh-CN", "zh-CN"),
            ]
        },
        titles={
            "en": "Firefox Privacy Notice",
            "ja": "Firefox のプライバシーに関する通知",
            "de": "Firefox-Datenschutzhinweis",
            "fr": "Politique de confidentialité de Firefox",
            "zh": "Firefox 隐私声明",
        },
        since="2020-09-08",
        note=(
            "Versions are taken from the one in force when the repository moved to one folder per "
            "locale (2021-02-03; the version effective 2020-09-08) onwards. The 30 earlier English "
            "effective dates (2014-01-27 to 2020-08-24, in `firefox_privacy_notice/<locale>.md`) "
            "are left out to keep the fixture small; translations are still followed through "
            "the earlier file names to find when their text last changed."
        ),
    ),
]


def git(mirror: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "--git-dir", str(mirror), *args], capture_output=True, text=True, check=True
    ).stdout


def blob(mirror: Path, commit: str, path: str) -> str | None:
    """The file at a commit, decoded as UTF-8, or None when it is not there."""
    result = subprocess.run(
        ["git", "--git-dir", str(mirror), "show", f"{commit}:{path}"], capture_output=True
    )
    return result.stdout.decode("utf-8") if result.returncode == 0 else None


@dataclass
class State:
    """A file's text after one main-line commit that touched it (None: not there)."""

    position: int  # index of the commit on the main line
    commit: str
    date: str
    path: str | None
    text: str | None


def history(mirror: Path, order: dict[str, int], paths: list[str]) -> list[State]:
    """The states of a file over the main line, following its earlier names."""
    log = git(mirror, "log", "--first-parent", "--reverse", "--format=%H %cs", "HEAD", "--", *paths)
    states = []
    for line in log.split("\n"):
        if not line:
            continue
        commit, date = line.split()
        found = next(((p, t) for p in paths if (t := blob(mirror, commit, p)) is not None), (None, None))
        states.append(State(order[commit], commit, date, *found))
    return states


def body_of(text: str) -> str:
    """The body as published: without the source's own front matter and byte-order mark."""
    text = text.removeprefix("\ufeff")
    front, body, _ = split_front_matter(text)
    return body if front is not None else text


def comparable(text: str) -> str:
    """The text with differences that change nothing a reader sees removed."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    return "\n".join(line.rstrip() for line in text.strip().split("\n"))


def effective_date(text: str, where: str) -> dt.date:
    if match := EFFECTIVE.search(text):
        return dt.datetime.strptime(match.group(1), "%B %d, %Y").date()
    if match := DATETIME.search(text):
        return dt.date(*map(int, match.groups()))
    sys.exit(f"{where}: no 'Effective <Month> <day>, <year>' line or datetime attribute")


@dataclass
class Version:
    effective: dt.date
    first: State
    last: State
    end: int = 1 << 60  # main-line position where the next version first appeared
    translations: dict[str, tuple[State, State] | None] = field(default_factory=dict)


def versions_of(mirror: Path, source: Source, order: dict[str, int]) -> list[Version]:
    versions: list[Version] = []
    for state in history(mirror, order, source.paths["en"]):
        if state.text is None:
            continue
        effective = effective_date(state.text, f"{state.commit}:{state.path}")
        if versions and versions[-1].effective == effective:
            versions[-1].last = state
        elif versions and effective < versions[-1].effective:
            sys.exit(f"{state.commit}: effective date {effective} goes back in time")
        else:
            versions.append(Version(effective, state, state))
    for before, after in zip(versions, versions[1:], strict=False):
        before.end = after.first.position
    return versions


def translation_of(states: list[State], end: int) -> tuple[State, State] | None:
    """(the state as it stood before `end`, the state where that text last changed), or None."""
    before = [s for s in states if s.position < end]
    if not before or before[-1].text is None:
        return None
    current = before[-1]
    changed = current
    for state in reversed(before[:-1]):
        if state.text is None or comparable(state.text) != comparable(current.text):
            break
        changed = state
    return current, changed


def current_at(versions: list[Version], position: int) -> Version | None:
    return next((v for v in versions if v.first.position <= position < v.end), None)


def front_matter(effective: dt.date, kind: str, summary: str, translation: tuple[str, str] | None) -> str:
    lines = ["---", f"effective: {effective.isoformat()}", f"kind: {kind}", f"summary: {summary}"]
    if translation:
        lines += ["translation:", f"  source: {translation[0]}", f"  updated: {translation[1]}"]
    return "\n".join(lines + ["---", ""])


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(text)


def import_source(mirror: Path, source: Source, output: Path) -> None:
    order = {
        c: i for i, c in enumerate(git(mirror, "rev-list", "--first-parent", "--reverse", "HEAD").split())
    }
    all_versions = versions_of(mirror, source, order)
    taken = [v for v in all_versions if v.effective.isoformat() >= source.since]
    langs = list(source.paths)
    site = output / source.site
    versions_dir = site / "docs" / source.policy / "versions"
    for old in versions_dir.glob("*.md") if versions_dir.exists() else []:
        old.unlink()
    english = {v.effective: body_of(v.last.text) for v in all_versions}
    boms = 0  # source files that began with a byte-order mark
    mapping: dict[str, dict[str, str]] = {}
    for i, version in enumerate(taken):
        kind = "enactment" if i == 0 else "amendment"
        day = version.effective
        boms += version.last.text.startswith("\ufeff")
        write(
            versions_dir / f"{day}.en.md",
            front_matter(day, kind, SUMMARY["en"].format(date=format_date(day, "long", "en")), None)
            + english[day],
        )
        mapping[day.isoformat()] = {}
        for lang in langs[1:]:
            found = translation_of(history(mirror, order, source.paths[lang]), version.end)
            version.translations[lang] = found
            if found is None:
                mapping[day.isoformat()][lang] = "missing"
                continue
            current, changed = found
            boms += current.text.startswith("\ufeff")
            translated = current_at(all_versions, changed.position)
            if translated is None:
                sys.exit(f"{changed.commit}:{changed.path}: changed before any English version")
            mapping[day.isoformat()][lang] = translated.effective.isoformat()
            summary = SUMMARY[lang].format(date=format_date(day, "long", lang))
            source_hash = text_sha256(english[translated.effective])
            write(
                versions_dir / f"{day}.{lang}.md",
                front_matter(day, kind, summary, (source_hash, changed.date)) + body_of(current.text),
            )
    for lang in langs:
        write(site / "docs" / f"index.{lang}.md", index_page(source, lang))
    write(site / "mkdocs.yml", mkdocs_yml(source))
    write(site / "translations.yml", translations_yml(mapping, langs[1:]))
    crlf = sum(b"\r\n" in p.read_bytes() for p in versions_dir.glob("*.md"))
    write(site / "SOURCE.md", source_md(mirror, source, all_versions, taken, boms, crlf))


def index_page(source: Source, lang: str) -> str:
    title = source.titles[lang]
    return f"# {title}\n\n{INDEX[lang].format(title=title)}\n"


def mkdocs_yml(source: Source) -> str:
    langs = list(source.paths)
    i18n = []
    for lang in langs:
        i18n += [
            f"        - locale: {lang}",
            f"          name: {LANGUAGE_NAMES[lang]}",
            *(["          default: true"] if lang == "en" else []),
            "          build: true",
            f"          site_name: {source.titles[lang]}",
        ]
    titles = [f"            {lang}: {source.titles[lang]}" for lang in langs]
    return TEMPLATE.format(
        repository=source.repository,
        site_name=source.titles["en"],
        search_langs=", ".join(langs),
        i18n="\n".join(i18n),
        policy=source.policy,
        languages=", ".join(langs),
        titles="\n".join(titles),
    )


TEMPLATE = """\
# A fixture site: {repository}'s policy, imported by tests/tools/import_corpus.py (see SOURCE.md).
# Modelled on the repository's own mkdocs.yml; build it with `mkdocs build -f <this file>`.
site_name: {site_name}
docs_dir: docs
use_directory_urls: true

theme:
  name: material
  custom_dir: ../../../../overrides
  language: en
  font: false
  features:
    - navigation.footer
    - navigation.top
    - navigation.tracking
    - toc.follow
  icon:
    logo: material/file-document-outline

extra:
  generator: false

extra_css:
  - assets/policy.css

extra_javascript:
  - assets/policy.js

markdown_extensions:
  - attr_list
  - md_in_html
  - toc:
      permalink: true
      slugify: !!python/object/apply:pymdownx.slugs.slugify
        kwds:
          case: lower

exclude_docs: |
  /glossary.yml
  /*/history.yml
  /*/earlier/

validation:
  nav:
    omitted_files: ignore

plugins:
  - search:
      lang: [{search_langs}]
  - i18n:
      docs_structure: suffix
      fallback_to_default: true
      reconfigure_material: true
      reconfigure_search: true
      languages:
{i18n}
  - policy:
      policies:
        {policy}:
          source_language: en
          languages: [{languages}]
          title:
{titles}
"""


def translations_yml(mapping: dict[str, dict[str, str]], langs: list[str]) -> str:
    lines = [
        "# For each version (effective date) and translation language: the effective date of the",
        "# English version that the translation translates, or `missing` when there was none.",
        "# Written by tests/tools/import_corpus.py.",
    ]
    if not langs:
        lines.append("{}  # an English-only policy: no translations")
    for day, per_lang in mapping.items():
        if langs:
            lines.append(f"{day}:")
            lines += [f"  {lang}: {per_lang[lang]}" for lang in langs]
    return "\n".join(lines) + "\n"


def source_md(
    mirror: Path, source: Source, all_versions: list[Version], taken: list[Version], boms: int, crlf: int
) -> str:
    head = git(mirror, "rev-parse", "HEAD").strip()
    names = {p for lang in source.paths for p in source.paths[lang]}
    langs = list(source.paths)
    out = [
        f"# Source: {source.repository}",
        "",
        f"- Repository: https://github.com/{source.repository} (main branch, read at commit `{head}`).",
        f"- Licence: **{source.licence}**, as stated in the repository's `{source.licence_file}`.",
        "- Files: " + ", ".join(f"`{p}`" for p in sorted(names)) + ".",
        f"- Versions: {len(taken)} (of {len(all_versions)} distinct English effective dates); "
        f"languages: {', '.join(langs)}.",
        "",
        "Each file under `docs/*/versions/` is the source file's body **verbatim, byte for byte**; "
        "only the front matter is ours (the source's own front matter, if any, and a leading "
        "byte-order mark are removed). Summaries are neutral sentences of ours. Regenerate with "
        "`.venv/bin/python tests/tools/import_corpus.py <bare mirror> tests/fixtures/corpus`.",
        "",
        "The history read is the first-parent line of the main branch (what was published). A "
        "version is one distinct effective date stated in the English text, taken from the last "
        "main-line commit that states it. A translation is the file as it stood when its version "
        "was last current; it translates the English version current when its text last changed "
        "(whitespace-only commits ignored); `translations.yml` records which.",
        "",
        f"Byte-order marks removed: {boms} file(s). Files whose body keeps the source's CRLF line "
        f"endings: {crlf} (the generator reads CRLF as LF; the body's SHA-256 is the same).",
        "",
    ]
    if source.note:
        out += [source.note, ""]
    header = "| Effective | English: first commit stating the date | English: commit taken |"
    rule = "|---|---|---|"
    for lang in langs[1:]:
        header += f" {lang}: commit taken (text last changed) |"
        rule += "---|"
    out += [header, rule]
    for v in taken:
        row = f"| {v.effective} | `{v.first.commit[:12]}` {v.first.date} | `{v.last.commit[:12]}` {v.last.date} `{v.last.path}` |"
        for lang in langs[1:]:
            found = v.translations.get(lang)
            if found is None:
                row += " missing |"
            else:
                current, changed = found
                row += f" `{current.commit[:12]}` `{current.path}` (`{changed.commit[:12]}` {changed.date}) |"
        out.append(row)
    return "\n".join(out) + "\n"


def main() -> None:
    if len(sys.argv) != 3:
        sys.exit(__doc__.split("\n\n")[1])
    mirror, output = Path(sys.argv[1]), Path(sys.argv[2])
    for source in SOURCES:
        if blob(mirror, "HEAD", source.paths["en"][0]) is not None:
            import_source(mirror, source, output)
            return
    sys.exit(f"{mirror}: neither {' nor '.join(s.repository for s in SOURCES)}")


if __name__ == "__main__":
    main()
