"""``POST /sms/<gateway>``: the webhook a gateway calls for each text message.

A missing or wrong signature gets 403 (and so does every request while the
gateway's secret is not configured). After the signature, a phone number over
its rate limit gets 429 (except for STOP, START, HELP and the erase keyword,
which are always honoured); otherwise the answer is always 200 with the
gateway's reply document, empty when there is nothing to send, so that
gateways never retry into a second answer.
"""

from __future__ import annotations

import logging
from dataclasses import replace
import time

from flask import Blueprint
from flask import Response
from flask import abort
from flask import current_app
from flask import request

from app.events import event
from app.sms.gateways.base import WebhookRequest
from app.web import limits

bp = Blueprint("sms", __name__, url_prefix="/sms")


def public_url() -> str:
    """The URL the gateway called, as it signed it: PUBLIC_BASE_URL plus the
    path and query when the app runs behind a proxy or TLS terminator."""
    base = (current_app.config.get("PUBLIC_BASE_URL") or "").rstrip("/")
    if not base:
        return request.url
    query = request.query_string.decode("latin-1")
    return f"{base}{request.path}" + (f"?{query}" if query else "")


@bp.post("/<name>")
def webhook(name: str):
    channel = current_app.extensions["kyrbot.sms"]
    gateway = channel.gateways.get(name)
    if gateway is None:
        abort(404)
    hook = WebhookRequest(
        url=public_url(),
        method=request.method,
        form={k: request.form.getlist(k) for k in request.form},
        headers={k: v for k, v in request.headers.items()},
    )
    if not gateway.verify(hook):
        event("sms_rejected", logging.WARNING, gateway=name, reason="signature")
        return Response("Forbidden\n", status=403, mimetype="text/plain")
    started = time.perf_counter()
    inbound = gateway.parse(hook)
    if inbound is not None:
        # A text is at most 1,600 characters on every gateway; anything longer
        # is cut before any work (a signed 15,000-character body took 2.3 s).
        inbound = replace(inbound, text=inbound.text[: current_app.config["MAX_MESSAGE_CHARS"]])
    service, kind = channel.service, "sms"
    if inbound is not None and inbound.channel != "sms":
        # WhatsApp through the same gateway: its own channel (app/whatsapp/),
        # with its own rendering, conversations, opt-outs and counts.
        kind = inbound.channel
        service = current_app.extensions.get("kyrbot.channels", {}).get(kind, service)
    if inbound is not None and not service.is_compliance_keyword(inbound):
        try:
            limits.check(kind, inbound.sender)  # STOP, START, HELP and erase always get through
        except limits.TooManyRequests:
            # The gateway's own reply document, empty: no text goes back, and
            # the gateway does not retry.
            event(f"{kind}_rate_limited", gateway=name)
            body, mimetype = gateway.render((), inbound)
            return Response(body, status=200, mimetype=mimetype, headers={"Cache-Control": "no-store"})
    texts: tuple[str, ...] = ()
    if inbound is None:
        event("sms_ignored", gateway=name)
    else:
        try:
            result = service.handle(inbound)
            texts = result.texts
            event(
                f"{kind}_{result.event}",
                gateway=name,
                topic=result.topic or "-",
                locale=result.locale or "-",
                latency_ms=f"{(time.perf_counter() - started) * 1000:.2f}",
            )
        except Exception as exc:  # answer empty rather than make the gateway retry
            event(f"{kind}_error", logging.ERROR, gateway=name, error=type(exc).__name__)
    body, mimetype = gateway.render(texts, inbound)
    response = Response(body, mimetype=mimetype)
    response.headers["Cache-Control"] = "no-store"
    return response
