"""POST /api/v1/messages: the public contract, and bad input never a 500."""

import pytest

API = "/api/v1/messages"
KEYS = {"session", "locale", "topic", "text", "sources", "choices", "referrals", "notices"}


def test_answer_has_exactly_the_contract_shape(client):
    r = client.post(API, json={"text": "can the IRS share my information with ICE?"})
    assert r.status_code == 200
    body = r.get_json()
    assert set(body) == KEYS
    assert body["topic"] in ("irs-ice-agreement", "what-info-shared")
    assert body["text"] and body["locale"] == "en"
    assert all(set(s) == {"title", "url"} for s in body["sources"])
    assert any(s["url"].startswith("https://") for s in body["sources"])
    assert all(set(c) == {"label", "value"} for c in body["choices"])
    assert isinstance(body["referrals"], list) and isinstance(body["notices"], list)


def test_session_carries_the_conversation(client):
    first = client.post(API, json={"text": "menu"}).get_json()
    second = client.post(API, json={"text": "1", "session": first["session"]}).get_json()
    assert second["session"] == first["session"]
    assert second["topic"] == first["choices"][0]["value"]


def test_choice_value_sent_as_text_selects_it(client):
    first = client.post(API, json={"text": "what is an ITIN?"}).get_json()
    value = first["choices"][0]["value"]
    r = client.post(API, json={"text": value, "session": first["session"]}).get_json()
    assert r["topic"] == value


def test_locale_field_answers_in_spanish(client):
    body = client.post(API, json={"text": "what is an ITIN?", "locale": "es"}).get_json()
    assert body["locale"] == "es"
    assert "ITIN" in body["text"] and "Última revisión" in body["text"]


@pytest.mark.parametrize(
    ("kwargs", "status", "code"),
    [
        ({"json": {"text": ""}}, 400, "empty_text"),
        ({"json": {"text": "   \n"}}, 400, "empty_text"),
        ({"json": {"text": "\u0019"}}, 400, "empty_text"),  # only what the server removes: nothing to read
        ({"json": {"text": " \u202e\u2066 "}}, 400, "empty_text"),
        ({"json": {}}, 400, "invalid_text"),
        ({"json": {"text": 42}}, 400, "invalid_text"),
        ({"json": {"text": ["a"]}}, 400, "invalid_text"),
        ({"json": ["text"]}, 400, "invalid_body"),
        ({"json": "text"}, 400, "invalid_body"),
        ({"json": {"text": "hi", "session": 5}}, 400, "invalid_session"),
        ({"json": {"text": "hi", "session": "short"}}, 400, "invalid_session"),
        ({"json": {"text": "hi", "session": "x" * 200}}, 400, "invalid_session"),
        ({"json": {"text": "hi", "locale": 7}}, 400, "invalid_locale"),
        ({"json": {"text": "x" * 5000}}, 400, "text_too_long"),
        ({"data": "x" * 100_000, "content_type": "application/json"}, 413, "request_too_large"),
        ({"data": "{not json", "content_type": "application/json"}, 400, "invalid_json"),
        ({"data": "text=hi", "content_type": "application/x-www-form-urlencoded"}, 415, "unsupported_media_type"),
        ({"data": b"\xff\xfe\x00", "content_type": "application/json"}, 400, "invalid_json"),
    ],
)
def test_bad_input_gets_a_4xx_json_error(client, kwargs, status, code):
    r = client.post(API, **kwargs)
    assert r.status_code == status
    body = r.get_json()
    assert body["error"]["code"] == code
    assert body["error"]["message"]


def test_100_kb_of_text_is_refused_cleanly(client):
    r = client.post(API, json={"text": "a" * 100 * 1024})
    assert r.status_code == 413
    assert r.get_json()["error"]["code"] == "request_too_large"


@pytest.mark.parametrize(
    "text", ["\x00\x01\x02", "hello\x00world", "\u202e\u200b", "💣" * 50, "<script>alert(1)</script>"]
)
def test_odd_text_gets_a_sensible_answer(client, text):
    r = client.post(API, json={"text": text})
    assert r.status_code in (200, 400)
    if r.status_code == 200:
        assert r.get_json()["topic"] in ("fallback", "greeting")


def test_unknown_locale_gets_an_answer_with_a_notice(client):
    body = client.post(API, json={"text": "hello", "locale": "tlh"}).get_json()
    assert body["locale"] == "en"
    assert "locale-unsupported" in [n["code"] for n in body["notices"]]


def test_wrong_method_and_unknown_route_are_json(client):
    r = client.get(API)
    assert r.status_code == 405 and r.get_json()["error"]["code"] == "method_not_allowed"
    r = client.get("/api/v1/nothing")
    assert r.status_code == 404 and r.get_json()["error"]["code"] == "not_found"


def test_no_cookies_and_no_store(client):
    r = client.post(API, json={"text": "hi"})
    assert "Set-Cookie" not in r.headers
    assert r.headers["Cache-Control"] == "no-store"
    assert r.headers["Referrer-Policy"] == "no-referrer"


def test_forget_deletes_the_state(client, conversations):
    body = client.post(API, json={"text": "I need a lawyer"}).get_json()
    key = conversations.key("web", body["session"])
    assert conversations.store.get(key) is not None
    assert client.delete(f"/api/v1/sessions/{body['session']}").status_code == 204
    assert conversations.store.get(key) is None
