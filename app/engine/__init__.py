"""The engine: normalizing, the personal-data shield, matching, the dialogue
and the reply model.

Pure Python with no I/O and no knowledge of channels or storage: nothing here
imports Flask, a store or a channel (``make test`` checks the layering with
import-linter). Every channel turns its input into an :class:`Inbound`, and
:class:`app.conversations.Conversations` loads the state, calls
:meth:`Engine.respond` and saves the state; the channel renders the
:class:`Reply`.
"""

from __future__ import annotations

import secrets

from app.engine.engine import Engine
from app.engine.reply import Inbound
from app.engine.reply import Reply
from app.engine.state import State

__all__ = ["Engine", "Inbound", "Reply", "State", "new_session_id"]


def new_session_id() -> str:
    return secrets.token_urlsafe(18)
