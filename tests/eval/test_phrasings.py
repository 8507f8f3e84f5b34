"""The bot's own regression set of phrasings (not the shared dev set)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_own_phrasings_reach_95_percent_per_locale():
    r = subprocess.run(
        [sys.executable, "-m", "app.cli", "eval", str(Path(__file__).parent / "en_es_phrasings.yaml"), "--min", "0.95"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert r.returncode == 0, r.stdout
