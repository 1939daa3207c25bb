"""A catalogue of bad inputs, one fixture each in tests/fixtures/bad/.

Each one, applied to the small fixture site, must give `path:line: message` naming what is
wrong and how to fix it, from both `policy check` and `mkdocs build --strict`; exit status 1;
no traceback; and leave every source file as it was.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES, mkdocs_build, policy_cli, write_project

CASES = sorted((FIXTURES / "bad").glob("*.yml"))
TODAY = {"SOURCE_DATE_EPOCH": "1780000000"}  # 2026-05-29 in Japan


def _apply(project: Path, case: dict) -> None:
    for src, dst in (case.get("copy") or {}).items():
        (project / dst).write_bytes((project / src).read_bytes())
    for path, content in (case.get("write") or {}).items():
        (project / path).write_text(content, "utf-8")
    for path, (old, new) in (case.get("edit") or {}).items():
        text = (project / path).read_text("utf-8")
        assert old in text, f"fixture out of date: {old!r} not in {path}"
        (project / path).write_text(text.replace(old, new, 1), "utf-8")
    for path, encoding in (case.get("encode") or {}).items():
        (project / path).write_bytes((project / path).read_text("utf-8").encode(encoding))


def _snapshot(project: Path) -> dict:
    return {
        p: hashlib.sha256(p.read_bytes()).hexdigest() for p in (project / "docs").rglob("*") if p.is_file()
    }


def test_the_catalogue_is_large_enough():
    assert len(CASES) >= 30


@pytest.mark.parametrize("fixture", CASES, ids=lambda p: p.stem)
def test_bad_input_is_reported_where_it_is(tmp_path, fixture):
    case = yaml.safe_load(fixture.read_text("utf-8"))
    write_project(tmp_path, FIXTURES / "small" / "docs")
    _apply(tmp_path, case)
    before = _snapshot(tmp_path)
    check = policy_cli(tmp_path, "check", env=TODAY)
    assert check.returncode == 1, check.stdout
    assert case["expect"] in check.stderr, check.stderr
    assert "Traceback" not in check.stderr
    build = mkdocs_build(tmp_path, TODAY)
    assert build.returncode == 1
    assert case["expect"] in build.output, build.output
    assert "Traceback" not in build.output
    assert not (build.site / "index.html").exists()  # nothing half-built is left
    assert _snapshot(tmp_path) == before


@pytest.mark.parametrize(
    "name, transform",
    [
        ("byte order mark", lambda b: b"\xef\xbb\xbf" + b),
        ("CRLF line endings", lambda b: b.replace(b"\n", b"\r\n")),
        ("full-width article numbers", lambda b: b.replace("第1条".encode(), "第１条".encode())),
    ],
)
def test_harmless_variations_are_accepted(tmp_path, name, transform):
    """A BOM and CRLF are how some editors save; 第１条 is normalised (NFKC) to article-1, since
    full-width digits are common in Japanese drafting and mean the same number."""
    write_project(tmp_path, FIXTURES / "small" / "docs")
    path = tmp_path / "docs" / "privacy" / "versions" / "2020-04-01.ja.md"
    path.write_bytes(transform(path.read_bytes()))
    if "full-width" in name:  # a different text: record it afresh, as for a new policy
        (tmp_path / "docs" / "privacy" / "history.yml").unlink()
        assert (
            policy_cli(
                tmp_path, "update-translation", "privacy", "2020-04-01", "--lang", "en", env=TODAY
            ).returncode
            == 0
        )
        assert policy_cli(tmp_path, "import", "privacy", env=TODAY).returncode == 0
    check = policy_cli(tmp_path, "check", env=TODAY)
    assert check.returncode == 0, check.stderr
    build = mkdocs_build(tmp_path, TODAY)
    assert build.returncode == 0, build.output
    assert 'id="article-1"' in (build.site / "privacy" / "index.html").read_text("utf-8")
