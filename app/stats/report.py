"""Reports of the counters for a period, with small cells hidden so a rare
combination cannot single out a person; totals stay exact."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Iterable

from app.stats.recorder import KINDS
from app.store.counters import Row
from app.store.counters import days_between

@dataclass(frozen=True)
class Report:
    """Counts grouped for a period, with small cells hidden."""

    since: str
    until: str
    threshold: int
    totals: dict[str, int]  # kind -> exact total
    by_day: list[tuple[str, int | None]]  # conversations per day (None = hidden)
    by_topic: list[tuple[str, int | None]]  # messages per topic, most first
    by_locale: list[tuple[str, int | None, int | None, float | None]]  # messages, fallbacks, rate
    by_channel: list[tuple[str, int | None]]
    cells: list[dict]  # every cell, for csv/json (count None = hidden)


def report(rows: Iterable[Row], since: str, until: str, threshold: int,
           tenant: str | None = None) -> Report:
    rows = [r for r in rows if tenant is None or r.tenant == tenant]

    def hide(n: int) -> int | None:
        return n if n >= threshold else None

    totals = {kind: 0 for kind in KINDS}
    per_day: Counter = Counter()
    per_topic: Counter = Counter()
    per_locale: Counter = Counter()
    fallbacks: Counter = Counter()
    per_channel: Counter = Counter()
    for r in rows:
        totals[r.kind] = totals.get(r.kind, 0) + r.count
        if r.kind == "conversations":
            per_day[r.day] += r.count
        if r.kind == "messages":
            per_topic[r.topic] += r.count
            per_locale[r.locale] += r.count
            per_channel[r.channel] += r.count
        if r.kind == "fallbacks":
            fallbacks[r.locale] += r.count
    by_locale = []
    for locale, n in per_locale.most_common():
        shown, fb = hide(n), hide(fallbacks[locale]) if fallbacks[locale] else 0
        rate = fallbacks[locale] / n if shown is not None and fb is not None and n else None
        by_locale.append((locale, shown, fb, rate))
    cells = [
        {"day": r.day, "topic": r.topic, "locale": r.locale, "channel": r.channel,
         "tenant": r.tenant, "kind": r.kind, "count": hide(r.count)}
        for r in sorted(rows, key=lambda r: (r.day, r.kind, r.topic, r.locale, r.channel, r.tenant))
    ]
    return Report(
        since=since,
        until=until,
        threshold=threshold,
        totals=totals,
        by_day=[(d, hide(per_day.get(d, 0))) for d in days_between(since, until)],
        by_topic=[(t, hide(n)) for t, n in per_topic.most_common()],
        by_locale=by_locale,
        by_channel=[(c, hide(n)) for c, n in per_channel.most_common()],
        cells=cells,
    )
