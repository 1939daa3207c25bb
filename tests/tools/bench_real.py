"""Benchmark: the real-world fixture corpora, built with the generator and as plain MkDocs pages.

    .venv/bin/python tests/tools/bench_real.py [--corpora github,statute,mozilla] [--runs 3]

bench_build.py runs this too (its --corpora). Each corpus is a site as its adopters have it: the
English GitHub Privacy Statement (tests/fixtures/corpus/github, 17 versions), the Japanese terms
drafted like a statute (tests/fixtures/statute, as tests/test_statute.py builds it), and the
Firefox Privacy Notice in five languages (tests/fixtures/corpus/mozilla: en, ja, de, fr, zh, so
it is also the five-language case; `catalogue` can be added). Each is copied, imported, checked
and built as the tests do (SOURCE_DATE_EPOCH as they set it). Then:

- `build` and `plain` alternate, --runs times each: `mkdocs build` as a command with the
  generator, and without it a site of the same pages (every page of the generator's site, its
  content area as built written as a static Markdown page, bench_build.write_plain_pages) with
  the corpus's own mkdocs.yml less the generator's plugin, templates and assets. Medians, their
  ratio, and each build's peak memory (the child's own ru_maxrss, from wait4);
- `own`: the time in the policy plugin's events in one in-process build, beside build - plain;
- the largest page (path, KB);
- each language's search index (search/search_index.json in that language's folder) against the
  language's current policy text as plain text (its Markdown rendered, tags dropped): at most 2x;
- the diff of the corpus's longest pair of consecutive versions (the two texts with the most
  characters together), cold as a fresh build diffs it, median of 20: at most 20 ms; and the
  slowest pair found by diffing every consecutive pair once.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import os
import pstats
import re
import statistics
import sys
import tempfile
from pathlib import Path

import markdown
import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "tests" / "tools"))

import bench_diff  # noqa: E402
from bench_build import machine, measured_build, own_time, write_plain_pages  # noqa: E402

import test_statute  # noqa: E402
from corpus import EPOCH, SITES, import_and_build  # noqa: E402
from policy_site.parse import split_front_matter  # noqa: E402

CORPORA = ("github", "statute", "mozilla")
POLICIES = {**SITES, "statute": test_statute.POLICY}
INDEX_BOUND = 2.0  # search index at most twice the current text, per language
PAIR_BOUND_MS = 20.0
BUILD_DAY = dt.datetime.fromtimestamp(int(EPOCH["SOURCE_DATE_EPOCH"]), dt.UTC).date()
_BLOCK = re.compile(
    r"</?(?:p|h[1-6]|li|ul|ol|table|thead|tbody|tr|td|th|div|blockquote|pre|dl|dt|dd|br|hr)\b[^>]*>"
)


def env() -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", **EPOCH}


def prepare(name: str, dest: Path) -> tuple[Path, str]:
    """The corpus imported, checked and built as its tests do; and how it was made."""
    if name == "statute":
        built, how = test_statute.import_and_build(dest / "as-written"), "as written"
        if built.failure():
            # 「第N条から第M条まで　削除」 is refused by the check; the tests build the rest this way.
            built = test_statute.import_and_build(dest / "split", split_ranges=True)
            how = "ranges of deleted articles written one per article (the check refuses them as written)"
    else:
        built, how = import_and_build(name, dest / name), "as written"
    if built.failure():
        raise SystemExit(f"{name}: {built.failure()}")
    return built.project, how


def languages(project: Path) -> list[str]:
    """The site's languages, the default first."""
    config = yaml.load((project / "mkdocs.yml").read_text("utf-8"), Loader=yaml.Loader)
    i18n = next(p["i18n"] for p in config["plugins"] if isinstance(p, dict) and "i18n" in p)
    locales = [lang["locale"] for lang in i18n["languages"] if lang.get("build", True)]
    default = next(lang["locale"] for lang in i18n["languages"] if lang.get("default"))
    return [default] + [lang for lang in locales if lang != default]


def make_plain(project: Path, site: Path, folder: Path, langs: list[str]) -> Path:
    """The built site's pages as static Markdown, under the corpus's mkdocs.yml without the
    generator: its plugin (the last one), its templates (they call its filters) and assets."""
    folder.mkdir(parents=True)
    text = (project / "mkdocs.yml").read_text("utf-8")
    text = text[: text.index("  - policy:\n")]
    text = re.sub(r"\n *custom_dir: .*", "", text)
    text = re.sub(r"\nextra_(css|javascript):\n(  - .*\n)+", "\n", text)
    # Every page is written out in its own language: none is to be copied into another.
    text = text.replace("fallback_to_default: true", "fallback_to_default: false")
    (folder / "mkdocs.yml").write_text(text, "utf-8")
    write_plain_pages(site, folder / "docs", langs)
    return folder


