"""Benchmark: the cost of building a policy site with the generator, against plain MkDocs.

    .venv/bin/python tests/tools/bench_build.py [--versions 10,50,200,500] [--languages 2,5]
        [--cases 10x2,10x5,500x5] [--corpora github,statute,mozilla] [--runs 3]
        [--json /tmp/bench_build.json] [--no-serve] [--profile DIR]

A quick run: `--versions 10,50 --languages 2 --runs 1 --corpora '' --no-serve`. --cases picks
synthetic cases (N versions x languages) instead of every N by every language count.

For each case it generates a synthetic history in a temporary project with this repository's
mkdocs.yml (theme, overrides, i18n and policy settings): the real ~18 KB policy
(docs/privacy/versions/2019-07-01.*.md), then N-1 amendments, each a small edit of the one
before (a phrase in one paragraph; every 10th version adds a paragraph and the 5th after removes
it; every 40th inserts an article and the 20th after removes it, renumbering the articles after
it, so that the text keeps its length and N alone varies), in 2 languages (ja, en) or 5 (ja, en, de, fr, ko; the last three carry the English text
and fall back to the English messages). Every version is recorded with `policy lock` and in
effect on the fixed build day (SOURCE_DATE_EPOCH). With medians over --runs runs it measures:

- `build`: a full `mkdocs build` with the generator, as a command, and its peak memory (the
  build process's own ru_maxrss, from wait4);
- `plain`: every page of that site (current, versions, history, changes, compare, bilingual,
  home, about) written out as a static Markdown file holding the page's main content as built,
  with its search exclusion, and built by `mkdocs build` with the same theme, overrides and
  i18n setup, without the generator, its builds alternating with the generator's (the first
  generator build, whose pages it is made of, comes first); and the ratio of the two;
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

Then the real-world corpora (--corpora, tests/tools/bench_real.py: each against plain MkDocs,
their search indexes against their current texts, their longest version pairs, and a cProfile
of the slowest one's build), and `mkdocs serve` at N=10 (tests/tools/bench_preview.py: saving a
draft to the page reloaded, and the served site against a full build). Last, one Markdown table
of every target, its figure and pass/FAIL/not run, with the machine and its load averages.
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
    """Every page of the built site as a static Markdown file, in a project without the generator."""
    folder.mkdir(parents=True)
    write_config(folder / "mkdocs.yml", _config(langs, generator=False))
    write_plain_pages(site, folder / "docs", langs, flat=("about",))
    return folder


def write_plain_pages(site: Path, docs: Path, langs: list[str], flat: tuple[str, ...] = ()) -> None:
    """Each page of a built site (`langs[0]` the default language, at its root) as a static
    Markdown file in `docs`, in the i18n suffix layout: `<path>/index.<lang>.md`, or
    `<path>.<lang>.md` for the paths in `flat`.

    Each file holds the page's main content as built (raw HTML is Markdown) under its title, and
    is left out of the search index when the built page was."""
    default = langs[0]
    indexed = set()
    for lang in langs:
        index = site / ("" if lang == default else lang) / "search" / "search_index.json"
        indexed |= {d["location"].split("#")[0] for d in json.loads(index.read_text("utf-8"))["docs"]}
    for page in site.rglob("index.html"):
        rel = page.parent.relative_to(site).as_posix()
        lang = rel.split("/")[0] if rel.split("/")[0] in langs[1:] else default
        path = rel.removeprefix(lang).strip("/") if lang != default else ("" if rel == "." else rel)
        target = docs / f"{path}.{lang}.md" if path in flat else docs / path / f"index.{lang}.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        content = _ARTICLE.search(page.read_text("utf-8")).group(1)
        exclude = "" if ((path + "/") if path else "") in indexed else "search:\n  exclude: true\n"
        title = re.search(r"<h1[^>]*>(.*?)</h1>", content, re.S)
        name = re.sub(r"<[^>]+>", "", title.group(1)).strip().replace('"', "'") if title else "Page"
        target.write_text(f'---\ntitle: "{name}"\n{exclude}---\n\n{content}\n', "utf-8")


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


def measured_run(args: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, int]:
    """Seconds and peak resident memory in bytes of one command, its own process (the rusage
    of that child alone, from wait4, not the maximum over every child so far)."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        process = subprocess.Popen(args, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode:
            out.seek(0)
            raise SystemExit(f"{' '.join(args)} failed in {cwd}:\n{out.read().decode('utf-8', 'replace')}")
    return seconds, usage.ru_maxrss * 1024  # Linux counts ru_maxrss in KiB


