"""Personal data never reaches logs or the conversation store."""

import logging

import pytest

from app.engine.pii import shield

SECRETS = {
    "ssn": "123-45-6789",
    "itin": "912 78 1234",
    "anumber": "A123456789",
    "phone": "(312) 555-0199",
    "email": "maria.lopez@example.com",
}


@pytest.mark.parametrize("kind,value", SECRETS.items())
def test_shield_finds_each_kind(kind, value):
    out = shield(f"my number is {value} ok")
    assert value not in out.text and out.kinds


@pytest.mark.parametrize("text", ["ZIP 60629", "section 6103(i)(2)", "Form W-7", "2025-11-21", "47,000 people", "I-205"])
def test_shield_leaves_ordinary_numbers(text):
    assert shield(text).text == text


def test_answer_continues_with_a_pii_notice(client):
    body = client.post("/api/v1/messages", json={"text": "my SSN is 123-45-6789, can the IRS share it with ICE?"}).get_json()
    assert body["notices"][0]["code"] == "pii"
    assert body["topic"] in ("irs-ice-agreement", "what-info-shared", "tax-privacy-basics")
    es = client.post("/api/v1/messages", json={"text": "mi ITIN es 912-78-1234", "locale": "es"}).get_json()
    assert es["notices"][0]["code"] == "pii" and "seguridad" in es["notices"][0]["message"].lower()


def test_full_conversations_leave_no_personal_data(app_factory, caplog, events_log, twilio):
    caplog.set_level(logging.DEBUG)
    app = app_factory(TWILIO_AUTH_TOKEN="tok")
    client = app.test_client()
    said = [
        f"my ssn is {SECRETS['ssn']} and my itin {SECRETS['itin']}",
        f"my A-number is {SECRETS['anumber']}, I need a lawyer",
        "60629",
        f"call me at {SECRETS['phone']} or {SECRETS['email']}",
    ]
    session = None
    for text in said:
        body = client.post("/api/v1/messages", json={"text": text, "session": session}).get_json()
        session = body["session"]
        assert not any(v in body["text"] for v in SECRETS.values())
    client.post("/", data={"text": said[0], "session": session})
    phone = "+15555550142"
    for text in said:
        params = twilio.params(text, phone=phone)
        r = client.post("/sms/twilio", data=params, headers={"X-Twilio-Signature": twilio.sign(params, token="tok")})
        assert r.status_code == 200
    for text in said:  # WhatsApp through Twilio (issue 17; Meta's adapter: tests/whatsapp/test_privacy.py)
        params = twilio.params(text, phone="whatsapp:+15555550143")
        r = client.post("/sms/twilio", data=params, headers={"X-Twilio-Signature": twilio.sign(params, token="tok")})
        assert r.status_code == 200
    logged = "\n".join([*events_log, *(r.getMessage() + " " + repr(r.__dict__) for r in caplog.records)])
    stored = repr(app.extensions["kyrbot"].store._data)
    for value in [*SECRETS.values(), "5555550142", "5555550143", session, "60629", "lawyer", "maria"]:
        assert value not in logged, value
        assert value not in stored, value
    assert "event=message_answered" in logged and "event=sms_answered" in logged
    assert "event=whatsapp_answered" in logged


def test_every_shield_pattern_has_bounded_repetitions():
    """Issue 16: crafted messages cost quadratic time in the A-number and e-mail
    patterns. With no unbounded repetition (*, +, {n,}) each pattern does at
    most a fixed amount of work per position, so the shield's cost grows
    linearly with the message. (How long it takes is measured, not tested:
    benchmarks/abuse_bench.py prints adversarial against ordinary messages.)"""
    import re
    from re import _constants as constants
    from re import _parser as parser

    from app.engine import pii

    def unbounded(items):
        for op, arg in items:
            if op in (constants.MAX_REPEAT, constants.MIN_REPEAT, constants.POSSESSIVE_REPEAT):
                low, high, sub = arg
                if high == constants.MAXREPEAT:
                    yield f"{op} {low},∞"
                yield from unbounded(sub)
            elif op == constants.SUBPATTERN:
                yield from unbounded(arg[-1])
            elif op == constants.BRANCH:
                for branch in arg[1]:
                    yield from unbounded(branch)
            elif op in (constants.ASSERT, constants.ASSERT_NOT):
                yield from unbounded(arg[1])

    patterns = {name: value for name, value in vars(pii).items() if isinstance(value, re.Pattern)}
    assert {"_SSN", "_ANUMBER", "_EMAIL", "_NANP", "_INTERNATIONAL"} <= set(patterns)
    for name, pattern in patterns.items():
        assert list(unbounded(parser.parse(pattern.pattern, pattern.flags))) == [], name
    # The checker itself finds an unbounded repetition.
    assert list(unbounded(parser.parse(r"(?:a\d{2,})+b", 0)))
