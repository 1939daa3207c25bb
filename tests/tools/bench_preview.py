"""Benchmark: `mkdocs serve` while a revision is drafted, from saving the draft to the page
reloading, and whether the served site is the site a full build gives.

    .venv/bin/python tests/tools/bench_preview.py [--versions 10] [--edits 3]

bench_build.py runs this too (unless --no-serve). The project is bench_build's synthetic one
(2 languages, the last version upcoming, as one being drafted). For each edit of the draft's
Japanese file it asks the server's livereload endpoint what a page's reload script asks
(`/livereload/<epoch>/<id>`, which answers once a rebuild newer than the page is visible) and
then fetches the page again, as the browser does on that answer: the time from saving the file to
that page received (target at most 1 s), to the endpoint answering, and the rebuild alone (from
the server logging that it noticed the change). MkDocs polls the files
every 0.5 s and waits for 0.25 s of quiet before it rebuilds; both are inside the figure.

Then every page of a full `mkdocs build` of the same sources is fetched from the server and
compared (the build given the server's address as `site_url`, as `mkdocs serve` sets it), the
reload script MkDocs injects removed; a page whose only difference is the preview's
Content-Security-Policy (it allows inline script elements, for that reload script) is counted as
the same and counted apart, as is one that also differs only by the preview's note of the
draft's problems (and their list on the home page), which a published build never shows; the others are named with their first differing line.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "tests" / "tools"))

from bench_build import BIN, LANGUAGES, _edit, _env, machine, make_project, measured_build  # noqa: E402

from browser import free_port  # noqa: E402

RELOAD_BOUND_S = 1.0
_RELOAD_SCRIPT = re.compile(rb"<script>\s*var livereload = function.*?</script>", re.S)
_EPOCH = re.compile(rb"livereload\((\d+), (\d+)\);")
# The preview's policy allows inline script elements, for that reload script (tests/test_serve.py).
_CSP = re.compile(rb'<meta http-equiv="Content-Security-Policy" content="[^"]*">')
# The preview's note of the draft's problems (with the list of them on the home page), which a
# published build never shows: the edits leave the draft's translation out of date.
_NOTE = re.compile(rb'\s*<div class="policy-preview"[^>]*>.*?</div>', re.S)
_PROBLEMS = re.compile(rb'<(section|div)[^>]*id="policy-problems".*?</\1>', re.S)


def _preview_aside(html: bytes) -> bytes:
    """The page without the preview's CSP, note and list of problems, its white space collapsed
    (the note stood on lines of its own)."""
    return re.sub(rb"\s+", b" ", _PROBLEMS.sub(b"", _NOTE.sub(b"", _CSP.sub(b"", html))))


class Server:
    """`mkdocs serve` in its own process, its log read as it comes."""

    def __init__(self, project: Path):
        self.port = free_port()
        self.process = subprocess.Popen(
            [str(BIN / "mkdocs"), "serve", "-a", f"127.0.0.1:{self.port}"],
            cwd=project,
            env=_env(PYTHONUNBUFFERED="1"),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        self.log: list[str] = []
        self.detected: list[float] = []  # when the server noticed a change
        self.serving = threading.Event()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.log.append(line)
            if "Detected file changes" in line:
                self.detected.append(time.perf_counter())
            if "Serving on" in line:
                self.serving.set()

    def get(self, path: str, timeout: float = 120) -> bytes:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/{path}", timeout=timeout) as answer:
            return answer.read()

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
        self.process.stdout.close()


def _reload(server: Server, page: str, draft: Path, n: int) -> tuple[float, float, float]:
    """Seconds from saving the draft to the reload endpoint answering, and to the page fetched
    again; and the rebuild alone, from the server noticing the change to the endpoint answering."""
    epoch, request = _EPOCH.search(server.get(page)).groups()
    answered: list[float] = []

    def poll() -> None:
        while True:  # the endpoint answers its own epoch after 60 s without a rebuild
            newer = int(server.get(f"livereload/{epoch.decode()}/{request.decode()}")) > int(epoch)
            if newer:
                answered.append(time.perf_counter())
                return

    poller = threading.Thread(target=poll, daemon=True)
    poller.start()
    time.sleep(1)  # the poll is waiting, and the file's new modification time is a later one
    start = time.perf_counter()
    _edit(draft, n)
    poller.join(timeout=180)
    if not answered:
        raise SystemExit("the server never reloaded:\n" + "".join(server.log[-20:]))
    server.get(page)
    reloaded = time.perf_counter() - start
    noticed = [t for t in server.detected if t >= start]
    return answered[0] - start, reloaded, answered[0] - noticed[0] if noticed else float("nan")


def compare_with_build(server: Server, project: Path, work: Path) -> dict:
    """Every page of a full build of the sources as served, fetched from the server.

    `mkdocs serve` sets `site_url` to its own address (canonical links, the sitemap), so the
    build is given that address too."""
    site = work / "full-site"
    measured_build(project, site, _env(SITE_URL=f"http://127.0.0.1:{server.port}/"))
    differing, csp_only, preview_only = [], 0, 0
    pages = sorted(site.rglob("index.html"))
    for page in pages:
        rel = page.parent.relative_to(site).as_posix()
        served = _RELOAD_SCRIPT.sub(b"", server.get("" if rel == "." else rel + "/"))
        built = page.read_bytes()
        if served != built and _CSP.sub(b"", served) == _CSP.sub(b"", built):
            csp_only += 1
        elif served != built and _preview_aside(served) == _preview_aside(built):
            preview_only += 1
        elif served != built:
            served, built = _preview_aside(served), _preview_aside(built)
            a, b = served.decode("utf-8").splitlines(), built.decode("utf-8").splitlines()
            line = next(
                (i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b))
            )
            differing.append(
                {
                    "page": rel,
                    "line": line + 1,
                    "served": a[line][:200] if line < len(a) else "",
                    "built": b[line][:200] if line < len(b) else "",
                }
            )
    return {"pages": len(pages), "csp_only": csp_only, "preview_only": preview_only, "differing": differing}


def measure(versions: int = 10, edits: int = 3) -> dict:
    work = Path(tempfile.mkdtemp(prefix="bench-preview-"))
    try:
        project = make_project(work / "gen", versions, LANGUAGES[2], upcoming=True)
        draft = sorted((project / "docs" / "privacy" / "versions").glob("*.ja.md"))[-1]
        page = f"privacy/versions/{draft.name.split('.')[0]}/"
        server = Server(project)
        try:
            if not server.serving.wait(300):
                raise SystemExit("mkdocs serve did not start:\n" + "".join(server.log[-20:]))
            times = [_reload(server, page, draft, n) for n in range(edits)]
            same = compare_with_build(server, project, work)
        finally:
            server.stop()
        return {
            "versions": versions,
            "edits": edits,
            "endpoint_s": statistics.median(t[0] for t in times),
            "reloaded_s": statistics.median(t[1] for t in times),
            "rebuild_s": statistics.median(t[2] for t in times),
            "each_s": times,
            "served_vs_build": same,
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)


def report(result: dict) -> str:
    same = result["served_vs_build"]
    lines = [
        f"mkdocs serve at N={result['versions']}, 2 languages, median of {result['edits']} edits of the draft: "
        f"saved to page reloaded {result['reloaded_s']:.2f} s (reload endpoint answered after "
        f"{result['endpoint_s']:.2f} s, the rebuild alone {result['rebuild_s']:.2f} s); served site against a full build: "
        f"{same['pages'] - len(same['differing'])} of {same['pages']} pages the same, "
        f"{same['csp_only']} of them but for the preview's Content-Security-Policy, "
        f"{same['preview_only']} but for it and the preview's note of the draft's problems"
    ]
    for d in same["differing"][:5]:
        lines.append(f"  {d['page']} line {d['line']}:\n    served: {d['served']}\n    built:  {d['built']}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--versions", type=int, default=10)
    parser.add_argument("--edits", type=int, default=3)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    print(f"machine: {machine()}", flush=True)
    result = measure(args.versions, args.edits)
    print(report(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", "utf-8")


if __name__ == "__main__":
    main()
