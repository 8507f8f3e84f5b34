"""Twilio: form-encoded webhook, ``X-Twilio-Signature``, TwiML replies."""

from __future__ import annotations

from typing import ClassVar
from typing import Sequence

from twilio.request_validator import RequestValidator
from twilio.twiml.messaging_response import MessagingResponse

from app.sms.gateways.base import InboundSms
from app.sms.gateways.base import WebhookRequest
from app.sms.gateways.base import e164


class TwilioGateway:
    name: ClassVar[str] = "twilio"

    def __init__(self, auth_token: str | None):
        self._validator = RequestValidator(auth_token) if auth_token else None

    def verify(self, request: WebhookRequest) -> bool:
        signature = request.headers.get("X-Twilio-Signature")
        if self._validator is None or not signature:
            return False  # no token configured: refuse everything, never accept
        params = {k: list(v) if len(v) > 1 else v[0] for k, v in request.form.items()}
        return bool(self._validator.validate(request.url, params, signature))

    def parse(self, request: WebhookRequest) -> InboundSms | None:
        sender = e164(request.first("From"))
        text = request.first("Body")
        message_id = request.first("MessageSid") or request.first("SmsSid")
        if (request.first("From") or "").startswith("whatsapp:") and sender and message_id:
            return InboundSms(
                self.name, sender, e164(request.first("To")) or "", _whatsapp_text(request),
                message_id, channel="whatsapp",
            )
        if sender is None or text is None or not message_id:
            return None
        return InboundSms(self.name, sender, e164(request.first("To")) or "", text, message_id)

    def render(self, texts: Sequence[str], inbound: InboundSms | None) -> tuple[str, str]:
        response = MessagingResponse()
        for text in texts:
            response.message(text)
        return str(response), "application/xml"


def _whatsapp_text(request: WebhookRequest) -> str:
    """What a WhatsApp message through Twilio says: a tapped quick reply's or
    list item's id (the choice's value), else the text. Media, locations and
    contacts are not read: the text is then empty, and the WhatsApp channel
    answers that it reads only text (a caption under a photo is not read
    either)."""
    if (request.first("NumMedia") or "0") != "0" or request.first("Latitude") is not None:
        return ""
    for field in ("ButtonPayload", "ListId"):
        value = request.first(field)
        if value:
            return value
    return request.first("Body") or ""
