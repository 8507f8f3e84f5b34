"""Conversation state and message de-duplication: short-lived values under
keyed hashes, each with a time-to-live.

Three implementations of one small interface, side by side:

- :class:`MemoryStore`: a dict with expiry, for one process (command line, tests);
- :class:`SqliteStore`: the embedded default, shared by the worker processes
  of one machine;
- :class:`RedisStore`: shared by every worker on every machine (``REDIS_URL``).

What each key holds and for how long: :mod:`app.store.keys`.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from dataclasses import field
from typing import Protocol

from app.store._sqlite import SqliteFile


class StateStore(Protocol):
    def get(self, key: str) -> str | None: ...
    def set(self, key: str, value: str, ttl: int) -> None: ...
    def add(self, key: str, value: str, ttl: int) -> bool: ...
    def delete(self, key: str) -> None: ...


@dataclass
class MemoryStore:
    """A dict with expiry, for one process (the command line and tests)."""

    _data: dict[str, tuple[float, str]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def get(self, key: str) -> str | None:
        with self._lock:
            item = self._data.get(key)
            if item is None:
                return None
            if item[0] <= time.time():
                del self._data[key]
                return None
            return item[1]

    def set(self, key: str, value: str, ttl: int) -> None:
        with self._lock:
            self._data[key] = (time.time() + ttl, value)
            if len(self._data) > 10_000:
                now = time.time()
                for k in [k for k, (exp, _) in self._data.items() if exp <= now]:
                    del self._data[k]

    def add(self, key: str, value: str, ttl: int) -> bool:
        """Set ``key`` only if it is absent (or expired); True if it was set."""
        with self._lock:
            item = self._data.get(key)
            if item is not None and item[0] > time.time():
                return False
            self._data[key] = (time.time() + ttl, value)
            return True

    def delete(self, key: str) -> None:
        with self._lock:
            self._data.pop(key, None)


class SqliteStore(SqliteFile):
    """An embedded store shared by every worker process on one machine.

    Each row has an expiry time; expired rows are never returned and are
    purged as new ones are written. No server needed.
    """

    _SCHEMA = (
        "CREATE TABLE IF NOT EXISTS state ("
        " key TEXT PRIMARY KEY, value TEXT NOT NULL, expires REAL NOT NULL)"
    )

    def get(self, key: str) -> str | None:
        with self._failing():
            row = self._connect().execute(
                "SELECT value FROM state WHERE key = ? AND expires > ?", (key, time.time())
            ).fetchone()
            return row[0] if row else None

    def set(self, key: str, value: str, ttl: int) -> None:
        with self._failing():
            db = self._connect()
            now = time.time()
            db.execute(
                "INSERT INTO state (key, value, expires) VALUES (?, ?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value, "
                "expires = excluded.expires",
                (key, value, now + ttl),
            )
            self._writes += 1
            if self._writes % 200 == 0:
                db.execute("DELETE FROM state WHERE expires <= ?", (now,))

    def add(self, key: str, value: str, ttl: int) -> bool:
        """Set ``key`` only if it is absent (or expired); True if it was set."""
        with self._failing():
            db = self._connect()
            now = time.time()
            cursor = db.execute(
                "INSERT INTO state (key, value, expires) VALUES (?, ?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value, "
                "expires = excluded.expires WHERE state.expires <= ?",
                (key, value, now + ttl, now),
            )
            return cursor.rowcount == 1

    def delete(self, key: str) -> None:
        with self._failing():
            self._connect().execute("DELETE FROM state WHERE key = ?", (key,))


class RedisStore:
    """Keys under ``kyrbot:``, each with its TTL. Network failures raise
    StoreUnavailable; redis-py reconnects by itself once Redis is back."""

    def __init__(self, url: str):
        from app.store import redis as backend

        self.redis = backend.client(url)
        self._prefix = backend.PREFIX
        self._failing = backend.guard(url)

    def get(self, key: str) -> str | None:
        with self._failing():
            return self.redis.get(self._prefix + key)

    def set(self, key: str, value: str, ttl: int) -> None:
        with self._failing():
            self.redis.set(self._prefix + key, value, ex=ttl)

    def add(self, key: str, value: str, ttl: int) -> bool:
        with self._failing():
            return bool(self.redis.set(self._prefix + key, value, ex=ttl, nx=True))

    def delete(self, key: str) -> None:
        with self._failing():
            self.redis.delete(self._prefix + key)
