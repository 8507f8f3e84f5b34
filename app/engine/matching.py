"""Choosing what a message is about: evidence-scored rules, clarifying
questions, and urgent answers only on strong evidence.

For content authors: ``content/README.md``, "How a message finds its topic". In short:

1. The message's evidence (``evidence.py``): each concept it mentions, with a
   weight from the trigger's specificity, the sentence it sits in, typos and
   negation.
2. Every rule (content/rules.yaml) whose ``when`` concepts are all present,
   and none of its ``unless`` ones, scores the sum of their weights (x 0.85
   when they are in different sentences). A topic scores its best rule.
3. The decision:
   - nothing scores ``MIN_SCORE``: if the message's specific concepts half-fill
     the rules of one to three topics ("privacy?", "is it safe?"), the bot asks
     which of those is meant; otherwise no topic (the fallback answers);
   - an urgent topic (``urgent: true`` in content/topics.yaml: agents at the
     door, someone detained) is answered only when it leads clearly and
     scores ``URGENT_MIN``; otherwise it is offered as a choice;
   - when the runner-up scores at least ``CLARIFY_RATIO`` of the leader and
     the leader is below ``CONFIDENT``, the bot asks which one is meant (the
     ``clarify`` topic) with the close candidates as choices (with strong
     evidence for both, the higher priority is answered);
   - otherwise the leader is answered.
4. If no rule but small talk fires in the conversation's language, every
   language's words are tried (weighted down), except where the word is also a
   word of the conversation's language; they never change the reply's language.
"""

from __future__ import annotations

import functools
import hashlib
import threading
from collections import Counter
from collections import OrderedDict
from dataclasses import dataclass
from dataclasses import field
from types import MappingProxyType
from typing import Any
from typing import Callable
from typing import Iterable
from typing import Mapping
from typing import NamedTuple
from typing import Sequence

from app.engine.calming import Calming
from app.engine.grammar import ENGINE_CONCEPTS
from app.engine.grammar import MENU
from app.engine.grammar import SMALL_TALK
from app.engine.evidence import Evidence
from app.engine.evidence import gather
from app.engine.evidence import stronger
from app.engine.homophones import ChineseSounds
from app.engine.reading import Reader
from app.engine.vocabulary import Hit
from app.engine.vocabulary import LocaleIndex
from app.engine.wordlists import WordLists

__all__ = ["Candidate", "Decision", "Hit", "LocaleIndex", "Matcher"]

LANGUAGE = "language"
NO_RIVALS = SMALL_TALK | {MENU, LANGUAGE}  # never compete with a question
RECENT = 4096  # decisions remembered (by hash of the text)
MIN_SCORE = 0.6  # below this nothing is answered: one very common word is not a topic
OTHER_GROUND_RATIO = 0.5  # a rival to an urgent topic on concepts of its own
CALMED_FACTOR = 0.5  # an urgent topic the message calms ("just curious") weighs half
CLARIFY_RATIO = 0.85  # a runner-up this close to the leader: ask which is meant,
SAME_SCORE = 0.1  # two rules of one topic this close in score: the more specific stands for it (0.15: a harmful reply)
CONFIDENT = 1.2  # unless the leader's evidence is this strong (then priority decides; was 1.6: on the kept
# rounds the higher priority of two close, strong topics was acceptable 88%; asking made 11% questions)
URGENT_MIN = 0.9  # an urgent topic needs at least this much evidence
CALMED_MIN = 1.2  # one calmed as over ("released long ago") this much, or it is offered, not answered
MAX_CHOICES = 3  # candidates offered by a clarifying question
PARTIAL_MIN = 0.8  # a concept this specific, alone, may start a clarifying question
OTHER_LANGUAGES_WEIGHT = 0.7  # words of other languages count less
SAME_SENTENCE_BONUS = 1.0
SPLIT_SENTENCES_FACTOR = 0.85


@dataclass(frozen=True, slots=True)
class CompiledRule:
    topic: str
    priority: int
    when: frozenset[str]
    unless: frozenset[str]
    order: int
    partial: bool = True  # half of it may offer its topic (see _partial)
    ahead: bool = False  # asks how to prepare ("a plan in case of a raid"): a calm does not halve it


