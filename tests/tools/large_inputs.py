"""Large and odd inputs, end to end: each gives a result or a clear error, and never hangs.

    .venv/bin/python tests/tools/large_inputs.py [--timeout 600] [--only CASE]

Cases, each in a fresh project with this repository's configuration:
- `articles-300`: a policy of 300 articles, and an amendment of it;
- `version-1mb`: a version of 1 MB (UTF-8) in Japanese, with its English, and an amendment;
- `no-line-break`: an article whose one paragraph is 100,000 characters without a line break,
  edited near its start and its end;
- `history-100`: 100 versions, each made with `policy new`, edited in both languages,
  `policy update-translation`, and recorded with `policy lock`.
A case runs in its own process under a time limit, so a hang is reported as one. In it, each
`policy` step runs in-process through `policy_site.cli.main`, as the `policy` command would in
the project folder, with what it writes on stdout and stderr captured (the MkDocs process that
`policy build` starts included): nine interpreter starts a case, each importing MkDocs and
Material, were half its CPU time. So the timings of `policy check`, `policy build --strict` and
`policy diff` leave out the start of `policy` itself (not that of MkDocs in `policy build`),
and a step finds the paragraphs earlier steps parsed in the parser's cache. Prints a table;
exit 1 if a case hangs, or fails with a traceback instead of a `path:line` error.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))
from conftest import project_config, write_config  # noqa: E402

ENACTED = dt.date(2020, 1, 1)
FIRST_AMENDMENT = dt.date(2030, 1, 1)
TODAY = {"SOURCE_DATE_EPOCH": "1893456000"}  # 2030-01-01, 09:00 in Japan


def _article(n: int, lang: str, length: int) -> str:
    if lang == "ja":
        sentence = f"当社は、第{n}条に定める目的の範囲内で、個人情報を適正に取り扱います。"
        body = (sentence * (length // len(sentence) + 1))[:length]
        return f"## 第{n}条（第{n}の事項）\n\n1. {body}\n\n2. 当社は、前項の取扱いを記録します。\n"
    sentence = f"The Company handles personal information properly within the purposes of Article {n}. "
    body = (sentence * (length // len(sentence) + 1))[:length].strip()
    return f"## Article {n} (Matter {n})\n\n1. {body}\n\n2. The Company records the handling under the preceding paragraph.\n"


def _policy(articles: int, length: int, lang: str) -> str:
    preamble = (
        "当社は、次のとおり個人情報を取り扱います。"
        if lang == "ja"
        else "The Company handles personal information as follows."
    )
    return preamble + "\n\n" + "\n".join(_article(n, lang, length) for n in range(1, articles + 1))


def _front(lang: str, effective: dt.date, kind: str) -> str:
    summary = "本ポリシーを制定しました。" if lang == "ja" else "Enactment of this policy."
    return f"---\neffective: {effective}\nkind: {kind}\nsummary: {summary}\n---\n\n"


class Project:
    """A project folder with this repository's configuration and generated sources."""

    def __init__(self, folder: Path):
        self.root = folder
        write_config(folder / "mkdocs.yml", project_config(["privacy"]))
        self.versions = folder / "docs" / "privacy" / "versions"
        self.versions.mkdir(parents=True)
        for page in ("index", "about"):
            for lang in ("ja", "en"):
                shutil.copy(ROOT / "docs" / f"{page}.{lang}.md", folder / "docs" / f"{page}.{lang}.md")
        self.steps: dict[str, float] = {}

    def enact(self, texts: dict[str, str]) -> None:
        for lang, body in texts.items():
            (self.versions / f"{ENACTED}.{lang}.md").write_text(
                _front(lang, ENACTED, "enactment") + body, "utf-8"
            )
        self.run("update-translation", "privacy", str(ENACTED), "--lang", "en")
        self.run("import", "privacy")

    def amend(self, effective: dt.date, edits: dict[str, list[tuple[str, str]]]) -> None:
        """`policy new`, the edits in each language, the translation confirmed."""
        self.run("new", "privacy", "--effective", str(effective))
        for lang, pairs in edits.items():
            path = self.versions / f"{effective}.{lang}.md"
            text = path.read_text("utf-8").replace("summary:\n", f"summary: Revision {effective}.\n", 1)
            for old, new in pairs:
                if old not in text:
                    raise SystemExit(f"{path}: the edit does not apply: {old[:40]!r}")
                text = text.replace(old, new, 1)
            path.write_text(text, "utf-8")
        self.run("update-translation", "privacy", str(effective), "--lang", "en")

    def run(self, *args: str, step: str | None = None) -> None:
        start = time.perf_counter()
        status, stderr = _run_policy(list(args))
        if step:
            self.steps[step] = self.steps.get(step, 0.0) + time.perf_counter() - start
        if status != 0 or "Traceback" in stderr:
            raise Failure(args[0], stderr)

    def publish(self, old: dt.date, new: dt.date) -> None:
        """The steps a revision goes through before it is published, timed."""
        self.run("lock", "privacy")
        self.run("check", step="policy check")
        self.run("build", "--strict", "-q", "-d", str(self.root / "site"), step="policy build --strict")
        self.run("diff", "privacy", str(old), str(new), "--format", "json", step="policy diff (ja)")
        self.run(
            "diff", "privacy", str(old), str(new), "--lang", "en", "--format", "json", step="policy diff (en)"
        )


