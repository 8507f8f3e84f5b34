"""The WhatsApp channel: the SMS keyword layer with WhatsApp's rendering.

Everything the SMS service does happens here too, as channel ``whatsapp``:
de-duplication on the platform's message id, the opt-out list (after STOP,
silence until START; kept apart from SMS's, under a keyed hash of the
number), HELP, LANGUAGE, erase and MORE, then the conversation engine, with
its own conversations and counts. What differs is the shape of a reply
(``render.py``): the long form with the question in bold and its sources,
cut between paragraphs below the platform's limit, and choices as buttons or
lists (Meta; Twilio with ``TWILIO_WHATSAPP_INTERACTIVE``) or a numbered list.
A message that is not text (a photo, a voice note, a location, a contact)
is answered "I can only read text", in the conversation's language.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from app.conversations import Conversations
from app.engine import Reply
from app.engine import State
from app.events import event
from app.sms.gateways.base import InboundSms
from app.sms.service import SmsResult
from app.sms.service import SmsService
from app.store import OptOutList
from app.store import StoreUnavailable
from app.store.keys import DEDUPE_TTL
from app.whatsapp import render
from app.whatsapp.meta import MetaCloud
from app.whatsapp.sender import Sender


class WhatsAppService(SmsService):
    channel = "whatsapp"

    def __init__(self, conversations: Conversations, optouts: OptOutList, program: str,
                 help_contact: str, privacy_url: str = "", text_limit: int = render.META_TEXT_LIMIT,
                 numbered: bool = False):
        super().__init__(conversations, optouts, program, help_contact, privacy_url)
        self.text_limit = text_limit
        self.numbered = numbered  # choices in the text (no buttons on this path)

    def handle(self, sms: InboundSms) -> SmsResult:
        if not sms.text.strip():
            return self._not_text(sms)
        return super().handle(sms)

    def _parts(self, reply: Reply) -> list[str]:
        engine = self.conversations.engine
        return render.pages(reply, lambda m: engine.catalogs.tr(reply.locale, m), self.text_limit, self.numbered)

    def _not_text(self, sms: InboundSms) -> SmsResult:
        """A photo, voice note, location or contact: dropped unread, and the
        person told, in the conversation's language, that only text is read."""
        store = self.conversations.store
        person = self.conversations.key(self.channel, sms.sender)
        locale = None
        try:
            if not store.add(self._hash(f"seen-{sms.gateway}", sms.message_id), "1", DEDUPE_TTL):
                return SmsResult((), "duplicate")
            locale = State.from_json(store.get(person)).locale
        except StoreUnavailable:
            pass
        try:
            if self.optouts.contains(person):
                return SmsResult((), "opted_out")
        except StoreUnavailable:
            event("store_unavailable", logging.WARNING, channel=self.channel)
        locale = locale or self.conversations.engine.default_locale
        return SmsResult((self._say(locale, render.ONLY_TEXT),), "not_text", locale=locale)


@dataclass(frozen=True)
class WhatsAppChannel:
    meta: MetaCloud
    meta_service: WhatsAppService
    meta_sender: Sender
    twilio: Any  # WhatsAppService, or TwilioInteractive around one
    twilio_sender: Sender | None = None


def build_whatsapp_channel(settings: dict, conversations: Conversations, optouts: OptOutList) -> WhatsAppChannel:
    help_contact = settings.get("SMS_HELP") or settings.get("PUBLIC_BASE_URL") or ""
    base = (settings.get("PUBLIC_BASE_URL") or "").rstrip("/")
    common = (conversations, optouts, settings["SMS_PROGRAM_NAME"], help_contact,
              f"{base}/privacy" if base else "")
    meta = MetaCloud(
        settings.get("WHATSAPP_VERIFY_TOKEN"), settings.get("WHATSAPP_APP_SECRET"),
        settings.get("WHATSAPP_ACCESS_TOKEN"), settings.get("WHATSAPP_PHONE_NUMBER_ID"),
        settings.get("WHATSAPP_API_BASE"),
    )
    meta_service = WhatsAppService(*common, text_limit=render.META_TEXT_LIMIT)
    interactive = bool(settings.get("TWILIO_WHATSAPP_INTERACTIVE")) and bool(
        settings.get("TWILIO_ACCOUNT_SID") and settings.get("TWILIO_AUTH_TOKEN")
    )
    if settings.get("TWILIO_WHATSAPP_INTERACTIVE") and not interactive:
        # Said once at start-up: buttons were asked for, numbered text it is.
        event("twilio_whatsapp_interactive_off", logging.WARNING, reason="no_account_sid_or_token")
    twilio_service = WhatsAppService(*common, text_limit=render.TWILIO_TEXT_LIMIT, numbered=not interactive)
    twilio: Any = twilio_service
    twilio_sender = None
    if interactive:
        from app.whatsapp.twilio import TwilioInteractive

        twilio_sender = Sender("twilio")
        twilio = TwilioInteractive(twilio_service, twilio_sender, settings["TWILIO_ACCOUNT_SID"],
                                   settings["TWILIO_AUTH_TOKEN"], settings.get("TWILIO_API_BASE") or "")
    return WhatsAppChannel(meta, meta_service, Sender("meta"), twilio, twilio_sender)
