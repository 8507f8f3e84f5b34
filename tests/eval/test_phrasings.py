"""The bot's own regression sets of phrasings (not the shared dev set), one
file per language group, written to check that the vocabularies generalize."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SETS = sorted(Path(__file__).parent.glob("*_phrasings.yaml"))


@pytest.mark.parametrize("path", SETS, ids=lambda p: p.stem)
def test_own_phrasings_reach_90_percent_per_locale(path):
    r = subprocess.run(
        [sys.executable, "-m", "app.cli", "eval", str(path), "--min", "0.9"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert r.returncode == 0, r.stdout
