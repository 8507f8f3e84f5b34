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

if TYPE_CHECKING:
    from app.engine.detect import Detector

LOCALE_UNKNOWN = N_("That language is not available. Answering in {language}.")
LOCALE_SUBSTITUTED = N_(
    "Traditional Chinese is not available yet. Answering in Simplified Chinese."
)
LANGUAGE_DETECTED = N_(
    "I am answering in {language}. To change, choose another language or type its name."
)


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

    @functools.lru_cache(maxsize=64)  # noqa: B019 (the engine lives as long as the process)
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


def _is_traditional_chinese(tag: str) -> bool:
    parts = {p.lower() for p in tag.replace("_", "-").split("-")}
    return "zh" in parts and bool(parts & {"hant", "tw", "hk", "mo"})
