"""Building a topic's reply: the answer text in the reader's language (or
English with a note when the translation is missing or out of date), its
sources, review date, referral offer and choices."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import replace
from typing import TYPE_CHECKING
from typing import Callable

from app.engine.i18n import SOURCE_LOCALE
from app.engine.i18n import Catalogs
from app.engine.i18n import N_
from app.engine.i18n import display_name
from app.engine.i18n import format_day
from app.engine.reply import Choice
from app.engine.reply import Notice
from app.engine.reply import Reply
from app.engine.reply import SourceRef
from app.engine.state import State
from app.engine.topics import FALLBACK_TOPIC
from app.engine.topics import GREETING_TOPIC
from app.engine.topics import LANGUAGE_TOPIC
from app.engine.topics import MENU_TOPIC
from app.engine.topics import REFERRAL_TOPIC

if TYPE_CHECKING:
    from app.content.bundle import Bundle
    from app.content.schema import AnswerFile

# Interface strings the engine writes itself (translated through the catalogs).
REVIEWED = N_("Last reviewed: {date}.")
REFERRAL_OFFER = N_("Want help finding free legal help near you?")
UNTRANSLATED = N_(
    "This answer is not yet available in your language, or its translation is "
    "out of date. Here it is in English."
)
REVIEW_OVERDUE = N_(
    "This answer is due for review. The law may have changed: check with a "
    "legal-aid organization."
)


class Answers:
    """Mixin of :class:`app.engine.engine.Engine`: topic replies."""

    bundle: Bundle
    catalogs: Catalogs
    default_locale: str
    today: Callable[[], dt.date]

    def topic_reply(
        self, topic: str, state: State, notices: tuple[Notice, ...] = ()
    ) -> tuple[Reply, State]:
        """The reply for ``topic`` in the conversation's language, and the
        state after it (its choices on offer)."""
        return self._topic_reply(topic, state, list(notices))

    def _topic_reply(
        self, topic: str, state: State, notices: list[Notice]
    ) -> tuple[Reply, State]:
        locale = state.locale or self.default_locale
        reply, choice_ids = self._answer(topic, locale, self.today())
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
    def _answer(self, topic: str, locale: str, today: dt.date) -> tuple[Reply, tuple[str, ...]]:
        """A topic's reply in one locale, long and short forms. It depends
        only on the content, which never changes while the process runs, so
        it is built once per (topic, locale, day)."""
        answer = self.bundle.answers[topic]
        kind = self.bundle.topics[topic]
        notices: list[Notice] = []
        bodies = []
        served = locale
        for english in (answer.text, answer.sms):
            body = self.catalogs.lookup(locale, english, topic)
            if body is None:
                body = english
                served = SOURCE_LOCALE
            bodies.append(body)
        if served != locale:
            # Never mix a translated long form with an English short form.
            bodies = [answer.text, answer.sms]
            notices.append(self._notice(locale, "translation-unavailable", UNTRANSLATED))
        tail = []
        if kind == "content":
            tail.append(self._tr(served, REVIEWED, date=format_day(answer.reviewed, served)))
            if answer.review_by < today:
                notices.append(self._notice(locale, "review-overdue", REVIEW_OVERDUE))
        choice_ids = list(answer.choices)
        if answer.needs_lawyer:
            tail.append(self._tr(served, REFERRAL_OFFER))
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
        text, short = ("\n\n".join([body.strip(), *tail]) for body in bodies)
        reply = Reply(
            locale=locale,
            topic=topic,
            text=text,
            sources=self._sources(answer, locale),
            choices=choices,
            notices=tuple(notices),
            reviewed=answer.reviewed if kind == "content" else None,
            short=short,
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
