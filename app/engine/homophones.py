"""Chinese typed by sound: a character the input method offered for the same
pinyin ("律狮" for 律师 lawyer, "一民局" for 移民局, "会记" for 会计).

People type Chinese as pinyin and pick characters from a list; a wrong pick
is a real character with the right sound, which no spelling correction
catches. Where a message holds a trigger of two characters or more with
exactly one character replaced by another of the same sound (each
character's commonest reading, tones ignored), the trigger is put back, and
the corrected text is read again at a typo's weight (``evidence.FUZZY_WEIGHT``); each
concept keeps its stronger reading. Never rewritten: text that already holds
a trigger there; one character alone (too many share a sound); a very common
character ("的", "到", "没": ``COMMON_CHAR_ZIPF10``), which is much likelier
meant than mistyped, or one much commoner than the trigger's ("被拒" is not
"被拘": ``RARER_BY``); a piece that is a word as written ("表格"); and a
character that makes a common word, or two characters of one of our
triggers, with its neighbour outside the trigger ("知道用" is not "盗用",
"社安号" is not "社案号"). Readings and
frequencies: ``app/content/pinyin.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field
from typing import Iterable
from typing import Mapping

MIN_CHARS = 2
COMMON_CHAR_ZIPF10 = 60  # 的, 是, 到, 没, 给: meant, not mistyped
COMMON_WORD_ZIPF10 = 40  # 知道, 拿到: a word of their own
RARER_BY = 4  # a pick is not much commoner than the character meant (写 for 谢, 拒 for 拘)
LONG_PIECE = 3  # from this many characters, the two guards above are not needed


@dataclass(frozen=True)
class ChineseSounds:
    # Character -> its commonest reading without tones ("会" -> "hui": the
    # rarer "kuai" of 会计 is left out, or every character would sound like
    # too many others).
    readings: Mapping[str, str] = field(default_factory=dict)
    # Character or two-character word -> Zipf x 10 (the commoner ones only).
    zipf10: Mapping[str, int] = field(default_factory=dict)


class Homophones:
    """Puts triggers back where a message has their sounds, one character off."""

    def __init__(
        self, readings: Mapping[str, str], triggers: Iterable[str], zipf10: Mapping[str, int] | None = None
    ):
        self._readings = readings
        self._zipf10 = zipf10 or {}
        self._triggers = frozenset(t for t in triggers if len(t) >= MIN_CHARS)
        # First character -> the lengths of the triggers it starts, longest first.
        written: dict[str, set[int]] = {}
        for trigger in self._triggers:
            written.setdefault(trigger[0], set()).add(len(trigger))
        self._written = {ch: sorted(n, reverse=True) for ch, n in written.items()}
        # Two characters written together in some trigger ("社安" of 没有社安号):
        # a word of ours as written.
        self._pairs = frozenset(t[k : k + 2] for t in self._triggers for k in range(len(t) - 1))
        # The sounds of a trigger -> the triggers that sound so.
        by_sound: dict[tuple[str, ...], list[str]] = {}
        for trigger in sorted(self._triggers):
            sound = tuple(readings.get(ch, "") for ch in trigger)
            if all(sound):
                by_sound.setdefault(sound, []).append(trigger)
        self._by_sound = by_sound
        # First sound -> the lengths of the triggers it starts, longest first.
        heard: dict[str, set[int]] = {}
        for sound in by_sound:
            heard.setdefault(sound[0], set()).add(len(sound))
        self._heard = {first: sorted(n, reverse=True) for first, n in heard.items()}

    def __bool__(self) -> bool:
        return bool(self._by_sound)

    def correct(self, text: str) -> str | None:
        """``text`` with misheard triggers put back, or None when there are none."""
        sounds = [self._readings.get(ch, "") for ch in text]
        out: list[str] = []
        changed = False
        i = 0
        while i < len(text):
            if sounds[i] not in self._heard:
                out.append(text[i])
                i += 1
                continue
            written = self._written.get(text[i], ())
            exact = next((n for n in written if text[i : i + n] in self._triggers), 0)
            # A longer trigger misheard beats a shorter one written right
            # ("移民据" holds 移民 as written, and 移民局 by its sound).
            found = self._heard_at(text, sounds, i, longer_than=exact)
            if found is None:
                step = exact or 1
                out.append(text[i : i + step])
                i += step
                continue
            out.append(found)
            changed = True
            i += len(found)
        return "".join(out) if changed else None

    def _heard_at(self, text: str, sounds: list[str], i: int, longer_than: int = 0) -> str | None:
        """The longest trigger (of more than ``longer_than`` characters) that
        sounds like ``text`` at ``i`` and differs from it in exactly one
        character."""
        for n in self._heard[sounds[i]]:
            if n <= longer_than:
                break
            sound = tuple(sounds[i : i + n])
            for trigger in self._by_sound.get(sound, ()) if len(sound) == n else ():
                changed = [k for k in range(n) if text[i + k] != trigger[k]]
                if len(changed) == 1 and self._mistyped(text, i, n, i + changed[0], trigger[changed[0]]):
                    return trigger
        return None

    def _mistyped(self, text: str, start: int, length: int, at: int, meant: str) -> bool:
        """Whether ``text[at]`` (inside the piece ``start``..``start+length``)
        may be a wrong pick for ``meant`` rather than the character meant."""
        zipf10 = self._zipf10
        typed = zipf10.get(text[at], 0)
        # In a piece of three or more, the other characters already match the
        # trigger as written: a common pick ("一民局", "移民据") is a slip too.
        if length < LONG_PIECE and (typed >= COMMON_CHAR_ZIPF10 or zipf10.get(meant, 0) < typed - RARER_BY):
            return False
        if zipf10.get(text[start : start + length], 0):
            return False  # a word as written ("表格" is not "表哥")
        outside = []
        if at == start and at > 0:
            outside.append(text[at - 1 : at + 1])
        if at == start + length - 1 and at + 1 < len(text):
            outside.append(text[at : at + 2])
        return all(zipf10.get(word, 0) < COMMON_WORD_ZIPF10 and word not in self._pairs for word in outside)


def by_locale(unspaced: Mapping[str, Iterable[str]], sounds: ChineseSounds) -> dict[str, Homophones]:
    """A homophone table for each locale whose triggers sound like Chinese
    (``unspaced``: each locale's triggers written without spaces)."""
    tables = {
        locale: Homophones(sounds.readings, triggers, sounds.zipf10)
        for locale, triggers in unspaced.items()
    }
    return {locale: table for locale, table in tables.items() if table}


def pinyin_forms(
    concepts: Mapping[str, Iterable[str]], readings: Mapping[str, str]
) -> dict[str, list[str]]:
    """Chinese triggers as people type them on a phone without a Chinese
    keyboard: toneless pinyin, syllable by syllable and run together ("移民局"
    -> "yi min ju", "yiminju"), for triggers of two to six characters whose
    every character has a reading (each character's commonest one). A form
    that is already a trigger, or that two concepts would share, is left out."""
    forms: dict[str, set[str]] = {}
    written = {t for triggers in concepts.values() for t in triggers}
    for concept, triggers in concepts.items():
        for trigger in triggers:
            if not 2 <= len(trigger) <= 6 or not all(ch in readings for ch in trigger):
                continue
            syllables = [readings[ch] for ch in trigger]
            for form in (" ".join(syllables), "".join(syllables)):
                if form not in written:
                    forms.setdefault(form, set()).add(concept)
    out: dict[str, list[str]] = {}
    for form, owners in sorted(forms.items()):
        if len(owners) == 1:
            out.setdefault(next(iter(owners)), []).append(form)
    return out


CHINESE = "zh-Hans"


def with_pinyin(vocab: Mapping[str, Mapping[str, Iterable[str]]], sounds: ChineseSounds | None):
    """The vocabularies, Chinese's with its triggers typed in pinyin too
    (``pinyin_forms``); the others as they are."""
    chinese = vocab.get(CHINESE)
    if not chinese or sounds is None or not sounds.readings:
        return vocab
    typed = pinyin_forms(chinese, sounds.readings)
    merged = {c: (*triggers, *typed.get(c, ())) for c, triggers in chinese.items()}
    return {**vocab, CHINESE: merged}
