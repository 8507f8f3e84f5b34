"""Twilio helpers shared with the SMS tests."""

import pytest
from twilio.request_validator import RequestValidator


@pytest.fixture
def twilio():
    class Twilio:
        @staticmethod
        def params(body, phone="+15555550123", sid=None, _n=[0]):
            _n[0] += 1
            return {"MessageSid": sid or f"SM{_n[0]:032d}", "From": phone, "To": "+15555550100", "Body": body, "FromZip": "60629"}

        @staticmethod
        def sign(params, url="http://localhost/sms/twilio", token="tok"):
            return RequestValidator(token).compute_signature(url, params)

    return Twilio
