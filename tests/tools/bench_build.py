"""Benchmark: the cost of building a policy site with the generator, against plain MkDocs.

    .venv/bin/python tests/tools/bench_build.py [--versions 10,50,200,500] [--languages 2,5]
        [--runs 3] [--json /tmp/bench_build.json] [--serve]

For each case it generates a synthetic history in a temporary project: the real ~18 KB policy
(docs/privacy/versions/2019-07-01.*.md), then N-1 amendments, each a small edit of the one
before (a phrase in one article; now and then a paragraph added or removed), in 2 languages
(ja, en) or 5 (ja, en, de, fr, ko; the last three carry the English text). It then measures,
with medians over --runs runs:

- `build`: a full `mkdocs build` with the generator;
- `plain`: the same site's pages written out as static Markdown (each built page's content,
  with its search exclusion) and built by MkDocs with the same theme, overrides and i18n
  setup, without the generator, and the ratio of the two;
- `own`: the generator's own time, the time spent in the policy plugin's event handlers
  (loading, checks, diffs, page data, feeds, the search split), from an in-process build;
- the search index (largest language), the current page's HTML, and the bytes a first visit to
  the current page transfers (HTML, CSS, JavaScript, images and the search index, no fonts:
  the site has none), raw and gzip-compressed as GitHub Pages serves them.

It also measures the diff per version pair (tests/tools/bench_diff.py: the real policy and one
ten times longer) and, with --serve, how long `mkdocs serve` takes to rebuild after one version
file is edited, at N=50. Prints a table and writes JSON; names the machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import platform
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = ROOT / ".venv" / "bin"
sys.path.insert(0, str(ROOT / "tests" / "tools"))
import bench_diff  # noqa: E402

from policy_site.model import text_sha256  # noqa: E402
from policy_site.parse import split_front_matter  # noqa: E402

LANGUAGES = {2: ["ja", "en"], 5: ["ja", "en", "de", "fr", "ko"]}
EXTRA_NAMES = {"de": "Deutsch", "fr": "Français", "ko": "한국어"}
TODAY = "2524608000"  # 2050-01-01: every version is in effect
FIRST = dt.date(2000, 1, 1)


# --- the synthetic project -------------------------------------------------------------------


def _config(langs: list[str], generator: bool) -> str:
    text = (ROOT / "mkdocs.yml").read_text("utf-8")
    text = text.replace("custom_dir: overrides", f"custom_dir: {ROOT / 'overrides'}")
    extra = "".join(
        f"        - locale: {lang}\n          name: {EXTRA_NAMES[lang]}\n          build: true\n"
        for lang in langs[2:]
    )
    text = text.replace("  - policy:\n", extra + "  - policy:\n", 1)
    text = text.replace("languages: [ja, en]", f"languages: [{', '.join(langs)}]")
    if not generator:  # the theme itself: the overrides need the generator's template filters
        text = text[: text.index("  - policy:\n")]
        text = re.sub(r"\n *custom_dir: .*", "", text)
    return text


def _bodies() -> dict[str, str]:
    versions = ROOT / "docs" / "privacy" / "versions"
    return {
        lang: split_front_matter((versions / f"2019-07-01.{lang}.md").read_text("utf-8"))[1]
        for lang in ("ja", "en")
    }


def _amend(body: str, lang: str, rng: random.Random, n: int) -> str:
    """A small edit: a phrase in one article; every 10th version adds a paragraph, and every
    25th removes the last one added."""
    paragraphs = body.split("\n\n")
    candidates = [i for i, p in enumerate(paragraphs) if len(p) > 60 and not p.startswith("#")]
    i = rng.choice(candidates)
    if lang == "ja":
        paragraphs[i] = (
            paragraphs[i].replace("、", "、適切に", 1)
            if "、適切に" not in paragraphs[i]
            else paragraphs[i].replace("、適切に", "、", 1)
        )
    else:
        paragraphs[i] = (
            paragraphs[i].replace(" the ", " each ", 1)
            if " each " not in paragraphs[i]
            else paragraphs[i].replace(" each ", " the ", 1)
        )
    added = (
        "当社は、本条の運用状況を定期的に確認します。"
        if lang == "ja"
        else "The Company reviews the operation of this article regularly."
    )
    if n % 10 == 0:
        paragraphs.insert(i + 1, f"{added}（{n}）" if lang == "ja" else f"{added} ({n})")
    elif n % 25 == 0:
        for j in range(len(paragraphs) - 1, -1, -1):
            if paragraphs[j].startswith(added):
                del paragraphs[j]
                break
    return "\n\n".join(paragraphs)


def make_project(folder: Path, versions: int, langs: list[str]) -> Path:
    """A project with `versions` versions of the privacy policy in `langs`, recorded."""
    folder.mkdir(parents=True)
    (folder / "mkdocs.yml").write_text(_config(langs, generator=True), "utf-8")
    docs = folder / "docs"
    (docs / "privacy" / "versions").mkdir(parents=True)
    for page in ("index", "about"):
        for lang in langs:
            shutil.copy(
                ROOT / "docs" / f"{page}.{'ja' if lang == 'ja' else 'en'}.md", docs / f"{page}.{lang}.md"
            )
    bodies, rng = _bodies(), random.Random(1)
    for n in range(versions):
        day = FIRST + dt.timedelta(days=20 * n)
        if n:
            state = rng.getstate()
            bodies = {
                lang: _amend(body, lang, random.Random(rng.random()), n) for lang, body in bodies.items()
            }
            rng.setstate(state)
            rng.random()
        kind = "enactment" if n == 0 else "amendment"
        source = text_sha256(bodies["ja"])
        for lang in langs:
            body = bodies["ja" if lang == "ja" else "en"]
            summary = f"第{n}次改定。" if lang == "ja" else f"Revision {n}."
            front = f"---\neffective: {day}\nkind: {kind}\nsummary: {summary}\n"
            if lang != "ja":
                front += f"translation:\n  source: {source}\n  updated: {day}\n"
            (docs / "privacy" / "versions" / f"{day}.{lang}.md").write_text(front + "---\n\n" + body, "utf-8")
    _run([str(BIN / "policy"), "lock", "privacy", "--published"], folder)
    return folder


def make_plain(site: Path, generated: Path, folder: Path, langs: list[str]) -> Path:
    """The built site's pages as static Markdown, in a project without the generator."""
    folder.mkdir(parents=True)
    (folder / "mkdocs.yml").write_text(_config(langs, generator=False), "utf-8")
    docs = folder / "docs"
    indexed = set()
    for lang in langs:
        index = site / ("" if lang == "ja" else lang) / "search" / "search_index.json"
        indexed |= {d["location"].split("#")[0] for d in json.loads(index.read_text("utf-8"))["docs"]}
    article = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.S)
    for page in site.rglob("index.html"):
        rel = page.parent.relative_to(site).as_posix()
        lang = rel.split("/")[0] if rel.split("/")[0] in langs[1:] else "ja"
        path = rel.removeprefix(lang).strip("/") if lang != "ja" else ("" if rel == "." else rel)
        if path == "about":
            target = docs / f"about.{lang}.md"
        else:
            target = docs / path / f"index.{lang}.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        content = article.search(page.read_text("utf-8")).group(1)
        location = (path + "/") if path else ""
        exclude = "" if location in indexed else "search:\n  exclude: true\n"
        title = re.search(r"<h1[^>]*>(.*?)</h1>", content, re.S)
        name = re.sub(r"<[^>]+>", "", title.group(1)).strip().replace('"', "'") if title else "Page"
        target.write_text(f'---\ntitle: "{name}"\n{exclude}---\n\n{content}\n', "utf-8")
    return folder


