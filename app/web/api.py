"""``POST /api/v1/messages``: the public JSON contract (see README)."""

from __future__ import annotations

import re
import time

from flask import Blueprint
from flask import current_app
from flask import jsonify
from flask import request

from app.engine import Inbound
from app.engine import new_session_id
from app.engine.normalize import clean_input
from app.events import event
from app.web import limits
from app.web.errors import ApiError
from app.web.i18n import accept_tag

bp = Blueprint("api", __name__, url_prefix="/api/v1")

SESSION_RE = re.compile(r"[A-Za-z0-9_-]{16,64}")  # used with fullmatch: "$" would let a final newline in


def parse_message(payload: object, max_chars: int) -> tuple[str, str | None, str | None]:
    """Validate a message body; raise ApiError (4xx) on anything wrong."""
    if not isinstance(payload, dict):
        raise ApiError(400, "invalid_body", "The body must be a JSON object.")
    text = payload.get("text")
    if not isinstance(text, str):
        raise ApiError(400, "invalid_text", "'text' is required and must be a string.")
    if not clean_input(text).strip():  # nothing left once control and direction marks go
        raise ApiError(400, "empty_text", "'text' must not be empty.")
    if len(text) > max_chars:
        raise ApiError(
            400, "text_too_long", f"'text' must be at most {max_chars} characters."
        )
    session = payload.get("session")
    if session is not None and not (isinstance(session, str) and SESSION_RE.fullmatch(session)):
        raise ApiError(
            400,
            "invalid_session",
            "'session' must be a string returned by this API (16-64 letters, digits, - or _).",
        )
    locale = payload.get("locale")
    if locale is not None and not (isinstance(locale, str) and len(locale) <= 35):
        raise ApiError(400, "invalid_locale", "'locale' must be a language tag such as 'es'.")
    return text, session, locale


def parse_json_message() -> tuple[str, str | None, str | None]:
    """The request's JSON message; ApiError (415/400/413) when it is not one."""
    if not request.is_json:
        raise ApiError(
            415, "unsupported_media_type", "Send the message as application/json."
        )
    payload = request.get_json(force=True, silent=True)  # the type was checked just above
    if payload is None:
        raise ApiError(400, "invalid_json", "The body is not valid JSON.")
    return parse_message(payload, current_app.config["MAX_MESSAGE_CHARS"])


def parts_requested() -> bool:
    """The optional ``"parts": true`` of a message: answer with ``heading``
    and ``details`` too (the chat page and the widget fold the details)."""
    parts = (request.get_json(silent=True) or {}).get("parts", False)
    if not isinstance(parts, bool):
        raise ApiError(400, "invalid_parts", "'parts' must be true or false.")
    return parts


def log_answer(reply, channel: str, started: float, tenant: str | None = None) -> None:
    """One content-free log line per answer; latency from ``started``
    (``time.perf_counter()`` when the view began) to now."""
    event(
        "message_answered",
        channel=channel,
        tenant=tenant or "-",
        topic=reply.topic or "-",
        locale=reply.locale,
        latency_ms=f"{(time.perf_counter() - started) * 1000:.2f}",
    )


def answer(
    text: str,
    session: str | None,
    locale: str | None,
    started: float,
    channel: str = "web",
    shielded: frozenset[str] | None = None,
):
    """Run one turn through the engine, within the limits; returns (reply,
    session id). Over a limit it raises the 429 before any answering.
    ``shielded``: the personal-data kinds already taken out of ``text``."""
    conversations = current_app.extensions["kyrbot"]
    session = session or new_session_id()
    inbound = Inbound(text, channel, locale, accept_locale=accept_tag(), shielded=shielded)
    reply = conversations.handle("web", session, inbound, admit=limits.admit_web(session))
    log_answer(reply, channel, started)
    return reply, session


@bp.post("/messages")
def messages():
    started = time.perf_counter()
    text, session, locale = parse_json_message()
    parts = parts_requested()
    reply, session = answer(text, session, locale, started)
    return jsonify(reply.to_api(session, parts))


@bp.delete("/sessions/<session>")
def forget(session: str):
    """Delete a conversation's state now (the quick-exit and "clear" buttons)."""
    if not SESSION_RE.fullmatch(session):
        raise ApiError(400, "invalid_session", "Unknown session format.")
    current_app.extensions["kyrbot"].forget("web", session)
    return "", 204
