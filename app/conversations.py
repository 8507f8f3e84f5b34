"""One turn of a conversation: load its state, let the engine answer, save
the state, count the answer. Every channel calls this.

If the store fails, the bot still answers, without memory of the
conversation and with a notice saying so; it never fails the request.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import replace
from typing import Callable

from app.engine import Engine
from app.engine import Inbound
from app.engine import Reply
from app.engine import State
from app.engine.i18n import N_
from app.engine.reply import Notice
from app.stats.recorder import Recorder
from app.store import StateStore
from app.store import StoreUnavailable
from app.store import conversation_key

STATE_UNAVAILABLE = N_(
    "I cannot remember this conversation right now, so numbered choices may not work. "
    "You can still ask any question."
)

# A channel's change to a reply before it is saved (the widget's organization settings).
Overlay = Callable[[Reply, State], tuple[Reply, State]]


@dataclass(frozen=True)
class Conversations:
    """The engine plus a state store: load state, answer, save state."""

    engine: Engine
    store: StateStore
    secret: bytes
    ttl: int = 3600
    stats: Recorder | None = None  # aggregate counters (app only; not the CLI)

    def key(self, kind: str, identifier: str) -> str:
        return conversation_key(self.secret, kind, identifier)

    def handle(
        self,
        kind: str,
        identifier: str,
        msg: Inbound,
        overlay: Overlay | None = None,
        admit: Callable[[bool], None] | None = None,
    ) -> Reply:
        """One turn. ``admit(new)`` runs once the state is read, before any
        answering, told whether this is a new conversation; it may raise (a
        rate limit) to refuse the turn."""
        key = self.key(kind, identifier)
        remembered = True
        try:
            stored = self.store.get(key)
        except StoreUnavailable:
            stored, remembered = None, False
        if admit is not None:
            # Unknown while the store is away: counting every turn as a new
            # conversation would refuse whole shared networks during an outage
            # (the per-conversation limit still applies).
            admit(remembered and stored is None)
        reply, new_state = self.engine.respond(msg, State.from_json(stored))
        if overlay is not None:
            reply, new_state = overlay(reply, new_state)
        saved = new_state.to_json()
        if remembered and saved != stored:  # an unchanged state is not written again
            try:
                self.store.set(key, saved, self.ttl)
            except StoreUnavailable:
                remembered = False
        if not remembered:
            reply = self._without_memory(reply)
        if self.stats is not None:
            self.stats.count_reply(reply, msg.channel, msg.tenant, started=stored is None)
        return reply

    def replay(self, kind: str, identifier: str) -> Reply | None:
        """The conversation's last reply, rebuilt from its state; None when
        nothing is remembered (or the store is away)."""
        try:
            stored = self.store.get(self.key(kind, identifier))
        except StoreUnavailable:
            return None
        return self.engine.replay(State.from_json(stored)) if stored else None

    def forget(self, kind: str, identifier: str) -> None:
        """Delete a conversation's state now (quick exit, erase keyword)."""
        self.store.delete(self.key(kind, identifier))

    def _without_memory(self, reply: Reply) -> Reply:
        notice = Notice(
            "state-unavailable", self.engine.catalogs.tr(reply.locale, STATE_UNAVAILABLE)
        )
        return replace(reply, notices=(*reply.notices, notice))
