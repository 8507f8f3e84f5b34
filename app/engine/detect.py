"""Guessing the language of a conversation's first message, offline.

Detection runs only when nothing better decides (no choice in the conversation,
no ``locale`` field, no Accept-Language match) and only on the first message.
In order, the first that is sure decides:

1. the script: Arabic letters are Arabic (and so is Arabic typed in Latin
   letters with digits for sounds: "3ayez", "mo7ami"), Hangul Korean, Chinese
   characters Chinese, Vietnamese letters (ơ, ư, đ, tone marks) Vietnamese;
2. the words: which language's word list explains the message's words best
   (:meth:`app.engine.wordlists.WordLists.guess_language`), which works on
   messages as short as "buenas", "oi tudo bem" or "mèsi anpil";
3. for messages of ``MIN_LETTERS`` letters or more: Haitian Creole by its own
   frequent words, then the statistical detector (lingua, low-accuracy mode;
   its models load on the first use, about 45 ms), restricted to the
   supported languages and above a confidence threshold. It was chosen by
   measurement on short texts: see ``benchmarks/detect_bench.py``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from typing import Iterable

from app.engine.normalize import normalize
from app.engine.normalize import tokenize
from app.engine.wordlists import clear_leader

if TYPE_CHECKING:
    from app.engine.wordlists import WordLists

MIN_LETTERS = 12  # shorter messages ("ok", "si", "1", "hola") never switch
CLEAR_WORDS = 3  # words a word-list guess needs mid-conversation ("ok gracias" is not enough)
MIN_CONFIDENCE = 0.6

# Frequent Haitian Creole function words that French, English and the others
# lack (unaccented: normalization strips accents).
HAITIAN_MARKERS = frozenset(
    "mwen ou nou yo li ki sa kijan kouman koman eske poukisa pa gen fe konnen bezwen "
    "kapab kap ap te dwe toujou taks enfomasyon enfòmasyon imigrasyon ede avoka lajan "
    "travay peyi fanmi timoun kay pou avek ak nan lan sou".split()
)
HAITIAN_ONLY = frozenset(
    "mwen nou yo kijan kouman koman eske poukisa konnen bezwen kapab kap dwe toujou "
    "taks enfomasyon imigrasyon avoka lajan timoun avek".split()
)

_LINGUA_NAMES = {
    "en": "ENGLISH",
    "es": "SPANISH",
    "zh-Hans": "CHINESE",
    "vi": "VIETNAMESE",
    "ko": "KOREAN",
    "tl": "TAGALOG",
    "ar": "ARABIC",
    "pt": "PORTUGUESE",
    "fr": "FRENCH",
}


SCRIPT_LOCALES = frozenset({"ar", "ko", "zh-Hans"})
# Letters only Vietnamese uses among our languages (with tone marks composed).
# Not â, ê, ô: French and Portuguese write them too ("arrêté", "você").
_VIETNAMESE = frozenset(
    "ăđơưĂĐƠƯ"
    "ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ"
    "ẠẢẤẦẨẪẬẮẰẲẴẶẸẺẼẾỀỂỄỆỈỊỌỎỐỒỔỖỘỚỜỞỠỢỤỦỨỪỬỮỰỲỴỶỸ"
)


# Arabic typed in Latin letters ("Arabizi"): digits stand for Arabic sounds
# inside words (2 = ء, 3 = ع, 5 = خ, 6 = ط, 7 = ح, 9 = ق): "3ayez", "mo7ami", "a2adem".
_WORD = re.compile(r"[a-z0-9]+")
_ARABIZI_DIGITS = frozenset("235679")  # not 8: English "gr8", "l8r"


def _sound_digit_word(token: str) -> bool:
    """A word of three letters or more with an Arabizi sound-digit ("3andi")."""
    return sum(ch.isalpha() for ch in token) >= 3 and not _ARABIZI_DIGITS.isdisjoint(token)


def is_arabizi(text: str) -> bool:
    """Two words of three letters or more with a sound-digit ("mo7ami",
    "3ayez"), or one long word with the digit inside ("mar7aba"); forms and
    ordinals ("W2", "2nd", "401k") are not."""
    if not any(digit in text for digit in _ARABIZI_DIGITS):
        return False  # most messages: no sound-digit at all
    count = 0
    for word in _WORD.findall(text.lower()):
        if not _sound_digit_word(word):
            continue
        if word[0].isdigit() and not word[1:].isalpha():
            continue
        inside = any(
            word[i] in _ARABIZI_DIGITS and word[i - 1].isalpha() and word[i + 1].isalpha()
            for i in range(1, len(word) - 1)
        )
        count += 2 if inside and sum(ch.isalpha() for ch in word) >= 4 else 1
    return count >= 2


# Arabic words typed in Latin letters without a digit, and nothing in our
# other languages (not "ana", a name, nor "fi"): two of them, or one beside a
# word with a sound-digit, make a message Arabic.
ARABIZI_MARKERS = frozenset(
    "salam salaam assalamu marhaba ahlan shukran shokran shukhran habibi habibti inshallah wallah "
    "wallahi yalla yallah kifak kifik keefak mumkin momken lazem lazim baddi kteer ktir khayef khayfe "
    "khayfa mafi tayeb tab3an ya3ni".split()
)



# Chinese typed in pinyin without tones (a phone with no Chinese keyboard):
# words that are pinyin and nothing in our other languages. Two of them make
# a message Chinese.
PINYIN_MARKERS = frozenset(
    "xianzai zenme zenmeban shenme weishenme tamen nimen meiyou keyi yinwei suoyi "
    "danshi yijing haishi zhidao bangzhu bangmang jingcha yimin yiminju menkou kaimen "
    "qiaomen baoshui lvshi lushi mianfei zhengfu guoshuiju xiaohai haizi laogong laopo "
    "jiali buzhidao zhua zhuazou daizou weixian haipa danxin yinggai xuyao".split()
)


# Korean typed in Latin letters (no Korean keyboard at hand): words that are
# romanized Korean and nothing in our other languages. Two make it Korean.
KOREAN_MARKERS = frozenset(
    "annyeonghaseyo annyeong gamsahamnida gomawoyo jebal jigeum eotteoke eotteokhae eotteokhaeyo "
    "mollayo molla hangugeo hangugeoro appa eomma namdongsaeng juseyo isseoyo eopseoyo "
    "hante eseo ganeunghan gayo haeyo dowajuseyo saramdeul".split()
)
# The words of a lowered text, each looked up in a set of markers: two
# different markers make the language (one regex alternating all the markers
# cost more than the rest of telling a message's script).
_WHOLE_WORD = re.compile(r"\w+")


def _romanized_korean(tokens: list[str]) -> bool:
    """``tokens``: the lowered text's words (``_WHOLE_WORD``)."""
    return len(KOREAN_MARKERS.intersection(tokens)) >= 2


