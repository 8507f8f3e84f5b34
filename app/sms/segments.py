"""How many SMS segments a text costs, and in which encoding.

GSM-7 (3GPP TS 23.038 default alphabet): 160 characters in one segment, 153
per segment once concatenated (the user-data header takes 7); characters of
the extension table (such as ``€ [ ] { } ~ ^ | \\``) cost two. Any character
outside GSM-7 makes the whole message UCS-2: 70 characters in one segment, 67
per segment when concatenated; characters outside the Basic Multilingual
Plane (emoji) cost two UTF-16 units.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = frozenset("\f^{}\\[~]|€")


@dataclass(frozen=True)
class SegmentCount:
    encoding: str  # "GSM-7" or "UCS-2"
    units: int  # septets (GSM-7) or UTF-16 code units (UCS-2)
    segments: int


def is_gsm7(text: str) -> bool:
    return all(ch in GSM7_BASIC or ch in GSM7_EXTENSION for ch in text)


def count_segments(text: str) -> SegmentCount:
    """Segments needed to send ``text`` as one (possibly concatenated) SMS."""
    if is_gsm7(text):
        units = sum(2 if ch in GSM7_EXTENSION else 1 for ch in text)
        single, multi, encoding = 160, 153, "GSM-7"
    else:
        units = len(text.encode("utf-16-le")) // 2
        single, multi, encoding = 70, 67, "UCS-2"
    if units <= single:
        return SegmentCount(encoding, units, 1 if units else 0)
    return SegmentCount(encoding, units, math.ceil(units / multi))
