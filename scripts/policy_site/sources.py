"""Loading a policy's version files from the docs folder into the model."""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import replace
from pathlib import Path

from .anchors import align_anchors
from .ledger import Ledger
from .messages import Message
from .model import Policy, PolicySettings, Problem, Text, TextUpdate, Update, Version
from .parse import parse_body, parse_front_matter

VERSION_FILE = re.compile(r"^(?P<date>\d{4}-\d{2}-\d{2})\.(?P<lang>[a-z]{2,3}(?:[_-][A-Za-z]+)?)\.md$")


def versions_dir(docs_dir: Path, policy_id: str) -> Path:
    """Where a policy's version files live: `docs/<policy>/versions/`."""
    return docs_dir / policy_id / "versions"


def version_path(docs_dir: Path, policy_id: str, version_id: str, lang: str) -> Path:
    return versions_dir(docs_dir, policy_id) / f"{version_id}.{lang}.md"


def relative(path: Path, root: Path) -> str:
    """A path as editors see it in messages: relative to the project when possible."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


@functools.lru_cache(maxsize=4096)
def _parse(shown_as: str, content: str) -> tuple:
    """A file's front matter, body and parsed text, and its problems. Parsing is pure, so under
    `mkdocs serve` a file unchanged since the last build is not parsed again."""
    meta, body, body_line, problems = parse_front_matter(shown_as, content)
    document, body_problems = parse_body(shown_as, body, body_line)
    return meta, body, body_line, document, tuple(problems + body_problems)


def read_text(path: Path, shown_as: str, lang: str) -> tuple[Text | None, list[Problem]]:
    """Parse one version file; return its Text, or None when it cannot be used, and problems."""
    try:
        content = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        return None, [Problem(shown_as, line, Message("file is not valid UTF-8; save it as UTF-8"))]
    return parse_text(content.removeprefix("\ufeff").replace("\r\n", "\n"), shown_as, lang)


def parse_text(content: str, shown_as: str, lang: str) -> tuple[Text | None, list[Problem]]:
    """A version file's content as a Text, or None when it cannot be used, and its problems."""
    meta, body, body_line, document, found = _parse(shown_as, content)
    problems = list(found)
    if meta.effective is None or meta.kind is None:
        return None, problems
    text = Text(
        lang,
        shown_as,
        meta.effective,
        meta.kind,
        meta.summary,
        body,
        body_line,
        document,
        meta.translation,
        meta.key_lines,
        meta.announced,
    )
    return text, problems


# What may sit in `docs/<policy>/` beside `versions/`: the record and the earlier texts it names.
RECORD_FILE = "history.yml"
EARLIER_FOLDER = "earlier"


def stray_files(docs_dir: Path, settings: PolicySettings, root: Path) -> list[Problem]:
    """Everything under `docs/<policy>/` that is not a version file, the record or an earlier text.

    MkDocs would publish such a file as an ordinary page, outside the policy's history and
    checks, so it is an error instead. Hidden files (`.DS_Store`) are left alone, as MkDocs
    leaves them out of the site.
    """
    folder = docs_dir / settings.id
    versions = versions_dir(docs_dir, settings.id)
    problems = []
    for path in sorted(folder.rglob("*")):
        inner = path.relative_to(folder)
        if any(part.startswith(".") for part in inner.parts):
            continue
        if inner.parts[0] == EARLIER_FOLDER or inner.as_posix() == RECORD_FILE:
            continue
        if path.is_dir():
            if path != versions and not any(path.iterdir()):
                problems.append(_stray(path, root, settings, versions, Message("an empty folder")))
            continue
        if path.parent == versions and path.suffix == ".md":
            continue  # a version file, or one with a wrong name, reported when it is read
        problems.append(_stray(path, root, settings, versions, Message("not a version file")))
    return problems


def _stray(path: Path, root: Path, settings: PolicySettings, versions: Path, what: Message) -> Problem:
    shown_versions = relative(versions, root)
    if VERSION_FILE.match(path.name):
        advice = Message(
            "move it to %(folder)s/ if it is a version of '%(policy)s', or delete it",
            folder=shown_versions,
            policy=settings.id,
        )
    else:
        advice = Message(
            "a version of '%(policy)s' is %(folder)s/YYYY-MM-DD.%(lang)s.md; move this elsewhere or delete it",
            policy=settings.id,
            folder=shown_versions,
            lang=settings.source_language,
        )
    return Problem(
        relative(path, root),
        1,
        Message(
            "%(what)s of policy '%(policy)s', and it would be published as a page; %(advice)s",
            what=what,
            policy=settings.id,
            advice=advice,
        ),
    )


