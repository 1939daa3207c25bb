"""`policy`: the command legal staff use to start a revision and to check the sources."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path

from mkdocs.config import load_config
from mkdocs.exceptions import ConfigurationError, PluginError

from .commands import changed_since, check, diff_versions, new_version, parse_effective, status, terms
from .dates import format_date
from .messages import editor_lang, translations
from .model import Problem
from .output import replace_site
from .pages import TABLE_LANGUAGES
from .project import CommandError, Project, today_of
from .recording import correct, import_history, lock, update_translation
from .redline import as_data, json_view, markdown_view, text_view
from .settings import policy_settings
from .word import versions_docx


class Format(StrEnum):
    """How `policy diff` shows a diff."""

    TEXT = "text"  # a redline for the terminal
    MARKDOWN = "markdown"  # for a pull request's comment
    JSON = "json"  # the diff as data
    DOCX = "docx"  # a Word document, for a legal department's approval (稟議)


class UsageError(Exception):
    """Arguments that argparse accepts but that do not make a command: reported with the usage."""


def load_project(config_file: Path) -> Project:
    """Read the policies from mkdocs.yml through MkDocs itself, so both agree on every setting."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # read when the theme is loaded
    if not config_file.exists():
        raise CommandError(f"{config_file}: not found; run policy in the project folder or pass --config")
    try:
        config = load_config(str(config_file))
    except (ConfigurationError, PluginError) as exc:
        raise CommandError(f"{config_file}: {exc}") from None
    plugin = config.plugins.get("policy")
    if plugin is None:
        raise CommandError(f"{config_file}: the 'policy' plugin is not configured under plugins:")
    i18n = config.plugins.get("i18n")
    languages = (
        [lang.locale for lang in i18n.config.languages] if i18n else [config.theme.get("language") or "en"]
    )
    try:
        policies = tuple(policy_settings(pid, cfg, languages) for pid, cfg in plugin.config.policies.items())
    except ValueError as exc:
        raise CommandError(str(exc)) from None
    return Project(config_file.parent.resolve(), Path(config.docs_dir), policies)


def _shown(project: Project, path: Path) -> Path:
    return path.relative_to(project.root) if path.is_relative_to(project.root) else path


def _today(project: Project, args: argparse.Namespace):
    """The date that decides what is in force: in the named policy's own time zone."""
    return today_of(project.policy(args.policy))


# --- one handler per subcommand: run it on the project, print, return the exit status ------------


def run_new(project: Project, args: argparse.Namespace) -> int:
    effective = parse_effective(args.effective)
    for path in new_version(project, args.policy, effective, _today(project, args)):
        print(_shown(project, path))
    return 0


def shown(problem: Problem, _) -> str:
    """A problem as `check` prints it: its kind first (誤り/error, 注意/warning), then
    `path:line: what is wrong`."""
    return f"{_('error') if problem.is_error else _('warning')}: {problem}"


def run_check(project: Project, args: argparse.Namespace) -> int:
    loaded = check(project)
    _ = translations(editor_lang(os.environ)).gettext
    for problem in loaded.problems:
        print(shown(problem, _), file=sys.stderr)
    if loaded.errors or (args.strict and loaded.warnings):
        return 1
    for policy in loaded.policies:
        print(f"{policy.id}: {len(policy.versions)} version(s) in {', '.join(policy.settings.languages)}: ok")
    return 0


def _mkdocs_build(config_file: Path, site: Path, options: list[str]) -> bool:
    """`mkdocs build` into `site`, in its own process, with its own messages; True if it worked."""
    command = [sys.executable, "-m", "mkdocs", "build", "--config-file", str(config_file)]
    return subprocess.run([*command, "--site-dir", str(site), *options]).returncode == 0


def run_build(project: Project, args: argparse.Namespace) -> int:
    site = args.site_dir or project.root / "site"
    options = ["--strict"] * args.strict + ["--quiet"] * args.quiet
    built = replace_site(site, lambda folder: _mkdocs_build(args.config, folder, options))
    if not built:
        print(f"policy: the build failed; {site} is as it was", file=sys.stderr)
    return 0 if built else 1


def run_status(project: Project, args: argparse.Namespace) -> int:
    sys.stdout.write(status(project))
    return 0


def run_terms(project: Project, args: argparse.Namespace) -> int:
    findings = terms(project)
    for finding in findings:
        print(finding, file=sys.stderr)
    print(f"{len(findings)} finding(s)")
    return 1 if findings else 0


def run_lock(project: Project, args: argparse.Namespace) -> int:
    recorded = lock(project, args.policy, _today(project, args))
    for path in recorded:
        print(f"recorded {path}")
    if not recorded:
        print("nothing to record: every text is recorded")
    return 0


def run_import(project: Project, args: argparse.Namespace) -> int:
    recorded = import_history(project, args.policy, _today(project, args))
    print("\n".join(recorded) if recorded else "nothing to record: the history is recorded")
    return 0