# Every toneless pinyin syllable ("yi", "min", "zhuang"), to read pinyin typed
# a syllable at a time ("yi min ju"): such text is read with its spaces taken
# out, when nearly all its words are syllables. A set of the few hundred
# initial + final strings: a lookup per word, where a regex run over the
# text cost more than all the rest of telling a message's script.
_INITIALS = ("", "zh", "ch", "sh", *"bpmfdtnlgkhjqxrzcsyw")
_FINALS = (
    "iang iong uang ang eng ing ong ian iao uai uan ai ei ao ou an en in un "
    "ia ie iu ua uo ue ui er a o e i u v"
).split()
SYLLABLES = frozenset(initial + final for initial in _INITIALS for final in _FINALS)
_SQUEEZED = re.compile("|".join(sorted(PINYIN_MARKERS, key=len, reverse=True)))
_LETTERS = re.compile("[a-z]+")
_LONG_WORD = re.compile("[a-z]{7}")
SYLLABLE_SHARE = 0.8
SYLLABLE_WORDS = 5


def _pinyin(lowered: str, tokens: list[str]) -> bool:
    """``tokens``: the words of ``lowered`` (``_WHOLE_WORD``)."""
    if len(PINYIN_MARKERS.intersection(tokens)) >= 2:
        return True
    if _LONG_WORD.search(lowered):
        return False  # no syllable has seven letters: nearly every other text stops here
    words = _LETTERS.findall(lowered)
    if len(words) < SYLLABLE_WORDS or sum(t in SYLLABLES for t in tokens) < SYLLABLE_SHARE * len(words):
        return False
    return len(set(_SQUEEZED.findall("".join(words)))) >= 2


# Arabic, its supplement and presentation forms (A: FB50-FDFF, B: FE70-FEFC).
# Not FE00-FE0F between them: the variation selectors that follow emoji
# ("⚠️" is U+26A0 U+FE0F), nor FEFF (a byte-order mark).
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufefc]")
_HANGUL = re.compile("[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]")
_HAN = re.compile("[\u4e00-\u9fff\u3400-\u4dbf]")
_KANA = re.compile("[\u3040-\u30ff]")
_VIETNAMESE_RE = re.compile("[" + "".join(sorted(_VIETNAMESE)) + "]")