class Candidate(NamedTuple):
    """A topic the message may be about, with its best rule and score (a named tuple, as Hit)."""

    topic: str
    score: float
    rule: CompiledRule

    @property
    def priority(self) -> int:
        return self.rule.priority


@dataclass(frozen=True, slots=True)
class Decision:
    """What to do with a message.

    ``kind`` is "answer" (``topic``), "clarify" (ask among ``choices``) or
    "none" (nothing recognizable: the fallback)."""

    kind: str
    topic: str | None = None
    choices: tuple[str, ...] = ()
    candidates: tuple[Candidate, ...] = ()
    evidence: Evidence | None = field(default=None, compare=False)
    other_languages: bool = False
    reason: str = ""


def _key(text: str, *context: Any) -> tuple:
    """A memory key: the context and a hash of the text (never the text)."""
    return (*context, hashlib.blake2b(text.encode(), digest_size=16).digest())


def _stands_for_topic(score: float, priority: int, old: Candidate) -> bool:
    """Whether a rule scoring ``score`` stands for its topic instead of
    ``old``: the higher score, but between two rules within SAME_SCORE of
    each other the more specific one (higher priority), so that "what exactly
    is in the agreement between the tax office and immigration?" stands as
    [agreement, define], not as [ice, irs] three hundredths higher."""
    if abs(score - old.score) <= SAME_SCORE:
        return (priority, score) > (old.priority, old.score)
    return score > old.score


