"""WhatsApp and privacy: no phone number, WhatsApp id, message id or text in
any log line or in the store; location, contact and media fields dropped
unread; Meta and Twilio listed as third parties only when configured."""

from __future__ import annotations

import logging

from wa_fakes import MetaPhone
from wa_fakes import TwilioPhone
from wa_fakes import meta_settings

SECRETS = ["5555550191", "5555550192", "912-70-1234", "lawyer", "60629", "Maria Example", "wamid", "SM0000",
           "Calle Falsa 123", "41.8781", "Juan Contacto", "555 555 0199", "MediaUrl", "caption", "ITIN letter"]


def test_whatsapp_conversations_leave_no_personal_data(meta_app, twilio_app, graph, caplog, events_log):
    caplog.set_level(logging.DEBUG)
    meta = MetaPhone(meta_app, graph, "+15555550191")
    twilio = TwilioPhone(twilio_app, "+15555550192")
    for phone in (meta, twilio):
        phone.say("my ITIN is 912-70-1234, I need a lawyer")
        phone.say("60629")
        phone.say("MORE")
        phone.send_photo()
        phone.say("STOP")
        phone.say("hello")
        phone.say("START")
    located = meta.post({"type": "location", "location": {"latitude": 41.8781, "longitude": -87.6298,
                                                 "name": "Home", "address": "Calle Falsa 123"}})
    contact = meta.post({"type": "contacts", "contacts": [{"name": {"formatted_name": "Juan Contacto"},
                                                  "phones": [{"phone": "+1 555 555 0199"}]}]})
    for reply in (located, contact):
        assert len(reply) == 1 and "only read text" in reply[0].body
    logged = "\n".join([*events_log, *(r.getMessage() + " " + repr(r.__dict__) for r in caplog.records)])
    stored = repr(meta_app.extensions["kyrbot"].store._data) + repr(twilio_app.extensions["kyrbot"].store._data)
    optouts = repr(meta_app.extensions["kyrbot.sms"].service.optouts._keys)
    for value in SECRETS:
        assert value not in logged, value
        assert value not in stored, value
        assert value not in optouts, value
    assert "event=whatsapp_answered gateway=meta" in logged
    assert "event=whatsapp_answered gateway=twilio" in logged
    assert "event=whatsapp_not_text" in logged
    # The location and the contact were answered "only text", never read.
    sent = "\n".join(r.body.decode() for r in graph.requests)
    assert "Calle Falsa" not in sent and "Juan Contacto" not in sent


def test_third_parties_only_when_configured(app_factory, graph):
    plain = app_factory().test_client()
    assert plain.get("/privacy.json").get_json()["third_parties"]["whatsapp"] == []
    assert "WhatsApp" not in plain.get("/privacy").get_data(as_text=True)
    meta = app_factory(**meta_settings(graph)).test_client()
    assert meta.get("/privacy.json").get_json()["third_parties"]["whatsapp"] == ["meta"]
    assert "Meta (WhatsApp)" in meta.get("/privacy").get_data(as_text=True)
    both = app_factory(**meta_settings(graph), TWILIO_AUTH_TOKEN="t").test_client()
    assert both.get("/privacy.json").get_json()["third_parties"]["whatsapp"] == ["meta", "twilio"]
    page = both.get("/privacy?lang=es").get_data(as_text=True)
    assert "Los mensajes de WhatsApp pasan por Meta (WhatsApp), Twilio." in page
