"""Aggregate usage counters in storage: how many, never who.

One number per day x topic x locale x channel x tenant x kind, added in
batches by :class:`app.stats.recorder.Recorder`. Two implementations of one
small interface: SQLite (the embedded default, shared by the processes of one
machine) and Redis (shared by every machine); increments are atomic in both.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Iterable
from typing import Protocol

from app.store._sqlite import SqliteFile


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


class SqliteStats(SqliteFile):
    """The counters in one SQLite file (the embedded default). Like every
    SQLite store, a read-only or damaged file stops start-up with one line,
    and an error while running is an outage (StoreUnavailable)."""

    _SCHEMA = (
        "CREATE TABLE IF NOT EXISTS counts (day TEXT, topic TEXT, locale TEXT, channel TEXT,"
        " tenant TEXT, kind TEXT, n INTEGER NOT NULL,"
        " PRIMARY KEY (day, topic, locale, channel, tenant, kind))"
    )

    def add(self, counts: Counter) -> None:
        with self._failing():
            db = self._connect()
            db.execute("BEGIN IMMEDIATE")
            try:
                db.executemany(
                    "INSERT INTO counts VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT"
                    " (day, topic, locale, channel, tenant, kind) DO UPDATE SET n = n + excluded.n",
                    [(*cell, n) for cell, n in counts.items()],
                )
                db.execute("COMMIT")
            except BaseException:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                raise

    def rows(self, since: str, until: str) -> list[Row]:
        with self._failing():
            found = self._connect().execute(
                "SELECT day, topic, locale, channel, tenant, kind, n FROM counts"
                " WHERE day >= ? AND day <= ?",
                (since, until),
            ).fetchall()
        return [Row(*r) for r in found]

    def purge(self, before: str) -> int:
        with self._failing():
            return self._connect().execute("DELETE FROM counts WHERE day < ?", (before,)).rowcount


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
        days = list(days_between(since, until))
        with self._failing():  # one round trip for the whole period
            pipe = self.redis.pipeline(transaction=False)
            for day in days:
                pipe.hgetall(f"kyrbot:stats:{day}")
            hashes = pipe.execute()
        out = []
        for day, fields in zip(days, hashes, strict=True):
            for field, n in fields.items():
                topic, locale, channel, tenant, kind = field.split("|")
                out.append(Row(day, topic, locale, channel, tenant, kind, int(n)))
        return out

    def purge(self, before: str) -> int:
        removed = 0
        with self._failing():
            for key in self.redis.scan_iter("kyrbot:stats:*"):
                if key.rsplit(":", 1)[1] < before:
                    removed += self.redis.delete(key)
        return removed


def days_between(since: str, until: str) -> Iterable[str]:
    day, last = dt.date.fromisoformat(since), dt.date.fromisoformat(until)
    while day <= last:
        yield day.isoformat()
        day += dt.timedelta(days=1)
