"""The legal staff's path end to end: `policy new`, edit both languages, build, publish.

Built once before the new version's date (it is upcoming and announced) and once after it
(it is current), with `SOURCE_DATE_EPOCH` fixing "today".
"""

from __future__ import annotations

import datetime as dt

import pytest

from browser import axe_violations, served
from conftest import made_once, mkdocs_build, policy_cli, start_revision
from htmlscan import page, resolve
from policy_site.dates import format_date
from policy_site.history import JAPAN

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("revision")]

EDITS = {
    "ja": [
        ("summary:", "summary: 第三者提供の条を新設しました。"),
        ("（2）お問い合わせへの回答のため", "（2）お問い合わせへの回答及び本人確認のため"),
        (
            "## 第3条（お問い合わせ）",
            "## 第3条（第三者提供）\n\n当社は、法令に基づく場合を除き、あらかじめ本人の同意を得ないで個人情報を第三者に提供しません。\n\n## 第4条（お問い合わせ）",
        ),
    ],
    "en": [
        ("summary:", "summary: Adds an article on provision to third parties."),
        ("(2) To answer inquiries", "(2) To answer inquiries and verify identity"),
        (
            "## Article 3 (Contact)",
            "## Article 3 (Provision to Third Parties)\n\nThe Company does not provide personal information to third parties without prior consent, except as required by law.\n\n## Article 4 (Contact)",
        ),
    ],
}
INSERTED = {
    "ja": [
        "及び本人確認",
        "第3条（第三者提供）",
        "当社は、法令に基づく場合を除き、あらかじめ本人の同意を得ないで個人情報を第三者に提供しません。",
    ],
    "en": [
        " and verify identity",
        "Article 3 (Provision to Third Parties)",
        "The Company does not provide personal information to third parties without prior consent, except as required by law.",
    ],
}


def _epoch(day: dt.date) -> str:
    return str(int(dt.datetime.combine(day, dt.time(12), JAPAN).timestamp()))


@pytest.fixture(scope="module")
def revision(tmp_path_factory):
    return made_once(tmp_path_factory, "revision", _revised)


def _revised(project):
    """A revision started, edited, translated, recorded, and built after its date and today."""
    day = start_revision(project)
    for lang, edits in EDITS.items():
        path = project / "docs" / "privacy" / "versions" / f"{day}.{lang}.md"
        text = path.read_text("utf-8")
        for old, new in edits:
            assert old in text
            text = text.replace(old, new, 1)
        path.write_text(text, "utf-8")
    # The translator confirms the English translates the edited Japanese, then the texts are recorded.
    stamped = policy_cli(project, "update-translation", "privacy", day.isoformat(), "--lang", "en")
    assert stamped.returncode == 0, stamped.stderr
    recorded = policy_cli(project, "lock", "privacy")
    assert recorded.returncode == 0, recorded.stderr
    assert policy_cli(project, "check", "--strict").returncode == 0
    after = mkdocs_build(project, {"SOURCE_DATE_EPOCH": _epoch(day + dt.timedelta(days=1))})
    assert after.returncode == 0, after.output
    after_site = project / "site-after"
    after.site.rename(after_site)
    before = mkdocs_build(project)  # today, from the clock
    assert before.returncode == 0, before.output
    return day, after_site, before.site


@pytest.mark.parametrize("prefix, lang", [("", "ja"), ("en/", "en")])
def test_after_the_date_the_policy_page_shows_the_new_version(revision, prefix, lang):
    day, site, _ = revision
    root = page(site, prefix + "privacy/")
    assert format_date(day, lang) in root.find("dl", cls="policy-facts").text()
    assert INSERTED[lang][1] in root.find("div", cls="policy-text").text()
    assert [h.attrs["id"] for h in root.find_all("h2")][:4] == [f"article-{n}" for n in range(1, 5)]


