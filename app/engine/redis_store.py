"""Conversation state, de-duplication and the opt-out list in Redis, shared by
every worker on every machine. Every key but the opt-out set has a TTL.

Network errors become :class:`~app.engine.StoreUnavailable`, so the bot keeps
answering (without memory) while Redis is away; redis-py reconnects by itself
on the next command once it is back.
"""

from __future__ import annotations

import redis

from app.engine.errors import StoreUnavailable

PREFIX = "kyrbot:"
OPTOUT_SET = PREFIX + "optouts"  # keyed hashes only; the one record kept without TTL
_FAILURES = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)


def client(url: str) -> redis.Redis:
    return redis.Redis.from_url(
        url,
        socket_connect_timeout=0.5,
        socket_timeout=0.5,
        health_check_interval=10,
        decode_responses=True,
    )


class RedisStore:
    def __init__(self, url: str):
        self.redis = client(url)

    def get(self, key: str) -> str | None:
        try:
            return self.redis.get(PREFIX + key)
        except _FAILURES as exc:
            raise StoreUnavailable(type(exc).__name__) from exc

    def set(self, key: str, value: str, ttl: int) -> None:
        try:
            self.redis.set(PREFIX + key, value, ex=ttl)
        except _FAILURES as exc:
            raise StoreUnavailable(type(exc).__name__) from exc

    def add(self, key: str, value: str, ttl: int) -> bool:
        try:
            return bool(self.redis.set(PREFIX + key, value, ex=ttl, nx=True))
        except _FAILURES as exc:
            raise StoreUnavailable(type(exc).__name__) from exc

    def delete(self, key: str) -> None:
        try:
            self.redis.delete(PREFIX + key)
        except _FAILURES as exc:
            raise StoreUnavailable(type(exc).__name__) from exc


class RedisOptOuts:
    def __init__(self, url: str):
        self.redis = client(url)

    def contains(self, key: str) -> bool:
        try:
            return bool(self.redis.sismember(OPTOUT_SET, key))
        except _FAILURES as exc:
            raise StoreUnavailable(type(exc).__name__) from exc

    def add(self, key: str) -> None:
        try:
            self.redis.sadd(OPTOUT_SET, key)
        except _FAILURES as exc:
            raise StoreUnavailable(type(exc).__name__) from exc

    def remove(self, key: str) -> None:
        try:
            self.redis.srem(OPTOUT_SET, key)
        except _FAILURES as exc:
            raise StoreUnavailable(type(exc).__name__) from exc
