"""Bar charts drawn on the server as SVG: no script, no third party.

Each chart has a <title> and <desc>, and the page shows the same numbers in
a table, so the charts are readable with a screen reader. Hidden cells
(below the reporting threshold) get no bar and the label "fewer than N"."""

from __future__ import annotations

from markupsafe import Markup
from markupsafe import escape

BAR = "#0b5394"
TEXT = "#1b1b1b"


def bars(chart_id: str, title: str, items: list[tuple[str, int | float | None]],
         hidden_label: str, percent: bool = False) -> Markup:
    row_h, label_w, bar_w, pad = 26, 170, 360, 8
    height = pad * 2 + row_h * max(1, len(items))
    width = label_w + bar_w + 90
    top = max([v for _l, v in items if v is not None] or [1]) or 1
    parts = [
        f'<svg id="{escape(chart_id)}" class="chart" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" aria-labelledby="{escape(chart_id)}-t {escape(chart_id)}-d" '
        'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{escape(chart_id)}-t">{escape(title)}</title>',
        f'<desc id="{escape(chart_id)}-d">{len(items)} bars; the table below lists the values.</desc>',
    ]
    for i, (label, value) in enumerate(items):
        y = pad + i * row_h
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 17}" text-anchor="end" font-size="13" '
            f'fill="{TEXT}">{escape(str(label)[:24])}</text>'
        )
        if value is None:
            parts.append(
                f'<text x="{label_w + 4}" y="{y + 17}" font-size="13" fill="{TEXT}">{escape(hidden_label)}</text>'
            )
            continue
        w = max(1, int(bar_w * value / top))
        shown = f"{value:.0%}" if percent else f"{value:,}"
        parts.append(
            f'<rect class="bar" x="{label_w}" y="{y + 4}" width="{w}" height="{row_h - 8}" fill="{BAR}"/>'
        )
        parts.append(
            f'<text x="{label_w + w + 6}" y="{y + 17}" font-size="13" fill="{TEXT}">{escape(shown)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
