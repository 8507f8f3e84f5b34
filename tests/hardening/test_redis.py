"""Many workers on several machines share one real Redis server: two gunicorn
instances (two workers each) serve alternating turns of a web and an SMS
conversation; when Redis goes away the bot keeps answering, and it picks
state up again when Redis returns."""

import json
import time
import urllib.parse
import urllib.request

import pytest
from twilio.request_validator import RequestValidator

from app.store import redis as redis_backend

TOKEN = "redis-test-token"


@pytest.fixture
def two_instances(redis_server, gunicorn_instances, tmp_path):
    return gunicorn_instances({
        "REDIS_URL": redis_server.url,
        "SECRET_KEY": "shared-key",
        "TWILIO_AUTH_TOKEN": TOKEN,
        "RATE_LIMIT": "1000/minute",
        "STATE_DB": str(tmp_path / "unused.sqlite3"),
    })


def ask(port, body):
    req = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/v1/messages", data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", "Connection": "close"},
    )
    with urllib.request.urlopen(req, timeout=10) as r:
        assert r.status == 200
        return json.loads(r.read())


def text(port, body, phone="+15555550177"):
    params = {"MessageSid": f"SM{time.time_ns()}", "From": phone, "To": "+15555550100", "Body": body}
    url = f"http://127.0.0.1:{port}/sms/twilio"
    signature = RequestValidator(TOKEN).compute_signature(url, params)
    req = urllib.request.Request(
        url, data=urllib.parse.urlencode(params).encode(),
        headers={"X-Twilio-Signature": signature, "Connection": "close"},
    )
    with urllib.request.urlopen(req, timeout=10) as r:
        assert r.status == 200
        return r.read().decode()


def test_web_and_sms_conversations_alternate_between_instances(two_instances):
    a, b = two_instances
    first = ask(a, {"text": "I need a lawyer"})
    listed = ask(b, {"text": "60629", "session": first["session"]})
    assert "Illinois" in listed["text"]
    menu = ask(a, {"text": "menu", "session": first["session"]})
    assert ask(b, {"text": "3", "session": first["session"]})["topic"] == menu["choices"][2]["value"]

    assert "ZIP" in text(a, "I need a lawyer")
    assert "Illinois" in text(b, "60629")
    text(b, "STOP")
    assert "<Message>" not in text(a, "hello")  # the opt-out is shared too
    assert "<Message>" in text(b, "START")


def test_duplicate_delivery_to_another_instance_gets_no_second_answer(two_instances):
    a, b = two_instances
    params = {"MessageSid": "SM-dup-1", "From": "+15555550178", "To": "+15555550100", "Body": "hi"}
    replies = []
    for port in (a, b):
        url = f"http://127.0.0.1:{port}/sms/twilio"
        signature = RequestValidator(TOKEN).compute_signature(url, params)
        req = urllib.request.Request(url, data=urllib.parse.urlencode(params).encode(), headers={"X-Twilio-Signature": signature})
        with urllib.request.urlopen(req, timeout=10) as r:
            replies.append(r.read().decode())
    assert "<Message>" in replies[0] and "<Message>" not in replies[1]


def test_bot_keeps_answering_while_redis_is_away(two_instances, redis_server):
    a, b = two_instances
    first = ask(a, {"text": "menu"})
    redis_server.stop()
    during = ask(b, {"text": "what is an ITIN?", "session": first["session"]})
    assert during["topic"] == "itin"
    assert "state-unavailable" in [n["code"] for n in during["notices"]]
    assert "ITIN" in text(a, "what is an ITIN?")  # SMS answers too
    redis_server.start()
    time.sleep(redis_backend.COOLDOWN + 0.3)  # each worker's breaker lets a probe through
    again = ask(a, {"text": "menu", "session": first["session"]})
    assert "state-unavailable" not in [n["code"] for n in again["notices"]]
    picked = ask(b, {"text": "2", "session": first["session"]})
    assert picked["topic"] == again["choices"][1]["value"]


def test_every_key_but_the_opt_out_list_expires(two_instances, redis_server):
    import redis

    a, _ = two_instances
    ask(a, {"text": "hello"})
    text(a, "hello", phone="+15555550179")
    text(a, "STOP", phone="+15555550179")
    r = redis.Redis(port=redis_server.port)
    keys = r.keys("*")
    assert keys
    for key in keys:
        ttl = r.ttl(key)
        if key == b"kyrbot:optouts":
            assert ttl == -1
            assert all(b"5555550179" not in m for m in r.smembers(key))
        else:
            assert ttl > 0, key


def test_two_instances_add_their_counts_together(redis_server, tmp_path):
    """Counters from two app instances on one Redis add up (atomic HINCRBY)."""
    from app import create_app

    config = dict(REDIS_URL=redis_server.url, STATS_FLUSH_SECONDS=0, SECRET_KEY="k", RATE_LIMIT="1000/minute",
                  STATE_DB=str(tmp_path / "s.sqlite3"))
    one, two = create_app(config), create_app(config)
    for app in (one, two, one):
        app.test_client().post("/api/v1/messages", json={"text": "what is an ITIN?"})
    import datetime as dt

    from app.stats.report import report

    today = dt.date.today().isoformat()
    rows = one.extensions["kyrbot"].stats.store.rows(today, today)
    data = report(rows, today, today, 1)
    assert data.totals["messages"] == 3 and data.totals["conversations"] == 3
    import redis

    r = redis.Redis(port=redis_server.port)
    assert r.ttl(f"kyrbot:stats:{today}") > 0


def test_rate_limit_is_shared_and_survives_an_outage(redis_server, tmp_path, monkeypatch):
    """Two app instances count one conversation's turns together in Redis;
    while Redis is away each keeps limiting on its own, and it goes back to
    the shared count when Redis returns."""
    from app import create_app
    from app.store import limits as counting

    config = dict(REDIS_URL=redis_server.url, SECRET_KEY="k", RATE_LIMIT="3/minute",
                  STATE_DB=str(tmp_path / "s.sqlite3"))
    one, two = create_app(config), create_app(config)
    session = "limitsession00000001"

    def send(app):
        return app.test_client().post("/api/v1/messages", json={"text": "hi", "session": session})

    assert [send(app).status_code for app in (one, two, one, two)] == [200, 200, 200, 429]

    monkeypatch.setattr(counting, "REDIS_RETRY_SECONDS", 0.0)
    redis_server.stop()
    other = "limitsession00000002"
    codes = [two.test_client().post("/api/v1/messages", json={"text": "hi", "session": other}).status_code
             for _ in range(4)]
    assert codes == [200, 200, 200, 429]  # counted in this process's memory meanwhile

    redis_server.start()
    time.sleep(0.2)
    r = send(one)
    assert r.status_code == 200 and r.get_json()["session"] == session  # a fresh Redis: a fresh window
    import redis

    assert redis.Redis(port=redis_server.port).keys("*kyrbot-limit*")
