"""Typo forgiveness: how many edits a word forgives, and its deletion variants.

A lexicon word is filed under every string it becomes with up to its
number of letters deleted; a message's token looks itself up with one
deletion. Together these find a missing, extra, wrong or swapped letter
(and two missing letters in long words) in a few dictionary lookups, as
symmetric-delete spelling correction does.
"""

from __future__ import annotations

FUZZY_MIN_LEN = 5  # words shorter than this match only exactly
FUZZY_TWO_EDITS_LEN = 9  # from this length on, two edits are forgiven

__all__ = ["FUZZY_MIN_LEN", "FUZZY_TWO_EDITS_LEN", "deletions", "max_edits"]


def max_edits(word: str) -> int:
    if len(word) >= FUZZY_TWO_EDITS_LEN:
        return 2
    if len(word) >= FUZZY_MIN_LEN:
        return 1
    return 0


def deletions(word: str, depth: int) -> set[str]:
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
    return out