def plain_text(body: str) -> str:
    """A policy text as a reader has it: its Markdown rendered, tags dropped, blocks on lines."""
    rendered = markdown.markdown(body, extensions=["attr_list", "md_in_html", "tables"])
    text = html.unescape(re.sub(r"<[^>]+>", "", _BLOCK.sub("\n", rendered)))
    return re.sub(r"\s*\n\s*", "\n", re.sub(r"[ \t]+", " ", text)).strip()


def versions(project: Path, policy: str, lang: str) -> list[Path]:
    """The language's version files in effect on the build day, oldest first."""
    files = sorted((project / "docs" / policy / "versions").glob(f"*.{lang}.md"))
    return [f for f in files if dt.date.fromisoformat(f.name.split(".")[0]) <= BUILD_DAY]


def _body(file: Path) -> str:
    return split_front_matter(file.read_text("utf-8"))[1]


def search_indexes(project: Path, site: Path, policy: str, langs: list[str]) -> list[dict]:
    rows = []
    for lang in langs:
        index = site / ("" if lang == langs[0] else lang) / "search" / "search_index.json"
        current = versions(project, policy, lang)[-1]
        text = len(plain_text(_body(current)).encode("utf-8"))
        size = index.stat().st_size
        rows.append(
            {
                "lang": lang,
                "index_kb": size / 1024,
                "current": current.name,
                "text_kb": text / 1024,
                "ratio": size / text,
                "entries": len(json.loads(index.read_text("utf-8"))["docs"]),
            }
        )
    return rows


def pair_costs(project: Path, policy: str, langs: list[str]) -> dict:
    """The longest consecutive pair's diff (median of 20, cold) and the slowest pair's."""
    pairs = []
    for lang in langs:
        files = versions(project, policy, lang)
        pairs += [(lang, a, b) for a, b in zip(files, files[1:], strict=False)]
    if not pairs:
        return {}
    texts = {f: _body(f) for _, a, b in pairs for f in (a, b)}
    lang, a, b = max(pairs, key=lambda p: len(texts[p[1]]) + len(texts[p[2]]))
    longest = bench_diff.measure(texts[a], texts[b], lang, 20)[0]
    once = [(bench_diff.measure(texts[x], texts[y], code, 1)[0], code, x, y) for code, x, y in pairs]
    _, slow_lang, x, y = max(once)
    slowest = bench_diff.measure(texts[x], texts[y], slow_lang, 20)[0]
    return {
        "pairs": len(pairs),
        "longest": {"pair": f"{a.name} → {b.name}", "chars": len(texts[a]) + len(texts[b]), "ms": longest},
        "slowest": {"pair": f"{x.name} → {y.name}", "chars": len(texts[x]) + len(texts[y]), "ms": slowest},
    }


DIFF_FOLDERS = {"changes", "compare", "updates", "side-by-side"}


def largest_page(site: Path, diffs_only: bool = False) -> tuple[str, float]:
    """The largest page, or with `diffs_only` the largest page of changes (a revision's changes,
    a compare page, an update's changes, or the side-by-side view of one)."""
    pages = [
        f for f in site.rglob("*.html") if not diffs_only or DIFF_FOLDERS & set(f.relative_to(site).parts)
    ]
    page = max(pages, key=lambda f: f.stat().st_size)
    return page.relative_to(site).as_posix(), page.stat().st_size / 1024


def measure(name: str, runs: int, work: Path) -> dict:
    project, how = prepare(name, work / name)
    policy, langs, environ = POLICIES[name], languages(project), env()
    sites = work / f"{name}-sites"
    generated = [measured_build(project, sites / "gen0", environ)]
    plain = make_plain(project, sites / "gen0", work / f"{name}-plain", langs)
    plained = []
    for r in range(runs):
        plained.append(measured_build(plain, sites / f"plain{r}", environ))
        if r + 1 < runs:
            generated.append(measured_build(project, sites / f"gen{r + 1}", environ))
    site = sites / "gen0"
    pages, plain_pages = (sum(1 for _ in s.rglob("index.html")) for s in (site, sites / "plain0"))
    if pages != plain_pages:
        raise SystemExit(f"{name}: the plain site has {plain_pages} pages, the generator's {pages}")
    build_s, plain_s = statistics.median(g[0] for g in generated), statistics.median(p[0] for p in plained)
    own = own_time(project, work / f"{name}-own", env=environ)
    path, kb = largest_page(site)
    diff_path, diff_kb = largest_page(site, diffs_only=True)
    return {
        "corpus": name,
        "made": how,
        "languages": langs,
        "versions": sum(len(versions(project, policy, lang)) for lang in langs),
        "pages": pages,
        "build_s": build_s,
        "builds_s": [g[0] for g in generated],
        "plain_s": plain_s,
        "plains_s": [p[0] for p in plained],
        "ratio": build_s / plain_s,
        "own_s": own["own"],
        "own_by_event_s": own["events"],
        "build_minus_plain_s": build_s - plain_s,
        "peak_mb": max(g[1] for g in generated) / 2**20,
        "plain_peak_mb": max(p[1] for p in plained) / 2**20,
        "largest_page": {"path": path, "kb": kb},
        "largest_diff_page": {"path": diff_path, "kb": diff_kb},
        "search": search_indexes(project, site, policy, langs),
        "diff": pair_costs(project, policy, langs),
        "project": str(project),
    }


