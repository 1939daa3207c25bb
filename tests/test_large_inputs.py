"""Two of the large-input cases in every test run (the rest: tests/tools/large_inputs.py)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import ROOT

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("case", ["articles-300", "no-line-break"])
def test_a_large_input_builds_and_diffs_in_bounded_time(case):
    tool = ROOT / "tests" / "tools" / "large_inputs.py"
    run = subprocess.run(
        [sys.executable, str(tool), "--only", case, "--timeout", "120"], capture_output=True, text=True
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert f"{case}" in run.stdout and " ok " in run.stdout, run.stdout
