"""Counting what happens, in memory, and adding the counts to a store in batches.

What is counted (``KINDS``): conversations started, messages answered,
fallbacks, referral lists shown, language switches, SMS opt-outs and
personal-data warnings, per day x topic x locale x channel x tenant. No
identifier, no text, no time finer than a day.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections import Counter

from app.store.counters import StatsStore
from app.store.errors import StoreUnavailable

KINDS = (
    "conversations",
    "messages",
    "fallbacks",
    "referrals",
    "language_switches",
    "opt_outs",
    "pii_warnings",
)


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
