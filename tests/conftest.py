"""Shared fixtures: the real app and engine on the real content."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from app import create_app
from app import events
from app.engine import Inbound
from app.engine import State

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
SHARED = ROOT.parent / "shared"

# Event lines would otherwise reach the terminal in batches, after pytest's
# capture; tests read them through the events_log fixture below.
class _Discard(io.TextIOBase):
    def write(self, text: str) -> int:
        return len(text)


events.setup(stream=_Discard())


def make_app(**overrides):
    # Every test client comes from one address: the shared app would otherwise
    # reach the default allowance of new conversations per address (30 a
    # minute, 300 an hour) somewhere in a long run, and refuse later tests.
    config = {"STATE_STORE": "memory", "SECRET_KEY": "test-secret", "RATE_LIMIT": "10000/minute",
              "NEW_CONVERSATION_LIMIT": "10000/minute"}
    config.update(overrides)
    return create_app(config)


@pytest.fixture(scope="session")
def app_factory():
    """make_app(**settings) for tests that need their own app."""
    return make_app


@pytest.fixture(scope="session")
def app():
    return make_app()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture(scope="session")
def conversations(app):
    return app.extensions["kyrbot"]


@pytest.fixture(scope="session")
def engine(conversations):
    return conversations.engine


@pytest.fixture
def talk(engine):
    """talk(text, ...) -> reply, keeping state between calls of one test."""
    box = {"state": State()}

    def _talk(text, locale=None, channel="web"):
        reply, box["state"] = engine.respond(Inbound(text, channel, locale), box["state"])
        return reply

    _talk.box = box
    return _talk


@pytest.fixture
def content_copy(tmp_path):
    """A writable copy of the real content folder, to break on purpose."""
    target = tmp_path / "content"
    shutil.copytree(CONTENT, target)
    return target


@pytest.fixture
def twilio():
    """Build Twilio webhook parameters and sign them as Twilio does (token "tok")."""
    from twilio.request_validator import RequestValidator

    import itertools

    ids = itertools.count(1)

    class Twilio:
        @staticmethod
        def params(body, phone="+15555550123", sid=None):
            return {"MessageSid": sid or f"SM{next(ids):032d}", "From": phone, "To": "+15555550100",
                    "Body": body, "FromZip": "60629"}

        @staticmethod
        def sign(params, url="http://localhost/sms/twilio", token="tok"):
            return RequestValidator(token).compute_signature(url, params)

    return Twilio


@pytest.fixture
def gunicorn_instances(tmp_path):
    """start(env, count=2, args=()) -> ports of `count` gunicorn servers (two
    gthread workers each, with deploy/gunicorn.conf.py and the extra command-line
    ``args``) running the real app with ``env``; all stopped afterwards. Each
    server's standard error is in ``tmp_path / f"gunicorn-{port}.log"``."""
    import os
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    started = []

    def start(env: dict, count: int = 2, args: tuple[str, ...] = ()) -> list[int]:
        ports = []
        for _ in range(count):
            with socket.socket() as sock:
                sock.bind(("127.0.0.1", 0))
                port = sock.getsockname()[1]
            log = (tmp_path / f"gunicorn-{port}.log").open("wb")
            proc = subprocess.Popen(
                # The production settings (content-free error log, no control
                # socket); the flags here win over the file's.
                [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "deploy" / "gunicorn.conf.py"),
                 "-w", "2", "-k", "gthread", "--threads", "2",
                 "-b", f"127.0.0.1:{port}", *args, "app:create_app()"],
                cwd=ROOT, env=dict(os.environ, **env), stdout=subprocess.DEVNULL, stderr=log,
            )
            started.append((proc, log))
            ports.append(port)
        for port, (proc, _log) in zip(ports, started[-count:], strict=True):
            deadline = time.time() + 30
            while True:
                if proc.poll() is not None:
                    raise RuntimeError((tmp_path / f"gunicorn-{port}.log").read_text())
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1).close()
                    break
                except OSError:
                    if time.time() > deadline:
                        raise TimeoutError(f"gunicorn on {port} did not start") from None
                    time.sleep(0.1)
        return ports

    yield start
    for proc, _log in started:
        proc.terminate()
    for proc, log in started:
        proc.wait(15)
        log.close()


@pytest.fixture
def events_log():
    """Every event line written while the test runs, as "LEVEL message"."""
    from app import events

    lines: list[str] = []

    def sink(level, message):
        lines.append(f"{level} {message}")

    events.SINKS.append(sink)
    yield lines
    events.SINKS.remove(sink)
