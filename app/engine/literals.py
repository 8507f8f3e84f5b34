"""Literal strings in a text: many needles at once, and regex gates.

:class:`SubstringIndex` finds which of many short strings occur in a text
(the unspaced scripts' triggers). The rest of this module is about what
text a regular expression cannot match without.

The vocabularies hold a few hundred ``re:`` triggers. Most begin with
look-behind guards ("not after *mon*") and ``\\b``, which Python's ``re``
must try at every position of the text: 300 patterns over a 2,000-character
message cost about 17 ms, most of a long message's matching time, even when
none of them could match.

Yet nearly every such pattern must match a literal at its start ("kien",
"a la porte", one of "ka " / "kapab "). :func:`required_prefixes` reads that
set from the pattern's parse tree, so the caller can skip a pattern whose
prefixes are all absent from the text, at the price of a substring search
each. The answer is exact or ``None`` (always run the pattern): skipping
never changes what is found.

The parse tree comes from ``re._parser``, the standard library's own
parser; it is internal, so any surprise in its shape gives ``None``.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from typing import Callable
from typing import Iterable
from typing import Sequence

# Space-free chunks of text whose gate keys a PatternGate keeps (emptied when full).
CHUNK_MEMO_SIZE = 10_000


@functools.lru_cache(maxsize=None)
def compile_pattern(pattern: str) -> re.Pattern[str]:
    """``re.compile``, kept for good: a pattern is checked when the content is
    loaded and compiled again by every locale's index that holds it, and there
    are more of them than ``re`` keeps in its own cache."""
    return re.compile(pattern)

try:  # Python 3.11+
    from re import _parser as _sre_parse  # type: ignore[attr-defined]
    from re import _constants as _sre  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - older Pythons
    _sre_parse = None
    _sre = None

_REPEATS = tuple(
    getattr(_sre, name) for name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") if hasattr(_sre, name)
)
MAX_PREFIXES = 64  # beyond this many alternatives, the gate is not worth it

__all__ = ["PatternGate", "SubstringIndex", "required_literals", "required_prefixes"]


def required_prefixes(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Strings one of which begins every match of ``pattern``, or ``None``.

    ``None`` when the pattern can match without a literal start (it begins
    with a class, a ``*`` or a back-reference), ignores case, or cannot be
    read. An optional part counts both ways: ``[wf]?la`` needs "wla", "fla"
    or "la".
    """
    return _required(pattern.pattern, pattern.flags)


