"""`mkdocs serve` as legal staff use it while drafting a revision, in headless Chromium.

The preview reloads itself when a version file is saved, shows the text as saved (the plugin
lives as long as the server, so each build must read the sources again), and runs under the
page's Content-Security-Policy with nothing blocked.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from browser import VIOLATIONS, free_port
from conftest import BIN, start_revision

# The preview of one drafting project serves every test here: they run in one worker.
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("serve")]

EDIT = ("お問い合わせへの回答のため", "お問い合わせへの回答及び本人確認のため")


# What `mkdocs serve` logs when it sees a change, and when it has built the site again or failed to.
DETECTED, BUILT, FAILED = (
    "Detected file changes",
    "Reloading browsers",
    "An error happened during the rebuild",
)


class Server:
    """`mkdocs serve` in its own process, with its log collected as it comes.

    The server holds every request for a page while it builds, and a build that fails holds
    them for good, so the tests save files as one change each and let each build finish before
    they open a page: what they read is then the build of what they saved.
    """

    def __init__(self, project, port: int):
        self.project = project
        environ = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
        self.process = subprocess.Popen(
            [str(BIN / "mkdocs"), "serve", "-a", f"127.0.0.1:{port}"],
            cwd=project,
            # A terminal that names no language: the preview speaks the site's editor_language, ja.
            env={**environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONUNBUFFERED": "1", "LC_ALL": "C.UTF-8"},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        self.log: list[str] = []
        self.serving = threading.Event()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.log.append(line)
            if "Serving on" in line:
                self.serving.set()

    def count(self, marker: str) -> int:
        return sum(marker in line for line in self.log)

    def tail(self) -> str:
        return "".join(self.log[-40:])

    def save(self, path, text: str) -> None:
        """Save a file as many editors do: a whole new file put in its place, one change."""
        saving = self.project / f".{path.name}.saving"
        saving.write_text(text, "utf-8")
        os.replace(saving, path)

    def settle(self, timeout: float = 120) -> None:
        """Wait until every change the server has seen is built, and no other comes for a second
        (twice the interval at which it looks at the files)."""
        deadline = time.monotonic() + timeout
        quiet_since, seen = time.monotonic(), None
        while time.monotonic() < deadline:
            assert not self.count(FAILED), self.tail()
            state = (self.count(DETECTED), self.count(BUILT))
            if state != seen:
                quiet_since, seen = time.monotonic(), state
            elif state[0] == state[1] and time.monotonic() - quiet_since > 1.0:
                return
            time.sleep(0.1)
        raise AssertionError(f"the server was still building after {timeout} s\n{self.tail()}")

    def open(self, tab, url: str):
        """Open a page once the server has built every change."""
        self.settle()
        try:
            return tab.goto(url)  # not "networkidle": the reload script polls on
        except PlaywrightTimeout as timeout:
            raise AssertionError(f"{url} did not load\n{self.tail()}") from timeout

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
        self.process.stdout.close()


@pytest.fixture(scope="module")
def drafting(tmp_path_factory):
    """The small policy with a revision being drafted, served; yields (server, url, day, file)."""
    project = tmp_path_factory.mktemp("drafting")
    day = start_revision(project)
    port = free_port()
    server = Server(project, port)
    try:
        assert server.serving.wait(180), "".join(server.log)
        yield server, f"http://127.0.0.1:{port}/", day, project / "docs/privacy/versions" / f"{day}.ja.md"
    finally:
        server.stop()


@pytest.fixture
def tab(browser):
    context = browser.new_context()
    page = context.new_page()
    page.add_init_script(VIOLATIONS)
    yield page
    context.close()


def test_saving_a_draft_reloads_the_preview_with_the_saved_text(drafting, tab):
    server, url, day, draft = drafting
    loads: list[float] = []
    tab.on("load", lambda: loads.append(time.monotonic()))
    server.open(tab, f"{url}privacy/versions/{day}/")
    text = tab.locator(".policy-text")
    assert EDIT[0] in text.inner_text() and EDIT[1] not in text.inner_text()
    assert tab.evaluate("window.__violations") == []  # MkDocs' reload script ran
    built = server.count(BUILT)

    source = draft.read_text("utf-8")
    server.save(draft, source.replace(*EDIT, 1))
    _wait_for_reload(tab, loads, 2, server)  # the page reloads itself
    assert server.count(BUILT) > built
    assert EDIT[1] in text.inner_text()
    assert tab.evaluate("window.__violations") == []


def _wait_for_reload(tab, loads: list[float], count: int, server) -> None:
    """Wait until the page has loaded `count` times and the server has built every change."""
    deadline = time.monotonic() + 120
    while len(loads) < count and time.monotonic() < deadline:
        tab.wait_for_timeout(200)
    assert len(loads) >= count, server.tail()
    server.settle()
    tab.wait_for_load_state("load")


def test_a_draft_is_served_in_any_state_with_its_problems_on_its_page(drafting, tab):
    """A new revision has no summary yet, and its translation is not recorded: the draft page
    answers and shows each problem of its files with file:line; saving a fix clears it."""
    server, url, day, draft = drafting
    loads: list[float] = []
    tab.on("load", lambda: loads.append(time.monotonic()))
    answer = server.open(tab, f"{url}privacy/versions/{day}/")
    assert answer.status == 200
    note = tab.locator(".policy-preview").first
    assert f"docs/privacy/versions/{day}.ja.md:4" in note.inner_text()
    assert "「summary:」（概要）がないか、空欄です。" in note.inner_text()
    assert note.get_attribute("lang") == "ja"
    # The note opens the page's content: the editor sees it before the title.
    assert (
        tab.evaluate(
            "document.querySelector('.policy-preview').compareDocumentPosition(document.querySelector('h1'))"
        )
        & 4
    )
    # Every problem is listed on the home page, which the note links to.
    home = note.locator("a").get_attribute("href")
    assert home.endswith("#policy-problems")

    source = draft.read_text("utf-8")
    server.save(draft, source.replace("summary:\n", "summary: 利用目的を改めます。\n", 1))
    _wait_for_reload(tab, loads, 2, server)
    shown = tab.locator("body").inner_text()
    assert f"docs/privacy/versions/{day}.ja.md:4" not in shown
    assert tab.evaluate("window.__violations") == []
    server.open(tab, f"{url}{home}")
    assert tab.locator("#policy-problems").count() == 1


def test_a_draft_saved_with_an_error_is_shown_and_its_fix_clears_it(drafting, tab):
    """An error no build would publish (a date that does not exist) does not stop the preview:
    it reloads and says what is wrong and where; the published build would stop on it."""
    server, url, day, draft = drafting
    loads: list[float] = []
    tab.on("load", lambda: loads.append(time.monotonic()))
    server.open(tab, f"{url}privacy/")
    source = draft.read_text("utf-8")
    assert f"effective: {day}" in source
    server.save(draft, source.replace(f"effective: {day}", "effective: 2026-02-30", 1))
    _wait_for_reload(tab, loads, 2, server)
    assert "Aborted" not in "".join(server.log)
    # The draft's page cannot be made of a file that cannot be read; the note on every page
    # leads to the list of every problem, where it is.
    server.open(tab, f"{url}privacy/")
    home = tab.locator(".policy-preview a").first.get_attribute("href")
    server.open(tab, f"{url}privacy/{home}")
    listed = tab.locator("#policy-problems").inner_text()
    assert f"docs/privacy/versions/{day}.ja.md:2" in listed and "2026-02-30" in listed

    loads.clear()
    server.save(draft, source)
    _wait_for_reload(tab, loads, 1, server)
    assert f"docs/privacy/versions/{day}.ja.md:2" not in tab.locator("body").inner_text()


def test_the_preview_alone_lets_inline_script_elements_run(drafting, tab, small_site):
    """The reload script MkDocs adds to each page it serves has a new id each time: no hash can
    allow it. The published site keeps to hashes; the preview allows inline script elements."""
    server, url, _, _ = drafting
    server.open(tab, f"{url}privacy/")
    served = tab.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content")
    published = (small_site.site / "privacy" / "index.html").read_text("utf-8")
    assert "script-src-elem 'self' 'unsafe-inline'" in served
    assert "unsafe-inline" not in published.split("Content-Security-Policy", 1)[1].split(">", 1)[0]