@pytest.mark.parametrize("prefix, lang", [("", "ja"), ("en/", "en")])
def test_history_lists_both_versions_with_their_ranges(revision, prefix, lang):
    day, site, _ = revision
    url = prefix + "privacy/history/"
    rows = list(page(site, url).find("table", cls="policy-history").find("tbody").find_all("tr"))
    assert len(rows) == 2
    assert "policy-history__row--current" in rows[0].attrs["class"]
    assert "policy-history__row--archived" in rows[1].attrs["class"]
    assert format_date(day - dt.timedelta(days=1), lang) in rows[1].text()
    links = [resolve(url, a.attrs["href"]) for a in rows[0].find_all("a")]
    assert links == [f"{prefix}privacy/versions/{day}/", f"{prefix}privacy/versions/{day}/changes/"]


def _marked(root, tag):
    return [el.text(skip_class="policy-sr") for el in root.find_all(tag)]


def _diff_root(site, url):
    """The diff itself: the 新旧対照表, or the inline panel of the redline."""
    root = page(site, url)
    return root.find("div", cls="policy-redline") or root.find("table", cls="policy-taisho")


@pytest.mark.parametrize("prefix, lang", [("", "ja"), ("en/", "en")])
def test_changes_page_marks_exactly_the_edits(revision, prefix, lang):
    day, site, _ = revision
    root = _diff_root(site, f"{prefix}privacy/versions/{day}/changes/")
    assert _marked(root, "ins") == INSERTED[lang]
    assert _marked(root, "del") == []
    # The old article 3 is now article 4: renumbered, not rewritten.
    renumbered = [el.text(skip_class="policy-sr") for el in root.find_all("span", cls="policy-renumber")]
    assert renumbered == (["4", "3"] if lang == "ja" else ["4"])
    # Screen readers hear what each mark means.
    assert root.find("ins").find("span", cls="policy-sr").text()


@pytest.mark.parametrize("prefix, lang", [("", "ja"), ("en/", "en")])
def test_before_the_date_the_new_version_is_upcoming_and_announced(revision, prefix, lang):
    day, _, site = revision
    current = page(site, prefix + "privacy/")
    assert "2020" in current.find("dl", cls="policy-facts").text()
    announce = current.find("div", cls="policy-status--announce")
    assert format_date(day, lang) in announce.text()
    links = {resolve(prefix + "privacy/", a.attrs["href"]) for a in announce.find_all("a")}
    assert links == {f"{prefix}privacy/versions/{day}/", f"{prefix}privacy/versions/{day}/changes/"}
    upcoming = page(site, f"{prefix}privacy/versions/{day}/").find("div", cls="policy-status--upcoming")
    assert format_date(day, lang) in upcoming.text()


def test_compare_pages_diff_against_the_current_version(revision):
    day, after, before = revision
    upcoming = page(before, f"privacy/versions/{day}/compare/")  # current -> upcoming
    archived = page(after, "en/privacy/versions/2020-04-01/compare/")  # archived -> current
    assert _marked(_diff_root(before, f"privacy/versions/{day}/compare/"), "ins") == INSERTED["ja"]
    assert _marked(_diff_root(after, "en/privacy/versions/2020-04-01/compare/"), "ins") == INSERTED["en"]
    assert upcoming.find("h1") and archived.find("h1")
    assert not (before / "privacy" / "versions" / "2020-04-01" / "compare").exists()


@pytest.mark.parametrize(
    "prefix, expected",
    [
        (
            "",
            "このページは、2020年4月1日施行の版（現行版）から{day}施行の版（施行予定）への変更を、古い版から新しい版の順に示しています。",
        ),
        (
            "en/",
            "This page reads from the older version to the newer one: from the version effective April 1, 2020 (Current) to the version effective {day} (Upcoming).",
        ),
    ],
)
def test_a_compare_page_from_an_upcoming_version_says_it_reads_older_to_newer(revision, prefix, expected):
    """Reached from the upcoming version, the page compares the version in force with it, older
    side first, and says which way it reads, with both dates and standings."""
    day, _, before = revision
    lang = "en" if prefix else "ja"
    root = page(before, f"{prefix}privacy/versions/{day}/compare/")
    assert " ".join(root.find("p", cls="policy-direction").text().split()) == expected.format(
        day=format_date(day, lang)
    )


