"""The Redis client every Redis-backed store shares, and how its failures
become :class:`~app.store.errors.StoreUnavailable`.

Imported only when ``REDIS_URL`` is set: a deployment on one machine never
loads the client library.

Faults (issue 16):

- short timeouts (connect 0.2 s, read 0.25 s) and no retries inside
  redis-py (its default of three retries with back-off turned one paused
  Redis into 1.5 s per request);
- every ``RedisError`` counts as an outage: a refused connection, a timeout,
  out of memory (OOM with ``noeviction``), read-only after a failover;
- a circuit breaker per Redis: after a failure, the stores skip Redis for
  ``COOLDOWN`` seconds (they raise StoreUnavailable at once, and the bot
  answers without memory of the conversation), then one request probes it
  again.
"""

from __future__ import annotations

import logging
import threading
import time
from contextlib import contextmanager
from typing import Callable
from typing import ContextManager
from typing import Iterator

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from app.events import event
from app.store.errors import StoreUnavailable

PREFIX = "kyrbot:"  # every key the bot writes starts with this (see app/store/keys.py)
CONNECT_TIMEOUT = 0.2
READ_TIMEOUT = 0.25
COOLDOWN = 3.0  # seconds Redis is skipped after a failure


class Breaker:
    """Open after a failure: calls fail fast until ``COOLDOWN`` has passed;
    then the next call goes through and closes it again if Redis answers."""

    def __init__(self, cooldown: float = COOLDOWN):
        self.cooldown = cooldown
        self._open_until = 0.0
        self._lock = threading.Lock()

    @property
    def is_open(self) -> bool:
        return time.monotonic() < self._open_until

    @contextmanager
    def guard(self) -> Iterator[None]:
        if self.is_open:
            raise StoreUnavailable("circuit open")
        try:
            yield
        except redis.exceptions.RedisError as exc:
            with self._lock:
                opening = not self.is_open
                self._open_until = time.monotonic() + self.cooldown
            if opening:
                event("redis_unavailable", logging.WARNING, error=type(exc).__name__)
            raise StoreUnavailable(type(exc).__name__) from exc


_shared: dict[str, tuple[redis.Redis, Breaker]] = {}
_shared_lock = threading.Lock()


def _connect(url: str) -> tuple[redis.Redis, Breaker]:
    with _shared_lock:
        if url not in _shared:
            connection = redis.Redis.from_url(
                url,
                socket_connect_timeout=CONNECT_TIMEOUT,
                socket_timeout=READ_TIMEOUT,
                retry=Retry(NoBackoff(), 0),
                health_check_interval=10,
                decode_responses=True,
            )
            _shared[url] = (connection, Breaker())
        return _shared[url]


def client(url: str) -> redis.Redis:
    """One client (and connection pool) per Redis URL in this process."""
    return _connect(url)[0]


def guard(url: str) -> Callable[[], ContextManager[None]]:
    """The context that turns this Redis's failures into StoreUnavailable
    and keeps its circuit breaker."""
    return _connect(url)[1].guard


def reset() -> None:
    """Forget the shared clients (tests start Redis servers of their own)."""
    with _shared_lock:
        _shared.clear()
