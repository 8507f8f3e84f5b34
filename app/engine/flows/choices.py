"""Picking from the last reply's choices: by number ("2", "٢"), by choice
value (a topic id, "lang:es", "help:tax"), or 0 for the menu."""

from __future__ import annotations

from dataclasses import replace

from app.engine.answers import ENGLISH_PREFIX
from app.engine.i18n import SOURCE_LOCALE
from app.engine.normalize import ascii_digits
from app.engine.reply import Notice
from app.engine.reply import Reply
from app.engine.state import State
from app.engine.topics import MENU_TOPIC
from app.engine.topics import REFERRAL_TOPIC

CHOICE_SKIP = "location:skip"


class ChoiceFlow:
    """Mixin of :class:`app.engine.engine.Engine`."""

    locales: tuple[str, ...]
    _topic_values: frozenset[str]
    _filter_values: dict[str, str]

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
        if stripped.startswith(ENGLISH_PREFIX) and stripped[len(ENGLISH_PREFIX):] in self._topic_values:
            return stripped
        return None

    def _choose(self, value: str, state: State, notices: list[Notice]) -> tuple[Reply, State]:
        if value.startswith(ENGLISH_PREFIX):
            # The same answer in English, once: the conversation keeps its language.
            topic = value[len(ENGLISH_PREFIX):]
            reply, after = self._topic_reply(topic, state.evolve(locale=SOURCE_LOCALE), notices)
            return reply, after.evolve(locale=state.locale)
        if value.startswith("lang:"):
            state = replace(state, locale=value[5:], locale_chosen=True, awaiting=None, offer=None)
            return self._switched(state, notices)
        if value in self._filter_values:
            return self._list_referrals(
                state, notices, self._place_in(state), self._filter_values[value]
            )
        if value == CHOICE_SKIP:
            return self._list_referrals(state, notices, None, state.slot("kind"))
        if value == REFERRAL_TOPIC:
            return self._start_referral(state, notices, None, None)
        return self._topic_reply(value, state, notices)
