"""The `policy` command's arguments and help, in the editor's language.

argparse words its own part (usage:, options, the errors it reports) through gettext's
module-level `_`; `argparse_in` lends it this project's catalog while the command line is read,
so a Japanese editor gets the whole help and every usage error in Japanese.
"""

from __future__ import annotations

import argparse
import contextlib
import unicodedata
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path

import yaml

from .messages import N_, translations

# argparse's own words that a person meets, marked so that Babel extracts them into the catalog.
ARGPARSE_WORDS = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("expected one argument"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
)


class Format(StrEnum):
    """How `policy diff` shows a diff."""

    TEXT = "text"  # a redline for the terminal
    MARKDOWN = "markdown"  # for a pull request's comment
    JSON = "json"  # the diff as data
    DOCX = "docx"  # a Word document, for a legal department's approval (稟議)


@contextlib.contextmanager
def argparse_in(lang: str) -> Iterator[None]:
    """argparse's own words in `lang` while the block runs."""
    catalog = translations(lang)
    saved = argparse._, argparse.ngettext
    argparse._, argparse.ngettext = catalog.gettext, catalog.ngettext
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved


_NO_LINE_START = "、。，．）」』】〕・：；？！"  # Japanese marks a line may not begin with


def _columns(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def wrap_wide(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width` columns, for text with Japanese in it, which has no
    spaces to break at: breaks after 、 or 。 (or a space) in the line's second half, else
    anywhere but before a closing mark."""
    lines, line = [], ""
    for char in " ".join(text.split()):
        if line and _columns(line + char) > width and char not in _NO_LINE_START:
            cut = max(line.rfind(mark) for mark in "、。 ")
            if cut >= len(line) // 2:
                lines.append(line[: cut + 1].rstrip())
                line = line[cut + 1 :].lstrip()
            else:
                lines.append(line)
                line = ""
        line += char
    return [*lines, line] if line else lines


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's layout, with text that has Japanese in it broken where Japanese is."""

    def _split_lines(self, text: str, width: int) -> list[str]:
        if _columns(text) == len(text):
            return super()._split_lines(text, width)
        return wrap_wide(text, width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        if _columns(text) == len(text):
            return super()._fill_text(text, width, indent)
        return "\n".join(indent + line for line in wrap_wide(text, width - len(indent)))


def _revision(_) -> str:
    """A revision in order, as the help shows it: each step with what it does."""
    steps = [
        ("policy new privacy --effective 2027-04-01", _("the next version's files, in every language")),
        ("", _("edit docs/privacy/versions/2027-04-01.*.md: the text and its summary:")),
        (
            "policy update-translation privacy 2027-04-01 --lang en",
            _("each translation, once it translates the edit"),
        ),
        ("policy check", _("every problem, with its file and line")),
        ("bash scripts/serve", _("the preview, with the problems on its pages")),
        (
            "policy diff privacy 2019-07-01 2027-04-01 --format docx -o taisho.docx",
            _("the comparison table (新旧対照表) in Word, for approval"),
        ),
        ("policy lock privacy", _("record the texts as they will be published")),
    ]
    lines = [_("A revision, in order:")]
    for command, what in steps:
        lines += [f"  {command}", f"      {what}"] if command else [f"  {what}"]
    lines.append(_("Then open a pull request with the new files and privacy/history.yml."))
    return "\n".join(lines) + "\n"


def build_parser(lang: str) -> argparse.ArgumentParser:
    """The command line, its help in `lang`; the subcommand's name is in `args.command`."""
    _ = translations(lang).gettext
    policy_help = _("the policy id, for example: privacy")
    parser = argparse.ArgumentParser(
        prog="policy",
        description=_("The command legal staff use to start a revision, check the sources and record them."),
        epilog=_revision(_),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--config",
        "-f",
        type=Path,
        default=Path("mkdocs.yml"),
        help=_("the site's settings file, mkdocs.yml (default: ./mkdocs.yml)"),
    )
    commands = parser.add_subparsers(dest="command", required=True, title=_("commands"), metavar="COMMAND")

    def command(name: str, help: str, description: str | None = None) -> argparse.ArgumentParser:
        return commands.add_parser(
            name, help=help, description=description or help, formatter_class=_HelpFormatter
        )

    def update_arguments(sub, version_help: str, lang_help: str, reason_help: str, translation=False):
        """A command that records an update of a published text: the policy, the version, the
        language (required for a translation) and the reason readers see."""
        sub.add_argument("policy", help=policy_help)
        sub.add_argument("version", help=version_help)
        sub.add_argument("--lang", required=translation, help=lang_help)
        sub.add_argument("--reason", required=not translation, default="", help=reason_help)

    new = command("new", _("create the next version of a policy in every language"))
    new.add_argument("policy", help=policy_help)
    new.add_argument(
        "--effective", required=True, metavar="YYYY-MM-DD", help=_("the date the new version takes effect")
    )

    check = command(
        "check",
        _("check every policy source; exit 1 on an error (or, with --strict, on a warning)"),
        _(
            "Read every policy's version files and its record (history.yml) and apply every rule "
            "the build applies. Print each problem as `error: file:line: message` or `warning: "
            "file:line: message`. An error stops every build; a warning stops only a strict build. "
            "Exit 1 if there is an error, or with --strict a warning; otherwise print one line per "
            "policy and exit 0."
        ),
    )
    check.add_argument(
        "--strict",
        action="store_true",
        help=_("treat warnings as errors, as `policy build --strict` and CI do"),
    )

    build = command(
        "build",
        _(
            "build the site with MkDocs into a new folder, then swap it in: a build that fails "
            "leaves the last site as it was"
        ),
    )
    build.add_argument(
        "--site-dir", "-d", type=Path, default=None, help=_("where the site goes (default: site)")
    )
    build.add_argument("--strict", action="store_true", help=_("fail on warnings, as CI does"))
    build.add_argument("--quiet", "-q", action="store_true", help=_("print errors only"))

    command(
        "status",
        _("per policy: current and upcoming versions, translations, record"),
        _(
            "Per policy, on today's date in its time zone: the version in force, the upcoming ones, "
            "and for each version and language whether its text is recorded in history.yml "
            "(recorded, unrecorded, CHANGED), each translation's state (current, outdated, "
            "missing) and the number of recorded updates."
        ),
    )
    command(
        "terms",
        _("check translations against the glossary (docs/glossary.yml); exit 1 on findings"),
        _(
            "For every version of each policy that is in force, upcoming or a draft, check each "
            "translation against the terms in docs/glossary.yml: where the source text uses a "
            "term, the translation must use its agreed translation. Print each finding as "
            "file:line: message and their number; exit 1 if there is any."
        ),
    )
    lock = command(
        "lock", _("record the texts ready to publish in <policy>/history.yml (run before a pull request)")
    )
    lock.add_argument("policy", help=policy_help)
    imported = command(
        "import",
        _(
            "record a policy's existing history as published in <policy>/history.yml: every "
            "version, whatever its date, and each translation as it was published"
        ),
    )
    imported.add_argument("policy", help=policy_help)

    correct = command(
        "correct", _("record a correction (誤記訂正) of a version in effect, after editing its file")
    )
    update_arguments(
        correct,
        _("the version corrected, YYYY-MM-DD"),
        lang_help=_("the language corrected (default: the source language)"),
        reason_help=_("why the text was corrected, in one sentence; readers see it in the history"),
    )
    translate = command(
        "update-translation",
        _("mark a translation as up to date with its source; record its change as a translation update"),
    )
    update_arguments(
        translate,
        _("the version, YYYY-MM-DD"),
        lang_help=_("the translation's language, for example: en"),
        reason_help=_(
            "why the translation changed, in one sentence readers see in the history; required "
            "when the version is in effect and its translation's text changed"
        ),
        translation=True,
    )

    diff = command("diff", _("show what changed between two versions"))
    diff.add_argument("policy", nargs="?", help=policy_help)
    diff.add_argument("old", metavar="OLD", nargs="?", help=_("the older version, YYYY-MM-DD"))
    diff.add_argument("new", metavar="NEW", nargs="?", help=_("the newer version, YYYY-MM-DD"))
    diff.add_argument(
        "--changed-since",
        metavar="GIT_REF",
        help=_("instead: every version text added or edited since GIT_REF, each with its diff (for CI)"),
    )
    diff.add_argument("--lang", help=_("the language to compare (default: the policy's source language)"))
    diff.add_argument(
        "--format",
        choices=[f.value for f in Format],
        default=Format.TEXT.value,
        help=_(
            "text: a redline for the terminal, coloured when it is one (default); markdown: for a "
            "pull request comment; json: the diff as data; docx: a Word document (a 新旧対照表 in "
            "Japanese, the changes side by side in other languages), written to -o FILE"
        ),
    )
    diff.add_argument("-o", "--output", metavar="FILE", help=_("with --format docx: the file to write"))
    diff.add_argument("--context", action="store_true", help=_("also show unchanged paragraphs"))
    return parser


def config_file_of(argv: list[str]) -> Path:
    """The settings file the command line names (--config/-f), read before the help is made:
    the site may choose the editor's language there."""
    early = argparse.ArgumentParser(add_help=False)
    early.add_argument("--config", "-f", type=Path, default=Path("mkdocs.yml"))
    return early.parse_known_args(argv)[0].config


class _SettingsLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """mkdocs.yml as plain data: its tags (`!!python/name:`, `!ENV`) read as nothing. Read at
    every command's start, by libyaml where PyYAML has it: ten times faster, and what cannot be
    read is left to MkDocs to report either way."""


_SettingsLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def site_editor_language(config_file: Path) -> str | None:
    """The `editor_language` the site sets for the policy plugin, if it sets one and the file
    reads; MkDocs itself checks the file when the command loads it."""
    try:
        settings = yaml.load(config_file.read_text("utf-8"), Loader=_SettingsLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    plugins = settings.get("plugins") if isinstance(settings, dict) else None
    for plugin in plugins if isinstance(plugins, list) else []:
        if isinstance(plugin, dict) and isinstance(plugin.get("policy"), dict):
            lang = plugin["policy"].get("editor_language")
            return lang if isinstance(lang, str) else None
    return None