def script_locale(text: str) -> str | None:
    """The locale a message's script gives away, if it does."""
    if text.isascii():  # no other script in it: only the Latin-letter forms
        return _latin_script_locale(text)
    if _ARABIC.search(text):
        return "ar"
    if _HANGUL.search(text):
        return "ko"
    if _HAN.search(text) and not _KANA.search(text):
        return "zh-Hans"
    if _VIETNAMESE_RE.search(text):
        return "vi"
    return _latin_script_locale(text)


def _latin_script_locale(text: str) -> str | None:
    """Arabic, Chinese or Korean typed in Latin letters."""
    if is_arabizi(text):
        return "ar"
    lowered = text.lower()
    tokens = _WHOLE_WORD.findall(lowered)
    # Arabic greetings and courtesies typed without a sound-digit count as
    # one: "salam, 3andi ITIN ... shukran" is Arabic, not Tagalog.
    marked = len(ARABIZI_MARKERS.intersection(tokens))
    if marked >= 2 or (marked and any(_sound_digit_word(t) for t in tokens)):
        return "ar"
    if _pinyin(lowered, tokens):
        return "zh-Hans"
    if _romanized_korean(tokens):
        return "ko"
    return None


def haitian_score(text: str) -> int:
    tokens = tokenize(normalize(text))
    strong = sum(1 for t in tokens if t in HAITIAN_ONLY)
    weak = sum(1 for t in tokens if t in HAITIAN_MARKERS)
    return strong if strong >= 2 or (strong and weak >= 3) else 0


class Detector:
    """Detects one of ``locales`` in a message, or returns None when unsure."""

    def __init__(
        self,
        locales: Iterable[str],
        min_confidence: float = MIN_CONFIDENCE,
        words: WordLists | None = None,
    ):
        from lingua import Language
        from lingua import LanguageDetectorBuilder

        self.locales = tuple(locales)
        self.words = words
        # Languages told apart by their words (the others by their script).
        self._by_words = tuple(
            code for code in self.locales if code not in SCRIPT_LOCALES and words and code in words.locales
        )
        self.min_confidence = min_confidence
        self._to_locale = {}
        languages = []
        for code in self.locales:
            name = _LINGUA_NAMES.get(code)
            if name:
                language = getattr(Language, name)
                languages.append(language)
                self._to_locale[language] = code
        self._lingua = (
            LanguageDetectorBuilder.from_languages(*languages)
            .with_low_accuracy_mode()
            .build()
            if len(languages) >= 2
            else None
        )

    def clearly(self, text: str, norm: str | None = None) -> str | None:
        """The language of a message written mid-conversation, only when the
        script or the words leave no doubt (never the statistical detector,
        which guesses on mixed messages): it decides whether to offer a
        switch, not the language of the answer. ``norm`` is
        ``normalize(text)`` when the caller has it already."""
        by_script = script_locale(text)
        if by_script is not None:
            return by_script if by_script in self.locales else None
        tokens = [t for t in tokenize(normalize(text) if norm is None else norm) if not t.isdigit()]
        if self.words is None or len(tokens) < CLEAR_WORDS or len(self._by_words) < 2:
            return None
        return self.words.guess_language(tokens, self._by_words)

    def detect(self, text: str) -> str | None:
        by_script = script_locale(text)
        if by_script is not None:
            return by_script if by_script in self.locales else None
        likely: list[str] = []  # the word lists' two best, when they do not decide
        if self.words is not None and len(self._by_words) >= 2:
            words = [t for t in tokenize(normalize(text)) if not t.isdigit()]
            ranked = self.words.rank_languages(words, self._by_words)
            guessed = clear_leader(ranked, len(words))
            if guessed is not None:
                return guessed
            likely = [code for code, _score in ranked[:2]]
        letters = sum(ch.isalpha() for ch in text)
        if letters < MIN_LETTERS and not any(ord(ch) > 0x2E80 for ch in text):
            return None
        if letters < 2:
            return None
        if "ht" in self.locales and haitian_score(text):
            return "ht"
        if self._lingua is None:
            return None
        values = self._lingua.compute_language_confidence_values(text)
        if not values:
            return None
        best = values[0]
        if best.value < self.min_confidence:
            return None
        found = self._to_locale.get(best.language)
        # Spanish and English mixed ("mi ITIN expira en December, do I need
        # to renew it?") can look Tagalog to the statistical model: it may
        # choose between the two languages the words point to, not a third.
        if likely and found not in likely:
            return likely[0]
        return found
