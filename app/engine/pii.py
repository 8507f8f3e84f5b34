"""Personal-data shield: find identifying numbers and addresses in a message
and take them out before anything else (matching, logs, storage) sees it.

Detected: US Social Security numbers and ITINs (nine digits, with or without
dashes or spaces), A-numbers (an "A" then eight or nine digits), phone numbers
(North American shapes, and international "+" numbers that Google's
libphonenumber rules, through the ``phonenumbers`` library, call possible) and e-mail
addresses. The person is warned not to share them here.

Every pattern runs in time linear in the message (issue 16: crafted messages
made the old e-mail and A-number patterns quadratic): quantifiers are
bounded, and a pattern can start only where a run of its characters starts.
Full-width forms ("１２３－４５－６７８９") are folded to ASCII first (NFKC) and
separators may carry spaces ("123 - 45 - 6789").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import phonenumbers

REDACTED = "[…]"

# A separator between digit groups: a dash, dot or space, with a space or two
# around it ("123-45-6789", "123 45 6789", "123 - 45 - 6789").
_SEP = r"(?:\s{0,2}[-.]\s{0,2}|\s{1,2})?"
# SSN or ITIN: 3-2-4 digits with those separators, or a run of exactly nine
# digits. (Any nine-digit number is treated as sensitive.)
_SSN = re.compile(rf"(?<![\d-])\d{{3}}{_SEP}\d{{2}}{_SEP}\d{{4}}(?![\d-])")
# A-number (Alien Registration Number): A, A#, A-number or A number, then 8 or 9 digits.
_ANUMBER = re.compile(
    rf"(?<![A-Za-z0-9])A(?:[-#:]|\s{{1,2}}|-?\s{{0,2}}number\s{{0,2}}[:#]?\s{{0,2}}|#\s{{0,2}})?"
    rf"\d{{3}}{_SEP}\d{{3}}{_SEP}\d{{2,3}}(?!\d)",
    re.IGNORECASE,
)
# An address starts where a run of address characters starts (so a long run
# without "@" is read once), with the lengths the standard allows.
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}")
# Phone numbers by their shape: North American (312) 555-0199, 312.555.0199,
# 3125550199, +1 312 555 0199; and international +52 55 1234 5678.
_PHONE_SEP = r"[\s.-]{0,2}"
_NANP = re.compile(
    rf"(?<![\d+])(?:\+?1{_PHONE_SEP})?(?:\(\d{{3}}\)|\d{{3}}){_PHONE_SEP}\d{{3}}{_PHONE_SEP}\d{{4}}(?!\d)"
)
_INTERNATIONAL = re.compile(rf"(?<![\d+])\+\d{{1,3}}(?:{_PHONE_SEP}\(?\d{{1,4}}\)?){{2,5}}(?!\d)")
# Invisible characters (soft hyphen, zero-width spaces and joiners, direction
# marks, word joiner, BOM) between digits or separators: "123\u200b-45-6789"
# must not slip past. Elsewhere they are left alone (emoji and some scripts
# need the joiners).
_HIDDEN_IN_NUMBER = re.compile(r"(?<=[\d\s.-])[\u00ad\u200b-\u200f\u2060-\u2064\ufeff]{1,8}(?=[\d\s.-])")
MAX_CHECKED = 10  # international candidates checked with phonenumbers per message; the rest are taken out


@dataclass(frozen=True)
class Shielded:
    text: str  # the message with every finding replaced by REDACTED
    kinds: frozenset[str]  # what was found: ssn, a-number, phone, email


def shield(text: str) -> Shielded:
    kinds: set[str] = set()
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)  # full-width digits, dashes and "@"
        text = _HIDDEN_IN_NUMBER.sub("", text)

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
        text = sub(_NANP, "phone", text)
        checked = 0

        def international(found: re.Match[str]) -> str:
            # Google's libphonenumber rules say whether "+<digits>" can be a
            # number; past a few candidates, the shape alone decides.
            nonlocal checked
            checked += 1
            if checked > MAX_CHECKED or _possible(found.group(0)):
                kinds.add("phone")
                return REDACTED
            return found.group(0)

        text = _INTERNATIONAL.sub(international, text)
    return Shielded(text, frozenset(kinds))


def _possible(candidate: str) -> bool:
    try:
        return phonenumbers.is_possible_number(phonenumbers.parse(candidate, None))
    except phonenumbers.NumberParseException:
        return False
