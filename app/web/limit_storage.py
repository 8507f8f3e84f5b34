"""A thread-free in-process counter store for the ``limits`` fixed-window
strategy (also registered as ``kyrbot-memory://``).

The ``limits`` package's own memory storage starts a timer thread on almost
every request to expire old entries; under load that costs more than the rest
of the request. Here expired counters are dropped lazily, when they are next
read or when the table grows. Counters are per process: with several workers
each counts on its own (set REDIS_URL for one shared count).
"""

from __future__ import annotations

import threading
import time

from limits.storage import Storage

MAX_KEYS = 100_000


class LazyMemoryStorage(Storage):
    STORAGE_SCHEME = ["kyrbot-memory"]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options):
        self._counts: dict[str, tuple[int, float]] = {}  # key -> (count, expires at)
        self._lock = threading.Lock()
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
            count += amount
            self._counts[key] = (count, expires)
            if len(self._counts) > MAX_KEYS:
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
            return size

    def clear(self, key: str) -> None:
        with self._lock:
            self._counts.pop(key, None)

    def _purge(self, now: float) -> None:
        for key in [k for k, (_c, exp) in self._counts.items() if exp <= now]:
            del self._counts[key]
