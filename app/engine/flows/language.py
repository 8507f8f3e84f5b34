"""Which language to answer in: the documented order of precedence, Chinese
script substitution, and the offer of other languages after a guess."""

from __future__ import annotations

import functools
from dataclasses import replace
from typing import TYPE_CHECKING

from app.engine.i18n import N_
from app.engine.reply import Choice
from app.engine.reply import Inbound
from app.engine.reply import Notice
from app.engine.reply import Reply
from app.engine.state import State
from app.engine.topics import LANGUAGE_TOPIC
from app.engine.topics import MENU_TOPIC

if TYPE_CHECKING:
    from app.engine.detect import Detector

LOCALE_UNKNOWN = N_("That language is not available. Answering in {language}.")
LOCALE_SUBSTITUTED = N_(
    "Traditional Chinese is not available yet. Answering in Simplified Chinese."
)
LANGUAGE_DETECTED = N_(
    "I am answering in {language}. To change, choose another language or type its name."
)
LANGUAGE_SET = N_("From now on I will answer in {language}.")
# A one-tap offer, written in the language the message was in ("¿Prefiere español?").
PREFER = N_("Prefer {language}?")


class LanguageFlow:
    """Mixin of :class:`app.engine.engine.Engine`."""

    locales: tuple[str, ...]
    default_locale: str
    detector: Detector | None

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

    def _choose_locale(
        self, msg: Inbound, state: State, text: str, notices: list[Notice]
    ) -> tuple[str, bool]:
        """(locale, detected) in the documented order of precedence:

        1. a language the person named earlier in this conversation;
        2. the ``locale`` field / ``?lang=`` / picker;
        3. the locale already in use in this conversation;
        4. the language the first message is written in, when the detector
           is sure (a Spanish "hola" from an English-language browser or a
           phone is answered in Spanish);
        5. the browser's Accept-Language;
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
        if self.detector is not None and text:  # no locale yet: the first message
            found = self.detector.detect(text)
            if found == self.default_locale:
                return found, False
            if found and found in self.locales:
                notices.append(
                    self._notice(
                        found,
                        "language-detected",
                        LANGUAGE_DETECTED,
                        language=self._language_name(found),
                    )
                )
                return found, True
        if msg.accept_locale:
            accepted = self.resolve_locale(msg.accept_locale)
            if accepted:
                if _is_traditional_chinese(msg.accept_locale):
                    notices.append(
                        self._notice(accepted, "locale-substituted", LOCALE_SUBSTITUTED)
                    )
                return accepted, False
        return self.default_locale, False

    @functools.lru_cache(maxsize=64)  # noqa: B019 (the engine lives as long as the process)
    def _language_choices(self, current: str) -> tuple[Choice, ...]:
        return tuple(
            Choice(self._language_name(code), f"lang:{code}")
            for code in self.locales
            if code != current
        )

    def _switched(self, state: State, notices: list[Notice]) -> tuple[Reply, State]:
        """The reply to a language named or picked: a confirmation in the new
        language, then the menu's choices."""
        reply, state = self._topic_reply(MENU_TOPIC, state, notices)
        locale = state.locale or self.default_locale
        said = self._tr(locale, LANGUAGE_SET, language=self._language_name(locale))
        return (
            replace(
                reply,
                topic=LANGUAGE_TOPIC,
                text=f"{said}\n\n{reply.text}",
                short=f"{said}\n\n{reply.short or reply.text}",
                summary=None,
            ),
            state.with_slots(view="switched"),
        )

    def _offer_switch(self, text: str, norm: str, reply: Reply, state: State) -> tuple[Reply, State]:
        """A message clearly written in another supported language gets its
        answer in the conversation's language, and a one-tap offer to switch."""
        if self.detector is None:
            return reply, state
        other = self.detector.clearly(text, norm)
        if other is None or other == reply.locale or other not in self.locales:
            return reply, state
        value = f"lang:{other}"
        label = self._tr(other, PREFER, language=self._language_name(other))
        return (
            replace(reply, choices=(*reply.choices, Choice(label, value))),
            state.evolve(choices=(*state.choices, value)),
        )

    def _offer_languages(self, reply: Reply, state: State) -> tuple[Reply, State]:
        """After a guess at the language, offer the others to confirm or change."""
        extra = self._language_choices(reply.locale)
        reply = replace(reply, choices=reply.choices + extra)
        return reply, replace(state, choices=state.choices + tuple(c.value for c in extra))


def _is_traditional_chinese(tag: str) -> bool:
    parts = {p.lower() for p in tag.replace("_", "-").split("-")}
    return "zh" in parts and bool(parts & {"hant", "tw", "hk", "mo"})
