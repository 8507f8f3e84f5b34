"""A locale's vocabulary (content/vocab/<locale>.yaml) compiled for lookup:
which concepts a sentence mentions, where, and how much each mention tells.

Start-up sorts the triggers into plain tables (``app.engine.tables``, which a
``memo`` keeps between start-ups): a sentence costs a few lookups.

- exact keywords and phrase words: one dict lookup per token;
- typos: a deletion index (SymSpell-style; ``memo`` keeps it between start-ups)
  narrows the candidates, rapidfuzz's optimal-string-alignment distance confirms
  them; a real word of the language (``WordLists.is_word``; in Chinese and
  Korean, an English word typed among them) is never corrected: "Texas" is
  not "taxes", "looked" is not "locked", "report할" is not "deport";
- ``stem*`` prefixes: one lookup per prefix length of each token;
- substrings for unspaced scripts, ``*infix*`` words and ``re:`` patterns are
  the only scans, and content keeps them short.

Each hit carries its token span (for negation and explanations) and the
trigger's *specificity*, from the word lists' frequencies: a phrase tells much,
a very common word ("right", "door") little, a rare one ("ITIN", "warrant") much.
"""

from __future__ import annotations

import bisect
import functools
import itertools
from collections import defaultdict
from dataclasses import dataclass
from typing import Mapping
from typing import NamedTuple
from typing import Sequence

from app.engine.hangul import fused_forms
from app.engine.hangul import vowel_swaps
from app.engine.literals import PatternGate
from app.engine.literals import compile_pattern
from app.engine.literals import SubstringIndex
from app.engine.normalize import _TOKEN_RE
from app.engine.normalize import is_unspaced
from app.engine.tables import Tables
from app.engine.tables import compile_tables
from app.engine.tables import tables_key
from app.engine.typos import Memo
from app.engine.typos import Typos
from app.engine.wordlists import WordLists
from app.engine.wordlists import specificity_of

PHRASE_SPECIFICITY = 1.0
PLAIN_SPECIFICITY = 0.9  # small talk's words are common by nature
PATTERN_SPECIFICITY = 0.9
TELEX_LOCALE = "vi"  # its keyboards may leave Telex keystrokes in ("luaatj")
LATIN_GUEST = "en"  # the language of Latin words typed inside a script without a word list
# Words and word pairs whose lookups each index keeps (emptied when full):
# a few MB per locale at most, and real messages reuse most of their words.
# Only dictionary words are kept (the vocabulary's and the word list's): the
# memos hold what words mean, never a name or a rare word someone wrote.
MEMO_SIZE = 10_000


class Hit(NamedTuple):
    """One concept found in a sentence: tokens ``start`` to ``end`` (inclusive).

    A named tuple, not a frozen dataclass: a message makes a few dozen, and
    a tuple is built in a third of the time."""

    concept: str
    start: int
    end: int
    fuzzy: bool
    specificity: float
    trigger: str
    chars: int = 0
    at: int = 0  # character offsets in the normalized sentence
    stop: int = 0


_TokenInfo = tuple[tuple[frozenset[str], bool], tuple[tuple[str, bool, float, str], ...]]


@dataclass(frozen=True)
class _Phrase:
    words: tuple[str, ...]  # each exact word or "stem*"
    concept: str
    trigger: str


class Sentence(NamedTuple):
    """A normalized sentence cut into tokens, with each token's character span
    (and where each starts), and the tokens that begin a new clause (after a
    comma). A named tuple, as Hit: each message makes one per sentence."""

    text: str
    tokens: tuple[str, ...]
    spans: tuple[tuple[int, int], ...]
    clauses: tuple[int, ...] = ()
    starts: tuple[int, ...] = ()  # looked up for every substring and pattern found

    @classmethod
    def of(cls, normalized: str) -> Sentence:
        found = list(_TOKEN_RE.finditer(normalized))
        spans = tuple(m.span() for m in found)
        return cls(normalized, tuple(m.group(0) for m in found), spans, (), tuple(s for s, _e in spans))

    @classmethod
    def of_clauses(cls, clauses: Sequence[str]) -> Sentence:
        """A sentence from its already-normalized clauses."""
        parts = [c for c in clauses if c]
        plain = cls.of(" ".join(parts))
        if len(parts) < 2:
            return plain
        # No token crosses a joining space: a clause begins at the first token
        # at or after its first character.
        ends = itertools.accumulate(len(part) + 1 for part in parts[:-1])
        return plain._replace(clauses=tuple(bisect.bisect_left(plain.starts, e) for e in ends))

    def clause_offsets(self) -> list[int]:
        """Character offsets where the clauses after the first begin (after each comma)."""
        return [self.spans[c][0] for c in self.clauses if c < len(self.spans)]

    def token_at(self, offset: int) -> int:
        """Index of the token that covers (or follows) character ``offset``."""
        index = bisect.bisect_right(self.starts, offset) - 1
        return max(0, min(index, len(self.tokens) - 1))


