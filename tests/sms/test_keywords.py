"""Carrier keywords, before any rule, in every shipped language."""

import pytest
from app.sms.segments import count_segments


def test_stop_confirms_once_then_silence_until_start(text):
    reply = text("STOP")
    assert len(reply) == 1 and "START" in reply[0]
    assert text("what is an ITIN?") == []
    assert text("HELP") == []
    assert text("STOP") == []
    back = text("START")
    assert back and "STOP" in back[0]
    assert "ITIN" in text("what is an ITIN?")[0]


@pytest.mark.parametrize("word", ["stop", "Stop.", "STOPALL", "unsubscribe", "CANCEL", "end", "quit", "revoke", "optout",
                                  "ALTO", "parar", "cancelar", "ARRÊT", "arrete", "kanpe", "dừng", "중지", "停止", "توقف"])
def test_opt_out_words(text, word):
    assert text(word)
    assert text("hello") == []


def test_stop_inside_a_sentence_is_not_an_opt_out(text):
    assert text("stop sharing my info with ICE please")
    assert text("hello")


def test_unstop_and_yes_opt_back_in(text):
    text("STOP")
    assert text("UNSTOP")
    text("STOP")
    assert text("yes")


def test_help_is_compliant(text, sms_app):
    reply = text("HELP")[0]
    assert "kyrbot" in reply  # program name
    assert "Msg & data rates may apply" in reply
    assert "STOP" in reply
    assert "MENU" in reply or "Help:" in reply  # how to get help


def test_help_names_the_configured_contact(app_factory, twilio):
    client = app_factory(TWILIO_AUTH_TOKEN="tok", SMS_HELP="https://help.example.org").test_client()
    params = twilio.params("INFO")
    r = client.post("/sms/twilio", data=params, headers={"X-Twilio-Signature": twilio.sign(params, token="tok")})
    assert "https://help.example.org" in r.get_data(as_text=True)


def test_spanish_help_keyword_answers_in_spanish(text):
    reply = text("AYUDA")[0]
    assert "STOP" in reply and "kyrbot" in reply


def test_erase_deletes_the_conversation(text, sms_app):
    text("I need a lawyer")
    conversations = sms_app.extensions["kyrbot"]
    key = conversations.key("sms", "+15555550123")
    assert conversations.store.get(key)
    reply = text("BORRAR")[0]
    assert conversations.store.get(key) is None
    assert "phone" in reply or "teléfono" in reply or "telefono" in reply


def test_language_keyword_lists_all_ten_languages_in_one_message(text):
    replies = text("LANGUAGE")
    assert len(replies) == 1
    reply = replies[0]
    assert "MORE" not in reply
    for number, name in enumerate(
        ["English", "Español", "中文", "Tiếng Việt", "한국어", "Tagalog", "Kreyòl", "العربية",
         "Português", "Français"], 1,
    ):
        assert f"{number} {name}" in reply
    assert count_segments(reply).segments <= 3
    switched = text("2")[0]
    assert "A partir de ahora" in switched or "español" in switched.lower()


def test_state_is_kept_under_a_keyed_hash_only(text, sms_app):
    text("I need a lawyer")
    store = sms_app.extensions["kyrbot"].store
    dumped = repr(store._data)
    assert "5555550123" not in dumped and "lawyer" not in dumped
