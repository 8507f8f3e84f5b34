"""Every way a real Redis can fail (issue 16), against every route: paused
(it hangs with its connections open), out of memory with ``noeviction``,
read-only after a failover, and killed. No route ever answers 500; the
conversation routes answer without memory of the conversation, with a notice
that says so, or 503; ``/readyz`` says 503; and once Redis is healthy again
the bot uses it again."""

import time

import pytest

from app import create_app
from app.store import redis as redis_backend
from redis_server import free_port

ADMIN = {"Authorization": "Bearer admin-token"}


@pytest.fixture
def bot(redis_server, tmp_path):
    redis_backend.reset()
    app = create_app({
        "REDIS_URL": redis_server.url, "SECRET_KEY": "k", "TWILIO_AUTH_TOKEN": "tok",
        "ADMIN_TOKEN": "admin-token", "STATS_FLUSH_SECONDS": 0, "RATE_LIMIT": "1000/minute",
        "NEW_CONVERSATION_LIMIT": "1000/minute", "STATE_DB": str(tmp_path / "unused.sqlite3"),
    })
    return app.test_client()


def notices(reply):
    return [n["code"] for n in reply.get_json()["notices"]]


def every_route(client, twilio, session):
    """(name, response) for each route a person, a gateway or an operator uses."""
    sms = twilio.params("what is an ITIN?", phone="+15555550140")
    stop = twilio.params("STOP", phone="+15555550141")
    routes = [
        ("chat page", client.get("/")),
        ("no-JS message", client.post("/", data={"text": "what is an ITIN?", "session": session})),
        ("api new", client.post("/api/v1/messages", json={"text": "what is an ITIN?"})),
        ("api turn", client.post("/api/v1/messages", json={"text": "2", "session": session})),
        ("quick exit", client.delete(f"/api/v1/sessions/{session}")),
        ("widget page", client.get("/widget/demo")),
        ("widget message", client.post("/widget/demo/messages", json={"text": "hola", "session": session})),
        ("widget quick exit", client.delete(f"/widget/demo/sessions/{session}")),
        ("widget privacy", client.get("/widget/demo/privacy")),
        ("sms", client.post("/sms/twilio", data=sms, headers={"X-Twilio-Signature": twilio.sign(sms)})),
        ("sms stop", client.post("/sms/twilio", data=stop, headers={"X-Twilio-Signature": twilio.sign(stop)})),
        ("admin stats", client.get("/admin/stats", headers=ADMIN)),
        ("privacy", client.get("/privacy")),
        ("privacy.json", client.get("/privacy.json")),
        ("about", client.get("/about.json")),
        ("openapi", client.get("/api/v1/openapi.json")),
        ("embed", client.get("/embed.js")),
        ("healthz", client.get("/healthz")),
        ("readyz", client.get("/readyz")),
    ]
    for _, response in routes:
        response.get_data()  # read (and kept), then the file behind a static answer closed
        response.close()
    return routes


def check_outage(client, twilio):
    session = "faultsession00000001"
    routes = dict(every_route(client, twilio, session))
    statuses = {name: r.status_code for name, r in routes.items()}
    assert 500 not in statuses.values(), statuses
    # Conversations go on without memory, and say so.
    for name in ("api new", "api turn", "widget message"):
        assert statuses[name] == 200, (name, statuses)
        assert "state-unavailable" in notices(routes[name]), name
    assert statuses["no-JS message"] == 200
    assert statuses["sms"] == 200 and "ITIN" in routes["sms"].get_data(as_text=True)
    # A STOP is never confirmed unless it was recorded.
    stop = routes["sms stop"].get_data(as_text=True)
    assert statuses["sms stop"] == 200 and "unsubscribed" not in stop and "send STOP again" in stop
    # Quick exit: deleted, or a JSON outage the page can act on (it leaves anyway).
    for name in ("quick exit", "widget quick exit"):
        assert statuses[name] in (204, 503), (name, statuses)
        if statuses[name] == 503:
            assert routes[name].get_json()["error"]["code"] == "store_unavailable"
    assert statuses["admin stats"] in (200, 503)
    assert statuses["healthz"] == 200  # alive: liveness is not readiness
    assert statuses["readyz"] == 503 and routes["readyz"].get_json()["checks"]["state"] is False
    for name in ("chat page", "widget page", "widget privacy", "privacy", "privacy.json", "about", "openapi", "embed"):
        assert statuses[name] == 200, (name, statuses)
    return statuses


