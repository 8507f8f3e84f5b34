"""What happens to a text message after its signature is checked.

In order: de-duplication on the gateway's message id (retries never produce a
second answer); the opt-out list (after STOP, silence until START); the
keywords of content/keywords.yaml (STOP, START, HELP, language, erase, MORE);
then the conversation engine, whose reply is cut into parts of at most three
segments (``render.py``). The phone number only ever becomes a keyed hash.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from dataclasses import replace

from app.conversations import Conversations
from app.engine import Inbound
from app.engine import Reply
from app.engine import State
from app.engine.i18n import N_
from app.engine.normalize import clean_input
from app.engine.normalize import normalize
from app.events import event
from app.sms import render
from app.sms.gateways.base import InboundSms
from app.sms.segments import count_segments
from app.store import OptOutList
from app.store import StoreUnavailable
from app.store import conversation_key
from app.store.keys import DEDUPE_TTL

# Notices an SMS conversation gets only once.
ONCE_PER_CONVERSATION = frozenset({"translation-unreviewed", "translation-reviewed"})

NO_MORE = N_(
    "That was the whole answer. Reply with a number from the last list, or send a new question."
)
STOP_NOT_RECORDED = N_(
    "{program}: we could not record your request to stop just now. Please send STOP again "
    "in a few minutes."
)
OPTOUT_TRIES = 3
OPTOUT_RETRY_SECONDS = 0.1  # then 0.2, 0.3: a Redis failover or a busy SQLite file
STOP_CONFIRMATION = N_(
    "{program}: you are unsubscribed and will get no more messages. Reply START to come back."
)
START_CONFIRMATION = N_(
    "{program}: you are subscribed again. Reply HELP for help, STOP to stop. "
    "Msg & data rates may apply."
)
HELP_MESSAGE = N_(
    "{program}: free information about tax privacy and immigration, not legal advice. "
    "Help: {help}. One reply per message you send. Msg & data rates may apply. "
    "Reply STOP to stop, MENU for topics."
)
HELP_MESSAGE_NO_CONTACT = N_(
    "{program}: free information about tax privacy and immigration, not legal advice. "
    "Reply MENU for topics and free legal help. One reply per message you send. "
    "Msg & data rates may apply. Reply STOP to stop."
)
PRIVACY_LINE = N_("What we keep: {url}")
ERASED = N_(
    "{program}: this conversation was deleted from our system. Please also delete "
    "these texts from your phone."
)


@dataclass(frozen=True)
class SmsResult:
    texts: tuple[str, ...]
    event: str  # for the log: answered, duplicate, opted_out, stop, start, help, erase
    topic: str | None = None
    locale: str | None = None
    # The choices the last part offers (a channel with buttons shows them as
    # such; SMS numbers them in the text and ignores this).
    choices: tuple = ()


class SmsService:
    # The channel: its conversations, opt-outs, counters and part keys are
    # kept apart (WhatsApp reuses this class: app/whatsapp/service.py).
    channel = "sms"

    def __init__(
        self,
        conversations: Conversations,
        optouts: OptOutList,
        program: str,
        help_contact: str,
        privacy_url: str = "",
    ):
        self.conversations = conversations
        self.optouts = optouts
        self.program = program
        self.help_contact = help_contact
        self.privacy_url = privacy_url

    def _hash(self, kind: str, value: str) -> str:
        return conversation_key(self.conversations.secret, kind, value)

    def keyword(self, sms: InboundSms) -> tuple[str | None, str | None]:
        """(keyword, its language) when the whole text is a keyword, else (None, None)."""
        return self.conversations.engine.bundle.keywords.get(
            normalize(clean_input(sms.text)), (None, None)
        )

    def is_compliance_keyword(self, sms: InboundSms) -> bool:
        """STOP, START, HELP and erase are honoured even over the rate limit:
        an opt-out must never be refused."""
        return self.keyword(sms)[0] in ("stop", "start", "help", "erase")

    def handle(self, sms: InboundSms) -> SmsResult:
        """Answer one text. If the store is down (Redis away) the bot still
        answers: without de-duplication or memory, and with its own opt-out
        list unread (the gateway keeps its own STOP list, so it still blocks
        replies to numbers that opted out)."""
        store = self.conversations.store
        person = self.conversations.key(self.channel, sms.sender)
        try:
            if not store.add(self._hash(f"seen-{sms.gateway}", sms.message_id), "1", DEDUPE_TTL):
                return SmsResult((), "duplicate")
            state = State.from_json(store.get(person))
        except StoreUnavailable:
            state = State()
        try:  # the opt-out list may live elsewhere (its own file): read it anyway
            opted_out = self.optouts.contains(person)
        except StoreUnavailable:
            opted_out = False
        keyword, keyword_locale = self.keyword(sms)
        locale = keyword_locale or state.locale or self.conversations.engine.default_locale

        if opted_out:
            if keyword == "start":
                self._quietly(self.optouts.remove, person)
                return SmsResult((self._say(locale, START_CONFIRMATION),), "start", locale=locale)
            return SmsResult((), "opted_out")
        if keyword == "stop":
            if not self._record_optout(person):
                # Only what is true: nothing was recorded, so say so.
                return SmsResult((self._say(locale, STOP_NOT_RECORDED),), "stop_failed", locale=locale)
            self._quietly(store.delete, person)
            self._quietly(store.delete, self._page_key(person))
            if self.conversations.stats is not None:
                self.conversations.stats.count("opt_outs", None, locale, self.channel)
            return SmsResult((self._say(locale, STOP_CONFIRMATION),), "stop", locale=locale)
        if keyword == "help":
            message = HELP_MESSAGE if self.help_contact else HELP_MESSAGE_NO_CONTACT
            text = self._say(locale, message)
            if self.privacy_url:
                with_link = f"{text} {self._say(locale, PRIVACY_LINE, url=self.privacy_url)}"
                if count_segments(with_link).segments <= 3:
                    text = with_link
            return SmsResult((text,), "help", locale=locale)
        if keyword == "erase":
            self._quietly(store.delete, person)
            self._quietly(store.delete, self._page_key(person))
            self._quietly(store.delete, self._noted_key(person))
            return SmsResult((self._say(locale, ERASED),), "erase", locale=locale)

        if keyword == "more":
            pending = self._next_part(person, sms.sender)
            if pending is not None:
                return pending
            if state.topic:  # the whole reply went out already
                return SmsResult((self._say(locale, NO_MORE),), "answered", state.topic, locale)
        text = sms.text
        if keyword == "language":
            text = "language"  # the language topic: a numbered list of languages
        elif keyword == "start" and not state.offer:
            text = ""  # already subscribed: greet (but "YES" may answer the bot's question)
        reply = self.conversations.handle(
            self.channel, sms.sender, Inbound(text, self.channel, keyword_locale)
        )
        return self._send_part(reply, person, 0)

    # -- long replies: "Reply MORE for the rest" ----------------------------

    def _parts(self, reply: Reply) -> list[str]:
        engine = self.conversations.engine
        return render.pages(reply, lambda m: engine.catalogs.tr(reply.locale, m))

    def _send_part(
        self, reply: Reply, person: str, page: int, noted: bool | None = None
    ) -> SmsResult:
        """Part ``page`` of the reply; remembers the next one, if any.

        ``noted`` (for the next parts): whether the first part carried the
        translation note. The parts are cut again from the rebuilt reply, so
        it must be rebuilt exactly as it was first sent, or a part would skip
        or repeat text."""
        if noted is None:
            reply, noted = self._once_per_conversation(reply, person)
        elif not noted:
            reply = _without_status(reply)
        parts = self._parts(reply)
        page = min(page, len(parts) - 1)
        following = page + 1 if page + 1 < len(parts) else 0
        key = self._page_key(person)
        store = self.conversations.store
        if following:
            value = f"{following}:{int(noted)}"
            self._quietly(lambda k: store.set(k, value, self.conversations.ttl), key)
        else:
            self._quietly(store.delete, key)
        offered = () if following else reply.choices
        return SmsResult((parts[page],), "answered", reply.topic, reply.locale, offered)

    def _next_part(self, person: str, sender: str) -> SmsResult | None:
        """The next part of the last long reply, or None when none is pending."""
        try:
            pending = self.conversations.store.get(self._page_key(person)) or "0:1"
            page_text, _, noted_text = pending.partition(":")
            page, noted = int(page_text), noted_text != "0"
        except (StoreUnavailable, ValueError):
            return None
        reply = self.conversations.replay(self.channel, sender) if page else None
        if reply is None:
            return None
        return self._send_part(reply, person, page, noted)

    def _once_per_conversation(self, reply: Reply, person: str) -> tuple[Reply, bool]:
        """The note that a translation is automatic goes out once per
        conversation on SMS (every segment costs), not on every reply.
        Returns the reply and whether it keeps the note."""
        if not any(n.code in ONCE_PER_CONVERSATION for n in reply.notices):
            return reply, True
        store = self.conversations.store
        key = self._noted_key(person)
        try:
            first = store.add(key, "1", self.conversations.ttl)
        except StoreUnavailable:
            first = True
        if first:
            return reply, True
        return _without_status(reply), False

    def _record_optout(self, person: str) -> bool:
        """Add to the opt-out list, retrying a brief store outage; False when
        it could not be recorded (logged, without the number)."""
        for attempt in range(OPTOUT_TRIES):
            try:
                self.optouts.add(person)
                return True
            except StoreUnavailable:
                time.sleep(OPTOUT_RETRY_SECONDS * (attempt + 1))
        event("optout_not_recorded", logging.ERROR, channel=self.channel)
        return False

    def _page_key(self, person: str) -> str:
        """Where the number of the next part is kept (see app/store/keys.py)."""
        return f"{self.channel}-page:" + person.split(":", 1)[1]

    def _noted_key(self, person: str) -> str:
        return f"{self.channel}-noted:" + person.split(":", 1)[1]

    def _quietly(self, action, key: str) -> None:
        try:
            action(key)
        except StoreUnavailable:
            event("store_unavailable", logging.WARNING, channel=self.channel)

    def _say(self, locale: str, message: str, **values: str) -> str:
        engine = self.conversations.engine
        return engine.catalogs.tr(
            locale, message, program=self.program, help=self.help_contact, **values
        )


@dataclass(frozen=True)
class SmsChannel:
    gateways: dict
    service: SmsService


def _without_status(reply: Reply) -> Reply:
    return replace(
        reply, notices=tuple(n for n in reply.notices if n.code not in ONCE_PER_CONVERSATION)
    )


def build_sms_channel(settings: dict, conversations: Conversations, optouts: OptOutList) -> SmsChannel:
    from app.sms.gateways import GATEWAYS

    gateways = {name: cls(settings.get(secret) or None) for name, (cls, secret) in GATEWAYS.items()}
    help_contact = settings.get("SMS_HELP") or settings.get("PUBLIC_BASE_URL") or ""
    base = (settings.get("PUBLIC_BASE_URL") or "").rstrip("/")
    service = SmsService(
        conversations, optouts, settings["SMS_PROGRAM_NAME"], help_contact,
        f"{base}/privacy" if base else "",
    )
    return SmsChannel(gateways, service)
