"""How long the city -> state table takes to build and to read back, how
many names it holds, and how many everyday words it would wrongly take for
places. Prints numbers; asserts nothing.

    python benchmarks/cities_bench.py
"""

from __future__ import annotations

import tempfile
import time

from app.content.cities import CityTable
from app.content.cities import build_table

# Replies people send after the bot's questions, in several languages.
EVERYDAY = (
    "yes no ok okay skip none nothing help ice scared more next stop start only "
    "si nada casa solo ayuda miedo gracias mas oui non merci aide sim nao obrigado "
    "wi non mesi ede oo hindi salamat co khong"
).split()


def main() -> None:
    started = time.perf_counter()
    table = build_table()
    built = time.perf_counter() - started
    names = [k for k in table if "|" not in k]
    print(f"build: {built * 1000:.0f} ms, {len(names)} city names one state dominates, "
          f"{len(table) - len(names)} (city, state) pairs")
    with tempfile.TemporaryDirectory() as tmp:
        CityTable(tmp).table()  # writes the cache
        started = time.perf_counter()
        again = CityTable(tmp)
        again("houston")
        print(f"read from cache: {(time.perf_counter() - started) * 1000:.1f} ms")
    taken = [w for w in EVERYDAY if w in table]
    print(f"everyday words taken for a city: {len(taken)} of {len(EVERYDAY)} {taken}")
    for city in ("houston", "miami", "los angeles", "el paso", "yakima", "springfield"):
        print(f"  {city!r} -> {table.get(city)}")


if __name__ == "__main__":
    main()
