"""Security headers on every page, and abuse limits."""

import pytest


def test_security_headers(client):
    for path in ("/", "/api/v1/openapi.json", "/widget/demo", "/static/chat.css"):
        r = client.get(path)
        csp = r.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
        assert r.headers["Referrer-Policy"] == "no-referrer"
        assert r.headers["X-Content-Type-Options"] == "nosniff"
        assert "camera=()" in r.headers["Permissions-Policy"] and "microphone=()" in r.headers["Permissions-Policy"]
        assert "geolocation=()" in r.headers["Permissions-Policy"]
        assert "Strict-Transport-Security" not in r.headers
        r.close()
    assert "frame-ancestors 'none'" in client.get("/").headers["Content-Security-Policy"]


def test_hsts_when_served_over_https(client):
    r = client.get("/", base_url="https://bot.example.org")
    assert "max-age=" in r.headers["Strict-Transport-Security"]


def test_rate_limit_per_conversation(app_factory):
    client = app_factory(RATE_LIMIT="3/minute").test_client()
    first = client.post("/api/v1/messages", json={"text": "hi"}).get_json()
    codes = [
        client.post("/api/v1/messages", json={"text": "hi", "session": first["session"]}).status_code
        for _ in range(4)
    ]
    # The first message counted too: 3 per minute in all.
    assert codes == [200, 200, 429, 429]
    r = client.post("/api/v1/messages", json={"text": "hi", "session": first["session"]})
    assert r.status_code == 429
    assert r.get_json()["error"]["code"] == "too_many_requests"
    assert int(r.headers["Retry-After"]) > 0


def test_rate_limit_for_sms_is_per_phone(app_factory, twilio):
    client = app_factory(RATE_LIMIT="2/minute", TWILIO_AUTH_TOKEN="tok").test_client()

    def send(phone):
        params = twilio.params("hi", phone=phone)
        r = client.post("/sms/twilio", data=params, headers={"X-Twilio-Signature": twilio.sign(params)})
        # Over the limit, the gateway still gets its own reply document (TwiML),
        # empty: no text goes back, and nothing for it to retry.
        assert r.status_code == 200 and r.mimetype == "application/xml"
        return "<Message>" in r.get_data(as_text=True)

    assert [send("+15555550111") for _ in range(3)] == [True, True, False]
    assert send("+15555550112")


def test_the_page_without_javascript_is_limited_too(app_factory):
    client = app_factory(RATE_LIMIT="1/minute").test_client()
    session = "nojssession000000001"
    assert client.post("/", data={"text": "hola", "session": session, "locale": "es"}).status_code == 200
    r = client.post("/", data={"text": "hola", "session": session, "locale": "es"})
    assert r.status_code == 429 and int(r.headers["Retry-After"]) > 0
    assert "Espere un minuto" in r.get_data(as_text=True)


def test_a_bad_rate_stops_start_up_with_the_setting_named(app_factory):
    import pytest

    with pytest.raises(ValueError, match="RATE_LIMIT 'lots' is not a rate"):
        app_factory(RATE_LIMIT="lots")


def test_stop_is_honoured_over_the_rate_limit(app_factory, twilio):
    app = app_factory(RATE_LIMIT="1/minute", TWILIO_AUTH_TOKEN="tok")
    client = app.test_client()
    phone = "+15555550113"

    def send(text):
        params = twilio.params(text, phone=phone)
        return client.post("/sms/twilio", data=params, headers={"X-Twilio-Signature": twilio.sign(params)})

    assert send("hi").status_code == 200
    assert "<Message>" not in send("what is an itin").get_data(as_text=True)  # limited
    stop = send("STOP")
    assert stop.status_code == 200 and "<Message>" in stop.get_data(as_text=True)
    sms = app.extensions["kyrbot.sms"].service
    assert sms.optouts.contains(app.extensions["kyrbot"].key("sms", phone))
    assert send("START").status_code == 200
    assert not sms.optouts.contains(app.extensions["kyrbot"].key("sms", phone))


def _first_messages(client, forwarded_for: str, count: int) -> list[int]:
    """New conversations (no session) from one client, as a proxy at 10.0.0.1
    forwards them: the proxy's address is the peer, the client's in the header."""
    return [
        client.post(
            "/api/v1/messages",
            json={"text": "hi"},
            environ_base={"REMOTE_ADDR": "10.0.0.1"},
            headers={"X-Forwarded-For": forwarded_for},
        ).status_code
        for _ in range(count)
    ]


def test_trusted_proxy_clients_are_limited_apart(app_factory):
    client = app_factory(NEW_CONVERSATION_LIMIT="2/minute", TRUSTED_PROXIES=1).test_client()
    assert _first_messages(client, "203.0.113.7", 3) == [200, 200, 429]
    # Another person behind the same proxy still gets answers.
    assert _first_messages(client, "198.51.100.23", 2) == [200, 200]


def test_without_trusted_proxies_the_header_is_ignored(app_factory):
    # Reached directly, a client could write any X-Forwarded-For: it must not
    # buy a fresh allowance, so every request counts against the peer address.
    client = app_factory(NEW_CONVERSATION_LIMIT="2/minute").test_client()
    assert _first_messages(client, "203.0.113.7", 2) == [200, 200]
    assert _first_messages(client, "198.51.100.23", 1) == [429]


def test_trusted_proxies_must_be_a_count(app_factory):
    with pytest.raises(ValueError, match="TRUSTED_PROXIES"):
        app_factory(TRUSTED_PROXIES="nginx")


def test_a_fresh_session_per_request_buys_no_fresh_allowance(app_factory):
    # Issue 16: a new (valid-looking) session id on every request was never
    # limited. Each new conversation counts against the client's allowance.
    from app.engine import new_session_id

    client = app_factory(NEW_CONVERSATION_LIMIT="5/minute").test_client()
    routes = [
        lambda s: client.post("/api/v1/messages", json={"text": "hi", "session": s}),
        lambda s: client.post("/", data={"text": "hi", "session": s}),
        lambda s: client.post("/widget/demo/messages", json={"text": "hi", "session": s}),
    ]
    codes = [routes[i % 3](new_session_id()).status_code for i in range(8)]
    assert codes == [200] * 5 + [429] * 3
    # An ongoing conversation from the same address is not locked out by it.


def test_ongoing_conversations_continue_when_new_ones_are_refused(app_factory):
    client = app_factory(NEW_CONVERSATION_LIMIT="2/minute").test_client()
    first = client.post("/api/v1/messages", json={"text": "hi"}).get_json()["session"]
    client.post("/api/v1/messages", json={"text": "hi"})
    assert client.post("/api/v1/messages", json={"text": "hi"}).status_code == 429
    assert client.post("/api/v1/messages", json={"text": "what is an ITIN?", "session": first}).status_code == 200
