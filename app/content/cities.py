"""US city names to states, for "I live in Houston" (issue 14).

From the offline ``zipcodes`` package (the same data that maps ZIP codes to
states): every ZIP code's city and state. A city name counts only when one
state holds most of the ZIP codes of that name: "Houston" is Texas (the
other nine Houstons are small towns), "Springfield" is nobody's, and the
person is asked for a ZIP code or state instead.

Reading the package's 42,000 ZIP records takes about two seconds, so the
table is built in a background thread after start-up (or on the first
lookup, whichever comes first) and cached in the instance folder for the
next processes (a few milliseconds to read).

Measured 2026-12-05 with zipcodes 3.0.0: the ZIP records (with their
"acceptable" city names) give 25,814 city names, of which 4,954 exist in more
than one state; 21,233 map to one state by the dominance rule (Houston, Miami,
Portland: yes; Springfield, Queens, Lawrence: no), and 14,051 remain once
small towns named like common words are left out; the 39,557 (city, state)
pairs serve "Newark NJ". Building takes about 2 s (benchmarks/cities_bench.py);
reading the cache about 10 ms.
"""

from __future__ import annotations

import importlib.metadata
import os
import pickle
import threading
from collections import Counter
from collections import defaultdict
from pathlib import Path

from app.engine.normalize import normalize

CACHE_FORMAT = 3
DOMINANT_SHARE = 0.7  # one state holds this share of a city name's ZIP codes
# A name that is also a common word in a language our readers write ("only",
# "nada", "casa", "stop") counts only for a big city (Houston has 190 ZIP
# codes, Plano 9, Mesa 19): small towns named after words would otherwise
# turn ordinary replies into places.
COMMON_WORD_ZIPF = 3.0  # about 1 in a million words
BIG_CITY_ZIPS = 8
WORD_LANGUAGES = ("en", "es", "fr", "pt", "fil", "vi")  # wordfreq has no Haitian list


def build_table() -> dict[str, str]:
    """Normalized city name -> state code, for names one state dominates;
    and, under "name|ST" keys, every city of every state, so that a city
    followed by its state code ("Newark NJ") is known whoever dominates."""
    import zipcodes

    per_city: dict[str, Counter] = defaultdict(Counter)
    for record in zipcodes.list_all():
        names = [record.get("city") or "", *(record.get("acceptable_cities") or [])]
        for name in names:
            key = normalize(name)
            if key:
                per_city[key][record["state"]] += 1
    table = {}
    for city, states in per_city.items():
        for code in states:
            table[f"{city}|{code.lower()}"] = code
        state, count = states.most_common(1)[0]
        if count / sum(states.values()) < DOMINANT_SHARE:
            continue
        if count < BIG_CITY_ZIPS and _is_common_word(city):
            continue  # "Only, TN", "Nada, TX", "Casa, AR": words first
        table[city] = state
    return table


def _is_common_word(name: str) -> bool:
    from wordfreq import zipf_frequency

    return any(zipf_frequency(name, lang) >= COMMON_WORD_ZIPF for lang in WORD_LANGUAGES)


# One build per process, however many apps (tests make many) ask for it.
_BUILD_LOCK = threading.Lock()


class CityTable:
    """A lazily built, disk-cached city -> state map; thread-safe."""

    def __init__(self, cache_dir: str | Path | None = None):
        self.cache_dir = Path(cache_dir) if cache_dir else None
        self._table: dict[str, str] | None = None
        self._lock = _BUILD_LOCK
        if self._cache_path() is not None and self._cache_path().is_file():
            self._load()  # cheap: read the cache now, so lookups never wait

    def _cache_path(self) -> Path | None:
        if self.cache_dir is None:
            return None
        try:
            version = importlib.metadata.version("zipcodes")
        except importlib.metadata.PackageNotFoundError:
            version = "unknown"
        return self.cache_dir / f"cities-{CACHE_FORMAT}-{version}.pickle"

    def _load(self) -> None:
        try:
            with self._cache_path().open("rb") as fh:
                self._table = pickle.load(fh)
        except (OSError, pickle.UnpicklingError, EOFError):
            self._table = None

    def table(self) -> dict[str, str]:
        if self._table is None:
            with self._lock:
                path = self._cache_path()
                if self._table is None and path is not None and path.is_file():
                    self._load()  # another app of this process built it meanwhile
                if self._table is None:
                    table = build_table()
                    path = self._cache_path()
                    if path is not None:
                        try:
                            path.parent.mkdir(parents=True, exist_ok=True)
                            tmp = path.with_suffix(f".{os.getpid()}.tmp")
                            with tmp.open("wb") as fh:
                                pickle.dump(table, fh, protocol=pickle.HIGHEST_PROTOCOL)
                            tmp.replace(path)
                        except OSError:
                            pass
                    self._table = table
        return self._table

    def warm(self) -> None:
        """Build the table in a background thread, so the first "I live in
        Houston" does not wait for it (start-up does not either)."""
        if self._table is None:
            threading.Thread(target=self.table, name="cities", daemon=True).start()

    def __call__(self, normalized_name: str) -> str | None:
        """The state that most cities of this name are in, if one is."""
        return self.table().get(normalized_name)

    def has(self, normalized_name: str, state_code: str) -> bool:
        """Whether ``state_code`` has a city of this name."""
        return f"{normalized_name}|{state_code.lower()}" in self.table()
