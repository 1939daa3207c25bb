"""Benchmark: each real-world corpus site (tests/fixtures/corpus) built with the generator, against
a plain MkDocs build of the same texts.

    .venv/bin/python tests/tools/bench_corpus.py [--runs 3] [--sites catalogue,github,mozilla]
        [--json /tmp/bench_corpus.json]

For each site it copies the fixture into a temporary project, records its history with
`policy import <policy>` and runs `policy check`, as an adopter would (SOURCE_DATE_EPOCH fixed,
the same as tests/test_corpus.py). Then, with medians over --runs runs:

- `build`: `mkdocs build --strict` with the generator, as a command, start-up included; the
  number of HTML pages it writes, and the largest (path and bytes). A site that `policy check`
  refuses is not built: its first problems are printed instead;
- `plain`: every version text of the policy (front matter dropped, body verbatim) written as an
  ordinary Markdown page (`docs/<policy>/<day>.<lang>.md`, the i18n suffix layout), next to the
  site's home pages, built by `mkdocs build` with the same theme, Markdown extensions, search and
  i18n settings, without the generator and without its templates; its page count and largest
  page. The generator adds the pages a plain build has no equivalent for (history, changes,
  compare, bilingual, current), so the ratio is the price of the whole site, not of one page.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = ROOT / ".venv" / "bin"
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "tests" / "tools"))

from bench_build import machine  # noqa: E402

from corpus import EPOCH, SITES, corpus_project, version_files  # noqa: E402
from policy_site.parse import split_front_matter  # noqa: E402


def _env() -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", **EPOCH}


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=cwd, env=_env(), capture_output=True, text=True)


def timed_build(project: Path, site: Path, *options: str) -> float:
    """Seconds for `mkdocs build` as a command; exits on failure."""
    start = time.perf_counter()
    result = _run([str(BIN / "mkdocs"), "build", "-q", "-d", str(site), *options], project)
    if result.returncode:
        raise SystemExit(f"mkdocs build failed in {project}:\n{result.stdout}{result.stderr}")
    return time.perf_counter() - start


def pages(site: Path) -> tuple[int, str, int]:
    """The number of HTML pages of a built site, and its largest page (path, bytes)."""
    files = [f for f in site.rglob("*.html")]
    largest = max(files, key=lambda f: f.stat().st_size)
    return len(files), largest.relative_to(site).as_posix(), largest.stat().st_size


def make_plain(name: str, folder: Path) -> Path:
    """The site without the generator: its home pages, and each version text as a plain page."""
    source = ROOT / "tests" / "fixtures" / "corpus" / name
    folder.mkdir(parents=True)
    text = (source / "mkdocs.yml").read_text("utf-8")
    text = text[: text.index("  - policy:\n")]  # the generator's plugin is the last one
    text = re.sub(r"\n *custom_dir: .*", "", text)  # its templates call the generator's filters
    text = re.sub(r"\nextra_(css|javascript):\n(  - .*\n)+", "\n", text)  # its assets
    (folder / "mkdocs.yml").write_text(text, "utf-8")
    docs = folder / "docs"
    docs.mkdir()
    for home in source.joinpath("docs").glob("index.*.md"):
        shutil.copy(home, docs / home.name)
    for file in version_files(name):
        target = docs / SITES[name] / file.name
        target.parent.mkdir(parents=True, exist_ok=True)
        body = split_front_matter(file.read_text("utf-8"))[1]
        target.write_text(f"---\ntitle: {file.name.split('.')[0]}\n---\n{body}", "utf-8")
    return folder


def measure(name: str, runs: int, work: Path) -> dict:
    project = corpus_project(name, work / name)
    result: dict = {"site": name, "versions": len(version_files(name))}
    imported = _run([str(BIN / "policy"), "import", SITES[name]], project)
    checked = _run([str(BIN / "policy"), "check"], project)
    if imported.returncode or checked.returncode:
        problems = (imported.stdout + imported.stderr + checked.stdout + checked.stderr).splitlines()
        problems = [line for line in problems if not line.startswith("recorded ")]
        result["refused"] = {"problems": len(problems), "first": problems[:3]}
    else:
        times = [timed_build(project, project / "site", "--strict") for _ in range(runs)]
        count, largest, size = pages(project / "site")
        result["build"] = {"seconds": statistics.median(times), "pages": count, "largest": [largest, size]}
    plain = make_plain(name, work / f"{name}-plain")
    times = [timed_build(plain, plain / "site") for _ in range(runs)]
    count, largest, size = pages(plain / "site")
    result["plain"] = {"seconds": statistics.median(times), "pages": count, "largest": [largest, size]}
    if "build" in result:
        result["ratio"] = result["build"]["seconds"] / result["plain"]["seconds"]
    return result


def report(results: list[dict]) -> str:
    lines = [f"machine: {machine()}", ""]
    for r in results:
        lines.append(f"{r['site']} ({r['versions']} version files)")
        if "build" in r:
            b = r["build"]
            lines.append(
                f"  generator: {b['seconds']:6.2f} s  {b['pages']:5d} pages  largest {b['largest'][0]} "
                f"({b['largest'][1]:,} bytes)"
            )
        else:
            lines.append(
                f"  generator: not built, policy check refuses {r['refused']['problems']} problem(s):"
            )
            lines += [f"    {line}" for line in r["refused"]["first"]]
        p = r["plain"]
        lines.append(
            f"  plain:     {p['seconds']:6.2f} s  {p['pages']:5d} pages  largest {p['largest'][0]} "
            f"({p['largest'][1]:,} bytes)"
        )
        if "ratio" in r:
            lines.append(f"  ratio:     {r['ratio']:.1f}x")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sites", default=",".join(SITES))
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        results = [measure(name, args.runs, Path(tmp)) for name in args.sites.split(",")]
    print(report(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), "utf-8")


if __name__ == "__main__":
    main()
