"""Loading the word lists the engine uses (see ``app/engine/wordlists.py``).

- Seven locales: wordfreq's "small" lists (words used at least once per
  million words, from Wikipedia, subtitles, news, books, web text, Twitter
  and Reddit; https://github.com/rspeer/wordfreq), read from the package's
  data files. ``tl`` uses wordfreq's Filipino list.
- Haitian Creole, which wordfreq lacks: our own list, ``content/wordlists/ht.txt``.

Words are normalized like messages and kept only when common enough to be
real words. Building the table from wordfreq's files takes a few hundred
milliseconds, so the result is cached in the instance folder, keyed by the
wordfreq version and the content of our own lists; a later start reads the
cache (a few tens of milliseconds).
"""

from __future__ import annotations

import gzip
import hashlib
import importlib.metadata
import importlib.util
from pathlib import Path
from typing import Iterable

from app.content.cached import cached
from app.engine.normalize import normalize
from app.engine.wordlists import REAL_WORD_ZIPF10
from app.engine.wordlists import WordLists
from app.errors import ContentError

# Our locale -> wordfreq's language code (None: no list from wordfreq).
# Chinese and Korean are matched by substring and told apart by their script,
# so their lists would not be used.
WORDFREQ_CODES = {
    "en": "en",
    "es": "es",
    "zh-Hans": None,
    "vi": "vi",
    "ko": None,
    "tl": "fil",
    "ar": "ar",
    "pt": "pt",
    "fr": "fr",
    "ht": None,
}
# Kept down to this frequency (Zipf x 10): rarer words are not needed to tell
# real words from typos or one language from another.
KEEP_ZIPF10 = REAL_WORD_ZIPF10
CACHE_FORMAT = 1


def load_wordlists(
    locales: Iterable[str], content_dir: str | Path, cache_dir: str | Path | None = None
) -> WordLists:
    locales = tuple(locales)
    own = {
        locale: Path(content_dir) / "wordlists" / f"{locale}.txt"
        for locale in locales
        if WORDFREQ_CODES.get(locale) is None
    }
    own = {locale: path for locale, path in own.items() if path.is_file()}
    version = wordfreq_version()
    key = hashlib.sha256(
        repr((CACHE_FORMAT, version, KEEP_ZIPF10, locales,
              sorted((loc, p.read_bytes()) for loc, p in own.items()))).encode()
    ).hexdigest()[:16]

    def build() -> dict[str, dict[str, int]]:
        tables: dict[str, dict[str, int]] = {}
        for locale in locales:
            code = WORDFREQ_CODES.get(locale)
            if code is not None and version is not None:
                tables[locale] = wordfreq_table(code, KEEP_ZIPF10)
            elif locale in own:
                tables[locale] = _from_own_list(own[locale])
        return tables

    tables = cached(cache_dir, "wordlists", key, build)
    return WordLists(tables, _describe(version, own), key)


def _describe(version: str | None, own: dict[str, Path]) -> str:
    parts = [f"wordfreq {version} small lists" if version else "wordfreq not installed"]
    parts += [f"{loc}: content/wordlists/{path.name}" for loc, path in sorted(own.items())]
    return "; ".join(parts)


def wordfreq_version() -> str | None:
    try:
        return importlib.metadata.version("wordfreq")
    except importlib.metadata.PackageNotFoundError:
        return None


def _data_file(code: str) -> Path:
    # The package's data folder, found without importing wordfreq itself
    # (its import pulls in regex, ftfy and langcodes: a quarter second).
    spec = importlib.util.find_spec("wordfreq")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("wordfreq")
    return Path(next(iter(spec.submodule_search_locations))) / "data" / f"small_{code}.msgpack.gz"


def wordfreq_table(code: str, keep_zipf10: int) -> dict[str, int]:
    """wordfreq's cBpack file: a header, then buckets of words; bucket ``i``
    holds the words whose frequency is 10 ** (-i / 100) (i centibels)."""
    import msgpack  # a dependency of wordfreq

    with gzip.open(_data_file(code), "rb") as fh:
        data = msgpack.load(fh, raw=False)
    header, buckets = data[0], data[1:]
    if not isinstance(header, dict) or header.get("format") != "cB":
        raise ContentError([f"wordfreq list {code!r}: unknown format {header!r}"])
    table: dict[str, int] = {}
    for index, bucket in enumerate(buckets):
        zipf10 = round((900 - index) / 10)
        if zipf10 < keep_zipf10:
            break
        for word in bucket:
            norm = word if word.isascii() and word.isalnum() else normalize(word)
            if norm and " " not in norm and norm not in table:
                table[norm] = zipf10
    return table


def _from_own_list(path: Path) -> dict[str, int]:
    """``word<TAB>zipf`` lines; ``#`` starts a comment. Bad lines are errors."""
    table: dict[str, int] = {}
    problems = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        word, _, value = line.partition("\t")
        try:
            zipf = float(value)
        except ValueError:
            problems.append(f"{path}:{number}: expected 'word<TAB>zipf'")
            continue
        norm = normalize(word)
        if norm and " " not in norm:
            table[norm] = max(table.get(norm, 0), round(zipf * 10))
    if problems:
        raise ContentError(problems)
    return table
