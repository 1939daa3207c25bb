"""The page plan and its rules, without MkDocs: URLs of each page type, which updates a reader
is told of, since when an earlier text was published, and the side-by-side page's title."""

from __future__ import annotations

import datetime as dt

import pytest

from policy_site import pages, plan, publish, tally, updates, urls, views
from policy_site.messages import gettext_for
from policy_site.model import Kind, Policy, PolicySettings, Text, Translation, Update, UpdateKind, Version
from policy_site.parallel import parallel_rows
from policy_site.parse import parse_body
from policy_site.sources import TextUpdate

V1, V2 = dt.date(2024, 4, 1), dt.date(2025, 4, 1)
TODAY = dt.date(2025, 6, 1)
SITE = urls.Site("ja", ("ja", "en"))
JA = "## 第1条（目的）\n\n当社は、個人情報を適切に取り扱います。\n"
EN = "## Article 1 (Purpose)\n\nThe Company handles personal information properly.\n"


def _text(lang: str, effective: dt.date, body: str, source: Text | None = None) -> Text:
    document, problems = parse_body(f"{effective}.{lang}.md", body, 6)
    assert problems == []
    translation = Translation(source.sha256, effective) if source else None
    kind = Kind.ENACTMENT if effective == V1 else Kind.AMENDMENT
    return Text(
        lang, f"{effective}.{lang}.md", effective, kind, f"{lang} {effective}", body, 6, document, translation
    )


def _version(effective: dt.date, ja: str, en: str | None) -> Version:
    source = _text("ja", effective, ja)
    texts = {"ja": source}
    if en is not None:
        texts["en"] = _text("en", effective, en, source)
    return Version(effective, texts)


def _update(day: dt.date, lang: str, kind: UpdateKind, earlier: Text, later: Text) -> TextUpdate:
    update = Update(day, V2.isoformat(), lang, kind, f"{kind} of {day}", earlier.sha256, later.sha256, "x")
    return TextUpdate(update, earlier, later)


def _policy(languages=("ja", "en"), en_text: bool = True) -> Policy:
    settings = PolicySettings("privacy", {"ja": "方針", "en": "Policy"}, "ja", languages)
    v1 = _version(V1, JA, EN if en_text else None)
    v2 = _version(
        V2, JA + "\n## 第2条（改定）\n\n改定します。\n", EN + "\n## Article 2 (Revision)\n\nRevised.\n"
    )
    policy = Policy(settings, [v1, v2])
    ja0 = _text("ja", V2, JA + "\n## 第2条（改訂）\n\n改定します。\n")
    ja1 = _text("ja", V2, JA + "\n## 第2条（改定）\n\n改定しす。\n")
    en0 = _text("en", V2, EN + "\n## Article 2 (Revision)\n\nRevise.\n")
    policy.updates = [
        _update(dt.date(2025, 5, 1), "ja", UpdateKind.CORRECTION, ja0, ja1),
        _update(dt.date(2025, 5, 10), "en", UpdateKind.TRANSLATION, en0, v2.texts["en"]),
        _update(dt.date(2025, 5, 20), "ja", UpdateKind.CORRECTION, ja1, v2.texts["ja"]),
    ]
    return policy


def _plan(lang: str, policy: Policy | None = None) -> list[pages.PolicyPage]:
    return plan.plan_pages(policy or _policy(), SITE, lang, TODAY, gettext_for(lang))


def test_each_page_type_has_its_url():
    by_url = {page.url: type(page) for page in _plan("ja")}
    assert by_url == {
        "privacy/": pages.CurrentPage,
        "privacy/bilingual/": pages.BilingualPage,
        "privacy/history/": pages.HistoryPage,
        "privacy/versions/2024-04-01/": pages.VersionPage,
        "privacy/versions/2024-04-01/compare/": pages.ComparePage,
        "privacy/versions/2025-04-01/": pages.VersionPage,
        "privacy/versions/2025-04-01/changes/": pages.ChangesPage,
        "privacy/versions/2025-04-01/earlier/2025-04-01/": pages.EarlierPage,
        "privacy/versions/2025-04-01/updates/2025-05-01/": pages.UpdatePage,
        "privacy/versions/2025-04-01/earlier/2025-05-01/": pages.EarlierPage,
        "privacy/versions/2025-04-01/updates/2025-05-20/": pages.UpdatePage,
        "privacy/articles/article-1/": pages.ArticlePage,
        "privacy/articles/article-2/": pages.ArticlePage,
    }


