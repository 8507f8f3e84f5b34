"""One SQLite file in WAL mode with a connection per thread and per process:
the base of every embedded store (conversation state, opt-outs)."""

from __future__ import annotations

import os
import sqlite3
import threading
from pathlib import Path

# Forks seen by this process (gunicorn forks its workers). A connection made
# before a fork must not be used after it; counting forks avoids asking the
# kernel for the process id on every query.
_forks = 0


def _after_fork() -> None:
    global _forks
    _forks += 1


os.register_at_fork(after_in_child=_after_fork)


class SqliteFile:
    """Subclasses set ``_SCHEMA`` (one CREATE TABLE IF NOT EXISTS)."""

    _SCHEMA = ""

    def __init__(self, path: str | Path):
        self.path = str(path)
        Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        with self._connect() as db:
            db.execute(self._SCHEMA)
        self._writes = 0

    def _connect(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None or self._local.forks != _forks:  # never reuse across fork
            db = sqlite3.connect(self.path, timeout=5, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute(self._SCHEMA)
            self._local.db = db
            self._local.forks = _forks
        return db
