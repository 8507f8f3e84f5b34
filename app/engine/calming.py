"""Which urgent topics a message says are not happening now.

"Just curious what to do if ICE comes", "they came to my work last year",
"he was released on bond": the concepts listed as ``calmed_by`` for an urgent
topic in content/topics.yaml calm it. A calmed topic weighs half and is an
ordinary topic, except that on weak evidence it is offered, never answered
(app/engine/matching.py).

A calm is taken back when, after a `but`, the message turns to the topic's
scene ("nobody came, but if they knock, what do I do?"), unless it is a time
in the past, which dates the whole sentence it is in ("in 2019 there was a
raid at our plant, but I left before they came"), and the story from there
on; not a scene told before it: "someone keeps knocking and says it is the
police. My husband had a deportation order years ago. Do we open?" is a
knock now, and the years date the order.
"""

from __future__ import annotations

from collections import Counter
from typing import Iterable
from typing import Mapping

from app.engine.evidence import Evidence
from app.engine.grammar import AHEAD
from app.engine.grammar import PAST


class Calming:
    """The calming concepts and the scene of each urgent topic."""

    def __init__(
        self,
        calmers: Mapping[str, Iterable[str]],
        rules: Iterable,
        urgent: frozenset[str],
        scenes: Iterable[str] = (),
    ):
        # Urgent topic -> concepts saying it is not happening now.
        self.calmers = {t: frozenset(c) for t, c in calmers.items()}
        self._any_calmer = frozenset().union(*self.calmers.values())
        # An urgent topic's scene (what a `but` may turn to): a concept that is
        # alone one of its rules (a raid, a warrant), or that only urgent rules
        # use (a knock, agents); not one it shares with ordinary topics (a
        # court, ICE, rights: "nobody came, but we heard of a court decision"
        # turns to no scene), nor a calm itself.
        rules = tuple(rules)
        ordinary = frozenset().union(*(r.when for r in rules if r.topic not in urgent))
        self.scene_of: dict[str, frozenset[str]] = {}
        for rule in rules:
            if rule.topic in urgent:
                own = rule.when if len(rule.when) == 1 else rule.when - ordinary
                scene = self.scene_of.get(rule.topic, frozenset()) | own
                self.scene_of[rule.topic] = scene - self.calmers.get(rule.topic, frozenset())
        # A concept that tells a scene by itself (content/rules.yaml `scenes`):
        # the urgent topics whose rules use it, the topic with more such rules
        # first ("agents" is more often at the door than at a detention), each
        # with its first such rule.
        self._offers: dict[str, tuple] = {}
        for concept in scenes:
            using = [r for r in rules if r.topic in urgent and concept in r.when]
            first = {r.topic: r for r in reversed(using)}
            count = Counter(r.topic for r in using)
            self._offers[concept] = tuple(sorted(first.values(), key=lambda r: (-count[r.topic], r.order)))

    def calmed(self, evidence: Evidence) -> frozenset[str]:
        """The urgent topics ``evidence`` says are not happening now."""
        concepts = evidence.concepts
        present = concepts.keys()
        if self._any_calmer.isdisjoint(present):
            return frozenset()  # most messages: no calm at all
        calmed = set()
        for topic, calming in self.calmers.items():
            said = calming & present
            scene = self.scene_of.get(topic, frozenset())
            if PAST in said and not _dates(concepts, scene & present):
                said = said - {PAST}
            taken_back = any(said <= before and after & scene for before, after in evidence.turns)
            if PAST in said or (said and not taken_back):
                calmed.add(topic)
        return frozenset(calmed)

    def offers(self, evidence: Evidence, urgent: frozenset[str], least: float) -> list:
        """The rules of the urgent topics (among ``urgent``, those not calmed)
        whose scene the message tells by a concept of weight ``least`` or more."""
        found: dict[str, object] = {}
        for concept, ev in evidence.concepts.items():
            if ev.weight >= least:
                for rule in self._offers.get(concept, ()):
                    if rule.topic in urgent:
                        found.setdefault(rule.topic, rule)
        return list(found.values())

    def told_over(self, evidence: Evidence, topic: str) -> bool:
        """Whether the message names a calm of the urgent ``topic`` that tells
        its scene as over ("he was released long ago", "last year"), not only
        one asking about it ahead of time ("just curious what to do if they
        come"). The caller knows whether the topic is calmed (:meth:`calmed`)."""
        calm = self.calmers.get(topic)  # most topics have none: nothing to build
        return bool(calm) and not (calm - {AHEAD}).isdisjoint(evidence.concepts)


def _dates(concepts: Mapping, scene: frozenset[str]) -> bool:
    """Whether the time in the past comes no later than the scene told (or no
    scene is told: then it dates the message)."""
    if not scene:
        return True
    first_told = min(m.sentence for c in scene for m in concepts[c].mentions)
    return min(m.sentence for m in concepts[PAST].mentions) <= first_told
