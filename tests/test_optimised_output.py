"""A long history, built and diffed, against recorded hashes: optimisations change no output.

tests/test_output_unchanged.py covers every page type on a small site. This covers what only a
long history exercises, where the performance work lies: 61 versions in Japanese and English,
made by the build benchmark's generator (tests/tools/bench_build.py: phrases edited, paragraphs
and articles inserted and removed, articles renumbered), every changes and compare page, and
the data of every diff the site shows, plus the benchmark's ten-times-longer pair
(tests/tools/bench_diff.py).

`tests/golden/optimised-output.json` holds the SHA-256 of every built file and of each diff's
data (its repr). It was first recorded with the generator as it was before the performance work
(commit 21fb26b). When output changes on purpose (a template, a message, the
Content-Security-Policy every page carries, a change to the benchmark's generator), record it
again and review which entries changed in the manifest's diff:

    UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_optimised_output.py
"""

from __future__ import annotations

import hashlib
import json
import os
import sys

from conftest import ROOT, mkdocs_build

sys.path.insert(0, str(ROOT / "tests" / "tools"))
import bench_build  # noqa: E402
import bench_diff  # noqa: E402

from policy_site.diff import diff_documents  # noqa: E402
from policy_site.parse import parse_body, split_front_matter  # noqa: E402

MANIFEST = ROOT / "tests" / "golden" / "optimised-output.json"
VERSIONS = 61  # an article inserted at the 40th version and removed at the 60th
DAY = {"SOURCE_DATE_EPOCH": bench_build.TODAY}


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _diffs(project) -> dict[str, str]:
    """The hash of every diff the site shows (each version against the one before, and against
    the current one), and of the long pair's, per language."""
    hashes = {}
    for lang in ("ja", "en"):
        files = sorted((project / "docs" / "privacy" / "versions").glob(f"*.{lang}.md"))
        documents = [parse_body(str(f), split_front_matter(f.read_text("utf-8"))[1])[0] for f in files]
        for previous, file, document in zip(documents, files[1:], documents[1:], strict=False):
            hashes[f"diff/{lang}/changes/{file.name}"] = _sha256(
                repr(diff_documents(previous, document, lang)).encode()
            )
        for file, document in zip(files[:-1], documents[:-1], strict=True):
            hashes[f"diff/{lang}/compare/{file.name}"] = _sha256(
                repr(diff_documents(document, documents[-1], lang)).encode()
            )
        long = bench_diff.longer(bench_diff.body(lang), 10, lang)
        old, new = (parse_body("x", text)[0] for text in (long, bench_diff.amend(long, lang)))
        hashes[f"diff/{lang}/ten-times-longer"] = _sha256(repr(diff_documents(old, new, lang)).encode())
    return hashes


def test_a_long_history_builds_and_diffs_as_recorded(tmp_path):
    project = bench_build.make_project(tmp_path / "project", VERSIONS, bench_build.LANGUAGES[2])
    build = mkdocs_build(project, DAY)
    assert build.returncode == 0, build.output
    manifest = {
        f"site/{p.relative_to(build.site).as_posix()}": _sha256(p.read_bytes())
        for p in sorted(build.site.rglob("*"))
        if p.is_file()
    }
    assert "site/privacy/versions/2003-04-15/changes/index.html" in manifest  # the article removed
    manifest |= _diffs(project)
    if os.environ.get("UPDATE_GOLDEN"):
        MANIFEST.write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n", "utf-8")
    recorded = json.loads(MANIFEST.read_text("utf-8"))
    changed = sorted(k for k in recorded.keys() | manifest.keys() if recorded.get(k) != manifest.get(k))
    assert not changed, (
        f"{len(changed)} of {len(manifest)} outputs differ from the recorded ones: {changed[:10]}"
    )
