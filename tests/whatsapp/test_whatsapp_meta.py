"""POST/GET /whatsapp/meta: Meta's verification handshake, X-Hub-Signature-256,
de-duplication, the asynchronous sender and its bounded retries."""

from __future__ import annotations

import json

import pytest

from app.whatsapp.sender import TRIES

from wa_fakes import ACCESS_TOKEN
from wa_fakes import PHONE_NUMBER_ID
from wa_fakes import VERIFY_TOKEN
from wa_fakes import meta_payload
from wa_fakes import meta_settings
from wa_fakes import sign_meta

PHONE = "+15555550171"


def post(client, body: bytes, signature: str | None):
    headers = {"Content-Type": "application/json"}
    if signature is not None:
        headers["X-Hub-Signature-256"] = signature
    return client.post("/whatsapp/meta", data=body, headers=headers)


def text_message(text: str) -> dict:
    return {"type": "text", "text": {"body": text}}


def test_verification_echoes_the_challenge_only_for_the_right_token(meta_app):
    c = meta_app.test_client()
    ok = c.get(f"/whatsapp/meta?hub.mode=subscribe&hub.verify_token={VERIFY_TOKEN}&hub.challenge=1158201444")
    assert ok.status_code == 200 and ok.get_data(as_text=True) == "1158201444"
    assert ok.mimetype == "text/plain"
    for query in (
        "hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1158201444",
        "hub.mode=subscribe&hub.challenge=1158201444",
        f"hub.mode=unsubscribe&hub.verify_token={VERIFY_TOKEN}&hub.challenge=1158201444",
        f"hub.mode=subscribe&hub.verify_token={VERIFY_TOKEN}&hub.challenge=<script>",
    ):
        r = c.get(f"/whatsapp/meta?{query}")
        assert r.status_code == 403, query
        assert set(r.get_json()["error"]) == {"code", "message"}


@pytest.mark.parametrize("missing", ["WHATSAPP_VERIFY_TOKEN", "WHATSAPP_APP_SECRET",
                                     "WHATSAPP_ACCESS_TOKEN", "WHATSAPP_PHONE_NUMBER_ID"])
def test_without_any_one_setting_every_request_is_refused(app_factory, graph, missing):
    settings = meta_settings(graph)
    settings[missing] = ""
    c = app_factory(**settings).test_client()
    body = meta_payload(PHONE, text_message("hola"))
    for r in (post(c, body, sign_meta(body)),
              c.get(f"/whatsapp/meta?hub.mode=subscribe&hub.verify_token={VERIFY_TOKEN}&hub.challenge=1")):
        assert r.status_code == 404
        assert r.get_json()["error"]["code"] == "not_configured"
    assert graph.requests == []


def test_default_settings_refuse_everything(client):
    assert client.post("/whatsapp/meta", data=b"{}").status_code == 404
    assert client.get("/whatsapp/meta?hub.mode=subscribe&hub.verify_token=&hub.challenge=1").status_code == 404


def test_a_correct_signature_is_answered_and_the_reply_sent_after(meta_app, graph):
    body = meta_payload(PHONE, text_message("what is an ITIN?"))
    r = post(meta_app.test_client(), body, sign_meta(body))
    assert r.status_code == 200 and r.get_json() == {"status": "received"}
    sent = graph.wait_for(1)
    assert sent[0].path == f"/v25.0/{PHONE_NUMBER_ID}/messages"
    assert sent[0].headers["Authorization"] == f"Bearer {ACCESS_TOKEN}"
    first = sent[0].json()
    assert first["messaging_product"] == "whatsapp" and first["to"] == PHONE.lstrip("+")
    assert "ITIN" in json.dumps(first, ensure_ascii=False)


@pytest.mark.parametrize("signature", [
    None,  # missing
    "sha256=" + "0" * 64,  # wrong
    "sha1=" + "0" * 40,  # the old header's form
    "",
])
def test_a_missing_or_wrong_signature_gets_403(meta_app, graph, signature):
    body = meta_payload(PHONE, text_message("what is an ITIN?"))
    r = post(meta_app.test_client(), body, signature)
    assert r.status_code == 403 and r.get_json()["error"]["code"] == "forbidden"
    assert meta_app.extensions["kyrbot.whatsapp"].meta_sender.wait_idle(5)
    assert graph.requests == []


def test_a_signature_of_another_body_or_secret_gets_403(meta_app, graph):
    body = meta_payload(PHONE, text_message("what is an ITIN?"))
    tampered = body.replace(b"ITIN", b"SSN?")
    c = meta_app.test_client()
    assert post(c, tampered, sign_meta(body)).status_code == 403
    assert post(c, body, sign_meta(body, secret="another-secret")).status_code == 403
    assert graph.requests == []