def test_a_translation_has_its_pages_under_its_prefix_and_a_missing_text_its_own_type():
    planned = _plan("en", _policy(en_text=False))
    by_url = {page.url: page for page in planned}
    assert all(url.startswith("en/privacy/") for url in by_url)
    missing = by_url["en/privacy/versions/2024-04-01/"]
    assert isinstance(missing, pages.MissingPage) and missing.kind == "missing" and missing.generated
    assert by_url["en/privacy/versions/2025-04-01/changes/"].diff is None  # no en text to compare with
    assert isinstance(by_url["en/privacy/versions/2025-04-01/updates/2025-05-10/"], pages.UpdatePage)
    assert by_url["en/privacy/"].alternates == {"ja": "privacy/", "en": "en/privacy/"}


def test_the_source_history_lists_every_languages_updates_and_a_translations_its_own():
    policy = _policy()
    seen = {
        lang: [(u.lang, u.date.day) for u in views.update_views(policy, SITE, lang)] for lang in ("ja", "en")
    }
    assert seen["ja"] == [("ja", 1), ("en", 10), ("ja", 20)]  # the complete record, with links
    assert seen["en"] == [("ja", 1), ("en", 10), ("ja", 20)]
    ja_link = views.update_views(policy, SITE, "ja")[1]
    assert ja_link.changes_url == "en/privacy/versions/2025-04-01/updates/2025-05-10/"
    translation = policy.updates[1].update
    assert not updates.is_seen_in(translation, "ja", "ja")  # not an update of the Japanese text
    assert updates.is_in_history_of(translation, "ja", "ja")
    assert not updates.is_in_history_of(policy.updates[1].update, "de", "ja")
    assert updates.is_seen_in(policy.updates[0].update, "de", "ja")  # a correction of the binding text


def test_a_version_page_lists_only_the_updates_of_the_text_it_shows():
    view = views.policy_view(_policy(), SITE, "ja", TODAY)
    assert [(u.lang, u.date.day) for u in view.version(V2.isoformat()).updates] == [("ja", 1), ("ja", 20)]


def test_the_feed_tells_of_the_same_updates_as_the_history():
    policy = _policy()
    for lang in ("ja", "en"):
        feed = publish.atom_feed(policy, SITE, lang, TODAY, gettext_for(lang))
        for u in views.update_views(policy, SITE, lang):
            assert u.changes_url in feed
        assert "updates/2025-05-10" in feed


def test_a_version_is_published_in_the_feed_on_the_day_it_was_announced():
    policy = _policy()
    policy.versions[1].announced = dt.date(2025, 3, 1)
    feed = publish.atom_feed(policy, SITE, "en", TODAY, gettext_for("en"))
    assert "<published>2025-03-01T00:00:00+09:00</published>" in feed
    assert "<updated>2025-04-01T00:00:00+09:00</updated>" in feed
    assert publish.versions_data(policy, SITE, TODAY)["versions"][1]["announced"] == "2025-03-01"
    view = views.policy_view(policy, SITE, "ja", TODAY).version(V2.isoformat())
    assert view.announced == dt.date(2025, 3, 1) and view.days_announced_ahead == 31


def test_versions_json_counts_what_each_version_changed():
    data = publish.versions_data(_policy(), SITE, TODAY)
    assert data["versions"][0]["changes"] is None  # the enactment
    changes = data["versions"][1]["changes"]
    assert changes["sections"] == {"changed": 0, "added": 1, "removed": 0, "moved": 0}
    assert changes["blocks"] == {"changed": 0, "added": 1, "removed": 0, "moved": 0}
    assert changes["technical"] is False


def test_a_change_of_markup_or_spacing_alone_is_technical():
    marked = JA.replace("個人情報", "**個人情報**").replace("当社は、", "当社は、\n")
    old, new = _text("ja", V1, JA), _text("ja", V2, marked)
    assert old.sha256 != new.sha256
    assert tally.is_technical(old.document, new.document, "ja")
    reworded = _text("ja", V2, JA.replace("適切に", "適正に"))
    assert not tally.is_technical(old.document, reworded.document, "ja")
    linked = _text("en", V2, EN.replace("properly", "[properly](https://a.example/)"))
    relinked = _text("en", V2, EN.replace("properly", "[properly](https://b.example/)"))
    assert not tally.is_technical(linked.document, relinked.document, "en")  # an address is wording


