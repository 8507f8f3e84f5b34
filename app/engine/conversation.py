"""The conversation engine: one message and the state before it, in; a reply
and the state after it, out. No I/O: content is compiled at construction.

Order of handling a message:

1. language: a language's name ("español", "中文") switches at once;
2. a numbered choice ("2") or a choice value from the last reply;
3. the referral flow's pending question (ZIP code or state), if any;
4. the rules (content/rules.yaml) over the vocabulary of the conversation's
   language, then of the other languages;
5. otherwise the fallback, which offers the menu and never guesses.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import replace
from typing import Callable
from typing import Sequence

from app.content.bundle import Bundle
from app.content.schema import AnswerFile
from app.content.schema import Organization
from app.engine.i18n import SOURCE_LOCALE
from app.engine.i18n import Catalogs
from app.engine.i18n import N_
from app.engine.i18n import display_name
from app.engine.i18n import format_day
from app.engine import sms
from app.engine.detect import Detector
from app.engine.languages import LanguageNames
from app.engine.matching import Matcher
from app.engine.normalize import ascii_digits
from app.engine.normalize import clean_input
from app.engine.normalize import normalize
from app.engine.pii import shield
from app.engine.referrals import KINDS
from app.engine.referrals import Place
from app.engine.referrals import Places
from app.engine.referrals import select
from app.engine.reply import Choice
from app.engine.reply import Inbound
from app.engine.reply import Notice
from app.engine.reply import Referral
from app.engine.reply import Reply
from app.engine.reply import SourceRef
from app.engine.state import State
from app.engine.tenants import apply_tenant

REFERRAL_TOPIC = "find-legal-help"
FALLBACK_TOPIC = "fallback"
MENU_TOPIC = "menu"
GREETING_TOPIC = "greeting"
LANGUAGE_TOPIC = "language"
MAX_RETRIES = 2

# Interface strings the engine writes itself (translated through the catalogs).
REVIEWED = N_("Last reviewed: {date}.")
PII_WARNING = N_(
    "For your safety, do not type Social Security numbers, ITINs, A-numbers, phone "
    "numbers or email addresses here. I removed it from your message."
)
REFERRAL_OFFER = N_("Want help finding free legal help near you?")
UNTRANSLATED = N_(
    "This answer is not yet available in your language, or its translation is "
    "out of date. Here it is in English."
)
REVIEW_OVERDUE = N_(
    "This answer is due for review. The law may have changed: check with a "
    "legal-aid organization."
)
LOCALE_UNKNOWN = N_("That language is not available. Answering in {language}.")
LOCALE_SUBSTITUTED = N_(
    "Traditional Chinese is not available yet. Answering in Simplified Chinese."
)
LANGUAGE_DETECTED = N_(
    "I am answering in {language}. To change, choose another language or type its name."
)
ASK_LOCATION_AGAIN = N_(
    "Please send a 5-digit US ZIP code (for example 60629) or the name of your "
    "state. Or reply \u201cskip\u201d to see national resources."
)
BAD_ZIP = N_("I could not find the ZIP code {zip}.")
LOCAL_HEADING = N_("Organizations that serve {place}:")
NO_LOCAL = N_("I do not have a local organization for {place} yet.")
NATIONAL_HEADING = N_("National resources (anywhere in the US):")
OWN_SERVICES = N_("{organization} can help:")
PHONE = N_("Phone: {phone}")
WEBSITE = N_("Website: {url}")
HOURS = N_("Hours: {hours}")
FILTER_LABELS = {
    "tax": N_("Only tax problems"),
    "immigration": N_("Only immigration"),
    "detention": N_("Only detention"),
}
CHOICE_SKIP = "location:skip"
# Concepts (content/vocab) that tell which kind of legal help someone asks for:
# "I need an immigration lawyer" narrows the referral list to immigration.
KIND_CONCEPTS = {
    "detention": ("detained",),
    "immigration": ("ice",),
    "tax": ("taxes", "irs"),
}


class Engine:
    """Answers messages from the compiled content. Thread-safe and immutable."""

    def __init__(
        self,
        bundle: Bundle,
        catalogs: Catalogs,
        locales: Sequence[str],
        default_locale: str = SOURCE_LOCALE,
        today: Callable[[], dt.date] = dt.date.today,
        detector: Detector | None = None,
    ):
        self.bundle = bundle
        self.catalogs = catalogs
        self.locales = tuple(locales)
        self.default_locale = default_locale
        self.today = today
        self.detector = detector
        self.matcher = Matcher(bundle.vocab, bundle.rules)
        self.places = Places(bundle.states)
        self.languages = LanguageNames(self.locales)
        self._topic_values = frozenset(bundle.topics)
        self._filter_values = {f"help:{kind}": kind for kind in KINDS}

    # -- public -----------------------------------------------------------

    def resolve_locale(self, wanted: str | None) -> str | None:
        """Our code for a requested locale ("es-MX" -> "es", "zh" -> "zh-Hans")."""
        if not wanted or not isinstance(wanted, str):
            return None
        wanted = wanted.strip().replace("_", "-")
        if _is_traditional_chinese(wanted) and "zh-Hans" in self.locales:
            return "zh-Hans"
        lower = {code.lower(): code for code in self.locales}
        if wanted.lower() in lower:
            return lower[wanted.lower()]
        base = wanted.split("-")[0].lower()
        for code in self.locales:
            if code.split("-")[0].lower() == base:
                return code
        if base in ("fil",) and "tl" in self.locales:
            return "tl"
        return None

    def respond(self, msg: Inbound, state: State) -> tuple[Reply, State]:
        """Answer one message given the conversation so far.

        On the SMS channel the reply's text is one part of at most three
        segments (see :mod:`app.engine.sms`); "MORE" sends the next part.
        """
        if msg.tenant and msg.tenant not in self.bundle.tenants:
            msg = replace(msg, tenant=None)
        # Before anything else looks at the message: take out identifying numbers.
        found = shield(msg.text)
        if found.kinds:
            reply, state = self.respond(replace(msg, text=found.text), state)
            warning = self._notice(reply.locale, "pii", PII_WARNING)
            if msg.channel == "sms":
                text = f"{warning.message}\n\n{reply.text}"
                if sms.count_segments(text).segments <= sms.MAX_SEGMENTS:
                    reply = replace(reply, text=text)
            return replace(reply, notices=(warning, *reply.notices)), state
        if msg.channel != "sms":
            return self._respond(msg, state)
        norm = normalize(clean_input(msg.text))
        if state.page and self.bundle.keywords.get(norm, ("",))[0] == "more":
            reply, _ = self._replay(state, msg.channel)
            return self._sms_part(reply, state, state.page)
        reply, state = self._respond(msg, replace(state, page=0))
        return self._sms_part(reply, state, 0)

    def _sms_part(self, reply: Reply, state: State, page: int) -> tuple[Reply, State]:
        parts = sms.pages(reply, lambda m: self._tr(reply.locale, m))
        page = min(page, len(parts) - 1)
        following = page + 1 if page + 1 < len(parts) else 0
        return replace(reply, text=parts[page]), replace(state, page=following)

    def _replay(self, state: State, channel: str) -> tuple[Reply, State]:
        """Rebuild the last reply from the state alone (for "MORE")."""
        if state.topic == REFERRAL_TOPIC and state.slot("listed"):
            code = state.slot("state")
            return self._list_referrals(
                state, channel, [], Place(code) if code else None, state.slot("kind")
            )
        return self._topic_reply(state.topic or MENU_TOPIC, state, channel, [])

    def _respond(self, msg: Inbound, state: State) -> tuple[Reply, State]:
        reply, state = self._respond_untenanted(msg, state)
        if msg.tenant:
            return apply_tenant(self, self.bundle.tenants[msg.tenant], reply, state, msg.channel)
        return reply, state

    def _respond_untenanted(self, msg: Inbound, state: State) -> tuple[Reply, State]:
        notices: list[Notice] = []
        text = clean_input(msg.text)
        locale, detected = self._choose_locale(msg, state, text, notices)
        state = state.evolve(locale=locale)

        norm = normalize(text)
        switch = self.languages.requested(text, norm)
        if switch:
            state = replace(state, locale=switch, awaiting=None, retries=0, locale_chosen=True)
            return self._topic_reply(LANGUAGE_TOPIC, state, msg.channel, notices)

        if not text:
            return self._topic_reply(GREETING_TOPIC, state, msg.channel, notices)

        picked = self._picked_choice(text, state)
        if picked is not None:
            return self._choose(picked, state, msg.channel, notices)
        if detected:
            reply, state = self._respond_to_text(text, norm, state, msg.channel, notices)
            return self._offer_languages(reply, state)
        return self._respond_to_text(text, norm, state, msg.channel, notices)

    def _respond_to_text(
        self, text: str, norm: str, state: State, channel: str, notices: list[Notice]
    ) -> tuple[Reply, State]:
        if state.awaiting == "location":
            handled = self._location_answer(text, norm, state, channel, notices)
            if handled is not None:
                return handled

        match, hits = self.matcher.best(norm, state.locale or self.default_locale)
        if match is None:
            return self._topic_reply(FALLBACK_TOPIC, state, channel, notices)
        if match.topic == REFERRAL_TOPIC:
            kind = next(
                (k for k in KINDS if any(c in hits for c in KIND_CONCEPTS[k])), None
            )
            place, _bad = self.places.find(text, whole_code=False)
            return self._start_referral(state, channel, notices, place, kind)
        return self._topic_reply(match.topic, state, channel, notices)

    # -- language -----------------------------------------------------------

    def _choose_locale(
        self, msg: Inbound, state: State, text: str, notices: list[Notice]
    ) -> tuple[str, bool]:
        """(locale, detected) in the documented order of precedence:

        1. a language the person named earlier in this conversation;
        2. the ``locale`` field / ``?lang=`` / picker;
        3. the locale already in use in this conversation;
        4. the browser's Accept-Language;
        5. detection on the first message, when long and clear enough;
        6. the default.
        (A language named in this very message is handled after this.)
        """
        if state.locale_chosen and state.locale:
            return state.locale, False
        if msg.locale is not None:
            asked = self.resolve_locale(msg.locale)
            if asked:
                if _is_traditional_chinese(msg.locale):
                    notices.append(self._notice(asked, "locale-substituted", LOCALE_SUBSTITUTED))
                return asked, False
            fallback = state.locale or self.default_locale
            notices.append(
                self._notice(
                    fallback,
                    "locale-unsupported",
                    LOCALE_UNKNOWN,
                    language=self._language_name(fallback),
                )
            )
            return fallback, False
        if state.locale:
            return state.locale, False
        if msg.accept_locale:
            accepted = self.resolve_locale(msg.accept_locale)
            if accepted:
                if _is_traditional_chinese(msg.accept_locale):
                    notices.append(
                        self._notice(accepted, "locale-substituted", LOCALE_SUBSTITUTED)
                    )
                return accepted, False
        if self.detector is not None:  # no locale yet: this is the first message
            found = self.detector.detect(text)
            if found and found in self.locales and found != self.default_locale:
                notices.append(
                    self._notice(
                        found,
                        "language-detected",
                        LANGUAGE_DETECTED,
                        language=self._language_name(found),
                    )
                )
                return found, True
        return self.default_locale, False

    def _language_choices(self, current: str) -> tuple[Choice, ...]:
        return tuple(
            Choice(self._language_name(code), f"lang:{code}")
            for code in self.locales
            if code != current
        )

    def _offer_languages(self, reply: Reply, state: State) -> tuple[Reply, State]:
        """After a guess at the language, offer the others to confirm or change."""
        extra = self._language_choices(reply.locale)
        reply = replace(reply, choices=reply.choices + extra)
        return reply, replace(state, choices=state.choices + tuple(c.value for c in extra))

    # -- choices ----------------------------------------------------------

    def _picked_choice(self, text: str, state: State) -> str | None:
        stripped = ascii_digits(text.strip().rstrip(".)"))
        if stripped.isascii() and stripped.isdigit() and len(stripped) <= 2:
            number = int(stripped)
            if number == 0:
                return MENU_TOPIC
            if 1 <= number <= len(state.choices):
                return state.choices[number - 1]
            return None
        if stripped in self._topic_values or stripped in self._filter_values:
            return stripped
        if stripped == CHOICE_SKIP:
            return stripped
        if stripped.startswith("lang:") and stripped[5:] in self.locales:
            return stripped
        return None

    def _choose(
        self, value: str, state: State, channel: str, notices: list[Notice]
    ) -> tuple[Reply, State]:
        if value.startswith("lang:"):
            state = replace(state, locale=value[5:], locale_chosen=True, awaiting=None)
            return self._topic_reply(LANGUAGE_TOPIC, state, channel, notices)
        if value in self._filter_values:
            code = state.slot("state")
            place = Place(code) if code else None
            return self._list_referrals(
                state, channel, notices, place, self._filter_values[value]
            )
        if value == CHOICE_SKIP:
            return self._list_referrals(state, channel, notices, None, state.slot("kind"))
        if value == REFERRAL_TOPIC:
            return self._start_referral(state, channel, notices, None, None)
        return self._topic_reply(value, state, channel, notices)

    # -- the referral flow -------------------------------------------------

    def _start_referral(
        self,
        state: State,
        channel: str,
        notices: list[Notice],
        place: Place | None,
        kind: str | None,
    ) -> tuple[Reply, State]:
        if place is not None:
            return self._list_referrals(state, channel, notices, place, kind)
        reply, state = self._topic_reply(REFERRAL_TOPIC, state, channel, notices)
        skip = Choice(self._tr(state.locale, N_("Skip: national resources")), CHOICE_SKIP)
        reply = replace(reply, choices=(skip,))
        state = replace(state, awaiting="location", retries=0, choices=(CHOICE_SKIP,))
        return reply, state.with_slots(kind=kind)

    def _location_answer(
        self, text: str, norm: str, state: State, channel: str, notices: list[Notice]
    ) -> tuple[Reply, State] | None:
        place, bad_zip = self.places.find(text, whole_code=True)
        if place is not None:
            return self._list_referrals(state, channel, notices, place, state.slot("kind"))
        if "skip" in self.matcher.concepts(norm, state.locale or self.default_locale):
            return self._list_referrals(state, channel, notices, None, state.slot("kind"))
        if bad_zip is None:
            match, _hits = self.matcher.best(norm, state.locale or self.default_locale)
            if match is not None and match.topic != REFERRAL_TOPIC:
                state = replace(state, awaiting=None, retries=0)
                return self._topic_reply(match.topic, state, channel, notices)
            if state.retries >= MAX_RETRIES:
                state = replace(state, awaiting=None, retries=0)
                return self._topic_reply(FALLBACK_TOPIC, state, channel, notices)
        locale = state.locale or self.default_locale
        parts = []
        if bad_zip:
            parts.append(self._tr(locale, BAD_ZIP, zip=bad_zip))
        parts.append(self._tr(locale, ASK_LOCATION_AGAIN))
        skip = Choice(self._tr(locale, N_("Skip: national resources")), CHOICE_SKIP)
        reply = Reply(
            locale=locale,
            topic=REFERRAL_TOPIC,
            text="\n\n".join(parts),
            choices=(skip,),
            notices=tuple(notices),
        )
        return reply, replace(state, retries=state.retries + 1, choices=(CHOICE_SKIP,))

    def _list_referrals(
        self,
        state: State,
        channel: str,
        notices: list[Notice],
        place: Place | None,
        kind: str | None,
    ) -> tuple[Reply, State]:
        locale = state.locale or self.default_locale
        local, national = select(self.bundle.organizations, place, kind)
        if not national and kind is not None:
            _, national = select(self.bundle.organizations, place, None)
        lines: list[str] = []
        if place is not None:
            where = self.places.name(place.state, locale)
            if place.zip5:
                where = f"{where} ({place.zip5})"
            if local:
                lines.append(self._tr(locale, LOCAL_HEADING, place=where))
                lines.extend(self._org_line(org, locale, channel) for org in local)
            else:
                lines.append(self._tr(locale, NO_LOCAL, place=where))
            lines.append("")
        lines.append(self._tr(locale, NATIONAL_HEADING))
        lines.extend(self._org_line(org, locale, channel) for org in national)
        referrals = tuple(
            [self._referral(org, "local", locale) for org in local]
            + [self._referral(org, "national", locale) for org in national]
        )
        choices = [
            Choice(self._tr(locale, FILTER_LABELS[k]), f"help:{k}")
            for k in KINDS
            if k != kind
        ]
        choices.append(Choice(self._title(MENU_TOPIC, locale), MENU_TOPIC))
        reply = Reply(
            locale=locale,
            topic=REFERRAL_TOPIC,
            text="\n".join(lines).strip(),
            choices=tuple(choices),
            referrals=referrals,
            notices=tuple(notices),
        )
        state = replace(
            state,
            topic=REFERRAL_TOPIC,
            awaiting=None,
            retries=0,
            choices=tuple(c.value for c in choices),
        ).with_slots(state=place.state if place else None, kind=kind, listed="1")
        return reply, state

    def _org_text(self, org: Organization, locale: str) -> str | None:
        if not org.note:
            return None
        return self.catalogs.lookup(locale, org.note, "directory") or org.note

    def _org_line(self, org: Organization, locale: str, channel: str = "web") -> str:
        if channel == "sms":
            return "- " + " ".join(b for b in (org.name + ":", org.phone, org.url) if b)
        bits = [org.name]
        note = self._org_text(org, locale)
        if note:
            bits.append(note)
        if org.phone:
            bits.append(self._tr(locale, PHONE, phone=org.phone))
        if org.url:
            bits.append(self._tr(locale, WEBSITE, url=org.url))
        if org.hours:
            bits.append(self._tr(locale, HOURS, hours=org.hours))
        return "- " + " \u2014 ".join(bits)

    def _referral(self, org: Organization, scope: str, locale: str) -> Referral:
        return Referral(
            id=org.id,
            name=org.name,
            scope=scope,
            helps_with=tuple(org.helps_with),
            languages=tuple(org.languages),
            url=org.url,
            phone=org.phone,
            hours=org.hours,
            note=self._org_text(org, locale),
        )

    # -- answers ----------------------------------------------------------

    def _topic_reply(
        self, topic: str, state: State, channel: str, notices: list[Notice]
    ) -> tuple[Reply, State]:
        locale = state.locale or self.default_locale
        reply, choice_ids = self._answer(topic, locale, channel, self.today())
        if notices:
            reply = replace(reply, notices=(*notices, *reply.notices))
        new_state = state.evolve(
            topic=topic,
            awaiting=None,
            retries=0,
            choices=choice_ids,
        ).with_slots(listed=None)
        return reply, new_state

    @functools.lru_cache(maxsize=2048)  # noqa: B019 (the engine lives as long as the process)
    def _answer(
        self, topic: str, locale: str, channel: str, today: dt.date
    ) -> tuple[Reply, tuple[str, ...]]:
        """A topic's reply in one locale and channel. It depends only on the
        content, which never changes while the process runs, so it is built
        once per (topic, locale, channel, day)."""
        answer = self.bundle.answers[topic]
        kind = self.bundle.topics[topic]
        field = "sms" if channel == "sms" else "text"
        english = getattr(answer, field)
        body = self.catalogs.lookup(locale, english, topic)
        served = locale
        notices: list[Notice] = []
        if body is None:
            body = english
            served = SOURCE_LOCALE
            notices.append(self._notice(locale, "translation-unavailable", UNTRANSLATED))
        parts = [body.strip()]
        if kind == "content":
            parts.append(
                self._tr(served, REVIEWED, date=format_day(answer.reviewed, served))
            )
            if answer.review_by < today:
                notices.append(self._notice(locale, "review-overdue", REVIEW_OVERDUE))
        choice_ids = list(answer.choices)
        if answer.needs_lawyer:
            parts.append(self._tr(served, REFERRAL_OFFER))
            if REFERRAL_TOPIC in choice_ids:
                choice_ids.remove(REFERRAL_TOPIC)
            choice_ids.insert(0, REFERRAL_TOPIC)
        if topic in (MENU_TOPIC, FALLBACK_TOPIC, GREETING_TOPIC, LANGUAGE_TOPIC):
            choice_ids = self._with_menu(topic, choice_ids)
        choices = tuple(Choice(self._title(t, locale), t) for t in choice_ids)
        if topic == LANGUAGE_TOPIC:
            languages = self._language_choices(locale)
            choices += languages
            choice_ids += [c.value for c in languages]
        reply = Reply(
            locale=locale,
            topic=topic,
            text="\n\n".join(parts),
            sources=self._sources(answer, locale),
            choices=choices,
            notices=tuple(notices),
            reviewed=answer.reviewed if kind == "content" else None,
        )
        return reply, tuple(choice_ids)

    def _with_menu(self, topic: str, choice_ids: list[str]) -> list[str]:
        if topic == MENU_TOPIC:
            return list(self.bundle.menus.get("main", ()))
        return choice_ids

    def _sources(self, answer: AnswerFile, locale: str) -> tuple[SourceRef, ...]:
        """Sources in the reader's language first, then the English ones."""
        mine, english = [], []
        for sid in answer.sources:
            src = self.bundle.sources[sid]
            if src.locale == locale and locale != SOURCE_LOCALE:
                mine.append(SourceRef(src.title, src.url))
            elif src.locale == SOURCE_LOCALE:
                english.append(SourceRef(src.title, src.url))
        return tuple(mine + english)

    def _title(self, topic: str, locale: str) -> str:
        title = self.bundle.answers[topic].title
        return self.catalogs.lookup(locale, title, topic) or title

    # -- helpers ----------------------------------------------------------

    def _tr(self, locale: str | None, message: str, **values: object) -> str:
        return self.catalogs.tr(locale or self.default_locale, message, **values)

    def _notice(self, locale: str, code: str, message: str, **values: object) -> Notice:
        return Notice(code, self._tr(locale, message, **values))

    def _language_name(self, locale: str) -> str:
        return display_name(locale)


def _is_traditional_chinese(tag: str) -> bool:
    parts = {p.lower() for p in tag.replace("_", "-").split("-")}
    return "zh" in parts and bool(parts & {"hant", "tw", "hk", "mo"})