# --- measuring ----------------------------------------------------------------------------


def _run(args: list[str], cwd: Path, env: dict | None = None) -> float:
    environ = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": TODAY, **(env or {})}
    start = time.perf_counter()
    result = subprocess.run(args, cwd=cwd, env=environ, capture_output=True, text=True)
    if result.returncode:
        raise SystemExit(f"{' '.join(args)} failed in {cwd}:\n{result.stdout}{result.stderr}")
    return time.perf_counter() - start


def mkdocs_build(project: Path, site: Path) -> float:
    return _run([str(BIN / "mkdocs"), "build", "-q", "-d", str(site)], project)


OWN_TIME = """
import json, sys, time
from mkdocs.commands.build import build
from mkdocs.config import load_config
config = load_config(sys.argv[1], site_dir=sys.argv[2])
plugin = config.plugins["policy"]
spent = [0.0]
def timed(method):
    def run(*args, **kwargs):
        start = time.perf_counter()
        try:
            return method(*args, **kwargs)
        finally:
            spent[0] += time.perf_counter() - start
    return run
for event, methods in config.plugins.events.items():
    config.plugins.events[event] = [timed(m) if getattr(m, "__self__", None) is plugin else m for m in methods]
start = time.perf_counter()
build(config)
print(json.dumps({"own": spent[0], "total": time.perf_counter() - start}))
"""


