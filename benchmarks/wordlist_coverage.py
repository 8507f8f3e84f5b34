"""How well the word lists cover what people write, per locale. Prints
numbers; asserts nothing.

    .venv/bin/python benchmarks/wordlist_coverage.py

For each locale: how many words the list keeps (Zipf >= 3.5), and the share
of the words in our phrasing sets (tests/eval/*.yaml and tests/realworld/)
that it knows, counted over word tokens of 3+ letters in messages of that
locale. Also the time to build the lists from wordfreq's files and to read
them back from the cache.

Why wordfreq (measured 2026-12-05): it has lists for 9 of our 10 languages
(all but Haitian Creole) in one PyPI package, with frequencies, so a word can
be judged real *and* common. Debian's hunspell dictionaries have no Tagalog,
Haitian Creole, Chinese or Korean dictionary, give no frequencies, and need
apt (root) to install, which `make run` must not.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections import Counter
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LOCALES = ("en", "es", "zh-Hans", "vi", "ko", "tl", "ht", "ar", "pt", "fr")


def main() -> None:
    from app.cli.scoring import load_cases
    from app.content.wordlists import load_wordlists
    from app.engine.normalize import normalize
    from app.engine.normalize import tokenize

    with tempfile.TemporaryDirectory() as cache:
        started = time.perf_counter()
        lists = load_wordlists(LOCALES, ROOT / "content", cache)
        built = time.perf_counter() - started
        started = time.perf_counter()
        load_wordlists(LOCALES, ROOT / "content", cache)
        cached = time.perf_counter() - started

    files = [*sorted((ROOT / "tests" / "eval").glob("*.yaml")), ROOT / "tests" / "realworld"]
    tokens: dict[str, Counter] = defaultdict(Counter)
    for case in load_cases([f for f in files if f.exists()]):
        for token in tokenize(normalize(case.text)):
            if len(token) >= 3 and token.isalpha():
                tokens[case.locale][token] += 1

    print(f"word lists: {lists.source}")
    print(f"built from the package files in {built * 1000:.0f} ms; read from the cache in {cached * 1000:.0f} ms")
    print(f"{'locale':8} {'words':>7} {'tokens':>7} {'known':>7}")
    for locale in LOCALES:
        table = lists.zipf10.get(locale)
        seen = tokens.get(locale, Counter())
        total = sum(seen.values())
        if table is None:
            print(f"{locale:8} {'-':>7} {'-':>7}   (told by its script, matched by substring)")
            continue
        known = sum(n for token, n in seen.items() if token in table)
        share = f"{known / total:7.1%}" if total else "      -"
        print(f"{locale:8} {len(table):7d} {total:7d} {share}")


if __name__ == "__main__":
    main()
