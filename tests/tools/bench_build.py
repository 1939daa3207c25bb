"""Benchmark: the cost of building a policy site with the generator, against plain MkDocs.

    .venv/bin/python tests/tools/bench_build.py [--versions 10,50,200,500] [--languages 2,5]
        [--runs 3] [--json /tmp/bench_build.json] [--no-serve] [--profile DIR]

A quick run: `--versions 10,50 --languages 2 --runs 1 --no-serve`.

For each case it generates a synthetic history in a temporary project with this repository's
mkdocs.yml (theme, overrides, i18n and policy settings): the real ~18 KB policy
(docs/privacy/versions/2019-07-01.*.md), then N-1 amendments, each a small edit of the one
before (a phrase in one paragraph; every 10th version adds a paragraph and the 5th after removes
it; every 40th inserts an article and the 20th after removes it, renumbering the articles after
it, so that the text keeps its length and N alone varies), in 2 languages (ja, en) or 5 (ja, en, de, fr, ko; the last three carry the English text
and fall back to the English messages). Every version is recorded with `policy lock` and in
effect on the fixed build day (SOURCE_DATE_EPOCH). With medians over --runs runs it measures:

- `build`: a full `mkdocs build` with the generator, as a command;
- `plain`: every page of that site (current, versions, history, changes, compare, bilingual,
  home, about) written out as a static Markdown file holding the page's main content as built,
  with its search exclusion, and built by `mkdocs build` with the same theme, overrides and
  i18n setup, without the generator; and the ratio of the two;
- `own`: the generator's own time, the time spent in the policy plugin's event handlers
  (loading and checking the sources, diffs, page data, the CSP of each page, feeds, the search
  split), each handler wrapped with a timer in an in-process build;
- the search index (the largest language's), the current page's HTML, and the bytes a first
  visit to the current page transfers, fonts aside (the site has none): what Chromium fetches
  for /privacy/ (HTML, CSS, JavaScript, the favicon, the search worker, index and language
  files), raw and gzip-compressed as GitHub Pages serves them. Without Chromium, the files the
  page and the search worker reference.

It also measures the diff per version pair (tests/tools/bench_diff.py: the real policy and one
ten times longer), and, unless --no-serve, `mkdocs serve` at N=50 with 2 languages, the last
version upcoming as one being drafted: the time from editing that version's file to the log
saying the rebuild is done, and the rebuild alone (from the server noticing the edit), plain
and with --dirty, against a full build; and whether a
`--dirty` build after the edit gives the same site as a full one. Prints a table, writes JSON, and
names the machine. --profile DIR writes a pyinstrument profile of each case's build to DIR.
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
import bench_diff  # noqa: E402

from browser import free_port  # noqa: E402
from conftest import policy_plugin, project_config, write_config  # noqa: E402
from policy_site.model import text_sha256  # noqa: E402
from policy_site.parse import split_front_matter  # noqa: E402
from trees import tree_digest  # noqa: E402

LANGUAGES = {2: ["ja", "en"], 5: ["ja", "en", "de", "fr", "ko"]}
EXTRA_NAMES = {"de": "Deutsch", "fr": "Français", "ko": "한국어"}
TODAY = "2524608000"  # 2050-01-01: every version is in effect
FIRST = dt.date(2000, 1, 1)
UPCOMING = dt.date(2050, 2, 1)  # after the build day
SERVE_VERSIONS = 50


# --- the synthetic project -------------------------------------------------------------------


def _config(langs: list[str], generator: bool) -> dict:
    """This repository's mkdocs.yml for the privacy policy in `langs`; without the generator,
    without its plugin."""
    config = project_config(["privacy"])
    i18n = next(p["i18n"] for p in config["plugins"] if isinstance(p, dict) and "i18n" in p)
    i18n["languages"] += [{"locale": lang, "name": EXTRA_NAMES[lang], "build": True} for lang in langs[2:]]
    policy_plugin(config)["policies"]["privacy"]["languages"] = list(langs)
    if not generator:
        # The overrides call the generator's template filters, so the plain site has the theme's
        # own templates; its pages carry the built content, which includes what ours add.
        config["plugins"] = [p for p in config["plugins"] if not (isinstance(p, dict) and "policy" in p)]
        del config["theme"]["custom_dir"]
    return config


def _bodies() -> dict[str, str]:
    versions = ROOT / "docs" / "privacy" / "versions"
    return {
        lang: split_front_matter((versions / f"2019-07-01.{lang}.md").read_text("utf-8"))[1]
        for lang in ("ja", "en")
    }


PARAGRAPH = {
    "ja": "当社は、本条の運用状況を定期的に確認します。（{n}）",
    "en": "The Company reviews the operation of this article regularly. ({n})",
}
ARTICLE = {
    "ja": (
        "## 第0条（運用の見直し{n}）",
        "当社は、本ポリシーの運用を少なくとも年に一度見直し、その結果を記録します。",
    ),
    "en": (
        "## Article 0 (Review of Operation {n})",
        "The Company reviews the operation of this Policy at least once a year and records the result.",
    ),
}
MARKER = {"ja": "運用の見直し", "en": "Review of Operation"}
ADDED = {"ja": "本条の運用状況", "en": "operation of this article"}  # whatever phrase edit it got
HEADING = {"ja": re.compile(r"^## 第[0-9]+条"), "en": re.compile(r"^## Article [0-9]+")}


def _renumber(paragraphs: list[str], lang: str) -> None:
    number = 0
    for i, paragraph in enumerate(paragraphs):
        if paragraph.startswith("## "):
            number += 1
            new = f"## 第{number}条" if lang == "ja" else f"## Article {number}"
            paragraphs[i] = HEADING[lang].sub(new, paragraph, count=1)


def _amend(body: str, lang: str, n: int, seed: float) -> str:
    """Version n from version n-1: a phrase changed in one paragraph; every 10th version adds a
    paragraph, removed 5 versions later; every 40th inserts an article, removed 20 later.

    The seed is the same for every language, so articles change in all of them alike."""
    rng = random.Random(seed)
    paragraphs = body.rstrip("\n").split("\n\n")
    headings = [i for i, p in enumerate(paragraphs) if p.startswith("## ")]
    after = rng.randrange(len(headings))  # drawn first: the same article in every language
    if n % 40 == 0:
        end = headings[after + 1] if after + 1 < len(headings) else len(paragraphs)
        heading, text = ARTICLE[lang]
        paragraphs[end:end] = [heading.format(n=n), text]
        _renumber(paragraphs, lang)
    elif n % 40 == 20:
        start = next((i for i in headings if MARKER[lang] in paragraphs[i]), None)
        if start is not None:
            end = next((i for i in headings if i > start), len(paragraphs))
            del paragraphs[start:end]
            _renumber(paragraphs, lang)
    candidates = [i for i, p in enumerate(paragraphs) if len(p) > 60 and not p.startswith("#")]
    i = rng.choice(candidates)
    old, new = ("、", "、適切に") if lang == "ja" else (" the ", " each ")
    paragraphs[i] = (
        paragraphs[i].replace(new, old, 1) if new in paragraphs[i] else paragraphs[i].replace(old, new, 1)
    )
    if n % 10 == 0:
        paragraphs.insert(i + 1, PARAGRAPH[lang].format(n=n))
    elif n % 10 == 5:
        paragraphs = [p for p in paragraphs if ADDED[lang] not in p]
    return "\n\n".join(paragraphs) + "\n"


def make_project(folder: Path, versions: int, langs: list[str], upcoming: bool = False) -> Path:
    """A project with `versions` versions of the privacy policy in `langs`, all recorded; with
    `upcoming`, the last one takes effect after the build day, as a revision being drafted."""
    folder.mkdir(parents=True)
    write_config(folder / "mkdocs.yml", _config(langs, generator=True))
    docs = folder / "docs"
    (docs / "privacy" / "versions").mkdir(parents=True)
    for page in ("index", "about"):
        for lang in langs:
            shutil.copy(
                ROOT / "docs" / f"{page}.{'ja' if lang == 'ja' else 'en'}.md", docs / f"{page}.{lang}.md"
            )
    bodies, seeds = _bodies(), random.Random(1)
    for n in range(versions):
        day = FIRST + dt.timedelta(days=20 * n)
        if upcoming and n == versions - 1:
            day = UPCOMING
        if n:
            seed = seeds.random()
            bodies = {lang: _amend(body, lang, n, seed) for lang, body in bodies.items()}
        kind = "enactment" if n == 0 else "amendment"
        source = text_sha256(bodies["ja"])
        for lang in langs:
            body = bodies["ja" if lang == "ja" else "en"]
            summary = f"第{n}次改定。" if lang == "ja" else f"Revision {n}."
            front = f"---\neffective: {day}\nkind: {kind}\nsummary: {summary}\n"
            if lang != "ja":
                front += f"translation:\n  source: {source}\n  updated: {day}\n"
            (docs / "privacy" / "versions" / f"{day}.{lang}.md").write_text(front + "---\n\n" + body, "utf-8")
    _run([str(BIN / "policy"), "import", "privacy"], folder)
    return folder


_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.S)


def make_plain(site: Path, folder: Path, langs: list[str]) -> Path:
    """Every page of the built site as a static Markdown file, in a project without the generator.

    Each file holds the page's main content as built (raw HTML is Markdown) under its title, and
    is left out of the search index when the built page was."""
    folder.mkdir(parents=True)
    write_config(folder / "mkdocs.yml", _config(langs, generator=False))
    docs = folder / "docs"
    indexed = set()
    for lang in langs:
        index = site / ("" if lang == "ja" else lang) / "search" / "search_index.json"
        indexed |= {d["location"].split("#")[0] for d in json.loads(index.read_text("utf-8"))["docs"]}
    for page in site.rglob("index.html"):
        rel = page.parent.relative_to(site).as_posix()
        lang = rel.split("/")[0] if rel.split("/")[0] in langs[1:] else "ja"
        path = rel.removeprefix(lang).strip("/") if lang != "ja" else ("" if rel == "." else rel)
        target = docs / f"about.{lang}.md" if path == "about" else docs / path / f"index.{lang}.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        content = _ARTICLE.search(page.read_text("utf-8")).group(1)
        exclude = "" if ((path + "/") if path else "") in indexed else "search:\n  exclude: true\n"
        title = re.search(r"<h1[^>]*>(.*?)</h1>", content, re.S)
        name = re.sub(r"<[^>]+>", "", title.group(1)).strip().replace('"', "'") if title else "Page"
        target.write_text(f'---\ntitle: "{name}"\n{exclude}---\n\n{content}\n', "utf-8")
    return folder


# --- measuring ----------------------------------------------------------------------------


def _env(**extra: str) -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": TODAY, **extra}


def _run(args: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    result = subprocess.run(args, cwd=cwd, env=_env(), capture_output=True, text=True)
    if result.returncode:
        raise SystemExit(f"{' '.join(args)} failed in {cwd}:\n{result.stdout}{result.stderr}")
    return time.perf_counter() - start


def mkdocs_build(project: Path, site: Path, *options: str) -> float:
    """Seconds for `mkdocs build` as a command, start-up included."""
    return _run([str(BIN / "mkdocs"), "build", "-q", "-d", str(site), *options], project)


# Run in a fresh interpreter: an in-process build with each of the policy plugin's event handlers
# wrapped in a timer, or (with a third argument) profiled by pyinstrument into that file.
IN_PROCESS = """
import collections, json, sys, time
from mkdocs.commands.build import build
from mkdocs.config import load_config
config = load_config(sys.argv[1], site_dir=sys.argv[2])
plugin = config.plugins["policy"]
spent = collections.Counter()
def timed(method, event):
    def run(*args, **kwargs):
        start = time.perf_counter()
        try:
            return method(*args, **kwargs)
        finally:
            spent[event] += time.perf_counter() - start
    return run
