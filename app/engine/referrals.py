"""Finding legal-aid organizations for a place: ZIP codes, states, kinds of help."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING
from typing import Callable
from typing import Mapping
from typing import Sequence

from app.engine.normalize import ascii_digits
from app.engine.normalize import compact
from app.engine.normalize import is_unspaced
from app.engine.normalize import normalize

ZIP_RE = re.compile(r"(?<![0-9])([0-9]{5})(?:-[0-9]{4})?(?![0-9])")
KINDS = ("detention", "immigration", "tax")  # most specific first
MAX_LOCAL = 3

if TYPE_CHECKING:
    from app.content.schema import Organization


@lru_cache(maxsize=4096)
def zip_state(zip5: str) -> str | None:
    """Two-letter state (or territory) of a US ZIP code, or None if unknown.

    Uses the offline ``zipcodes`` package (no network); its data loads on the
    first call.
    """
    import zipcodes  # imported lazily: its data costs start-up time

    try:
        found = zipcodes.matching(zip5)
    except (TypeError, ValueError):
        return None
    return found[0]["state"] if found else None


@dataclass(frozen=True)
class Place:
    state: str
    zip5: str | None = None


class Places:
    """State names in every locale, to recognize "legal help in Illinois";
    with ``cities`` (a lookup from a city name to its state), US city names
    too ("I live in Houston")."""

    def __init__(
        self,
        states: Mapping[str, Mapping[str, Sequence[str]]],
        cities: Callable[[str], str | None] | None = None,
    ):
        self._cities = cities
        names: dict[str, str] = {}
        for code, by_locale in states.items():
            for locale_names in by_locale.values():
                for name in locale_names:
                    names[normalize(name)] = code
        self._names = names
        self._codes = {code.lower(): code for code in states}
        # Names in scripts written without spaces (加州, 캘리포니아) are found
        # anywhere in the message; the others as whole words.
        self._unspaced = sorted(
            ((compact(n), code) for n, code in names.items() if is_unspaced(n)),
            key=lambda pair: len(pair[0]),
            reverse=True,
        )
        # Longest names first so "west virginia" wins over "virginia".
        ordered = sorted((n for n in names if not is_unspaced(n)), key=len, reverse=True)
        self._pattern = (
            re.compile(r"(?<!\w)(" + "|".join(re.escape(n) for n in ordered) + r")(?!\w)")
            if ordered
            else None
        )
        self._display = {
            code: {loc: list(ns)[0] for loc, ns in by_locale.items() if ns}
            for code, by_locale in states.items()
        }

    def name(self, code: str, locale: str) -> str:
        names = self._display.get(code, {})
        return names.get(locale) or names.get("en") or code

    def find(
        self, text: str, *, whole_code: bool, cities: bool = False
    ) -> tuple[Place | None, str | None]:
        """(place, bad_zip): a place named in ``text``; or the ZIP that is not real.

        Two-letter codes ("IL") count only when they are the whole message
        (``whole_code``) or follow a city ("houston tx"), since short words
        collide with codes otherwise. City names are looked up only when
        ``cities`` (the person is telling where they are), since many are
        also ordinary words ("Mobile", "Paris").
        """
        zip_match = ZIP_RE.search(ascii_digits(text))
        if zip_match:
            zip5 = zip_match.group(1)
            state = zip_state(zip5)
            if state:
                return Place(state, zip5), None
            return None, zip5
        norm = normalize(text)
        if whole_code and norm in self._codes:
            return Place(self._codes[norm]), None
        if self._pattern is not None:
            found = self._pattern.search(norm)
            if found:
                return Place(self._names[found.group(1)]), None
        if self._unspaced:
            squeezed = compact(norm)
            for name, code in self._unspaced:
                if name in squeezed:
                    return Place(code), None
        if cities and self._cities is not None:
            return self._city(norm), None
        return None, None

    def _city(self, norm: str) -> Place | None:
        """The state of a city named in the message ("i live in houston tx"):
        the longest name first; a state code right after it wins."""
        tokens = norm.split()
        for size in (3, 2, 1):
            for start in range(len(tokens) - size + 1):
                name = " ".join(tokens[start : start + size])
                if len(name) < 3:
                    continue
                after = tokens[start + size] if start + size < len(tokens) else ""
                code = self._codes.get(after)
                has = getattr(self._cities, "has", None)
                if code is not None and has is not None and has(name, code):
                    return Place(code)  # "Newark NJ": the code tells which Newark
                state = self._cities(name)
                if state is not None:
                    return Place(code or state)
        return None


def select(
    organizations: Sequence[Organization],
    place: Place | None,
    kind: str | None,
) -> tuple[list[Organization], list[Organization]]:
    """(local, national) organizations for ``place``, best first.

    Local: ZIP-prefix matches before state-wide ones, the asked kind of help
    before general legal aid; at most three. National: every national entry
    that helps with the asked kind (or all of them when no kind was asked).
    """

    def helps(org: Organization) -> bool:
        return kind is None or kind in org.helps_with or "general" in org.helps_with

    local: list[tuple[tuple[int, int, int], Organization]] = []
    national: list[Organization] = []
    for order, org in enumerate(organizations):
        if org.serves.national:
            if kind is None or kind in org.helps_with:
                national.append(org)
            continue
        if place is None or not helps(org):
            continue
        by_zip = bool(place.zip5) and any(
            place.zip5.startswith(p) for p in org.serves.zip_prefixes
        )
        if not by_zip and place.state not in org.serves.states:
            continue
        exact_kind = kind is not None and kind in org.helps_with
        local.append(((0 if by_zip else 1, 0 if exact_kind else 1, order), org))
    local.sort(key=lambda pair: pair[0])
    return [org for _, org in local[:MAX_LOCAL]], national
