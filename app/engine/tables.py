"""What a locale's vocabulary compiles to, as plain data.

:func:`compile_tables` reads every trigger of a locale once (normalizing
its words, sorting it by kind, reading what literal each ``re:`` pattern
must start with, weighing each word by its frequency) into :class:`Tables`:
dictionaries, lists and strings only. That is most of a locale's start-up,
and it depends only on the triggers, the word lists and this code, so the
caller may keep the result between start-ups (``memo``, keyed by
:func:`tables_key`; the app adds a fingerprint of the engine's code to the
key). :class:`app.engine.vocabulary.LocaleIndex` builds its lookup
structures from the tables.
"""

from __future__ import annotations

import functools
import hashlib
from collections import defaultdict
from dataclasses import dataclass
from typing import Callable
from typing import Mapping
from typing import Sequence

from app.engine.literals import compile_pattern
from app.engine.literals import required_literals
from app.engine.normalize import compact
from app.engine.normalize import fold_pattern
from app.engine.normalize import is_unspaced
from app.engine.normalize import normalize

STEM_TYPO_LEN = 6  # "stem*" triggers this long also forgive typos in the stem
TABLES_FORMAT = 1  # in the key: bump when the tables change (the app's memo also keys by the code)

Found = tuple[str, str]  # (concept, trigger as written)

__all__ = ["STEM_TYPO_LEN", "Tables", "compile_tables", "norm_word", "tables_key"]


@dataclass(frozen=True)
class Tables:
    """One locale's triggers, sorted by how they are looked up."""

    exact: dict[str, dict[str, str]]  # word -> concept -> trigger
    spec_exact: dict[str, float]  # word -> how much one mention tells
    prefixes: dict[str, dict[str, str]]  # "stem" of "stem*" -> concept -> trigger
    spec_prefix: dict[str, float]
    infixes: list[tuple[str, Found]]  # the part of "*part*"
    substrings: list[tuple[str, Found]]  # unspaced scripts, spaces taken out
    patterns: list[tuple[str, str, str]]  # (folded regex source, concept, trigger)
    needs: list[frozenset[str] | None]  # each pattern's literals, one of which is in every match
    phrases: list[tuple[tuple[str, ...], str, str]]  # (words or "stem*", concept, trigger)
    lexicon: frozenset[str]  # words eligible for typo correction
    no_fuzzy: frozenset[str]  # "=word": exact only
    short_names: frozenset[str]  # "~itin": one typo forgiven however short


@functools.lru_cache(maxsize=None)  # the same words recur in every locale's vocabulary
def norm_word(word: str) -> tuple[str, ...]:
    """Normalize one trigger word, keeping its wildcards.

    Punctuation inside a word splits it ("w-7" -> "w", "7"), exactly as
    it splits the messages the trigger is compared with.
    """
    pieces = normalize(word.strip("*")).split()
    if not pieces:
        return ()
    if word.startswith("*"):
        pieces[0] = "*" + pieces[0]
    if word.endswith("*"):
        pieces[-1] = pieces[-1] + "*"
    return tuple(pieces)


def tables_key(
    concepts: Mapping[str, Sequence[str]], min_word: int, short_ok: frozenset[str], words: str
) -> str:
    """A hash of everything :func:`compile_tables` reads but its own code:
    the triggers in order (the first concept to claim a word keeps it), the
    settings, and ``words``, the word lists' own key."""
    parts = (TABLES_FORMAT, STEM_TYPO_LEN, min_word, sorted(short_ok), words,
             [(concept, list(triggers)) for concept, triggers in concepts.items()])
    return hashlib.blake2b(repr(parts).encode(), digest_size=12).hexdigest()


def compile_tables(
    concepts: Mapping[str, Sequence[str]],
    min_word: int,
    short_ok: frozenset[str],
    word_specificity: Callable[[str], float],
    stem_specificity: Callable[[str], float],
) -> Tables:
    """Sort every trigger by kind. Words shorter than ``min_word`` are left
    out unless their concept is in ``short_ok``; the two callables weigh a
    word and a stem by how common they are."""
    exact: dict[str, dict[str, str]] = defaultdict(dict)
    prefixes: dict[str, dict[str, str]] = defaultdict(dict)
    infixes: list[tuple[str, Found]] = []
    substrings: list[tuple[str, Found]] = []
    patterns: list[tuple[str, str, str]] = []
    phrases: list[tuple[tuple[str, ...], str, str]] = []
    lexicon: set[str] = set()
    no_fuzzy: set[str] = set()
    short_names: set[str] = set()

    for concept, triggers in concepts.items():
        for raw in triggers:
            if raw.startswith("re:"):
                patterns.append((fold_pattern(raw[3:]), concept, raw))
                continue
            strict = raw.startswith("=")
            short_name = raw.startswith("~")  # "~itin": a name forgiven one typo however short
            body = raw[1:] if strict or short_name else raw
            if is_unspaced(body):
                substrings.append((compact(normalize(body)), (concept, raw)))
                continue
            words = [piece for w in body.split() for piece in norm_word(w)]
            if len(words) != 1:
                phrases.append((tuple(words), concept, raw))
                for w in words:
                    if not w.endswith("*"):
                        lexicon.add(w)
                        if strict:
                            no_fuzzy.add(w)
                continue
            word = words[0]
            if word.startswith("*") and word.endswith("*"):
                core = word.strip("*")
                infixes.append((core, (concept, raw)))
                if len(core) >= STEM_TYPO_LEN and not strict:
                    # "*preparer*" also forgives "prepaper": the core is a word too.
                    exact[core].setdefault(concept, raw)
                    lexicon.add(core)
            elif word.endswith("*"):
                prefixes[word[:-1]].setdefault(concept, raw)
                if len(word) - 1 >= STEM_TYPO_LEN and not strict:
                    # "lawyer*" also forgives "lawer": the stem is a word too.
                    exact[word[:-1]].setdefault(concept, raw)
                    lexicon.add(word[:-1])
            elif len(word) >= min_word or concept in short_ok:
                exact[word].setdefault(concept, raw)
                lexicon.add(word)
                if strict:
                    no_fuzzy.add(word)
                elif short_name:
                    short_names.add(word)

    return Tables(
        exact={k: dict(v) for k, v in exact.items()},
        spec_exact={k: word_specificity(k) for k in exact},
        prefixes={k: dict(v) for k, v in prefixes.items()},
        spec_prefix={k: stem_specificity(k) for k in prefixes},
        infixes=infixes,
        substrings=substrings,
        patterns=patterns,
        needs=[required_literals(compile_pattern(source)) for source, _c, _t in patterns],
        phrases=phrases,
        lexicon=frozenset(lexicon),
        no_fuzzy=frozenset(no_fuzzy),
        short_names=frozenset(short_names),
    )
