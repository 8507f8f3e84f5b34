"""Aggregate usage counters in storage: how many, never who.

One number per day x topic x locale x channel x tenant x kind, added in
batches by :class:`app.stats.recorder.Recorder`. Two implementations of one
small interface: SQLite (the embedded default, shared by the processes of one
machine) and Redis (shared by every machine); increments are atomic in both.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable
from typing import Protocol


Cell = tuple[str, str, str, str, str, str]  # day, topic, locale, channel, tenant, kind


@dataclass(frozen=True)
class Row:
    day: str
    topic: str
    locale: str
    channel: str
    tenant: str
    kind: str
    count: int


class StatsStore(Protocol):
    def add(self, counts: Counter) -> None: ...
    def rows(self, since: str, until: str) -> list[Row]: ...
    def purge(self, before: str) -> int: ...


class SqliteStats:
    _SCHEMA = (
        "CREATE TABLE IF NOT EXISTS counts (day TEXT, topic TEXT, locale TEXT, channel TEXT,"
        " tenant TEXT, kind TEXT, n INTEGER NOT NULL,"
        " PRIMARY KEY (day, topic, locale, channel, tenant, kind))"
    )

    def __init__(self, path: str | Path):
        self.path = str(path)
        Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        with sqlite3.connect(self.path) as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute(self._SCHEMA)

    def _db(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        db.execute(self._SCHEMA)
        return db

    def add(self, counts: Counter) -> None:
        db = self._db()
        try:
            db.execute("BEGIN IMMEDIATE")
            db.executemany(
                "INSERT INTO counts VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT"
                " (day, topic, locale, channel, tenant, kind) DO UPDATE SET n = n + excluded.n",
                [(*cell, n) for cell, n in counts.items()],
            )
            db.execute("COMMIT")
        finally:
            db.close()

    def rows(self, since: str, until: str) -> list[Row]:
        db = self._db()
        try:
            found = db.execute(
                "SELECT day, topic, locale, channel, tenant, kind, n FROM counts"
                " WHERE day >= ? AND day <= ?",
                (since, until),
            ).fetchall()
        finally:
            db.close()
        return [Row(*r) for r in found]

    def purge(self, before: str) -> int:
        db = self._db()
        try:
            return db.execute("DELETE FROM counts WHERE day < ?", (before,)).rowcount
        finally:
            db.close()


class RedisStats:
    """One hash per day (``kyrbot:stats:<day>``), expiring after the retention
    period; HINCRBY makes every increment atomic across machines."""

    def __init__(self, url: str, retention_days: int):
        from app.store import redis as backend

        self.redis = backend.client(url)
        self._failing = backend.guard(url)
        self.ttl = (retention_days + 1) * 86400

    def add(self, counts: Counter) -> None:
        with self._failing():
            pipe = self.redis.pipeline(transaction=False)
            for (day, *rest), n in counts.items():
                key = f"kyrbot:stats:{day}"
                pipe.hincrby(key, "|".join(rest), n)
                pipe.expire(key, self.ttl)
            pipe.execute()

    def rows(self, since: str, until: str) -> list[Row]:
        out = []
        for day in days_between(since, until):
            for field, n in self.redis.hgetall(f"kyrbot:stats:{day}").items():
                topic, locale, channel, tenant, kind = field.split("|")
                out.append(Row(day, topic, locale, channel, tenant, kind, int(n)))
        return out

    def purge(self, before: str) -> int:
        removed = 0
        for key in self.redis.scan_iter("kyrbot:stats:*"):
            if key.rsplit(":", 1)[1] < before:
                removed += self.redis.delete(key)
        return removed


def days_between(since: str, until: str) -> Iterable[str]:
    day, last = dt.date.fromisoformat(since), dt.date.fromisoformat(until)
    while day <= last:
        yield day.isoformat()
        day += dt.timedelta(days=1)
