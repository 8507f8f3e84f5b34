"""WhatsApp through Twilio: messages arrive at ``POST /sms/twilio`` with
``From: whatsapp:+1…`` (the SMS route hands them to this channel).

By default the replies go back in the webhook's TwiML, choices as a numbered
list. With ``TWILIO_WHATSAPP_INTERACTIVE`` on (and ``TWILIO_ACCOUNT_SID``),
choices become Twilio content types instead: ``twilio/quick-reply`` (up to 3
buttons) or ``twilio/list-picker`` (up to 10 items). Content types can only
be sent through Twilio's Messages API with a ``ContentSid``, not in TwiML, so
in that mode the webhook answers with an empty TwiML document and every
message of the reply is sent afterwards, in order, by the background sender.
The bot creates, once, one content template per shape (quick reply with 1, 2
or 3 buttons; list with 1 to 10 items) whose every field is a variable, and
keeps the template ids in the state store (they hold no personal data).
"""

from __future__ import annotations

import json
import urllib.parse
from base64 import b64encode
from dataclasses import replace

from app.sms.gateways.base import InboundSms
from app.sms.service import SmsResult
from app.store import StoreUnavailable
from app.whatsapp.render import Message
from app.whatsapp.render import messages
from app.whatsapp.sender import Post
from app.whatsapp.sender import Request
from app.whatsapp.sender import Sender

API_BASE = "https://api.twilio.com"
CONTENT_BASE = "https://content.twilio.com"
TEMPLATE_TTL = 30 * 24 * 3600  # a template id is looked up again after 30 days


class TwilioInteractive:
    """Wraps the WhatsApp service for Twilio: the same answers, sent through
    Twilio's Messages API with buttons and lists."""

    def __init__(self, service, sender: Sender, account_sid: str, auth_token: str, api_base: str = ""):
        self.service = service
        self.sender = sender
        self.account_sid = account_sid
        self._auth = "Basic " + b64encode(f"{account_sid}:{auth_token}".encode()).decode()
        base = api_base.rstrip("/")
        self.messages_url = f"{base or API_BASE}/2010-04-01/Accounts/{account_sid}/Messages.json"
        self.content_url = f"{base or CONTENT_BASE}/v1/Content"

    def is_compliance_keyword(self, sms: InboundSms) -> bool:
        return self.service.is_compliance_keyword(sms)

    def handle(self, sms: InboundSms) -> SmsResult:
        result = self.service.handle(sms)
        if result.texts:
            engine = self.service.conversations.engine
            locale = result.locale or engine.default_locale
            shown = messages(result.texts, result.choices, lambda m: engine.catalogs.tr(locale, m),
                             require_descriptions=True)
            self.sender.submit(self._job(shown, "whatsapp:" + sms.sender, "whatsapp:" + sms.recipient))
        return replace(result, texts=())  # nothing in the TwiML: all goes by the API, in order

    def _job(self, shown: list[Message], to: str, sender_address: str):
        def run(post: Post) -> None:
            for message in shown:
                fields = {"To": to, "From": sender_address}
                if message.kind == "text":
                    fields["Body"] = message.body
                else:
                    sid, variables = self._content(post, message)
                    fields["ContentSid"] = sid
                    fields["ContentVariables"] = json.dumps(variables, ensure_ascii=False)
                post(self._form(self.messages_url, fields))

        return run

    def _content(self, post: Post, message: Message) -> tuple[str, dict[str, str]]:
        """The template for this message's shape (created once) and the
        variables that fill it."""
        count = len(message.options)
        variables = {"1": message.body}
        if message.kind == "buttons":
            shape, kind = f"quick-reply-{count}", "twilio/quick-reply"
            actions = []
            for i, option in enumerate(message.options):
                title, ident = str(2 + 2 * i), str(3 + 2 * i)
                variables[title], variables[ident] = option.title, option.id
                actions.append({"title": "{{%s}}" % title, "id": "{{%s}}" % ident})
            types = {kind: {"body": "{{1}}", "actions": actions}}
        else:
            shape, kind = f"list-picker-{count}", "twilio/list-picker"
            variables["2"] = message.button or ""
            items = []
            for i, option in enumerate(message.options):
                item, ident, description = (str(3 + 3 * i + k) for k in range(3))
                variables[item], variables[ident] = option.title, option.id
                variables[description] = option.description or option.title
                items.append({"item": "{{%s}}" % item, "id": "{{%s}}" % ident,
                              "description": "{{%s}}" % description})
            types = {kind: {"body": "{{1}}", "button": "{{2}}", "items": items}}
        store = self.service.conversations.store
        key = f"twilio-content:{shape}"
        try:
            sid = store.get(key)
        except StoreUnavailable:
            sid = None
        if not sid:
            samples = {name: f"sample {name}" for name in variables}
            template = {"friendly_name": f"kyrbot_{shape.replace('-', '_')}", "language": "en",
                        "variables": samples, "types": types}
            created = post(Request(self.content_url, json.dumps(template).encode(), {
                "Authorization": self._auth, "Content-Type": "application/json"}))
            sid = (created or {}).get("sid") if isinstance(created, dict) else None
            if not sid:
                raise ValueError("no content sid")
            try:
                store.set(key, sid, TEMPLATE_TTL)
            except StoreUnavailable:
                pass
        return sid, variables

    def _form(self, url: str, fields: dict[str, str]) -> Request:
        return Request(url, urllib.parse.urlencode(fields).encode(), {
            "Authorization": self._auth, "Content-Type": "application/x-www-form-urlencoded"})