def _run_policy(argv: list[str]) -> tuple[int, str]:
    """`policy ARGV` in this process: its exit status, and its stderr. Files 1 and 2 point at
    temporary files meanwhile, so what the MkDocs process of `policy build` writes is captured
    too; an exception that escapes is written there as a traceback, as `policy` would write it."""
    from policy_site.cli import main  # only a case's own process needs MkDocs

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        sys.stdout.flush()
        sys.stderr.flush()
        saved = {fd: os.dup(fd) for fd in (1, 2)}
        os.dup2(out.fileno(), 1)
        os.dup2(err.fileno(), 2)
        try:
            status = main(argv)
        except SystemExit as exc:  # argparse's errors; a message instead of a number is status 1
            if isinstance(exc.code, str):
                print(exc.code, file=sys.stderr)
            status = exc.code if isinstance(exc.code, int) else int(exc.code is not None)
        except Exception:
            traceback.print_exc()
            status = 1
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            for fd, copy in saved.items():
                os.dup2(copy, fd)
                os.close(copy)
        err.seek(0)
        return status, err.read().decode(sys.stderr.encoding, "replace")


class Failure(Exception):
    def __init__(self, command: str, stderr: str):
        super().__init__(command)
        self.command, self.stderr = command, stderr


def articles_300(project: Project) -> str:
    project.enact({lang: _policy(300, 200, lang) for lang in ("ja", "en")})
    project.amend(
        FIRST_AMENDMENT,
        {
            "ja": [
                (
                    "## 第150条（第150の事項）\n\n1. 当社は",
                    "## 第150条（第150の事項）\n\n1. 当社は、原則として",
                )
            ],
            "en": [
                (
                    "## Article 150 (Matter 150)\n\n1. The Company",
                    "## Article 150 (Matter 150)\n\n1. As a rule, the Company",
                )
            ],
        },
    )
    project.publish(ENACTED, FIRST_AMENDMENT)
    return "300 articles"


def version_1mb(project: Project) -> str:
    texts = {lang: _policy(1000, 330 if lang == "ja" else 900, lang) for lang in ("ja", "en")}
    project.enact(texts)
    project.amend(
        FIRST_AMENDMENT,
        {
            "ja": [
                (
                    "## 第500条（第500の事項）\n\n1. 当社は",
                    "## 第500条（第500の事項）\n\n1. 当社は、原則として",
                )
            ],
            "en": [
                (
                    "## Article 500 (Matter 500)\n\n1. The Company",
                    "## Article 500 (Matter 500)\n\n1. As a rule, the Company",
                )
            ],
        },
    )
    project.publish(ENACTED, FIRST_AMENDMENT)
    size = (project.versions / f"{ENACTED}.ja.md").stat().st_size
    return f"ja {size / 1e6:.2f} MB, 1,000 articles"


