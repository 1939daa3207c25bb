"""Properties of the core that must hold for any input, checked with hypothesis.

Examples per property: 300 in a normal run; `HYPOTHESIS_PROFILE=thorough` runs 5,000.
Derandomized and without an example database, so every run checks the same examples.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from policy_site.align import SIMILAR, similarity
from policy_site.blockpairs import block_text
from policy_site.check import check_markup
from policy_site.diff import _section_text, diff_documents
from policy_site.model import Document
from policy_site.parse import parse_body, parse_front_matter
from policy_site.render import document_html
from policy_site.sources import read_text
from policy_site.textdiff import Op, diff_text, normalise

_COMMON = {"derandomize": True, "database": None, "deadline": None}
settings.register_profile("default", max_examples=300, **_COMMON)
settings.register_profile(
    "thorough", max_examples=5000, suppress_health_check=[HealthCheck.too_slow], **_COMMON
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


# The odd characters a policy file might hold, by kind. Each kind comes as a run of characters
# drawn at once: a draw per character made generating cost more than the code under test.
def _run(alphabet, max_size: int = 2) -> st.SearchStrategy[str]:
    return st.text(alphabet, min_size=1, max_size=max_size)


CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
STRUCTURE = "第条（）()1234567890.。、,#-:{}<>①②アイ・※　 \t\n"
TOKENS = st.sampled_from(["第", "（", "Article ", "## ", "\n ## ", "\n\t# ", "<!--", "-->", "\n\n"])
ODD = {
    "CJK": _run(CJK),
    "half-width kana": _run(st.characters(min_codepoint=0xFF61, max_codepoint=0xFF9F)),
    "combining marks": _run(st.characters(min_codepoint=0x0300, max_codepoint=0x036F)),
    "right-to-left": _run("אבגדהשלוםمرحبا\u200f\u202e\u202b\u061c"),
    "emoji": _run(st.characters(min_codepoint=0x1F300, max_codepoint=0x1FAFF))
    | st.sampled_from(["👨‍👩‍👧", "🇯🇵"]),
    "zero-width": _run("\u200b\u200c\u200d\u2060\ufeff"),
    "NUL and controls": _run(st.characters(max_codepoint=0x1F)),
    "lone surrogates": _run(st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)),
    "structure": _run(STRUCTURE) | TOKENS,
    "anything": _run(st.characters(exclude_categories=())),
}
odd_text = st.lists(st.one_of(*ODD.values()), max_size=16).map("".join)

LABELS = ["", "1. ", "2. ", "（1）", "(2) ", "①", "ア　", "ⅰ) ", "・", "※"]
# Few long runs rather than many short ones: the number of draws, not their length, is the cost.
# CJK is listed twice to keep its share of words from before.
words = st.lists(
    st.one_of(_run(CJK, 5), _run(CJK, 5), _run(STRUCTURE, 5), TOKENS, _run("abc de,fg. ", 5)),
    min_size=1,
    max_size=5,
).map("".join)
block = st.builds(
    lambda label, body: label + body.replace("\n", " ").strip() or "x", st.sampled_from(LABELS), words
)
preamble = st.lists(block, max_size=2)
paragraphs = st.lists(block, min_size=1, max_size=4)


def _heading(number: int, title: str, lang_ja: bool) -> str:
    title = title.replace("\n", " ").strip() or "t"
    return f"## 第{number}条（{title}）" if lang_ja else f"## Article {number} ({title})"


@st.composite
def policy_text(draw) -> str:
    """A version body as editors write one: a preamble, then numbered or plain sections."""
    lang_ja = draw(st.booleans())
    parts = draw(preamble)
    titles = draw(st.lists(words, min_size=1, max_size=6))
    for number, title in enumerate(draw(st.lists(st.sampled_from(titles), max_size=6)), 1):
        parts.append(_heading(number, title, lang_ja))
        parts += draw(paragraphs)
    return "\n\n".join(parts) + "\n"


@st.composite
def two_versions(draw):
    """Two texts sharing sections and paragraphs, as an amendment shares them with its base."""
    shared = draw(st.lists(block, min_size=1, max_size=6))
    titles = draw(st.lists(words, min_size=1, max_size=5))
    lang_ja = draw(st.booleans())  # both versions in one language, as an amendment is
    # Built once per pair, not once per article: building and validating them cost more than drawing.
    captions = st.lists(st.sampled_from(titles), max_size=7)
    old_or_new = st.lists(st.sampled_from(shared) | block, min_size=1, max_size=4)

    def version():
        parts = [draw(st.sampled_from(shared))]
        for number, title in enumerate(draw(captions), 1):
            parts.append(_heading(number, title, lang_ja))
            parts += draw(old_or_new)
        return "\n\n".join(parts) + "\n"

    return version(), version()


def _document(text: str) -> Document:
    return parse_body("x.md", text)[0]


def _shape(document: Document):
    """A document without line numbers: what parsing must give again."""
    return (
        [(b.kind, b.label, b.body) for b in document.preamble],
        [
            (s.key, s.heading, s.title, s.number, [(b.kind, b.label, b.body) for b in s.blocks])
            for s in document.sections
        ],
    )


def _rebuild(spans, old: bool) -> str:
    return "".join(
        (s.old if s.op == Op.RENUMBER else s.text) if old else s.text
        for s in spans
        if s.op != (Op.INSERT if old else Op.DELETE)
    )


@given(old=odd_text, new=odd_text, lang=st.sampled_from(["ja", "en", "ko"]))
def test_both_texts_can_be_rebuilt_from_their_diff(old, new, lang):
    spans = diff_text(old, new, lang)
    assert _rebuild(spans, old=True) == normalise(old, lang)
    assert _rebuild(spans, old=False) == normalise(new, lang)


@pytest.mark.slow
@given(versions=two_versions(), lang=st.sampled_from(["ja", "en"]))
def test_a_document_diff_rebuilds_both_versions_and_pairs_each_part_once(versions, lang):
    old, new = map(_document, versions)
    diff = diff_documents(old, new, lang)
    # Every article of each version appears exactly once: none paired twice, none lost.
    olds = Counter(id(s.old) for s in diff.sections if s.old is not None)
    news = [s.new for s in diff.sections if s.new is not None]
    assert sorted(olds.values()) == [1] * len(old.sections)
    assert set(olds) == {id(s) for s in old.sections}
    assert [id(s) for s in news] == [id(s) for s in new.sections]  # in the new reading order
    # Every paragraph too, and each one's text comes back from its spans.
    old_blocks, new_blocks = [], []
    for section in diff.all_sections:
        for b in section.blocks:
            if b.old is not None:
                old_blocks.append(id(b.old))
                assert _rebuild(b.spans, old=True) == block_text(b.old, lang)
            if b.new is not None:
                new_blocks.append(id(b.new))
                assert _rebuild(b.spans, old=False) == block_text(b.new, lang)

    def every(d):
        return [id(b) for s in d.sections for b in s.blocks] + [id(b) for b in (*d.preamble, *d.footnotes)]  # noqa: E731

    assert sorted(old_blocks) == sorted(every(old))
    assert sorted(new_blocks) == sorted(every(new))


@pytest.mark.slow
@given(text=policy_text() | odd_text, lang=st.sampled_from(["ja", "en"]))
def test_the_diff_of_a_text_with_itself_is_empty(text, lang):
    document = _document(text)
    diff = diff_documents(document, document, lang)
    assert not diff.changed
    assert all(span.op == Op.EQUAL for s in diff.all_sections for b in s.blocks for span in b.spans)


@pytest.mark.slow
@given(text=policy_text() | odd_text)
@example(text="## ## ")  # found by an earlier thorough run: an empty heading
@example(text="x\n ## y")  # an indented line that reads as a heading in other dialects
@example(text="a\n- b\n  - c\n\n[^1]: d\n\ne[^1]")
def test_parsing_is_stable_and_blocks_come_in_reading_order(text):
    first = _document(text)
    assert _shape(_document(text)) == _shape(first)
    last = len(re.split(r"\r\n|\r|\n", text))  # CommonMark's line endings, as editors show them
    lines = [(b.line, b) for b in first.preamble]
    for section in first.sections:
        lines.append((section.line, None))
        lines += [(b.line, b) for b in section.blocks]
    # Footnote definitions are shown, and kept, at the end, wherever they are written.
    ordered = [line for line, b in lines if b is None or not b.label.startswith("[")]
    assert ordered == sorted(ordered)
    assert all(1 <= line <= last for line, _ in lines)


@pytest.mark.slow
@given(text=odd_text | policy_text(), front=odd_text)
def test_random_unicode_gives_a_result_or_a_clear_error(text, front):
    """Front matter and text of any characters: parsed, checked, rendered, diffed; no traceback."""
    for content in (
        f"---\n{front}\n---\n{text}",
        f"---\neffective: 2020-01-01\nkind: enactment\nsummary: {front}\n---\n{text}",
    ):
        meta, body, line, problems = parse_front_matter("x.md", content)
        assert all(p.path == "x.md" and p.line >= 1 and p.message for p in problems)
        document, problems = parse_body("x.md", body, max(line, 1))
        assert all(p.line >= 1 and p.message for p in problems)
        document_html(document)
        diff_documents(document, _document(text + "\n\nEnd."), "ja")


@given(content=st.binary(max_size=300) | odd_text.map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_a_file_of_any_bytes_is_read_or_refused_with_its_line(content):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "2020-01-01.ja.md"
        path.write_bytes(b"---\neffective: 2020-01-01\nkind: enactment\nsummary: s\n---\n" + content)
        text, problems = read_text(path, "x.md", "ja")
        assert all(p.line >= 1 and p.message for p in problems)
        if text is not None:
            check_markup(text)
            document_html(text.document)


@pytest.mark.slow
@given(versions=two_versions())
def test_articles_with_other_captions_pair_only_by_their_text(versions):
    """No two articles with different captions and different text are ever one article,
    whatever their numbers (issue 15): a pair of such articles shares most of its text."""
    old, new = map(_document, versions)
    for section in diff_documents(old, new, "ja").sections:
        o, n = section.old, section.new
        if o is None or n is None or o.number is None or n.number is None or o.title == n.title:
            continue
        texts = (normalise(_section_text(o), "ja"), normalise(_section_text(n), "ja"))
        assert similarity(*texts, "ja") >= SIMILAR, (o.heading, n.heading)