def check_recovered(client, twilio):
    time.sleep(redis_backend.COOLDOWN + 0.3)  # the breaker lets a probe through
    assert client.get("/readyz").status_code == 200
    first = client.post("/api/v1/messages", json={"text": "menu"})
    assert first.status_code == 200 and "state-unavailable" not in notices(first)
    picked = client.post("/api/v1/messages", json={"text": "2", "session": first.get_json()["session"]})
    assert picked.get_json()["topic"] == first.get_json()["choices"][1]["value"]  # it remembered
    stop = twilio.params("STOP", phone="+15555550142")
    assert "unsubscribed" in client.post(
        "/sms/twilio", data=stop, headers={"X-Twilio-Signature": twilio.sign(stop)}).get_data(as_text=True)
    assert all(r.status_code != 500 for _, r in every_route(client, twilio, "faultsession00000002"))


def test_healthy_redis_first(bot, twilio):
    """The same routes on a healthy Redis: the outage checks below can fail."""
    statuses = {name: r.status_code for name, r in every_route(bot, twilio, "faultsession00000003")}
    assert statuses["readyz"] == 200 and statuses["quick exit"] == 204 and statuses["admin stats"] == 200


def test_paused_redis(bot, redis_server, twilio):
    redis_server.pause()
    try:
        started = time.monotonic()
        check_outage(bot, twilio)
        elapsed = time.monotonic() - started
    finally:
        redis_server.resume()
    # Not a speed test: a sanity bound far above the quarter-second timeouts,
    # far below what retries with back-off used to cost (1.5 s a request).
    assert elapsed < 15, elapsed
    check_recovered(bot, twilio)


def test_redis_out_of_memory(bot, redis_server, twilio):
    assert "OK" in redis_server.command("CONFIG", "SET", "maxmemory-policy", "noeviction")
    assert "OK" in redis_server.command("CONFIG", "SET", "maxmemory", "1")
    assert "OOM" in redis_server.command("SET", "kyrbot:probe", "1")  # the fault is real
    check_outage(bot, twilio)
    redis_server.command("CONFIG", "SET", "maxmemory", "0")
    check_recovered(bot, twilio)


def test_redis_read_only_after_failover(bot, redis_server, twilio):
    # A replica of a primary that is gone: reads work, every write is refused.
    assert "OK" in redis_server.command("REPLICAOF", "127.0.0.1", str(free_port()))
    assert "READONLY" in redis_server.command("SET", "kyrbot:probe", "1")
    check_outage(bot, twilio)
    redis_server.command("REPLICAOF", "NO", "ONE")
    check_recovered(bot, twilio)


def test_redis_killed(bot, redis_server, twilio):
    redis_server.kill()
    check_outage(bot, twilio)
    redis_server.start()
    check_recovered(bot, twilio)


def test_an_outage_does_not_turn_every_turn_into_a_new_conversation(redis_server, tmp_path):
    """While Redis is away the bot cannot tell a new conversation from an old
    one; counting each turn as new would refuse a whole shared network."""
    client = create_app({
        "REDIS_URL": redis_server.url, "SECRET_KEY": "k", "NEW_CONVERSATION_LIMIT": "3/minute",
        "RATE_LIMIT": "1000/minute", "STATE_DB": str(tmp_path / "unused.sqlite3"),
    }).test_client()
    sessions = [client.post("/api/v1/messages", json={"text": "hi"}).get_json()["session"] for _ in range(3)]
    redis_server.kill()
    codes = [client.post("/api/v1/messages", json={"text": "what is an ITIN?", "session": s}).status_code
             for _ in range(5) for s in sessions]
    assert codes == [200] * 15
