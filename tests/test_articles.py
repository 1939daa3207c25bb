"""One article through the versions, without MkDocs: followed by the diff's pairing of
articles (not by number), its wordings and their ranges, and its removal."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import FIXTURES
from policy_site import articles, render
from policy_site.diff import Change
from policy_site.history import State, standings
from policy_site.model import Kind, Policy, PolicySettings, Text, Version
from policy_site.parse import parse_body
from policy_site.pipeline import load_site
from policy_site.plan import DiffCache
from policy_site.settings import policy_settings

TODAY = dt.date(2026, 1, 1)
DOCS = FIXTURES / "articles" / "docs"


def _diff_of(cache: DiffCache, counted: list | None = None):
    def diff(old: Version, new: Version, lang: str):
        if lang not in old.texts or lang not in new.texts:
            return None
        if counted is not None:
            counted.append((old.id, new.id, lang))
        return cache.diff(old.texts[lang], new.texts[lang])

    return diff


@pytest.fixture(scope="module")
def policy() -> Policy:
    settings = policy_settings(
        "privacy",
        {
            "title": {"ja": "プライバシーポリシー"},
            "languages": None,
            "source_language": "ja",
            "timezone": "Asia/Tokyo",
        },
        ("ja", "en"),
    )
    loaded = load_site(DOCS, [settings], DOCS.parent, {"privacy": TODAY})
    assert loaded.problems == ()
    return loaded.policies[0]


def _histories(policy: Policy, lang: str, counted: list | None = None):
    standing = {s.version.id: s for s in standings(policy, TODAY)}
    return {
        h.key: h for h in articles.article_histories(policy, lang, standing, _diff_of(DiffCache(), counted))
    }


@pytest.mark.parametrize(
    ("lang", "numbers", "formerly"),
    [
        ("ja", ["第3条", "第3条", "第4条", "第4条"], [None, None, "第3条", None]),
        ("en", ["Article 3", "Article 3", "Article 4", "Article 4"], [None, None, "Article 3", None]),
    ],
)
def test_an_article_edited_renumbered_edited_and_removed_has_four_wordings(policy, lang, numbers, formerly):
    history = _histories(policy, lang)["article-4"]
    wordings = history.wordings
    assert [w.first.id for w in wordings] == ["2019-04-01", "2020-04-01", "2021-04-01", "2022-04-01"]
    assert [w.section.heading.split("（")[0].split(" (")[0] for w in wordings] == numbers
    assert [
        w.formerly.heading.split("（")[0].split(" (")[0] if w.formerly else None for w in wordings
    ] == formerly
    assert [w.step.edited if w.step else None for w in wordings] == [None, True, False, True]
    assert [(w.since, w.until) for w in wordings] == [
        (dt.date(2019, 4, 1), dt.date(2020, 3, 31)),
        (dt.date(2020, 4, 1), dt.date(2021, 3, 31)),
        (dt.date(2021, 4, 1), dt.date(2022, 3, 31)),
        (dt.date(2022, 4, 1), dt.date(2023, 3, 31)),
    ]
    assert all(w.state == State.ARCHIVED for w in wordings)
    assert history.removed_by.id == "2023-04-01"
    assert history.removal.change == Change.REMOVED
    assert history.wordings_newest_first[0].first.id == "2022-04-01"


def test_unchanged_versions_are_one_wording_in_force_today(policy):
    purposes = _histories(policy, "ja")["article-3"]
    assert [[v.id for v in w.versions] for w in purposes.wordings] == [
        ["2019-04-01", "2020-04-01"],
        ["2021-04-01", "2022-04-01", "2023-04-01"],
    ]
    assert purposes.wordings[-1].state == State.CURRENT and purposes.wordings[-1].until is None
    assert purposes.wordings[-1].formerly.key == "article-2"
    assert purposes.removed_by is None


def test_an_article_is_followed_by_its_pairing_not_its_number(policy):
    """article-2 of 2019 (利用目的) is article-3 today; article-2 today (取得) began in 2021."""
    acquisition = _histories(policy, "ja")["article-2"]
    assert [w.first.id for w in acquisition.wordings] == ["2021-04-01"]
    links = articles.heading_links(articles.lineages(policy, _diff_of(DiffCache())))
    assert links["2019-04-01"] == {
        "article-1": "article-1",
        "article-2": "article-3",
        "article-3": "article-4",
    }
    assert links["2023-04-01"] == {
        "article-1": "article-1",
        "article-2": "article-2",
        "article-3": "article-3",
    }


def test_each_pair_of_versions_is_diffed_once_per_language(policy):
    counted: list = []
    standing = {s.version.id: s for s in standings(policy, TODAY)}
    cache = DiffCache()
    found = articles.lineages(policy, _diff_of(cache, counted))
    for lang in ("ja", "en"):
        articles.article_histories(policy, lang, standing, _diff_of(cache, counted), found)
    pairs = [(o, n) for o, n, _ in counted]
    # one diff per consecutive pair for the lineages, and one per pair and language for the wordings
    assert sorted(set(pairs)) == [
        ("2019-04-01", "2020-04-01"),
        ("2020-04-01", "2021-04-01"),
        ("2021-04-01", "2022-04-01"),
        ("2022-04-01", "2023-04-01"),
    ]
    assert len(counted) == 4 + 4 * 2


def _text(effective: dt.date, body: str) -> Text:
    document, problems = parse_body(f"{effective}.en.md", body, 1)
    assert problems == []
    return Text("en", f"{effective}.en.md", effective, Kind.AMENDMENT, "", body, 1, document)


def _policy(*bodies: str) -> Policy:
    days = [dt.date(2020 + i, 1, 1) for i in range(len(bodies))]
    return Policy(
        PolicySettings("notice", {"en": "Notice"}, "en", ("en",), "UTC"),
        tuple(Version(day, {"en": _text(day, body)}) for day, body in zip(days, bodies, strict=True)),
    )


def _keys(policy: Policy) -> dict[str, articles.ArticleHistory]:
    standing = {s.version.id: s for s in standings(policy, TODAY)}
    return {h.key: h for h in articles.article_histories(policy, "en", standing, _diff_of(DiffCache()))}


def test_a_removed_article_whose_number_another_took_is_named_after_its_last_version():
    first = "## Article 1 (Purpose)\n\nWe serve.\n\n## Article 2 (Sharing)\n\nWe share nothing.\n\n## Article 3 (Contact)\n\nWrite to us.\n"
    second = "## Article 1 (Purpose)\n\nWe serve.\n\n## Article 2 (Contact)\n\nWrite to us.\n"
    histories = _keys(_policy(first, second))
    assert sorted(histories) == ["article-1", "article-2", "article-2-2020-01-01"]
    assert histories["article-2"].wordings[-1].section.title == "Contact"
    assert histories["article-2"].wordings[-1].formerly.key == "article-3"
    removed = histories["article-2-2020-01-01"]
    assert removed.removed_by.id == "2021-01-01" and removed.latest.title == "Sharing"


def test_sections_without_numbers_are_followed_by_their_anchors():
    first = "## How we share\n\nWe share nothing.\n\n## Contact\n\nWrite to us.\n"
    second = "## How we share\n\nWe share nothing with anyone.\n\n## Contact\n\nWrite to us.\n"
    histories = _keys(_policy(first, second))
    assert sorted(histories) == ["contact", "how-we-share"]
    assert len(histories["how-we-share"].wordings) == 2
    assert len(histories["contact"].wordings) == 1


def test_a_wordings_text_keeps_its_own_anchors_and_sends_its_footnotes_to_its_version():
    html = '<p id="note">See<sup><a href="#fn1" id="fnref1">1</a></sup> <a href="#note">here</a></p>'
    assert render.excerpt_html(html, "v2020-01-01", "../../versions/2020-01-01/") == (
        '<p id="v2020-01-01-note">See<sup><a href="../../versions/2020-01-01/#fn1" id="v2020-01-01-fnref1">1</a>'
        '</sup> <a href="#v2020-01-01-note">here</a></p>'
    )
