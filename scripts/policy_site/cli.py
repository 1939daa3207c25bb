"""`policy`: the command legal staff use to start a revision and to check the sources."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from mkdocs.config import load_config
from mkdocs.exceptions import ConfigurationError, PluginError

from .arguments import Format, argparse_in, build_parser, config_file_of, site_editor_language
from .commands import changed_since, check, diff_versions, new_version, parse_effective, status, terms
from .dates import format_date
from .messages import Message, editor_lang, shown, translations
from .model import Problem
from .output import replace_site
from .pages import TABLE_LANGUAGES
from .project import CommandError, Project, today_of
from .recording import correct, import_history, lock, update_translation
from .redline import as_data, json_view, markdown_view, text_view
from .settings import policies_of
from .word import versions_docx


class UsageError(Exception):
    """Arguments that argparse accepts but that do not make a command: reported with the usage."""


def load_project(config_file: Path) -> Project:
    """Read the policies from mkdocs.yml through MkDocs itself, so both agree on every setting."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # read when the theme is loaded
    if not config_file.exists():
        raise CommandError(
            Message(
                "%(file)s: not found; run policy in the project folder or pass --config",
                file=str(config_file),
            )
        )
    try:
        config = load_config(str(config_file))
    except (ConfigurationError, PluginError) as exc:
        raise CommandError(f"{config_file}: {exc}") from None  # MkDocs's own words
    plugin = config.plugins.get("policy")
    if plugin is None:
        raise CommandError(
            Message("%(file)s: the 'policy' plugin is not configured under plugins:", file=str(config_file))
        )
    i18n = config.plugins.get("i18n")
    languages = (
        [lang.locale for lang in i18n.config.languages] if i18n else [config.theme.get("language") or "en"]
    )
    try:
        policies = tuple(policies_of(plugin.config.policies, languages))
    except ValueError as exc:
        raise CommandError(exc.args[0]) from None
    return Project(config_file.parent.resolve(), Path(config.docs_dir), policies)


def _shown(project: Project, path: Path) -> Path:
    return path.relative_to(project.root) if path.is_relative_to(project.root) else path


def _say(args: argparse.Namespace, message: str, file=None) -> None:
    """Print a message in the editor's language, on `file` or the stdout of the moment."""
    print(shown(message, args.editor_lang), file=file)


def _today(project: Project, args: argparse.Namespace):
    """The date that decides what is in force: in the named policy's own time zone."""
    return today_of(project.policy(args.policy))


# --- one handler per subcommand: run it on the project, print, return the exit status ------------


def run_new(project: Project, args: argparse.Namespace) -> int:
    effective = parse_effective(args.effective)
    for path in new_version(project, args.policy, effective, _today(project, args)):
        print(_shown(project, path))
    return 0


def problem_line(problem: Problem, lang: str) -> str:
    """A problem as `check` prints it: its kind first (誤り/error, 注意/warning), then
    `path:line: what is wrong`, all in the editor's language."""
    return f"{problem.kind.in_language(lang)}: {problem.in_language(lang)}"


def run_check(project: Project, args: argparse.Namespace) -> int:
    loaded = check(project)
    for problem in loaded.problems:
        print(problem_line(problem, args.editor_lang), file=sys.stderr)
    if loaded.errors or (args.strict and loaded.warnings):
        return 1
    for policy in loaded.policies:
        languages = ", ".join(policy.settings.languages)
        count = len(policy.versions)
        _say(
            args,
            Message(
                "%(policy)s: %(count)s version(s) in %(languages)s: ok",
                policy=policy.id,
                count=count,
                languages=languages,
            ),
        )
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
        _say(args, Message("policy: the build failed; %(site)s is as it was", site=str(site)), sys.stderr)
    return 0 if built else 1


def run_status(project: Project, args: argparse.Namespace) -> int:
    sys.stdout.write(shown(status(project), args.editor_lang))
    return 0


def run_terms(project: Project, args: argparse.Namespace) -> int:
    findings = terms(project)
    for finding in findings:
        print(finding.in_language(args.editor_lang), file=sys.stderr)
    _say(args, Message("%(count)s finding(s)", count=len(findings)))
    return 1 if findings else 0


def run_lock(project: Project, args: argparse.Namespace) -> int:
    recorded = lock(project, args.policy, _today(project, args))
    for path in recorded:
        _say(args, Message("recorded %(file)s", file=str(path)))
    if not recorded:
        _say(args, Message("nothing to record: every text is recorded"))
    return 0


