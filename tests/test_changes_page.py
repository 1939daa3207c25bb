"""The changes page of a long policy amended in a few articles, built for real: it lists what
changed and collapses the rest, as an official 新旧対照表 does, in Japanese and in English.

A policy of 40 articles; the amendment edits 第3条 and 第20条 and adds 第41条 at the end, so
第1条～第2条, 第4条～第19条 and 第21条～第40条 are untouched runs.
"""

from __future__ import annotations

import datetime as dt

import pytest

from browser import axe_violations, served
from conftest import ROOT, made_once, mkdocs_build, policy_cli, write_project
from htmlscan import page
from policy_site.diff import diff_documents
from policy_site.parse import parse_body

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("changes-page")]

ENACTED = dt.date(2020, 1, 1)
AMENDED = dt.date(2030, 1, 1)
TODAY = {"SOURCE_DATE_EPOCH": "1893456000"}  # 2030-01-01, 09:00 in Japan
ARTICLES = 40
URL = f"privacy/versions/{AMENDED}/changes/"


def _text(lang: str, effective: dt.date, kind: str) -> str:
    if lang == "ja":
        head = f"---\neffective: {effective}\nkind: {kind}\nsummary: 本ポリシーを制定しました。\n---\n\n"
        head += "当社は、次のとおり個人情報を取り扱います。\n\n"
        article = "## 第{n}条（第{n}の事項）\n\n当社は、第{n}の事項に関する個人情報を適正に取り扱います。\n\n2. 当社は、前項の取扱いを記録します。\n"
    else:
        head = f"---\neffective: {effective}\nkind: {kind}\nsummary: Enactment of this policy.\n---\n\n"
        head += "The Company handles personal information as follows.\n\n"
        article = "## Article {n} (Matter {n})\n\nThe Company properly handles personal information on matter {n}.\n\n2. The Company records the handling under the preceding paragraph.\n"
    return head + "\n".join(article.format(n=n) for n in range(1, ARTICLES + 1))


EDITS = {
    "ja": [
        ("summary:\n", "summary: 第3条及び第20条を改め、第41条を新設しました。\n"),
        ("第3の事項に関する個人情報を適正に", "第3の事項に関する個人情報を安全かつ適正に"),
        ("第20の事項に関する個人情報を", "第20の事項に関する個人データを"),
    ],
    "en": [
        ("summary:\n", "summary: Amends Articles 3 and 20 and adds Article 41.\n"),
        ("personal information on matter 3.", "personal information on matter 3 safely."),
        ("personal information on matter 20.", "personal data on matter 20."),
    ],
}
ADDED = {
    "ja": "\n## 第41条（第41の事項）\n\n当社は、第41の事項に関する個人情報を適正に取り扱います。\n",
    "en": "\n## Article 41 (Matter 41)\n\nThe Company properly handles personal information on matter 41.\n",
}


def _doc(text: str):
    document, problems = parse_body("case.md", text)
    assert problems == []
    return document


def _articles(numbers, edited=(), preamble="前文です。\n\n"):
    return preamble + "".join(
        f"## 第{n}条（第{n}の事項）\n\n第{n}の事項{'を改めます' if n in edited else 'です'}。\n\n"
        for n in numbers
    )


def _runs(old: str, new: str) -> list[tuple[str, list[str]]]:
    diff = diff_documents(_doc(old), _doc(new), "ja")
    return [(kind, [s.key for s in run]) for kind, run in diff.runs]


@pytest.mark.parametrize(
    "old, new, expected",
    [
        (  # untouched articles around an edit: one run each side; the preamble a part of its own
            _articles(range(1, 8)),
            _articles(range(1, 8), edited={4}),
            [
                ("same", ["preamble"]),
                ("same", ["article-1", "article-2", "article-3"]),
                ("change", ["article-4"]),
                ("same", ["article-5", "article-6", "article-7"]),
            ],
        ),
        (  # a renumbered article is a row of its own, never in a run
            _articles(range(1, 5)),
            _articles(range(1, 3))
            + "## 第3条（新しい事項）\n\n新しい事項です。\n\n"
            + "## 第4条（第3の事項）\n\n第3の事項です。\n\n## 第5条（第4の事項）\n\n第4の事項です。\n\n",
            [
                ("same", ["preamble"]),
                ("same", ["article-1", "article-2"]),
                ("change", ["article-3"]),
                ("change", ["article-4"]),
                ("change", ["article-5"]),
            ],
        ),
        (  # no preamble in either text: no row for it; a changed one stands alone
            _articles(range(1, 3), preamble=""),
            _articles(range(1, 3), edited={1, 2}, preamble=""),
            [("change", ["article-1"]), ("change", ["article-2"])],
        ),
    ],
)
def test_runs_group_untouched_sections_between_changed_ones(old, new, expected):
    assert _runs(old, new) == expected


def _policy(project, *args):
    result = policy_cli(project, *args, env=TODAY)
    assert result.returncode == 0, result.stderr
    return result


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return made_once(tmp_path_factory, "changes-page", _revised)