def run_correct(project: Project, args: argparse.Namespace) -> int:
    update = correct(project, args.policy, args.version, args.reason, _today(project, args), args.lang)
    print(
        f"recorded correction of {update.version} ({update.lang}) on {update.date}; "
        f"earlier text kept in {args.policy}/{update.earlier}"
    )
    return 0


def run_update_translation(project: Project, args: argparse.Namespace) -> int:
    today = _today(project, args)
    update, path = update_translation(project, args.policy, args.version, args.lang, args.reason, today)
    if update:
        print(
            f"recorded translation update of {update.version} ({update.lang}) on {update.date}; "
            f"earlier text kept in {args.policy}/{update.earlier}"
        )
    print(f"{path.relative_to(project.root)}: translates the current source text")
    return 0


def run_diff(project: Project, args: argparse.Namespace) -> int:
    if args.changed_since:
        return _diff_changed_since(project, args)
    if not (args.policy and args.old and args.new):
        raise UsageError("diff needs POLICY OLD NEW, or --changed-since GIT_REF")
    result = diff_versions(project, args.policy, args.old, args.new, args.lang)
    if Format(args.format) is Format.DOCX:
        return _write_docx(project, args, result)
    if Format(args.format) is Format.JSON:
        sys.stdout.write(json_view(result))
    elif Format(args.format) is Format.MARKDOWN:
        sys.stdout.write(markdown_view(result, f"{args.policy}: {args.old} → {args.new} ({result.lang})"))
    else:
        sys.stdout.write(text_view(result, context=args.context, color=sys.stdout.isatty()))
    return 0


def _write_docx(project: Project, args: argparse.Namespace, diff) -> int:
    """The diff as a Word document in `-o FILE`: a 新旧対照表 where the site shows one."""
    if not args.output:
        raise UsageError("--format docx needs -o FILE, the Word document to write")
    settings = project.policy(args.policy)
    lang = diff.lang
    _ = translations(lang).gettext
    old, new = (dt.date.fromisoformat(v) for v in (args.old, args.new))
    title = _("%(title)s: %(old)s compared with %(new)s") % {
        "title": settings.title(lang),
        "old": format_date(old, lang),
        "new": format_date(new, lang),
    }
    layout = "table" if lang in TABLE_LANGUAGES else "sides"
    Path(args.output).write_bytes(versions_docx(diff, title, old, new, lang, _, layout))
    print(f"wrote {args.output}")
    return 0


def _diff_changed_since(project: Project, args: argparse.Namespace) -> int:
    if Format(args.format) is Format.DOCX:
        raise UsageError("--format docx writes one diff: give POLICY OLD NEW instead of --changed-since")
    changes = changed_since(project, args.changed_since)
    if Format(args.format) is Format.JSON:
        data = [
            {
                "policy": c.policy,
                "version": c.version,
                "lang": c.lang,
                "title": c.title,
                "diff": as_data(c.diff),
            }
            for c in changes
        ]
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    elif Format(args.format) is Format.MARKDOWN:
        sys.stdout.write(
            "\n".join(markdown_view(c.diff, c.title) for c in changes) or "No policy text changed.\n"
        )
    else:
        for change in changes:
            sys.stdout.write(f"# {change.title}\n" + text_view(change.diff, color=sys.stdout.isatty()))
    return 0


# --- the command line ------------------------------------------------------------------------

POLICY_HELP = "the policy id, for example: privacy"
Handler = Callable[[Project, argparse.Namespace], int]


def _command(commands, name: str, handler: Handler, help: str, description: str | None = None):
    sub = commands.add_parser(name, help=help, description=description or help)
    sub.set_defaults(func=handler)
    return sub


def _update_arguments(
    command, version_help: str, lang_help: str, reason_help: str, translation: bool = False
) -> None:
    """The arguments of a command that records an update of a published text: the policy, the
    version, the language (required for a translation) and the reason readers see."""
    command.add_argument("policy", help=POLICY_HELP)
    command.add_argument("version", help=version_help)
    command.add_argument("--lang", required=translation, help=lang_help)
    command.add_argument("--reason", required=not translation, default="", help=reason_help)