def no_line_break(project: Project) -> str:
    texts = {lang: _policy(3, 100 if lang == "ja" else 300, lang) for lang in ("ja", "en")}
    long = {lang: _article(4, lang, 100_000) for lang in texts}
    project.enact({lang: texts[lang] + "\n" + long[lang] for lang in texts})
    heads = {
        "ja": ("## 第4条（第4の事項）\n\n1. 当社は、", "## 第4条（第4の事項）\n\n1. 当社は、原則として"),
        "en": (
            "## Article 4 (Matter 4)\n\n1. The Company",
            "## Article 4 (Matter 4)\n\n1. As a rule, the Company",
        ),
    }
    edits = {}
    for lang in texts:  # edited near its start and at its very end
        tail = long[lang].split("\n")[2][-30:] + "\n"
        edits[lang] = [heads[lang], (tail, tail[:-12] + "（改定）\n")]
    project.amend(FIRST_AMENDMENT, edits)
    project.publish(ENACTED, FIRST_AMENDMENT)
    return "one paragraph of 100,000 characters"


def history_100(project: Project) -> str:
    project.enact({lang: _policy(15, 200, lang) for lang in ("ja", "en")})
    day = FIRST_AMENDMENT
    for n in range(1, 100):
        article = n % 15 + 1
        project.amend(
            day,
            {
                "ja": [(f"## 第{article}条（", f"## 第{article}条（改{n}・")],
                "en": [(f"## Article {article} (", f"## Article {article} (Rev. {n}: ")],
            },
        )
        previous, day = day, day + dt.timedelta(days=30)
    project.publish(previous - dt.timedelta(days=30), previous)
    return "100 versions"


CASES = {
    "articles-300": articles_300,
    "version-1mb": version_1mb,
    "no-line-break": no_line_break,
    "history-100": history_100,
}


def _one(name: str) -> None:
    """Run one case here and print its result as JSON (the child process)."""
    folder = Path(tempfile.mkdtemp())
    project = Project(folder)
    os.environ.update({**TODAY, "NO_MKDOCS_2_WARNING": "1"})
    os.chdir(folder)  # where editors run `policy`
    start = time.perf_counter()
    try:
        what = CASES[name](project)
        result = {"case": name, "what": what, "result": "ok"}
    except Failure as failure:
        clear = "Traceback" not in failure.stderr
        first = (failure.stderr.strip().splitlines() or ["(no message)"])[0]
        result = {"case": name, "what": "", "result": ("error: " if clear else "CRASH: ") + first}
    result["steps"] = project.steps
    result["total"] = time.perf_counter() - start
    os.chdir(ROOT)
    shutil.rmtree(folder, ignore_errors=True)
    print(json.dumps(result))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--timeout", type=float, default=600, help="seconds a case may take")
    parser.add_argument("--only", choices=sorted(CASES), help="run one case")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _one(args.child)
        return 0
    bad = False
    print(f"{'case':<15} {'input':<38} {'result':<8} {'total s':>8}  steps (s)")
    for name in [args.only] if args.only else CASES:
        try:
            child = subprocess.run(
                [sys.executable, __file__, "--child", name],
                capture_output=True,
                text=True,
                timeout=args.timeout,
            )
            lines = child.stdout.strip().splitlines()
            result = (
                json.loads(lines[-1])
                if lines
                else {
                    "case": name,
                    "what": "",
                    "result": "CRASH: " + child.stderr.strip()[-200:],
                    "steps": {},
                    "total": 0.0,
                }
            )
        except subprocess.TimeoutExpired:
            result = {
                "case": name,
                "what": "",
                "result": f"HANG (over {args.timeout:.0f} s)",
                "steps": {},
                "total": args.timeout,
            }
        bad |= not (result["result"] == "ok" or result["result"].startswith("error: "))
        steps = ", ".join(f"{k} {v:.1f}" for k, v in result["steps"].items())
        print(f"{name:<15} {result['what']:<38} {result['result']:<8} {result['total']:>8.1f}  {steps}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