class LocaleIndex:
    """The compiled vocabulary of one locale (immutable after construction)."""

    def __init__(
        self,
        concepts: Mapping[str, Sequence[str]],
        typos: bool = True,
        min_word: int = 0,
        short_ok: frozenset[str] = frozenset(),
        words: WordLists | None = None,
        locale: str | None = None,
        plain: frozenset[str] = frozenset(),
        shorthand: Mapping[str, str] | None = None,
        memo: Memo | None = None,
    ):
        self._words = words if words is not None and locale in words.locales else None
        self._locale = locale
        # Concepts whose words are common by nature ("thanks", "gracias"):
        # their frequency says nothing about how much they tell.
        self._plain = plain
        build = functools.partial(
            compile_tables, concepts, min_word, short_ok, self._word_specificity, self._stem_specificity
        )
        if memo is None:
            tables: Tables = build()
        else:  # most of start-up: kept between start-ups while nothing it reads changes
            key = tables_key(concepts, min_word, short_ok, self._words.key if self._words else "")
            tables = memo(f"vocab-{locale or 'all'}", key, build)
        is_word = functools.partial(self._words.is_word, locale) if self._words is not None else None
        if is_word is None and words is not None and LATIN_GUEST in words.locales:
            # Chinese and Korean have no list (their script tells their words),
            # but an English word typed inside them ("report할") is no typo.
            is_word = functools.partial(_latin_word, words)
        # The memos keep dictionary words only (see MEMO_SIZE), never a name someone wrote.
        lexicon, real = tables.lexicon, is_word or (lambda _word: False)
        self._keepable = lambda word: word in lexicon or real(word)
        self._typos = Typos(
            tables.lexicon, no_fuzzy=tables.no_fuzzy, short_names=tables.short_names, enabled=typos,
            is_word=is_word, telex=locale == TELEX_LOCALE, aliases=shorthand, memo=memo,
            family=f"typos-{locale}",
        )
        phrases = [_Phrase(*phrase) for phrase in tables.phrases]
        substrings, patterns = tables.substrings, tables.patterns

        # Phrases are found by their first two words (a word, or "stem*"): a
        # run of one word ("a a a ...") meets only phrases that start "a a".
        by_first: dict[tuple[str, str], list[_Phrase]] = defaultdict(list)
        by_first_stem: dict[tuple[str, str], list[_Phrase]] = defaultdict(list)
        second_stems: set[int] = set()
        for phrase in phrases:
            first, second = phrase.words[0], phrase.words[1]
            if second.endswith("*"):
                second_stems.add(len(second) - 1)
            if first.endswith("*"):
                by_first_stem[first[:-1], second].append(phrase)
            else:
                by_first[first, second].append(phrase)

        # Plain dicts (read-only by convention): looked up on every token.
        self._exact, self._spec_exact = tables.exact, tables.spec_exact
        self._prefixes, self._spec_prefix = tables.prefixes, tables.spec_prefix
        self._prefix_lengths = tuple(sorted({len(p) for p in self._prefixes}))
        # "*part*" words (a part without spaces lies inside one word) and unspaced scripts: substrings.
        self._infixes = SubstringIndex(tables.infixes)
        # Korean: 넘어가 is also 넘어갈 (fused endings), 세무사 also 새무사 (same-sounding vowels).
        self._substrings = SubstringIndex([*substrings, *fused_forms(substrings), *vowel_swaps(substrings)])
        # (trigger, concept) of the unspaced scripts, for homophone typos.
        self.unspaced = tuple((needle, concept) for needle, (concept, _raw) in substrings)
        self._patterns = tuple((compile_pattern(source), concept, raw) for source, concept, raw in patterns)
        # Most patterns cannot match without one of a few literal starts: the
        # gate skips them on texts that lack all of those (app.engine.literals).
        self._gate = PatternGate((p for p, _c, _t in self._patterns), needs=tables.needs, keep=self._keepable)
        self._by_first = {k: tuple(v) for k, v in by_first.items()}
        self._by_first_stem = {k: tuple(v) for k, v in by_first_stem.items()}
        self._stem_lengths = tuple(sorted({len(p) for p, _ in by_first_stem}))
        self._second_stem_lengths = tuple(sorted(second_stems))
        self._order = {id(phrase): n for n, phrase in enumerate(phrases)}
        self.concepts = frozenset(concepts)
        self._token_memo: dict[str, _TokenInfo] = {}
        self._pair_memo: dict[tuple[str, str], list[_Phrase]] = {}

    # -- specificity ------------------------------------------------------

    def _word_specificity(self, word: str) -> float:
        if self._words is not None:
            found = self._words.specificity(self._locale, word)
            if found is not None:
                return found
        # No frequency list for this locale: only the shortest words are suspect.
        return 0.6 if len(word) <= 2 else 1.0

    def _stem_specificity(self, stem: str) -> float:
        """A stem tells as little as the commonest word it begins."""
        if self._words is not None:
            top = self._words.max_zipf_with_prefix(self._locale, stem)
            if top is not None:
                return specificity_of(top)
        return self._word_specificity(stem)

    @staticmethod
    def _substring_specificity(needle: str) -> float:
        # One character of an unspaced script is a weak clue; two make a word.
        return 0.5 if len(needle) < 2 else 1.0

    # -- lookup -----------------------------------------------------------

    def has_keyword(self, word: str) -> bool:
        """Whether a normalized word is a one-word trigger of this index."""
        return word in self._exact

    def corrections(self, token: str) -> tuple[frozenset[str], bool]:
        """Lexicon words ``token`` stands for, and whether that took a typo fix."""
        return self._typos.corrections(token)

    def _phrases_at(self, token: str, after: str, seen: Mapping[str, _TokenInfo]) -> list[_Phrase]:
        """The phrases that may start at ``token`` when ``after`` follows it."""
        # What the next token can stand for: itself, its typo fixes, its stems.
        seconds = {after, *seen[after][0][0]}
        for length in self._second_stem_lengths:
            if length > len(after):
                break
            seconds.add(after[:length] + "*")
        order = self._order
        candidates: list[_Phrase] = []
        for word in seen[token][0][0] or (token,):
            group = [p for second in seconds for p in self._by_first.get((word, second), ())]
            candidates.extend(sorted(group, key=lambda p: order[id(p)]) if len(group) > 1 else group)
        for length in self._stem_lengths:
            if length > len(token):
                break
            stem = token[:length]
            group = [p for second in seconds for p in self._by_first_stem.get((stem, second), ())]
            candidates.extend(sorted(group, key=lambda p: order[id(p)]) if len(group) > 1 else group)
        return candidates

    def forget_words(self) -> None:
        """Empty the word, word-pair and gate memos (benchmarks measure words never seen with it)."""
        self._token_memo.clear()
        self._pair_memo.clear()
        self._gate.forget()

    def _token_info(self, token: str) -> _TokenInfo:
        """What one token is wherever it stands: the lexicon words it stands
        for (and whether that took a typo fix), and its one-word mentions
        (concept, fuzzy, weight, trigger)."""
        words, fuzzy = self.corrections(token)
        found = []
        for word in words:
            spec = self._spec_exact.get(word, 0.8)
            for concept, trigger in self._exact.get(word, {}).items():
                weight = max(spec, PLAIN_SPECIFICITY) if concept in self._plain else spec
                found.append((concept, fuzzy, weight, trigger))
        for length in self._prefix_lengths:
            if length > len(token):
                break
            stem = token[:length]
            for concept, trigger in self._prefixes.get(stem, {}).items():
                found.append((concept, False, self._spec_prefix[stem], trigger))
        info = ((words, fuzzy), tuple(found))
        if self._keepable(token):
            if len(self._token_memo) >= MEMO_SIZE:
                self._token_memo.clear()
            self._token_memo[token] = info
        return info

    def scan(self, sentence: Sentence) -> list[Hit]:
        """Every concept mention in one normalized sentence."""
        hits: list[Hit] = []
        tokens = sentence.tokens
        spans = sentence.spans
        fixed: list[tuple[frozenset[str], bool]] = []
        # A message repeats its words ("a a a ...", or any long story), and
        # messages repeat each other's: each distinct word is looked up once
        # (self._token_memo), each distinct pair of words meets its candidate
        # phrases once (self._pair_memo).
        memo = self._token_memo
        seen: dict[str, _TokenInfo] = {}  # this message's words, kept or not
        for i, token in enumerate(tokens):
            info = seen.get(token) or memo.get(token) or self._token_info(token)
            seen[token] = info
            words_fuzzy, found = info
            fixed.append(words_fuzzy)
            if found:
                chars, (at, stop) = len(token), spans[i]
                for concept, fuzzy, weight, trigger in found:
                    hits.append(Hit(concept, i, i, fuzzy, weight, trigger, chars, at, stop))

        # region[k]: how many clauses start at or before token k. A phrase from
        # i to j crosses a comma when region[i] != region[j]: O(1) a check,
        # where scanning every clause per candidate was quadratic ("a,a,a,...").
        region: list[int] = []
        starts = set(sentence.clauses)
        count = 0
        for k in range(len(tokens)):
            count += k in starts
            region.append(count)
        pairs = self._pair_memo  # what a pair of words may start depends on the pair alone
        if len(pairs) >= MEMO_SIZE:
            pairs.clear()
        local: dict[tuple[str, str], list[_Phrase]] = {}  # this message's pairs, kept or not
        for i, token in enumerate(tokens[:-1]):
            after = tokens[i + 1]
            key = (token, after)
            candidates = local.get(key, pairs.get(key))
            if candidates is None:
                candidates = local[key] = self._phrases_at(token, after, seen)
                if self._keepable(token) and self._keepable(after):
                    pairs[key] = candidates
            for phrase in candidates:
                n = len(phrase.words)
                if i + n > len(tokens) or region[i + n - 1] != region[i]:
                    continue  # past the end, or across a comma
                fuzzy = False
                for j, want in enumerate(phrase.words):
                    tok = tokens[i + j]
                    if want.endswith("*"):
                        if not tok.startswith(want[:-1]):
                            break
                    elif tok == want:
                        continue
                    elif want in fixed[i + j][0]:
                        fuzzy = fuzzy or fixed[i + j][1]  # a typo fix, not a shorthand
                    else:
                        break
                else:
                    chars = sum(len(t) for t in tokens[i : i + n]) + n - 1
                    hits.append(
                        Hit(phrase.concept, i, i + n - 1, fuzzy, PHRASE_SPECIFICITY, phrase.trigger,
                            chars, spans[i][0], spans[i + n - 1][1])
                    )

        if self._infixes:
            for offset, needle, (concept, trigger) in self._infixes.find(sentence.text):
                at = sentence.token_at(offset)
                spec = self._word_specificity(needle)
                hits.append(
                    Hit(concept, at, at, False, spec, trigger, len(needle), offset, offset + len(needle))
                )
        if self._substrings and is_unspaced(sentence.text):  # each needle holds an unspaced character
            squeezed, origin = _compact_with_offsets(sentence.text)
            # Spaces are ignored, commas are not: "住一起, 报税" holds no "一起报税".
            bounds = sentence.clause_offsets()
            for offset, needle, (concept, trigger) in self._substrings.find(squeezed):
                at, stop = origin[offset], origin[offset + len(needle) - 1] + 1
                if bounds and any(at < b < stop for b in bounds):
                    continue
                first = sentence.token_at(at)
                last = sentence.token_at(stop - 1)
                spec = self._substring_specificity(needle)
                hits.append(Hit(concept, first, last, False, spec, trigger, len(needle), at, stop))
        text = sentence.text
        for n in self._gate.worth_running(text) if self._patterns else ():
            pattern, concept, trigger = self._patterns[n]
            for found in pattern.finditer(text):
                # A space matched as a word boundary is not part of the mention:
                # it would make the hit longer than an equal phrase and cover it.
                words = found.group()
                at = found.start() + len(words) - len(words.lstrip())
                stop = at + len(words.strip())
                first, last = sentence.token_at(at), sentence.token_at(max(at, stop - 1))
                if region[first] != region[last]:
                    continue  # across a comma, as for phrases
                hits.append(Hit(concept, first, last, False, PATTERN_SPECIFICITY, trigger, max(1, stop - at), at, stop))
        return hits

    def find(self, text: str) -> dict[str, Hit]:
        """Concepts present in already-normalized ``text`` (one sentence),
        each with its strongest hit."""
        best: dict[str, Hit] = {}
        for hit in self.scan(Sentence.of(text)):
            old = best.get(hit.concept)
            if old is None or _stronger(hit, old):
                best[hit.concept] = hit
        return best


def _stronger(new: Hit, old: Hit) -> bool:
    if old.fuzzy != new.fuzzy:
        return old.fuzzy
    return (new.specificity, new.chars) > (old.specificity, old.chars)


def _latin_word(words: WordLists, token: str) -> bool:
    return token.isascii() and words.is_word(LATIN_GUEST, token)


def _compact_with_offsets(text: str) -> tuple[str, list[int]]:
    """``compact(text)`` and, for each of its characters, the offset in ``text``."""
    chars, origin = [], []
    for i, ch in enumerate(text):
        if ch != " ":
            chars.append(ch)
            origin.append(i)
    return "".join(chars), origin
