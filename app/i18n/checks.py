"""Checks of the translations that a test, ``kyrbot i18n check`` and a
reviewer all rely on (issue 13):

- **keep points**: every must-keep point of an answer (``keep:`` in
  content/answers) is in each translated form, long and short, found by one of
  its marker words in ``translations/<folder>/keep.yaml``;
- **back-translations**: every translated SMS form carries a translator
  comment ``back-translation: ...`` (English, written from the translation
  alone), which a reviewer reads to see what the short form really says;
- **figures**: every number, date, phone number and URL of a translation is
  its English's (a URL may instead be a cited source's page in the reader's
  language, such as the IRS's Spanish page);
- **Vietnamese tone marks**: Vietnamese answers keep their diacritics (without
  them "Đừng mở cửa" (do not open the door) reads ambiguously).

Only servable entries are checked (translated, not fuzzy); what is missing
or fuzzy is reported by ``kyrbot i18n status``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from typing import Iterable

import yaml
from babel.messages.pofile import read_po

from app.content.bundle import Bundle
from app.content.bundle import iter_answer_messages
from app.engine.i18n import SOURCE_LOCALE
from app.engine.i18n import catalog_dir_name
from app.engine.normalize import normalize

KEEP_FILE = "keep.yaml"
BACK_TRANSLATION = "back-translation:"
_URL = re.compile(r"https?://[^\s<>\"')]+[^\s<>\"').,;:!?]")
_DIGITS = re.compile(r"\d+")
# Vietnamese letters outside ASCII; in Vietnamese prose most words carry one.
_VI_MARKED = re.compile("[à-ỹÀ-Ỹđ]")
VI_MIN_MARKED_SHARE = 0.4


@dataclass(frozen=True)
class Entry:
    topic: str
    field: str  # title, question, text, sms
    english: str
    translation: str
    comments: tuple[str, ...]  # translator comments ("# ..." lines)


def servable_entries(bundle: Bundle, translations_dir: Path, locale: str) -> list[Entry]:
    """The answer strings of ``locale``'s catalog that the bot would serve."""
    path = Path(translations_dir) / catalog_dir_name(locale) / "LC_MESSAGES" / "messages.po"
    if not path.exists():
        return []
    with path.open("rb") as fh:
        catalog = read_po(fh, locale=None)
    found = []
    for topic, field, english in iter_answer_messages(bundle):
        message = catalog.get(english, context=topic)
        if message is None or message.fuzzy or not message.string:
            continue
        found.append(Entry(topic, field, english, message.string, tuple(message.user_comments)))
    return found


def read_keep_markers(translations_dir: Path, locale: str) -> dict[str, dict[str, list[str]]]:
    """topic -> point -> marker words, from the locale's keep.yaml."""
    path = Path(translations_dir) / catalog_dir_name(locale) / KEEP_FILE
    if not path.exists():
        return {}
    data: Any = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {
        str(topic): {str(point): [str(m) for m in markers or []] for point, markers in points.items()}
        for topic, points in (data.get("keep") or {}).items()
    }


def keep_problems(bundle: Bundle, translations_dir: Path, locales: Iterable[str]) -> list[str]:
    problems = []
    for locale in locales:
        if locale == SOURCE_LOCALE:
            continue
        markers = read_keep_markers(translations_dir, locale)
        for entry in servable_entries(bundle, translations_dir, locale):
            if entry.field not in ("text", "sms"):
                continue
            body = normalize(entry.translation)
            for point, keep in bundle.answers[entry.topic].keep.items():
                words = markers.get(entry.topic, {}).get(point)
                if not words:
                    problems.append(
                        f"{locale}: {entry.topic}: point {point!r} has no marker words in "
                        f"{catalog_dir_name(locale)}/{KEEP_FILE} ({keep.say})"
                    )
                    continue
                if not any(normalize(w) in body for w in words):
                    problems.append(
                        f"{locale}: {entry.topic} {entry.field}: drops {point!r} ({keep.say}); "
                        f"none of {words} found"
                    )
    return sorted(set(problems))


