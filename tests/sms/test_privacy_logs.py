"""Logs written during SMS conversations hold no phone number and no text."""

import logging


def test_logs_hold_no_phone_number_or_text(text, caplog, events_log):
    caplog.set_level(logging.DEBUG)
    said = ["I need a lawyer", "60629", "MORE", "my ITIN is 912-70-1234", "STOP", "hello", "START", "HELP"]
    for body in said:
        text(body)
    logged = "\n".join([*events_log, *(r.getMessage() for r in caplog.records)])
    assert "sms_answered" in logged
    for secret in ("5555550123", "555-0123", "lawyer", "60629", "912-70-1234", "ITIN is", "CHICAGO"):
        assert secret not in logged
    for record in caplog.records:
        for value in record.__dict__.values():
            assert "5555550123" not in str(value)
