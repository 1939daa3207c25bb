"""A version's text as schema.org `Legislation` (JSON-LD): which text is binding and which is a
reference translation, when the policy was enacted and which version this is, and the hash of
the text, for search engines and archives that read the page's data rather than its words.

The text on a page is one file of the policy in one language, so it is also a
`LegislationObject`: schema.org gives `legislationLegalValue` to that type.
"""

from __future__ import annotations

import json
from typing import Any

from .pages import PolicyPage, VersionPage
from .views import PolicyView, VersionView

AUTHORITATIVE = "https://schema.org/AuthoritativeLegalValue"
UNOFFICIAL = "https://schema.org/UnofficialLegalValue"
TYPES = ["Legislation", "LegislationObject"]

# Inside <script>, "</script>" or "<!--" would end or change the element: JSON may write these
# characters as escapes, and a JSON reader reads the same string back.
_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def absolute(site_url: str, url: str) -> str:
    """A URL of the site as data holds it: absolute when the site's address is known, else from
    the site's root (as `versions.json` writes it)."""
    return (site_url.rstrip("/") + "/" if site_url else "/") + url


def _work(url: str, lang: str) -> dict[str, Any]:
    """Another language's text of the same version, by its address."""
    return {"@type": "Legislation", "@id": url, "url": url, "inLanguage": lang}


def legislation(
    policy: PolicyView, version: VersionView, lang: str, sha256: str, site_url: str = ""
) -> dict[str, Any]:
    """The `Legislation` of `version`'s text in `lang`: authoritative in the policy's source
    language, unofficial in a translation, which is based on the source text."""
    urls = {code: absolute(site_url, url) for code, url in version.text_urls}
    url, source = urls[lang], policy.source_lang
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": TYPES,
        "@id": url,
        "url": url,
        "name": policy.title,
        "inLanguage": lang,
        "legislationLegalValue": AUTHORITATIVE if lang == source else UNOFFICIAL,
        "legislationDate": policy.versions[0].effective.isoformat(),
        "legislationDateVersion": version.effective.isoformat(),
        "identifier": {"@type": "PropertyValue", "propertyID": "sha256", "value": sha256},
    }
    if lang == source:
        translations = [_work(u, code) for code, u in urls.items() if code != source]
        if translations:
            data["workTranslation"] = translations
    elif source in urls:
        data["isBasedOn"] = urls[source]
        data["translationOfWork"] = _work(urls[source], source)
    return data


def page_legislation(page: PolicyPage | None, site_url: str = "") -> dict[str, Any] | None:
    """The `Legislation` a page shows the text of: a version's page or the current page with a
    text in its language; None for every other page (an earlier text, a missing translation)."""
    if not isinstance(page, VersionPage) or page.is_earlier or page.text is None or page.version is None:
        return None
    return legislation(page.policy, page.version, page.lang, page.text.sha256, site_url)


def script_json(data: dict[str, Any]) -> str:
    """`data` as JSON to write inside a `<script>` element as it is."""
    return json.dumps(data, ensure_ascii=False, indent=1).translate(_SCRIPT_SAFE)
