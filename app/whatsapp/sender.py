"""Sending replies after the webhook has answered.

Meta wants its webhook acknowledged at once; the replies go out afterwards,
through the platform's HTTP API. Each process has one :class:`Sender`: a
bounded queue and one background thread (started on first use, and again in
a forked worker). A job is a function that makes its requests through
``post``, which retries a request that failed for a passing reason (no
connection, a timeout, HTTP 429 or 5xx) with growing pauses, a bounded number
of times; a refusal (another 4xx) is not retried. A job whose request fails
stops there, so that its later messages never arrive before an earlier one.

The log says only what happened (``whatsapp_send_failed``, the HTTP status,
the number of tries): never a message, a number, an id or a URL.
"""

from __future__ import annotations

import json
import logging
import os
import queue
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from dataclasses import field
from typing import Any
from typing import Callable

from app.events import event

TRIES = 4  # a request is tried at most this many times
BACKOFF_SECONDS = 0.5  # pause before the 2nd try; doubled before each later one
TIMEOUT_SECONDS = 10.0
CAPACITY = 1000  # jobs waiting; beyond it new jobs are dropped (and logged)


class SendFailed(Exception):
    def __init__(self, status: int | str, tries: int):
        super().__init__(f"status {status} after {tries} tries")
        self.status = status
        self.tries = tries


@dataclass(frozen=True)
class Request:
    url: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


Post = Callable[[Request], Any]
Job = Callable[[Post], None]


class Sender:
    def __init__(self, gateway: str, tries: int = TRIES, backoff: float = BACKOFF_SECONDS,
                 timeout: float = TIMEOUT_SECONDS, capacity: int = CAPACITY):
        self.gateway = gateway
        self.tries = tries
        self.backoff = backoff
        self.timeout = timeout
        self._queue: queue.Queue[Job] = queue.Queue(maxsize=capacity)
        self._lock = threading.Lock()
        self._pid = -1
        self._idle = threading.Condition()
        self._busy = 0
        # No proxy from the environment: replies go straight to the platform.
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def submit(self, job: Job) -> bool:
        """Queue a job; False (logged) when the queue is full."""
        self._ensure_thread()
        with self._idle:
            self._busy += 1
        try:
            self._queue.put_nowait(job)
        except queue.Full:
            self._done()
            event("whatsapp_send_dropped", logging.WARNING, gateway=self.gateway)
            return False
        return True

    def wait_idle(self, timeout: float) -> bool:
        """True once every queued job has finished (tests, shutdown)."""
        deadline = time.monotonic() + timeout
        with self._idle:
            while self._busy:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._idle.wait(left)
        return True

    def _ensure_thread(self) -> None:
        with self._lock:
            if self._pid != os.getpid():  # none yet, or this is a forked worker
                if self._pid != -1:  # a fork: the parent's queue and locks are not ours
                    self._queue = queue.Queue(maxsize=self._queue.maxsize)
                    self._idle, self._busy = threading.Condition(), 0
                self._pid = os.getpid()
                threading.Thread(target=self._run, name=f"kyrbot-{self.gateway}-sender", daemon=True).start()

    def _run(self) -> None:
        while True:
            job = self._queue.get()
            try:
                job(self.post)
            except SendFailed as failed:
                event("whatsapp_send_failed", logging.WARNING, gateway=self.gateway,
                      status=failed.status, tries=failed.tries)
            except Exception as exc:  # a bug must not stop the thread; the type only
                event("whatsapp_send_error", logging.ERROR, gateway=self.gateway, error=type(exc).__name__)
            finally:
                self._done()

    def _done(self) -> None:
        with self._idle:
            self._busy -= 1
            self._idle.notify_all()

    def post(self, request: Request) -> Any:
        """POST with retries; the response's JSON (or None). Raises SendFailed."""
        status: int | str = "-"
        for attempt in range(1, self.tries + 1):
            try:
                http = urllib.request.Request(request.url, data=request.body, headers=request.headers,
                                              method="POST")
                with self._opener.open(http, timeout=self.timeout) as response:
                    raw = response.read()
                    event("whatsapp_sent", gateway=self.gateway, tries=attempt)
                    try:
                        return json.loads(raw) if raw else None
                    except ValueError:
                        return None
            except urllib.error.HTTPError as error:
                status = error.code
                error.close()
                if status != 429 and status < 500:
                    raise SendFailed(status, attempt) from None
            except (urllib.error.URLError, TimeoutError, ConnectionError):
                status = "unreachable"
            if attempt < self.tries:
                time.sleep(self.backoff * 2 ** (attempt - 1))
        raise SendFailed(status, self.tries)
