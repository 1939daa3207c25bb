"""The CommonMark reading of a body: sections, blocks, anchors, HTML and refused markup."""

from __future__ import annotations

import pytest

from policy_site import markup
from policy_site.anchors import align_anchors, pair_sections
from policy_site.body import parse_body
from policy_site.diff import diff_documents
from policy_site.model import BlockKind, Role
from policy_site.render import document_html, spans_html


def _parse(text: str, first_line: int = 1):
    document, problems = parse_body("x.md", text, first_line)
    return document, problems


def _blocks(document):
    return [*document.preamble, *(b for s in document.sections for b in s.blocks)]


@pytest.mark.parametrize(
    "text, expected",
    [
        # a list straight after a paragraph line is a list, as on GitHub
        ("We share it for:\n- security\n- support\n", [("p", 0, ""), ("li", 1, ""), ("li", 1, "")]),
        # nested by two spaces and by four
        ("- a\n  - b\n    - c\n", [("li", 1, ""), ("li", 2, ""), ("li", 3, "")]),
        ("1. a\n    1. b\n", [("li", 1, "1. "), ("li", 2, "1. ")]),
        # ordered lists keep their numbers as written; 1. 1. 1. is numbered in order
        ("3. a\n5. b\n", [("li", 1, "3. "), ("li", 1, "5. ")]),
        ("1. a\n1. b\n1. c\n", [("li", 1, "1. "), ("li", 1, "2. "), ("li", 1, "3. ")]),
        ("> quoted\n", [("p", 0, "")]),
        ("| a | b |\n|:-|-:|\n| x | y |\n", [("tr", 0, ""), ("tr", 0, "")]),
        ("```\ncode\n```\n", [("code", 0, "")]),
        ("---\n", [("hr", 0, "")]),
    ],
)
def test_blocks_are_what_commonmark_makes_of_the_text(text, expected):
    document, problems = _parse(text)
    assert problems == []
    assert [(b.role.value, b.depth, b.label) for b in _blocks(document)] == expected


@pytest.mark.parametrize(
    "text, kind, label",
    [
        ("（1）法令に基づく場合", BlockKind.ITEM, "（1）"),
        ("２　前項の規定にかかわらず、", BlockKind.PARAGRAPH, "２　"),
        ("一　個人情報　生存する個人に関する情報", BlockKind.ITEM, "一　"),
        ("①第三者に提供すること", BlockKind.SUBITEM, "①"),
        ("ア　マーケティング業務", BlockKind.SUBSUBITEM, "ア　"),
        ("・本サービスの提供のため", BlockKind.BULLET, "・"),
        ("※ただし、法令の定めによる場合を除きます。", BlockKind.NOTE, "※"),
    ],
)
def test_drafting_labels_are_kept_as_written_and_set_the_level(text, kind, label):
    document, _ = _parse(f"## 第1条（目的）\n\n{text}\n")
    block = document.sections[0].blocks[0]
    assert (block.kind, block.label, block.label + block.body) == (kind, label, text)
    assert f'<span class="policy-label">{label.strip()}</span>' in document.sections[0].html


@pytest.mark.parametrize(
    "text, sections",
    [
        # a text whose sections start at ### reads like one starting at ##
        ("### A\n\nx\n\n### B\n\ny\n", [("a", 2), ("b", 2)]),
        # nested headings; a heading followed straight by a sub-heading
        ("## Part\n### One\n\nx\n", [("part", 2), ("one", 3)]),
        # a text's own title is not a section
        ("# Privacy Statement\n\n## Scope\n\nx\n", [("scope", 2)]),
        # repeated headings get -1, -2, as GitHub makes them; ids written in the text win
        ("## Why?\n\nx\n\n## Why?\n\ny\n", [("why", 2), ("why-1", 2)]),
        ("## Contact us {: #contact }\n\nx\n", [("contact", 2)]),
        ("## Contact us {#contact}\n\nx\n", [("contact", 2)]),
        # statutes: 章, 条の2, 削除, 附則 with articles numbered afresh
        (
            "## 第1章　総則\n### 第1条（目的）\n\nx\n\n### 第1条の2（定義）\n\ny\n\n### 第2条　削除\n\n"
            "## 附則\n### 第1条（施行期日）\n\nz\n",
            [
                ("chapter-1", 2),
                ("article-1", 3),
                ("article-1-2", 3),
                ("article-2", 3),
                ("supplementary", 2),
                ("supplementary-article-1", 3),
            ],
        ),
    ],
)
def test_sections_and_their_anchors(text, sections):
    document, problems = _parse(text)
    assert problems == []
    assert [(s.key, s.level) for s in document.sections] == sections


