"""Text normalization and tokenization shared by triggers and messages.

Triggers and messages go through the same function, so that matching is
insensitive to case, accents, width, punctuation and spacing in every script.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Iterable

# Arabic letters people type interchangeably, read as one: ى/ي, ة/ه, and
# ظ/ض (the commonest slip in dialect typing: "الظرايب" for "الضرايب"). The
# same folding is applied to the source of `re:` patterns (fold_pattern).
_ARABIC_LETTERS = {"ى": "ي", "ة": "ه", "ظ": "ض"}
_PATTERN_FOLD = str.maketrans(_ARABIC_LETTERS)

# Letters that carry no combining mark, so NFD does not strip their accent.
_FOLD = str.maketrans(
    {
        "đ": "d",
        "ł": "l",
        "ø": "o",
        "ħ": "h",
        "ı": "i",
        **_ARABIC_LETTERS,
        "ـ": None,  # tatweel (stretching), purely visual
        # Typographic apostrophes inside words ("don’t") behave like "'".
        "’": "'",
        "ʼ": "'",
    }
)

# Scripts written without spaces between words (or with particles glued to
# words, as in Korean): triggers in these scripts match as substrings.
_UNSPACED = (
    "\u3040-\u30ff"  # Hiragana, Katakana
    "\u3400-\u4dbf"  # CJK extension A
    "\u4e00-\u9fff"  # CJK unified ideographs
    "\uf900-\ufaff"  # CJK compatibility ideographs
    "\u1100-\u11ff\u3130-\u318f\uac00-\ud7af"  # Hangul jamo and syllables
    "\u0e00-\u0e7f"  # Thai
)
_UNSPACED_RE = re.compile(f"[{_UNSPACED}]")
# Of those, the scripts whose runs are whole clauses (Korean puts spaces between words).
_RUN_ON_RE = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u0e00-\u0e7f]")
CHARS_PER_WORD = 3  # a Chinese word is one to three characters: a run counts one word per three
_TOKEN_RE = re.compile(f"[{_UNSPACED}]+|[^\\s{_UNSPACED}]+")


def _is_mark(ch: str) -> bool:
    return unicodedata.category(ch) in ("Mn", "Me")


def _space_or_keep(ch: str) -> str:
    cat = unicodedata.category(ch)
    # Punctuation, symbols and control/format characters separate words.
    # Apostrophes inside words are dropped ("don't" -> "dont", "l'irs" -> "lirs"
    # would be wrong for French, so apostrophes become spaces too).
    if cat[0] in "PSCZ":
        return " "
    return ch


class _PerCharacter(dict):
    """A ``str.translate`` table filled on first sight of each character.

    ``str.translate`` then runs the per-character rule in C for every
    character seen before, instead of a Python call per character. The
    table stops growing at ``LIMIT`` entries (a message of rare characters
    cannot make it grow without end); past that, the rule is just called.
    """

    LIMIT = 20_000

    def __init__(self, rule):
        super().__init__()
        self._rule = rule

    def __missing__(self, code: int) -> str | None:
        value = self._rule(chr(code))
        if len(self) < self.LIMIT:
            self[code] = value
        return value


_DROP_MARKS = _PerCharacter(lambda ch: None if _is_mark(ch) else ch)
_SEPARATORS = _PerCharacter(_space_or_keep)


# What the steps below do to plain ASCII: letters and digits stay (lower
# case), everything else separates words. Most messages are ASCII and take
# this one byte-table pass.
_ASCII_TABLE = bytes(
    ord(chr(i).lower()) if chr(i).isalnum() else ord(" ") for i in range(256)
)


def fold_pattern(pattern: str) -> str:
    """A ``re:`` trigger's source with the letters that :func:`normalize`
    folds in messages folded the same way (none of them is a regex symbol)."""
    return pattern.translate(_PATTERN_FOLD)


def normalize(text: str) -> str:
    """Return the comparable form of ``text``.

    NFKC (full-width and compatibility forms), case folding, removal of
    accents and other combining marks (Hangul syllables are recomposed),
    punctuation and symbols to spaces, runs of spaces collapsed.
    """
    if text.isascii():
        return " ".join(text.encode("ascii").translate(_ASCII_TABLE).decode("ascii").split())
    return _normalize_unicode(text)


def _normalize_unicode(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold().translate(_FOLD)
    text = unicodedata.normalize("NFD", text)
    text = text.translate(_DROP_MARKS)
    text = unicodedata.normalize("NFC", text)
    text = text.translate(_SEPARATORS)
    return " ".join(text.split())


def tokenize(normalized: str) -> list[str]:
    """Split normalized text into word tokens.

    Runs of unspaced scripts (Chinese, Japanese, Korean, Thai) are split from
    adjacent Latin letters or digits ("irs가" -> "irs", "가") and kept as one
    token each; they are matched by substring, not by token.
    """
    return _TOKEN_RE.findall(normalized)


def is_unspaced(text: str) -> bool:
    """True when ``text`` contains a character of an unspaced script."""
    return _UNSPACED_RE.search(text) is not None


def word_count(tokens: Iterable[str]) -> int:
    """About how many words ``tokens`` hold: a run of Chinese, Japanese or
    Thai is one token however long, and counts a word per two characters."""
    return sum(
        max(1, len(t) // CHARS_PER_WORD) if _RUN_ON_RE.match(t) else 1 for t in tokens
    )


def compact(normalized: str) -> str:
    """Normalized text without spaces, for substring matching of unspaced scripts."""
    return normalized.replace(" ", "")


# Control characters (not newlines and tabs), and the bidirectional embedding,
# override and isolate marks that could make an echoed message display
# reversed or spoofed (U+202A-U+202E, U+2066-U+2069).
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean_input(text: str) -> str:
    """Drop control characters (except newlines and tabs) and direction
    overrides, and trim."""
    return _CONTROL_RE.sub("", text).strip()


def ascii_digits(text: str) -> str:
    """Decimal digits of any script as 0-9 ("١٢" -> "12"); other characters kept.
    Superscripts and other non-decimal "digits" are left alone."""
    if text.isascii():
        return text
    return "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() else ch for ch in text)
