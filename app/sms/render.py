"""Replies shaped for a basic phone: the short answer form, numbered choices,
at most 3 segments per message.

A reply longer than three segments is cut into parts at line breaks (or words);
every part but the last ends with "Reply MORE for the rest." The SMS service
keeps only the number of the next part and rebuilds the reply from the
conversation state to send it, so no reply text is stored.
"""

from __future__ import annotations

import unicodedata
from typing import Callable

from app.engine.i18n import N_
from app.engine.reply import Reply
from app.sms.segments import GSM7_BASIC
from app.sms.segments import GSM7_EXTENSION
from app.sms.segments import count_segments
from app.sms.segments import is_gsm7

MAX_SEGMENTS = 3
MIN_FILL = 40  # characters of a line worth starting at the end of a part
REPLY_WITH = N_("Reply with a number:")
MORE = N_("Reply MORE for the rest.")

# Locales where dropping accents keeps the text readable; used only when it
# saves at least one segment. Never for Vietnamese (tone marks carry meaning)
# or scripts that are not Latin.
TRANSLITERATE = frozenset({"en", "es", "pt", "fr", "ht", "tl"})

_PUNCTUATION = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2026": "...",
        "\u00a0": " ",
        "\u202f": " ",
        "\u2022": "-",
        "\u00ab": '"',
        "\u00bb": '"',
    }
)


def to_gsm7(text: str) -> str:
    """``text`` with typographic punctuation made plain and accents dropped
    from letters GSM-7 lacks (á -> a), keeping those it has (é, ñ, ü)."""
    out = []
    for ch in text.translate(_PUNCTUATION):
        if ch in GSM7_BASIC or ch in GSM7_EXTENSION:
            out.append(ch)
            continue
        base = unicodedata.normalize("NFD", ch)[0]
        out.append(base if base in GSM7_BASIC else ch)
    return "".join(out)


def fit(text: str, locale: str) -> str:
    """Transliterate to GSM-7 only where allowed and only if it saves segments."""
    if locale.split("-")[0] not in TRANSLITERATE or is_gsm7(text):
        return text
    plain = to_gsm7(text)
    if is_gsm7(plain) and count_segments(plain).segments < count_segments(text).segments:
        return plain
    return text


# The list of languages asks for a number in its own text: its choices go
# out as a compact list ("1 English"), with no "Reply with a number:" line.
COMPACT_LISTS = frozenset({"language"})

# Notices read before the answer: the personal-data warning first of all;
# then, after the question, what the reader is reading (an automatic or
# English-only translation). On a phone the first part is often all that is read.
FIRST_NOTICES = frozenset({"pii"})
STATUS_NOTICES = frozenset(
    {"translation-unreviewed", "translation-unavailable", "translation-reviewed"}
)


def full_text(reply: Reply, tr: Callable[[str], str]) -> str:
    """The whole SMS reply before splitting: the personal-data warning, the
    question answered, the translation's status, the short form (or the text
    when there is none), other notices, then numbered choices."""
    lines = [n.message for n in reply.notices if n.code in FIRST_NOTICES]
    if reply.heading:
        lines.append(reply.heading)  # the question first (issue 14)
    lines += [n.message for n in reply.notices if n.code in STATUS_NOTICES]
    lines.append((reply.short if reply.short is not None else reply.text).strip())
    for notice in reply.notices:
        if notice.code not in FIRST_NOTICES | STATUS_NOTICES:
            lines.append(notice.message)
    if reply.topic in COMPACT_LISTS and reply.choices and reply.choices[0].value.startswith("lang:"):
        # The text already says to reply with a number; short numbering keeps
        # all ten languages in one message (measured in the tests).
        lines.append("\n".join(f"{i} {c.label}" for i, c in enumerate(reply.choices, 1)))
    elif reply.choices:
        numbered = [f"{i}) {c.label}" for i, c in enumerate(reply.choices, 1)]
        lines.append("\n".join([tr(REPLY_WITH), *numbered]))
    return "\n\n".join(line for line in lines if line)


def _split_long_line(line: str, limit: Callable[[str], bool]) -> list[str]:
    words, pieces, current = line.split(" "), [], ""
    for word in words:
        candidate = f"{current} {word}".strip()
        if current and not limit(candidate):
            pieces.append(current)
            current = word
        else:
            current = candidate
    if current:
        pieces.append(current)
    return pieces


def pages(reply: Reply, tr: Callable[[str], str]) -> list[str]:
    """The reply as SMS parts of at most 3 segments each."""
    text = fit(full_text(reply, tr), reply.locale)
    if count_segments(text).segments <= MAX_SEGMENTS:
        return [text]
    more = fit(tr(MORE), reply.locale)

    def fits(body: str) -> bool:
        return count_segments(fit(f"{body}\n{more}", reply.locale)).segments <= MAX_SEGMENTS

    lines: list[str] = []
    for line in text.split("\n"):
        lines.extend(_split_long_line(line, fits) if not fits(line) else [line])
    parts, current = [], ""
    for line in lines:
        candidate = f"{current}\n{line}" if current else line
        if not current or fits(candidate):
            current = candidate
            continue
        # The line does not fit in what is left of this part: fill the part
        # with its first words (a part holding only the question line, and the
        # answer in the next, would waste a message), unless few would fit.
        words = line.split(" ")
        taken = 0
        while taken < len(words) and fits(f"{current}\n{' '.join(words[: taken + 1])}"):
            taken += 1
        head = " ".join(words[:taken])
        if len(head) >= MIN_FILL and taken < len(words):
            parts.append(f"{current}\n{head}".strip("\n"))
            current = " ".join(words[taken:])
        else:
            parts.append(current.strip("\n"))
            current = line
    if current.strip():
        parts.append(current.strip("\n"))
    out = [fit(f"{p}\n{more}", reply.locale) for p in parts[:-1]]
    out.append(fit(parts[-1], reply.locale))
    return out
