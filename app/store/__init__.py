"""Everything the bot keeps between requests, behind small interfaces.

| module | what it keeps | implementations |
|---|---|---|
| ``state.py`` | conversation state, message de-duplication | memory, SQLite, Redis |
| ``optouts.py`` | the SMS opt-out list | memory, SQLite, Redis |
| ``counters.py`` | aggregate usage counters | SQLite, Redis |
| ``limits.py`` | rate-limit counters | memory, Redis (``limits`` library) |
| ``keys.py`` | what every key holds and how long it lives; the keyed hash | |

A store that cannot answer raises :class:`StoreUnavailable`; callers answer
without memory rather than fail. Nothing here knows about Flask or channels.
"""

from app.store.errors import StoreUnavailable
from app.store.keys import conversation_key
from app.store.optouts import MemoryOptOuts
from app.store.optouts import OptOutList
from app.store.optouts import SqliteOptOuts
from app.store.state import MemoryStore
from app.store.state import SqliteStore
from app.store.state import StateStore

__all__ = [
    "MemoryOptOuts",
    "MemoryStore",
    "OptOutList",
    "SqliteOptOuts",
    "SqliteStore",
    "StateStore",
    "StoreUnavailable",
    "conversation_key",
]
