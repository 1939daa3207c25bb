"""The rules themselves, on texts made in memory: `check` (history, numbering, languages,
markup) and `protect` (the record: locked texts, backdating, translation states)."""

from __future__ import annotations

import datetime as dt

import pytest

from policy_site.check import check_markup, check_policy, check_sources
from policy_site.ledger import Ledger, Lock, lock_for
from policy_site.model import (
    Policy,
    PolicySettings,
    Severity,
    Text,
    TextUpdate,
    Update,
    UpdateKind,
    Version,
    text_sha256,
)
from policy_site.protect import (
    TranslationState,
    check_record,
    recorded_as_published,
    translation_state,
    translation_status,
)
from policy_site.sources import parse_text

SETTINGS = PolicySettings("privacy", {"ja": "プライバシーポリシー"}, "ja", ("ja", "en"))
TODAY = dt.date(2026, 6, 1)
JA = "## 第1条（目的）\n\n目的を定めます。\n\n## 第2条（利用）\n\n利用します。\n"
EN = "## Article 1 (Purpose)\n\nThe purpose.\n\n## Article 2 (Use)\n\nWe use it.\n"


def make_text(lang: str, body: str, day: str = "2026-01-01", kind: str = "enactment", **front) -> Text:
    """A version text as `sources.read_text` makes it from a file, from its parts."""
    lines = [f"effective: {day}", f"kind: {kind}", f"summary: {front.pop('summary', 'summary')}"]
    if "source" in front:
        lines += ["translation:", f"  source: {front.pop('source')}", f"  updated: {day}"]
    path = f"docs/privacy/versions/{day}.{lang}.md"
    text, _ = parse_text("---\n" + "\n".join(lines) + "\n---\n" + body, path, lang)
    return text


def make_policy(*versions: dict[str, Text]) -> Policy:
    return Policy(SETTINGS, [Version(next(iter(v.values())).effective, dict(v)) for v in versions])


def enacted(ja: str = JA, en: str | None = EN, day: str = "2026-01-01") -> dict[str, Text]:
    texts = {"ja": make_text("ja", ja, day)}
    if en is not None:
        texts["en"] = make_text("en", en, day, source=text_sha256(ja))
    return texts


def messages(problems) -> list[str]:
    return [str(p) for p in problems]


# --- check: the policy as a whole -----------------------------------------------------------


def test_a_good_policy_has_no_problems():
    assert check_policy(make_policy(enacted())) == []


def test_the_first_version_is_an_enactment_and_later_ones_amendments():
    later = {"ja": make_text("ja", JA, "2026-07-01", kind="enactment")}
    found = messages(check_policy(make_policy(enacted(en=None), later)))
    assert found == [
        "docs/privacy/versions/2026-07-01.ja.md:3: 'kind: enactment' is wrong: "
        "the later version of a policy is 'kind: amendment'"
    ]


def test_a_version_needs_its_source_text():
    only_en = {"en": make_text("en", EN, source=text_sha256(JA))}
    assert messages(check_policy(make_policy(only_en))) == [
        "docs/privacy/versions/2026-01-01.en.md:1: version 2026-01-01 has no ja text, "
        "which is the source of truth; add 2026-01-01.ja.md"
    ]


def test_a_translation_says_what_it_translates():
    texts = {"ja": make_text("ja", JA), "en": make_text("en", EN)}
    [problem] = check_policy(make_policy(texts))
    assert str(problem).startswith("docs/privacy/versions/2026-01-01.en.md:1: a translation must say")


@pytest.mark.parametrize(
    "body, expected",
    [
        (
            JA.replace("第2条", "第3条"),
            "10: '第3条（利用）' should be article 2: articles are numbered 1, 2, 3…",
        ),
        (
            JA.replace("第2条", "第1条"),
            "10: '第1条（利用）' has the same anchor '#article-1' as line 6; number",
        ),
        ("## 第1条（目的）\n\n## 第2条（利用）\n\n利用します。\n", "6: '第1条（目的）' has no text"),
    ],
    ids=["gap", "twice", "empty"],
)
def test_articles_are_numbered_once_each_without_gaps_and_have_text(body, expected):
    first = messages(check_policy(make_policy(enacted(body, en=None))))[0]
    assert first.startswith(f"docs/privacy/versions/2026-01-01.ja.md:{expected}"), first


