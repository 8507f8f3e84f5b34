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
UNREVIEWED = N_("Automatic translation, not yet checked by a legal-aid reviewer.")
REVIEWED_BY = N_("Translation checked by a {role} on {date}.")
READ_IN_ENGLISH = N_("Read this in English")
ROLE_NAMES = {
    "attorney": N_("lawyer"),
    "accredited representative": N_("DOJ-accredited representative"),
    "community reviewer": N_("community reviewer"),
    "professional translator": N_("professional translator"),
}
ENGLISH_PREFIX = "english:"  # choice value: read one answer in English, once
# Navigation and small talk: their translations are interface, not information.
NAVIGATION_TOPICS = frozenset(
    {"greeting", "menu", "thanks", "goodbye", "language", "clarify", "fallback"}
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
        answer = self.bundle.answers[topic]
        new_state = state.evolve(
            topic=topic,
            awaiting=None,
            retries=0,
            choices=choice_ids,
            # "Want help finding free legal help near you?" waits for a yes or no.
            offer=REFERRAL_TOPIC if answer.needs_lawyer else None,
        ).with_slots(listed=None, view=None)
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
        forms = (answer.text, answer.sms, answer.question or "")
        for english in forms:
            body = self.catalogs.lookup(locale, english, topic) if english else ""
            if body is None:
                body = english
                served = SOURCE_LOCALE
            bodies.append(body)
        english_choice: tuple[Choice, ...] = ()
        if served != locale:
            # Never mix a translated long form with an English short form.
            bodies = list(forms)
            notices.append(self._notice(locale, "translation-unavailable", UNTRANSLATED))
        elif locale != SOURCE_LOCALE and topic not in NAVIGATION_TOPICS:
            review = self.catalogs.review(locale, topic)
            if review is None:
                notices.append(self._notice(locale, "translation-unreviewed", UNREVIEWED))
                english_choice = (
                    Choice(self._tr(locale, READ_IN_ENGLISH), ENGLISH_PREFIX + topic),
                )
            else:
                notices.append(
                    self._notice(
                        locale, "translation-reviewed", REVIEWED_BY,
                        role=self._tr(locale, ROLE_NAMES[review.role]),
                        date=format_day(review.date, locale),
                    )
                )
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
        choices = tuple(Choice(self._title(t, locale), t) for t in choice_ids) + english_choice
        choice_ids += [c.value for c in english_choice]
        if topic == LANGUAGE_TOPIC:
            # All ten languages (the current one too: picking it confirms it), then the rest.
            languages = self._language_choices("")
            choices = languages + choices
            choice_ids = [c.value for c in languages] + choice_ids
        long_body, short_body, question = (body.strip() for body in bodies)
        summary, _, details = long_body.partition("\n\n")
        footer = "\n\n".join(tail)
        reply = Reply(
            locale=locale,
            topic=topic,
            text="\n\n".join(part for part in (long_body, footer) if part),
            sources=self._sources(answer, locale),
            choices=choices,
            notices=tuple(notices),
            reviewed=answer.reviewed if kind == "content" else None,
            short="\n\n".join(part for part in (short_body, footer) if part),
            heading=question or None,
            summary=summary.strip(),
            details=details.strip() or None,
        )
        return reply, tuple(choice_ids)

    def _with_menu(self, topic: str, choice_ids: list[str]) -> list[str]:
        if topic == MENU_TOPIC:
            return list(self.bundle.menus.get("main", ()))
        return choice_ids

    def _sources(self, answer: AnswerFile, locale: str) -> tuple[SourceRef, ...]:
        """Every source: those in the reader's language first, then English
        ones, then the rest with their language named ("(Spanish)"), so that
        a point whose only source is in another language still cites it."""
        mine, english, others = [], [], []
        for sid in answer.sources:
            src = self.bundle.sources[sid]
            if src.locale == locale:
                mine.append(SourceRef(src.title, src.url))
            elif src.locale == SOURCE_LOCALE:
                english.append(SourceRef(src.title, src.url))
            else:
                language = display_name(src.locale, locale)
                others.append(SourceRef(f"{src.title} ({language})", src.url))
        return tuple(mine + english + others)

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