def test_a_repeated_message_id_gets_no_second_answer(meta_app, graph):
    body = meta_payload(PHONE, text_message("what is an ITIN?"))
    c = meta_app.test_client()
    sender = meta_app.extensions["kyrbot.whatsapp"].meta_sender
    assert post(c, body, sign_meta(body)).status_code == 200
    assert sender.wait_idle(10)
    count = len(graph.requests)
    assert count >= 1
    assert post(c, body, sign_meta(body)).status_code == 200  # Meta's retry
    assert sender.wait_idle(10)
    assert len(graph.requests) == count


def test_messages_for_another_number_and_delivery_statuses_are_ignored(meta_app, graph):
    c = meta_app.test_client()
    other = meta_payload(PHONE, text_message("hola"), phone_number_id="999")
    assert post(c, other, sign_meta(other)).status_code == 200
    statuses = json.dumps({"object": "whatsapp_business_account", "entry": [{"changes": [{"field": "messages",
        "value": {"metadata": {"phone_number_id": PHONE_NUMBER_ID},
                  "statuses": [{"id": "wamid.1", "status": "read", "recipient_id": "15555550171"}]}}]}]}).encode()
    assert post(c, statuses, sign_meta(statuses)).status_code == 200
    assert meta_app.extensions["kyrbot.whatsapp"].meta_sender.wait_idle(5)
    assert graph.requests == []


def test_signed_but_not_json_is_400(meta_app):
    body = b"not json"
    r = post(meta_app.test_client(), body, sign_meta(body))
    assert r.status_code == 400 and r.get_json()["error"]["code"] == "invalid_json"


def test_retries_on_a_failing_server_stop_after_a_bounded_number_of_tries(meta_app, graph, events_log):
    graph.status = 500
    body = meta_payload(PHONE, text_message("what is an ITIN?"))
    assert post(meta_app.test_client(), body, sign_meta(body)).status_code == 200  # acknowledged at once
    sender = meta_app.extensions["kyrbot.whatsapp"].meta_sender
    assert sender.wait_idle(15)
    # The first message failed TRIES times; the job stopped there, so its
    # later messages were never sent out of order.
    assert len(graph.requests) == TRIES == 4
    assert len({r.body for r in graph.requests}) == 1
    failed = [line for line in events_log if "event=whatsapp_send_failed" in line]
    assert failed == [f"WARNING event=whatsapp_send_failed gateway=meta status=500 tries={TRIES}"]
    # The server is back: the next message goes out at the first try.
    graph.status = 200
    again = meta_payload(PHONE, text_message("what is an ITIN?"))
    assert post(meta_app.test_client(), again, sign_meta(again)).status_code == 200
    assert sender.wait_idle(15)
    assert len(graph.requests) > TRIES


def test_a_refusal_is_not_retried(meta_app, graph, events_log):
    graph.status = 400  # e.g. an expired token
    body = meta_payload(PHONE, text_message("what is an ITIN?"))
    assert post(meta_app.test_client(), body, sign_meta(body)).status_code == 200
    assert meta_app.extensions["kyrbot.whatsapp"].meta_sender.wait_idle(15)
    assert len(graph.requests) == 1
    assert "event=whatsapp_send_failed gateway=meta status=400 tries=1" in "\n".join(events_log)


def test_an_unreachable_api_is_retried_and_given_up(app_factory, events_log):
    import socket

    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    app = app_factory(**{**meta_settings(type("G", (), {"url": f"http://127.0.0.1:{port}"})())})
    sender = app.extensions["kyrbot.whatsapp"].meta_sender
    sender.backoff = 0.01
    body = meta_payload(PHONE, text_message("hola"))
    assert post(app.test_client(), body, sign_meta(body)).status_code == 200
    assert sender.wait_idle(15)
    assert f"event=whatsapp_send_failed gateway=meta status=unreachable tries={TRIES}" in "\n".join(events_log)


def test_buttons_for_a_few_short_choices_and_lists_of_ten(meta_app, graph):
    from wa_fakes import MetaPhone

    phone = MetaPhone(meta_app, graph, PHONE)
    shown = phone.say("LANGUAGE")  # ten languages and "Main menu": a list of 10, then a button
    assert [m.kind for m in shown] == ["list", "buttons"]
    assert len(shown[0].options) == 10 and shown[0].options[1]["id"] == "lang:es"
    assert shown[1].options == [{"id": "menu", "title": "Main menu"}]
    switched = phone.choose("Español")
    assert "español" in switched[0].body.lower()
    for request in graph.requests:
        body = request.json()
        if body["type"] == "interactive" and body["interactive"]["type"] == "button":
            buttons = body["interactive"]["action"]["buttons"]
            assert len(buttons) <= 3 and all(len(b["reply"]["title"]) <= 20 for b in buttons)
        if body["type"] == "interactive" and body["interactive"]["type"] == "list":
            rows = [r for s in body["interactive"]["action"]["sections"] for r in s["rows"]]
            assert len(rows) <= 10 and all(len(r["title"]) <= 24 for r in rows)
