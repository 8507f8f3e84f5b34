"""Personal-data shield: find identifying numbers and addresses in a message
and take them out before anything else (matching, logs, storage) sees it.

Detected: US Social Security numbers and ITINs (nine digits, with or without
dashes or spaces), A-numbers (an "A" then eight or nine digits), phone numbers
(the ``phonenumbers`` library, US and international formats) and e-mail
addresses. The person is warned not to share them here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers

REDACTED = "[…]"

# SSN or ITIN: 3-2-4 digits with optional dash/space/dot separators, or a run
# of exactly nine digits. (Any nine-digit number is treated as sensitive.)
_SSN = re.compile(r"(?<![\d-])\d{3}([-\s.]?)\d{2}\1\d{4}(?![\d-])")
# A-number (Alien Registration Number): A, A# or A-number, then 8 or 9 digits.
_ANUMBER = re.compile(
    r"(?<![A-Za-z0-9])A(?:[-\s#:]|-?number\s*:?\s*|#\s*)?\d{3}[-\s]?\d{3}[-\s]?\d{2,3}(?!\d)",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


@dataclass(frozen=True)
class Shielded:
    text: str  # the message with every finding replaced by REDACTED
    kinds: frozenset[str]  # what was found: ssn, a-number, phone, email


def shield(text: str) -> Shielded:
    kinds: set[str] = set()

    def sub(pattern: re.Pattern[str], kind: str, value: str) -> str:
        replaced, count = pattern.subn(REDACTED, value)
        if count:
            kinds.add(kind)
        return replaced

    # Cheap tests first: most messages hold no "@" and too few digits for any
    # of these, and the patterns cost far more than the tests.
    if "@" in text:
        text = sub(_EMAIL, "email", text)
    if sum(map(str.isdigit, text)) < 7:
        return Shielded(text, frozenset(kinds))
    text = sub(_ANUMBER, "a-number", text)
    text = sub(_SSN, "ssn", text)
    if sum(map(str.isdigit, text)) >= 7:
        spans = [
            (m.start, m.end)
            for m in phonenumbers.PhoneNumberMatcher(text, "US", leniency=phonenumbers.Leniency.POSSIBLE)
        ]
        for start, end in reversed(spans):
            text = text[:start] + REDACTED + text[end:]
        if spans:
            kinds.add("phone")
    return Shielded(text, frozenset(kinds))
