"""The real-world fixture corpus (tests/fixtures/corpus): copied, imported and built as an adopter
would, and read back: the visible text of a page's content area, and a page's policy text as a
normalised tree to compare with markdown-it's own HTML of the same Markdown."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

from conftest import FIXTURES, ROOT, Build, made_once, mkdocs_build, policy_cli
from htmlscan import Element, classes

CORPUS = FIXTURES / "corpus"
SITES = {  # fixture site: its one policy
    "catalogue": "privacy-notice",
    "github": "github-privacy-statement",
    "mozilla": "firefox-privacy-notice",
}
# 2026-11-29 UTC: after every version of every corpus policy, so all of them are history.
EPOCH = {"SOURCE_DATE_EPOCH": "1796000000"}


@dataclass
class CorpusSite:
    """One corpus site after `policy import`, `policy check` and `mkdocs build --strict`."""

    name: str
    project: Path
    imported: str
    checked: str
    build: Build | None  # None when import or check failed: the build was not tried

    @property
    def site(self) -> Path:
        return self.project / "site"

    def failure(self) -> str | None:
        """Why the site was not built as an adopter would build it, or None."""
        if self.imported.startswith("problem"):
            return "policy import failed:\n" + self.imported
        if self.checked.startswith("problem") or not self.checked:
            return "policy check failed:\n" + self.checked
        if self.build is None or self.build.returncode != 0:
            return "mkdocs build --strict failed:\n" + (self.build.output if self.build else "")
        return None


def corpus_project(name: str, dest: Path) -> Path:
    """A copy of the corpus site `name` in `dest`, using this repository's templates."""
    shutil.copytree(CORPUS / name, dest, dirs_exist_ok=True)
    config = dest / "mkdocs.yml"
    text = config.read_text("utf-8")
    assert "custom_dir: ../../../../overrides" in text
    config.write_text(
        text.replace("custom_dir: ../../../../overrides", f"custom_dir: {ROOT / 'overrides'}"), "utf-8"
    )
    return dest


def _outcome(result) -> str:
    text = result.stdout + result.stderr
    return text if result.returncode == 0 else f"problem (exit {result.returncode}):\n{text}"


def import_and_build(name: str, dest: Path) -> CorpusSite:
    """`policy import`, `policy check`, then `mkdocs build --strict`, each only if the one
    before succeeded, as an adopter runs them."""
    project = corpus_project(name, dest)
    imported = _outcome(policy_cli(project, "import", SITES[name], env=EPOCH))
    checked = build = None
    if not imported.startswith("problem"):
        checked = _outcome(policy_cli(project, "check", "--strict", "--strict", env=EPOCH))
        if not checked.startswith("problem"):
            build = mkdocs_build(project, EPOCH)
    return CorpusSite(name, project, imported, checked or "", build)


def built_once(tmp_path_factory, name: str) -> CorpusSite:
    """The corpus site `name`, imported and built once per test run for every test that reads it."""
    return made_once(tmp_path_factory, f"corpus-{name}", lambda dest: import_and_build(name, dest))


def languages(name: str) -> tuple[str, list[str]]:
    """The default language of a corpus site and every language it builds."""
    config = yaml.load((CORPUS / name / "mkdocs.yml").read_text("utf-8"), Loader=yaml.Loader)
    i18n = next(p["i18n"] for p in config["plugins"] if isinstance(p, dict) and "i18n" in p)
    default = next(lang["locale"] for lang in i18n["languages"] if lang.get("default"))
    return default, [lang["locale"] for lang in i18n["languages"]]


def version_files(name: str) -> list[Path]:
    """Every version file of the corpus site's policy, oldest first."""
    return sorted((CORPUS / name / "docs" / SITES[name] / "versions").glob("*.md"))


def version_url(name: str, file: Path) -> str:
    """The site-relative URL of the page of the version in `file` (YYYY-MM-DD.<lang>.md)."""
    day, lang = file.name.removesuffix(".md").split(".")
    default, _ = languages(name)
    prefix = "" if lang == default else f"{lang}/"
    return f"{prefix}{SITES[name]}/versions/{day}/"


# --- what a reader sees ------------------------------------------------------------------------

# Markdown or HTML syntax that must never reach a reader as text.
SYNTAX = ("{:", "**", "](", "<br", "__", "~~")
_LIST_LINE = re.compile(r"^[ \t]*(?:[-*]|\d+\.)[ \t]")
_NOT_SHOWN = {"code", "pre", "script", "style", "template", "svg"}