def profile_top(project: Path, work: Path, top: int = 20) -> list[dict]:
    """cProfile of one in-process generator build: the policy_site functions by cumulative time."""
    work.mkdir(parents=True, exist_ok=True)
    into = work / "build.pstats"
    own_time(project, work / "profiled-site", profile=into, env=env())
    stats = pstats.Stats(str(into)).stats
    rows = [
        {
            "function": f"{Path(file).relative_to(ROOT / 'scripts').as_posix()}:{line}({func})",
            "calls": calls,
            "tottime_s": tottime,
            "cumtime_s": cumtime,
        }
        for (file, line, func), (_, calls, tottime, cumtime, _) in stats.items()
        if "policy_site" in file and Path(file).is_relative_to(ROOT / "scripts")
    ]
    return sorted(rows, key=lambda r: -r["cumtime_s"])[:top]


def report(results: list[dict]) -> str:
    lines = [
        "| corpus | languages | versions | pages | build s | plain s | ratio | own s | build-plain s "
        "| peak MB | plain peak MB | largest page | largest page of changes | longest pair | slowest pair |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        d = r["diff"]
        lines.append(
            f"| {r['corpus']} | {', '.join(r['languages'])} | {r['versions']} | {r['pages']} "
            f"| {r['build_s']:.2f} | {r['plain_s']:.2f} | {r['ratio']:.2f} | {r['own_s']:.2f} "
            f"| {r['build_minus_plain_s']:.2f} | {r['peak_mb']:.0f} | {r['plain_peak_mb']:.0f} "
            f"| `{r['largest_page']['path']}` {r['largest_page']['kb']:.0f} KB "
            f"| `{r['largest_diff_page']['path']}` {r['largest_diff_page']['kb']:.0f} KB "
            f"| {d['longest']['ms']:.1f} ms ({d['longest']['pair']}, {d['longest']['chars']:,} chars) "
            f"| {d['slowest']['ms']:.1f} ms ({d['slowest']['pair']}) |"
        )
    lines += [
        "",
        "| corpus | language | search index KB | current text | text KB | index/text |",
        "|---|---|---|---|---|---|",
    ]
    for r in results:
        for s in r["search"]:
            lines.append(
                f"| {r['corpus']} | {s['lang']} | {s['index_kb']:.1f} | {s['current']} "
                f"| {s['text_kb']:.1f} | {s['ratio']:.2f} |"
            )
    made = [f"{r['corpus']}: {r['made']}" for r in results if r["made"] != "as written"]
    return "\n".join(lines + ([""] + made if made else []))


def profile_report(name: str, rows: list[dict]) -> str:
    lines = [
        f"cProfile of one generator build of {name}: policy_site functions by cumulative time",
        "",
        "| cumtime s | tottime s | calls | function |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| {r['cumtime_s']:.3f} | {r['tottime_s']:.3f} | {r['calls']} | `{r['function']}` |" for r in rows
    ]
    return "\n".join(lines)


def run(corpora: list[str], runs: int, work: Path) -> dict:
    """Every corpus measured, and the slowest one's generator build profiled."""
    results = []
    for name in corpora:
        results.append(measure(name, runs, work))
        print(f"corpus {name}: built, {results[-1]['build_s']:.2f} s", flush=True)
    slowest = max(results, key=lambda r: r["build_s"])
    profile = profile_top(Path(slowest["project"]), work / "profile")
    return {"corpora": results, "profiled": slowest["corpus"], "profile": profile}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", default=",".join(CORPORA))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    print(f"machine: {machine()}", flush=True)
    with tempfile.TemporaryDirectory(prefix="bench-real-") as tmp:
        measured = run(args.corpora.split(","), args.runs, Path(tmp))
    print(report(measured["corpora"]))
    print()
    print(profile_report(measured["profiled"], measured["profile"]))
    if args.json:
        args.json.write_text(json.dumps(measured, indent=2, ensure_ascii=False) + "\n", "utf-8")


if __name__ == "__main__":
    main()