REVISION = """\
a revision, in order (改定の手順):
  policy new privacy --effective 2027-04-01    the next version's files, in every language
  (edit docs/privacy/versions/2027-04-01.*.md: the text and its summary:)
  policy update-translation privacy 2027-04-01 --lang en
                                               each translation, once it translates the edit
  policy check                                 every problem, error: or warning:, file:line
  bash scripts/serve                           the preview, with the problems on its pages
  policy diff privacy 2019-07-01 2027-04-01 --format docx -o taisho.docx
                                               the 新旧対照表 for approval (稟議)
  policy lock privacy                          record the texts as they will be published
then open a pull request with the new files and privacy/history.yml.
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="policy",
        description=__doc__,
        epilog=REVISION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--config",
        "-f",
        type=Path,
        default=Path("mkdocs.yml"),
        help="the site's mkdocs.yml (default: ./mkdocs.yml)",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    new = _command(commands, "new", run_new, "create the next version of a policy in every language")
    new.add_argument("policy", help=POLICY_HELP)
    new.add_argument(
        "--effective", required=True, metavar="YYYY-MM-DD", help="the date the new version takes effect"
    )

    check_cmd = _command(
        commands,
        "check",
        run_check,
        "check every policy source; exit 1 on an error (or, with --strict, on a warning)",
        "Read every policy's version files and its history.yml and apply every rule the build "
        "applies. Print each problem as `error: path:line: message` or `warning: path:line: "
        "message` (誤り／注意 when LANG is Japanese). An error stops every build; a warning stops "
        "only a strict build. Exit 1 if there is an error, or with --strict a warning; otherwise "
        "print one line per policy and exit 0.",
    )
    check_cmd.add_argument(
        "--strict",
        action="store_true",
        help="treat warnings as errors, as `policy build --strict` and CI do",
    )

    build = _command(
        commands,
        "build",
        run_build,
        "build the site with MkDocs into a new folder, then swap it in: "
        "a build that fails leaves the last site as it was",
    )
    build.add_argument(
        "--site-dir", "-d", type=Path, default=None, help="where the site goes (default: site)"
    )
    build.add_argument("--strict", action="store_true", help="fail on warnings, as CI does")
    build.add_argument("--quiet", "-q", action="store_true", help="print errors only")

    _command(
        commands,
        "status",
        run_status,
        "per policy: current and upcoming versions, translations, record",
        "Per policy, on today's date in its time zone: the version in force, the upcoming ones, and "
        "for each version and language whether its text is recorded in history.yml (recorded, "
        "unrecorded, CHANGED), each translation's state (current, outdated, missing) and the number "
        "of recorded updates.",
    )
    _command(
        commands,
        "terms",
        run_terms,
        "check translations of the current versions against docs/glossary.yml; exit 1 on findings",
        "For the version of each policy in force today, check every translation against the terms "
        "in docs/glossary.yml: where the source text uses a term, the translation must use its "
        "agreed translation. Print each finding as path:line: message and their number; exit 1 "
        "if there is any.",
    )

    lock_cmd = _command(
        commands,
        "lock",
        run_lock,
        "record the texts ready to publish in <policy>/history.yml (run before a pull request)",
    )
    lock_cmd.add_argument("policy", help=POLICY_HELP)

    import_cmd = _command(
        commands,
        "import",
        run_import,
        "record a policy's existing history as published in <policy>/history.yml: every "
        "version, whatever its date, and each translation as it was published "
        "(made from another version's text, or missing)",
    )
    import_cmd.add_argument("policy", help=POLICY_HELP)

    correct_cmd = _command(
        commands,
        "correct",
        run_correct,
        "record a correction (誤記訂正) of a version in effect, after editing its file",
    )
    _update_arguments(
        correct_cmd,
        "the version corrected, YYYY-MM-DD",
        lang_help="the language corrected (default: the source language)",
        reason_help="why the text was corrected, in one sentence; readers see it in the history",
    )

    translate = _command(
        commands,
        "update-translation",
        run_update_translation,
        "mark a translation as up to date with its source; record its change as a translation update",
    )
    _update_arguments(
        translate,
        "the version, YYYY-MM-DD",
        lang_help="the translation's language, for example: en",
        reason_help="why the translation changed, in one sentence readers see in the history; required "
        "when the version is in effect and its translation's text changed",
        translation=True,
    )

    diff = _command(commands, "diff", run_diff, "show what changed between two versions")
    diff.add_argument("policy", nargs="?", help=POLICY_HELP)
    diff.add_argument("old", metavar="OLD", nargs="?", help="the older version, YYYY-MM-DD")
    diff.add_argument("new", metavar="NEW", nargs="?", help="the newer version, YYYY-MM-DD")
    diff.add_argument(
        "--changed-since",
        metavar="GIT_REF",
        help="instead: every version text added or edited since GIT_REF, each with its diff (for CI)",
    )
    diff.add_argument("--lang", help="the language to compare (default: the policy's source language)")
    diff.add_argument(
        "--format",
        choices=[f.value for f in Format],
        default=Format.TEXT.value,
        help="text: a redline for the terminal, coloured when it is one (default); markdown: for "
        "a pull request comment; json: the diff as data; docx: a Word document (a 新旧対照表 in "
        "Japanese, the changes side by side in other languages), written to -o FILE",
    )
    diff.add_argument("-o", "--output", metavar="FILE", help="with --format docx: the file to write")
    diff.add_argument("--context", action="store_true", help="also show unchanged paragraphs")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(load_project(args.config), args)
    except UsageError as exc:
        parser.error(str(exc))
    except CommandError as exc:
        print(f"policy: {exc}", file=sys.stderr)
    except OSError as exc:  # a file the command reads or writes, named
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"policy: {where}{exc.strerror or exc}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
