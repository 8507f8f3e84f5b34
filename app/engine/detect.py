"""Guessing the language of a conversation's first message, offline.

Detection runs only when nothing better decides (no choice in the conversation,
no ``locale`` field, no Accept-Language match), only on the first message, and
only when it is long enough; it is restricted to the supported languages and
must clear a confidence threshold. Haitian Creole, which the statistical
detector does not know, is recognized by its own frequent words first.

The detector (lingua, low-accuracy mode; its models load on the first
detection, about 45 ms) was chosen by
measurement on short texts: see ``benchmarks/detect_bench.py``.
"""

from __future__ import annotations

from typing import Iterable

from app.engine.normalize import normalize
from app.engine.normalize import tokenize

MIN_LETTERS = 12  # shorter messages ("ok", "si", "1", "hola") never switch
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


def haitian_score(text: str) -> int:
    tokens = tokenize(normalize(text))
    strong = sum(1 for t in tokens if t in HAITIAN_ONLY)
    weak = sum(1 for t in tokens if t in HAITIAN_MARKERS)
    return strong if strong >= 2 or (strong and weak >= 3) else 0


class Detector:
    """Detects one of ``locales`` in a message, or returns None when unsure."""

    def __init__(self, locales: Iterable[str], min_confidence: float = MIN_CONFIDENCE):
        from lingua import Language
        from lingua import LanguageDetectorBuilder

        self.locales = tuple(locales)
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

    def detect(self, text: str) -> str | None:
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
        return self._to_locale.get(best.language)
