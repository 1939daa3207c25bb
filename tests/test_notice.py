"""Notice: the day a version was announced, in the record, on the site and in `policy check`."""

from __future__ import annotations

import datetime as dt
import json

from conftest import (
    ROOT,
    mkdocs_build,
    policy_cli,
    policy_plugin,
    project_config,
    start_revision,
    write_config,
)
from policy_site.history import today_in_japan
from policy_site.parse import parse_front_matter

FRONT = "---\neffective: 2027-01-01\n{announced}kind: amendment\nsummary: s\n---\n\ntext\n"


def _problems(announced: str) -> list[str]:
    _, _, _, problems = parse_front_matter("a.ja.md", FRONT.format(announced=announced))
    return [str(p) for p in problems]


def test_announced_is_read_and_checked_like_effective():
    meta, *_ = parse_front_matter("a.ja.md", FRONT.format(announced="announced: 2026-12-01\n"))
    assert meta.announced == dt.date(2026, 12, 1)
    assert _problems("announced: 2026/12/01\n") == [
        "a.ja.md:3: 'announced: 2026/12/01' is not a valid date; write it as YYYY-MM-DD, for example 2027-01-01"
    ]
    assert _problems("announced: ２０２６-１２-０１\n")[0].startswith(
        "a.ja.md:3: 'announced: ２０２６-１２-０１' is written in full-width characters; write the date in "
        "half-width digits: announced: 2026-12-01"
    )
    assert _problems("announced:\n")[0].startswith(
        "a.ja.md:3: 'announced:' is empty; write the date the version"
    )
    assert _problems("announced: 2027-01-02\n") == [
        "a.ja.md:3: 'announced: 2027-01-02' is after 'effective: 2027-01-01'; a version is announced on or "
        "before the day it takes effect: write the day it was first published on the site"
    ]


def _with_notice(project, days: int | None) -> None:
    config = project_config(["privacy"])
    if days is not None:
        policy_plugin(config)["policies"]["privacy"]["notice_days"] = days
    write_config(project / "mkdocs.yml", config)


def test_a_late_announcement_warns_under_notice_days_and_not_by_default(tmp_path):
    day = start_revision(tmp_path)  # takes effect in 30 days
    path = f"docs/privacy/versions/{day}.ja.md"
    assert policy_cli(tmp_path, "lock", "privacy").returncode == 0
    record = (tmp_path / "docs/privacy/history.yml").read_text("utf-8")
    assert f"recorded: '{today_in_japan()}'" in record
    quiet = policy_cli(tmp_path, "check")
    assert quiet.returncode == 0 and "notice_days" not in quiet.stdout + quiet.stderr
    _with_notice(tmp_path, 60)
    late = policy_cli(tmp_path, "check")
    out = late.stdout + late.stderr
    assert late.returncode == 0, out  # a warning: it stops only the strict build
    assert f"warning: {path}:2: version {day} was announced on {today_in_japan()}, 30 day(s)" in out
    assert "notice_days" in out
    _with_notice(tmp_path, 30)
    assert "notice_days" not in policy_cli(tmp_path, "check").stderr


def test_versions_json_and_feeds_carry_the_announcement(tmp_path):
    day = start_revision(tmp_path)
    assert policy_cli(tmp_path, "lock", "privacy").returncode == 0
    build = mkdocs_build(tmp_path, strict=False)  # the new version's summary is left empty
    assert build.returncode == 0, build.output
    data = json.loads((build.site / "privacy/versions.json").read_text("utf-8"))
    upcoming = next(v for v in data["versions"] if v["id"] == day.isoformat())
    assert upcoming["announced"] == today_in_japan().isoformat()
    assert set(upcoming["changes"]) == {"sections", "blocks", "technical"}
    for feed in ("privacy/feed.xml", "en/privacy/feed.xml"):
        text = (build.site / feed).read_text("utf-8")
        assert f"<published>{today_in_japan().isoformat()}T00:00:00+09:00</published>" in text
        assert f"<updated>{day.isoformat()}T00:00:00+09:00</updated>" in text
    history = (build.site / "privacy/history/index.html").read_text("utf-8")
    assert "公表" in history
    banner = (build.site / "en/privacy/index.html").read_text("utf-8")
    assert "30 days before it takes effect" in banner


def test_inpro_2019_was_announced_on_its_effective_date():
    """Article 14: a changed policy takes effect when it is posted on the site."""
    text = (ROOT / "docs/privacy/versions/2019-07-01.ja.md").read_text("utf-8")
    meta, *_ = parse_front_matter("2019-07-01.ja.md", text)
    assert meta.announced == meta.effective == dt.date(2019, 7, 1)
