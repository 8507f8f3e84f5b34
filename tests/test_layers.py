"""The layering of app/ (app/README.md) holds, and the check can fail.

import-linter reads the contracts in pyproject.toml. The second test copies
the package, plants one violating import and shows the same check breaks.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT = str(Path(sys.executable).with_name("lint-imports"))


def lint(cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(cwd)}
    return subprocess.run(
        [LINT, "--no-cache", "--config", str(cwd / "pyproject.toml")],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=120,
    )


def test_the_layering_contracts_are_kept():
    result = lint(ROOT)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    "module, planted, contract",
    [
        ("engine/normalize.py", "from app.store import keys  # planted\n", "Layers"),
        ("engine/pii.py", "import flask  # planted\n", "The engine does no I/O"),
        ("store/keys.py", "from app.web import limits  # planted\n", "Layers"),
        ("engine/normalize.py", "from app.engine import matching  # planted\n", "No import cycles"),
    ],
)
def test_a_planted_violation_breaks_the_check(tmp_path, module, planted, contract):
    shutil.copytree(ROOT / "app", tmp_path / "app", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    target = tmp_path / "app" / module
    target.write_text(target.read_text(encoding="utf-8") + planted, encoding="utf-8")
    result = lint(tmp_path)
    assert result.returncode != 0
    broken = [line for line in result.stdout.splitlines() if line.endswith("BROKEN")]
    assert any(line.startswith(contract) for line in broken), result.stdout[-3000:]


def test_engine_modules_stay_small_and_channel_blind():
    """Issue 15: one concern per engine module (about 400 lines at most), and
    the engine never asks which channel it is answering."""
    import re

    for path in sorted((ROOT / "app" / "engine").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        name = path.relative_to(ROOT)
        assert text.count("\n") <= 420, f"{name}: split it by concern"
        assert not re.search(r"channel\s*[!=]=\s*['\"]", text), f"{name} branches on a channel name"
