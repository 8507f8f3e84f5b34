"""Whole WhatsApp conversations in Spanish and in Arabic over each adapter
(Meta's Cloud API; Twilio with numbered text; Twilio with quick replies and
lists): question -> answer with sources -> choice -> legal-help referral by
ZIP -> STOP -> silence -> START. Every message within the platform's limits."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from app.stats.report import report

CASES = {
    "es": dict(
        question="¿Puede el IRS compartir mi información con ICE?",
        heading="*¿Qué información puede darle el IRS a ICE?*",
        sources="Fuentes:",
        help_label="Buscar ayuda legal gratis",
        asks_zip="código postal (ZIP)",
        state="Illinois",
        stop="ALTO",
        stopped="START",
        start="START",
        not_text="Solo puedo leer mensajes de texto",
    ),
    "ar": dict(
        question="هل يمكن لمصلحة الضرائب أن تشارك معلوماتي مع ICE؟",
        heading="*",
        sources="المصادر:",
        help_label="العثور على مساعدة قانونية مجانية",
        asks_zip="(ZIP code)",
        state="إلينوي",
        stop="توقف",
        stopped="START",
        start="ابدا",
        not_text="لا أستطيع أن أقرأ إلا الرسائل النصية",
    ),
}


def within_limits(messages, adapter: str) -> None:
    """Meta's and Twilio's documented limits (README, "WhatsApp")."""
    text_limit = 4096 if adapter == "meta" else 1600
    for m in messages:
        units = len(m.body.encode("utf-16-le")) // 2
        assert m.body and len(m.body) <= 4096
        if m.kind == "text":
            assert units <= text_limit, units
            continue
        assert units <= 1024, units
        titles = [o["title"] for o in m.options]
        if m.kind == "buttons":
            assert 1 <= len(m.options) <= 3
            assert all(0 < len(t) <= 20 for t in titles) and len(set(titles)) == len(titles)
        else:
            assert 1 <= len(m.options) <= 10
            assert m.button and len(m.button) <= 20
            assert all(0 < len(t) <= 24 for t in titles)
            assert all(len(o.get("description") or "") <= 72 for o in m.options)
        assert all(0 < len(o["id"]) <= 200 for o in m.options)


def whole(messages) -> str:
    return "\n\n".join(m.body for m in messages)


def until_done(phone, messages):
    """The reply and every part MORE brings (Twilio's 1,600-character parts)."""
    out = list(messages)
    while out and "MORE" in out[-1].body.splitlines()[-1]:
        out += phone.say("MORE")
    return out


@pytest.mark.parametrize("locale", ["es", "ar"])
def test_a_whole_conversation(phone_factory, locale, events_log):
    case = CASES[locale]
    phone = phone_factory("+15555550161" if locale == "es" else "+15555550162")
    adapter = phone.name

    answer = until_done(phone, phone.say(case["question"]))
    within_limits(answer, adapter)
    text = whole(answer)
    assert case["heading"] in text and re.search(r"^\*[^*\n]+\*$", text, re.M)  # the question in bold
    assert case["sources"] in text and "https://" in text  # sources as plain links
    if adapter == "twilio":
        assert "1) " in text  # numbered choices
    else:
        assert any(m.kind in ("buttons", "list") for m in answer)
        assert sum(len(m.options) for m in answer) >= 4  # every choice tappable, in lists of 10

    asked = until_done(phone, phone.choose(case["help_label"]))
    within_limits(asked, adapter)
    assert case["asks_zip"] in whole(asked)

    listed = until_done(phone, phone.say("60629"))
    within_limits(listed, adapter)
    assert "60629" in whole(listed) and case["state"] in whole(listed)
    assert "https://immigrantjustice.org/" in whole(listed)

    stopped = phone.say(case["stop"])
    assert len(stopped) == 1 and case["stopped"] in stopped[0].body
    assert phone.say(case["question"]) == []  # silence
    assert phone.say("HELP") == []
    assert phone.send_photo() == []

    back = phone.say(case["start"])
    assert len(back) == 1 and "STOP" in back[0].body
    again = phone.say(case["question"])
    assert again and case["sources"] in whole(until_done(phone, again))
    assert f"event=whatsapp_answered gateway={'meta' if adapter == 'meta' else 'twilio'}" in "\n".join(events_log)


def test_a_photo_is_answered_that_only_text_is_read(phone_factory):
    phone = phone_factory("+15555550163")
    phone.say("hola")  # the conversation is in Spanish now
    reply = phone.send_photo()
    assert len(reply) == 1 and CASES["es"]["not_text"] in reply[0].body


def test_whatsapp_is_counted_apart_and_keeps_its_own_conversation(phone_factory):
    phone = phone_factory("+15555550164")
    app = phone.app
    phone.say("what is an ITIN?")
    phone.say("STOP")
    conversations = app.extensions["kyrbot"]
    assert conversations.store.get(conversations.key("sms", "+15555550164")) is None
    rec = conversations.stats
    rec.flush()
    today = dt.date.today().isoformat()
    data = report(rec.store.rows(today, today), today, today, 1, None)
    assert dict(data.by_channel) == {"whatsapp": 1}  # "what is an ITIN?"; STOP is not a message
    assert data.totals["opt_outs"] == 1
    optouts = app.extensions["kyrbot.sms"].service.optouts
    assert optouts.contains(conversations.key("whatsapp", "+15555550164"))
    assert not optouts.contains(conversations.key("sms", "+15555550164"))