def measured_build(project: Path, site: Path, env: dict[str, str] | None = None) -> tuple[float, int]:
    """`mkdocs build` as a command: seconds, start-up included, and peak memory in bytes."""
    args = [str(BIN / "mkdocs"), "build", "-q", "-d", str(site)]
    return measured_run(args, project, env or _env())


# Run in a fresh interpreter: an in-process build with each of the policy plugin's event handlers
# wrapped in a timer, or (with a third argument) profiled into that file: by cProfile when its name
# ends in .pstats, else by pyinstrument.
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
into = sys.argv[3] if len(sys.argv) > 3 else ""
if into.endswith(".pstats"):
    import cProfile
    profiler = cProfile.Profile()
    profiler.enable()
elif into:
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
if into.endswith(".pstats"):
    profiler.disable()
    profiler.dump_stats(into)
elif into:
    profiler.stop()
    open(into, "w").write(profiler.output_text(unicode=False, color=False))
print(json.dumps({"own": sum(spent.values()), "events": dict(spent), "total": total}))
"""


def own_time(
    project: Path, site: Path, profile: Path | None = None, env: dict[str, str] | None = None
) -> dict:
    """The policy plugin's own time in one in-process build, in all and per event."""
    args = [str(BIN / "python"), "-c", IN_PROCESS, str(project / "mkdocs.yml"), str(site)]
    result = subprocess.run(
        args + ([str(profile)] if profile else []),
        cwd=project,
        env=env or _env(),
        capture_output=True,
        text=True,
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
        # The plain site is made of the first build's pages; then the two alternate, so that a
        # change in the machine's load falls on both alike.
        measured = [measured_build(project, work / "site0")]
        site = work / "site0"
        plain = make_plain(site, work / "plain", langs)
        plain_measured = []
        for r in range(runs):
            plain_measured.append(measured_build(plain, work / f"plain-site{r}"))
            if r + 1 < runs:
                measured.append(measured_build(project, work / f"site{r + 1}"))
        builds, plains = [m[0] for m in measured], [m[0] for m in plain_measured]
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
            "peak_mb": max(m[1] for m in measured) / 2**20,
            "plain_peak_mb": max(m[1] for m in plain_measured) / 2**20,
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


# --- the targets -------------------------------------------------------------------------

RATIO_BOUND = 1.10  # build / plain at N=200, 2 languages
GROWTH_BOUND = 2.7  # own time, N=500 / N=200
INDEX_KB, PAGE_KB = 150, 60  # synthetic: the largest language's search index, the current page
PEAK_BOUND_MB = 1024  # N=500, 5 languages
PAIR_MS, LONG_PAIR_MS = 2.0, 20.0  # the real policy; ten times longer and each corpus's longest
PLAIN_BOUND = 1.0  # build / plain from N=10 up, and on each corpus
DIFF_PAGE_KB = 250  # a page of changes between distant versions of a long text


def _verdict(figure: float | None, bound: float, at_most: bool = True) -> str:
    if figure is None:
        return "not run"
    return "pass" if (figure <= bound if at_most else figure < bound) else "FAIL"


def targets(cases: list[dict], diffs: dict, real: dict, preview: dict, serve: dict) -> list[tuple[str, ...]]:
    """Each target: what, its bound, the figure measured, pass/fail/not run."""
    by = {(c["versions"], c["languages"]): c for c in cases}
    rows = []
    for langs in (2, 5):
        ratio = by.get((10, langs), {}).get("ratio")
        rows.append(
            (
                f"build / plain, N=10, {langs} languages",
                f"<= {PLAIN_BOUND}",
                _fmt(ratio, "{:.2f}"),
                _verdict(ratio, PLAIN_BOUND),
            )
        )
    ratio = by.get((200, 2), {}).get("ratio")
    rows.append(
        (
            "build / plain, N=200, 2 languages",
            f"<= {RATIO_BOUND}",
            _fmt(ratio, "{:.2f}"),
            _verdict(ratio, RATIO_BOUND),
        )
    )
    for langs in (2, 5):
        small, large = by.get((200, langs)), by.get((500, langs))
        growth = large["own_s"] / small["own_s"] if small and large else None
        rows.append(
            (
                f"own time growth N=200 → 500, {langs} languages",
                f"<= {GROWTH_BOUND}",
                _fmt(growth, "{:.2f}x"),
                _verdict(growth, GROWTH_BOUND),
            )
        )
    index = max((c["search_index_kb"] for c in cases), default=None)
    page = max((c["current_html_kb"] for c in cases), default=None)
    rows.append(
        (
            "synthetic: largest search index",
            f"<= {INDEX_KB} KB",
            _fmt(index, "{:.1f} KB"),
            _verdict(index, INDEX_KB),
        )
    )
    rows.append(
        ("synthetic: current page HTML", f"<= {PAGE_KB} KB", _fmt(page, "{:.1f} KB"), _verdict(page, PAGE_KB))
    )
    peak = by.get((500, 5), {}).get("peak_mb")
    rows.append(
        (
            "peak memory of the build, N=500, 5 languages",
            f"<= {PEAK_BOUND_MB} MB",
            _fmt(peak, "{:.0f} MB"),
            _verdict(peak, PEAK_BOUND_MB),
        )
    )
    for key, bound in (
        ("real (ja)", PAIR_MS),
        ("real (en)", PAIR_MS),
        ("10x (ja)", LONG_PAIR_MS),
        ("10x (en)", LONG_PAIR_MS),
    ):
        figure = diffs.get(key)
        name = "the INPRO policy" if key.startswith("real") else "the INPRO policy ten times longer"
        rows.append(
            (
                f"diff per pair, {name} {key[-4:]}",
                f"<= {bound:g} ms",
                _fmt(figure, "{:.2f} ms"),
                _verdict(figure, bound),
            )
        )
    for r in real.get("corpora", []):
        rows.append(
            (
                f"{r['corpus']}: build / plain",
                f"<= {PLAIN_BOUND}",
                f"{r['ratio']:.2f}",
                _verdict(r["ratio"], PLAIN_BOUND),
            )
        )
        page = r["largest_diff_page"]
        rows.append(
            (
                f"{r['corpus']}: largest page of changes (`{page['path']}`)",
                f"<= {DIFF_PAGE_KB} KB",
                f"{page['kb']:.0f} KB",
                _verdict(page["kb"], DIFF_PAGE_KB),
            )
        )
        longest = r["diff"]["longest"]
        rows.append(
            (
                f"diff of {r['corpus']}'s longest pair ({longest['pair']})",
                f"<= {LONG_PAIR_MS:g} ms",
                f"{longest['ms']:.2f} ms",
                _verdict(longest["ms"], LONG_PAIR_MS),
            )
        )
        for s in r["search"]:
            rows.append(
                (
                    f"{r['corpus']} search index ({s['lang']}) / current text",
                    "<= 2x",
                    f"{s['ratio']:.2f}x ({s['index_kb']:.0f} / {s['text_kb']:.0f} KB)",
                    _verdict(s["ratio"], 2.0),
                )
            )
    reload_s = preview.get("reloaded_s")
    rows.append(
        (
            "mkdocs serve, N=10: draft saved → page reloaded",
            "<= 1 s",
            _fmt(reload_s, "{:.2f} s"),
            _verdict(reload_s, 1.0),
        )
    )
    same = preview.get("served_vs_build")
    rows.append(
        (
            "mkdocs serve, N=10: served site = full build (reload script, preview CSP and problem note aside)",
            "all pages",
            f"{same['pages'] - len(same['differing'])} of {same['pages']}" if same else "-",
            ("pass" if not same["differing"] else "FAIL") if same else "not run",
        )
    )
    if serve:
        rows.append(
            (
                f"mkdocs serve, N={SERVE_VERSIONS}: rebuild < full build",
                f"< {serve['full_build_s']:.2f} s",
                f"{serve['serve rebuild']:.2f} s",
                _verdict(serve["serve rebuild"], serve["full_build_s"], at_most=False),
            )
        )
    else:
        rows.append(
            (f"mkdocs serve, N={SERVE_VERSIONS}: rebuild < full build", "< full build", "-", "not run")
        )
    return rows


def _fmt(figure: float | None, spec: str) -> str:
    return "-" if figure is None else spec.format(figure)


def machine_line() -> str:
    """`uname -m`, `nproc`, the CPU model, and the load averages now."""
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    return f"{platform.machine()}, nproc {len(os.sched_getaffinity(0))}, {cpu}, {platform.python_implementation()} {platform.python_version()}"


def load() -> str:
    return "load average " + ", ".join(f"{x:.2f}" for x in os.getloadavg())


def targets_table(rows: list[tuple[str, ...]]) -> str:
    lines = ["| target | bound | figure | result |", "|---|---|---|---|"]
    return "\n".join(lines + [f"| {' | '.join(row)} |" for row in rows])


def _cases(args: argparse.Namespace) -> list[tuple[int, int]]:
    if args.cases:
        return [tuple(map(int, c.split("x"))) for c in args.cases.split(",")]
    return [(int(v), int(lang)) for lang in args.languages.split(",") for v in args.versions.split(",") if v]


def main() -> None:
    # bench_real and bench_preview build on this module's project and measures.
    import bench_preview
    import bench_real

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--versions", default="10,50,200,500", help="numbers of versions, comma-separated")
    parser.add_argument("--languages", default="2,5", help="2 (ja, en) and/or 5 (ja, en, de, fr, ko)")
    parser.add_argument("--cases", help="synthetic cases instead, NxL comma-separated: 10x2,10x5,500x5")
    parser.add_argument("--corpora", default=",".join(bench_real.CORPORA), help="real corpora; '' for none")
    parser.add_argument("--runs", type=int, default=3, help="runs per measure; medians are shown")
    parser.add_argument("--json", type=Path, default=Path(tempfile.gettempdir()) / "bench_build.json")
    parser.add_argument("--no-serve", action="store_true", help="skip the mkdocs serve measures")
    parser.add_argument("--profile", type=Path, help="write a pyinstrument profile of each build here")
    args = parser.parse_args()
    print(f"machine: {machine_line()}; {load()}; medians of {args.runs} runs", flush=True)
    header = (
        f"{'N':>4} {'langs':>5} {'pages':>6} {'build s':>8} {'plain s':>8} {'ratio':>6} {'own s':>6} "
        f"{'peak MB':>8} {'index KB':>9} {'page KB':>8} {'visit KB':>9} {'gzip KB':>8}  load after"
    )
    print(header, flush=True)
    results = []
    for versions, languages in _cases(args):
        r = case(versions, languages, args.runs, args.profile)
        r["load"] = os.getloadavg()
        results.append(r)
        print(
            f"{r['versions']:>4} {r['languages']:>5} {r['pages']:>6} {r['build_s']:>8.2f} "
            f"{r['plain_s']:>8.2f} {r['ratio']:>6.2f} {r['own_s']:>6.2f} {r['peak_mb']:>8.0f} "
            f"{r['search_index_kb']:>9.1f} {r['current_html_kb']:>8.1f} {r['first_visit_kb']:>9.1f} "
            f"{r['first_visit_gzip_kb']:>8.1f}  {load()}",
            flush=True,
        )
    diffs = diff_costs()
    print("diff per version pair, ms: " + ", ".join(f"{k} {v:.2f}" for k, v in diffs.items()), flush=True)
    real: dict = {}
    if args.corpora:
        with tempfile.TemporaryDirectory(prefix="bench-real-") as tmp:
            real = bench_real.run(args.corpora.split(","), args.runs, Path(tmp))
        print(f"\nreal corpora ({load()}); the five-language case is mozilla's own five languages:")
        print(bench_real.report(real["corpora"]))
        print()
        print(bench_real.profile_report(real["profiled"], real["profile"]), flush=True)
    serve, preview = {}, {}
    if not args.no_serve:
        preview = bench_preview.measure(10)
        print(f"\n{bench_preview.report(preview)} ({load()})", flush=True)
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
    rows = targets(results, diffs, real, preview, serve)
    print(f"\ntargets, on {machine_line()}; {load()}:\n")
    print(targets_table(rows))
    args.json.write_text(
        json.dumps(
            {
                "machine": machine(),
                "runs": args.runs,
                "cases": results,
                "diff_ms": diffs,
                "real": real,
                "preview": preview,
                "serve": serve,
                "targets": rows,
            },
            indent=2,
            ensure_ascii=False,
        )
        + "\n"
    )
    print(f"written: {args.json}")


if __name__ == "__main__":
    main()