@pytest.mark.parametrize(
    "body",
    [
        "## 第1条（目的）\n\n目的。\n\n## 第2条　削除\n\n## 第3条（利用）\n\n利用。\n",
        "## 第1条（目的）\n\n目的。\n\n## 第1条の2（定義）\n\n定義。\n\n## 第2条（利用）\n\n利用。\n",
        "## 第1条（目的）\n\n目的。\n\n## 附則\n\n### 第1条（施行期日）\n\n施行。\n",
    ],
    ids=["deleted", "branch", "supplementary"],
)
def test_deleted_branch_and_supplementary_articles_keep_the_numbering(body):
    assert check_policy(make_policy(enacted(body, en=None))) == []


@pytest.mark.parametrize(
    "en, expected",
    [
        (EN.replace("Article 1 (Purpose)", "Purpose"), "9: 'Purpose' (#purpose) is not in"),
        (
            EN.replace("Article 2", "Article 3")
            .replace("Article 1", "Article 2")
            .replace("Article 3", "Article 1"),
            "9: 'Article 2 (Purpose)' is out of order",
        ),
        (
            "## Article 1 (Purpose)\n\nThe purpose.\n",
            "9: '第2条（利用）' (docs/privacy/versions/2026-01-01.ja.md:10) is missing",
        ),
    ],
    ids=["not-in-source", "out-of-order", "missing"],
)
def test_every_language_has_the_source_articles_in_order(en, expected):
    """Reported once, at the first article that differs (a renumbering may add its own problems)."""
    problems = messages(check_policy(make_policy(enacted(en=en))))
    assert [p for p in problems if "every language" in p or "out of order" in p] == [
        p for p in problems if p.startswith(f"docs/privacy/versions/2026-01-01.en.md:{expected}")
    ]
    assert any(p.startswith(f"docs/privacy/versions/2026-01-01.en.md:{expected}") for p in problems), problems


def test_markup_the_sanitizer_drops_is_reported_where_it_is_written():
    body = JA.replace("利用します。", "利用します。<script>x()</script>")
    text = make_text("ja", body, summary="<b>x</b><iframe></iframe>")
    assert [(p.line, p.message.split(":")[0]) for p in check_markup(text)] == [
        (4, "an <iframe> element is not allowed in policy text"),  # the summary's line
        (12, "a <script> element is not allowed in policy text"),
    ]


def test_check_sources_applies_every_rule_and_changes_nothing():
    policy = make_policy(enacted())
    before = (list(policy.versions), policy.updates)
    found = check_sources(policy, Ledger(None), TODAY)
    assert [(p.path.rsplit("/", 1)[1], p.severity) for p in found] == [
        ("2026-01-01.ja.md", Severity.ERROR),  # backdated: never recorded, dated before today
        ("2026-01-01.en.md", Severity.WARNING),  # not recorded, and neither is its source
    ]
    assert (list(policy.versions), policy.updates) == before


# --- protect: the sources against the record ------------------------------------------------


def _locked(policy: Policy) -> Ledger:
    ledger = Ledger(None)
    for version in policy.versions:
        for lang, text in version.texts.items():
            ledger.record(version.id, lang, lock_for(text.body))
    return ledger


def test_recorded_texts_unchanged_pass():
    policy = make_policy(enacted())
    assert check_record(policy, _locked(policy), TODAY) == []


def test_a_text_in_effect_that_changed_is_an_error_at_its_first_changed_line():
    policy = make_policy(enacted())
    ledger = _locked(policy)
    policy.versions[0].texts["ja"] = make_text("ja", JA.replace("利用します。", "使います。"))
    [problem] = [p for p in check_record(policy, ledger, TODAY) if p.path.endswith(".ja.md")]
    assert (problem.line, problem.severity) == (12, Severity.ERROR)
    assert "is in effect and its text is locked" in problem.message
    assert "policy correct privacy 2026-01-01" in problem.message


