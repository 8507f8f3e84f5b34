"""Replies shaped for WhatsApp: the long answer form, the question as a
``*bold*`` heading, sources as plain links (WhatsApp makes them tappable),
parts cut at paragraph boundaries, and choices as buttons, a list or a
numbered list.

No Flask and no network here: :func:`pages` gives the texts, :func:`messages`
turns the last one and the reply's choices into the messages a phone shows,
within the platform's documented limits (README, "WhatsApp"):

- a text message holds at most 4,096 characters on Meta's Cloud API and
  1,600 through Twilio (Twilio refuses a longer ``Body``: error 21617);
- reply buttons: at most 3, each title at most 20 characters;
- a list: at most 10 rows, row titles at most 24 characters, row
  descriptions at most 72, the button that opens it at most 20;
- the text above buttons or a list: at most 1,024 characters.

Lengths are counted in UTF-16 code units (an emoji counts two), never fewer
than the characters the platforms count.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from app.engine.i18n import N_
from app.engine.reply import Choice
from app.engine.reply import Reply
from app.sms.render import COMPACT_LISTS
from app.sms.render import FIRST_NOTICES
from app.sms.render import MORE
from app.sms.render import REPLY_WITH
from app.sms.render import STATUS_NOTICES

META_TEXT_LIMIT = 4096
TWILIO_TEXT_LIMIT = 1600
INTERACTIVE_BODY_LIMIT = 1024
MAX_BUTTONS = 3
BUTTON_TITLE_LIMIT = 20
MAX_ROWS = 10
ROW_TITLE_LIMIT = 24
ROW_DESCRIPTION_LIMIT = 72
LIST_BUTTON_LIMIT = 20
ID_LIMIT = 200  # list row ids (button ids may hold 256)

SOURCES = "Sources"  # already in the catalogs (the chat page's heading)
CHOOSE = N_("Choose one:")
LIST_BUTTON = N_("Options")
ONLY_TEXT = N_(
    "I can only read text messages. Please write your question in words, or send MENU for topics."
)

Tr = Callable[[str], str]


def size(text: str) -> int:
    """Length in UTF-16 code units (what the platforms count, at most)."""
    return len(text.encode("utf-16-le")) // 2


@dataclass(frozen=True)
class Option:
    id: str  # the choice's value: sent back when tapped
    title: str
    description: str | None = None


@dataclass(frozen=True)
class Message:
    """One message as the phone shows it: ``kind`` is "text", "buttons" or
    "list" (``button`` is the label of the button that opens a list)."""

    kind: str
    body: str
    options: tuple[Option, ...] = ()
    button: str | None = None


def full_text(reply: Reply, tr: Tr, numbered: bool) -> str:
    """The whole reply before cutting: the personal-data warning, the question
    in bold, the translation's status, the long form, other notices, the
    sources, then (``numbered``) the choices as a numbered list."""
    paragraphs = [n.message for n in reply.notices if n.code in FIRST_NOTICES]
    if reply.heading:
        paragraphs.append(f"*{reply.heading.strip()}*")
    paragraphs += [n.message for n in reply.notices if n.code in STATUS_NOTICES]
    paragraphs.append(reply.text.strip())
    paragraphs += [n.message for n in reply.notices if n.code not in FIRST_NOTICES | STATUS_NOTICES]
    if reply.sources:
        links = [f"- {s.title}\n  {s.url}" for s in reply.sources]
        paragraphs.append("\n".join([f"{tr(SOURCES)}:", *links]))
    if numbered and reply.choices:
        paragraphs.append(numbered_choices(reply, tr))
    return "\n\n".join(p for p in paragraphs if p)


def numbered_choices(reply: Reply, tr: Tr) -> str:
    if reply.topic in COMPACT_LISTS and reply.choices[0].value.startswith("lang:"):
        return "\n".join(f"{i} {c.label}" for i, c in enumerate(reply.choices, 1))
    return "\n".join([tr(REPLY_WITH), *(f"{i}) {c.label}" for i, c in enumerate(reply.choices, 1))])


def pages(reply: Reply, tr: Tr, limit: int = META_TEXT_LIMIT, numbered: bool = False) -> list[str]:
    """The reply as parts of at most ``limit``, cut between paragraphs (then
    lines, then words, only where a paragraph alone is too long); every part
    but the last ends with "Reply MORE for the rest."."""
    text = full_text(reply, tr, numbered)
    if size(text) <= limit:
        return [text]
    more = tr(MORE)
    budget = limit - size(more) - 2
    pieces: list[str] = []
    for paragraph in text.split("\n\n"):
        pieces.extend(_cut(paragraph, budget, "\n") if size(paragraph) > budget else [paragraph])
    parts, current = [], ""
    for piece in pieces:
        candidate = f"{current}\n\n{piece}" if current else piece
        if size(candidate) <= budget:
            current = candidate
        else:
            parts.append(current)
            current = piece
    parts.append(current)
    return [f"{p}\n\n{more}" for p in parts[:-1]] + [parts[-1]]


def _cut(text: str, budget: int, separator: str) -> list[str]:
    """``text`` in pieces of at most ``budget``, at ``separator`` (lines, then
    words, then, for a word longer than a message, characters)."""
    out, current = [], ""
    for unit in text.split(separator):
        if size(unit) > budget:
            if current:
                out.append(current)
                current = ""
            if separator == "\n":
                out.extend(_cut(unit, budget, " "))
            else:
                out.extend(_hard_cut(unit, budget))
            continue
        candidate = f"{current}{separator}{unit}" if current else unit
        if size(candidate) <= budget:
            current = candidate
        else:
            out.append(current)
            current = unit
    if current:
        out.append(current)
    return out


def _hard_cut(text: str, budget: int) -> list[str]:
    out, current = [], ""
    for ch in text:
        if size(current + ch) > budget:
            out.append(current)
            current = ""
        current += ch
    return [*out, current] if current else out


def shorten(text: str, limit: int) -> str:
    """``text`` within ``limit``, cut at a word where one is near, with "…"."""
    text = " ".join(text.split())
    if size(text) <= limit:
        return text
    cut = text
    while cut and size(cut) > limit - 1:
        cut = cut[:-1]
    word = cut.rsplit(" ", 1)[0]
    if len(word) >= len(cut) * 2 // 3:
        cut = word
    return cut.rstrip(" ,;:-") + "…"


def messages(texts: tuple[str, ...] | list[str], choices: tuple[Choice, ...], tr: Tr,
             require_descriptions: bool = False) -> list[Message]:
    """The messages that carry ``texts`` and, with the last, ``choices``:
    up to 3 short choices as reply buttons, more as lists of up to 10 rows
    (several messages when there are more than 10, the rest again as
    buttons or a list: every choice stays tappable). The last text is the body above the buttons when it fits
    (1,024 characters); otherwise it goes alone and "Choose one:" leads.
    ``require_descriptions``: every row gets a description (Twilio's list
    picker requires one)."""
    out = [Message("text", t) for t in texts]
    options = [c for c in choices if c.value and size(c.value) <= ID_LIMIT]
    if not options:
        return out
    body = tr(CHOOSE)
    if out and size(out[-1].body) <= INTERACTIVE_BODY_LIMIT:
        body = out.pop().body
    labels = [" ".join(c.label.split()) for c in options]
    button = shorten(tr(LIST_BUTTON), LIST_BUTTON_LIMIT)
    for start in range(0, len(options), MAX_ROWS):
        chunk = list(zip(options[start:start + MAX_ROWS], labels[start:start + MAX_ROWS], strict=True))
        text = body if start == 0 else tr(CHOOSE)
        titles = [label for _, label in chunk]
        if (len(chunk) <= MAX_BUTTONS and all(0 < size(t) <= BUTTON_TITLE_LIMIT for t in titles)
                and len(set(titles)) == len(titles)):
            out.append(Message("buttons", text, tuple(Option(c.value, label) for c, label in chunk)))
            continue
        rows = []
        for choice, label in chunk:
            title = shorten(label, ROW_TITLE_LIMIT)
            description = None
            if title != label or require_descriptions:
                description = shorten(label, ROW_DESCRIPTION_LIMIT)
            rows.append(Option(choice.value, title, description))
        out.append(Message("list", text, tuple(rows), button))
    return out


def phone_view(message: Message) -> str:
    """How a message looks on the phone, in plain text (``kyrbot chat``)."""
    if message.kind == "text":
        return message.body
    if message.kind == "buttons":
        return message.body + "\n" + "  ".join(f"[ {o.title} ]" for o in message.options)
    rows = [f"  ( ) {o.title}" + (f"\n      {o.description}" if o.description else "") for o in message.options]
    return "\n".join([message.body, f"[≡ {message.button} ]", *rows])
