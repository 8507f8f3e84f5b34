"""The event log: one line per event, ``event=<name> key=value ...``.

Only names, codes, topics, locales, channels and timings go in; never what a
person wrote, a phone number, an address or a session id (tests run whole
conversations with personal data and search every captured record).

Records are made with ``Logger.makeRecord`` rather than ``Logger.info``: the
standard path walks the call stack to find the caller's file and line, which
under Flask's deep stack cost more than the rest of the line (about 30 µs per
message), and the event name already says where a line comes from.
"""

from __future__ import annotations

import logging

log = logging.getLogger("kyrbot.events")


def event(name: str, level: int = logging.INFO, /, **fields: object) -> None:
    if not log.isEnabledFor(level):
        return
    message = " ".join([f"event={name}", *(f"{key}={value}" for key, value in fields.items())])
    log.handle(log.makeRecord(log.name, level, "kyrbot", 0, message, None, None))


def setup() -> None:
    """Event lines to standard error with a timestamp, once per process."""
    if not log.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
