"""Conversation state and where it is kept.

A conversation's state holds no message text: only the language, the topic
last answered, the choices on offer, the question the bot is waiting on, and
slot values reduced to what the flow needs (a state code, never a ZIP code).
Stores keep it under a keyed hash of the session id (or phone number) with a
time-to-live, so an expired or stolen store reveals neither.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import sqlite3
import threading
import time
from dataclasses import dataclass
from dataclasses import field
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import orjson


@dataclass(frozen=True)
class State:
    locale: str | None = None
    topic: str | None = None
    choices: tuple[str, ...] = ()
    awaiting: str | None = None  # "location" while the referral flow asks for it
    slots: tuple[tuple[str, str], ...] = ()
    retries: int = 0
    locale_chosen: bool = False  # the person named a language in the conversation
    page: int = 0  # SMS: the next part of a long reply, 0 when none is pending

    def slot(self, name: str) -> str | None:
        return dict(self.slots).get(name)

    def evolve(self, **changes: object) -> State:
        """``dataclasses.replace``, but the same object when nothing changes
        (the common case on a hot path, and replace is not cheap)."""
        if all(getattr(self, name) == value for name, value in changes.items()):
            return self
        return replace(self, **changes)

    def with_slots(self, **values: str | None) -> State:
        if not self.slots and all(value is None for value in values.values()):
            return self  # nothing to remove (the usual case)
        merged = dict(self.slots)
        for key, value in values.items():
            if value is None:
                merged.pop(key, None)
            else:
                merged[key] = value
        return self.evolve(slots=tuple(sorted(merged.items())))

    def to_json(self) -> str:
        data = {
            "locale": self.locale,
            "topic": self.topic,
            "choices": list(self.choices),
            "awaiting": self.awaiting,
            "slots": [list(p) for p in self.slots],
            "retries": self.retries,
            "locale_chosen": self.locale_chosen,
            "page": self.page,
        }
        return orjson.dumps(data).decode()

    @classmethod
    def from_json(cls, raw: str | bytes | None) -> State:
        if not raw:
            return cls()
        return _parse_state(raw)


@lru_cache(maxsize=4096)
def _parse_state(raw: str | bytes) -> State:
    """States are few and immutable (topic ids, a locale, a US state code:
    nothing a person wrote), so parsed ones are shared."""
    try:
        data = orjson.loads(raw)
        return State(
            locale=data.get("locale"),
            topic=data.get("topic"),
            choices=tuple(data.get("choices") or ()),
            awaiting=data.get("awaiting"),
            slots=tuple(tuple(p) for p in data.get("slots") or ()),
            retries=int(data.get("retries") or 0),
            locale_chosen=bool(data.get("locale_chosen")),
            page=int(data.get("page") or 0),
        )
    except (ValueError, TypeError, AttributeError):
        return State()


def conversation_key(secret: bytes, kind: str, identifier: str) -> str:
    """Keyed hash (HMAC-SHA256) under which a conversation is stored.

    ``kind`` separates namespaces ("web", "sms"), so that the same string used
    as a session id and as a phone number never shares state.
    """
    mac = _keyed_mac(secret).copy()  # copying a keyed MAC skips setting up the key again
    mac.update(f"{kind}:{identifier}".encode())
    return f"{kind}:{mac.hexdigest()}"


@lru_cache(maxsize=8)
def _keyed_mac(secret: bytes) -> hmac.HMAC:
    return hmac.new(secret, digestmod=hashlib.sha256)


class StateStore(Protocol):
    def get(self, key: str) -> str | None: ...
    def set(self, key: str, value: str, ttl: int) -> None: ...
    def add(self, key: str, value: str, ttl: int) -> bool: ...
    def delete(self, key: str) -> None: ...


class OptOutList(Protocol):
    """Keyed hashes of phone numbers that sent STOP: the only long-lived record."""

    def contains(self, key: str) -> bool: ...
    def add(self, key: str) -> None: ...
    def remove(self, key: str) -> None: ...


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


@dataclass
class MemoryOptOuts:
    _keys: set[str] = field(default_factory=set)

    def contains(self, key: str) -> bool:
        return key in self._keys

    def add(self, key: str) -> None:
        self._keys.add(key)

    def remove(self, key: str) -> None:
        self._keys.discard(key)


# Forks seen by this process (gunicorn forks its workers). A connection made
# before a fork must not be used after it; counting forks avoids asking the
# kernel for the process id on every query.
_forks = 0


def _after_fork() -> None:
    global _forks
    _forks += 1


os.register_at_fork(after_in_child=_after_fork)


class _SqliteFile:
    """One SQLite file in WAL mode, a connection per thread and per process."""

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


class SqliteStore(_SqliteFile):
    """An embedded store shared by every worker process on one machine.

    Each row has an expiry time; expired rows are never returned and are
    purged as new ones are written. No server needed.
    """

    _SCHEMA = (
        "CREATE TABLE IF NOT EXISTS state ("
        " key TEXT PRIMARY KEY, value TEXT NOT NULL, expires REAL NOT NULL)"
    )

    def get(self, key: str) -> str | None:
        row = self._connect().execute(
            "SELECT value FROM state WHERE key = ? AND expires > ?", (key, time.time())
        ).fetchone()
        return row[0] if row else None

    def set(self, key: str, value: str, ttl: int) -> None:
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
        self._connect().execute("DELETE FROM state WHERE key = ?", (key,))


class SqliteOptOuts(_SqliteFile):
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
