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
"""

from __future__ import annotations

from typing import Iterable
from typing import TypeVar

V = TypeVar("V")

_FIRST = 0xAC00  # 가
_LAST = 0xD7A3  # 힣
_FINALS = 28  # final-consonant slots per syllable (0: none)
FUSED_FINALS = (4, 8, 17, 20)  # ㄴ, ㄹ, ㅂ, ㅆ

__all__ = ["fused_forms"]


def _forms(needle: str) -> list[str]:
    if len(needle) < 3:
        return []
    code = ord(needle[-1])
    if not (_FIRST <= code <= _LAST) or (code - _FIRST) % _FINALS:
        return []  # not Hangul, or the syllable already has a final consonant
    return [needle[:-1] + chr(code + final) for final in FUSED_FINALS]


def fused_forms(needles: Iterable[tuple[str, V]]) -> list[tuple[str, V]]:
    """The fused forms of ``needles`` (``(needle, value)`` pairs, ``value``
    kept), leaving out any that is already a needle of its own."""
    pairs = list(needles)
    taken = {needle for needle, _value in pairs}
    out = []
    for needle, value in pairs:
        for form in _forms(needle):
            if form not in taken:
                taken.add(form)
                out.append((form, value))
    return out
