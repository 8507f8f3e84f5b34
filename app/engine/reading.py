"""Reading a message: the evidence in its language's words, with the English
words mixed into it, the Spanish words inside English and the French inside
Arabic (``codeswitch``),
Arabic typed in Latin letters through the Arabic-script words (``arabizi``),
and, in Chinese, the words typed by sound (``homophones``). Each extra
reading only adds concepts or makes them stronger; what the language's own
reading negated stays negated."""

from __future__ import annotations

import threading
from typing import Mapping
from typing import Sequence

from app.engine.arabizi import skeleton_index
from app.engine.arabizi import skeleton_text
from app.engine.codeswitch import ENGLISH
from app.engine.codeswitch import SPANISH
from app.engine.codeswitch import WordsInside
from app.engine.detect import is_arabizi
from app.engine.evidence import FUZZY_WEIGHT
from app.engine.evidence import Evidence
from app.engine.evidence import gather
from app.engine.evidence import stronger
from app.engine.grammar import ENGINE_CONCEPTS
from app.engine.homophones import ChineseSounds
from app.engine.homophones import by_locale
from app.engine.vocabulary import LocaleIndex
from app.engine.wordlists import WordLists


ARABIC = "ar"
FRENCH = "fr"


class Reader:
    """Reads messages for the matcher (immutable after construction, but for
    the Arabizi index, built once on first use)."""

    def __init__(
        self,
        indexes: Mapping[str, LocaleIndex],
        words: WordLists | None,
        names: list[str],
        sounds: ChineseSounds | None,
        arabic: Mapping[str, Sequence[str]] | None = None,
        **reading,
    ):
        self._reading = reading  # keeps, subjects, persons: see evidence.gather
        # Arabizi read with the Arabic-script words (app/engine/arabizi.py):
        # built on the first such message, so start-up does not pay for it.
        self._arabic = arabic
        self._skeletons: LocaleIndex | None = None
        self._lock = threading.Lock()
        self._inside = (
            WordsInside(ENGLISH, indexes.get(ENGLISH), words, names),
            WordsInside(SPANISH, indexes.get(SPANISH), words, names, hosts=frozenset({ENGLISH})),
            # Maghrebi Arabic mixes French ("lazem ndir les impôts", "mon mari a été expulsé w ana ...").
            WordsInside(FRENCH, indexes.get(FRENCH), words, names, hosts=frozenset({ARABIC})),
        )
        self._homophones = by_locale(
            {loc: [t for t, c in index.unspaced if c not in ENGINE_CONCEPTS] for loc, index in indexes.items()},
            sounds or ChineseSounds(),
        )

    def read(self, text: str, index: LocaleIndex, locale: str) -> Evidence:
        reading = self._reading
        own = gather(text, index, **reading)
        for inside in self._inside:
            own = inside.add(own, text, locale, index, **reading)
        if locale == ARABIC and self._arabic and is_arabizi(text):
            own = stronger(own, self._again(skeleton_text(text), self._skeleton_index(), own))
        sounds = self._homophones.get(locale)
        corrected = sounds.correct(text) if sounds else None
        if corrected is None:
            return own
        return stronger(own, self._again(corrected, index, own))

    def _again(self, text: str, index: LocaleIndex, own: Evidence) -> Evidence:
        """A second reading of the message, spelled otherwise, at the weight
        of a typo fix: what it finds adds to ``own``; ``own``'s denials stay."""
        return gather(
            text, index, FUZZY_WEIGHT, denied=own.denied, weights=own.weights, says=own.says,
            **self._reading,
        )

    def _skeleton_index(self) -> LocaleIndex:
        with self._lock:
            if self._skeletons is None:
                self._skeletons = skeleton_index(self._arabic or {})
            return self._skeletons
