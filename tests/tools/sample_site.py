"""This repository's site with one sample amendment, so every page type exists to be looked at.

    .venv/bin/python tests/tools/sample_site.py SITE_DIR

The real policy has one version, so it has no changes or compare pages. This copies the project
into a temporary folder, makes an amendment the way legal staff would (`policy new`, edits in
both languages, `policy update-translation`, `policy lock`) that inserts an article and edits a
paragraph, and builds the site for the day after it takes effect. Used by the screenshot and
Lighthouse tools; `docs/` is never touched.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = ROOT / ".venv" / "bin"

EDITS = {
    "ja": [
        ("summary:", "summary: 匿名加工情報の取扱いに関する条を新設し、開示の請求の方法を改めました。"),
        (
            "## 第7条（クッキー等の自動収集装置）",
            "## 第7条（匿名加工情報の取扱い）\n\n"
            "当社は、匿名加工情報を作成したときは、その作成に用いた個人情報から削除した記述等及び"
            "加工の方法に関する情報の漏えいを防止するために必要な措置を講じます。\n\n"
            "## 第8条（クッキー等の自動収集装置）",
        ),
        (
            "本人から個人情報の開示の請求を受けた場合",
            "本人から当社所定の方法により個人情報の開示の請求を受けた場合",
        ),
    ],
    "en": [
        (
            "summary:",
            "summary: Adds an article on anonymously processed information and sets how disclosure is requested.",
        ),
        (
            "## Article 7 (Cookies and Other Automatic Collection Tools)",
            "## Article 7 (Anonymously Processed Information)\n\n"
            "When the Company produces anonymously processed information, it takes the measures "
            "needed to prevent leakage of the descriptions deleted from the personal information "
            "used and of information on the processing method.\n\n"
            "## Article 8 (Cookies and Other Automatic Collection Tools)",
        ),
        (
            "When the person concerned requests the disclosure",
            "When the person concerned requests, in the manner the Company specifies, the disclosure",
        ),
    ],
}


def _run(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> None:
    environ = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    subprocess.run(args, cwd=cwd, env=environ, check=True, stdout=subprocess.DEVNULL)


def build(site: Path, site_url: str | None = None) -> Path:
    """Build the sample site into `site` (with `SITE_URL` when given) and return it."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from policy_site.history import JAPAN, today_in_japan

    project = Path(tempfile.mkdtemp())
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    text = (
        (project / "mkdocs.yml")
        .read_text("utf-8")
        .replace("custom_dir: overrides", f"custom_dir: {ROOT / 'overrides'}")
    )
    (project / "mkdocs.yml").write_text(text, "utf-8")
    shutil.copytree(ROOT / "docs", project / "docs")
    day = today_in_japan() + dt.timedelta(days=1)
    _run([str(BIN / "policy"), "new", "privacy", "--effective", day.isoformat()], project)
    for lang, edits in EDITS.items():
        path = project / "docs" / "privacy" / "versions" / f"{day}.{lang}.md"
        text = path.read_text("utf-8")
        for old, new in edits:
            if old not in text:
                raise SystemExit(f"{path}: the sample edit no longer applies: {old!r}")
            text = text.replace(old, new, 1)
        # The articles after the inserted one move up by one, as legal staff would renumber them.
        moved = edits[1][1].rsplit("\n", 1)[1]
        head, tail = text.split(moved, 1)
        path.write_text(head + moved + _renumber(tail, lang), "utf-8")
    _run([str(BIN / "policy"), "update-translation", "privacy", day.isoformat(), "--lang", "en"], project)
    _run([str(BIN / "policy"), "lock", "privacy"], project)
    after = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(12), JAPAN)
    env = {"SOURCE_DATE_EPOCH": str(int(after.timestamp()))}
    if site_url:
        env["SITE_URL"] = site_url
    _run([str(BIN / "mkdocs"), "build", "--strict", "-q", "-d", str(site)], project, env)
    shutil.rmtree(project)
    return site


def _renumber(text: str, lang: str) -> str:
    """Add one to every article number in the headings of `text`."""
    if lang == "ja":
        return re.sub(r"^## 第(\d+)条", lambda m: f"## 第{int(m[1]) + 1}条", text, flags=re.M)
    return re.sub(r"^## Article (\d+)", lambda m: f"## Article {int(m[1]) + 1}", text, flags=re.M)


if __name__ == "__main__":
    print(build(Path(sys.argv[1]).resolve()))