class Matcher:
    """All locales' indexes plus the rules."""

    def __init__(
        self,
        vocab: Mapping[str, Mapping[str, Sequence[str]]],
        rules: Iterable,
        urgent: Iterable[str] = (),
        words: WordLists | None = None,
        negation_keeps: Iterable[str] = (),
        persons: Iterable[str] = (),
        negation_spares: Iterable[str] = (),
        calmers: Mapping[str, Iterable[str]] | None = None,
        qualifiers: Iterable[str] = (),
        sounds: ChineseSounds | None = None,
        reporters: Iterable[str] = (),
        shorthand: Mapping[str, Mapping[str, str]] | None = None,
        memo: Callable[..., Any] | None = None,  # app.engine.typos.Memo
        scenes: Iterable[str] = (),
    ):
        self.words = words
        # What a message is about (never denied, never a question alone) ...
        self.keeps = frozenset(negation_keeps)
        # ... and everything a negator passes over: those, and the scenes that
        # stay the question when negated ("don't open the door").
        self.spared = self.keeps | frozenset(negation_spares)
        self.persons = frozenset(persons)
        # Never a question alone: who or what it is about, and what only
        # sharpens a question ("what is", "how do I renew").
        self.not_alone = self.keeps | frozenset(qualifiers)
        self.indexes = MappingProxyType(
            {
                locale: LocaleIndex(
                    concepts, words=words, locale=locale, plain=SMALL_TALK,
                    shorthand=(shorthand or {}).get(locale), memo=memo,
                )
                for locale, concepts in vocab.items()
            }
        )
        self.reader = Reader(
            self.indexes, words, [t.strip("=~*") for ts in vocab.get("common", {}).values() for t in ts], sounds,
            keeps=self.spared, subjects=self.keeps, persons=self.persons,
            reporters=frozenset(reporters), arabic=vocab.get("ar"),
        )
        # Second chance for a message in another language than the conversation's:
        # one index holding every locale's words (concept names are shared).
        union: dict[str, list[str]] = {}
        for concepts in vocab.values():
            for concept, triggers in concepts.items():
                union.setdefault(concept, []).extend(triggers)
        # Typos are forgiven in the conversation's language only (and this keeps
        # start-up fast): the mixed index matches exact words, stems and phrases.
        # Words of three letters or fewer are left out of it, except small talk
        # ("hi", "olá"): across languages they collide ("ai" is "who" in
        # Vietnamese, "ong" an NGO in Portuguese). Negators are left out too.
        self.any_language = LocaleIndex(
            {k: list(dict.fromkeys(v)) for k, v in union.items() if k not in ENGINE_CONCEPTS},
            typos=False, min_word=4, short_ok=SMALL_TALK, memo=memo,
        )
        self.rules = tuple(
            CompiledRule(r.topic, r.priority, frozenset(r.when), frozenset(r.unless), i, r.partial,
                         getattr(r, "ahead", False))
            for i, r in enumerate(rules)
        )
        self.urgent = frozenset(urgent)
        # Urgent topics a message says are not happening now ("just curious",
        # "last year", "he was released"): app/engine/calming.py.
        self.calming = Calming(calmers or {}, self.rules, self.urgent, scenes)
        # Each rule under one of the concepts it needs (any one will do: a
        # rule fires only when all of them are present; None: it needs none):
        # the one fewest rules need, as the likeliest to be absent ("irs" is
        # in most messages, "preparer" in few), so that few rules are tried.
        uses = Counter(concept for rule in self.rules for concept in rule.when)
        # How many of a topic's rules use a concept: among half-filled rules, the
        # topic the concept is typical of first ("can I file?" is should-i-file's).
        self._typical = Counter((rule.topic, concept) for rule in self.rules for concept in rule.when)
        by_concept: dict[str | None, list[CompiledRule]] = {}
        for rule in self.rules:
            rarest = min(rule.when, key=lambda c: (uses[c], c)) if rule.when else None
            by_concept.setdefault(rarest, []).append(rule)
        self._rules_by_concept = {c: tuple(rules) for c, rules in by_concept.items()}
        self._recent: OrderedDict = OrderedDict()  # decisions
        self._evidence: OrderedDict = OrderedDict()  # evidence in one locale's words
        self._lock = threading.Lock()

    def index_for(self, locale: str) -> LocaleIndex:
        return self.indexes.get(locale) or self.indexes["common"]

    def concepts(self, text: str, locale: str) -> Evidence:
        """The evidence of ``text`` in ``locale``'s words (negation applied),
        with English mixed in and Chinese typed by sound (``reading``).

        Remembered like decisions: a short reply is read once for "yes or
        no?" and again for its topic."""
        return self._remember(
            self._evidence, _key(text, locale), lambda: self.reader.read(text, self.index_for(locale), locale)
        )

    def forget(self) -> None:
        """Drop every remembered decision and evidence (benchmarks measure
        unseen messages with it)."""
        with self._lock:
            self._recent.clear()
            self._evidence.clear()

    def _remember(self, memory: OrderedDict, key: tuple, compute: Callable[[], Any]) -> Any:
        """``compute()``, kept for the ``RECENT`` latest keys (Evidence and
        Decision are never changed once made, so callers may share them)."""
        with self._lock:
            found = memory.get(key)
            if found is not None:
                memory.move_to_end(key)
                return found
        found = compute()
        with self._lock:
            memory[key] = found
            if len(memory) > RECENT:
                memory.popitem(last=False)
        return found

    # -- scoring ------------------------------------------------------------

    def candidates(self, evidence: Evidence) -> list[Candidate]:
        """Topics whose rules fire, best first (ties: priority, then file order)."""
        best: dict[str, Candidate] = {}
        present = evidence.concepts
        names = frozenset(present)  # set against set: the fast comparisons
        # Only rules filed under a concept present can fire: a few of ~100.
        filed = {r.order: r for c in (None, *present) for r in self._rules_by_concept.get(c, ())}
        for rule in (filed[n] for n in sorted(filed)):
            if not rule.when <= names or not rule.unless.isdisjoint(names):
                continue
            used = [present[c] for c in rule.when]
            score = sum(ev.weight for ev in used)
            if len({ev.sentence for ev in used}) > 1:  # unless one sentence holds them all as strongly
                score = max(score * SPLIT_SENTENCES_FACTOR, evidence.together(rule.when))
            score = round(score, 4)
            old = best.get(rule.topic)
            if old is None or _stands_for_topic(score, rule.priority, old):
                best[rule.topic] = Candidate(rule.topic, score, rule)
        for topic in self.calmed(evidence).intersection(best):
            if (old := best[topic]).rule.ahead:
                continue
            # Half, but still a question when nothing else is asked ("ICE has not come; what if they do?").
            calm = max(old.score * CALMED_FACTOR, min(old.score, MIN_SCORE))
            best[topic] = Candidate(topic, round(calm, 4), old.rule)
        return sorted(best.values(), key=lambda c: (-c.score, -c.priority, c.rule.order))

    def calmed(self, evidence: Evidence) -> frozenset[str]:
        """Urgent topics the message says are not happening now (half weight; offered when weak)."""
        return self.calming.calmed(evidence)

    def decide(self, text: str, locale: str, other_languages: bool = True) -> Decision:
        """The decision for ``text`` (cleaned, not normalized) in ``locale``.

        Remembered for the most recent messages, keyed by a hash of the text
        (the text itself is not kept): people ask the same few things, and the
        content never changes while running."""
        return self._remember(
            self._recent, _key(text, locale, other_languages),
            lambda: self._decide(text, locale, other_languages),
        )

    def _decide(self, text: str, locale: str, other_languages: bool) -> Decision:
        evidence = self.concepts(text, locale)
        ranked = [c for c in self.candidates(evidence) if c.score >= MIN_SCORE]
        crossed = False
        if other_languages and all(c.topic in NO_RIVALS for c in ranked):
            # Nothing found, or only small talk ("salam, … une clinique gratuite").
            # Other languages' words add to this language's, they do not replace
            # them, and cannot bring back what this language's negation denied.
            native = None
            if self.words is not None and locale in self.words.locales:
                native = functools.partial(self.words.is_word, locale)
            more = gather(
                text, self.any_language, OTHER_LANGUAGES_WEIGHT, denied=evidence.denied, native=native)
            evidence = stronger(evidence, more)
            ranked = [c for c in self.candidates(evidence) if c.score >= MIN_SCORE]
            crossed = bool(ranked)
        urgent = self.urgent - self.calmed(evidence)
        if not ranked:
            partial = self._partial(evidence)
            if partial:
                why = "part of a question: which one is it?"
                return self._clarify(partial, partial, evidence, crossed, why, urgent)
            scenes = [Candidate(r.topic, 0.0, r) for r in self.calming.offers(evidence, urgent, PARTIAL_MIN)]
            if scenes:  # only a scene told ("vans outside the site, what now?"): its urgent topics offered
                return self._clarify(scenes, [], evidence, crossed, "a scene told, nothing asked", urgent)
        return self._choose(ranked, evidence, crossed, urgent)

    def _partial(self, evidence: Evidence, capped: bool = True) -> list[Candidate]:
        """The topics whose rules the message's specific concepts half-fill
        ("privacy?", "is it safe?"), if (``capped``) few enough to ask about."""
        # Who or what the message is about (a relative, the IRS) is not yet a
        # question: "my cousin told me to ask" asks nothing in particular.
        strong = {
            c for c, ev in evidence.concepts.items()
            if ev.weight >= PARTIAL_MIN and c not in self.not_alone
        }
        if not strong:
            return []
        best: dict[str, Candidate] = {}
        for rule in self.rules:
            present = rule.when & strong
            if not present or not rule.partial or rule.unless & evidence.concepts.keys():
                continue
            score = round(sum(evidence.weight(c) for c in present) / len(rule.when), 4)
            old = best.get(rule.topic)
            if old is None or score > old.score:
                best[rule.topic] = Candidate(rule.topic, score, rule)
        if not best or (capped and len(best) > MAX_CHOICES):
            return []
        typical = self._typical
        return sorted(best.values(), key=lambda c: (
            -c.score, -sum(typical[c.topic, x] for x in c.rule.when & strong), -c.priority, c.rule.order))

    def _choose(
        self, ranked: list[Candidate], evidence: Evidence, crossed: bool, urgent: frozenset[str]
    ) -> Decision:
        if not ranked:
            return Decision("none", evidence=evidence, reason="no rule scored enough")
        leader = ranked[0]
        close = [c for c in ranked[1:] if c.score >= CLARIFY_RATIO * leader.score]
        # Small talk and courtesies never compete with a question ("thanks, and
        # is my ITIN safe?", "a clinic where they speak Korean?"): beside one
        # as close, the question leads; "thanks, bye" needs no question either.
        if leader.topic in NO_RIVALS:
            # A request to change language is the next strongest ("hi, do you have this in Spanish?").
            # A question a topic answers outweighs courtesies ("salam, ITIN expired, how to renew? shukran").
            least = min(CLARIFY_RATIO * leader.score, 1.0) if evidence.asks else CLARIFY_RATIO * leader.score
            asked = [c for c in ranked[1:] if c.topic not in NO_RIVALS and c.score >= least] or [
                c for c in close if c.topic == LANGUAGE != leader.topic
            ]
            if asked:
                leader = asked[0]
                close = [c for c in ranked if c is not leader and c.score >= CLARIFY_RATIO * leader.score]
        close = [c for c in close if c.topic not in NO_RIVALS]
        # A calmed urgent topic ("a raid in 2019") is ordinary, but offered, never answered, when weak.
        over = leader.topic not in urgent and self.calming.told_over(evidence, leader.topic)
        least = CALMED_MIN if over else URGENT_MIN
        ahead = leader.rule.ahead  # preparing for a scene ("a plan in case of a raid"): offered only
        if leader.topic in urgent or ahead or (leader.topic in self.urgent and leader.score < least):
            weak = leader.score < least or ahead
            # Something else the urgent words may only describe ("his ITIN was taken away", "the
            # refund held for immigration?"): ask rather than alarm; rivals on ground of their own first.
            close = close or sorted((
                c for c in ranked[1:] if c.topic not in urgent and c.topic not in NO_RIVALS
                and c.score >= OTHER_GROUND_RATIO * leader.score and c.rule.when - leader.rule.when
            ), key=lambda c: bool(c.rule.when & leader.rule.when))[:1]
            if weak or close:
                why = ("preparing for an urgent scene: offered, never answered" if ahead
                       else "urgent topic on weak evidence" if weak else "urgent topic with a close rival")
                return self._clarify([leader, *close], ranked, evidence, crossed, why, urgent)
        elif close and leader.score < CONFIDENT:
            return self._clarify([leader, *close], ranked, evidence, crossed, "close rivals", urgent)
        if close:
            # Strong evidence for several topics: the most specific (highest
            # priority) of them is answered.
            chosen = max([leader, *close], key=lambda c: (c.priority, c.score))
            tied = [c for c in [leader, *close] if c.priority == chosen.priority]
            if len(tied) > 1:  # priority cannot choose between equals: ask
                why = "strong evidence for close topics of the same priority"
                return self._clarify(tied, ranked, evidence, crossed, why, urgent)
            if chosen.topic in urgent and chosen is not leader:
                # Never an urgent answer that its evidence does not lead: ask.
                return self._clarify(
                    [leader, *close], ranked, evidence, crossed, "an urgent topic among close rivals",
                    urgent,
                )
            return Decision(
                "answer", chosen.topic, (), tuple(ranked), evidence, crossed,
                "strong evidence for close topics: the highest priority",
            )
        return Decision("answer", leader.topic, (), tuple(ranked), evidence, crossed, "clear leader")

    def _clarify(self, offered, ranked, evidence, crossed, reason, urgent) -> Decision:
        topics = list(dict.fromkeys(c.topic for c in offered))[:MAX_CHOICES]
        # Urgent ones first: whoever is in danger should not have to read on.
        topics.sort(key=lambda t: t not in urgent)
        if len(topics) == 1:
            # One candidate only (an urgent topic on weak evidence): offer it beside
            # the next best, or the topics the rest of the message half-fills.
            rest = [c.topic for c in ranked if c.topic not in topics] or [
                c.topic for c in self._partial(evidence, capped=False) if c.topic not in {*topics, *self.urgent}]
            topics += rest[: MAX_CHOICES - 1]
        return Decision("clarify", None, tuple(topics), tuple(ranked), evidence, crossed, reason)