def run_import(project: Project, args: argparse.Namespace) -> int:
    recorded = import_history(project, args.policy, _today(project, args))
    for line in recorded:
        _say(args, line)
    if not recorded:
        _say(args, Message("nothing to record: the history is recorded"))
    return 0


def run_correct(project: Project, args: argparse.Namespace) -> int:
    update = correct(project, args.policy, args.version, args.reason, _today(project, args), args.lang)
    _say(args, _recorded(Message("correction"), update, args.policy))
    return 0


def _recorded(what: Message, update, policy: str) -> Message:
    earlier = f"{policy}/{update.earlier}"
    return Message(
        "recorded %(what)s of %(version)s (%(lang)s) on %(date)s; earlier text kept in %(earlier)s",
        what=what,
        version=update.version,
        lang=update.lang,
        date=str(update.date),
        earlier=earlier,
    )


def run_update_translation(project: Project, args: argparse.Namespace) -> int:
    today = _today(project, args)
    update, path = update_translation(project, args.policy, args.version, args.lang, args.reason, today)
    if update:
        _say(args, _recorded(Message("translation update"), update, args.policy))
    _say(
        args,
        Message("%(file)s: translates the current source text", file=str(path.relative_to(project.root))),
    )
    return 0


def run_diff(project: Project, args: argparse.Namespace) -> int:
    if args.changed_since:
        return _diff_changed_since(project, args)
    if not (args.policy and args.old and args.new):
        raise UsageError(Message("diff needs POLICY OLD NEW, or --changed-since GIT_REF"))
    result = diff_versions(project, args.policy, args.old, args.new, args.lang)
    if Format(args.format) is Format.DOCX:
        return _write_docx(project, args, result)
    if Format(args.format) is Format.JSON:
        sys.stdout.write(json_view(result))
    elif Format(args.format) is Format.MARKDOWN:
        title = f"{args.policy}: {args.old} → {args.new} ({result.lang})"
        sys.stdout.write(markdown_view(result, title, args.editor_lang))
    else:
        sys.stdout.write(text_view(result, args.context, sys.stdout.isatty(), args.editor_lang))
    return 0


def _write_docx(project: Project, args: argparse.Namespace, diff) -> int:
    """The diff as a Word document in `-o FILE`: a 新旧対照表 where the site shows one."""
    if not args.output:
        raise UsageError(Message("--format docx needs -o FILE, the Word document to write"))
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
    _say(args, Message("wrote %(file)s", file=args.output))
    return 0


def _diff_changed_since(project: Project, args: argparse.Namespace) -> int:
    if Format(args.format) is Format.DOCX:
        raise UsageError(
            Message("--format docx writes one diff: give POLICY OLD NEW instead of --changed-since")
        )
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
            "\n".join(
                markdown_view(c.diff, shown(c.title, args.editor_lang), args.editor_lang) for c in changes
            )
            or shown(Message("No policy text changed."), args.editor_lang) + "\n"
        )
    else:
        for change in changes:
            title = shown(change.title, args.editor_lang)
            sys.stdout.write(
                f"# {title}\n" + text_view(change.diff, False, sys.stdout.isatty(), args.editor_lang)
            )
    return 0


Handler = Callable[[Project, argparse.Namespace], int]

# --- the command line ------------------------------------------------------------------------

HANDLERS: dict[str, Handler] = {
    "new": run_new,
    "check": run_check,
    "build": run_build,
    "status": run_status,
    "terms": run_terms,
    "lock": run_lock,
    "import": run_import,
    "correct": run_correct,
    "update-translation": run_update_translation,
    "diff": run_diff,
}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    lang = editor_lang(os.environ, site_editor_language(config_file_of(argv)))
    with argparse_in(lang):
        parser = build_parser(lang)
        args = parser.parse_args(argv)
        args.editor_lang = lang
        try:
            return HANDLERS[args.command](load_project(args.config), args)
        except UsageError as exc:
            parser.error(shown(exc.args[0], lang))
        except CommandError as exc:
            print(f"policy: {shown(exc.args[0], lang)}", file=sys.stderr)
        except OSError as exc:  # a file the command reads or writes, named
            where = f"{exc.filename}: " if exc.filename else ""
            print(f"policy: {where}{exc.strerror or exc}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