if len(sys.argv) > 3:
    from pyinstrument import Profiler
    profiler = Profiler(interval=0.001)
    profiler.start()
else:
    for event, methods in config.plugins.events.items():
        config.plugins.events[event] = [
            timed(m, event) if getattr(m, "__self__", None) is plugin else m for m in methods
        ]
start = time.perf_counter()
build(config)
total = time.perf_counter() - start
if len(sys.argv) > 3:
    profiler.stop()
    open(sys.argv[3], "w").write(profiler.output_text(unicode=False, color=False))
print(json.dumps({"own": sum(spent.values()), "events": dict(spent), "total": total}))
"""


def own_time(project: Path, site: Path, profile: Path | None = None) -> dict:
    """The policy plugin's own time in one in-process build, in all and per event."""
    args = [str(BIN / "python"), "-c", IN_PROCESS, str(project / "mkdocs.yml"), str(site)]
    result = subprocess.run(
        args + ([str(profile)] if profile else []), cwd=project, env=_env(), capture_output=True, text=True
    )
    if result.returncode:
        raise SystemExit(result.stderr)
    return json.loads(result.stdout.strip().splitlines()[-1])


_COMPRESSIBLE = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt")


def _sizes(files: list[Path]) -> tuple[int, int]:
    """Bytes as stored, and as sent by a host that compresses text (GitHub Pages does)."""
    raw = sum(p.stat().st_size for p in files)
    packed = sum(
        len(gzip.compress(p.read_bytes(), mtime=0)) if p.suffix in _COMPRESSIBLE else p.stat().st_size
        for p in files
    )
    return raw, packed


