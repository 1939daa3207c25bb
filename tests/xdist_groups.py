"""`xdist_group` marks for pytest-xdist 3.8 under pytest 9.2.

xdist's `--dist loadgroup` finds a test's group in a suffix it adds to the test's node id, and
pytest 9.2 no longer lets a plugin change a node id: every group was silently ignored, and the
tests of one built site ran in both workers, one waiting for the other to build it. Here each
worker writes the group of each marked test to a file the controller names, before it reports
its collection; the controller's scheduler reads the file when it schedules, which is after
every worker has reported.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from xdist.scheduler import LoadGroupScheduling

KEY = "xdist_groups_file"


def configure_node(node) -> None:
    """Tell a worker where to write the groups (controller side)."""
    node.workerinput[KEY] = str(_file(node.config))


def record(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Write the group of each marked item (worker side)."""
    target = getattr(config, "workerinput", {}).get(KEY)
    if target is None:
        return
    groups = {}
    for item in items:
        names = {
            str(mark.args[0] if mark.args else mark.kwargs.get("name", "default"))
            for mark in item.iter_markers("xdist_group")
        }
        if names:
            groups[item.nodeid] = "_".join(sorted(names))
    partial = Path(f"{target}.{config.workerinput['workerid']}")
    partial.write_text(json.dumps(groups), "utf-8")
    os.replace(partial, target)


def _file(config: pytest.Config) -> Path:
    if not hasattr(config, "_xdist_groups_file"):
        folder = Path(tempfile.mkdtemp(prefix="xdist-groups-"))
        config._xdist_groups_file = folder / "groups.json"
    return config._xdist_groups_file


def clean(config: pytest.Config) -> None:
    """Remove the controller's file at the end of the run."""
    if hasattr(config, "_xdist_groups_file"):
        shutil.rmtree(config._xdist_groups_file.parent, ignore_errors=True)


class Scheduling(LoadGroupScheduling):
    """xdist's loadgroup scheduling, with the groups the workers wrote."""

    groups: dict[str, str] = {}

    def schedule(self) -> None:
        if self.collection is None:
            file = _file(self.config)
            self.groups = json.loads(file.read_text("utf-8")) if file.exists() else {}
        super().schedule()

    def _split_scope(self, nodeid: str) -> str:
        return self.groups.get(nodeid, nodeid)
