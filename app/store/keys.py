"""Every key the bot writes, what it holds, and how long it lives.

Keys are keyed hashes (HMAC-SHA256 with ``SECRET_KEY``) of a session id,
phone number or gateway message id, so an expired, copied or stolen store
reveals none of them. In Redis every key is prefixed ``kyrbot:`` (rate-limit
counters ``LIMITER/kyrbot-limit/``, written by the ``limits`` library).
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class KeySpec:
    pattern: str
    holds: str
    lifetime: str


KEYS: tuple[KeySpec, ...] = (
    KeySpec(
        "web:<hmac of session id>, widget-<tenant>:<hmac>, sms:<hmac of phone number>, "
        "whatsapp:<hmac of phone number>",
        "a conversation's state as JSON (language, last topic, offered choices, pending "
        "question, a US state code); never text",
        "STATE_TTL seconds after the last message (default 3600)",
    ),
    KeySpec(
        "sms-page:<hmac of phone number>, whatsapp-page:<hmac>",
        "the number of the next part of a long SMS reply (for MORE), and whether its "
        "first part carried the translation note ('<part>:<0|1>')",
        "STATE_TTL seconds",
    ),
    KeySpec(
        "readyz",
        "'1': written and read back by GET /readyz to check the store",
        "30 seconds",
    ),
    KeySpec(
        "sms-noted:<hmac of phone number>, whatsapp-noted:<hmac>",
        "'1': this SMS conversation was already told that its translation is automatic",
        "STATE_TTL seconds",
    ),
    KeySpec(
        "seen-<gateway>:<hmac of the gateway's message id>",
        "'1': this text was already answered (gateway retries get no second answer); "
        "gateway 'meta': a WhatsApp message id",
        "24 hours",
    ),
    KeySpec(
        "optouts (a set of hmacs of phone numbers)",
        "phone numbers that sent STOP, as keyed hashes (sms:… and whatsapp:…, each channel apart)",
        "no expiry: removed by START",
    ),
    KeySpec(
        "twilio-content:<shape> (e.g. quick-reply-3, list-picker-10)",
        "the id of the Twilio content template of that shape (TWILIO_WHATSAPP_INTERACTIVE); no "
        "personal data",
        "30 days",
    ),
    KeySpec(
        "stats:<YYYY-MM-DD> (a hash)",
        "aggregate counts per topic|locale|channel|tenant|kind for one day",
        "STATS_RETENTION_DAYS + 1 days",
    ),
    KeySpec(
        "LIMITER/kyrbot-limit/limit:<kind>:<hmac>/<amount>/<multiples>/<granularity>",
        "messages counted in the current rate-limit window",
        "the window (a minute or an hour)",
    ),
)

OPTOUT_SET = "optouts"
READY_KEY = "readyz"
DEDUPE_TTL = 24 * 3600


def conversation_key(secret: bytes, kind: str, identifier: str) -> str:
    """Keyed hash (HMAC-SHA256) under which a conversation is stored.

    ``kind`` separates namespaces ("web", "sms"), so that the same string used
    as a session id and as a phone number never shares state.
    """
    mac = _keyed_mac(secret).copy()  # copying a keyed MAC skips setting up the key again
    mac.update(f"{kind}:{identifier}".encode())
    return f"{kind}:{mac.hexdigest()}"


@lru_cache(maxsize=8)
def _keyed_mac(secret: bytes) -> hmac.HMAC:
    return hmac.new(secret, digestmod=hashlib.sha256)
