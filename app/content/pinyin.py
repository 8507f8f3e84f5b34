"""Chinese characters' readings and how common they are, for homophone typos
(``app/engine/homophones.py``).

The readings are pypinyin's character table (https://github.com/mozillazg/python-pinyin,
from the Unihan database), read from the package's data file without importing
the package (its import loads a large phrase table we do not use). Tones are
dropped: the input methods people type with ignore them. Only each
character's first (commonest) reading is kept, and only the CJK Unified
Ideographs block is kept. How common a character or a two-character word is
comes from wordfreq's Chinese list (Zipf x 10, as ``app/content/wordlists.py``
reads the others). Both are cached in the instance folder, keyed by the two
packages' versions.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
import unicodedata
from pathlib import Path

from app.content.cached import cached
from app.content.wordlists import wordfreq_table
from app.content.wordlists import wordfreq_version
from app.engine.homophones import ChineseSounds

CACHE_FORMAT = 3
_FIRST, _LAST = 0x4E00, 0x9FFF  # CJK Unified Ideographs
COMMON_ZIPF10 = 30


def load_readings(cache_dir: str | Path | None = None) -> ChineseSounds:
    """The readings and frequencies, or empty tables when pypinyin is not installed."""
    try:
        pinyin = importlib.metadata.version("pypinyin")
    except importlib.metadata.PackageNotFoundError:
        return ChineseSounds()
    return cached(cache_dir, "pinyin", f"{pinyin}-{wordfreq_version()}-{CACHE_FORMAT}", _build)


def _build() -> ChineseSounds:
    spec = importlib.util.find_spec("pypinyin")
    if spec is None or not spec.submodule_search_locations:
        return ChineseSounds()
    data = json.loads(
        (Path(next(iter(spec.submodule_search_locations))) / "pinyin_dict.json").read_text("utf-8")
    )
    return ChineseSounds(
        {
            chr(code): _toneless(readings.split(",")[0])
            for key, readings in data.items()
            if _FIRST <= (code := int(key)) <= _LAST
        },
        {word: z for word, z in wordfreq_table("zh", COMMON_ZIPF10).items() if len(word) <= 2},
    )


def _toneless(reading: str) -> str:
    """ "lǜ" -> "lu", "kuài" -> "kuai"."""
    return "".join(ch for ch in unicodedata.normalize("NFD", reading) if not unicodedata.combining(ch))