def test_attribute_lists_are_honoured_and_never_shown():
    document, _ = _parse('Effective: May 23, 2019\n{: datetime="2019-05-23" }\n\nText.\n{: .note }\n')
    html = document_html(document)
    assert "{:" not in html
    assert '<p class="note policy-block policy-plain">Text.</p>' in html
    assert "datetime" not in html  # not an attribute of a paragraph: dropped quietly


@pytest.mark.parametrize(
    "text, line, what",
    [
        ("a\n\nb <script>alert(1)</script>\n", 3, "a <script> element"),
        ('a\n\n<img src="x"\nonerror="alert(1)"> b\n', 3, "an event-handler attribute"),
        ("a\n\n[x](java&#x09;script:alert(1))\n", 3, "a javascript: URL"),
        ("a\n\nText. {: onclick=alert(1) }\n", 3, "an event-handler attribute"),
        ("a\n\n![tracker](https://example.com/pixel.gif)\n", 3, "an image from another site"),
        ("<iframe src=x></iframe>\n", 1, "an <iframe> element"),
    ],
)
def test_markup_the_sanitizer_drops_is_noted_with_its_line(text, line, what):
    document, _ = _parse(text, first_line=1)
    assert any(found_line == line and found.startswith(what) for found_line, found in document.refused), (
        document.refused
    )
    html = document_html(document)
    assert "<script" not in html and "onerror" not in html and "javascript" not in html


def test_table_alignment_is_a_class_not_a_style():
    document, _ = _parse("| a | b | c |\n|:-|:-:|-:|\n| 1 | 2 | 3 |\n")
    html = document_html(document)
    assert "style=" not in html
    for align in ("left", "center", "right"):
        assert f'class="policy-align-{align}"' in html


def _spans(old: str, new: str, lang: str = "en"):
    diff = diff_documents(_parse(old)[0], _parse(new)[0], lang)
    changed = [b for s in diff.all_sections for b in s.blocks if b.change != "unchanged"]
    assert len(changed) == 1, changed
    return changed[0]


def _gettext(message):
    return message


def test_a_word_changed_inside_a_link_stays_inside_the_link():
    block = _spans(
        "See [our privacy page](https://x.org/p).\n", "See [our privacy notice](https://x.org/p).\n"
    )
    html = spans_html(block.spans, "both", _gettext)
    assert html.startswith('See <a href="https://x.org/p">our privacy <del>')
    assert '<ins><span class="policy-sr">[added]</span>notice' in html
    assert html.endswith("</a>.")


def test_a_changed_link_target_is_shown():
    block = _spans("See [our page](https://x.org/a).\n", "See [our page](https://x.org/b).\n")
    html = spans_html(block.spans, "both", _gettext)
    assert '<a href="https://x.org/a"><del>' in html and '<a href="https://x.org/b"><ins>' in html
    assert spans_html(block.spans, "new", _gettext) == 'See <a href="https://x.org/b">our page</a>.'


def test_each_side_of_a_diff_is_well_nested():
    block = _spans("Keep *this* and **that**.\n", "Keep this and **that too**.\n")
    old = spans_html(block.spans, "old", _gettext)
    new = spans_html(block.spans, "new", _gettext)
    assert old.count("<em>") == old.count("</em>") == 1
    assert "<em>" not in new and new.count("<strong>") == new.count("</strong>") == 1


def test_a_paragraph_deleted_whole_is_one_deletion_round_its_links():
    """One <del> and one pair of screen-reader words for the paragraph, its link inside it and
    leading to the old version; not a deletion per piece between links and emphasis."""
    block = _spans("Kept.\n\nSee [our *old* page](#a) or ask.\n", "Kept.\n")
    assert block.change == "removed"
    html = spans_html(block.spans, "both", _gettext, "new/", "old/")
    assert html == (
        '<del><span class="policy-sr">[deleted]</span>See <a href="old/#a">our <em>old</em> page</a>'
        ' or ask.<span class="policy-sr">[end of deletion]</span></del>'
    )
    assert spans_html(block.spans, "old", _gettext, "old/") == html
    added = _spans("Kept.\n", "Kept.\n\nSee [our page](#a).\n")
    assert spans_html(added.spans, "new", _gettext, "new/").count("<ins>") == 1


