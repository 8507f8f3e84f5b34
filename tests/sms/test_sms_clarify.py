"""A clarifying question by SMS: candidates numbered first, "1" picks one;
and the automatic-translation note once per conversation."""

from app.sms.segments import count_segments


def test_sms_clarify_is_numbered_and_a_number_picks(text):
    asked = text("detained refund")[0]
    lines = asked.splitlines()
    assert "1) If someone is detained by ICE" in lines
    assert "2) Taxpayer Advocate Service (TAS)" in lines
    assert count_segments(asked).segments <= 3
    answer = text("2")[0]
    assert "Taxpayer Advocate" in answer


def test_sms_tells_about_the_automatic_translation_once_per_conversation(text):
    from app.engine.normalize import normalize

    first = normalize(text("¿qué es un ITIN?")[0])  # accents may be dropped to fit GSM-7
    second = normalize(text("¿cómo renuevo mi ITIN?")[0])
    # In the first part, right after the question: the reader knows at once.
    assert "traduccion automatica" in first
    assert "traduccion automatica" not in second


def test_sms_answers_open_with_the_question(text):
    reply = text("what is an ITIN?")[0]
    assert reply.splitlines()[0] == "What is an ITIN, and how do I get or renew one?"
