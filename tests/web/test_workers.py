"""Conversation state survives across gunicorn worker processes with no extra
server: the embedded SQLite store is shared by every process on the machine.

Two gunicorn servers (two workers each) share one state file; the turns of one
conversation alternate between them, so consecutive turns are always answered
by different processes.
"""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_ready(port, proc, log, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(log.read_text())
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"gunicorn on {port} did not start")


@pytest.fixture
def two_servers(tmp_path):
    env = dict(os.environ, STATE_DB=str(tmp_path / "state.sqlite3"), SECRET_KEY="shared-test-key")
    procs, ports, logs, handles = [], [], [], []
    for n in range(2):
        port = free_port()
        log = tmp_path / f"gunicorn-{n}.log"
        logs.append(log)
        handle = log.open("wb")
        handles.append(handle)
        proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-w", "2", "-k", "gthread", "--threads", "2",
             "-b", f"127.0.0.1:{port}", "app:create_app()"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=handle,
        )
        procs.append(proc)
        ports.append(port)
    try:
        for port, proc, log in zip(ports, procs, logs):
            wait_ready(port, proc, log)
        yield ports
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait(15)
        for handle in handles:
            handle.close()


def post(port, body):
    req = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/v1/messages",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", "Connection": "close"},
    )
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.loads(r.read())


def test_conversation_alternates_between_processes(two_servers):
    a, b = two_servers
    first = post(a, {"text": "I need a lawyer"})
    assert first["topic"] == "find-legal-help"
    session = first["session"]
    listed = post(b, {"text": "60629", "session": session})
    assert "Illinois" in listed["text"]
    menu = post(a, {"text": "menu", "session": session})
    picked = post(b, {"text": "2", "session": session})
    assert picked["topic"] == menu["choices"][1]["value"]
    spanish = post(a, {"text": "español", "session": session})
    assert spanish["locale"] == "es"
    assert post(b, {"text": "what is an ITIN?", "session": session})["locale"] == "es"
