"""Korean verb endings fused into the last syllable of a stem.

A Korean stem that ends in an open syllable takes some endings as the final
consonant of that very syllable: 넘어가 ("pass over") is 넘어간 (that passed),
넘어갈 (that will pass), 넘어갑니다, and 넘어갔 (passed). Substring matching
finds 넘어가 in 넘어가요 but not in 넘어갈, so every such trigger would need
each form spelled out. :func:`fused_forms` adds them: the trigger's last
syllable with the final ㄴ, ㄹ, ㅂ or ㅆ. Only triggers of three syllables or
more: Korean triggers are found in the text with its spaces taken out, where
a short form meets the joins between words too often ("그리고 솔직히" holds
고솔, which is 고소 "lawsuit" with a final ㄹ; measured on the kept sets).

ㅐ and ㅔ (and ㅒ and ㅖ) sound the same in today's Korean, so writers swap
them ("새무사" for 세무사, tax accountant). :func:`vowel_swaps` adds each
trigger of three syllables or more with one such vowel swapped; shorter ones
stay exact, since 내 (my) and 네 (yes) are different words.
"""

from __future__ import annotations

from typing import Iterable
from typing import TypeVar

V = TypeVar("V")

_FIRST = 0xAC00  # 가
_LAST = 0xD7A3  # 힣
_FINALS = 28  # final-consonant slots per syllable (0: none)
FUSED_FINALS = (4, 8, 17, 20)  # ㄴ, ㄹ, ㅂ, ㅆ
_MEDIALS = 21  # vowel slots per initial consonant
SAME_SOUND = {1: 5, 5: 1, 3: 7, 7: 3}  # ㅐ <-> ㅔ, ㅒ <-> ㅖ (vowel indexes)

__all__ = ["fused_forms", "vowel_swaps"]


def _forms(needle: str) -> list[str]:
    if len(needle) < 3:
        return []
    code = ord(needle[-1])
    if not (_FIRST <= code <= _LAST) or (code - _FIRST) % _FINALS:
        return []  # not Hangul, or the syllable already has a final consonant
    return [needle[:-1] + chr(code + final) for final in FUSED_FINALS]


def _swaps(needle: str) -> list[str]:
    if sum(_FIRST <= ord(ch) <= _LAST for ch in needle) < 3:
        return []  # fewer than three syllables (spaces and Latin letters do not count)
    out = []
    for i, ch in enumerate(needle):
        code = ord(ch) - _FIRST
        if not 0 <= code <= _LAST - _FIRST:
            continue
        vowel = code // _FINALS % _MEDIALS
        if vowel in SAME_SOUND:
            swapped = code + (SAME_SOUND[vowel] - vowel) * _FINALS
            out.append(needle[:i] + chr(_FIRST + swapped) + needle[i + 1 :])
    return out


def _added(needles: Iterable[tuple[str, V]], forms) -> list[tuple[str, V]]:
    pairs = list(needles)
    taken = {needle for needle, _value in pairs}
    out = []
    for needle, value in pairs:
        for form in forms(needle):
            if form not in taken:
                taken.add(form)
                out.append((form, value))
    return out


def fused_forms(needles: Iterable[tuple[str, V]]) -> list[tuple[str, V]]:
    """The fused forms of ``needles`` (``(needle, value)`` pairs, ``value``
    kept), leaving out any that is already a needle of its own."""
    return _added(needles, _forms)


def vowel_swaps(needles: Iterable[tuple[str, V]]) -> list[tuple[str, V]]:
    """``needles`` with one ㅐ/ㅔ (or ㅒ/ㅖ) swapped, as :func:`fused_forms`."""
    return _added(needles, _swaps)