def required_literals(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Strings one of which lies inside every match of ``pattern``: what the
    gate needs. Its literal starts, or, when a match may open with a run of
    anything ("^\\s*(ok )?gracias", "\\w*gamit"), the literal starts of what
    follows that run: every match holds one of them, a little way in."""
    found = required_prefixes(pattern)
    if found is not None:
        return found
    return _required(pattern.pattern, pattern.flags, skip_runs=True)


@functools.lru_cache(maxsize=4096)  # the all-languages index repeats each locale's patterns
def _required(source: str, flags: int, skip_runs: bool = False) -> frozenset[str] | None:
    if _sre_parse is None or flags & (re.IGNORECASE | re.VERBOSE):
        return None
    try:
        items = list(_sre_parse.parse(source, flags))
        # Only at the very start: inside a match, a run between two literals
        # would break them apart ("ab\s*cd" holds no "abcd").
        while skip_runs and items and (
            items[0][0] in (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT)
            or (items[0][0] in _REPEATS and items[0][1][0] == 0)
        ):
            items.pop(0)
        found, _complete = _prefixes(items)
    except (re.error, RecursionError, TypeError, ValueError, AttributeError):
        return None
    if not found or "" in found:
        return None
    return frozenset(found)


class _TooMany(Exception):
    """Joining would pass MAX_PREFIXES: stop at the starts read so far."""


def _join(heads: set[str], tails: set[str]) -> set[str]:
    if len(heads) * len(tails) > MAX_PREFIXES:
        raise _TooMany
    return {h + t for h in heads for t in tails}


def _prefixes(items: list) -> tuple[set[str], bool]:
    """(literal starts of a sequence of nodes, whether it was literal to the end)."""
    out = {""}
    for item in items:
        try:
            out, more = _step(out, item)
        except _TooMany:
            return out, False  # what was read so far is still required
        if not more:
            return out, False
    return out, True


def _step(out: set[str], item: tuple) -> tuple[set[str], bool]:
    """The starts after one more node, and whether reading may go on."""
    c = _sre
    op, arg = item
    if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
        return out, True  # zero width: consumes nothing
    if op is c.LITERAL:
        out = {s + chr(arg) for s in out}
    elif op is c.IN:
        chars = set()
        for kind, value in arg:
            if kind is not c.LITERAL:
                return out, False  # a range or a category: stop here
            chars.add(chr(value))
        out = _join(out, chars)
    elif op is c.SUBPATTERN:
        if arg[1] & c.SRE_FLAG_IGNORECASE:
            return out, False  # a "(?i:...)" group: its letters may differ in case
        inner, complete = _prefixes(list(arg[-1]))
        out = _join(out, inner)
        if not complete:
            return out, False
    elif op is c.BRANCH:
        starts: set[str] = set()
        complete = True
        for alternative in arg[1]:
            inner, whole = _prefixes(list(alternative))
            starts |= inner
            complete = complete and whole
        out = _join(out, starts)
        if not complete:
            return out, False
    elif op in _REPEATS:
        low, high, body = arg
        inner, whole = _prefixes(list(body))
        if low == 0 and high == 1:
            # An optional part ("[wf]?"): each start with or without it.
            out = _join(out, inner | {""})
            if not whole:
                return out, False
            return out, True
        if low >= 1:
            out = _join(out, inner)
        return out, False
    else:
        return out, False
    return out, True


class PatternGate:
    """Which of many patterns could match a text, from their literal starts.

    Each literal of each pattern (:func:`required_literals`) is filed
    under its first (up to) three characters. For a text, the set of its
    character n-grams meets those keys in one set intersection; a start
    filed under a key found is then looked for whole, and a pattern is worth
    running when one of its starts is in the text. Patterns without literal
    starts always are.
    """

    KEY = 3  # characters of a start used as its key
    SUBKEY = 6  # characters of a start that group it under its key

    def __init__(
        self,
        patterns: Iterable[re.Pattern[str]],
        needs: Sequence[frozenset[str] | None] | None = None,
        keep: Callable[[str], bool] | None = None,
    ):
        """``needs``, when given, holds each pattern's :func:`required_literals`
        as read earlier (app.engine.tables keeps them between start-ups);
        ``keep`` says which chunks of text (words) may be remembered (default: none)."""
        self._keep = keep or (lambda _chunk: False)
        gated = 0
        by_key: dict[str, list[tuple[str, int]]] = {}
        always = []
        for n, pattern in enumerate(patterns):
            starts = required_literals(pattern) if needs is None else needs[n]
            if starts is None:
                always.append(n)
                continue
            gated += 1
            for start in sorted(starts):
                by_key.setdefault(start[: self.KEY], []).append((start, n))
        # Each start once, with every pattern it opens ("ال" opens dozens of
        # Arabic ones); a start no longer than its key is found by the key alone.
        # Under a key, the starts are grouped by their first SUBKEY characters
        # ("what c", "what d", ...): a group absent from the text is skipped
        # whole, where "wha" alone opens 80 English starts.
        self._by_key = {}
        for key, pairs in by_key.items():
            opened: dict[str, list[int]] = {}
            for start, n in pairs:
                opened.setdefault(start, []).append(n)
            groups: dict[str | None, list[tuple[str | None, tuple[int, ...]]]] = {}
            for start, ns in opened.items():
                whole = len(start) <= self.KEY
                groups.setdefault(None if whole else start[: self.SUBKEY], []).append(
                    (None if whole or len(start) <= self.SUBKEY else start, tuple(ns)))
            self._by_key[key] = tuple((sub, tuple(members)) for sub, members in groups.items())
        self._keys = frozenset(by_key)
        self._key_list = tuple(sorted(by_key))
        self._lengths = tuple(sorted({len(k) for k in by_key}))
        self._always = frozenset(always)
        self._gated = gated
        self._spaced_keys = tuple(key for key in self._key_list if " " in key)
        self._chunk_keys: dict[str, frozenset[str]] = {}

    def gated(self) -> int:
        """How many patterns have literal starts (for tests and benchmarks)."""
        return self._gated

    def forget(self) -> None:
        """Empty the chunk memo."""
        self._chunk_keys.clear()

    def worth_running(self, text: str) -> list[int]:
        """Indexes, in order, of the patterns that may match ``text``."""
        # A key without a space lies inside one space-free chunk of the
        # (normalized) text: the keys each chunk holds are found once and
        # kept (messages reuse their words); the few keys with a space are
        # looked for in the whole text.
        memo = self._chunk_keys
        present: set[str] = set()
        for chunk in text.split(" "):
            found = memo.get(chunk)
            if found is None:
                found = self._keys_in(chunk)
            present |= found
        present.update([key for key in self._spaced_keys if key in text])
        chosen = set(self._always)
        for key in present:
            for sub, members in self._by_key[key]:
                if sub is None or sub in text:
                    for start, ns in members:
                        if start is None or start in text:
                            chosen.update(ns)
        return sorted(chosen)

    def _keys_in(self, chunk: str) -> frozenset[str]:
        grams: set[str] = set()
        for size in self._lengths:
            # zip/map/join keep the n-gram loop in C.
            grams.update(map("".join, zip(*(chunk[i:] for i in range(size)), strict=False)))
        found = frozenset(grams & self._keys)
        if self._keep(chunk):
            if len(self._chunk_keys) >= CHUNK_MEMO_SIZE:
                self._chunk_keys.clear()
            self._chunk_keys[chunk] = found
        return found


class SubstringIndex:
    """Finds which of many short strings occur in a text, in about one dict
    lookup per character of the text (needles are bucketed by their first two
    characters), instead of testing every needle."""

    def __init__(self, needles: Iterable[tuple[str, object]]):
        by_pair: dict[str, list[tuple[str, object]]] = defaultdict(list)
        by_char: dict[str, list[tuple[str, object]]] = defaultdict(list)
        for needle, value in needles:
            if len(needle) >= 2:
                by_pair[needle[:2]].append((needle, value))
            elif needle:
                by_char[needle].append((needle, value))
        self._pairs = {k: tuple(v) for k, v in by_pair.items()}
        self._chars = {k: tuple(v) for k, v in by_char.items()}

    def __bool__(self) -> bool:
        return bool(self._pairs or self._chars)

    def find(self, text: str) -> Iterable[tuple[int, str, object]]:
        """(offset, needle, value) for every occurrence."""
        pairs, chars = self._pairs, self._chars
        for i in range(len(text)):
            for needle, value in chars.get(text[i], ()):
                yield i, needle, value
            for needle, value in pairs.get(text[i : i + 2], ()):
                if text.startswith(needle, i):
                    yield i, needle, value
