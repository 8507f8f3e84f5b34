"""A clarifying question by SMS: candidates numbered first, "1" picks one."""

from app.sms.segments import count_segments


def test_sms_clarify_is_numbered_and_a_number_picks(text):
    asked = text("my refund is detained")[0]
    lines = asked.splitlines()
    assert "1) If someone is detained by ICE" in lines
    assert "2) Taxpayer Advocate Service (TAS)" in lines
    assert count_segments(asked).segments <= 3
    answer = text("2")[0]
    assert "Taxpayer Advocate" in answer
