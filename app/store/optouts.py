"""The SMS opt-out list: keyed hashes of phone numbers that sent STOP.

The only long-lived record the bot keeps (no time-to-live), in memory (one
process), in the SQLite file beside conversation state, or in a Redis set.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field
from typing import Protocol

from app.store._sqlite import SqliteFile


class OptOutList(Protocol):
    def contains(self, key: str) -> bool: ...
    def add(self, key: str) -> None: ...
    def remove(self, key: str) -> None: ...


@dataclass
class MemoryOptOuts:
    _keys: set[str] = field(default_factory=set)

    def contains(self, key: str) -> bool:
        return key in self._keys

    def add(self, key: str) -> None:
        self._keys.add(key)

    def remove(self, key: str) -> None:
        self._keys.discard(key)


class SqliteOptOuts(SqliteFile):
    """The opt-out list in the same SQLite file, in a table with no expiry."""

    _SCHEMA = "CREATE TABLE IF NOT EXISTS optouts (key TEXT PRIMARY KEY, since TEXT NOT NULL)"

    def contains(self, key: str) -> bool:
        row = self._connect().execute("SELECT 1 FROM optouts WHERE key = ?", (key,)).fetchone()
        return row is not None

    def add(self, key: str) -> None:
        self._connect().execute(
            "INSERT OR IGNORE INTO optouts (key, since) VALUES (?, date('now'))", (key,)
        )

    def remove(self, key: str) -> None:
        self._connect().execute("DELETE FROM optouts WHERE key = ?", (key,))


class RedisOptOuts:
    """One Redis set, ``kyrbot:optouts``, without expiry."""

    def __init__(self, url: str):
        from app.store import redis as backend
        from app.store.keys import OPTOUT_SET

        self.redis = backend.client(url)
        self._set = backend.PREFIX + OPTOUT_SET
        self._failing = backend.unavailable_on_failure

    def contains(self, key: str) -> bool:
        with self._failing():
            return bool(self.redis.sismember(self._set, key))

    def add(self, key: str) -> None:
        with self._failing():
            self.redis.sadd(self._set, key)

    def remove(self, key: str) -> None:
        with self._failing():
            self.redis.srem(self._set, key)
