"""What every SMS gateway adapter provides. Adding a gateway is one file in
this folder plus one line in ``gateways/__init__.py`` (see README, "SMS")."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar
from typing import Mapping
from typing import Protocol
from typing import Sequence

# Fields some gateways add about where the sender is. They are never read,
# kept or logged; signatures are still checked over every field received.
LOCATION_FIELDS = frozenset(
    {"FromCity", "FromState", "FromZip", "FromCountry", "ToCity", "ToState", "ToZip", "ToCountry"}
)


@dataclass(frozen=True)
class InboundSms:
    """One text message, reduced to what the bot needs."""

    gateway: str
    sender: str  # E.164 phone number; used only to derive a keyed hash
    recipient: str  # our number (needed by gateways whose replies name it)
    text: str
    message_id: str
    # "sms", or "whatsapp" for WhatsApp messages a gateway also carries
    # (Twilio: ``From: whatsapp:+1…``); the route hands those to app/whatsapp.
    channel: str = "sms"


@dataclass(frozen=True)
class WebhookRequest:
    """A webhook request as a gateway sees it (no framework types)."""

    url: str  # the public URL the gateway called, for signatures
    method: str
    form: Mapping[str, Sequence[str]]  # every field received, all values
    headers: Mapping[str, str]
    body: bytes = b""

    def first(self, name: str) -> str | None:
        values = self.form.get(name)
        return values[0] if values else None


class Gateway(Protocol):
    name: ClassVar[str]

    def verify(self, request: WebhookRequest) -> bool:
        """True only if the request carries the gateway's valid signature."""

    def parse(self, request: WebhookRequest) -> InboundSms | None:
        """The message, or None when the request is not an inbound text."""

    def render(self, texts: Sequence[str], inbound: InboundSms | None) -> tuple[str, str]:
        """(body, content type) of the webhook's answer; no texts = no reply."""


def e164(number: str | None) -> str | None:
    """A phone number in E.164 form ("14155550100" -> "+14155550100")."""
    if not number:
        return None
    number = number.strip()
    digits = "".join(ch for ch in number if ch.isdigit())
    if not digits:
        return None
    return "+" + digits
