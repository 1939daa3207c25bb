"""Golden diff files readable in review: the changed sections as compact data, and YAML that
keeps multi-line strings as `|` blocks and the file's leading comments."""

from __future__ import annotations

from pathlib import Path

import yaml

_OP = {"equal": "=", "insert": "+", "delete": "-"}


def golden_data(data: dict) -> list[dict]:
    """The changed sections of a diff's data (`redline.as_data`, or its JSON read back),
    compact enough to review by eye."""
    sections = []
    for section in data["sections"]:
        if section["change"] == "unchanged" and not section["renumbered"]:
            continue
        entry = {"section": (section["new"] or section["old"] or {"heading": "Preamble"})["heading"]}
        entry["change"] = section["change"]
        if section["renumbered"]:
            entry["renumbered"] = f"{section['old']['number']} -> {section['new']['number']}"
        if section["moved"]:
            entry["moved"] = True
        if section["replaced"]:
            entry["replaced"] = True
        entry["blocks"] = [
            {
                "change": block["change"] + (" (moved)" if block["moved"] else ""),
                "spans": [
                    f"# {span['old']}->{span['text']}"
                    if span["op"] == "renumber"
                    else f"{_OP[span['op']]} {span['text']}"
                    for span in block["spans"]
                ],
            }
            for block in section["blocks"]
        ]
        sections.append(entry)
    return sections


class _Literal(yaml.SafeDumper):
    """Dump multi-line strings as `|` blocks, so golden files stay readable."""


_Literal.add_representer(
    str, lambda d, s: d.represent_scalar("tag:yaml.org,2002:str", s, style="|" if "\n" in s else None)
)


def literal_yaml(data) -> str:
    """`data` as YAML, multi-line strings as `|` blocks, keys in their order."""
    return yaml.dump(data, Dumper=_Literal, allow_unicode=True, sort_keys=False)


def dump(case: Path, data: dict) -> str:
    comments = [line for line in case.read_text(encoding="utf-8").splitlines() if line.startswith("#")]
    return "\n".join(comments + [literal_yaml(data)])
