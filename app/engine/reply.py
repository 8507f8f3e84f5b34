"""What goes into the engine and what comes out: plain frozen dataclasses."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Inbound:
    """One message from a person, whatever the channel."""

    text: str
    channel: str = "web"  # web | sms | whatsapp | widget | cli: for counting only, never for answering
    locale: str | None = None  # asked for explicitly (API field, ?lang=, picker)
    accept_locale: str | None = None  # the browser's Accept-Language, negotiated
    tenant: str | None = None  # the organization whose widget carries the conversation
    # Set when the channel already took personal data out of ``text`` (the
    # kinds it found), so the shield runs once per message.
    shielded: frozenset[str] | None = None


@dataclass(frozen=True)
class Choice:
    label: str
    value: str  # sent back as the message text to pick this choice


@dataclass(frozen=True)
class SourceRef:
    title: str
    url: str


@dataclass(frozen=True)
class Notice:
    code: str
    message: str


@dataclass(frozen=True)
class Referral:
    id: str
    name: str
    scope: str  # "local" (ZIP or state) or "national"
    helps_with: tuple[str, ...]
    languages: tuple[str, ...]
    url: str | None
    phone: str | None
    hours: str | None
    note: str | None
    unconfirmed: tuple[str, ...] = ()  # details no cited page confirms yet

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "scope": self.scope,
            "helps_with": list(self.helps_with),
            "languages": list(self.languages),
            "url": self.url,
            "phone": self.phone,
            "hours": self.hours,
            "note": self.note,
            "unconfirmed": list(self.unconfirmed),
        }


@dataclass(frozen=True)
class Reply:
    """One answer, the same for every channel. ``text`` is the long form
    (web, widget); ``short`` the short form where one exists (SMS), else
    None. Channels render it (app/sms/render.py for SMS)."""

    locale: str
    topic: str | None
    text: str
    sources: tuple[SourceRef, ...] = ()
    choices: tuple[Choice, ...] = ()
    referrals: tuple[Referral, ...] = ()
    notices: tuple[Notice, ...] = ()
    reviewed: dt.date | None = None
    short: str | None = None
    # The shape of an answer (issue 14): the question it answers, the direct
    # answer (the first paragraph of ``text``) and the details after it, which
    # the web folds behind "Read more". None for replies that are not answers.
    heading: str | None = None
    summary: str | None = None
    details: str | None = None

    @property
    def full_text(self) -> str:
        """The question first, then the text."""
        return f"{self.heading}\n\n{self.text}" if self.heading else self.text

    def to_api(self, session: str, parts: bool = False) -> dict[str, Any]:
        """The public JSON shape of ``POST /api/v1/messages``: ``text`` opens
        with the question answered. With ``parts`` (the request asked for
        them), also ``heading`` and ``details``, so that a client can show
        the question as a heading and fold the details; the default shape
        stays exactly the documented one."""
        body = {
            "session": session,
            "locale": self.locale,
            "topic": self.topic,
            "text": self.full_text,
            "sources": [{"title": s.title, "url": s.url} for s in self.sources],
            "choices": [{"label": c.label, "value": c.value} for c in self.choices],
            "referrals": [r.to_dict() for r in self.referrals],
            "notices": [{"code": n.code, "message": n.message} for n in self.notices],
        }
        if parts:
            body["heading"] = self.heading
            body["details"] = self.details
        return body
