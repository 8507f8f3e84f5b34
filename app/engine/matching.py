"""Recognizing what a message is about: vocabulary index and rule ranking.

Start-up compiles each locale's vocabulary (content/vocab/*.yaml) into plain
dictionaries, so that a message costs a handful of lookups:

- exact keywords and phrase words: one dict lookup per token;
- typos: a deletion index (SymSpell-style) narrows the candidates to a few
  words, then rapidfuzz's optimal-string-alignment distance confirms them;
- ``stem*`` prefixes: one lookup per prefix length of each token;
- substrings for unspaced scripts, ``*infix*`` words and ``re:`` patterns are
  the only scans, and content keeps them short.

Rules (content/rules.yaml) then fire when all their concepts were found; the
winner is chosen by the documented order in :func:`rank_key`.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections import OrderedDict
from collections import defaultdict
from dataclasses import dataclass
from types import MappingProxyType
from typing import Iterable
from typing import Mapping
from typing import Sequence

from rapidfuzz.distance import OSA

from app.engine.normalize import compact
from app.engine.normalize import is_unspaced
from app.engine.normalize import normalize
from app.engine.normalize import tokenize

SMALL_TALK = frozenset({"greeting", "thanks", "goodbye"})
RECENT = 4096  # matching results remembered (by hash of the text)
FUZZY_MIN_LEN = 5  # words shorter than this match only exactly
FUZZY_TWO_EDITS_LEN = 9  # from this length on, two edits are forgiven
STEM_TYPO_LEN = 6  # "stem*" triggers this long also forgive typos in the stem


def max_edits(word: str) -> int:
    if len(word) >= FUZZY_TWO_EDITS_LEN:
        return 2
    if len(word) >= FUZZY_MIN_LEN:
        return 1
    return 0


def _deletes(word: str, depth: int) -> set[str]:
    out = {word}
    frontier = {word}
    for _ in range(depth):
        nxt = set()
        for w in frontier:
            for i in range(len(w)):
                nxt.add(w[:i] + w[i + 1 :])
        out |= nxt
        frontier = nxt
    return out


class SubstringIndex:
    """Finds which of many short strings occur in a text, in about one dict
    lookup per character of the text (needles are bucketed by their first two
    characters), instead of testing every needle."""

    def __init__(self, needles: Iterable[tuple[str, str]]):
        by_pair: dict[str, list[tuple[str, str]]] = defaultdict(list)
        by_char: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for needle, concept in needles:
            if len(needle) >= 2:
                by_pair[needle[:2]].append((needle, concept))
            elif needle:
                by_char[needle].append((needle, concept))
        self._pairs = MappingProxyType({k: tuple(v) for k, v in by_pair.items()})
        self._chars = MappingProxyType({k: tuple(v) for k, v in by_char.items()})

    def __bool__(self) -> bool:
        return bool(self._pairs or self._chars)

    def find(self, text: str) -> Iterable[tuple[str, str]]:
        pairs, chars = self._pairs, self._chars
        for i in range(len(text)):
            for needle, concept in chars.get(text[i], ()):
                yield needle, concept
            for needle, concept in pairs.get(text[i : i + 2], ()):
                if text.startswith(needle, i):
                    yield needle, concept


@dataclass(frozen=True)
class Hit:
    """One concept found in a message."""

    concept: str
    fuzzy: bool
    chars: int


@dataclass(frozen=True)
class _Phrase:
    words: tuple[str, ...]  # each exact word or "stem*"
    concept: str


class LocaleIndex:
    """The compiled vocabulary of one locale (immutable after construction)."""

    def __init__(
        self,
        concepts: Mapping[str, Sequence[str]],
        typos: bool = True,
        min_word: int = 0,
        short_ok: frozenset[str] = frozenset(),
    ):
        exact: dict[str, set[str]] = defaultdict(set)
        no_fuzzy: set[str] = set()
        prefixes: dict[str, set[str]] = defaultdict(set)
        infixes: list[tuple[str, str]] = []
        substrings: list[tuple[str, str]] = []
        patterns: list[tuple[re.Pattern[str], str]] = []
        phrases: list[_Phrase] = []
        lexicon: set[str] = set()  # words eligible for typo correction

        for concept, triggers in concepts.items():
            for raw in triggers:
                if raw.startswith("re:"):
                    patterns.append((re.compile(raw[3:]), concept))
                    continue
                strict = raw.startswith("=")
                body = raw[1:] if strict else raw
                if is_unspaced(body):
                    substrings.append((compact(normalize(body)), concept))
                    continue
                words = [piece for w in body.split() for piece in self._norm_word(w)]
                if len(words) == 1:
                    word = words[0]
                    if word.startswith("*") and word.endswith("*"):
                        infixes.append((word.strip("*"), concept))
                    elif word.endswith("*"):
                        prefixes[word[:-1]].add(concept)
                        if len(word) - 1 >= STEM_TYPO_LEN and not strict:
                            # "lawyer*" also forgives "lawer": the stem is a word too.
                            self._add_exact(word[:-1], concept, exact, lexicon, no_fuzzy, False)
                    elif len(word) >= min_word or concept in short_ok:
                        self._add_exact(word, concept, exact, lexicon, no_fuzzy, strict)
                else:
                    phrases.append(_Phrase(tuple(words), concept))
                    for w in words:
                        if not w.endswith("*"):
                            lexicon.add(w)
                            if strict:
                                no_fuzzy.add(w)

        deletes: dict[str, set[str]] = defaultdict(set)
        for word in lexicon if typos else ():
            edits = 0 if word in no_fuzzy or word.isdigit() else max_edits(word)
            if edits:
                for variant in _deletes(word, edits):
                    deletes[variant].add(word)

        by_first: dict[str, list[_Phrase]] = defaultdict(list)
        by_first_stem: dict[str, list[_Phrase]] = defaultdict(list)
        for phrase in phrases:
            first = phrase.words[0]
            if first.endswith("*"):
                by_first_stem[first[:-1]].append(phrase)
            else:
                by_first[first].append(phrase)

        self._exact = MappingProxyType({k: frozenset(v) for k, v in exact.items()})
        self._lexicon = frozenset(lexicon)
        self._deletes = MappingProxyType({k: frozenset(v) for k, v in deletes.items()})
        self._prefixes = MappingProxyType({k: frozenset(v) for k, v in prefixes.items()})
        self._prefix_lengths = tuple(sorted({len(p) for p in prefixes}))
        # "*part*" words: a part without spaces found in the spaced text lies
        # inside one word, so both kinds are plain substring searches.
        self._infixes = SubstringIndex(infixes)
        self._substrings = SubstringIndex(substrings)
        self._patterns = tuple(patterns)
        self._by_first = MappingProxyType({k: tuple(v) for k, v in by_first.items()})
        self._by_first_stem = MappingProxyType(
            {k: tuple(v) for k, v in by_first_stem.items()}
        )
        self._stem_lengths = tuple(sorted({len(p) for p in by_first_stem}))
        self.concepts = frozenset(concepts)

    @staticmethod
    def _norm_word(word: str) -> list[str]:
        """Normalize one trigger word, keeping its wildcards.

        Punctuation inside a word splits it ("w-7" -> "w", "7"), exactly as
        it splits the messages the trigger is compared with.
        """
        pieces = normalize(word.strip("*")).split()
        if not pieces:
            return []
        if word.startswith("*"):
            pieces[0] = "*" + pieces[0]
        if word.endswith("*"):
            pieces[-1] = pieces[-1] + "*"
        return pieces

    @staticmethod
    def _add_exact(word, concept, exact, lexicon, no_fuzzy, strict) -> None:
        exact[word].add(concept)
        lexicon.add(word)
        if strict:
            no_fuzzy.add(word)

    def corrections(self, token: str) -> tuple[frozenset[str], bool]:
        """Lexicon words ``token`` stands for, and whether that took a typo fix."""
        if token in self._lexicon:
            return frozenset((token,)), False
        if len(token) < FUZZY_MIN_LEN - 1 or token.isdigit():
            return frozenset(), False
        candidates: set[str] = set()
        # Lexicon words are indexed with up to two deletions; the token side
        # takes one. Together they cover a missing, extra, wrong or swapped
        # letter, and two missing letters in long words, at O(len) lookups.
        for variant in _deletes(token, 1):
            found = self._deletes.get(variant)
            if found:
                candidates |= found
        good = {
            word
            for word in candidates
            if OSA.distance(token, word, score_cutoff=max_edits(word)) <= max_edits(word)
        }
        return frozenset(good), bool(good)

    def find(self, text: str) -> dict[str, Hit]:
        """Concepts present in already-normalized ``text``."""
        hits: dict[str, Hit] = {}

        def add(concept: str, fuzzy: bool, chars: int) -> None:
            old = hits.get(concept)
            if old is None or (old.fuzzy and not fuzzy) or (
                old.fuzzy == fuzzy and chars > old.chars
            ):
                hits[concept] = Hit(concept, fuzzy, chars)

        tokens = tokenize(text)
        fixed: list[tuple[frozenset[str], bool]] = []
        for token in tokens:
            words, fuzzy = self.corrections(token)
            fixed.append((words, fuzzy))
            for word in words:
                for concept in self._exact.get(word, ()):
                    add(concept, fuzzy, len(token))
            for length in self._prefix_lengths:
                if length > len(token):
                    break
                for concept in self._prefixes.get(token[:length], ()):
                    add(concept, False, len(token))

        for i, token in enumerate(tokens):
            candidates: list[_Phrase] = []
            for word in fixed[i][0] or (token,):
                candidates.extend(self._by_first.get(word, ()))
            for length in self._stem_lengths:
                if length > len(token):
                    break
                candidates.extend(self._by_first_stem.get(token[:length], ()))
            for phrase in candidates:
                n = len(phrase.words)
                if i + n > len(tokens):
                    continue
                fuzzy = False
                for j, want in enumerate(phrase.words):
                    tok = tokens[i + j]
                    if want.endswith("*"):
                        if not tok.startswith(want[:-1]):
                            break
                    elif tok == want:
                        continue
                    elif want in fixed[i + j][0]:
                        fuzzy = True
                    else:
                        break
                else:
                    add(phrase.concept, fuzzy, sum(len(t) for t in tokens[i : i + n]) + n - 1)

        if self._infixes:
            for needle, concept in self._infixes.find(text):
                add(concept, False, len(needle))
        if self._substrings:
            for needle, concept in self._substrings.find(compact(text)):
                add(concept, False, len(needle))
        for pattern, concept in self._patterns:
            found = pattern.search(text)
            if found:
                add(concept, False, max(1, found.end() - found.start()))
        return hits


@dataclass(frozen=True)
class CompiledRule:
    topic: str
    priority: int
    when: frozenset[str]
    unless: frozenset[str]
    order: int


@dataclass(frozen=True)
class Match:
    topic: str
    rule: CompiledRule
    fuzzy_hits: int
    chars: int


def rank_key(match: Match) -> tuple[int, int, int, int, int]:
    """Sort key; the smallest key wins. The order is the documented tie-break:

    1. higher priority; 2. more concepts in the rule (more specific);
    3. fewer concepts matched only through typo tolerance;
    4. more characters of the message covered; 5. earlier in rules.yaml.
    """
    rule = match.rule
    return (-rule.priority, -len(rule.when), match.fuzzy_hits, -match.chars, rule.order)


class Matcher:
    """All locales' indexes plus the rules; answers ``best(text, locales)``."""

    def __init__(self, vocab: Mapping[str, Mapping[str, Sequence[str]]], rules: Iterable):
        self.indexes = MappingProxyType(
            {locale: LocaleIndex(concepts) for locale, concepts in vocab.items()}
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
        # Vietnamese, "ong" an NGO in Portuguese).
        self.any_language = LocaleIndex(
            {k: list(dict.fromkeys(v)) for k, v in union.items()},
            typos=False,
            min_word=4,
            short_ok=SMALL_TALK,
        )
        self.rules = tuple(
            CompiledRule(r.topic, r.priority, frozenset(r.when), frozenset(r.unless), i)
            for i, r in enumerate(rules)
        )
        self._recent: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def index_for(self, locale: str) -> LocaleIndex:
        return self.indexes.get(locale) or self.indexes["common"]

    def concepts(self, normalized: str, locale: str) -> dict[str, Hit]:
        return self.index_for(locale).find(normalized)

    def matches(self, hits: Mapping[str, Hit]) -> list[Match]:
        found = []
        for rule in self.rules:
            if rule.when <= hits.keys() and not (rule.unless & hits.keys()):
                used = [hits[c] for c in rule.when]
                found.append(
                    Match(
                        rule.topic,
                        rule,
                        sum(1 for h in used if h.fuzzy),
                        sum(h.chars for h in used),
                    )
                )
        found.sort(key=rank_key)
        return found

    def best(
        self, normalized: str, locale: str, other_languages: bool = True
    ) -> tuple[Match | None, dict[str, Hit]]:
        """Best match in ``locale``'s words, then (if none) in all languages' words.

        Results are remembered for the most recent messages, keyed by a hash
        of the normalized text (the text itself is not kept): people ask the
        same few things, and the content never changes while running.
        """
        key = (locale, other_languages, hashlib.blake2b(normalized.encode(), digest_size=16).digest())
        with self._lock:
            found = self._recent.get(key)
            if found is not None:
                self._recent.move_to_end(key)
                return found
        found = self._best(normalized, locale, other_languages)
        with self._lock:
            self._recent[key] = found
            if len(self._recent) > RECENT:
                self._recent.popitem(last=False)
        return found

    def _best(
        self, normalized: str, locale: str, other_languages: bool
    ) -> tuple[Match | None, dict[str, Hit]]:
        hits = self.concepts(normalized, locale)
        found = self.matches(hits)
        if found or not other_languages:
            return (found[0] if found else None), hits
        # Other languages' words add to this language's, they do not replace them.
        more = {**self.any_language.find(normalized), **hits}
        found = self.matches(more)
        return (found[0] if found else None), (more if found else hits)