def _revised(project):
    """The privacy policy enacted, then amended with the edits above, recorded and built."""
    write_project(project, policies=["privacy"])
    versions = project / "docs" / "privacy" / "versions"
    versions.mkdir(parents=True)
    for name in ("index", "about"):
        for lang in ("ja", "en"):
            (project / "docs" / f"{name}.{lang}.md").write_bytes(
                (ROOT / "docs" / f"{name}.{lang}.md").read_bytes()
            )
    for lang in ("ja", "en"):
        (versions / f"{ENACTED}.{lang}.md").write_text(_text(lang, ENACTED, "enactment"), "utf-8")
    _policy(project, "update-translation", "privacy", str(ENACTED), "--lang", "en")
    _policy(project, "import", "privacy")
    _policy(project, "new", "privacy", "--effective", str(AMENDED))
    for lang, edits in EDITS.items():
        path = versions / f"{AMENDED}.{lang}.md"
        text = path.read_text("utf-8")
        for old, new in edits:
            assert old in text, old
            text = text.replace(old, new, 1)
        path.write_text(text + ADDED[lang], "utf-8")
    _policy(project, "update-translation", "privacy", str(AMENDED), "--lang", "en")
    _policy(project, "lock", "privacy")
    build = mkdocs_build(project, TODAY)
    assert build.returncode == 0, build.output
    return build.site


RUNS = {
    "ja": ["前文　（略）", "第1条～第2条　（略）", "第4条～第19条　（略）", "第21条～第40条　（略）"],
    "en": [
        "Preamble (unchanged)",
        "Article 1 – Article 2 (unchanged)",
        "Article 4 – Article 19 (unchanged)",
        "Article 21 – Article 40 (unchanged)",
    ],
}
CHANGED = {
    "ja": [
        ("第3条（第3の事項）", "改定"),
        ("第20条（第20の事項）", "改定"),
        ("第41条（第41の事項）", "新設"),
    ],
    "en": [
        ("Article 3 (Matter 3)", "Revised"),
        ("Article 20 (Matter 20)", "Revised"),
        ("Article 41 (Matter 41)", "Added"),
    ],
}


def _diff(site, lang):
    root = page(site, ("en/" if lang == "en" else "") + URL)
    return root, root.find("table", cls="policy-taisho") if lang == "ja" else root.find(
        "div", cls="policy-redline"
    )


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_each_run_of_unchanged_articles_is_one_collapsed_row(site, lang):
    _, diff = _diff(site, lang)
    if lang == "ja":
        runs = [
            tbody.find("p", cls="policy-same") for tbody in diff.find_all("tbody", cls="policy-taisho__same")
        ]
    else:
        runs = [div.find("p", cls="policy-same") for div in diff.find_all("div", cls="policy-redline__same")]
    assert [p.text().strip() for p in runs] == RUNS[lang]
    # The full text of each run is one click away: its name leads to the run's first article on
    # the version page, which has that anchor.
    version = ("en/" if lang == "en" else "") + URL.removesuffix("changes/")
    targets = [p.find("a").attrs["href"] for p in runs]
    assert [t.rpartition("#")[2] if "#" in t else "" for t in targets] == [
        "",
        "article-1",
        "article-4",
        "article-21",
    ]
    ids = {el.attrs.get("id") for el in page(site, version).iter()}
    assert {"article-1", "article-4", "article-21"} <= ids
    for target in targets:
        assert target.partition("#")[0] == "../"


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_page_opens_with_an_index_linking_to_each_changed_row(site, lang):
    root, diff = _diff(site, lang)
    index = root.find("nav", cls="policy-change-index")
    assert index.find("h2").text() == ("改定された条" if lang == "ja" else "Articles changed")
    items = list(index.find_all("li"))
    assert [(li.find("a").text(), li.find("span", cls="policy-badge").text()) for li in items] == CHANGED[
        lang
    ]
    targets = [li.find("a").attrs["href"] for li in items]
    assert targets == ["#change-article-3", "#change-article-20", "#change-article-41"]
    # Each link leads to the changed row (the 新旧対照表's row group, the redline's section).
    rows = [el.attrs["id"] for el in diff.iter() if el.attrs.get("id", "").startswith("change-")]
    assert ["#" + r for r in rows] == targets
    # The index comes before the diff itself.
    order = [el for el in root.iter() if el is index or el is diff]
    assert order == [index, diff]


def test_the_changes_page_grows_with_the_change_not_the_policy(site):
    """Three articles changed of forty: one line per run of unchanged articles (four), one
    disclosure per unchanged paragraph of a changed article (two), and no unchanged article's
    wording, whatever the policy's length."""
    for prefix in ("", "en/"):
        text = (site / prefix / URL / "index.html").read_text("utf-8")
        assert text.count('<p class="policy-same">') == 4
        assert text.count("<details") == 2
        for n in (1, 4, 19, 21, 40):
            assert f"第{n}の事項に関する" not in text and f"on matter {n}." not in text