def _fetched_by_chromium(site: Path, path: str) -> tuple[list[Path], list[str]]:
    """The site's files Chromium fetches for a first visit to `path` (and the search worker's),
    and the addresses it asked for that do not exist."""
    from playwright.sync_api import sync_playwright

    from browser import FLAGS, serve, url_of

    server = serve(site)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
            page = browser.new_context().new_page()
            responses = []
            page.on("response", lambda response: responses.append(response))
            page.goto(url_of(server) + path, wait_until="networkidle")
            page.wait_for_timeout(1000)  # the search worker loads its index and languages
            browser.close()
    finally:
        server.shutdown()
    base = url_of(server)
    files, missing = [], []
    for response in responses:
        rel = response.url.removeprefix(base).split("?")[0].split("#")[0]
        file = site / rel / "index.html" if rel.endswith("/") or not rel else site / rel
        if response.status == 200 and file.is_file():
            if file not in files:
                files.append(file)
        else:
            missing.append(rel)
    return files, missing


def _referenced(site: Path, path: str) -> list[Path]:
    """Without a browser: the files the page references, and those its search worker loads."""
    page = site / path / "index.html"
    files = [page]
    for ref in re.findall(r'<(?:link|script|img)\b[^>]*?(?:href|src)="([^"#]+)"', page.read_text("utf-8")):
        file = (page.parent / ref.split("?")[0]).resolve()
        if (
            not ref.startswith(("http:", "https:", "//", "data:"))
            and file.is_file()
            and file.suffix != ".xml"
            and file not in files
        ):
            files.append(file)
    lunr = site / "assets" / "javascripts" / "lunr"
    files += [
        site / "search" / "search_index.json",
        *(site / "assets" / "javascripts" / "workers").glob("*.js"),
    ]
    files += [
        lunr / "min" / "lunr.stemmer.support.min.js",
        lunr / "tinyseg.js",
        lunr / "min" / "lunr.ja.min.js",
    ]
    files.append(lunr / "min" / "lunr.multi.min.js")
    return files