def own_time(project: Path, site: Path) -> float:
    environ = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": TODAY}
    result = subprocess.run(
        [str(BIN / "python"), "-c", OWN_TIME, str(project / "mkdocs.yml"), str(site)],
        cwd=project,
        env=environ,
        capture_output=True,
        text=True,
    )
    if result.returncode:
        raise SystemExit(result.stderr)
    return json.loads(result.stdout.strip().splitlines()[-1])["own"]


def first_visit(site: Path) -> tuple[int, int]:
    """Bytes of the current page and what it loads (no fonts), raw and gzip-compressed."""
    html_path = site / "privacy" / "index.html"
    html = html_path.read_text("utf-8")
    files = [html_path]
    for ref in re.findall(r'<(?:link|script|img)\b[^>]*?(?:href|src)="([^"#]+)"', html):
        if ref.startswith(("http:", "https:", "//", "data:")) or ref.endswith(".xml"):
            continue
        path = (html_path.parent / ref.split("?")[0]).resolve()
        if path.is_file() and path not in files and ("stylesheet" in html or True):
            files.append(path)
    files.append(site / "search" / "search_index.json")  # fetched by the search worker at load
    worker = next((site / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    files.append(worker)
    raw = sum(p.stat().st_size for p in files)
    packed = sum(len(gzip.compress(p.read_bytes())) for p in files)
    return raw, packed


def serve_rebuild(project: Path) -> dict[str, float]:
    """Seconds from editing one version file to `mkdocs serve` having rebuilt, plain and --dirty."""
    results = {}
    version = sorted((project / "docs" / "privacy" / "versions").glob("*.ja.md"))[-1]
    for mode in ("serve", "serve --dirty"):
        port = 8300 + len(results)
        args = [str(BIN / "mkdocs"), *mode.split(), "-a", f"127.0.0.1:{port}", "--no-livereload"]
        args = [a for a in args if a != "--no-livereload"]
        environ = {
            **os.environ,
            "NO_MKDOCS_2_WARNING": "1",
            "SOURCE_DATE_EPOCH": TODAY,
            "PYTHONUNBUFFERED": "1",
        }
        process = subprocess.Popen(
            args,
            cwd=project,
            env=environ,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        lines = []
        try:
            _wait_for(process, lines, "Serving on")
            original = version.read_text("utf-8")
            start = time.perf_counter()
            version.write_text(original.replace("、", "、", 1) + "\n", "utf-8")
            _wait_for(process, lines, "Reloading browsers")
            results[mode] = time.perf_counter() - start
            version.write_text(original, "utf-8")
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait()
    return results


def _wait_for(process, lines: list[str], marker: str, limit: float = 600) -> None:
    end = time.monotonic() + limit
    for line in process.stdout:
        lines.append(line)
        if marker in line:
            return
        if time.monotonic() > end:
            break
    raise SystemExit(f"mkdocs serve never said {marker!r}:\n{''.join(lines[-20:])}")


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    return f"{cpu}, {os.cpu_count()} cores, {platform.python_implementation()} {platform.python_version()}, {dt.date.today()}"


def case(versions: int, languages: int, runs: int) -> dict:
    langs = LANGUAGES[languages]
    work = Path(tempfile.mkdtemp())
    try:
        project = make_project(work / "gen", versions, langs)
        builds = [mkdocs_build(project, work / f"site{r}") for r in range(runs)]
        site = work / "site0"
        plain = make_plain(site, project, work / "plain", langs)
        plains = [mkdocs_build(plain, work / f"plain-site{r}") for r in range(runs)]
        owns = [own_time(project, work / f"own{r}") for r in range(runs)]
        index = max(
            (site / ("" if lang == "ja" else lang) / "search" / "search_index.json").stat().st_size
            for lang in langs
        )
        raw, packed = first_visit(site)
        pages = sum(1 for _ in site.rglob("index.html"))
        return {
            "versions": versions,
            "languages": languages,
            "pages": pages,
            "build_s": statistics.median(builds),
            "plain_s": statistics.median(plains),
            "ratio": statistics.median(builds) / statistics.median(plains),
            "own_s": statistics.median(owns),
            "search_index_kb": index / 1024,
            "current_html_kb": (site / "privacy" / "index.html").stat().st_size / 1024,
            "first_visit_kb": raw / 1024,
            "first_visit_gzip_kb": packed / 1024,
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)


def diff_costs(runs: int = 50) -> dict[str, float]:
    costs = {}
    for lang in ("ja", "en"):
        real = bench_diff.body(lang)
        for name, text, n in (
            ("real", real, runs),
            ("10x", bench_diff.longer(real, 10, lang), max(5, runs // 5)),
        ):
            costs[f"{name} ({lang})"] = bench_diff.measure(text, bench_diff.amend(text, lang), lang, n)[0]
    return costs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--versions", default="10,50,200,500")
    parser.add_argument("--languages", default="2,5")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", type=Path, default=Path(tempfile.gettempdir()) / "bench_build.json")
    parser.add_argument("--serve", action="store_true", help="also time mkdocs serve's rebuild at N=50")
    args = parser.parse_args()
    print(f"machine: {machine()}; medians of {args.runs} runs")
    header = f"{'N':>4} {'langs':>5} {'pages':>6} {'build s':>8} {'plain s':>8} {'ratio':>6} {'own s':>6} {'index KB':>9} {'page KB':>8} {'visit KB':>9} {'gzip KB':>8}"
    print(header)
    results = []
    for languages in map(int, args.languages.split(",")):
        for versions in map(int, args.versions.split(",")):
            r = case(versions, languages, args.runs)
            results.append(r)
            print(
                f"{r['versions']:>4} {r['languages']:>5} {r['pages']:>6} {r['build_s']:>8.2f} {r['plain_s']:>8.2f} "
                f"{r['ratio']:>6.2f} {r['own_s']:>6.2f} {r['search_index_kb']:>9.1f} {r['current_html_kb']:>8.1f} "
                f"{r['first_visit_kb']:>9.1f} {r['first_visit_gzip_kb']:>8.1f}",
                flush=True,
            )
    diffs = diff_costs()
    print("diff per version pair, ms: " + ", ".join(f"{k} {v:.2f}" for k, v in diffs.items()))
    serve = {}
    if args.serve:
        work = Path(tempfile.mkdtemp())
        serve = serve_rebuild(make_project(work / "gen", 50, LANGUAGES[2]))
        shutil.rmtree(work, ignore_errors=True)
        print(
            "mkdocs serve, rebuild after editing one version at N=50, s: "
            + ", ".join(f"{k} {v:.2f}" for k, v in serve.items())
        )
    args.json.write_text(
        json.dumps(
            {
                "machine": machine(),
                "runs": args.runs,
                "cases": results,
                "diff_ms": diffs,
                "serve_rebuild_s": serve,
            },
            indent=2,
        )
        + "\n"
    )
    print(f"written: {args.json}")


if __name__ == "__main__":
    main()
