"""No dead ends by text message (issue 14), through the real webhook, signed
as Twilio signs it."""

from app.sms.segments import count_segments


def test_a_first_hola_is_answered_in_spanish(text):
    reply = text("hola", phone="+15555550150")[0]
    assert "Hola" in reply
    assert "Hello" not in reply


def test_a_first_xin_chao_is_answered_in_vietnamese(text):
    reply = text("Xin chào", phone="+15555550151")[0]
    assert "Xin chào" in reply


def _every_part(text, body: str, phone: str) -> list[str]:
    """The reply to ``body`` and each part that "MORE" brings."""
    parts = text(body, phone=phone)
    while " MORE" in parts[-1]:  # "Reply MORE for the rest.", "Responda MORE (MAIS) ..."
        parts += text("MORE", phone=phone)
    return parts


def test_more_after_the_last_part_says_there_is_no_more(text):
    phone = "+15555550152"
    parts = _every_part(text, "ICE agents are at my door, what do I do?", phone)
    assert len(parts) >= 2, "the door answer is long enough to come in parts"
    last = text("MORE", phone=phone)[0]
    assert "whole answer" in last
    assert last not in parts
    # ... and the conversation goes on: a number still picks from the last list.
    assert text("1", phone=phone)


def test_yes_answers_the_referral_offer_and_a_city_finds_help(text):
    phone = "+15555550153"
    parts = _every_part(text, "my husband was detained by ICE", phone)
    assert "Want help finding free legal help near you?" in parts[-1]
    asked = text("YES", phone=phone)[0]  # a carrier opt-in word too: never a bare greeting
    assert "ZIP code" in asked
    listed = text("Houston", phone=phone)[0]
    assert "Texas" in listed


def test_every_part_of_a_reply_fits_three_segments(text):
    phone = "+15555550154"
    parts = _every_part(text, "is my tax return private from ICE?", phone)
    assert all(count_segments(p).segments <= 3 for p in parts)
    assert parts[0].startswith("Is my tax information private?")  # the question first


def test_every_part_of_a_translated_answer_arrives_once_and_in_order(text, engine):
    """The pages of a long reply are cut again from the rebuilt reply on
    MORE; a once-per-conversation note that was in the first part must stay
    in the rebuilt one, or a part would skip text (found in Portuguese)."""
    from app.engine import Inbound
    from app.engine import State
    from app.engine.normalize import normalize

    phone = "+15555550155"
    text("português", phone=phone)  # the language named; the note goes with the first answer
    parts = _every_part(text, "a imigração está na minha porta, o que eu faço?", phone)
    assert len(parts) >= 2
    reply, _ = engine.respond(Inbound("a imigração está na minha porta, o que eu faço?", "sms", "pt"), State(locale="pt"))
    joined = normalize(" ".join(p.rsplit("\n", 1)[0] for p in parts))  # without "Responda MORE ..."
    for sentence in reply.short.split(". ")[:-1]:
        words = normalize(sentence).split()
        assert " ".join(words) in joined, sentence
