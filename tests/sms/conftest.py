"""Webhook requests signed exactly as the gateways sign them."""

from __future__ import annotations

import itertools

import pytest
from twilio.request_validator import RequestValidator

TOKEN = "test-twilio-token"
PLIVO_TOKEN = "test-plivo-token"
PHONE = "+15555550123"  # fictional 555-01xx numbers only
OUR_NUMBER = "+15555550100"
_ids = itertools.count(1)


@pytest.fixture
def sms_app(app_factory):
    return app_factory(TWILIO_AUTH_TOKEN=TOKEN, PLIVO_AUTH_TOKEN=PLIVO_TOKEN)


@pytest.fixture
def sms_client(sms_app):
    return sms_app.test_client()


def twilio_params(body, sid=None, phone=PHONE, **extra):
    params = {
        "MessageSid": sid or f"SM{next(_ids):032d}",
        "AccountSid": "AC" + "0" * 32,
        "From": phone,
        "To": OUR_NUMBER,
        "Body": body,
        "NumMedia": "0",
        "FromCity": "CHICAGO",
        "FromState": "IL",
        "FromZip": "60629",
        "FromCountry": "US",
    }
    params.update(extra)
    return params


def twilio_signature(params, url="http://localhost/sms/twilio", token=TOKEN):
    return RequestValidator(token).compute_signature(url, params)


@pytest.fixture
def text(sms_client):
    """text("hi") -> the reply messages, posted and signed like Twilio."""

    def _send(body, phone=PHONE, sid=None):
        params = twilio_params(body, sid=sid, phone=phone)
        r = sms_client.post(
            "/sms/twilio", data=params, headers={"X-Twilio-Signature": twilio_signature(params)}
        )
        assert r.status_code == 200, r.get_data(as_text=True)
        assert r.mimetype == "application/xml"
        from xml.etree import ElementTree

        root = ElementTree.fromstring(r.get_data())
        return [m.text or "" for m in root.iter("Message")]

    return _send


@pytest.fixture
def twilio():
    """Helpers to build and sign Twilio webhook requests."""

    class Twilio:
        params = staticmethod(twilio_params)
        sign = staticmethod(twilio_signature)
        phone = PHONE

    return Twilio
