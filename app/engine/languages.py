"""Recognizing a request to change language: "español", "中文", "in English"."""

from __future__ import annotations

from types import MappingProxyType
from typing import Iterable

from app.engine.i18n import babel_locale
from app.engine.normalize import compact
from app.engine.normalize import normalize
from app.engine.normalize import tokenize

# Names Babel does not give: English exonyms without accents, romanizations,
# and common short forms. Keys are our locale codes.
EXTRA_NAMES = {
    "en": ["english", "ingles", "anglais", "ingle", "angle"],
    "es": ["spanish", "espanol", "castellano", "espagnol", "espanhol"],
    "zh-Hans": ["chinese", "mandarin", "zhongwen", "putonghua", "中文", "汉语", "普通话"],
    "vi": ["vietnamese", "tieng viet", "vietnam"],
    "ko": ["korean", "hangugeo", "한국어", "한국말"],
    "tl": ["tagalog", "filipino", "pilipino"],
    "ht": ["haitian creole", "creole", "kreyol", "kreyol ayisyen", "criollo haitiano"],
    "ar": ["arabic", "arabe", "عربي", "عربى", "العربية"],
    "pt": ["portuguese", "portugues", "português"],
    "fr": ["french", "francais", "frances"],
}

# Words that may stand around a language name without changing the request.
FILLER = frozenset(
    "in en a to please por favor speak hablo habla language idioma lengua change "
    "cambiar switch i yo quiero want je veux parle en langue em lingua no sa ba "
    "the el la le an souple tanpri pale mete chanje svp stp pfv pode".split()
)


class LanguageNames:
    """Every supported language's names, in every supported language."""

    def __init__(self, locales: Iterable[str]):
        locales = tuple(locales)
        names: dict[str, str] = {}
        for code in locales:
            loc = babel_locale(code)
            for shown_in in locales:
                try:
                    other = babel_locale(shown_in)
                except (ValueError, LookupError):
                    continue
                for name in (loc.get_display_name(other), loc.get_language_name(other)):
                    if name:
                        names.setdefault(normalize(name), code)
            for name in EXTRA_NAMES.get(code, ()):
                names.setdefault(normalize(name), code)
        self._names = MappingProxyType(names)
        self._compact = MappingProxyType({compact(k): v for k, v in names.items()})

    def requested(self, text: str, norm: str | None = None) -> str | None:
        """The locale a short message asks to switch to, or None.

        ``norm`` is ``normalize(text)`` when the caller has it already."""
        norm = normalize(text) if norm is None else norm
        if not norm or norm.count(" ") > 5:
            return None
        if norm in self._names:
            return self._names[norm]
        if compact(norm) in self._compact:
            return self._compact[compact(norm)]
        tokens = tokenize(norm)
        if len(tokens) > 5:
            return None
        for size in (3, 2, 1):
            for start in range(len(tokens) - size + 1):
                span = " ".join(tokens[start : start + size])
                code = self._names.get(span)
                if code is None:
                    continue
                rest = tokens[:start] + tokens[start + size :]
                if all(t in FILLER for t in rest):
                    return code
        return None
