"""How common each word is in each language: real words, how much a word
tells, and which language a short message is written in.

The frequencies come from word lists loaded at start-up (wordfreq's lists for
the languages written with spaces, our own list for Haitian Creole; see
``app/content/wordlists.py``). Only words common enough to be sure they are
real words are kept, normalized like messages, on the Zipf scale (log10 of
occurrences per billion words, kept ×10 as an integer: "right" is 60 in
English, "detained" 38).

Three uses, all pure lookups:

- :meth:`WordLists.is_word`: typo forgiveness never rewrites a real word
  ("Texas" stays Texas, "looked" stays looked);
- :meth:`WordLists.specificity`: a very common word ("right", "door") is weak
  evidence of a topic, a rare one ("ITIN", "warrant") strong;
- :meth:`WordLists.guess_language`: which language a short message is in,
  from the words it uses ("buenas", "oi tudo bem", "hello po").
"""

from __future__ import annotations

import bisect
import itertools
import math
from dataclasses import dataclass
from dataclasses import field
from types import MappingProxyType
from typing import Iterable
from typing import Mapping
from typing import Sequence

# A word this common (Zipf >= 3.5: about 3 per million words) is a real word.
REAL_WORD_ZIPF10 = 35
# Language guessing: a word missing from a language's list counts as this rare.
UNKNOWN_ZIPF = 1.5
# The best language must beat the second by this much (Zipf units summed over
# the message) before a guess is made.
GUESS_MARGIN = 1.5
# Words whose row of frequencies (one per language) is kept: a bounded memo.
ROW_MEMO_SIZE = 20_000


@dataclass(frozen=True)
class WordLists:
    """Per locale: normalized word -> round(Zipf × 10), for real words only."""

    zipf10: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    source: str = ""
    key: str = ""  # changes when the lists do (tables built from them are kept under it)

    def __post_init__(self) -> None:
        plain = {loc: dict(t) for loc, t in self.zipf10.items()}
        # Read-only views for callers; the lookups below, made for every word
        # of every message, read the dicts themselves (a view costs a hop).
        object.__setattr__(self, "_plain", plain)
        object.__setattr__(self, "zipf10", MappingProxyType({loc: MappingProxyType(t) for loc, t in plain.items()}))

    @property
    def locales(self) -> frozenset[str]:
        return frozenset(self.zipf10)

    def zipf(self, locale: str, word: str) -> float | None:
        """Zipf frequency of a normalized word, or None when it is not listed."""
        table = self.zipf10.get(locale)
        if table is None:
            return None
        found = table.get(word)
        return None if found is None else found / 10

    def max_zipf_with_prefix(self, locale: str, stem: str) -> float | None:
        """Zipf of the commonest listed word that starts with ``stem``."""
        table = self.zipf10.get(locale)
        if table is None:
            return None
        ordered = self._sorted(locale)
        start = bisect.bisect_left(ordered, stem)
        best = 0
        for word in itertools.islice(ordered, start, None):
            if not word.startswith(stem):
                break
            best = max(best, table[word])
        return best / 10

    def _sorted(self, locale: str) -> list[str]:
        cache = self.__dict__.setdefault("_sorted_words", {})
        if locale not in cache:
            cache[locale] = sorted(self.zipf10[locale])
        return cache[locale]

    def is_word(self, locale: str, word: str) -> bool:
        table = self._plain.get(locale)
        return table is not None and table.get(word, 0) >= REAL_WORD_ZIPF10

    def specificity(self, locale: str, word: str) -> float | None:
        """How much one occurrence of ``word`` tells (0.3 to 1.0), or None
        when the locale has no list. Common words tell little."""
        table = self.zipf10.get(locale)
        if table is None:
            return None
        zipf = table.get(word, 0) / 10
        return specificity_of(zipf)

    def guess_language(self, tokens: Iterable[str], candidates: Iterable[str]) -> str | None:
        """The candidate locale whose word list explains the tokens best, when
        it does so clearly; None otherwise (or when no token is a known word)."""
        words = [t for t in tokens if not t.isdigit()]
        return clear_leader(self.rank_languages(words, candidates), len(words))

    def forget(self) -> None:
        """Empty the memo of word rows (benchmarks measure words never seen with it)."""
        self.__dict__.get("_rows", {}).clear()

    def rank_languages(self, words: Sequence[str], candidates: Iterable[str]) -> list[tuple[str, float]]:
        """The candidate locales by how well their word lists explain
        ``words`` (tokens, numbers left out), best first; empty when none of
        them is a known word."""
        if not words:
            return []
        locales = tuple(loc for loc in candidates if loc in self._plain)
        if not locales:
            return []
        # Each word's Zipf x 10 in every candidate list at once (0: not
        # listed), kept for the words met (every message asks this of all its words).
        memo = self.__dict__.setdefault("_rows", {}).setdefault(locales, {})
        tables = [self._plain[loc] for loc in locales]
        rows = []
        for word in words:
            row = memo.get(word)
            if row is None:
                row = tuple(table.get(word, 0) for table in tables)
                if any(row):  # a word of some list; never a name or a rare word someone wrote
                    if len(memo) >= ROW_MEMO_SIZE:
                        memo.clear()
                    memo[word] = row
            rows.append(row)
        if not any(map(any, rows)):
            return []
        # Per language: the listed words' Zipf, and UNKNOWN_ZIPF for each word not listed.
        scores = {
            loc: sum(column) / 10 + column.count(0) * UNKNOWN_ZIPF
            for loc, column in zip(locales, zip(*rows, strict=True), strict=True)
        }
        return sorted(scores.items(), key=lambda kv: kv[1], reverse=True)


def clear_leader(ranked: list[tuple[str, float]], words: int) -> str | None:
    """The first of ``ranked`` (see ``rank_languages``) when it leads the
    second by GUESS_MARGIN (less for messages under four words), else None."""
    if len(ranked) < 2:
        return None
    (best, top), (_second, runner_up) = ranked[0], ranked[1]
    margin = GUESS_MARGIN * min(1.0, math.sqrt(words) / 2)
    return best if top - runner_up >= margin else None


def specificity_of(zipf: float) -> float:
    """Evidence weight of a word by its Zipf frequency: 1.0 up to Zipf 4.5
    (about 30 per million words: "immigration", "lawyer", "warrant"), falling
    to 0.4 at 6.5 ("right" 6.0 -> 0.55, "help" 5.8 -> 0.61)."""
    return max(0.4, min(1.0, 1.0 - 0.3 * (zipf - 4.5)))
