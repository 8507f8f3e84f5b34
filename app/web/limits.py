"""Rate limits per conversation, counted with the ``limits`` library.

The key is a keyed hash of the conversation: the web session id, or the
sender's phone number for SMS; a first web message without a session is keyed
by a hash of the client address, never the address itself. The views call
:func:`check` once per turn, after the request has been validated (for SMS,
after the gateway's signature), so forged or malformed requests cannot spend
somebody else's allowance.

Counters live in this process (``LazyMemoryStorage``) or, when ``REDIS_URL``
is set, in Redis, shared by every worker. If Redis is away, counting goes on
in memory and Redis is tried again a few seconds later.

Why not Flask-Limiter, which is built on ``limits``: its generic per-request
resolution (default, route and blueprint limits, exemptions, meta limits)
measured about 120 µs on every request (``benchmarks/limiter_floor.py``),
more than the engine's own work per message. One limit on three views needs
none of that.
"""

from __future__ import annotations

import logging
import time

from flask import Flask
from flask import current_app
from flask import request
from limits import parse_many
from limits.errors import StorageError
from limits.storage import storage_from_string
from limits.strategies import FixedWindowRateLimiter

from app.engine.state import conversation_key
from app.events import event
from app.web.errors import ApiError
from app.web.limit_storage import LazyMemoryStorage


PREFIX = "kyrbot-limit"
REDIS_RETRY_SECONDS = 5.0


class TooManyRequests(ApiError):
    def __init__(self, retry_after: int):
        super().__init__(
            429,
            "too_many_requests",
            "Too many messages in a short time. Please wait a minute and try again.",
        )
        self.headers = {"Retry-After": str(retry_after)}


class ConversationLimits:
    """One fixed-window count per conversation and limit (e.g. 20/minute and
    200/hour). ``hit`` returns None while within every limit, or the seconds
    until the window that was exceeded starts again."""

    def __init__(self, rate: str, secret: bytes, redis_url: str | None = None):
        self.items = sorted(parse_many(rate))
        self.secret = secret
        self.memory = FixedWindowRateLimiter(LazyMemoryStorage())
        self.shared = None
        if redis_url:
            storage = storage_from_string(
                redis_url, wrap_exceptions=True, socket_connect_timeout=0.5, socket_timeout=0.5
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
            return self._hit(strategy, key)
        except StorageError as exc:
            event(
                "limit_storage_unavailable", logging.WARNING, error=type(exc.storage_error).__name__
            )
            self._redis_retry_at = time.monotonic() + REDIS_RETRY_SECONDS
            return self._hit(self.memory, key)

    def _hit(self, strategy: FixedWindowRateLimiter, key: str) -> int | None:
        for item in self.items:
            if not strategy.hit(item, PREFIX, key):
                reset = strategy.get_window_stats(item, PREFIX, key).reset_time
                return max(1, int(reset - time.time() + 0.999))
        return None


def init_limits(app: Flask) -> ConversationLimits:
    limits = ConversationLimits(
        app.config["RATE_LIMIT"],
        app.extensions["kyrbot"].secret,
        app.config.get("REDIS_URL") or None,
    )
    app.extensions["kyrbot.limits"] = limits
    return limits


def check_web(session: str | None) -> None:
    """A web or widget turn: keyed by the session, or for a first message
    without one, by the client address (hashed like every key)."""
    if session:
        check("session", session)
    else:
        check("client", request.remote_addr or "-")


def check(kind: str, identifier: str) -> None:
    """Count one turn of this conversation; raise a 429 ApiError over the limit."""
    retry_after = current_app.extensions["kyrbot.limits"].hit(kind, identifier)
    if retry_after is not None:
        event("rate_limited", kind=kind)
        raise TooManyRequests(retry_after)
