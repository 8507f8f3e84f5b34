"""``/whatsapp/meta``: the webhook of Meta's WhatsApp Cloud API.

``GET`` answers Meta's verification request; ``POST`` receives messages.
Until all four Meta settings are set, both answer 404 (``not_configured``).
A missing or wrong ``X-Hub-Signature-256`` gets 403. Otherwise the answer is
200 at once, whatever the body holds (Meta retries anything else), and the
replies are sent afterwards by the background sender (``sender.py``).
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import replace

from flask import Blueprint
from flask import Response
from flask import current_app
from flask import jsonify
from flask import request

from app.events import event
from app.web import limits
from app.web.errors import error_response
from app.whatsapp.render import messages

bp = Blueprint("whatsapp", __name__, url_prefix="/whatsapp")

NOT_CONFIGURED = "WhatsApp through Meta's Cloud API is not configured on this server."


@bp.get("/meta")
def verify():
    channel = current_app.extensions["kyrbot.whatsapp"]
    if not channel.meta.configured:
        return error_response(404, "not_configured", NOT_CONFIGURED)
    challenge = channel.meta.challenge(request.args)
    if challenge is None:
        event("whatsapp_rejected", logging.WARNING, gateway="meta", reason="verify_token")
        return error_response(403, "forbidden", "The verification token does not match.")
    return Response(challenge, mimetype="text/plain", headers={"Cache-Control": "no-store"})


@bp.post("/meta")
def webhook():
    channel = current_app.extensions["kyrbot.whatsapp"]
    meta = channel.meta
    if not meta.configured:
        return error_response(404, "not_configured", NOT_CONFIGURED)
    body = request.get_data(cache=False)  # the raw bytes Meta signed
    if not meta.verify(body, request.headers.get("X-Hub-Signature-256")):
        event("whatsapp_rejected", logging.WARNING, gateway="meta", reason="signature")
        return error_response(403, "forbidden", "Missing or wrong X-Hub-Signature-256.")
    try:
        payload = json.loads(body)
    except ValueError:
        return error_response(400, "invalid_json", "The body is not JSON.")
    service = channel.meta_service
    engine = service.conversations.engine
    for inbound in meta.parse(payload):
        started = time.perf_counter()
        inbound = replace(inbound, text=inbound.text[: current_app.config["MAX_MESSAGE_CHARS"]])
        if inbound.text.strip() and not service.is_compliance_keyword(inbound):
            try:
                limits.check("whatsapp", inbound.sender)  # STOP, START, HELP and erase always pass
            except limits.TooManyRequests:
                event("whatsapp_rate_limited", gateway="meta")  # no answer; Meta gets its 200
                continue
        try:
            result = service.handle(inbound)
        except Exception as exc:  # the next message still gets its turn
            event("whatsapp_error", logging.ERROR, gateway="meta", error=type(exc).__name__)
            continue
        event(
            f"whatsapp_{result.event}",
            gateway="meta",
            topic=result.topic or "-",
            locale=result.locale or "-",
            latency_ms=f"{(time.perf_counter() - started) * 1000:.2f}",
        )
        if result.texts:
            locale = result.locale or engine.default_locale
            shown = messages(result.texts, result.choices, lambda m, loc=locale: engine.catalogs.tr(loc, m))
            requests = [meta.request(inbound.sender, m) for m in shown]
            channel.meta_sender.submit(lambda post, requests=requests: [post(r) for r in requests])
    response = jsonify({"status": "received"})
    response.headers["Cache-Control"] = "no-store"
    return response
