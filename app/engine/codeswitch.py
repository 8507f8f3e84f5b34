"""English words inside a message in another language (code-switching).

People who live between two languages mix them: "c'est safe de file mes
taxes?", "저희 엄마가 undocumented인데 tax return file해도 safe한지",
"الـIRS بيعطوا ICE بس الـaddress ولا كمان الـincome?". The conversation's
vocabulary does not know "safe", "file" or "address", so those words were
lost unless nothing at all matched (the all-languages retry).

When a message holds an English word that is not also a word of the
conversation's language, the message is read a second time with the English
vocabulary, at ``INSIDE_WEIGHT`` and with the first reading's sentence
weights (a story's backstory stays backstory), and each concept keeps the
stronger of its two readings. The conversation's language decides what its own words
mean and what was negated: English cannot bring back a denied concept, and
a word of the language ("one" in Haitian Creole, "taxes" in Spanglish when
the Spanish list has it) stays the language's. The reply's language is not
changed.

Spanglish runs the other way too: a message the detector reads as English
("my mom wants to know si es seguro declarar con el ITIN") has its Spanish
words read with the Spanish vocabulary in the same way, and Maghrebi
Arabic, written with French mixed in ("lazem ndir les impôts had l3am?"),
has its French words read with the French vocabulary.
"""

from __future__ import annotations

import re
from typing import Callable
from typing import Iterable

from app.engine.evidence import Evidence
from app.engine.evidence import gather
from app.engine.evidence import stronger
from app.engine.normalize import normalize
from app.engine.vocabulary import LocaleIndex
from app.engine.wordlists import REAL_WORD_ZIPF10
from app.engine.wordlists import WordLists

ENGLISH = "en"
SPANISH = "es"
INSIDE_WEIGHT = 0.9  # a guest word inside another language counts nearly in full
MIN_LETTERS = 3  # shorter Latin words are too often words of both languages
# Languages whose word lists come from text that mixes in English all the time
# (Taglish): an English word is in their list as a loan, with its English
# meaning, so it counts as English when English uses it more ("clinic", "free").
LOAN_LISTS = frozenset({"tl"})
# A letter of a script other than Latin (Arabic, Chinese, Hangul, ...), and a
# Latin word glued to one ("الـaddress", "undocumented인데").
_OTHER_SCRIPT = r"[^\W\d_A-Za-z\u00c0-\u024f\u1e00-\u1eff]"
_NON_LATIN = re.compile(_OTHER_SCRIPT)
_SCRIPT_EDGE = re.compile(rf"(?<={_OTHER_SCRIPT})(?=[A-Za-z])|(?<=[A-Za-z])(?={_OTHER_SCRIPT})")
# A whole word of plain Latin letters ("février" holds none).
_LATIN_WORD = re.compile(rf"(?<![^\W\d_])[A-Za-z]{{{MIN_LETTERS},}}(?![^\W\d_])")


class WordsInside:
    """Finds and reads the words of one guest language inside messages in
    another (the host): English inside every other language, Spanish inside
    English."""

    def __init__(
        self,
        guest: str,
        index: LocaleIndex | None,
        words: WordLists | None,
        names: Iterable[str],
        hosts: frozenset[str] | None = None,
    ):
        self._guest = guest
        self._index = index
        self._words = words if words is not None and guest in words.locales else None
        self._hosts = hosts  # None: every other language
        # Names every language already knows (IRS, ICE, ITIN): no reason to read again.
        self._names = frozenset(names)

    def add(
        self, own: Evidence, text: str, locale: str, index: LocaleIndex | None = None, **reading
    ) -> Evidence:
        """``own`` (the evidence in ``locale``'s words, read with ``index``)
        with what the guest language's words of ``text`` add; ``reading``
        goes to :func:`gather`. Read again only for a guest word that is not
        already a keyword of ``index`` ("taxes" in Spanish is one)."""
        if locale == self._guest or self._index is None or self._words is None:
            return own
        if self._hosts is not None and locale not in self._hosts:
            return own
        other_script = _NON_LATIN.search(text) is not None
        guest_word = self._guest_words(locale, other_script)
        if guest_word is None:
            return own
        if other_script:
            text = _SCRIPT_EDGE.sub(" ", text)
        # Words as the word lists keep them, accents off: "está" is "esta".
        words = set(_LATIN_WORD.findall(normalize(text))) - self._names  # each word once
        known = index.has_keyword if index is not None else (lambda _word: False)
        if not any(guest_word(word) and not known(word) for word in words):
            return own
        # A one-word mention counts only on a guest word; phrases always.
        guest = gather(
            text, self._index, INSIDE_WEIGHT, denied=own.denied,
            native=lambda token: not guest_word(token), weights=own.weights, says=own.says, **reading,
        )
        return stronger(own, guest)

    def _guest_words(self, locale: str, other_script: bool) -> Callable[[str], bool] | None:
        """Which tokens are guest words foreign to the message: in Arabic,
        Chinese or Korean text every Latin word of the guest (the script
        tells); in a Latin-script language the guest's words that are not
        also words of that language; None when that cannot be told (no word
        list)."""
        guest = self._words.zipf10[self._guest]
        if other_script:
            return lambda token: guest.get(token, 0) >= REAL_WORD_ZIPF10
        own = self._words.zipf10.get(locale)
        if own is None:
            return None
        if locale in LOAN_LISTS:
            return lambda token: own.get(token, 0) < guest.get(token, 0) >= REAL_WORD_ZIPF10
        # Most words of a message are its language's own: asked first.
        return lambda token: own.get(token, 0) < REAL_WORD_ZIPF10 <= guest.get(token, 0)
