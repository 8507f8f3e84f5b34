"""The engine: normalizing, matching, conversation state and replies.

Pure Python. It must not import Flask (a test enforces it), so that the web
page, the API, SMS, the widget and the command line all call this one core.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from dataclasses import replace

from app.engine.conversation import Engine
from app.engine.errors import StoreUnavailable
from app.engine.i18n import N_
from app.engine.reply import Inbound
from app.engine.reply import Notice
from app.engine.reply import Reply
from app.engine.state import State
from app.engine.state import StateStore
from app.engine.state import conversation_key
from app.engine.stats import Recorder

__all__ = [
    "Conversations",
    "Engine",
    "Inbound",
    "Reply",
    "State",
    "StoreUnavailable",
    "new_session_id",
]


def new_session_id() -> str:
    return secrets.token_urlsafe(18)


STATE_UNAVAILABLE = N_(
    "I cannot remember this conversation right now, so numbered choices may not work. "
    "You can still ask any question."
)


@dataclass(frozen=True)
class Conversations:
    """The engine plus a state store: load state, answer, save state.

    If the store fails, the bot still answers, without memory of the
    conversation and with a notice saying so; it never fails the request.
    """

    engine: Engine
    store: StateStore
    secret: bytes
    ttl: int = 3600
    stats: Recorder | None = None  # aggregate counters (app only; not the CLI)

    def key(self, kind: str, identifier: str) -> str:
        return conversation_key(self.secret, kind, identifier)

    def handle(self, kind: str, identifier: str, msg: Inbound) -> Reply:
        key = self.key(kind, identifier)
        remembered = True
        try:
            stored = self.store.get(key)
        except StoreUnavailable:
            stored, remembered = None, False
        reply, new_state = self.engine.respond(msg, State.from_json(stored))
        saved = new_state.to_json()
        if remembered and saved != stored:  # an unchanged state is not written again
            try:
                self.store.set(key, saved, self.ttl)
            except StoreUnavailable:
                remembered = False
        if not remembered:
            notice = Notice(
                "state-unavailable", self.engine.catalogs.tr(reply.locale, STATE_UNAVAILABLE)
            )
            reply = replace(reply, notices=(*reply.notices, notice))
        if self.stats is not None:
            self.stats.count_reply(reply, msg.channel, msg.tenant, started=stored is None)
        return reply

    def forget(self, kind: str, identifier: str) -> None:
        """Delete a conversation's state now (quick exit, erase keyword)."""
        self.store.delete(self.key(kind, identifier))