def test_index_links_reach_their_rows_and_the_pages_pass_axe(site, browser):
    """In Chromium, under the page's own CSP: clicking an index entry brings its row into view
    below the header; axe-core, with all its rules, finds no violation on either page."""
    errors: list[str] = []
    tab = browser.new_page()
    tab.on("console", lambda message: errors.append(message.text))
    with served(site) as base:
        views = (("", "tbody#change-article-20"), ("en/", "section#change-article-20"))
        for prefix, row in views + (("en/side-by-side/", "tbody#change-article-20"),):
            lang, _, view = prefix.partition("/")
            tab.goto(base + (lang and lang + "/") + URL + view)
            tab.click(".policy-change-index a[href='#change-article-20']")
            assert tab.url.endswith("#change-article-20")
            top = tab.locator(row).evaluate("el => el.getBoundingClientRect().top")
            header = tab.locator("header.md-header").evaluate("el => el.getBoundingClientRect().bottom")
            assert header <= top < 400
        # The views are tabs that are links: no script needed to switch.
        tab.goto(base + "en/" + URL)
        tab.get_by_role("navigation", name="Views of the changes").get_by_role(
            "link", name="Side by side"
        ).click()
        tab.wait_for_load_state()  # the click returns once the navigation starts
        assert tab.url == base + "en/" + URL + "side-by-side/"
        assert tab.locator("table.policy-sides").is_visible()
        assert [e for e in errors if "Content Security Policy" in e] == []
        for address in (URL, "en/" + URL, "en/" + URL + "side-by-side/"):
            tab.goto(base + address)
            assert axe_violations(tab) == [], address
    tab.close()


def test_a_redline_has_its_side_by_side_view_as_a_page_of_its_own(site):
    """The inline view and the side-by-side view are two pages, each linking the other as the
    current tab, so that each carries the change once; the 新旧対照表 is one view already."""
    inline, sides = page(site, "en/" + URL), page(site, "en/" + URL + "side-by-side/")
    for root, current in ((inline, "Inline"), (sides, "Side by side")):
        tabs = root.find("nav", cls="policy-views").find_all("a")
        assert [(a.text(), a.attrs.get("aria-current")) for a in tabs] == [
            ("Inline", "page" if current == "Inline" else None),
            ("Side by side", "page" if current == "Side by side" else None),
        ]
    assert [a.attrs["href"] for a in inline.find("nav", cls="policy-views").find_all("a")] == [
        "./",
        "side-by-side/",
    ]
    assert [a.attrs["href"] for a in sides.find("nav", cls="policy-views").find_all("a")] == ["../", "./"]
    assert inline.find("table", cls="policy-sides") is None and inline.find("div", cls="policy-redline")
    assert sides.find("div", cls="policy-redline") is None and sides.find("table", cls="policy-sides")
    # The index of changed articles reaches its rows on either page.
    for root in (inline, sides):
        targets = [a.attrs["href"] for a in root.find("nav", cls="policy-change-index").find_all("a")]
        ids = {el.attrs.get("id") for el in root.iter()}
        assert targets and {t.removeprefix("#") for t in targets} <= ids
    # The two-column view prints across the page, as the 新旧対照表 does.
    landscape = [link for link in sides.find_all("link") if "policy-landscape" in link.attrs.get("href", "")]
    assert [link.attrs.get("media") for link in landscape] == ["print"]
    assert not [link for link in inline.find_all("link") if "policy-landscape" in link.attrs.get("href", "")]
    assert page(site, URL).find("nav", cls="policy-views") is None
    assert not (site / URL / "side-by-side").exists()
    # Switching language keeps the place: the Japanese 新旧対照表, and back to this view.
    switch = {a.attrs["hreflang"]: a.attrs["href"] for a in sides.find_all("a") if "hreflang" in a.attrs}
    assert switch == {"ja": "../" * 6 + URL, "en": "./"}


def test_the_english_changes_are_a_word_file_side_by_side(site):
    """The redline's Word file: before on the left, after on the right, the rows of the page's
    side-by-side view, insertions underlined and deletions struck through."""
    import docx

    from wordfiles import web_marks, web_rows, word_marks, word_rows

    root, sides = page(site, "en/" + URL), page(site, "en/" + URL + "side-by-side/")
    link = root.find("p", cls="policy-download").find("a")
    assert link.text() == "These changes as a Word document (.docx)"
    word = docx.Document(str(site / "en" / URL / link.attrs["href"]))
    # The side-by-side page links the same file, one folder up.
    assert sides.find("p", cls="policy-download").find("a").attrs["href"] == "../" + link.attrs["href"]
    table, web = word.tables[0], sides.find("table", cls="policy-sides")
    assert word_rows(table)[0] == ["Before", "After"]
    assert word_rows(table)[1:] == web_rows(web)[1:]
    assert word_marks(table) == web_marks(web, struck=True)
    assert word_marks(table)["struck"] and word_marks(table)["underlined"]
