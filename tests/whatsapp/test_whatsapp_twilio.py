"""WhatsApp through Twilio: ``POST /sms/twilio`` with ``From: whatsapp:+1…``,
signed with Twilio's RequestValidator, answered as channel ``whatsapp``."""

from __future__ import annotations

from xml.etree import ElementTree

from wa_fakes import ACCOUNT_SID
from wa_fakes import TwilioPhone
from wa_fakes import twilio_params
from wa_fakes import twilio_sign

PHONE = "+15555550181"


def twiml(response) -> list[str]:
    return [m.text or "" for m in ElementTree.fromstring(response.get_data()).iter("Message")]


def test_a_whatsapp_sender_is_its_own_channel_with_whatsapp_rendering(twilio_app):
    c = twilio_app.test_client()
    params = twilio_params(PHONE, "is my tax return private from ICE?")
    r = c.post("/sms/twilio", data=params, headers={"X-Twilio-Signature": twilio_sign(params)})
    assert r.status_code == 200
    messages = twiml(r)
    assert messages[0].startswith("*Is my tax information private?*")  # bold question, long form
    assert all(len(m) <= 1600 for m in messages)  # Twilio's Body limit
    conversations = twilio_app.extensions["kyrbot"]
    assert conversations.store.get(conversations.key("whatsapp", PHONE))
    assert conversations.store.get(conversations.key("sms", PHONE)) is None


def test_the_same_number_by_sms_and_by_whatsapp_are_two_conversations(twilio_app):
    c = twilio_app.test_client()
    wa = twilio_params(PHONE, "STOP")
    assert twiml(c.post("/sms/twilio", data=wa, headers={"X-Twilio-Signature": twilio_sign(wa)}))
    sms = twilio_params(PHONE, "what is an ITIN?", From=PHONE, To="+15555550100")
    answer = twiml(c.post("/sms/twilio", data=sms, headers={"X-Twilio-Signature": twilio_sign(sms)}))
    assert answer and "*" not in answer[0]  # SMS: answered, in the short SMS form


def test_a_wrong_or_missing_signature_is_refused(twilio_app):
    c = twilio_app.test_client()
    params = twilio_params(PHONE, "hola")
    assert c.post("/sms/twilio", data=params,
                  headers={"X-Twilio-Signature": twilio_sign(params, token="other")}).status_code == 403
    assert c.post("/sms/twilio", data=params).status_code == 403


def test_a_repeated_message_sid_gets_no_second_answer(twilio_app):
    c = twilio_app.test_client()
    params = twilio_params(PHONE, "what is an ITIN?")
    headers = {"X-Twilio-Signature": twilio_sign(params)}
    assert twiml(c.post("/sms/twilio", data=params, headers=headers))
    assert twiml(c.post("/sms/twilio", data=params, headers=headers)) == []


def test_help_and_more_keywords_work_as_on_sms(twilio_app):
    phone = TwilioPhone(twilio_app, PHONE)
    help_text = phone.say("AYUDA")[0].body
    assert "kyrbot" in help_text and "STOP" in help_text
    parts = phone.say("ICE agents are at my door, what do I do?")
    if "MORE" in parts[-1].body.splitlines()[-1]:
        assert phone.say("MORE")
    erased = phone.say("BORRAR")[0].body
    conversations = twilio_app.extensions["kyrbot"]
    assert conversations.store.get(conversations.key("whatsapp", PHONE)) is None
    assert erased


def test_interactive_mode_creates_each_template_once_and_sends_in_order(twilio_interactive_app, graph):
    phone = TwilioPhone(twilio_interactive_app, PHONE, graph)
    first = phone.say("LANGUAGE")
    assert [m.kind for m in first] == ["list", "buttons"]
    created = [r for r in graph.requests if r.path.endswith("/v1/Content")]
    assert [list(r.json()["types"]) for r in created] == [["twilio/list-picker"], ["twilio/quick-reply"]]
    for request in graph.requests:
        assert request.headers["Authorization"].startswith("Basic ")
    phone.say("LANGUAGE")  # the same shapes: no new template
    assert len([r for r in graph.requests if r.path.endswith("/v1/Content")]) == 2
    chosen = phone.choose("Español")
    assert "español" in chosen[0].body.lower()
    sent = [r for r in graph.requests if r.path.endswith("/Messages.json")]
    assert all(r.path == f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json" for r in sent)


def test_a_location_through_twilio_is_not_read(twilio_app):
    c = twilio_app.test_client()
    params = twilio_params(PHONE, "", Latitude="41.8", Longitude="-87.7", Address="123 Example St",
                           MessageType="location")
    r = c.post("/sms/twilio", data=params, headers={"X-Twilio-Signature": twilio_sign(params)})
    assert twiml(r) and "only read text" in twiml(r)[0]
