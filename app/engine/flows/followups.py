"""Replies to what people say after an answer, so no natural reply is a dead
end (issue 14):

- "yes" / "no" to the bot's own yes/no question ("Want help finding free
  legal help near you?");
- "more" after an answer (the whole answer again; on SMS the channel sends
  the next part itself);
- a follow-up that maps to the topic just answered gets a short pointer and
  the narrower questions, not the same long text again;
- a short message of fear or a bare keyword ("help", "ICE", "I'm scared")
  gets the urgent choices first (agents at the door, someone detained, free
  legal help) and the menu, not "I did not understand";
- a ZIP code, state or city at any point of the legal-help flow, or with a
  request for help ("I need help in Florida"), lists organizations there.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from app.engine.i18n import N_
from app.engine.normalize import normalize
from app.engine.normalize import tokenize
from app.engine.normalize import word_count
from app.engine.reply import Choice
from app.engine.reply import Notice
from app.engine.reply import Reply
from app.engine.state import State
from app.engine.topics import FALLBACK_TOPIC
from app.engine.topics import MENU_TOPIC
from app.engine.topics import REFERRAL_TOPIC

if TYPE_CHECKING:
    from app.content.bundle import Bundle
    from app.engine.matching import Decision
    from app.engine.matching import Matcher

YES = "yes"
NO = "skip"  # the vocabularies' "no" ("no", "no thanks", "not now")
SHORT_REPLY = 4  # words: a reply to the bot's question, not a new question
SHORT_MESSAGE = 4  # words: a one-word cry for help ("help", "ICE", "tengo miedo")
DISTRESS = frozenset({"ice", "risk", "help", "menu", "agents", "knock", "detained", "taken"})
URGENT_FIRST_CHOICES = ("ice-at-door", "detained", REFERRAL_TOPIC)
# Replies after which a place means "look for help there".
PLACE_TOPICS = frozenset({FALLBACK_TOPIC, MENU_TOPIC, REFERRAL_TOPIC, "greeting", "human", "clarify"})

DECLINED = N_("All right. You can ask another question, or choose a topic:")
ALREADY_ANSWERED = N_(
    "My last answer covers this. You can read it again, or choose a narrower question:"
)
READ_AGAIN = N_("Read the answer again")
URGENT_FIRST = N_(
    "I am here to help. If something is happening now, choose it below, or write your "
    "question in your own words:"
)


class FollowUps:
    """Mixin of :class:`app.engine.engine.Engine`."""

    bundle: Bundle
    matcher: Matcher
    default_locale: str

    def _is_more(self, norm: str) -> bool:
        return self.bundle.keywords.get(norm, ("",))[0] == "more"

    def _more(self, state: State, notices: list[Notice]) -> tuple[Reply, State]:
        """The last answer again, whole: its details unfolded (the web folds
        them behind "Read more"). The SMS channel sends the next part of a
        long reply itself and never asks the engine."""
        if state.topic and self.bundle.topics.get(state.topic) == "content":
            reply, state = self._topic_reply(state.topic, state, notices)
            whole = "\n\n".join(p for p in (reply.summary, reply.details) if p)
            return replace(reply, summary=whole, details=None), state
        return self._topic_reply(MENU_TOPIC, state, notices)

    def _answer_offer(
        self, text: str, state: State, notices: list[Notice]
    ) -> tuple[Reply, State] | None:
        """A short "yes" or "no": to the bot's own question when it asked one
        (the referral offer), else a polite way back to the menu."""
        if state.awaiting or _words(text) > SHORT_REPLY:
            return None  # a pending question ("your ZIP code?") reads its own replies
        evidence = self.matcher.concepts(text, state.locale or self.default_locale)
        said_yes, said_no = YES in evidence, NO in evidence
        if said_yes == said_no or evidence.concepts.keys() - {YES, NO}:
            return None  # neither, both, or more than a yes or no ("no ICE")
        if said_yes and state.offer:
            offer = state.offer
            state = state.evolve(offer=None)
            if offer == REFERRAL_TOPIC:
                return self._start_referral(state, notices, None, None)
            return self._topic_reply(offer, state, notices)
        return self._declined(state, notices)

    def _declined(self, state: State, notices: list[Notice]) -> tuple[Reply, State]:
        reply, state = self._topic_reply(MENU_TOPIC, state.evolve(offer=None), notices)
        text = self._tr(state.locale, DECLINED)
        return replace(reply, text=text, short=text, summary=None), state.with_slots(view="declined")

    def _pointer(self, topic: str, state: State, notices: list[Notice]) -> tuple[Reply, State]:
        """The same topic asked again, narrower: point back, offer the rest."""
        reply, after = self._topic_reply(topic, state, notices)
        locale = state.locale or self.default_locale
        again = Choice(self._tr(locale, READ_AGAIN), topic)
        narrower = tuple(c for c in reply.choices if c.value != topic)
        text = self._tr(locale, ALREADY_ANSWERED)
        pointer = replace(
            reply, text=text, short=text, heading=None, summary=None, details=None,
            sources=(), choices=(*narrower, again),
        )
        after = after.evolve(choices=tuple(c.value for c in pointer.choices), offer=None)
        return pointer, after.with_slots(view="pointer")

    def _urgent_first(
        self, state: State, notices: list[Notice], also: tuple[str, ...] = ()
    ) -> tuple[Reply, State]:
        """The menu with the urgent choices first (then ``also``, the topics
        the message might mean), under a short line that invites either."""
        reply, state = self._topic_reply(MENU_TOPIC, state, notices)
        locale = state.locale or self.default_locale
        first = [*URGENT_FIRST_CHOICES, *(c for c in also if c not in URGENT_FIRST_CHOICES)]
        order = [*first, *(c for c in state.choices if c not in first)]
        choices = tuple(Choice(self._title(t, locale), t) for t in order)
        text = self._tr(locale, URGENT_FIRST)
        reply = replace(reply, text=text, short=text, choices=choices)
        state = state.evolve(choices=tuple(order))
        return reply, state.with_slots(view=f"urgent:{len(first)}")

    def _follow_up(
        self, decision: Decision, text: str, state: State, notices: list[Notice]
    ) -> tuple[Reply, State] | None:
        """What a decision means after what came before, or None to answer it."""
        topic = decision.topic if decision.kind == "answer" else None
        # A place where help is wanted: after the legal-help question, or with
        # a request that is not a question about the law.
        if topic in (None, *PLACE_TOPICS):
            place, _bad = self.places.find(
                text, whole_code=state.topic == REFERRAL_TOPIC, cities=True
            )
            wants_help = state.topic == REFERRAL_TOPIC or topic in (REFERRAL_TOPIC, "human", MENU_TOPIC)
            short = _words(text) <= SHORT_MESSAGE
            if place is not None and (wants_help or short):
                return self._list_referrals(state, notices, place, state.slot("kind"))
        if (
            topic is not None
            and topic == state.topic
            and self.bundle.topics.get(topic) == "content"
        ):
            return self._pointer(topic, state, notices)
        # A short cry for help ("help", "ICE", "I'm scared"): the urgent
        # choices first, then any topics it might mean, then the menu. A
        # clarifying question that already offers an urgent topic ("my refund
        # is detained": held refund or detained person?) stays as it is, and
        # so does one that answers a question ("is it safe?": safe to file?
        # with an ITIN?), with the menu one tap away.
        candidates = decision.choices if decision.kind == "clarify" else ()
        asked = decision.evidence is not None and decision.evidence.asks
        vague = decision.kind == "none" or topic in (MENU_TOPIC, FALLBACK_TOPIC) or (
            candidates and not set(candidates) & self.bundle.urgent and not asked
        )
        if vague and _words(text) <= SHORT_MESSAGE:
            present = decision.evidence.concepts if decision.evidence else {}
            if DISTRESS & present.keys():
                return self._urgent_first(state, notices, candidates)
        return None


def _words(text: str) -> int:
    """About how many words a message holds: Chinese, written without spaces,
    counts a word per two characters (a long story is not a short reply)."""
    if text.isascii():  # no unspaced script: the spaces tell (and cost least)
        return len(text.split())
    return word_count(tokenize(normalize(text)))
