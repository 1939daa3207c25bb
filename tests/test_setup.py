"""The set-up a fresh machine gets: `scripts/setup --browser` installs the Debian packages the
tests need that are missing, Node.js and npm among them (`--missing` lists them)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from conftest import ROOT

LEFT_OUT = {"node", "nodejs", "npm", "npx"}


def _missing(path: str) -> list[str]:
    done = subprocess.run(
        ["bash", str(ROOT / "scripts" / "setup"), "--missing"],
        env={**os.environ, "PATH": path},
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.split()


def test_a_machine_without_node_gets_nodejs_and_npm(tmp_path):
    """Every command on PATH but Node.js's: the packages to install include nodejs and npm."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for folder in os.environ["PATH"].split(os.pathsep):
        for tool in Path(folder).glob("*") if Path(folder).is_dir() else ():
            if tool.name not in LEFT_OUT and not os.path.lexists(bin_dir / tool.name):
                (bin_dir / tool.name).symlink_to(tool)
    missing = _missing(str(bin_dir))
    assert "nodejs" in missing and "npm" in missing


def test_this_machine_lacks_none_of_them():
    """After `scripts/setup --browser`, as the test command runs it, nothing is missing."""
    assert shutil.which("npm") and shutil.which("java")
    assert _missing(os.environ["PATH"]) == []