def test_published_since_is_the_last_update_before_or_the_effective_date():
    policy = _policy()
    recorded = [item.update for item in policy.updates]
    v2 = policy.versions[1]
    assert updates.published_since(recorded, v2, "ja", dt.date(2025, 5, 1)) == V2
    assert updates.published_since(recorded, v2, "ja", dt.date(2025, 5, 20)) == dt.date(2025, 5, 1)
    assert updates.published_since(recorded, v2, "ja") == dt.date(2025, 5, 20)  # the text in use now
    assert updates.published_since(recorded, v2, "en", dt.date(2025, 5, 10)) == V2
    assert updates.published_since(recorded, policy.versions[0], "ja") == V1


def test_versions_json_links_the_earlier_texts_the_pages_publish():
    policy = _policy()
    data = publish.versions_data(policy, SITE, TODAY)
    planned = {page.url for lang in ("ja", "en") for page in _plan(lang, policy)}
    corrections = data["versions"][1]["corrections"]
    assert [c["earlier_url"].lstrip("/") in planned for c in corrections] == [True, True, True]
    assert data["versions"][1]["translations"]["en"]["status"] == "current"


def test_update_pages_are_labelled_by_the_kind_of_update():
    ja = {page.url: page for page in _plan("ja")}
    page = ja["privacy/versions/2025-04-01/updates/2025-05-01/"]
    assert "誤記訂正" in page.title
    assert page.description.endswith("correction of 2025-05-01")
    assert page.new_base_url == "privacy/versions/2025-04-01/earlier/2025-05-01/"  # the next earlier text
    assert page.old_base_url == "privacy/versions/2025-04-01/earlier/2025-04-01/"
    assert page.status_version is None
    en = {page.url: page for page in _plan("en")}
    assert "Translation update" in en["en/privacy/versions/2025-04-01/updates/2025-05-10/"].title
    assert views.update_views(_policy(), SITE, "en")[1].label == "Translation update"


def test_a_compare_page_states_the_standing_of_the_archived_side():
    compare = next(p for p in _plan("en") if isinstance(p, pages.ComparePage))
    assert compare.base.id == V1.isoformat() and compare.version.is_current
    assert compare.status_version is compare.base
    assert compare.diff_layout == "redline"
    changes = next(p for p in _plan("ja") if isinstance(p, pages.ChangesPage))
    assert changes.status_version is changes.version and changes.diff_layout == "table"


@pytest.mark.parametrize(
    "languages, lang, expected",
    [
        (("ja", "en"), "ja", "方針 日英対訳"),
        (("ja", "en"), "en", "Policy: Japanese and English side by side"),
        (("ja", "de"), "ja", "方針 日本語、ドイツ語対訳"),
        (("ja", "de"), "ko", "Policy: Japanese and German side by side"),
        (("ja", "en", "de"), "en", "Policy: all languages side by side"),
    ],
)
def test_the_side_by_side_title_names_the_policys_languages(languages, lang, expected):
    title = "方針" if lang == "ja" else "Policy"
    assert plan.side_by_side_title(title, languages, lang, gettext_for(lang)) == expected


def test_parallel_rows_show_a_preamble_only_where_a_text_has_one():
    rows = parallel_rows(_policy().versions[1], ("ja", "en"))
    assert [(r.key, r.is_part, r.is_shown) for r in rows] == [
        ("preamble", True, False),
        ("article-1", False, True),
        ("article-2", False, True),
    ]
    assert rows[1].first.heading == "第1条（目的）"


def test_url_table():
    day = dt.date(2025, 5, 1)
    assert SITE.url("en", urls.version_path("p", "2025-04-01")) == "en/p/versions/2025-04-01/"
    assert SITE.url("ja", urls.changes_path("p", "v")) == "p/versions/v/changes/"
    assert urls.compare_path("p", "v") == "p/versions/v/compare/"
    assert urls.earlier_path("p", "v", day) == "p/versions/v/earlier/2025-05-01/"
    assert urls.update_path("p", "v", day) == "p/versions/v/updates/2025-05-01/"
    assert (urls.history_path("p"), urls.bilingual_path("p"), urls.feed_path("p")) == (
        "p/history/",
        "p/bilingual/",
        "p/feed.xml",
    )
