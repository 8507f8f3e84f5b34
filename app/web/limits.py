"""Rate limits per conversation: the 429 answer (counting: app/store/limits.py).

The key is a keyed hash of the conversation: the web session id, or the
sender's phone number for SMS. A new web or widget conversation also counts
against its client's allowance of new conversations, keyed by a hash of the
client address, never the address itself. The views call
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

from typing import Callable

from flask import Flask
from flask import current_app
from flask import request

from app.events import event
from app.store.limits import ConversationLimits
from app.web.errors import ApiError


class TooManyRequests(ApiError):
    def __init__(self, retry_after: int):
        super().__init__(
            429,
            "too_many_requests",
            "Too many messages in a short time. Please wait a minute and try again.",
        )
        self.headers = {"Retry-After": str(retry_after)}


def init_limits(app: Flask) -> ConversationLimits:
    limits = ConversationLimits(
        app.config["RATE_LIMIT"],
        app.extensions["kyrbot"].secret,
        app.config.get("REDIS_URL") or None,
        rates={"client": app.config["NEW_CONVERSATION_LIMIT"]},
    )
    app.extensions["kyrbot.limits"] = limits
    return limits


def admit_web(session: str) -> Callable[[bool], None]:
    """The limits of a web or widget turn, for :meth:`Conversations.handle`:
    a new conversation counts against its client's allowance of new
    conversations (``NEW_CONVERSATION_LIMIT``, keyed by a hash of the
    address: behind a proxy see ``TRUSTED_PROXIES``), and every turn against
    its session's (``RATE_LIMIT``). So a fresh session id on every request
    buys nothing."""
    address = request.remote_addr or "-"

    def admit(new: bool) -> None:
        if new:
            check("client", address)
        check("session", session)

    return admit


def check(kind: str, identifier: str) -> None:
    """Count one turn of this conversation; raise a 429 ApiError over the limit."""
    retry_after = current_app.extensions["kyrbot.limits"].hit(kind, identifier)
    if retry_after is not None:
        event("rate_limited", kind=kind)
        raise TooManyRequests(retry_after)