def first_visit(site: Path, path: str = "privacy/") -> dict:
    """What a first visit to `path` transfers, fonts aside (the site loads none)."""
    try:
        files, missing = _fetched_by_chromium(site, path)
        how = "chromium"
    except Exception as exc:  # no browser here: count what the page references instead
        files, missing, how = _referenced(site, path), [], f"references ({type(exc).__name__})"
    raw, packed = _sizes(files)
    return {
        "raw": raw,
        "gzip": packed,
        "files": [p.relative_to(site).as_posix() for p in files],
        "not_found": missing,
        "how": how,
    }


def _edit(version: Path, n: int) -> None:
    """A small edit of a version file's text, different each time."""
    text = version.read_text("utf-8")
    version.write_text(text.rstrip("\n") + f"\n\n当社は、本ポリシーを確認しました。（{n}）\n", "utf-8")


def serve_rebuild(project: Path, edits: int = 3) -> dict[str, float]:
    """Seconds from editing the upcoming version's Japanese file, as legal staff do while drafting,
    to `mkdocs serve` saying the rebuild is done ("Reloading browsers"), median of `edits`
    edits, plain and with --dirty; and of that, the rebuild alone, from the server noticing the
    edit ("Detected file changes"; MkDocs polls the files every 0.5 s) to the same message."""
    results = {}
    version = sorted((project / "docs" / "privacy" / "versions").glob("*.ja.md"))[-1]
    original = version.read_text("utf-8")
    for mode in ("serve", "serve --dirty"):
        args = [str(BIN / "mkdocs"), *mode.split(), "-a", f"127.0.0.1:{free_port()}"]
        process = subprocess.Popen(
            args,
            cwd=project,
            env=_env(PYTHONUNBUFFERED="1"),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        lines: list[str] = []
        times, rebuilds = [], []
        try:
            _wait_for(process, lines, "Serving on")
            for n in range(edits):
                time.sleep(1)
                start = time.perf_counter()
                _edit(version, n)
                noticed = _wait_for(process, lines, "Detected file changes")
                done = _wait_for(process, lines, "Reloading browsers")
                times.append(done - start)
                rebuilds.append(done - noticed)
        finally:
            version.write_text(original, "utf-8")
            process.terminate()
            process.wait()
            process.stdout.close()
        results[mode] = statistics.median(times)
        results[f"{mode} rebuild"] = statistics.median(rebuilds)
    return results


def _wait_for(process, lines: list[str], marker: str) -> float:
    """When the server said `marker` (its output is unbuffered and read as it comes)."""
    for line in process.stdout:
        lines.append(line)
        if "ERROR" in line or "Aborted" in line:
            break
        if marker in line:
            return time.perf_counter()
    raise SystemExit(f"mkdocs serve never said {marker!r}:\n{''.join(lines[-20:])}")


def dirty_check(project: Path, work: Path) -> dict:
    """Whether `mkdocs build --dirty` after editing a version gives the site a full build gives.

    --dirty is what `mkdocs serve --dirty` runs on each change."""
    version = sorted((project / "docs" / "privacy" / "versions").glob("*.ja.md"))[-1]
    original = version.read_text("utf-8")
    dirty, full = work / "dirty-site", work / "full-site"
    try:
        mkdocs_build(project, dirty)
        time.sleep(1.1)  # a later modification time than the pages built from it
        _edit(version, 99)
        dirty_s = mkdocs_build(project, dirty, "--dirty")
        full_s = mkdocs_build(project, full)
    finally:
        version.write_text(original, "utf-8")
    a, b = tree_digest(dirty), tree_digest(full)
    differing = sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k))
    return {"dirty_build_s": dirty_s, "full_build_s": full_s, "differing_files": differing}


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    return (
        f"{cpu}, {os.cpu_count()} cores, {platform.machine()}, "
        f"{platform.python_implementation()} {platform.python_version()}, {dt.date.today()}"
    )


