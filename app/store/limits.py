"""Rate-limit counters: one fixed-window count per conversation and limit,
kept with the ``limits`` library in this process or in Redis.

:class:`ConversationLimits` counts; the web layer (``app/web/limits.py``)
turns "over the limit" into a 429. :class:`LazyMemoryStorage` is a
thread-free in-process counter store for the ``limits`` fixed-window
strategy (also registered as ``kyrbot-memory://``).

The ``limits`` package's own memory storage starts a timer thread on almost
every request to expire old entries; under load that costs more than the rest
of the request. Here expired counters are dropped lazily, when they are next
read or when the table grows. Counters are per process: with several workers
each counts on its own (set REDIS_URL for one shared count).
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque

from limits import parse_many
from limits.errors import StorageError
from limits.storage import Storage
from limits.storage import storage_from_string
from limits.strategies import FixedWindowRateLimiter

from app.events import event
from app.store.keys import conversation_key

PREFIX = "kyrbot-limit"
REDIS_RETRY_SECONDS = 5.0

MAX_KEYS = 2_000_000  # a hard bound on live counters; the oldest windows go first beyond it
PURGE_PER_CALL = 4  # expired counters dropped per count: the table shrinks as fast as it grows


class LazyMemoryStorage(Storage):
    """Fixed-window counters in this process, at constant cost per count
    whatever the number of live keys.

    Every window of one length (60 s, 3600 s) ends in the order it began, so
    each length keeps a queue of (end, key) in that order: each count drops
    the few expired windows at the queue heads, and never scans the table.
    (The first version purged by scanning the whole table whenever it held
    more than 100,000 keys: a stream of new sessions then made every count
    cost milliseconds, issue 16.) Beyond ``MAX_KEYS`` the oldest windows are
    dropped first."""

    STORAGE_SCHEME = ["kyrbot-memory"]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options):
        self._counts: dict[str, tuple[int, float]] = {}  # key -> (count, expires at)
        self._queues: dict[int, deque[tuple[float, str]]] = {}  # window length -> (end, key)
        self._lock = threading.Lock()
        self.max_keys = int(options.pop("max_keys", MAX_KEYS))
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)

    @property
    def base_exceptions(self):
        return ValueError

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        now = time.time()
        with self._lock:
            count, expires = self._counts.get(key, (0, 0.0))
            if expires <= now:
                count, expires = 0, now + expiry
                self._queues.setdefault(int(expiry), deque()).append((expires, key))
            count += amount
            self._counts[key] = (count, expires)
            self._purge(now)
            return count

    def get(self, key: str) -> int:
        count, expires = self._counts.get(key, (0, 0.0))
        return count if expires > time.time() else 0

    def get_expiry(self, key: str) -> float:
        _count, expires = self._counts.get(key, (0, 0.0))
        return expires if expires > time.time() else time.time()

    def check(self) -> bool:
        return True

    def reset(self) -> int | None:
        with self._lock:
            size = len(self._counts)
            self._counts.clear()
            self._queues.clear()
            return size

    def clear(self, key: str) -> None:
        with self._lock:
            self._counts.pop(key, None)  # its queue entry goes when it comes up

    def __len__(self) -> int:
        return len(self._counts)

    def _purge(self, now: float) -> None:
        """Drop a few expired windows (or, over the bound, the oldest ones)."""
        for queue in self._queues.values():
            for _ in range(PURGE_PER_CALL):
                if not queue or (queue[0][0] > now and len(self._counts) <= self.max_keys):
                    break
                self._drop(*queue.popleft())

    def _drop(self, ends: float, key: str) -> None:
        current = self._counts.get(key)
        if current is not None and current[1] == ends:  # not a newer window of the same key
            del self._counts[key]


class ConversationLimits:
    """One fixed-window count per conversation and limit (e.g. 20/minute and
    200/hour). ``hit`` returns None while within every limit, or the seconds
    until the window that was exceeded starts again."""

    def __init__(
        self,
        rate: str,
        secret: bytes,
        redis_url: str | None = None,
        rates: dict[str, str] | None = None,
    ):
        self.items = sorted(parse_many(rate))
        # Kinds of key with their own rate (new conversations per client).
        self.kind_items = {kind: sorted(parse_many(r)) for kind, r in (rates or {}).items()}
        self.secret = secret
        self.memory = FixedWindowRateLimiter(LazyMemoryStorage())
        self.shared = None
        if redis_url:
            from redis.backoff import NoBackoff
            from redis.retry import Retry

            from app.store import redis as backend

            storage = storage_from_string(
                redis_url,
                wrap_exceptions=True,
                socket_connect_timeout=backend.CONNECT_TIMEOUT,
                socket_timeout=backend.READ_TIMEOUT,
                retry=Retry(NoBackoff(), 0),
            )
            self.shared = FixedWindowRateLimiter(storage)
        self._redis_retry_at = 0.0

    def key(self, kind: str, identifier: str) -> str:
        return conversation_key(self.secret, f"limit:{kind}", identifier)  # HMAC-SHA256

    def hit(self, kind: str, identifier: str) -> int | None:
        key = self.key(kind, identifier)
        strategy = self.memory
        if self.shared is not None and time.monotonic() >= self._redis_retry_at:
            strategy = self.shared
        try:
            return self._hit(strategy, key, kind)
        except StorageError as exc:
            event(
                "limit_storage_unavailable", logging.WARNING, error=type(exc.storage_error).__name__
            )
            self._redis_retry_at = time.monotonic() + REDIS_RETRY_SECONDS
            return self._hit(self.memory, key, kind)

    def _hit(self, strategy: FixedWindowRateLimiter, key: str, kind: str) -> int | None:
        for item in self.kind_items.get(kind, self.items):
            if not strategy.hit(item, PREFIX, key):
                reset = strategy.get_window_stats(item, PREFIX, key).reset_time
                return max(1, int(reset - time.time() + 0.999))
        return None