@pytest.mark.parametrize("kind", ["", "changes/", "compare/"])
@pytest.mark.parametrize("prefix, other, other_prefix", [("", "en", "en/"), ("en/", "ja", "")])
def test_language_switcher_on_version_pages_keeps_the_version(revision, kind, prefix, other, other_prefix):
    day, _, site = revision
    url = f"{prefix}privacy/versions/{day}/{kind}"
    link = page(site, url).find("a", cls="md-select__link", hreflang=other)
    assert resolve(url, link.attrs["href"]) == f"{other_prefix}privacy/versions/{day}/{kind}"


@pytest.mark.parametrize("prefix, lang", [("", "ja"), ("en/", "en")])
def test_after_the_date_the_old_version_is_archived_with_its_range_and_links(revision, prefix, lang):
    day, site, _ = revision
    url = f"{prefix}privacy/versions/2020-04-01/"
    banner = page(site, url).find("div", cls="policy-status--archived")
    assert format_date(day - dt.timedelta(days=1), lang) in banner.text()
    links = {resolve(url, a.attrs["href"]) for a in banner.find_all("a")}
    assert links == {f"{prefix}privacy/versions/{day}/", f"{prefix}privacy/versions/2020-04-01/compare/"}


@pytest.mark.parametrize("prefix, lang", [("", "ja"), ("en/", "en")])
def test_home_lists_the_policy_with_its_date_and_the_coming_change(revision, prefix, lang):
    day, _, site = revision
    home = page(site, prefix).find("ul", cls="policy-index")
    assert "2020" in home.text() and format_date(day, lang) in home.text()
    assert f"{prefix}privacy/versions/{day}/changes/" in [
        resolve(prefix, a.attrs["href"]) for a in home.find_all("a")
    ]


def test_diff_pages_have_no_accessibility_violations(revision, browser):
    """axe-core, with all its rules, on the 新旧対照表, the redline and the compare pages from an
    upcoming version, in Chromium."""
    day, _, site = revision
    tab = browser.new_page()
    with served(site) as base:
        for path in (
            f"privacy/versions/{day}/changes/",
            f"en/privacy/versions/{day}/changes/",
            f"privacy/versions/{day}/compare/",
            f"en/privacy/versions/{day}/compare/",
            f"en/privacy/versions/{day}/",
        ):
            tab.goto(base + path)
            assert axe_violations(tab) == [], path
    tab.close()


def test_a_reader_walks_from_the_history_to_what_changed(revision, browser):
    """History, then a version, then its changes, then compare with the current version: by clicking."""
    day, site, _ = revision  # after the date: the new version is current, 2020-04-01 archived
    tab = browser.new_page()
    with served(site) as base:
        tab.goto(base + "en/privacy/history/")
        tab.click("tr.policy-history__row--current >> text=Text")
        tab.wait_for_url(base + f"en/privacy/versions/{day}/")
        tab.click("nav.policy-links >> text=What this version changed")
        tab.wait_for_url(base + f"en/privacy/versions/{day}/changes/")
        assert tab.locator(".policy-redline ins").count() >= 2
        tab.click("dl.policy-facts >> text=Version effective April 1, 2020")
        tab.wait_for_url(base + "en/privacy/versions/2020-04-01/")
        tab.click(".policy-status--archived >> text=What has changed since this version")
        tab.wait_for_url(base + "en/privacy/versions/2020-04-01/compare/")
        assert "Provision to Third Parties" in tab.locator(".policy-redline").inner_text()
    tab.close()
