"""`policy`: the command legal staff use to start a revision and to check the sources."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from .commands import (
    CommandError,
    Project,
    changed_since,
    check,
    correct,
    diff_versions,
    import_history,
    lock,
    new_version,
    parse_effective,
    status,
    terms,
    update_translation,
)
from .history import policy_today
from .output import replace_site


def load_project(config_file: Path) -> Project:
    """Read the policies from mkdocs.yml through MkDocs itself, so both agree on every setting."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.config import load_config
    from mkdocs.exceptions import ConfigurationError

    from .settings import policy_settings

    if not config_file.exists():
        raise CommandError(f"{config_file}: not found; run policy in the project folder or pass --config")
    try:
        config = load_config(str(config_file))
    except ConfigurationError as exc:
        raise CommandError(f"{config_file}: {exc}") from None
    plugin = config.plugins.get("policy")
    if plugin is None:
        raise CommandError(f"{config_file}: the 'policy' plugin is not configured under plugins:")
    i18n = config.plugins.get("i18n")
    languages = (
        [lang.locale for lang in i18n.config.languages] if i18n else [config.theme.get("language") or "en"]
    )
    policies = tuple(policy_settings(pid, cfg, languages) for pid, cfg in plugin.config.policies.items())
    return Project(config_file.parent.resolve(), Path(config.docs_dir), policies)