def _visible(el, skip_labels: bool = False) -> str:
    """The text of an lxml element as a reader sees it."""
    out = [el.text or ""]
    for child in el:
        if child.tag in _NOT_SHOWN:
            out.append(" ")
        elif "policy-sr" in classes(child):
            pass  # words for screen readers ([added]…), not the policy's text
        elif not (skip_labels and "policy-label" in classes(child)):
            out.append(_visible(child, skip_labels))
        out.append(child.tail or "")
    return "".join(out)


def shown_syntax(root) -> list[str]:
    """Each piece of internal syntax shown as text in the content area (Material's `<article>`)
    of a page read by `htmlscan.tree`, with what surrounds it; and each paragraph with a line
    that starts with a list marker (a list run into it)."""
    area = next(root.iter("article"), None)
    if area is None:
        return []
    found = []
    text = _visible(area)
    for syntax in SYNTAX:
        for match in re.finditer(re.escape(syntax), text):
            found.append(f"{syntax!r} in …{text[max(0, match.start() - 60) : match.end() + 60]}…")
    for p in area.iter("p"):
        if any(a.tag in _NOT_SHOWN for a in p.iterancestors()):
            continue
        for line in _visible(p, skip_labels=True).split("\n"):
            if _LIST_LINE.match(line):
                found.append(f"list marker in <p>: {line.strip()[:120]!r}")
    return [" ".join(f.split()) for f in found]


# --- the policy text as a tree to compare --------------------------------------------------------

_HEADING = re.compile(r"h[1-6]")
_ATTR_LINE = re.compile(r"^[ \t]*\{:?[ \t]*(?:[#.][^\s{}]+|[\w:.\-]+=\S+)[^{}\n]*\}[ \t]*$")
_ATTR_END = re.compile(r"[ \t]+\{:?[ \t]*(?:[#.][^\s{}]+|[\w:.\-]+=\S+)[^{}\n]*\}[ \t]*$")


def without_attribute_lists(body: str) -> str:
    """The body with Python-Markdown attribute lists (`{: #id .class key=value }`) removed:
    lines that hold only one, and one at the end of a line."""
    lines = []
    for line in body.split("\n"):
        if _ATTR_LINE.match(line):
            continue
        lines.append(_ATTR_END.sub("", line))
    return "\n".join(lines)


def _is(el: Element, cls: str) -> bool:
    return cls in el.attrs.get("class", "").split()


def _flatten(el: Element, out: list) -> None:
    """`el`'s children as ("open", tag) / ("text", str) / ("close", tag) items, with our wrappers
    (div), permalinks, links to a section's history and list-number labels left out."""
    for child in el.children:
        if isinstance(child, str):
            out.append(("text", child))
            continue
        if child.tag in ("script", "style") or (child.tag == "a" and _is(child, "headerlink")):
            continue
        if child.tag == "p" and _is(child, "policy-article-link"):
            continue
        if child.tag == "span" and _is(child, "policy-label"):
            parent = child.parent
            if parent is not None and parent.tag == "p":  # a loose list's item holds paragraphs
                parent = parent.parent
            if (
                parent is not None
                and parent.tag == "li"
                and parent.parent is not None
                and parent.parent.tag == "ol"
            ):
                continue  # the number of an ordered list: markdown-it numbers <ol> with start=
            _flatten(child, out)
            continue
        if child.tag == "div":
            _flatten(child, out)
            continue
        out.append(("open", child.tag))
        _flatten(child, out)
        out.append(("close", child.tag))


def normalised(el: Element) -> list[str]:
    """The element tree under `el` as lines: `<tag`, `"text"`, `tag>`; whitespace collapsed,
    heading levels numbered by rank (the first level used is h1), empty text dropped."""
    items: list = []
    _flatten(el, items)
    levels = sorted({int(tag[1]) for kind, tag in items if kind == "open" and _HEADING.fullmatch(tag)})
    rank = {f"h{level}": f"h{i + 1}" for i, level in enumerate(levels)}
    lines: list[str] = []
    text = ""
    for kind, value in items:
        if kind == "text":
            text += value
            continue
        collapsed = " ".join(text.split())
        if collapsed:
            lines.append(repr(collapsed))
        text = ""
        tag = rank.get(value, value)
        lines.append(f"<{tag}" if kind == "open" else f"{tag}>")
    collapsed = " ".join(text.split())
    if collapsed:
        lines.append(repr(collapsed))
    return lines
