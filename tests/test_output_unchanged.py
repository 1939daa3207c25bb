"""The built site, file by file, against a recorded manifest: optimisations change no output.

The fixture is the small policy with a scripted amendment, built for a fixed day, so every page
type exists. `tests/golden/site-manifest.json` holds the SHA-256 of every file. A change to the
output that is meant (a template, a message, the Content-Security-Policy) is recorded with
`UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_output_unchanged.py`, and the diff of the manifest
shows which files it touched; a change that is not meant fails here.
"""

from __future__ import annotations

import hashlib
import json
import os

from conftest import FIXTURES, ROOT, mkdocs_build, policy_cli, write_project

MANIFEST = ROOT / "tests" / "golden" / "site-manifest.json"
BEFORE = {"SOURCE_DATE_EPOCH": "1780000000"}  # 2026-05-29 in Japan
AFTER = {"SOURCE_DATE_EPOCH": "1780400000", "SITE_URL": "https://policies.example.org/"}
EDITS = {
    "ja": [
        ("summary:\n", "summary: 第三者提供の条を新設しました。\n"),
        ("（2）お問い合わせへの回答のため", "（2）お問い合わせへの回答及び本人確認のため"),
        (
            "## 第3条（お問い合わせ）",
            "## 第3条（第三者提供）\n\n当社は、法令に基づく場合を除き、個人情報を第三者に提供しません。\n\n## 第4条（お問い合わせ）",
        ),
    ],
    "en": [
        ("summary:\n", "summary: Adds an article on provision to third parties.\n"),
        ("(2) To answer inquiries", "(2) To answer inquiries and verify identity"),
        (
            "## Article 3 (Contact)",
            "## Article 3 (Provision to Third Parties)\n\nThe Company does not provide personal information to third parties, except as required by law.\n\n## Article 4 (Contact)",
        ),
    ],
}


def _manifest(site) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def test_the_built_site_is_the_recorded_one(tmp_path):
    write_project(tmp_path, FIXTURES / "small" / "docs")
    assert policy_cli(tmp_path, "new", "privacy", "--effective", "2026-06-01", env=BEFORE).returncode == 0
    for lang, edits in EDITS.items():
        path = tmp_path / "docs" / "privacy" / "versions" / f"2026-06-01.{lang}.md"
        text = path.read_text("utf-8")
        for old, new in edits:
            text = text.replace(old, new, 1)
        path.write_text(text, "utf-8")
    assert (
        policy_cli(
            tmp_path, "update-translation", "privacy", "2026-06-01", "--lang", "en", env=BEFORE
        ).returncode
        == 0
    )
    assert policy_cli(tmp_path, "lock", "privacy", env=BEFORE).returncode == 0
    build = mkdocs_build(tmp_path, AFTER)
    assert build.returncode == 0, build.output
    manifest = _manifest(build.site)
    assert "privacy/versions/2026-06-01/changes/index.html" in manifest
    if os.environ.get("UPDATE_GOLDEN"):
        MANIFEST.write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n", "utf-8")
    recorded = json.loads(MANIFEST.read_text("utf-8"))
    changed = sorted(k for k in recorded.keys() | manifest.keys() if recorded.get(k) != manifest.get(k))
    assert not changed, f"{len(changed)} built files differ from the recorded site: {changed[:10]}"