def test_a_changed_translation_in_effect_is_recorded_as_a_translation_update():
    policy = make_policy(enacted())
    ledger = _locked(policy)
    policy.versions[0].texts["en"] = make_text(
        "en", EN.replace("We use it.", "We use it well."), source=text_sha256(JA)
    )
    [problem] = check_record(policy, ledger, TODAY)
    assert problem.is_error and "policy update-translation privacy 2026-01-01 --lang en" in problem.message


def test_an_upcoming_version_may_change_and_warns_until_it_is_recorded_again():
    policy = make_policy(enacted())
    ledger = _locked(policy)
    policy.versions[0].texts["ja"] = make_text("ja", JA.replace("利用します。", "使います。"))
    [problem] = [p for p in check_record(policy, ledger, dt.date(2025, 12, 1)) if p.path.endswith(".ja.md")]
    assert problem.severity is Severity.WARNING
    assert problem.message.startswith("this upcoming version changed since it was recorded")


def test_an_unrecorded_version_dated_before_today_is_backdated():
    problems = [p for p in check_record(make_policy(enacted(en=None)), Ledger(None), TODAY) if p.is_error]
    assert [(p.line, p.severity) for p in problems] == [(2, Severity.ERROR)]
    assert "is before today (2026-06-01 in Japan)" in problems[0].message


def test_an_unrecorded_upcoming_version_is_a_warning_until_it_is_locked():
    problems = check_record(make_policy(enacted()), Ledger(None), dt.date(2026, 1, 1))
    assert [p.severity for p in problems] == [Severity.WARNING, Severity.WARNING]
    assert all("policy lock privacy" in p.message for p in problems)


def test_translation_states():
    source = make_text("ja", JA)
    assert translation_state(source, None) == TranslationState.MISSING
    assert translation_state(source, make_text("en", EN, source=source.sha256)) == TranslationState.CURRENT
    assert translation_state(source, make_text("en", EN, source="0" * 64)) == TranslationState.OUTDATED
    assert translation_state(source, make_text("en", EN)) == TranslationState.OUTDATED


def test_a_translation_of_a_corrected_source_translates_its_earlier_text():
    earlier = make_text("ja", JA)
    later = make_text("ja", JA.replace("利用します。", "使います。"))
    policy = make_policy({"ja": later, "en": make_text("en", EN, source=earlier.sha256)})
    update = Update(
        dt.date(2026, 3, 1),
        "2026-01-01",
        "ja",
        UpdateKind.CORRECTION,
        "typo",
        earlier.sha256,
        later.sha256,
        "earlier/x.md",
    )
    policy.updates = (TextUpdate(update, earlier, later),)
    status = translation_status(policy, policy.versions[0], "en")
    assert (status.state, status.translates, status.earlier) == (
        TranslationState.OUTDATED,
        "2026-01-01",
        True,
    )
    [problem] = check_record(policy, _locked(policy), TODAY)
    assert problem.severity is Severity.WARNING and "translates an earlier text of" in problem.message


def test_a_translation_made_from_another_version_is_fine_once_recorded_so():
    first = enacted()
    second = {
        "ja": make_text("ja", JA.replace("目的を", "目的と範囲を"), "2026-03-01", "amendment"),
        "en": make_text("en", EN, "2026-03-01", "amendment", source=text_sha256(JA)),
    }
    policy = make_policy(first, second)
    ledger = _locked(policy)
    version = policy.versions[1]
    status = translation_status(policy, version, "en")
    assert (status.state, status.translates) == (TranslationState.OUTDATED, "2026-01-01")
    assert not recorded_as_published(ledger, version, "en", status)
    [problem] = check_record(policy, ledger, TODAY)
    assert "it translates the text of version 2026-01-01" in problem.message
    ledger.locks["2026-03-01"]["en"] = Lock(ledger.locks["2026-03-01"]["en"].sha256, (), "2026-01-01")
    assert recorded_as_published(ledger, version, "en", status)
    assert check_record(policy, ledger, TODAY) == []
