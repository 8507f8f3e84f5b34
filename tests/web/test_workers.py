"""Conversation state survives across gunicorn worker processes with no extra
server: the embedded SQLite store is shared by every process on the machine.

Two gunicorn servers (two workers each) share one state file; the turns of one
conversation alternate between them, so consecutive turns are always answered
by different processes.
"""

import json
import urllib.request

import pytest


@pytest.fixture
def two_servers(gunicorn_instances, tmp_path):
    return gunicorn_instances({"STATE_DB": str(tmp_path / "state.sqlite3"), "SECRET_KEY": "shared-test-key"})


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
