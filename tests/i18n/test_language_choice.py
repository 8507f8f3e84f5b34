"""How the language is chosen, in the documented order."""

import pytest

from app.engine import Inbound
from app.engine import State

API = "/api/v1/messages"


def test_accept_language_decides_when_the_message_does_not(client):
    body = client.post(API, json={"text": "ITIN?"}, headers={"Accept-Language": "es-MX,es;q=0.9"}).get_json()
    assert body["locale"] == "es"


def test_a_first_message_is_answered_in_its_own_language(client):
    # Issue 14: the language the person writes in beats the browser's setting.
    english = client.post(
        API, json={"text": "what is an ITIN?"}, headers={"Accept-Language": "es-MX,es;q=0.9"}
    ).get_json()
    assert english["locale"] == "en"
    spanish = client.post(
        API, json={"text": "hola"}, headers={"Accept-Language": "en-US,en;q=0.9"}
    ).get_json()
    assert spanish["locale"] == "es"
    vietnamese = client.post(API, json={"text": "Xin chào"}).get_json()
    assert vietnamese["locale"] == "vi"


def test_spanish_mixed_with_english_is_answered_in_one_of_the_two(client):
    # The word lists leave Spanish and English close; the statistical model
    # alone said Tagalog. It may only choose between the two the words show.
    body = client.post(API, json={
        "text": "Mi ITIN expira en December y no lo usé en los last three years, "
                "do I need to renew it ahora o espero hasta que file?"
    }).get_json()
    assert body["locale"] in ("es", "en")
    assert body["topic"] == "itin"


@pytest.mark.parametrize("text", [
    # A phone with no Chinese keyboard: pinyin without tones. Two words that
    # are pinyin and nothing else ("tamen", "xianzai", "zenme") make it Chinese.
    "tamen xianzai jiu zai wo jia menkou, shuo you wenjian yao wo kai men, zenme ban",
    # Typed a syllable at a time (round 56): nearly every word a syllable, and
    # two pinyin words once the spaces are out; the Chinese triggers' pinyin
    # forms ("qiao men", "yi min ju") read it.
    "you ren zai qiao men shuo shi yi min ju de wo ba ma zai jia wo bu zai jia zen me ban",
])
def test_chinese_typed_in_pinyin_is_chinese(client, text):
    body = client.post(API, json={"text": text}).get_json()
    assert (body["locale"], body["topic"]) == ("zh-Hans", "ice-at-door")


def test_korean_typed_in_latin_letters_is_korean(client):
    # Round 56: "my dad was just caught by ICE in the parking lot, I don't know
    # where they took him, how do I find him, please", with no Korean keyboard.
    body = client.post(API, json={
        "text": "jigeum uri appa ga parking lot eseo ICE hante japhyeogasseoyo. "
                "eodiro derigo gatneunji molla yo eotteoke chajayo jebal"
    }).get_json()
    assert (body["locale"], body["topic"]) == ("ko", "detained")


@pytest.mark.parametrize("text", [
    "can women and children file taxes?",  # "women" alone is English
    "she can go to the bank and then he will be in a meeting",  # syllables, but no pinyin words
])
def test_english_that_looks_like_pinyin_stays_english(client, text):
    assert client.post(API, json={"text": text}).get_json()["locale"] == "en"


def test_locale_field_beats_accept_language(client):
    body = client.post(
        API, json={"text": "hello", "locale": "en"}, headers={"Accept-Language": "es-MX,es;q=0.9"}
    ).get_json()
    assert body["locale"] == "en"


def test_chinese_name_switches_an_english_conversation(client):
    first = client.post(API, json={"text": "what is an ITIN?", "locale": "en"}).get_json()
    assert first["locale"] == "en"
    switched = client.post(API, json={"text": "中文", "session": first["session"]}).get_json()
    assert switched["locale"] == "zh-Hans"
    assert switched["topic"] == "language"
    after = client.post(API, json={"text": "what is an ITIN?", "session": first["session"]}).get_json()
    assert after["locale"] == "zh-Hans"


def test_named_language_beats_a_later_locale_field(client):
    first = client.post(API, json={"text": "español", "locale": "en"}).get_json()
    assert first["locale"] == "es"
    again = client.post(API, json={"text": "hello", "session": first["session"], "locale": "en"}).get_json()
    assert again["locale"] == "es"


def test_traditional_chinese_maps_to_simplified_with_a_note(client):
    body = client.post(API, json={"text": "hello"}, headers={"Accept-Language": "zh-TW,zh;q=0.9"}).get_json()
    assert body["locale"] == "zh-Hans"
    assert "locale-substituted" in [n["code"] for n in body["notices"]]
    page = client.get("/", headers={"Accept-Language": "zh-HK"}).get_data(as_text=True)
    assert '<html lang="zh-Hans"' in page


def test_detection_on_a_long_first_message_offers_the_language_menu(engine):
    reply, state = engine.respond(Inbound("hola, necesito ayuda con mis impuestos por favor"), State())
    assert reply.locale == "es"
    assert "language-detected" in {n.code for n in reply.notices}
    assert any(c.value == "lang:en" for c in reply.choices)
    back, state = engine.respond(Inbound("lang:en"), state)
    assert back.locale == "en"


def test_haitian_creole_is_recognized_by_its_own_words(engine):
    reply, _ = engine.respond(Inbound("eske mwen ta dwe toujou fe taks mwen ane sa a"), State())
    assert reply.locale == "ht"


def test_a_short_first_message_is_answered_in_its_language_when_its_words_tell(engine):
    """Issue 12: a greeting or thanks in Spanish, Haitian Creole or Portuguese
    is answered in that language; a message whose words tell nothing is not."""
    expected = {"hola": "es", "buenas": "es", "merci": "fr", "mèsi anpil": "ht",
                "oi tudo bem": "pt", "ok": "en", "1": "en", "ITIN": "en"}
    for text, locale in expected.items():
        reply, _ = engine.respond(Inbound(text), State())
        assert reply.locale == locale, text


def test_short_messages_never_switch_a_conversation(engine):
    state = State(locale="es")
    for text in ("ok", "yes", "1", "thanks"):
        reply, state = engine.respond(Inbound(text), state)
        assert reply.locale == "es", text


def test_detection_only_on_the_first_message(engine):
    _, state = engine.respond(Inbound("what is an ITIN?"), State())
    reply, _ = engine.respond(Inbound("necesito ayuda con mis impuestos por favor"), state)
    assert reply.locale == "en"