def _mkdocs_build(config_file: Path, site: Path, options: list[str]) -> bool:
    """`mkdocs build` into `site`, in its own process, with its own messages; True if it worked."""
    command = [sys.executable, "-m", "mkdocs", "build", "--config-file", str(config_file)]
    return subprocess.run([*command, "--site-dir", str(site), *options]).returncode == 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="policy", description=__doc__)
    parser.add_argument(
        "--config",
        "-f",
        type=Path,
        default=Path("mkdocs.yml"),
        help="the site's mkdocs.yml (default: ./mkdocs.yml)",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    new = commands.add_parser("new", help="create the next version of a policy in every language")
    new.add_argument("policy", help="the policy id, for example: privacy")
    new.add_argument(
        "--effective", required=True, metavar="YYYY-MM-DD", help="the date the new version takes effect"
    )
    commands.add_parser("check", help="check every policy source; exit 1 on any problem")
    build = commands.add_parser(
        "build",
        help="build the site with MkDocs into a new folder, then swap it in: "
        "a build that fails leaves the last site as it was",
    )
    build.add_argument(
        "--site-dir", "-d", type=Path, default=None, help="where the site goes (default: site)"
    )
    build.add_argument("--strict", action="store_true", help="fail on warnings, as CI does")
    build.add_argument("--quiet", "-q", action="store_true", help="print errors only")
    commands.add_parser("status", help="per policy: current and upcoming versions, translations, record")
    commands.add_parser(
        "terms",
        help="check translations of the current versions against docs/glossary.yml; exit 1 on findings",
    )
    lock_cmd = commands.add_parser(
        "lock", help="record the texts ready to publish in <policy>/history.yml (run before a pull request)"
    )
    lock_cmd.add_argument("policy", help="the policy id, for example: privacy")
    import_cmd = commands.add_parser(
        "import",
        help="record a policy's existing history as published in <policy>/history.yml: every "
        "version, whatever its date, and each translation as it was published "
        "(made from another version's text, or missing)",
    )
    import_cmd.add_argument("policy", help="the policy id, for example: privacy")
    correct_cmd = commands.add_parser(
        "correct", help="record a correction (誤記訂正) of a version in effect, after editing its file"
    )
    correct_cmd.add_argument("policy", help="the policy id, for example: privacy")
    correct_cmd.add_argument("version", help="the version corrected, YYYY-MM-DD")
    correct_cmd.add_argument("--reason", required=True, help="why, in one sentence shown in the history")
    correct_cmd.add_argument("--lang", help="the language corrected (default: the source language)")
    translate = commands.add_parser(
        "update-translation",
        help="mark a translation as up to date with its source; record its change as a translation update",
    )
    translate.add_argument("policy", help="the policy id, for example: privacy")
    translate.add_argument("version", help="the version, YYYY-MM-DD")
    translate.add_argument("--lang", required=True, help="the translation's language, for example: en")
    translate.add_argument("--reason", default="", help="why the translation changed, shown in the history")
    diff = commands.add_parser("diff", help="show what changed between two versions")
    diff.add_argument("policy", nargs="?", help="the policy id, for example: privacy")
    diff.add_argument("old", metavar="OLD", nargs="?", help="the older version, YYYY-MM-DD")
    diff.add_argument("new", metavar="NEW", nargs="?", help="the newer version, YYYY-MM-DD")
    diff.add_argument(
        "--changed-since",
        metavar="GIT_REF",
        help="instead: every version text added or edited since GIT_REF, each with its diff (for CI)",
    )
    diff.add_argument("--lang", help="the language to compare (default: the policy's source language)")
    diff.add_argument("--format", choices=["text", "markdown", "json"], default="text")
    diff.add_argument("--context", action="store_true", help="also show unchanged paragraphs")
    args = parser.parse_args(argv)
    try:
        project = load_project(args.config)
        if args.command == "new":
            effective = parse_effective(args.effective)
            today = policy_today(project.policy(args.policy))
            for path in new_version(project, args.policy, effective, today):
                print(path.relative_to(project.root) if path.is_relative_to(project.root) else path)
            return 0
        if args.command == "diff":
            import json

            from .redline import as_data, json_view, markdown_view, text_view

            if args.changed_since:
                changes = changed_since(project, args.changed_since)
                if args.format == "json":
                    sys.stdout.write(
                        json.dumps(
                            [
                                {
                                    "policy": c.policy,
                                    "version": c.version,
                                    "lang": c.lang,
                                    "title": c.title,
                                    "diff": as_data(c.diff),
                                }
                                for c in changes
                            ],
                            ensure_ascii=False,
                            indent=2,
                        )
                        + "\n"
                    )
                elif args.format == "markdown":
                    sys.stdout.write(
                        "\n".join(markdown_view(c.diff, c.title) for c in changes)
                        or "No policy text changed.\n"
                    )
                else:
                    for change in changes:
                        sys.stdout.write(
                            f"# {change.title}\n" + text_view(change.diff, color=sys.stdout.isatty())
                        )
                return 0
            if not (args.policy and args.old and args.new):
                parser.error("diff needs POLICY OLD NEW, or --changed-since GIT_REF")
            result = diff_versions(project, args.policy, args.old, args.new, args.lang)
            if args.format == "json":
                sys.stdout.write(json_view(result))
            elif args.format == "markdown":
                sys.stdout.write(
                    markdown_view(result, f"{args.policy}: {args.old} → {args.new} ({result.lang})")
                )
            else:
                sys.stdout.write(text_view(result, context=args.context, color=sys.stdout.isatty()))
            return 0
        if args.command == "build":
            site = args.site_dir or project.root / "site"
            options = ["--strict"] * args.strict + ["--quiet"] * args.quiet
            built = replace_site(site, lambda folder: _mkdocs_build(args.config, folder, options))
            if not built:
                print(f"policy: the build failed; {site} is as it was", file=sys.stderr)
            return 0 if built else 1
        # The date that decides what is in force: in each policy's own time zone.
        today = policy_today(project.policy(args.policy)) if getattr(args, "policy", None) else None
        if args.command == "lock":
            recorded = lock(project, args.policy, today)
            for path in recorded:
                print(f"recorded {path}")
            if not recorded:
                print("nothing to record: every text is recorded")
            return 0
        if args.command == "import":
            recorded = import_history(project, args.policy, today)
            print("\n".join(recorded) if recorded else "nothing to record: the history is recorded")
            return 0
        if args.command == "correct":
            update = correct(project, args.policy, args.version, args.reason, today, args.lang)
            print(
                f"recorded correction of {update.version} ({update.lang}) on {update.date}; "
                f"earlier text kept in {args.policy}/{update.earlier}"
            )
            return 0
        if args.command == "update-translation":
            update, path = update_translation(
                project, args.policy, args.version, args.lang, args.reason, today
            )
            if update:
                print(
                    f"recorded translation update of {update.version} ({update.lang}) on {update.date}; "
                    f"earlier text kept in {args.policy}/{update.earlier}"
                )
            print(f"{path.relative_to(project.root)}: translates the current source text")
            return 0
        if args.command == "terms":
            findings = terms(project, today)
            for finding in findings:
                print(finding, file=sys.stderr)
            print(f"{len(findings)} finding(s)")
            return 1 if findings else 0
        if args.command == "status":
            sys.stdout.write(status(project, today))
            return 0
        policies, problems = check(project, today)
        for problem in problems:
            print(problem, file=sys.stderr)
        if problems:
            return 1
        for policy in policies:
            print(
                f"{policy.id}: {len(policy.versions)} version(s) in "
                f"{', '.join(policy.settings.languages)}: ok"
            )
        return 0
    except (CommandError, ValueError) as exc:
        print(f"policy: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # a PluginError from the configuration, for example
        if type(exc).__name__ in ("PluginError", "ConfigurationError"):
            print(f"policy: {exc}", file=sys.stderr)
            return 1
        raise


if __name__ == "__main__":
    sys.exit(main())
