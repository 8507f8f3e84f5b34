"""Translations for the engine: lookups in the gettext catalogs' strings,
CLDR dates, names and text direction.

The catalogs are read from translations/ by :mod:`app.i18n.catalogs` (the
``.po`` files themselves, so that fuzzy entries are known): a fuzzy or missing
translation of an answer is never served; the English answer is, with a note
in the reader's language.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from typing import Mapping

from babel import Locale
from babel.dates import format_date

SOURCE_LOCALE = "en"


def N_(message: str) -> str:
    """Mark an interface string for extraction; translate it later with ``tr``."""
    return message


@lru_cache(maxsize=64)
def babel_locale(code: str) -> Locale:
    """Babel's Locale for one of our codes ("zh-Hans" -> zh_Hans)."""
    return Locale.parse(code, sep="-")


# Babel (and so Flask-Babel) reads "tl" as Filipino, "fil": its catalog must be
# found under that name.
_CATALOG_NAMES = {"tl": "fil"}


def catalog_dir_name(code: str) -> str:
    """Folder of a locale's catalog: our code with "_" ("zh-Hans" -> "zh_Hans"),
    or the name Babel looks for where it differs ("tl" -> "fil")."""
    return _CATALOG_NAMES.get(code, code.replace("-", "_"))


@dataclass(frozen=True)
class CatalogStatus:
    translated: frozenset[tuple[str | None, str]]
    fuzzy: frozenset[tuple[str | None, str]]
    header_comment: str


# Roles a reviewer of a translation may have (translations/<locale>/reviews.yaml).
REVIEWER_ROLES = ("attorney", "accredited representative", "community reviewer", "professional translator")


@dataclass(frozen=True)
class Review:
    """A person checked one answer's translation, as it reads now."""

    topic: str
    reviewer: str
    role: str
    date: dt.date


class Catalogs:
    """Translated strings per locale; only non-fuzzy, non-empty ones are kept.

    Built from the ``.po`` files by :func:`app.i18n.catalogs.read_catalogs`
    (or from plain tables in tests): the engine itself reads no file."""

    def __init__(
        self,
        strings: Mapping[str, Mapping[tuple[str | None, str], str]] | None = None,
        status: Mapping[str, CatalogStatus] | None = None,
        reviews: Mapping[str, Mapping[str, Review]] | None = None,
    ):
        self._strings = MappingProxyType(
            {code: MappingProxyType(dict(table)) for code, table in (strings or {}).items()}
        )
        self.status = MappingProxyType(dict(status or {}))
        self._reviews = MappingProxyType(
            {code: MappingProxyType(dict(r)) for code, r in (reviews or {}).items()}
        )

    def review(self, locale: str, topic: str) -> Review | None:
        """Who checked this answer's translation as it reads now, if anyone."""
        found = self._reviews.get(locale)
        return found.get(topic) if found else None

    def lookup(self, locale: str, message: str, context: str | None = None) -> str | None:
        """The translation, or None when missing or fuzzy (English needs none)."""
        if locale == SOURCE_LOCALE:
            return message
        table = self._strings.get(locale)
        if table is None:
            return None
        return table.get((context, message))

    def tr(self, locale: str, message: str, **values: object) -> str:
        """Interface string in ``locale`` (English when untranslated), formatted."""
        text = self.lookup(locale, message) or message
        return text.format(**values) if values else text


# CLDR has no month names for Haitian Creole (Babel writes "2026 M12 5").
_HAITIAN_MONTHS = (
    "janvye fevriye mas avril me jen jiyè out septanm oktòb novanm desanm".split()
)


@lru_cache(maxsize=1024)
def format_day(day: dt.date, locale: str) -> str:
    """A date written the way the locale writes it ("November 25, 2026")."""
    if locale == "ht":
        return f"{day.day} {_HAITIAN_MONTHS[day.month - 1]} {day.year}"
    return format_date(day, format="long", locale=babel_locale(locale))


def text_direction(locale: str) -> str:
    return babel_locale(locale).text_direction


# Names people look for, where CLDR's differ ("tl" is "Filipino (Pilipinas)" there).
_NAMES = {"tl": "Tagalog"}


def display_name(locale: str, in_locale: str | None = None) -> str:
    if locale in _NAMES and in_locale in (None, locale):
        return _NAMES[locale]
    loc = babel_locale(locale)
    name = loc.get_display_name(babel_locale(in_locale or locale)) or locale
    return name[:1].upper() + name[1:]
