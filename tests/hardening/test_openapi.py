"""The OpenAPI document describes the API exactly: schemathesis generates
requests from it (valid and invalid) and checks every response against it."""

import hypothesis
import schemathesis
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import strategies as st

from app import create_app
from app.engine import Inbound
from app.engine import State

APP = create_app({"STATE_STORE": "memory", "SECRET_KEY": "fuzz", "RATE_LIMIT": "100000/minute"})
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", APP)


@schema.parametrize()
@hypothesis.settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_openapi_document(case):
    case.call_and_validate()


def test_document_is_served(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    assert "/api/v1/messages" in spec["paths"]


@given(st.text(max_size=400), st.sampled_from([None, "en", "es", "ar", "zh-Hans", "xx"]), st.sampled_from(["web", "sms", "widget"]))
@hypothesis.settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_engine_never_raises_on_any_unicode(engine, text, locale, channel):
    reply, state = engine.respond(Inbound(text, channel, locale), State())
    assert reply.locale in engine.locales
    assert isinstance(reply.text, str)
    reply2, _ = engine.respond(Inbound(text, channel, None), state)
    assert isinstance(reply2.text, str)
