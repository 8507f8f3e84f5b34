"""What the running bot keeps, generated from its configuration.

``GET /privacy.json`` is the machine-readable manifest; ``GET /privacy`` shows
the same data to people, in their language. Both change when the settings
change (a test flips one and checks), so they cannot go stale like a
hand-written policy."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask import current_app
from flask import g
from flask import jsonify
from flask import render_template
from flask import request

from app.engine import Inbound
from app.engine import State
from app.web.i18n import accept_tag

LOG_FIELDS = ["event", "channel", "gateway", "tenant", "topic", "locale", "latency_ms", "error", "status", "tries"]


def manifest(config: dict[str, Any], gateways: dict) -> dict[str, Any]:
    redis = bool(config.get("REDIS_URL"))
    where = "redis" if redis else ("sqlite" if config["STATE_STORE"] == "sqlite" else "memory")
    configured = sorted(
        name for name, gw in gateways.items()
        if getattr(gw, "_validator", None) is not None or getattr(gw, "_token", None)
    )
    return {
        "service": "kyrbot",
        "generated_from": "the running configuration",
        "message_text_stored": False,
        "phone_numbers_stored": False,
        "ip_addresses_stored": False,
        "cookies": False,
        "browser_storage": "none: the session id lives in the page's memory only",
        "stores": [
            {
                "name": "conversation_state",
                "where": where,
                "contains": ["language", "last topic", "choices on offer", "pending question",
                             "state code of a legal-help search", "part of a long SMS reply"],
                "keyed_by": "HMAC-SHA256 of the session id or phone number, with the server's key",
                "kept_for_seconds": int(config["STATE_TTL"]),
                "deleted_by": ["quick exit", "SMS erase keyword", "time-to-live"],
            },
            {
                "name": "sms_opt_outs",
                "where": where,
                "contains": ["keyed hash of a phone number that sent STOP"],
                "keyed_by": "HMAC-SHA256 of the phone number",
                "kept_for_seconds": None,
                "deleted_by": ["START keyword"],
            },
            {
                "name": "sms_duplicate_check",
                "where": where,
                "contains": ["keyed hash of the gateway's message id"],
                "kept_for_seconds": 86400,
            },
            {
                "name": "rate_limit_counters",
                "where": "redis" if redis else "memory of each server process",
                "contains": ["message count per time window"],
                "keyed_by": "HMAC-SHA256 of the session id, phone number or (first message only) client address",
                "limit": config["RATE_LIMIT"],
            },
            {
                "name": "usage_counters",
                "where": "redis" if redis else "sqlite",
                "contains": ["counts per day, topic, language, channel and organization"],
                "time_granularity": "day",
                "kept_for_days": int(config["STATS_RETENTION_DAYS"]),
                "report_suppression_threshold": int(config["STATS_MIN_COUNT"]),
            },
        ],
        "third_parties": {"web": [], "widget": [], "sms": configured, "whatsapp": whatsapp_parties(config)},
        "log_fields": LOG_FIELDS,
        "personal_data_shield": ["US SSN and ITIN", "A-number", "phone number", "email address"],
        "quick_exit_url": config["QUICK_EXIT_URL"],
    }


def whatsapp_parties(config: dict[str, Any]) -> list[str]:
    """Whom WhatsApp messages pass through besides WhatsApp itself: Meta's
    Cloud API when all four of its settings are set, Twilio when its token
    is (its webhook then answers WhatsApp senders too)."""
    parties = []
    meta = ("WHATSAPP_VERIFY_TOKEN", "WHATSAPP_APP_SECRET", "WHATSAPP_ACCESS_TOKEN", "WHATSAPP_PHONE_NUMBER_ID")
    if all(config.get(name) for name in meta):
        parties.append("meta")
    if config.get("TWILIO_AUTH_TOKEN"):
        parties.append("twilio")
    return parties


def register(app: Flask) -> None:
    @app.get("/privacy.json")
    def privacy_json():
        return jsonify(manifest(current_app.config, current_app.extensions["kyrbot.sms"].gateways))

    @app.get("/privacy")
    def privacy_page():
        g.locale = page_locale(request.args.get("lang"))
        return render_template(
            "privacy.html",
            back_href=f"/?lang={g.locale}",
            quick_exit_url=current_app.config["QUICK_EXIT_URL"],
            **page_values(),
        )


def page_locale(wanted: str | None) -> str:
    """The page's language: asked for (?lang=), else the browser's, else the default."""
    engine = current_app.extensions["kyrbot"].engine
    reply, _ = engine.respond(Inbound("", locale=wanted, accept_locale=accept_tag()), State())
    return reply.locale


def page_values() -> dict[str, Any]:
    """What the privacy page's template shows (also inside the widget)."""
    data = manifest(current_app.config, current_app.extensions["kyrbot.sms"].gateways)
    return {"m": data, "stores": {s["name"]: s for s in data["stores"]}}
