"""One SQLite file in WAL mode with a connection per thread and per process:
the base of every embedded store (conversation state, opt-outs).

At start-up the file is checked (issue 16): a read-only folder or file (WAL
needs to write the -wal and -shm files beside it; workers died of SIGBUS in
a loop), or a damaged file, stops the app with one line naming the file and
the fix. While running, any SQLite error is an outage of the store
(:class:`StoreUnavailable`): the bot answers without memory, ``/readyz``
says 503, and nothing returns a 500."""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from app.errors import SetupError
from app.events import event
from app.store.errors import StoreUnavailable

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
        self._local = threading.local()
        self._writes = 0
        self._check()

    def _check(self) -> None:
        """Refuse to start on a file SQLite cannot use, naming the fix."""
        file = Path(self.path)
        try:
            file.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise SetupError(
                f"{file.parent}: cannot create the folder for {file.name} ({exc.strerror}); "
                "create it writable by the bot's user, or point the setting elsewhere"
            ) from None
        if not os.access(file.parent, os.W_OK) or (file.exists() and not os.access(file, os.W_OK)):
            raise SetupError(
                f"{file}: read-only; SQLite must write this file and the -wal and -shm "
                f"files beside it: make {file.parent} writable by the bot's user, or point "
                "the setting (STATE_DB, OPTOUT_DB) to a writable place"
            )
        verdict = ""
        for attempt in range(50):
            try:
                db = self._connect()
                verdict = db.execute("PRAGMA quick_check").fetchone()[0]
                break
            except sqlite3.Error as exc:
                self._local.db = None
                # Workers starting together may find a new file locked while
                # another switches it to WAL: busy, not damaged. Wait a little.
                if "locked" in str(exc) and attempt < 49:
                    time.sleep(0.1)
                    continue
                raise SetupError(
                    f"{file}: not a usable SQLite database ({exc}); move it aside and restart "
                    "(a new one is created), or point the setting to another file"
                ) from None
        if verdict != "ok":
            raise SetupError(
                f"{file}: the SQLite database is damaged ({verdict}); move it aside and "
                "restart (a new one is created), or point the setting to another file"
            )

    @contextmanager
    def _failing(self) -> Iterator[None]:
        """SQLite errors while running (a damaged or vanished file, a full
        disk) are an outage of the store, like Redis going away."""
        try:
            yield
        except sqlite3.Error as exc:
            event("sqlite_unavailable", logging.WARNING, error=type(exc).__name__)
            self._local.db = None  # reconnect next time
            raise StoreUnavailable(type(exc).__name__) from exc

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
