"""Arabic typed in Latin letters (Arabizi) read with the Arabic-script words.

"fi 3 sayarat wa2fin 2odam el beit", "5ali 2a5adouh men 2oddam el ma3mal":
people write Arabic with Latin letters and digits for the sounds Latin lacks
(2 = ء or a dropped ق, 3 = ع, 5 = خ, 7 = ح), each in their own spelling. A
list of Arabizi spellings never keeps up, while the Arabic-script vocabulary
already holds the words. So both sides are reduced to a skeleton of their
consonants, in classes of letters that Arabizi writes alike (ت ط ث: t; س ص:
s; د ض: d; ز ذ ظ: z; ح ه: h; ء ق and a first vowel: q), short vowels and
the letters of long ones (ا و ي, after the first letter) dropped, doubled
letters once, a last ه or ة dropped (a pronoun or an "a" that Arabizi writes
as a vowel). "2odam el beit" and "قدام البيت" both read "qdm qlbt".

The reading runs only for a message in Arabic typed in Latin letters
(``detect.is_arabizi``), at the weight of a typo fix, and only adds to the
message's own reading: its negations stay. Regular expressions are left out,
and so are infixes and triggers whose skeleton is shorter than three
letters (too many words share them), except the negators ("ما", "مش"): a
denial read in Latin letters still denies.
"""

from __future__ import annotations

import re
from typing import Mapping
from typing import Sequence

from app.engine.grammar import ENGINE_CONCEPTS
from app.engine.grammar import NEGATORS
from app.engine.vocabulary import LocaleIndex

MIN_SKELETON = 3  # letters; shorter skeletons are shared by too many words

_ARABIC = {
    **dict.fromkeys("أإآءؤئق", "q"), "ب": "b", **dict.fromkeys("تطث", "t"), "ج": "j",
    **dict.fromkeys("حهة", "h"), "خ": "x", **dict.fromkeys("دض", "d"), **dict.fromkeys("ذزظ", "z"),
    "ر": "r", **dict.fromkeys("سص", "s"), "ش": "c", "ع": "e", "غ": "g", "ف": "f", "ك": "k",
    "ل": "l", "م": "m", "ن": "n",
}
_ARABIC_LONG = {"ا": "q", "و": "w", "ي": "y", "ى": "y"}  # a consonant only as the first letter
_LATIN = {
    "2": "q", "9": "q", "q": "q", "3": "e", "5": "x", "7": "h", "h": "h", "6": "t", "t": "t",
    "8": "g", "b": "b", "p": "b", "j": "j", "g": "j", "d": "d", "z": "z", "r": "r", "s": "s",
    "f": "f", "v": "f", "k": "k", "c": "k", "l": "l", "m": "m", "n": "n", "x": "x",
    "S": "c", "G": "g",  # ش and غ, after the digraphs (lower case: the reading folds case)
}
_LATIN_LONG = {"a": "q", "e": "q", "i": "q", "o": "q", "u": "q", "w": "w", "y": "y"}
_DIGRAPHS = (("sh", "S"), ("ch", "S"), ("kh", "x"), ("gh", "G"), ("th", "t"), ("dh", "z"), ("ph", "f"))
# The article written apart ("el beit") is one word in Arabic script (البيت).
_ARTICLE = re.compile(r"\b(?:el|al|il|l)\s+(?=[a-z0-9])")
_WORD = re.compile(r"[a-z0-9]*[a-z][a-z0-9]*")


def _reduce(letters: list[str]) -> str:
    out = "".join(c for i, c in enumerate(letters) if c and (i == 0 or c != letters[i - 1]))
    return out[:-1] if len(out) > 1 and out.endswith("h") else out


def arabic_skeleton(word: str) -> str:
    """The skeleton of a word in Arabic script (normalized: no diacritics)."""
    letters = [_ARABIC.get(ch) or (_ARABIC_LONG.get(ch) if i == 0 else "") for i, ch in enumerate(word)]
    return _reduce([c or "" for c in letters])


def latin_skeleton(word: str) -> str:
    """The skeleton of a word of Arabizi (lower case)."""
    for digraph, letter in _DIGRAPHS:
        word = word.replace(digraph, letter)
    letters = [_LATIN.get(ch) or (_LATIN_LONG.get(ch, "") if i == 0 else "") for i, ch in enumerate(word)]
    # Vowels after the first letter drop out; a doubled consonant counts once (_reduce).
    return _reduce(letters)


def skeleton_text(text: str) -> str:
    """``text`` with each Latin word replaced by its skeleton; punctuation,
    and so sentences and clauses, unchanged."""
    text = _ARTICLE.sub(lambda m: m.group(0).rstrip(), text.lower())
    return _WORD.sub(lambda m: latin_skeleton(m.group(0)) or m.group(0), text)


def skeleton_vocabulary(concepts: Mapping[str, Sequence[str]]) -> dict[str, list[str]]:
    """The Arabic vocabulary's words and phrases as skeletons (a stem keeps
    its star)."""
    out: dict[str, list[str]] = {}
    for concept, triggers in concepts.items():
        denies = concept in NEGATORS  # "ma", "mish": short, but a denial must stay one
        if concept in ENGINE_CONCEPTS and not denies:
            continue
        for trigger in triggers:
            if trigger.startswith("re:"):
                continue
            core = trigger.lstrip("=~")
            if core.startswith("*"):
                continue  # an infix: too loose once reduced to consonants
            tail = "*" if core.endswith("*") else ""
            words = core.strip("*").split()
            parts = [arabic_skeleton(w) if not w.isascii() else latin_skeleton(w) for w in words]
            if not all(parts) or (len("".join(parts)) < MIN_SKELETON and not denies):
                continue
            out.setdefault(concept, []).append(" ".join(parts) + tail)
    return {c: list(dict.fromkeys(ts)) for c, ts in out.items()}


def skeleton_index(concepts: Mapping[str, Sequence[str]]) -> LocaleIndex:
    return LocaleIndex(skeleton_vocabulary(concepts), typos=False)
