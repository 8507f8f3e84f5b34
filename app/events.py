"""The event log: one line per event, ``<time> <LEVEL> event=<name> key=value ...``.

Only names, codes, topics, locales, channels and timings go in; never what a
person wrote, a phone number, an address or a session id (tests run whole
conversations with personal data and search every line).

Lines go to standard error through :class:`EventWriter`, in batches at most a
second apart; warnings and errors at once. They do not go through the
``logging`` module: its records, handlers and formatters, plus one ``write``
per line, cost about a tenth of the API's throughput under load (each system
call hands the interpreter lock to another thread). Gunicorn's own messages
and other libraries' logs still use ``logging``, on the same standard error.
"""

from __future__ import annotations

import atexit
import logging
import os
import sys
import threading
import time
from collections.abc import Callable
from typing import TextIO

LEVELS = {logging.INFO: "INFO", logging.WARNING: "WARNING", logging.ERROR: "ERROR"}

# Where lines go, as (level name, message). setup() adds the writer; tests add
# a list's append to read what was logged.
SINKS: list[Callable[[str, str], None]] = []


def event(name: str, level: int = logging.INFO, /, **fields: object) -> None:
    message = " ".join([f"event={name}", *(f"{key}={value}" for key, value in fields.items())])
    level_name = LEVELS.get(level) or logging.getLevelName(level)
    for sink in SINKS:
        sink(level_name, message)


class EventWriter:
    """Writes lines to a stream in batches: information lines wait at most
    ``interval`` seconds (a background thread flushes quiet periods); a
    warning or error is written at once, after whatever waits before it."""

    def __init__(self, stream: TextIO | None = None, interval: float = 1.0):
        self.stream = stream
        self.interval = interval
        self._pending: list[str] = []
        self._lock = threading.Lock()
        self._flusher_forks = -1
        self._second = -1
        self._stamp = ""

    def write(self, level: str, message: str) -> None:
        now = time.time()
        second = int(now)
        with self._lock:
            if second != self._second:  # the date and time change once a second
                self._second = second
                self._stamp = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(second))
            self._pending.append(f"{self._stamp},{int(now * 1000) % 1000:03d} {level} {message}\n")
            if level != "INFO":
                self._write()
            elif self._flusher_forks != _forks:  # none yet, or this is a forked worker
                self._flusher_forks = _forks
                threading.Thread(target=self._flush_often, name="kyrbot-events", daemon=True).start()

    def flush(self) -> None:
        with self._lock:
            self._write()

    def _write(self) -> None:  # with self._lock held
        if self._pending:
            stream = self.stream or sys.stderr
            stream.write("".join(self._pending))
            self._pending.clear()
            stream.flush()

    def _flush_often(self) -> None:
        while True:
            time.sleep(self.interval)
            self.flush()


# Forks seen by this process: a thread started before a fork does not run in
# the child, so a forked worker starts its own flusher.
_forks = 0


def _after_fork() -> None:
    global _forks
    _forks += 1
    if _writer is not None:  # the parent prints what it had waiting, not each child
        _writer._lock = threading.Lock()
        _writer._pending = []


os.register_at_fork(after_in_child=_after_fork)

_writer: EventWriter | None = None


def setup(stream: TextIO | None = None) -> None:
    """Event lines to ``stream`` (standard error by default), once per process."""
    global _writer
    if _writer is None:
        _writer = EventWriter(stream)
        SINKS.append(_writer.write)
        atexit.register(_writer.flush)
