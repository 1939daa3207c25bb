"""Fuzz the front matter and Markdown parsers, coverage-guided, for a bounded time (atheris).

    .venv/bin/python tests/tools/fuzz.py [--seconds 60] [--corpus DIR]

Each input is read as a version file, from bytes as a file holds them: decoded (or refused as
not UTF-8), its front matter and body parsed, its markup checked, rendered to Markdown and
written back as source, and diffed against the real policy and against itself. Any exception
is a crash: libFuzzer stops, prints the traceback and saves the input as `crash-<sha1>` in the
current folder. Every crash found becomes a test in tests/test_fuzz_regressions.py. The corpus
starts from this repository's policy texts and the bad-input fixtures.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from policy_site.check import check_markup
    from policy_site.diff import diff_documents
    from policy_site.parse import parse_body
    from policy_site.render import document_html
    from policy_site.sources import read_text

ROOT = Path(__file__).resolve().parents[2]
REAL = ROOT / "docs" / "privacy" / "versions" / "2019-07-01.ja.md"
FOLDER = Path(tempfile.mkdtemp())
FILE = FOLDER / "2020-01-01.ja.md"
_real = None


def one_input(data: bytes) -> None:
    """What the build does with one version file, minus MkDocs."""
    global _real
    if _real is None:
        _real = read_text(REAL, "real.md", "ja")[0].document
    FILE.write_bytes(data)
    text, problems = read_text(FILE, "x.md", "ja")
    for problem in problems:
        assert problem.line >= 1 and problem.message, problem
    document = text.document if text else parse_body("x.md", data.decode("utf-8", "replace"))[0]
    if text is not None:
        check_markup(text)
    document_html(document)
    again = parse_body("x.md", data.decode("utf-8", "replace") + "\n\nEnd.\n")[0]
    diff_documents(_real, document, "ja")
    diff_documents(document, again, "en")


def seeds(corpus: Path) -> None:
    corpus.mkdir(parents=True, exist_ok=True)
    sources = list((ROOT / "docs").rglob("*.md")) + list((ROOT / "tests" / "fixtures").rglob("*.md"))
    for n, path in enumerate(sources):
        (corpus / f"seed-{n}").write_bytes(path.read_bytes()[:4000])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=60, help="how long to fuzz")
    parser.add_argument(
        "--corpus", type=Path, default=Path(tempfile.mkdtemp()), help="inputs kept between runs"
    )
    args, rest = parser.parse_known_args()
    seeds(args.corpus)
    argv = [
        sys.argv[0],
        str(args.corpus),
        f"-max_total_time={args.seconds}",
        "-max_len=4096",
        "-print_final_stats=1",
        *rest,
    ]
    atheris.Setup(argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
