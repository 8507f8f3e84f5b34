"""Aggregate usage counters: how many, never who.

A counter is a number per day × topic × locale × channel × tenant and kind
(conversations started, messages answered, fallbacks, referrals shown,
language switches, opt-outs, personal-data warnings). Nothing else is kept:
no identifier, no text, no time finer than a day. Reports hide every cell
below a threshold so a rare combination cannot single out a person, while
totals stay exact. Days older than the retention period are deleted.

Stores: SQLite (the embedded default, shared by the processes of one machine)
or Redis (shared by every machine); increments are atomic in both.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable
from typing import Protocol

from app.engine.errors import StoreUnavailable

KINDS = (
    "conversations",
    "messages",
    "fallbacks",
    "referrals",
    "language_switches",
    "opt_outs",
    "pii_warnings",
)
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
        from app.engine.redis_store import client

        self.redis = client(url)
        self.ttl = (retention_days + 1) * 86400

    def add(self, counts: Counter) -> None:
        import redis

        try:
            pipe = self.redis.pipeline(transaction=False)
            for (day, *rest), n in counts.items():
                key = f"kyrbot:stats:{day}"
                pipe.hincrby(key, "|".join(rest), n)
                pipe.expire(key, self.ttl)
            pipe.execute()
        except (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError) as exc:
            raise StoreUnavailable(type(exc).__name__) from exc

    def rows(self, since: str, until: str) -> list[Row]:
        out = []
        for day in _days(since, until):
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


def _days(since: str, until: str) -> Iterable[str]:
    day, last = dt.date.fromisoformat(since), dt.date.fromisoformat(until)
    while day <= last:
        yield day.isoformat()
        day += dt.timedelta(days=1)


class Recorder:
    """Counts events in memory and adds them to the store in batches (every
    ``flush_seconds``; 0 writes at once), so counting costs a request almost
    nothing. Old days are purged when batches are written."""

    def __init__(self, store: StatsStore, retention_days: int = 400, flush_seconds: float = 5.0):
        self.store = store
        self.retention_days = retention_days
        self.flush_seconds = flush_seconds
        self._pending: Counter = Counter()
        self._lock = threading.Lock()
        self._last_flush = time.monotonic()
        self._last_purge = ""
        self._day, self._day_checked = "", float("-inf")

    def count(self, kind: str, topic: str | None, locale: str | None, channel: str,
              tenant: str | None = None, n: int = 1) -> None:
        self._count((kind,), topic, locale, channel, tenant, n)

    def _count(self, kinds: tuple[str, ...], topic: str | None, locale: str | None,
               channel: str, tenant: str | None, n: int = 1) -> None:
        cell = (self._today(), topic or "-", locale or "-", channel, tenant or "")
        with self._lock:
            for kind in kinds:
                self._pending[(*cell, kind)] += n
        if time.monotonic() - self._last_flush >= self.flush_seconds:
            self.flush()

    def _today(self) -> str:
        """Today's date, looked up again at most once a second."""
        now = time.monotonic()
        if now >= self._day_checked + 1.0:
            self._day, self._day_checked = dt.date.today().isoformat(), now
        return self._day

    def flush(self) -> None:
        with self._lock:
            pending, self._pending = self._pending, Counter()
            self._last_flush = time.monotonic()
        if pending:
            try:
                self.store.add(pending)
            except StoreUnavailable:
                with self._lock:  # keep the counts for the next try
                    self._pending.update(pending)
                return
        today = dt.date.today()
        if self._last_purge != today.isoformat():
            cutoff = (today - dt.timedelta(days=self.retention_days)).isoformat()
            try:
                self.store.purge(cutoff)
                self._last_purge = today.isoformat()
            except StoreUnavailable:
                pass

    def count_reply(self, reply, channel: str, tenant: str | None, started: bool) -> None:
        """The counters one answered message moves, in one step."""
        kinds = ["messages"]
        if started:
            kinds.append("conversations")
        if reply.topic == "fallback":
            kinds.append("fallbacks")
        if reply.referrals:
            kinds.append("referrals")
        if reply.topic == "language":
            kinds.append("language_switches")
        if any(n.code == "pii" for n in reply.notices):
            kinds.append("pii_warnings")
        self._count(tuple(kinds), reply.topic, reply.locale, channel, tenant)


@dataclass(frozen=True)
class Report:
    """Counts grouped for a period, with small cells hidden."""

    since: str
    until: str
    threshold: int
    totals: dict[str, int]  # kind -> exact total
    by_day: list[tuple[str, int | None]]  # conversations per day (None = hidden)
    by_topic: list[tuple[str, int | None]]  # messages per topic, most first
    by_locale: list[tuple[str, int | None, int | None, float | None]]  # messages, fallbacks, rate
    by_channel: list[tuple[str, int | None]]
    cells: list[dict]  # every cell, for csv/json (count None = hidden)


def report(rows: Iterable[Row], since: str, until: str, threshold: int,
           tenant: str | None = None) -> Report:
    rows = [r for r in rows if tenant is None or r.tenant == tenant]

    def hide(n: int) -> int | None:
        return n if n >= threshold else None

    totals = {kind: 0 for kind in KINDS}
    per_day: Counter = Counter()
    per_topic: Counter = Counter()
    per_locale: Counter = Counter()
    fallbacks: Counter = Counter()
    per_channel: Counter = Counter()
    for r in rows:
        totals[r.kind] = totals.get(r.kind, 0) + r.count
        if r.kind == "conversations":
            per_day[r.day] += r.count
        if r.kind == "messages":
            per_topic[r.topic] += r.count
            per_locale[r.locale] += r.count
            per_channel[r.channel] += r.count
        if r.kind == "fallbacks":
            fallbacks[r.locale] += r.count
    by_locale = []
    for locale, n in per_locale.most_common():
        shown, fb = hide(n), hide(fallbacks[locale]) if fallbacks[locale] else 0
        rate = fallbacks[locale] / n if shown is not None and fb is not None and n else None
        by_locale.append((locale, shown, fb, rate))
    cells = [
        {"day": r.day, "topic": r.topic, "locale": r.locale, "channel": r.channel,
         "tenant": r.tenant, "kind": r.kind, "count": hide(r.count)}
        for r in sorted(rows, key=lambda r: (r.day, r.kind, r.topic, r.locale, r.channel, r.tenant))
    ]
    return Report(
        since=since,
        until=until,
        threshold=threshold,
        totals=totals,
        by_day=[(d, hide(per_day.get(d, 0))) for d in _days(since, until)],
        by_topic=[(t, hide(n)) for t, n in per_topic.most_common()],
        by_locale=by_locale,
        by_channel=[(c, hide(n)) for c, n in per_channel.most_common()],
        cells=cells,
    )
