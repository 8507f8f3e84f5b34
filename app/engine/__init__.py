"""The engine: normalizing, matching, conversation state and replies.

Pure Python. It must not import Flask (a test enforces it), so that the web
page, the API, SMS, the widget and the command line all call this one core.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from app.engine.conversation import Engine
from app.engine.reply import Inbound
from app.engine.reply import Reply
from app.engine.state import State
from app.engine.state import StateStore
from app.engine.state import conversation_key

__all__ = ["Conversations", "Engine", "Inbound", "Reply", "State", "new_session_id"]


def new_session_id() -> str:
    return secrets.token_urlsafe(18)


@dataclass(frozen=True)
class Conversations:
    """The engine plus a state store: load state, answer, save state."""

    engine: Engine
    store: StateStore
    secret: bytes
    ttl: int = 3600

    def key(self, kind: str, identifier: str) -> str:
        return conversation_key(self.secret, kind, identifier)

    def handle(self, kind: str, identifier: str, msg: Inbound) -> Reply:
        key = self.key(kind, identifier)
        state = State.from_json(self.store.get(key))
        reply, new_state = self.engine.respond(msg, state)
        self.store.set(key, new_state.to_json(), self.ttl)
        return reply

    def forget(self, kind: str, identifier: str) -> None:
        self.store.delete(self.key(kind, identifier))
