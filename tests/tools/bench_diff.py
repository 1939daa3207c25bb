"""Benchmark: time to diff one pair of versions, on the real policy and on one 10 times longer.

    .venv/bin/python tests/tools/bench_diff.py [--runs 50]

The amendment is scripted: a few words changed in three paragraphs, one article inserted in the
middle (so later articles renumber), one paragraph removed. Prints a table of medians.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import time
from pathlib import Path

from policy_site.align import shingles, similarity
from policy_site.diff import diff_documents
from policy_site.parse import parse_body, split_front_matter
from policy_site.textdiff import diff_normalised, normalise

ROOT = Path(__file__).resolve().parents[2]
VERSIONS = ROOT / "docs" / "privacy" / "versions"
INSERTED = {
    "ja": "## 第{n}条（新設条項）\n\n当社は、個人情報の取扱いに関する苦情に適切かつ迅速に対応します。\n\n",
    "en": "## Article {n} (New Article)\n\nWe handle complaints about personal information promptly and properly.\n\n",
}


def body(lang: str) -> str:
    return split_front_matter((VERSIONS / f"2019-07-01.{lang}.md").read_text("utf-8"))[1]


def longer(text: str, times: int, lang: str) -> str:
    """The policy's articles repeated `times` times, renumbered 1..N."""
    document, _ = parse_body("x", text)
    heading = "## 第{n}条（{t}）" if lang == "ja" else "## Article {n} ({t})"
    parts = ["\n\n".join(b.text for b in document.preamble)]
    n = 0
    for _ in range(times):
        for section in document.sections:
            n += 1
            parts.append(heading.format(n=n, t=section.title))
            parts += [b.text for b in section.blocks]
    return "\n\n".join(parts) + "\n"


def amend(text: str, lang: str) -> str:
    """Three edited paragraphs, one article inserted in the middle, one paragraph removed."""
    document, _ = parse_body("x", text)
    sections = document.sections
    middle = len(sections) // 2
    lines = text.split("\n")
    edits = []
    for section in (sections[1], sections[middle], sections[-2]):
        block = max(section.blocks, key=lambda b: len(b.body))
        edits.append(block.line - 1)
    for i in edits:
        lines[i] = (
            lines[i].replace("、", "、適切に", 1) if lang == "ja" else lines[i].replace(" the ", " each ", 1)
        )
    removed = sections[3].blocks[-1].line - 1
    lines[removed] = ""
    insert_at = sections[middle].line - 1
    lines.insert(insert_at, INSERTED[lang].format(n=sections[middle].number))
    return "\n".join(lines)


def measure(old_text: str, new_text: str, lang: str, runs: int) -> tuple[float, int]:
    old, _ = parse_body("old", old_text)
    new, _ = parse_body("new", new_text)
    times = []
    for _ in range(runs):
        normalise.cache_clear()  # measure a cold diff, as a fresh build does
        for cache in (shingles, similarity, diff_normalised):
            cache.cache_clear()
        start = time.perf_counter()
        diff_documents(old, new, lang)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000, len(old_text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {platform.python_implementation()} {platform.python_version()}")
    print(f"{'text':<28} {'chars':>8} {'ms per pair':>12}")
    for lang in ("ja", "en"):
        real = body(lang)
        for name, text in ((f"real policy ({lang})", real), (f"10x longer ({lang})", longer(real, 10, lang))):
            ms, chars = measure(
                text, amend(text, lang), lang, args.runs if "real" in name else max(5, args.runs // 5)
            )
            print(f"{name:<28} {chars:>8} {ms:>12.2f}")


if __name__ == "__main__":
    main()
