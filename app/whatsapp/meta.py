"""Meta's WhatsApp Cloud API: the webhook's verification and signature, the
messages it carries, and the Graph API requests that answer them.

- Verification (``GET``): Meta sends ``hub.mode=subscribe``, the verify token
  set in the App Dashboard and a number, ``hub.challenge``, to echo back.
- Signature (``POST``): ``X-Hub-Signature-256: sha256=<hex>``, the
  HMAC-SHA256 of the raw body keyed with the app secret, compared in
  constant time.
- Messages: ``entry[].changes[].value.messages[]`` (``field`` "messages").
  Text (``text.body``), a tapped reply button or list row
  (``interactive.button_reply.id`` / ``list_reply.id``: our choice values)
  and a template button (``button.payload``) are read. Every other type
  (image, audio, video, document, sticker, location, contacts, …) is dropped
  unread: the message becomes an empty text, which the channel answers with
  "I can only read text". The sender's profile (``contacts``), delivery
  statuses and everything else in the body are never read.
- Replies: ``POST {WHATSAPP_API_BASE}/{WHATSAPP_PHONE_NUMBER_ID}/messages``
  with ``Authorization: Bearer {WHATSAPP_ACCESS_TOKEN}``.

Sources: README, "WhatsApp".
"""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any
from typing import ClassVar
from typing import Mapping

from app.sms.gateways.base import InboundSms
from app.sms.gateways.base import e164
from app.whatsapp.render import Message
from app.whatsapp.sender import Request

DEFAULT_API_BASE = "https://graph.facebook.com/v25.0"


class MetaCloud:
    name: ClassVar[str] = "meta"

    def __init__(self, verify_token: str | None, app_secret: str | None, access_token: str | None,
                 phone_number_id: str | None, api_base: str | None = None):
        self._verify_token = verify_token or ""
        self._secret = (app_secret or "").encode()
        self._access_token = access_token or ""
        self.phone_number_id = phone_number_id or ""
        self.api_base = (api_base or DEFAULT_API_BASE).rstrip("/")

    @property
    def configured(self) -> bool:
        """All four settings are needed; without any one the route refuses
        every request."""
        return bool(self._verify_token and self._secret and self._access_token and self.phone_number_id)

    def challenge(self, args: Mapping[str, str]) -> str | None:
        """The number to echo for a valid verification request, else None."""
        token = args.get("hub.verify_token") or ""
        challenge = args.get("hub.challenge") or ""
        if not self.configured or args.get("hub.mode") != "subscribe":
            return None
        if not hmac.compare_digest(token.encode(), self._verify_token.encode()):
            return None
        # Meta's challenge is a number; echo nothing else.
        return challenge if challenge.isascii() and challenge.isdigit() and len(challenge) <= 64 else None

    def verify(self, body: bytes, header: str | None) -> bool:
        """True only for ``sha256=`` + the HMAC-SHA256 of the raw body."""
        if not self.configured or not header or not header.startswith("sha256="):
            return False
        expected = "sha256=" + hmac.new(self._secret, body, hashlib.sha256).hexdigest()
        return hmac.compare_digest(header.strip().lower().encode(), expected.encode())

    def parse(self, payload: Any) -> list[InboundSms]:
        """The messages for our number in a webhook body (malformed parts are
        skipped, never an error)."""
        out: list[InboundSms] = []
        if not isinstance(payload, dict):
            return out
        for entry in _list(payload.get("entry")):
            for change in _list(entry.get("changes") if isinstance(entry, dict) else None):
                if not isinstance(change, dict) or change.get("field") != "messages":
                    continue
                value = change.get("value")
                if not isinstance(value, dict):
                    continue
                metadata = value.get("metadata")
                if not isinstance(metadata, dict) or str(metadata.get("phone_number_id")) != self.phone_number_id:
                    continue  # another number of the same business account
                for message in _list(value.get("messages")):
                    inbound = self._message(message)
                    if inbound is not None:
                        out.append(inbound)
        return out

    def _message(self, message: Any) -> InboundSms | None:
        if not isinstance(message, dict):
            return None
        sender = e164(_str(message.get("from")))
        message_id = _str(message.get("id"))
        if sender is None or not message_id:
            return None
        kind = message.get("type")
        text = ""
        if kind == "text":
            text = _str(_get(message, "text", "body"))
        elif kind == "interactive":
            reply_kind = _get(message, "interactive", "type")
            if reply_kind in ("button_reply", "list_reply"):
                text = _str(_get(message, "interactive", reply_kind, "id"))
        elif kind == "button":
            text = _str(_get(message, "button", "payload")) or _str(_get(message, "button", "text"))
        # Any other type is not read: an empty text ("I can only read text").
        return InboundSms(self.name, sender, self.phone_number_id, text, message_id, channel="whatsapp")

    def request(self, to: str, message: Message) -> Request:
        """The Graph API request that sends ``message`` to ``to`` (E.164)."""
        body: dict[str, Any] = {
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": to.lstrip("+"),
        }
        if message.kind == "text":
            body.update(type="text", text={"body": message.body, "preview_url": False})
        elif message.kind == "buttons":
            body.update(type="interactive", interactive={
                "type": "button",
                "body": {"text": message.body},
                "action": {"buttons": [
                    {"type": "reply", "reply": {"id": o.id, "title": o.title}} for o in message.options
                ]},
            })
        else:
            rows = []
            for option in message.options:
                row = {"id": option.id, "title": option.title}
                if option.description:
                    row["description"] = option.description
                rows.append(row)
            body.update(type="interactive", interactive={
                "type": "list",
                "body": {"text": message.body},
                "action": {"button": message.button, "sections": [{"rows": rows}]},
            })
        return Request(
            f"{self.api_base}/{self.phone_number_id}/messages",
            json.dumps(body, ensure_ascii=False).encode(),
            {"Authorization": f"Bearer {self._access_token}", "Content-Type": "application/json"},
        )


def _list(value: Any) -> list:
    return value if isinstance(value, list) else []


def _get(data: Any, *path: str) -> Any:
    for key in path:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""
