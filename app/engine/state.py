"""A conversation's state: what the dialogue needs to remember between turns.

It holds no message text: only the language, the topic last answered, the
choices on offer, the question the bot is waiting on, and slot values reduced
to what the flow needs (a state code, never a ZIP code). Where it is kept, and
under which key, is :mod:`app.store`'s business; the engine only turns it into
JSON and back.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import fields
from functools import lru_cache

import orjson


@dataclass(frozen=True)
class State:
    locale: str | None = None
    topic: str | None = None
    choices: tuple[str, ...] = ()
    awaiting: str | None = None  # "location" while the referral flow asks for it
    slots: tuple[tuple[str, str], ...] = ()
    retries: int = 0
    locale_chosen: bool = False  # the person named a language in the conversation
    offer: str | None = None  # a topic the last reply offered with a yes/no question

    def slot(self, name: str) -> str | None:
        return dict(self.slots).get(name)

    def evolve(self, **changes: object) -> State:
        """``dataclasses.replace``, but the same object when nothing changes
        (the common case on a hot path), and a copy of the fields otherwise:
        replace re-runs ``__init__`` through the frozen ``__setattr__``,
        several microseconds a reply."""
        if not changes.keys() <= _FIELDS:
            raise TypeError(f"State has no field {sorted(changes.keys() - _FIELDS)}")
        current = self.__dict__
        if all(current[name] == value for name, value in changes.items()):
            return self
        new = object.__new__(type(self))
        new.__dict__.update(current, **changes)
        return new

    def with_slots(self, **values: str | None) -> State:
        if not self.slots and all(value is None for value in values.values()):
            return self  # nothing to remove (the usual case)
        merged = dict(self.slots)
        for key, value in values.items():
            if value is None:
                merged.pop(key, None)
            else:
                merged[key] = value
        return self.evolve(slots=tuple(sorted(merged.items())))

    def to_json(self) -> str:
        data = {
            "locale": self.locale,
            "topic": self.topic,
            "choices": list(self.choices),
            "awaiting": self.awaiting,
            "slots": [list(p) for p in self.slots],
            "retries": self.retries,
            "locale_chosen": self.locale_chosen,
            "offer": self.offer,
        }
        return orjson.dumps(data).decode()

    @classmethod
    def from_json(cls, raw: str | bytes | None) -> State:
        if not raw:
            return cls()
        return _parse_state(raw)


_FIELDS = frozenset(f.name for f in fields(State))


@lru_cache(maxsize=4096)
def _parse_state(raw: str | bytes) -> State:
    """States are few and immutable (topic ids, a locale, a US state code:
    nothing a person wrote), so parsed ones are shared."""
    try:
        data = orjson.loads(raw)
        return State(
            locale=data.get("locale"),
            topic=data.get("topic"),
            choices=tuple(data.get("choices") or ()),
            awaiting=data.get("awaiting"),
            slots=tuple(tuple(p) for p in data.get("slots") or ()),
            retries=int(data.get("retries") or 0),
            locale_chosen=bool(data.get("locale_chosen")),
            offer=data.get("offer"),
        )
    except (ValueError, TypeError, AttributeError):
        return State()
