"""Rate limits (Flask-Limiter), keyed by a keyed hash of the conversation:
the web session id, or the sender's phone number for SMS. A first message
without a session is keyed by a hash of the client address, never the address
itself. Counters live in this process (kyrbot-memory://, see limit_storage),
or in Redis when REDIS_URL is set (falling back to memory if Redis is away)."""

from __future__ import annotations

import hashlib
import hmac

from flask import Flask
from flask import current_app
from flask import request
from flask_limiter import Limiter
from flask_limiter.errors import RateLimitExceeded

from app.web import limit_storage  # noqa: F401 (registers kyrbot-memory://)
from app.web.api import SESSION_RE
from app.web.errors import error_response


def _hashed(kind: str, value: str) -> str:
    secret = current_app.extensions["kyrbot"].secret
    return kind + ":" + hmac.new(secret, f"limit:{kind}:{value}".encode(), hashlib.sha256).hexdigest()[:32]


def conversation_key() -> str:
    if request.blueprint == "sms":
        sender = request.form.get("From") or request.form.get("msisdn")
        if sender:
            return _hashed("sms", "".join(ch for ch in sender if ch.isdigit()))
    else:
        payload = request.get_json(silent=True) if request.is_json else None
        session = payload.get("session") if isinstance(payload, dict) else None
        if isinstance(session, str) and SESSION_RE.match(session):
            return _hashed("session", session)
    return _hashed("client", request.remote_addr or "-")


def init_limits(app: Flask) -> Limiter:
    """One check per request, in Flask-Limiter's before_request hook: the
    limit applies to the conversation endpoints only (others are exempt)."""
    limiter = Limiter(
        conversation_key,
        app=app,
        default_limits=[app.config["RATE_LIMIT"]],
        default_limits_exempt_when=lambda: request.endpoint not in LIMITED,
        storage_uri=app.config.get("REDIS_URL") or "kyrbot-memory://",
        storage_options={"socket_connect_timeout": 0.5, "socket_timeout": 0.5}
        if app.config.get("REDIS_URL")
        else {},
        strategy="fixed-window",  # one counter per key and window: cheapest per request
        headers_enabled=False,  # Retry-After is set on 429 answers below
        in_memory_fallback_enabled=True,
        key_prefix="kyrbot-limit",
    )

    @app.errorhandler(RateLimitExceeded)
    def _too_many(exc: RateLimitExceeded):
        response = error_response(
            429,
            "too_many_requests",
            "Too many messages in a short time. Please wait a minute and try again.",
        )
        response.headers["Retry-After"] = response.headers.get("Retry-After") or "60"
        return response

    return limiter


LIMITED = frozenset({"api.messages", "widget.widget_messages", "sms.webhook"})