def load_policy(
    docs_dir: Path, settings: PolicySettings, root: Path | None = None
) -> tuple[Policy, list[Problem]]:
    """Read every version file of a policy. Files that cannot be parsed are left out and reported."""
    root = root or docs_dir.parent
    problems: list[Problem] = []
    versions: dict[str, Version] = {}
    folder = versions_dir(docs_dir, settings.id)
    if not folder.is_dir():
        shown = relative(folder, root)
        return Policy(settings), [
            Problem(
                shown,
                1,
                Message(
                    "policy '%(policy)s' has no versions folder; create %(folder)s/ with its first version",
                    policy=settings.id,
                    folder=shown,
                ),
            )
        ]
    problems += stray_files(docs_dir, settings, root)
    for path in sorted(folder.iterdir()):
        shown = relative(path, root)
        if path.suffix != ".md" or not path.is_file():
            continue
        match = VERSION_FILE.match(path.name)
        if not match:
            problems.append(
                Problem(
                    shown,
                    1,
                    Message(
                        "version files are named YYYY-MM-DD.<lang>.md, for "
                        "example 2027-01-01.%(lang)s.md; rename this file",
                        lang=settings.source_language,
                    ),
                )
            )
            continue
        try:
            date = dt.date.fromisoformat(match["date"])
        except ValueError:
            problems.append(
                Problem(
                    shown,
                    1,
                    Message(
                        "'%(date)s' in the file name is not a valid "
                        "date; name the file after its effective date, YYYY-MM-DD",
                        date=match["date"],
                    ),
                )
            )
            continue
        lang = match["lang"]
        if lang not in settings.languages:
            problems.append(
                Problem(
                    shown,
                    1,
                    Message(
                        "language '%(lang)s' is not one of this policy's languages (%(languages)s) in mkdocs.yml",
                        lang=lang,
                        languages=", ".join(settings.languages),
                    ),
                )
            )
            continue
        text, file_problems = read_text(path, shown, lang)
        problems += file_problems
        if text is None:
            continue
        if text.effective != date:
            problems.append(
                Problem(
                    shown,
                    text.line_of("effective"),
                    Message(
                        "'effective: %(date)s' does not match the "
                        "file name %(name)s; they must be the same date",
                        date=text.effective.isoformat(),
                        name=path.name,
                    ),
                )
            )
            continue
        versions.setdefault(date.isoformat(), Version(date)).texts[lang] = text
    policy = Policy(settings, [versions[k] for k in sorted(versions)])
    for version in policy.versions:
        source = version.texts.get(settings.source_language)
        if source is None:
            continue
        for lang, text in version.texts.items():
            if lang != settings.source_language:
                version.texts[lang] = replace(text, document=align_anchors(source.document, text.document))
    return policy, problems


def read_updates(
    policy: Policy, ledger: Ledger, docs_dir: Path, root: Path
) -> tuple[tuple[TextUpdate, ...], list[Problem]]:
    """The record's updates of the policy's texts, oldest first, each with the earlier text it
    replaced (read from `docs/<policy>/earlier/`) and the text after it; and their problems."""
    problems: list[Problem] = []
    chains: dict[tuple[str, str], list[Update]] = {}
    for update in sorted(ledger.updates, key=lambda u: u.date):
        chains.setdefault((update.version, update.lang), []).append(update)
    updates = []
    for (version_id, lang), chain in chains.items():
        version = policy.version(version_id)
        if version is None or lang not in version.texts:
            problems.append(
                Problem(
                    relative(ledger.path, root),
                    1,
                    Message(
                        "the record has an update of %(version)s (%(lang)s) but there is no such text",
                        version=version_id,
                        lang=lang,
                    ),
                )
            )
            continue
        texts = []
        for update in chain:
            path = docs_dir / policy.id / update.earlier
            if not path.exists():
                problems.append(
                    Problem(
                        relative(ledger.path, root),
                        1,
                        Message(
                            "the earlier text %(earlier)s of %(version)s (%(lang)s) is missing; restore it",
                            earlier=update.earlier,
                            version=version_id,
                            lang=lang,
                        ),
                    )
                )
                break
            text, text_problems = read_text(path, relative(path, root), lang)
            problems += [p for p in text_problems if p.is_error]
            if text is None:
                break
            texts.append(text)
        else:
            texts.append(version.texts[lang])
            for index, update in enumerate(chain):
                updates.append(TextUpdate(update, texts[index], texts[index + 1]))
    ordered = sorted(updates, key=lambda u: (u.update.date, u.update.version, u.update.lang))
    return tuple(ordered), problems
