"""WhatsApp's rendering: the long form, the bold question, sources as links,
parts cut between paragraphs below the limit with MORE, and buttons or lists
within the documented limits, for every reply the knowledge base can give."""

from __future__ import annotations

import pytest

from app.engine import Inbound
from app.engine import State
from app.engine.reply import Choice
from app.engine.reply import Reply
from app.engine.reply import SourceRef
from app.whatsapp import render


def tr(message: str) -> str:
    return message


def test_the_question_is_bold_and_sources_are_plain_links():
    reply = Reply("en", "itin", "An ITIN is a tax number.\n\nLast reviewed: today.",
                  sources=(SourceRef("IRS: ITIN", "https://www.irs.gov/itin"),), heading="What is an ITIN?")
    text = render.full_text(reply, tr, numbered=False)
    assert text.startswith("*What is an ITIN?*\n\nAn ITIN")
    assert text.endswith("Sources:\n- IRS: ITIN\n  https://www.irs.gov/itin")


def test_a_long_reply_is_cut_between_paragraphs_with_more():
    paragraphs = [f"Paragraph {i}. " + "word " * 150 for i in range(12)]
    reply = Reply("en", "x", "\n\n".join(paragraphs))
    for limit in (render.META_TEXT_LIMIT, render.TWILIO_TEXT_LIMIT):
        parts = render.pages(reply, tr, limit)
        assert len(parts) > 1
        assert all(render.size(p) <= limit for p in parts)
        assert all(p.endswith("\n\nReply MORE for the rest.") for p in parts[:-1])
        bodies = [p.removesuffix("\n\nReply MORE for the rest.") for p in parts]
        assert all(b.split("\n\n")[0].startswith("Paragraph") for b in bodies)  # never mid-paragraph
        assert "\n\n".join(bodies) == reply.text.strip()


def test_one_paragraph_longer_than_a_message_is_cut_at_words():
    reply = Reply("ar", "x", "كلمة " * 2000)
    parts = render.pages(reply, tr, render.TWILIO_TEXT_LIMIT)
    assert all(render.size(p) <= render.TWILIO_TEXT_LIMIT for p in parts)
    assert all(not p.startswith("ة") for p in parts)


def test_emoji_count_two():
    assert render.size("😀") == 2 and render.size("ab") == 2


def test_choices_become_buttons_or_lists():
    few = (Choice("Yes", "yes"), Choice("No", "no"))
    out = render.messages(["Want help?"], few, tr)
    assert [m.kind for m in out] == ["buttons"] and out[0].body == "Want help?"
    many = tuple(Choice(f"What does the IRS do with question {i}?", f"topic-{i}") for i in range(13))
    out = render.messages(["Short."], many, tr)
    assert [m.kind for m in out] == ["list", "list"]
    assert len(out[0].options) == 10 and len(out[1].options) == 3
    assert out[1].body == "Choose one:"
    row = out[0].options[0]
    assert len(row.title) <= 24 and row.title.endswith("…")
    assert row.description == "What does the IRS do with question 0?"
    long_body = "x " * 800
    out = render.messages([long_body], few, tr)
    assert [m.kind for m in out] == ["text", "buttons"] and out[1].body == "Choose one:"


def test_twilio_list_rows_always_have_a_description():
    choices = tuple(Choice(f"Topic {i}", f"t{i}") for i in range(5))
    out = render.messages(["Pick"], choices, tr, require_descriptions=True)
    assert out[0].kind == "list" and all(o.description for o in out[0].options)


def test_shorten_cuts_at_a_word():
    assert render.shorten("Find free legal help near you", 24) == "Find free legal help…"
    assert render.size(render.shorten("x" * 100, 24)) <= 24


@pytest.mark.parametrize("limit", [render.META_TEXT_LIMIT, render.TWILIO_TEXT_LIMIT])
def test_every_reply_the_knowledge_base_can_produce_fits(engine, limit):
    """Every topic in every locale, and referral lists for every state: every
    message within the platform's limits."""
    problems = []

    def check(reply, label):
        t = lambda m: engine.catalogs.tr(reply.locale, m)  # noqa: E731
        parts = render.pages(reply, t, limit)
        for message in render.messages(parts, reply.choices, t, require_descriptions=limit < 4096):
            units = render.size(message.body)
            if message.kind == "text" and units > limit:
                problems.append((label, "text", units))
            if message.kind != "text" and units > render.INTERACTIVE_BODY_LIMIT:
                problems.append((label, "body", units))
            if message.kind == "buttons" and (len(message.options) > 3 or any(
                    len(o.title) > 20 for o in message.options)):
                problems.append((label, "buttons"))
            if message.kind == "list" and (len(message.options) > 10 or len(message.button) > 20 or any(
                    len(o.title) > 24 or len(o.description or "") > 72 for o in message.options)):
                problems.append((label, "list"))

    for locale in engine.locales:
        for topic in engine.bundle.answers:
            reply, _ = engine.respond(Inbound(topic, "whatsapp"), State(locale=locale, locale_chosen=True))
            check(reply, (locale, topic))
        for code in list(engine.bundle.states)[:: 5 if limit == render.TWILIO_TEXT_LIMIT else 1]:
            state = State(locale=locale, locale_chosen=True, awaiting="location")
            reply, _ = engine.respond(Inbound(code, "whatsapp"), state)
            check(reply, (locale, code))
    assert not problems, problems[:5]
