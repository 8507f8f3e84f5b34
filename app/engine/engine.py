"""The conversation engine: one message and the state before it, in; a reply
and the state after it, out. No I/O: content is compiled at construction.

Order of handling a message:

1. personal data (SSN/ITIN, A-number, phone, e-mail) is taken out;
2. language: a language's name ("español", "中文") switches at once;
3. a numbered choice ("2") or a choice value from the last reply;
4. "yes" or "no" to the bot's own question, "more" after an answer
   (``flows/followups.py``);
5. the referral flow's pending question (ZIP code, state or city), if any;
6. the rules (content/rules.yaml) over the vocabulary of the conversation's
   language, then of the other languages; what they decide is then read in
   the light of the last reply (a place after a request for help, the same
   topic asked again, a one-word cry for help);
7. otherwise the fallback, which offers the menu and never guesses.

The reply is the same whatever the channel (long and short forms); channels
render it. The flows live in ``flows/``, topic replies in ``answers.py``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from dataclasses import replace
from typing import TYPE_CHECKING
from typing import Callable
from typing import Sequence

from app.engine.answers import Answers
from app.engine.flows.choices import ChoiceFlow
from app.engine.flows.followups import FollowUps
from app.engine.flows.language import LanguageFlow
from app.engine.flows.referral import KIND_CONCEPTS
from app.engine.flows.referral import ReferralFlow
from app.engine.homophones import ChineseSounds
from app.engine.homophones import with_pinyin
from app.engine.i18n import SOURCE_LOCALE
from app.engine.i18n import Catalogs
from app.engine.i18n import N_
from app.engine.languages import LanguageNames
from app.engine.matching import Decision
from app.engine.matching import Matcher
from app.engine.normalize import clean_input
from app.engine.normalize import normalize
from app.engine.pii import Shielded
from app.engine.pii import shield
from app.engine.referrals import KINDS
from app.engine.referrals import Place
from app.engine.referrals import Places
from app.engine.reply import Choice
from app.engine.reply import Inbound
from app.engine.reply import Notice
from app.engine.reply import Reply
from app.engine.state import State
from app.engine.topics import CLARIFY_TOPIC
from app.engine.topics import FALLBACK_TOPIC
from app.engine.topics import GREETING_TOPIC
from app.engine.topics import MENU_TOPIC
from app.engine.topics import REFERRAL_TOPIC
from app.engine.typos import Memo

if TYPE_CHECKING:
    from app.content.bundle import Bundle
    from app.engine.detect import Detector
    from app.engine.wordlists import WordLists

@dataclass(frozen=True)
class Explanation:
    locale: str
    how: str  # how the language was chosen
    decision: Decision | None  # None when the message never reached matching
    note: str = ""


PII_WARNING = N_(
    "For your safety, do not type Social Security numbers, ITINs, A-numbers, phone "
    "numbers or email addresses here. I removed it from your message."
)


class Engine(LanguageFlow, ChoiceFlow, FollowUps, ReferralFlow, Answers):
    """Answers messages from the compiled content. Thread-safe and immutable."""

    def __init__(
        self,
        bundle: Bundle,
        catalogs: Catalogs,
        locales: Sequence[str],
        default_locale: str = SOURCE_LOCALE,
        today: Callable[[], dt.date] = dt.date.today,
        detector: Detector | None = None,
        words: WordLists | None = None,
        cities: Callable[[str], str | None] | None = None,
        sounds: ChineseSounds | None = None,
        memo: Memo | None = None,
    ):
        self.bundle = bundle
        self.catalogs = catalogs
        self.locales = tuple(locales)
        self.default_locale = default_locale
        self.today = today
        self.detector = detector
        self.words = words
        self.matcher = Matcher(
            with_pinyin(bundle.vocab, sounds), bundle.rules, bundle.urgent, words,
            bundle.negation_keeps, bundle.persons,
            negation_spares=bundle.negation_spares, calmers=bundle.calmers,
            qualifiers=bundle.qualifiers, sounds=sounds, reporters=bundle.reporters,
            shorthand=bundle.shorthand, memo=memo, scenes=bundle.scenes,
        )
        self.places = Places(bundle.states, cities)
        self.languages = LanguageNames(self.locales)
        self._topic_values = frozenset(bundle.topics)
        self._filter_values = {f"help:{kind}": kind for kind in KINDS}

    # -- public -----------------------------------------------------------

    def respond(self, msg: Inbound, state: State) -> tuple[Reply, State]:
        """Answer one message given the conversation so far."""
        # Before anything else looks at the message: take out identifying numbers.
        if msg.shielded is not None:
            found = Shielded(msg.text, msg.shielded)
        else:
            found = shield(msg.text)
        if found.kinds:
            reply, state = self._respond(replace(msg, text=found.text), state)
            warning = self._notice(reply.locale, "pii", PII_WARNING)
            return replace(reply, notices=(warning, *reply.notices)), state
        return self._respond(msg, state)

    def explain(self, msg: Inbound, state: State) -> Explanation:
        """What :meth:`respond` would base its answer on, without answering:
        the language and how it was chosen, and the matching decision."""
        text = clean_input(shield(msg.text).text)
        locale, detected = self._choose_locale(msg, state, text, [])
        if detected:
            how = "guessed from the message"
        elif msg.locale is not None:
            how = "asked for"
        elif state.locale:
            how = "the conversation's"
        else:
            how = "the default (nothing else decided)"
        state = state.evolve(locale=locale)
        norm = normalize(text)
        switch = self.languages.requested(text, norm)
        if switch:
            return Explanation(switch, "named in the message", None, "a request to change language")
        if not text:
            return Explanation(locale, how, None, "an empty message: the greeting")
        picked = self._picked_choice(text, state)
        if picked is not None:
            return Explanation(locale, how, None, f"picks the choice {picked!r}")
        return Explanation(locale, how, self.matcher.decide(text, locale))

    def replay(self, state: State) -> Reply:
        """The last reply again, rebuilt from the state alone (no text is
        kept): the SMS channel sends its next part on "MORE"."""
        if state.topic == REFERRAL_TOPIC and state.slot("listed"):
            return self._list_referrals(state, [], self._place_in(state), state.slot("kind"))[0]
        # Replies that reshape a topic's reply say so in the "view" slot.
        view = state.slot("view") or ""
        if view == "switched":
            return self._switched(state, [])[0]
        if view == "declined":
            return self._declined(state, [])[0]
        if view.startswith("urgent:"):
            return self._urgent_first(state, [], state.choices[: int(view[7:])])[0]
        if view == "pointer" and state.topic:
            return self._pointer(state.topic, state, [])[0]
        if view.startswith("clarify:"):
            return self._clarify(state.choices[: int(view[8:])], state, [])[0]
        return self._topic_reply(state.topic or MENU_TOPIC, state, [])[0]

    # -- the order of handling ---------------------------------------------

    def _respond(self, msg: Inbound, state: State) -> tuple[Reply, State]:
        notices: list[Notice] = []
        text = clean_input(msg.text)
        locale, detected = self._choose_locale(msg, state, text, notices)
        state = state.evolve(locale=locale)

        norm = normalize(text)
        switch = self.languages.requested(text, norm)
        if switch:
            state = replace(
                state, locale=switch, awaiting=None, retries=0, locale_chosen=True, offer=None
            )
            return self._switched(state, notices)

        if not text:
            return self._topic_reply(GREETING_TOPIC, state, notices)

        picked = self._picked_choice(text, state)
        if picked is not None:
            return self._choose(picked, state, notices)
        # "yes"/"no" to the bot's own question, and "more" after an answer.
        replied = self._answer_offer(text, state, notices)
        if replied is not None:
            return replied
        if self._is_more(norm):
            return self._more(state, notices)
        reply, state = self._respond_to_text(text, norm, state, notices)
        if detected:
            return self._offer_languages(reply, state)
        return self._offer_switch(text, norm, reply, state)

    def _respond_to_text(
        self, text: str, norm: str, state: State, notices: list[Notice]
    ) -> tuple[Reply, State]:
        if state.awaiting == "location":
            handled = self._location_answer(text, norm, state, notices)
            if handled is not None:
                return handled
        decision = self.matcher.decide(text, state.locale or self.default_locale)
        followed = self._follow_up(decision, text, state, notices)
        if followed is not None:
            return followed
        return self._act_on(decision, text, state, notices)

    def _act_on(
        self, decision: Decision, text: str, state: State, notices: list[Notice]
    ) -> tuple[Reply, State]:
        if decision.kind == "clarify":
            return self._clarify(decision.choices, state, notices)
        if decision.kind != "answer" or decision.topic is None:
            return self._topic_reply(FALLBACK_TOPIC, state, notices)
        if decision.topic == REFERRAL_TOPIC:
            present = decision.evidence.concepts if decision.evidence else {}
            kind = next(
                (k for k in KINDS if any(c in present for c in KIND_CONCEPTS[k])), None
            )
            place, _bad = self.places.find(text, whole_code=False)
            return self._start_referral(state, notices, place, kind)
        return self._topic_reply(decision.topic, state, notices)

    def _clarify(
        self, topics: tuple[str, ...], state: State, notices: list[Notice]
    ) -> tuple[Reply, State]:
        """Ask which of the close candidates is meant; they are the first
        choices (the menu follows), so "1" picks the first."""
        reply, state = self._topic_reply(CLARIFY_TOPIC, state, notices)
        locale = state.locale or self.default_locale
        offered = [*topics, *(c for c in state.choices if c not in topics)]
        choices = tuple(Choice(self._title(t, locale), t) for t in offered)
        state = replace(state, choices=tuple(offered)).with_slots(view=f"clarify:{len(topics)}")
        return replace(reply, choices=choices), state


__all__ = ["Engine", "Place"]