def test_a_table_row_deleted_whole_is_marked_cell_by_cell():
    block = _spans("| a | b |\n|-|-|\n| x | y |\n| p | q |\n", "| a | b |\n|-|-|\n| x | y |\n")
    assert block.change == "removed"
    html = spans_html(block.spans, "both", _gettext)
    assert html.count("<del>") == 2 and html.count("</del>") == 2


def test_a_table_cell_changed_is_marked_in_its_cell():
    block = _spans("| a | b |\n|-|-|\n| x | 365 |\n", "| a | b |\n|-|-|\n| x | 180 |\n")
    assert block.new.role == Role.TABLE_ROW
    assert markup.plain(block.new.body) == "x180"


def test_a_translation_takes_the_anchors_of_its_source_by_structure():
    source, _ = _parse("## How we share\n\nx\n\n## Your rights\n\ny\n\n## Contact {: #contact }\n\nz\n")
    translation, _ = _parse("## Weitergabe\n\nx\n\n## Ihre Rechte\n\ny\n\n## Kontakt {: #contact }\n\nz\n")
    aligned = align_anchors(source, translation)
    assert [s.key for s in aligned.sections] == ["how-we-share", "your-rights", "contact"]
    assert [s.heading for s in aligned.sections] == ["Weitergabe", "Ihre Rechte", "Kontakt"]


def test_a_translation_with_a_heading_more_still_pairs_the_rest():
    source, _ = _parse("## A\n\nx\n\n## B\n\ny\n")
    translation, _ = _parse("## A1\n\nx\n\n### Extra\n\nw\n\n## B1\n\ny\n")
    pairs = pair_sections(source.sections, translation.sections)
    assert [(o and o.key, t and t.key) for o, t in pairs] == [("a", "a1"), (None, "extra"), ("b", "b1")]


def test_a_comment_is_no_block():
    document, problems = _parse("<!-- markdownlint-disable -->\n\nEffective date: May 23, 2019\n")
    assert problems == [] and [b.role for b in document.preamble] == [Role.PARAGRAPH]


@pytest.mark.parametrize(
    "heading, key, number",
    [
        ("第十七条（委託）", "article-17", 17),
        ("第５条の２（匿名加工情報）", "article-5-2", 5),
        ("第2条の2の3（定義）", "article-2-2-3", 2),
        ("第3条から第5条まで　削除", "article-3-to-5", 3),
        ("第二編　総則", "part-2", None),
        ("別表第一", "table-1", None),
        ("様式", "form", None),
        ("附則（令和6年4月1日）", "supplementary-令和6年4月1日", None),
    ],
)
def test_statute_headings_get_their_anchors(heading, key, number):
    document, problems = _parse(f"## {heading}\n\n本文\n")
    assert problems == []
    assert [(s.key, s.number) for s in document.sections] == [(key, number)]


def test_a_range_of_deleted_articles_keeps_their_numbers():
    from policy_site.check import _check_numbering

    document, _ = _parse("## 第1条（目的）\n\nx\n\n## 第2条から第4条まで　削除\n\n## 第5条（取得）\n\ny\n")
    assert _check_numbering("x.md", document.sections) == []


def test_a_cross_reference_in_kanji_follows_the_renumbering():
    old = "## 第一条（目的）\n\n第二条に定める情報を扱う。\n\n## 第二条（定義）\n\n定義する。\n"
    new = (
        "## 第一条（目的）\n\n第三条に定める情報を扱う。\n\n## 第二条（適用）\n\n適用する。\n\n"
        "## 第三条（定義）\n\n定義する。\n"
    )
    diff = diff_documents(_parse(old)[0], _parse(new)[0], "ja")
    first = diff.sections[0].blocks[0]
    assert [(s.op.value, s.text, s.old) for s in first.spans if s.op != "equal"] == [("renumber", "三", "二")]
    moved = diff.sections[2]
    assert moved.renumbered and [
        (s.op.value, s.text, s.old) for s in moved.heading_spans if s.op != "equal"
    ] == [("renumber", "三", "二")]
    old_side = spans_html(moved.heading_spans, "old", _gettext)
    assert "(renumbered to 三)" in old_side and old_side.startswith("第<span")