def case(versions: int, languages: int, runs: int, profile: Path | None) -> dict:
    langs = LANGUAGES[languages]
    work = Path(tempfile.mkdtemp(prefix="bench-build-"))
    try:
        project = make_project(work / "gen", versions, langs)
        builds = [mkdocs_build(project, work / f"site{r}") for r in range(runs)]
        site = work / "site0"
        plain = make_plain(site, work / "plain", langs)
        plains = [mkdocs_build(plain, work / f"plain-site{r}") for r in range(runs)]
        pages, plain_pages = (sum(1 for _ in s.rglob("index.html")) for s in (site, work / "plain-site0"))
        if pages != plain_pages:
            raise SystemExit(f"the plain site has {plain_pages} pages, the generator's {pages}")
        owns = [own_time(project, work / f"own{r}") for r in range(runs)]
        if profile:
            profile.mkdir(parents=True, exist_ok=True)
            own_time(project, work / "profiled", profile / f"build-{versions}x{languages}.txt")
        for r in range(1, runs):
            shutil.rmtree(work / f"site{r}")
            shutil.rmtree(work / f"plain-site{r}")
        index = max(
            (site / ("" if lang == "ja" else lang) / "search" / "search_index.json").stat().st_size
            for lang in langs
        )
        visit = first_visit(site)
        build_s, plain_s = statistics.median(builds), statistics.median(plains)
        own = min(owns, key=lambda o: abs(o["own"] - statistics.median(x["own"] for x in owns)))
        return {
            "versions": versions,
            "languages": languages,
            "pages": pages,
            "build_s": build_s,
            "builds_s": builds,
            "plain_s": plain_s,
            "plains_s": plains,
            "ratio": build_s / plain_s,
            "own_s": statistics.median(o["own"] for o in owns),
            "own_by_event_s": own["events"],
            "search_index_kb": index / 1024,
            "current_html_kb": (site / "privacy" / "index.html").stat().st_size / 1024,
            "first_visit_kb": visit["raw"] / 1024,
            "first_visit_gzip_kb": visit["gzip"] / 1024,
            "first_visit": visit,
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
    parser.add_argument("--versions", default="10,50,200,500", help="numbers of versions, comma-separated")
    parser.add_argument("--languages", default="2,5", help="2 (ja, en) and/or 5 (ja, en, de, fr, ko)")
    parser.add_argument("--runs", type=int, default=3, help="runs per measure; medians are shown")
    parser.add_argument("--json", type=Path, default=Path(tempfile.gettempdir()) / "bench_build.json")
    parser.add_argument("--no-serve", action="store_true", help="skip the mkdocs serve rebuild at N=50")
    parser.add_argument("--profile", type=Path, help="write a pyinstrument profile of each build here")
    args = parser.parse_args()
    print(f"machine: {machine()}; medians of {args.runs} runs", flush=True)
    header = (
        f"{'N':>4} {'langs':>5} {'pages':>6} {'build s':>8} {'plain s':>8} {'ratio':>6} {'own s':>6} "
        f"{'index KB':>9} {'page KB':>8} {'visit KB':>9} {'gzip KB':>8}"
    )
    print(header, flush=True)
    results = []
    for languages in map(int, args.languages.split(",")):
        for versions in map(int, args.versions.split(",")):
            r = case(versions, languages, args.runs, args.profile)
            results.append(r)
            print(
                f"{r['versions']:>4} {r['languages']:>5} {r['pages']:>6} {r['build_s']:>8.2f} "
                f"{r['plain_s']:>8.2f} {r['ratio']:>6.2f} {r['own_s']:>6.2f} {r['search_index_kb']:>9.1f} "
                f"{r['current_html_kb']:>8.1f} {r['first_visit_kb']:>9.1f} {r['first_visit_gzip_kb']:>8.1f}",
                flush=True,
            )
    diffs = diff_costs()
    print("diff per version pair, ms: " + ", ".join(f"{k} {v:.2f}" for k, v in diffs.items()), flush=True)
    serve = {}
    if not args.no_serve:
        work = Path(tempfile.mkdtemp(prefix="bench-serve-"))
        try:
            project = make_project(work / "gen", SERVE_VERSIONS, LANGUAGES[2], upcoming=True)
            full = statistics.median(mkdocs_build(project, work / f"site{r}") for r in range(args.runs))
            serve = {"full_build_s": full, **serve_rebuild(project), "dirty": dirty_check(project, work)}
        finally:
            shutil.rmtree(work, ignore_errors=True)
        dirty = serve["dirty"]["differing_files"]
        print(
            f"N={SERVE_VERSIONS}: full build {serve['full_build_s']:.2f} s; mkdocs serve, from editing a "
            f"version to the reload {serve['serve']:.2f} s (the rebuild {serve['serve rebuild']:.2f} s), "
            f"with --dirty {serve['serve --dirty']:.2f} s ({serve['serve --dirty rebuild']:.2f} s); "
            f"--dirty site {'the same as a full build' if not dirty else f'differs in {len(dirty)} files'}",
            flush=True,
        )
    args.json.write_text(
        json.dumps(
            {"machine": machine(), "runs": args.runs, "cases": results, "diff_ms": diffs, "serve": serve},
            indent=2,
            ensure_ascii=False,
        )
        + "\n"
    )
    print(f"written: {args.json}")


if __name__ == "__main__":
    main()
