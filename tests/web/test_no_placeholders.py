"""No "{name}" placeholder is left in any rendered page or reply, in any
locale (issue 14: /privacy showed "{minutes} minutes" in every language)."""

import re

import pytest

from app.engine import Inbound
from app.engine import State
from app.sms import render
from app.sms import service as sms_service

PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
LOCALES = ["en", "es", "zh-Hans", "vi", "ko", "tl", "ht", "ar", "pt", "fr"]
PAGES = ["/", "/privacy", "/widget/demo", "/widget/demo/privacy"]


def _left(text: str) -> list[str]:
    return PLACEHOLDER.findall(text)


@pytest.mark.parametrize("locale", LOCALES)
def test_no_placeholder_in_any_page(app_factory, locale):
    client = app_factory(TWILIO_AUTH_TOKEN="x" * 32).test_client()
    for path in PAGES:
        html = client.get(f"{path}?lang={locale}").get_data(as_text=True)
        assert not _left(html), (path, locale, _left(html))


def test_privacy_page_shows_the_configured_values(app_factory):
    client = app_factory(
        STATE_TTL=1800, STATS_RETENTION_DAYS=90, STATS_MIN_COUNT=7, TWILIO_AUTH_TOKEN="x" * 32
    ).test_client()
    for path in ("/privacy?lang=en", "/widget/demo/privacy?lang=en"):
        html = client.get(path).get_data(as_text=True)
        assert "30 minutes" in html
        assert "kept 90 days" in html and "under 7 are" in html
        assert "SMS company twilio" in html
    spanish = client.get("/privacy?lang=es").get_data(as_text=True)
    assert "30" in spanish and "90" in spanish and not _left(spanish)


def _replies(engine, locale):
    """Every kind of reply the engine writes, in one locale."""
    start = State(locale=locale)
    for topic in engine.bundle.topics:
        yield engine.topic_reply(topic, start)[0]
    for text in ("legal help in Texas", "77036", "99999", "help", "detained refund",
                 "English", "my SSN is 123-45-6789", "more", "no"):
        yield engine.respond(Inbound(text, "web"), start)[0]
    asked, state = engine.respond(Inbound("I need a lawyer", "web"), start)
    yield asked
    yield engine.respond(Inbound("99999", "web"), state)[0]
    yield engine.respond(Inbound("Houston", "web"), state)[0]
    door, state = engine.respond(Inbound("ICE agents are at my door", "web"), start)
    yield door
    yield engine.respond(Inbound("do I have to open the door", "web"), state)[0]
    yield engine.respond(Inbound("no", "web"), state)[0]
    yield engine.respond(Inbound("x", "web", "xx-unknown"), State())[0]


@pytest.mark.parametrize("locale", LOCALES)
def test_no_placeholder_in_any_reply(engine, locale):
    seen = 0
    for reply in _replies(engine, locale):
        parts = [reply.full_text, reply.short or "", *(n.message for n in reply.notices),
                 *(c.label for c in reply.choices)]
        sms = render.full_text(reply, lambda m, lc=reply.locale: engine.catalogs.tr(lc, m))
        for part in (*parts, sms):
            assert not _left(part), (locale, reply.topic, _left(part))
        seen += 1
    assert seen > 30


@pytest.mark.parametrize("locale", LOCALES)
def test_no_placeholder_in_any_sms_service_message(engine, locale):
    values = {"program": "kyrbot", "help": "https://example.org", "url": "https://example.org/privacy"}
    messages = [
        value for name, value in vars(sms_service).items()
        if name.isupper() and isinstance(value, str) and "{" in value
    ]
    assert len(messages) >= 4
    for message in messages:
        said = engine.catalogs.tr(locale, message, **values)
        assert not _left(said), (locale, message, said)
