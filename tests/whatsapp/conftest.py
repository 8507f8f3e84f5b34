"""Fixtures of the WhatsApp tests: the stand-in server and apps for each adapter."""

from __future__ import annotations

import pytest
from wa_fakes import ACCOUNT_SID
from wa_fakes import TWILIO_TOKEN
from wa_fakes import GraphServer
from wa_fakes import MetaPhone
from wa_fakes import TwilioPhone
from wa_fakes import meta_settings


@pytest.fixture
def graph():
    server = GraphServer()
    yield server
    server.close()


@pytest.fixture
def own_stats(tmp_path):
    """Counters in a file of the test's own, counted at once."""
    return dict(STATS_DB=str(tmp_path / "stats.sqlite3"), STATS_FLUSH_SECONDS=0)


@pytest.fixture
def meta_app(app_factory, graph, own_stats):
    app = app_factory(**meta_settings(graph), **own_stats)
    app.extensions["kyrbot.whatsapp"].meta_sender.backoff = 0.01
    return app


@pytest.fixture
def twilio_app(app_factory, own_stats):
    return app_factory(TWILIO_AUTH_TOKEN=TWILIO_TOKEN, **own_stats)


@pytest.fixture
def twilio_interactive_app(app_factory, graph, own_stats):
    app = app_factory(TWILIO_AUTH_TOKEN=TWILIO_TOKEN, TWILIO_ACCOUNT_SID=ACCOUNT_SID,
                      TWILIO_WHATSAPP_INTERACTIVE="true", TWILIO_API_BASE=graph.url, **own_stats)
    app.extensions["kyrbot.whatsapp"].twilio_sender.backoff = 0.01
    return app


@pytest.fixture(params=["meta", "twilio", "twilio-interactive"])
def phone_factory(request, graph, app_factory):
    """phone(number) -> a driver over one adapter (each test runs with all three)."""
    kind = request.param
    if kind == "meta":
        app = request.getfixturevalue("meta_app")
        return lambda number: MetaPhone(app, graph, number)
    if kind == "twilio":
        app = request.getfixturevalue("twilio_app")
        return lambda number: TwilioPhone(app, number)
    app = request.getfixturevalue("twilio_interactive_app")
    return lambda number: TwilioPhone(app, number, graph)