def back_translation_problems(
    bundle: Bundle, translations_dir: Path, locales: Iterable[str]
) -> list[str]:
    problems = []
    for locale in locales:
        if locale == SOURCE_LOCALE:
            continue
        for entry in servable_entries(bundle, translations_dir, locale):
            if entry.field == "sms" and not any(
                c.strip().lower().startswith(BACK_TRANSLATION) for c in entry.comments
            ):
                problems.append(f"{locale}: {entry.topic} sms: no '# {BACK_TRANSLATION}' comment")
    return problems


_MONTHS = {
    name: str(number)
    for number, names in enumerate(
        "january/jan february/feb march/mar april/apr may june/jun july/jul august/aug "
        "september/sep/sept october/oct november/nov december/dec".split(), 1
    )
    for name in names.split("/")
}
_NUMBER_WORDS = {
    name: str(number)
    for number, name in enumerate("one two three four five six seven eight nine ten".split(), 1)
}
# Chinese and Korean count in units of 10,000: "1.28 million" is 128万 / 128만.
MYRIAD_LOCALES = frozenset({"zh-Hans", "ko"})
_MILLION = re.compile(r"(\d+(?:\.\d+)?) million")


def _figures(text: str) -> tuple[list[str], list[str]]:
    urls = _URL.findall(text)
    rest = _URL.sub(" ", text)
    return sorted(_DIGITS.findall(rest)), urls


def _english_figures(text: str, locale: str) -> tuple[list[str], set[str]]:
    """The English's numbers, and the numbers a translation may add: a
    month's number for a month's name ("December 31" is 12月31日), a digit
    for a number word ("three years" may be "3 años")."""
    if locale in MYRIAD_LOCALES:
        text = _MILLION.sub(lambda m: f"{round(float(m.group(1)) * 100)}万", text)
    digits, _urls = _figures(text)
    words = set(re.findall(r"[a-z]+", text.lower()))
    optional = {_MONTHS[w] for w in words if w in _MONTHS}
    optional |= {_NUMBER_WORDS[w] for w in words if w in _NUMBER_WORDS}
    return digits, optional


def figure_problems(bundle: Bundle, translations_dir: Path, locales: Iterable[str]) -> list[str]:
    problems = []
    for locale in locales:
        if locale == SOURCE_LOCALE:
            continue
        local_pages = {s.url for s in bundle.sources.values() if s.locale == locale}
        for entry in servable_entries(bundle, translations_dir, locale):
            digits, optional = _english_figures(entry.english, locale)
            _, urls = _figures(entry.english)
            their_digits, their_urls = _figures(entry.translation)
            where = f"{locale}: {entry.topic} {entry.field}"
            left = list(their_digits)
            missing = [d for d in digits if d not in left or left.remove(d)]
            added = [d for d in left if d not in optional]
            if missing or added:
                problems.append(
                    f"{where}: numbers differ from the English: missing {missing}, added {added}"
                )
            if len(their_urls) != len(urls):
                problems.append(f"{where}: {len(their_urls)} links, the English has {len(urls)}")
            for url in their_urls:
                if url not in urls and url not in local_pages:
                    problems.append(
                        f"{where}: link {url} is neither in the English nor a cited page in this language"
                    )
    return problems


def vietnamese_problems(bundle: Bundle, translations_dir: Path) -> list[str]:
    problems = []
    for entry in servable_entries(bundle, translations_dir, "vi"):
        if entry.field not in ("text", "sms", "question"):
            continue
        words = [w for w in _URL.sub(" ", entry.translation).split() if any(ch.isalpha() for ch in w)]
        marked = sum(1 for w in words if _VI_MARKED.search(w))
        if words and marked / len(words) < VI_MIN_MARKED_SHARE:
            problems.append(
                f"vi: {entry.topic} {entry.field}: only {marked} of {len(words)} words carry "
                "Vietnamese marks (accents stripped?)"
            )
    return problems


def all_problems(bundle: Bundle, translations_dir: Path, locales: Iterable[str]) -> list[str]:
    locales = tuple(locales)
    found = [
        *keep_problems(bundle, translations_dir, locales),
        *back_translation_problems(bundle, translations_dir, locales),
        *figure_problems(bundle, translations_dir, locales),
    ]
    if "vi" in locales:
        found += vietnamese_problems(bundle, translations_dir)
    return found
