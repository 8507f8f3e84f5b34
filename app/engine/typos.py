"""Typo forgiveness: how many edits a word forgives, and its deletion variants.

A lexicon word is filed under every string it becomes with up to its
number of letters deleted; a message's token looks itself up with one
deletion. Together these find a missing, extra, wrong or swapped letter
(and two missing letters in long words) in a few dictionary lookups, as
symmetric-delete spelling correction does.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections import defaultdict
from typing import Any
from typing import Callable
from typing import Iterable
from typing import Mapping

from rapidfuzz.distance import OSA

FUZZY_MIN_LEN = 5  # words shorter than this match only exactly
FUZZY_TWO_EDITS_LEN = 9  # from this length on, two edits are forgiven
SHORT_NAME_EDITS = 1  # a "~name" trigger ("~itin") forgives one typo at any length ...
SHORT_NAME_MIN = 3  # ... in a word of at least this many letters ("itn")

__all__ = ["FUZZY_MIN_LEN", "FUZZY_TWO_EDITS_LEN", "Memo", "Typos", "deletions", "max_edits", "untelex"]

# Where a built table may be kept between start-ups: called as
# ``memo(family, key, build)``, it returns ``build()`` or what an earlier
# call with the same family and key returned (app.content.cached does it
# in the instance folder). The engine itself never reads or writes files.
Memo = Callable[[str, str, Callable[[], Any]], Any]
TABLE_FORMAT = 1  # in the key: bump when the table changes (the app's memo also keys by the code)

# Vietnamese typed with Telex on a keyboard that did not convert it: "luaatj"
# is "luật", "ddeer" "để", "mieenx" "miễn". The tone keys (s f r x j) end a
# syllable, or sit before its final consonants; doubled vowels and "w" make
# the vowel marks, "dd" the "đ". No Vietnamese syllable ends in those keys.
_TELEX_TONE_END = re.compile(r"(?<=[a-z])[sfrxj]$")
_TELEX_TONE_INSIDE = re.compile(r"(?<=[aeiouy])[sfrxj](?=(?:c|ch|m|n|ng|nh|p|t)$)")
_TELEX_MARKS = (
    ("dd", "d"), ("aa", "a"), ("aw", "a"), ("ee", "e"), ("oo", "o"), ("ow", "o"), ("uw", "u"),
    ("w", "u"),  # "sw" is "sư"
)


def untelex(token: str) -> str:
    """``token`` with Telex keystrokes turned back into plain letters."""
    plain = _TELEX_TONE_INSIDE.sub("", _TELEX_TONE_END.sub("", token))
    for keys, letter in _TELEX_MARKS:
        plain = plain.replace(keys, letter)
    return plain


def max_edits(word: str) -> int:
    if len(word) >= FUZZY_TWO_EDITS_LEN:
        return 2
    if len(word) >= FUZZY_MIN_LEN:
        return 1
    return 0


def deletions(word: str, depth: int) -> frozenset[str]:
    """``word`` and every string it becomes with 1 to ``depth`` letters deleted."""
    out = {word}
    frontier = {word}
    for _ in range(depth):
        nxt = set()
        for w in frontier:
            for i in range(len(w)):
                nxt.add(w[:i] + w[i + 1 :])
        out |= nxt
        frontier = nxt
    return frozenset(out)


# Lexicon words only (never a message's words): the common vocabulary is in
# every locale's index, and its deletion sets are made once.
_lexicon_deletions = functools.lru_cache(maxsize=None)(deletions)


class Typos:
    """Which lexicon words a message's token stands for, typos forgiven.

    ``no_fuzzy`` words match only exactly ("=judge"), ``short_names`` forgive
    one typo however short ("~itin"); a token that ``is_word`` (a real word of
    the language) is never corrected. ``aliases`` are the language's texting
    shorthand ("k" for "que", "vc" for "você", "tlga" for "talaga"): a token
    that is one stands for its word as if written out, not as a typo."""

    def __init__(
        self,
        lexicon: Iterable[str],
        no_fuzzy: Iterable[str] = (),
        short_names: Iterable[str] = (),
        enabled: bool = True,
        is_word: Callable[[str], bool] | None = None,
        telex: bool = False,
        aliases: Mapping[str, str] | None = None,
        memo: Memo | None = None,
        family: str = "typos",
    ):
        self._lexicon = frozenset(lexicon)
        self._aliases = dict(aliases or {})
        self._telex = telex  # Vietnamese: keystrokes left in ("luaatj")
        self._short_names = frozenset(short_names)
        self._shortest = SHORT_NAME_MIN if self._short_names else FUZZY_MIN_LEN - 1
        self._is_word = is_word
        strict = frozenset(no_fuzzy)
        # The deletion table is most of a locale's start-up (tens of
        # thousands of variants), and it depends only on these words.
        build = functools.partial(self._deletion_table, strict)
        if not enabled:
            self._deletes: dict[str, tuple[str, ...]] = {}
        elif memo is None:
            self._deletes = build()
        else:
            self._deletes = memo(family, self._table_key(strict), build)

    def _table_key(self, strict: frozenset[str]) -> str:
        rules = (TABLE_FORMAT, FUZZY_MIN_LEN, FUZZY_TWO_EDITS_LEN, SHORT_NAME_EDITS)
        parts = [repr(rules), *sorted(self._lexicon), "", *sorted(strict), "", *sorted(self._short_names)]
        return hashlib.blake2b("\n".join(parts).encode(), digest_size=12).hexdigest()

    def _deletion_table(self, strict: frozenset[str]) -> dict[str, tuple[str, ...]]:
        """Every deletion variant of the lexicon's words, and the words it comes from."""
        deletes: dict[str, list[str]] = defaultdict(list)
        for word in sorted(self._lexicon):
            edits = 0 if word in strict or word.isdigit() else self.edits(word)
            if edits:
                for variant in _lexicon_deletions(word, edits):
                    deletes[variant].append(word)
        return {k: tuple(v) for k, v in deletes.items()}

    def edits(self, word: str) -> int:
        return SHORT_NAME_EDITS if word in self._short_names else max_edits(word)

    def corrections(self, token: str) -> tuple[frozenset[str], bool]:
        """Lexicon words ``token`` stands for, and whether that took a typo fix."""
        alias = self._aliases.get(token)
        if alias is not None:  # the word it abbreviates, and itself if a trigger uses it
            return frozenset((alias, token) if token in self._lexicon else (alias,)), False
        if token in self._lexicon:
            return frozenset((token,)), False
        short = len(token) < self._shortest
        if token.isdigit() or (short and not self._telex):
            return frozenset(), False
        if self._is_word is not None and self._is_word(token):
            return frozenset(), False  # a real word of the language is not a typo
        if self._telex:  # "sw" is short, and still "sư"
            plain = untelex(token)
            if plain != token and plain in self._lexicon:
                return frozenset((plain,)), True
            if short:
                return frozenset(), False
        candidates: set[str] = set()
        # Lexicon words are indexed with up to two deletions; the token side
        # takes one. Together they cover a missing, extra, wrong or swapped
        # letter, and two missing letters in long words, at O(len) lookups.
        for variant in deletions(token, 1):
            found = self._deletes.get(variant)
            if found:
                candidates.update(found)
        good = {
            word for word in candidates
            if OSA.distance(token, word, score_cutoff=self.edits(word)) <= self.edits(word)
        }
        return frozenset(good), bool(good)
