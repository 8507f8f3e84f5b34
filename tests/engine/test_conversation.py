"""The conversation engine on the real content: menus, slots, fallback, languages."""

import datetime as dt

import pytest

from app.engine import Inbound
from app.engine import State
from app.engine.answers import REFERRAL_OFFER
from app.engine import Engine


def test_numbered_menu_choice_selects_the_listed_topic(talk, engine):
    menu = talk("menu")
    assert menu.topic == "menu"
    assert [c.value for c in menu.choices] == list(engine.bundle.menus["main"])
    third = menu.choices[2].value
    assert talk("3").topic == third


def test_choice_value_sent_back_as_text_selects_it(talk):
    first = talk("what is an ITIN?")
    assert first.topic == "itin"
    value = first.choices[0].value
    assert talk(value).topic == value


def test_out_of_range_number_does_not_guess(talk):
    talk("menu")
    assert talk("99").topic == "fallback"


def test_referral_slot_asks_then_lists_state_and_national(talk):
    ask = talk("I need a lawyer")
    assert ask.topic == "find-legal-help"
    assert "ZIP" in ask.text
    assert talk.box["state"].awaiting == "location"
    listed = talk("60629")
    assert "Illinois" in listed.text
    scopes = {r.scope for r in listed.referrals}
    assert scopes == {"local", "national"}
    assert talk.box["state"].awaiting is None
    # The ZIP code itself is not kept in the conversation state.
    assert "60629" not in talk.box["state"].to_json()


def test_invalid_zip_gets_a_clear_reask(talk):
    talk("I need a lawyer")
    again = talk("00000")
    assert again.topic == "find-legal-help"
    assert "00000" in again.text and "ZIP" in again.text
    assert talk.box["state"].awaiting == "location"
    assert "Illinois" in talk("illinois").text


def test_zip_in_the_first_message_skips_the_question(talk):
    reply = talk("legal help in 60629")
    assert reply.topic == "find-legal-help"
    assert any(r.scope == "local" for r in reply.referrals)
    assert talk.box["state"].awaiting is None


def test_skip_shows_national_resources(talk):
    talk("necesito un abogado", locale="es")
    reply = talk("omitir")
    assert reply.referrals and all(r.scope == "national" for r in reply.referrals)


def test_a_new_question_leaves_the_slot(talk):
    talk("I need a lawyer")
    assert talk("what is an ITIN?").topic == "itin"
    assert talk.box["state"].awaiting is None


def test_kind_of_help_filters_the_list(talk):
    talk("I need a lawyer")
    talk("60629")
    tax = talk("help:tax")
    assert tax.referrals
    assert all("tax" in r.helps_with or "general" in r.helps_with for r in tax.referrals)


@pytest.mark.parametrize(
    "text",
    ["what's the weather tomorrow", "tell me a joke", "asdkjh qwe", "12345678901"],
)
def test_fallback_never_guesses(talk, text):
    reply = talk(text)
    assert reply.topic == "fallback"
    assert not reply.sources
    assert {c.value for c in reply.choices} >= {"menu", "find-legal-help"}


def test_needs_lawyer_answers_end_with_the_referral_offer(engine):
    for topic, answer in engine.bundle.answers.items():
        if not answer.needs_lawyer:
            continue
        for locale in engine.locales:
            reply, _ = engine.topic_reply(topic, State(locale=locale))
            offers = {engine.catalogs.tr(locale, REFERRAL_OFFER), REFERRAL_OFFER}
            assert any(reply.text.rstrip().endswith(o) for o in offers), (topic, locale)
            assert reply.choices[0].value == "find-legal-help"


def test_content_answers_show_review_date_and_sources(talk):
    reply = talk("can the IRS share my information with ICE?")
    assert "Last reviewed:" in reply.text
    assert reply.sources and all(s.url.startswith("http") for s in reply.sources)


def test_language_name_switches_language(talk):
    talk("hello")
    reply = talk("español")
    assert reply.locale == "es"
    assert talk("what is an ITIN?").locale == "es"
    assert talk("English please").locale == "en"


def test_short_replies_do_not_switch_language(talk):
    talk("hola", locale="es")
    for text in ("ok", "si", "1"):
        assert talk(text).locale == "es"


def test_unknown_locale_answers_with_a_notice(engine):
    reply, _ = engine.respond(Inbound("hello", locale="xx-YY"), State())
    assert reply.locale == "en"
    assert "locale-unsupported" in {n.code for n in reply.notices}


def test_regional_locale_maps_to_supported(engine):
    assert engine.resolve_locale("es-MX") == "es"
    assert engine.resolve_locale("zh") == "zh-Hans"
    assert engine.resolve_locale("fil") == "tl"


def test_overdue_answer_carries_a_notice(engine):
    late = Engine(engine.bundle, engine.catalogs, engine.locales, today=lambda: dt.date(2099, 1, 1))
    reply, _ = late.respond(Inbound("what is an ITIN?"), State())
    assert "review-overdue" in {n.code for n in reply.notices}


def test_state_json_round_trip_and_garbage():
    state = State(locale="es", topic="itin", choices=("a", "b"), awaiting="location").with_slots(kind="tax")
    assert State.from_json(state.to_json()) == state
    assert State.from_json("not json") == State()
    assert State.from_json('{"choices": 5}') == State()


def test_a_long_chinese_story_naming_a_place_is_not_a_short_request_for_help(talk):
    # Chinese has no spaces: the whole story is one whitespace-separated
    # "word". Counted as one, its place name ("马萨诸塞州") made any
    # unclear story a request for the legal-aid list of that state.
    story = (
        "我在波士顿读博士，F1身份。我先生是陪读，没有SSN，去年我们给他申请了ITIN，一起报的税。"
        "最近看到马萨诸塞州有个法院判决，说禁止ICE使用IRS的数据。这个判决到底是什么意思？"
        "全国都适用吗？我们还需要担心吗？"
    )
    reply = talk(story, locale="zh-Hans")
    assert reply.topic != "find-legal-help" and not reply.referrals
    # A short message with a place still asks for the list there.
    assert talk("马萨诸塞州", locale="zh-Hans").topic == "find-legal-help"


def test_state_evolve_copies_like_replace_and_refuses_unknown_fields():
    start = State(locale="es", topic="itin", slots=(("state", "TX"),))
    moved = start.evolve(topic="detained", retries=1)
    assert moved == State(locale="es", topic="detained", slots=(("state", "TX"),), retries=1)
    assert hash(moved) == hash(State(locale="es", topic="detained", slots=(("state", "TX"),), retries=1))
    assert start.topic == "itin"  # the original is untouched
    assert start.evolve(topic="itin") is start  # nothing changed: the same object
    assert State.from_json(moved.to_json()) == moved
    with pytest.raises(TypeError):
        start.evolve(topc="itin")
    with pytest.raises(AttributeError):
        moved.topic = "x"  # still frozen
