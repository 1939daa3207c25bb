"""The static navigation of `mkdocs.yml`, made right for each language of the site.

`nav:` names pages such as `privacy/index.md` once for every language. In a language a policy
does not have, that page does not exist: each entry of such a policy becomes a link to the
same page in the policy's source language instead, so every language's navigation lists every
policy and none leads nowhere.
"""

from __future__ import annotations

from collections.abc import Mapping


def page_url(path: str) -> str:
    """The directory URL of a Markdown path: `privacy/index.md` → `privacy/`."""
    stem = path.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def nav_for_language(nav, elsewhere: Mapping[str, str], base_path: str = "") -> tuple[object, dict[str, str]]:
    """`nav` with every entry of a policy in `elsewhere` (policy id → the URL prefix of the
    language to link instead, "" or "en/") turned into an absolute link to that page.

    Returns the new navigation and the links made, as {link: policy id}. `base_path` is the
    path of the site's address (`/repo` for a project site), so the links work under it.
    """
    links: dict[str, str] = {}

    def convert(item):
        if isinstance(item, str):
            if "://" in item or item.startswith("/"):
                return item
            policy_id = item.split("/", 1)[0]
            if policy_id not in elsewhere or "/" not in item:
                return item
            link = f"{base_path}/{elsewhere[policy_id]}{page_url(item)}"
            links[link] = policy_id
            return link
        if isinstance(item, list):
            return [convert(child) for child in item]
        if isinstance(item, dict):
            return {title: convert(value) for title, value in item.items()}
        return item

    return convert(nav), links
