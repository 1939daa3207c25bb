"""schema.org `Legislation` (JSON-LD) on the version pages and the current page: which text is
binding, which is a translation of which, the dates and the text's hash; checked against the
schema.org vocabulary's own definitions of the terms it uses."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from conftest import FIXTURES
from htmlscan import parse
from policy_site.structured import AUTHORITATIVE, UNOFFICIAL, script_json
from test_site_golden import EFFECTIVE, revised  # noqa: F401 (the fixture)

SITE = "https://policies.example.org/"
ENACTED = "2019-07-01"
TERMS = json.loads((FIXTURES / "schemaorg-terms.json").read_text("utf-8"))


def _legislation(site, path: str) -> tuple[dict, str]:
    """The page's one JSON-LD data block, read as JSON, and the hash the page shows."""
    root = parse((site / path / "index.html").read_text("utf-8"))
    blocks = [s for s in root.find_all("script") if s.attrs.get("type") == "application/ld+json"]
    assert len(blocks) == 1, path
    shown = root.find("div", cls="policy-hash").find("code").text()
    return json.loads(blocks[0].text()), shown


def _versions(site) -> dict:
    data = json.loads((site / "privacy" / "versions.json").read_text("utf-8"))
    return {v["id"]: v for v in data["versions"]}


# (page, language, version shown, permanent URL of its text)
PAGES = [
    (f"privacy/versions/{EFFECTIVE}", "ja", EFFECTIVE, f"privacy/versions/{EFFECTIVE}/"),
    (f"en/privacy/versions/{EFFECTIVE}", "en", EFFECTIVE, f"en/privacy/versions/{EFFECTIVE}/"),
    (f"privacy/versions/{ENACTED}", "ja", ENACTED, f"privacy/versions/{ENACTED}/"),
    (f"en/privacy/versions/{ENACTED}", "en", ENACTED, f"en/privacy/versions/{ENACTED}/"),
    ("privacy", "ja", EFFECTIVE, f"privacy/versions/{EFFECTIVE}/"),
    ("en/privacy", "en", EFFECTIVE, f"en/privacy/versions/{EFFECTIVE}/"),
]


@pytest.mark.parametrize("path, lang, version, url", PAGES)
def test_each_text_says_what_it_is(revised, path, lang, version, url):  # noqa: F811
    data, shown = _legislation(revised.site, path)
    assert data["@context"] == "https://schema.org"
    assert "Legislation" in data["@type"]
    assert data["url"] == data["@id"] == SITE + url
    assert data["name"] == {"ja": "プライバシーポリシー", "en": "Privacy Policy"}[lang]
    assert data["inLanguage"] == lang
    assert data["legislationDate"] == ENACTED
    assert data["legislationDateVersion"] == version
    sha256 = _versions(revised.site)[version]["sha256"][lang]
    assert data["identifier"] == {"@type": "PropertyValue", "propertyID": "sha256", "value": sha256}
    assert shown == sha256
    source = SITE + f"privacy/versions/{version}/"
    if lang == "ja":
        assert data["legislationLegalValue"] == AUTHORITATIVE == "https://schema.org/AuthoritativeLegalValue"
        assert [w["url"] for w in data["workTranslation"]] == [SITE + f"en/privacy/versions/{version}/"]
        assert [w["inLanguage"] for w in data["workTranslation"]] == ["en"]
        assert "isBasedOn" not in data and "translationOfWork" not in data
    else:
        assert data["legislationLegalValue"] == UNOFFICIAL == "https://schema.org/UnofficialLegalValue"
        assert data["isBasedOn"] == source
        assert data["translationOfWork"]["url"] == source
        assert data["translationOfWork"]["inLanguage"] == "ja"
        assert "workTranslation" not in data


def _types_of(node: dict) -> list[str]:
    types = node["@type"]
    return types if isinstance(types, list) else [types]


def _with_superclasses(types: list[str]) -> set[str]:
    seen, todo = set(), list(types)
    while todo:
        cls = todo.pop()
        if cls not in seen:
            seen.add(cls)
            todo += TERMS["classes"].get(cls, [])
    return seen


def _fits(value, ranges: list[str]) -> bool:
    """Whether a value is of one of a property's expected types, as schema.org defines them."""
    if isinstance(value, dict):
        return bool(_with_superclasses(_types_of(value)) & set(ranges))
    if value.startswith("https://schema.org/"):
        member = value.removeprefix("https://schema.org/")
        return any(cls in ranges for cls in TERMS["members"].get(member, []))
    if "Date" in ranges and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return dt.date.fromisoformat(value) is not None
    if "URL" in ranges and value.startswith("https://"):
        return True
    return "Text" in ranges or "Language" in ranges


def _check_node(node: dict) -> list[str]:
    """Every property of a node (and of the nodes inside it) used where schema.org defines it,
    with a value of a type schema.org expects."""
    problems = []
    types = _with_superclasses(_types_of(node))
    for key, value in node.items():
        if key.startswith("@"):
            continue
        term = TERMS["properties"].get(key)
        if term is None:
            problems.append(f"{key}: not a term checked here")
            continue
        if not types & set(term["domain"]):
            problems.append(f"{key}: not a property of {sorted(types)}")
        for item in value if isinstance(value, list) else [value]:
            if not _fits(item, term["range"]):
                problems.append(f"{key}: {item!r} is not of {term['range']}")
            if isinstance(item, dict):
                problems += _check_node(item)
    return problems


@pytest.mark.parametrize("path", [f"privacy/versions/{EFFECTIVE}", f"en/privacy/versions/{ENACTED}"])
def test_the_data_uses_schema_org_terms_where_schema_org_defines_them(revised, path):  # noqa: F811
    data, _ = _legislation(revised.site, path)
    assert _check_node(data) == []


def test_only_pages_of_a_version_text_carry_it(revised):  # noqa: F811
    for path in ("privacy/history", "privacy/bilingual", f"privacy/versions/{EFFECTIVE}/changes", ""):
        assert "application/ld+json" not in (revised.site / path / "index.html").read_text("utf-8"), path


def test_the_data_cannot_end_its_script_element():
    text = script_json({"name": "</script><!-- a & b -->"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"name": "</script><!-- a & b -->"}
