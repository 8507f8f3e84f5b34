"""The Redis client every Redis-backed store shares, and how its failures
become :class:`~app.store.errors.StoreUnavailable`.

Imported only when ``REDIS_URL`` is set: a deployment on one machine never
loads the client library.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

import redis

from app.store.errors import StoreUnavailable

PREFIX = "kyrbot:"  # every key the bot writes starts with this (see app/store/keys.py)
_FAILURES = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)


def client(url: str) -> redis.Redis:
    return redis.Redis.from_url(
        url,
        socket_connect_timeout=0.5,
        socket_timeout=0.5,
        health_check_interval=10,
        decode_responses=True,
    )


@contextmanager
def unavailable_on_failure() -> Iterator[None]:
    """Network failures inside the block raise StoreUnavailable."""
    try:
        yield
    except _FAILURES as exc:
        raise StoreUnavailable(type(exc).__name__) from exc
