"""Plivo: form-encoded webhook, signature V3 (HMAC-SHA256 with a nonce),
Plivo XML replies. Signature checking and XML come from Plivo's own SDK."""

from __future__ import annotations

from typing import ClassVar
from typing import Sequence

from app.sms.gateways.base import InboundSms
from app.sms.gateways.base import WebhookRequest
from app.sms.gateways.base import e164


class PlivoGateway:
    name: ClassVar[str] = "plivo"

    def __init__(self, auth_token: str | None):
        self._token = auth_token or None

    def verify(self, request: WebhookRequest) -> bool:
        signature = request.headers.get("X-Plivo-Signature-V3")
        nonce = request.headers.get("X-Plivo-Signature-V3-Nonce")
        if not (self._token and signature and nonce):
            return False
        from plivo.utils import validate_v3_signature  # the SDK loads slowly: only when used

        params = {k: list(v) if len(v) > 1 else v[0] for k, v in request.form.items()}
        try:
            return bool(
                validate_v3_signature(request.method, request.url, nonce, self._token, signature, params)
            )
        except Exception:  # the SDK raises on malformed input: not a valid request
            return False

    def parse(self, request: WebhookRequest) -> InboundSms | None:
        sender = e164(request.first("From"))
        text = request.first("Text")
        if text is None:
            text = request.first("Body")
        message_id = request.first("MessageUUID")
        if sender is None or text is None or not message_id:
            return None
        return InboundSms(self.name, sender, e164(request.first("To")) or "", text, message_id)

    def render(self, texts: Sequence[str], inbound: InboundSms | None) -> tuple[str, str]:
        from plivo import plivoxml

        response = plivoxml.ResponseElement()
        if inbound is not None:
            for text in texts:
                response.add(
                    plivoxml.MessageElement(text, src=inbound.recipient.lstrip("+"), dst=inbound.sender.lstrip("+"))
                )
        return response.to_string(), "application/xml"
