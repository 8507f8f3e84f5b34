"""The SMS opt-out list: keyed hashes of phone numbers that sent STOP.

The only long-lived record the bot keeps (no time-to-live), and one the law
requires it to honour: in memory (one process, tests), in its own SQLite
file on disk (the default), or in a Redis set that must survive restarts
(persistence on, never evicted: see README "Production deployment").
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field
from typing import Protocol

import logging

from app.events import event
from app.store._sqlite import SqliteFile
from app.store.errors import StoreUnavailable


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
        with self._failing():
            row = self._connect().execute("SELECT 1 FROM optouts WHERE key = ?", (key,)).fetchone()
            return row is not None

    def add(self, key: str) -> None:
        with self._failing():
            self._connect().execute(
                "INSERT OR IGNORE INTO optouts (key, since) VALUES (?, date('now'))", (key,)
            )

    def remove(self, key: str) -> None:
        with self._failing():
            self._connect().execute("DELETE FROM optouts WHERE key = ?", (key,))


class RedisOptOuts:
    """One Redis set, ``kyrbot:optouts``, without expiry."""

    def __init__(self, url: str):
        from app.store import redis as backend
        from app.store.keys import OPTOUT_SET

        self.redis = backend.client(url)
        self._set = backend.PREFIX + OPTOUT_SET
        self._failing = backend.guard(url)

    def contains(self, key: str) -> bool:
        with self._failing():
            return bool(self.redis.sismember(self._set, key))

    def add(self, key: str) -> None:
        with self._failing():
            self.redis.sadd(self._set, key)

    def remove(self, key: str) -> None:
        with self._failing():
            self.redis.srem(self._set, key)

    def warn_if_volatile(self) -> None:
        """A start-up warning when this Redis would lose the list: no
        persistence (a restart empties it), or an eviction policy that may
        drop keys without a time-to-live (the list has none)."""
        try:
            with self._failing():
                config = {
                    **self.redis.config_get("appendonly"),
                    **self.redis.config_get("save"),
                    **self.redis.config_get("maxmemory-policy"),
                }
        except StoreUnavailable:
            return  # checked again at the next start; /readyz reports the outage
        except Exception:  # noqa: BLE001 - CONFIG may be renamed or disabled on managed Redis
            return
        if config.get("appendonly") != "yes" and not config.get("save"):
            event("optouts_not_persistent", logging.WARNING)
        if str(config.get("maxmemory-policy", "")).startswith("allkeys"):
            event("optouts_may_be_evicted", logging.WARNING, policy=config["maxmemory-policy"])
