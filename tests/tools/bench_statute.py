"""Benchmark: a long Japanese text drafted like a statute, and a small amendment of it.

    .venv/bin/python tests/tools/bench_statute.py [--chars 70000] [--runs 3]

The text is grown from the statute fixture's enactment (tests/fixtures/statute): its 章 and
articles repeated, numbered on, until the main text has `--chars` characters, with the fixture's
附則 and 別表 after it. The amendment changes one word in nine articles spread over the text (as
拘禁刑 replaced 懲役 and 禁錮 in nine articles of a real statute). Both versions are recorded with
`policy import`, checked and built with `mkdocs build --strict`, as an adopter would. Prints,
with medians over --runs runs: the text's size, the build time, the time to diff the pair, and
the size of the amendment's 新旧対照表 (changes page) against the bound of 60 KB, with the
compare page beside it.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "tests" / "tools"))

from bench_build import machine  # noqa: E402
from bench_corpus import _run, timed_build  # noqa: E402

from policy_site.body import parse_body  # noqa: E402
from policy_site.diff import diff_documents  # noqa: E402
from policy_site.numbering import kanji_numeral  # noqa: E402
from policy_site.parse import split_front_matter  # noqa: E402

STATUTE = ROOT / "tests" / "fixtures" / "statute"
ENACTMENT = STATUTE / "docs" / "terms" / "versions" / "2020-04-01.ja.md"
BIN = ROOT / ".venv" / "bin"
BOUND = 60 * 1024
EDITS = 9
FRONT = "---\neffective: {day}\nkind: {kind}\nsummary: {summary}\n---\n\n"


ARTICLE = re.compile(r"^(#+) 第[0-9一二三四五六七八九十]+条(?:の[0-9一二三四五六七八九十]+)?（(.+)）$", re.M)


def long_statute(chars: int) -> str:
    """The enactment's 章 and their articles over and over, articles numbered on and captions
    kept distinct (（目的その二）), until the main text has `chars` characters; then the
    enactment's 附則 and 別表."""
    body = split_front_matter(ENACTMENT.read_text("utf-8"))[1]
    main, _, tail = body.partition("\n## 附則")
    preamble, _, chapters = main.partition("\n## 第1章")
    chapters = re.split(r"\n(?=## 第.+章　)", "## 第1章" + chapters)
    parts, articles, chapter_count, round_ = [preamble.strip()], 0, 0, 0
    while sum(map(len, parts)) < chars:
        round_ += 1
        suffix = "" if round_ == 1 else f"その{kanji_numeral(round_)}"
        for chapter in chapters:
            heading, _, text = chapter.partition("\n")
            chapter_count += 1
            parts.append(f"## 第{chapter_count}章　{heading.split('　', 1)[1]}{suffix and f'（{suffix}）'}")
            pieces = ARTICLE.split(text)  # text, (marks, caption, text)...
            out = [pieces[0]]
            for marks, caption, rest in zip(pieces[1::3], pieces[2::3], pieces[3::3], strict=True):
                articles += 1
                out.append(f"{marks} 第{articles}条（{caption}{suffix}）{rest}")
            parts.append("".join(out).strip())
    return "\n\n".join(parts) + "\n\n## 附則" + tail


def amend(text: str) -> tuple[str, list[str]]:
    """One word changed in nine articles spread evenly over the text; their headings."""
    document, problems = parse_body("long.md", text)
    assert not problems, problems
    articles = [s for s in document.sections if s.number is not None and not s.key.startswith("supp")]
    candidates = [s for s in articles if any("利用者" in b.text for b in s.blocks)]
    chosen = [candidates[i * len(candidates) // EDITS] for i in range(EDITS)]
    lines = text.split("\n")
    for section in chosen:
        block = next(b for b in section.blocks if "利用者" in b.text)
        at = block.line - 1
        assert "利用者" in lines[at], (section.heading, lines[at])
        lines[at] = lines[at].replace("利用者", "登録利用者", 1)
    return "\n".join(lines), [s.heading for s in chosen]


def project(folder: Path, chars: int) -> tuple[Path, dict]:
    shutil.copytree(STATUTE, folder)
    config = folder / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8").replace(
            "custom_dir: ../../../overrides", f"custom_dir: {ROOT / 'overrides'}"
        ),
        "utf-8",
    )
    versions = folder / "docs" / "terms" / "versions"
    shutil.rmtree(versions)
    versions.mkdir()
    old = long_statute(chars)
    new, edited = amend(old)
    (versions / "2020-04-01.ja.md").write_text(
        FRONT.format(day="2020-04-01", kind="enactment", summary="制定しました。") + old, "utf-8"
    )
    (versions / "2025-06-01.ja.md").write_text(
        FRONT.format(day="2025-06-01", kind="amendment", summary="九つの条の用語を改めました。") + new,
        "utf-8",
    )
    for step in (["import", "terms"], ["check"]):
        result = _run([str(BIN / "policy"), *step], folder)
        if result.returncode:
            raise SystemExit(result.stdout + result.stderr)
    document, _ = parse_body("long.md", old)
    info = {
        "chars": len(old),
        "articles": sum(1 for s in document.sections if s.number is not None),
        "sections": len(document.sections),
        "edited": edited,
        "old": old,
        "new": new,
    }
    return folder, info


def diff_time(old: str, new: str, runs: int) -> float:
    def parsed(text: str):
        return parse_body("long.md", text)[0]

    a, b = parsed(old), parsed(new)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        diff_documents(a, b, "ja")
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, default=70_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        folder, info = project(Path(work) / "statute", args.chars)
        site = folder / "site"
        build = statistics.median(timed_build(folder, site, "--strict") for _ in range(args.runs))
        diff = diff_time(info["old"], info["new"], max(args.runs, 5))
        changes = site / "terms" / "versions" / "2025-06-01" / "changes" / "index.html"
        compare = site / "terms" / "versions" / "2020-04-01" / "compare" / "index.html"
        page = changes.read_text("utf-8")
        marked = page.count('class="policy-taisho__section policy-taisho__section--changed"')
        print(f"machine: {machine()}")
        print(
            f"text: {info['chars']:,} characters, {info['articles']} articles, "
            f"{info['sections']} sections; amendment: one word in {EDITS} articles"
        )
        print(
            f"build (2 versions, mkdocs build --strict): {build:.2f} s   diff of the pair: {diff * 1000:.1f} ms"
        )
        size = changes.stat().st_size
        verdict = "within" if size <= BOUND else "OVER"
        print(
            f"changes page: {size:,} bytes ({size / 1024:.1f} KB), {verdict} the 60 KB bound; {marked} articles marked"
        )
        if compare.exists():
            print(f"compare page (2020-04-01 → current): {compare.stat().st_size:,} bytes")
        print(
            f"version page: {(site / 'terms' / 'versions' / '2025-06-01' / 'index.html').stat().st_size:,} bytes"
        )


if __name__ == "__main__":
    main()
