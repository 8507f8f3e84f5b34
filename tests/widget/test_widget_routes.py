"""Widget routes and organization configuration, without a browser."""

import gzip

import pytest

from app.content import load_bundle
from app.content.bundle import contrast_ratio
from app.errors import ContentError


def test_embed_js_is_served_small_and_cacheable(client):
    r = client.get("/embed.js")
    assert r.status_code == 200 and r.mimetype == "text/javascript"
    assert len(gzip.compress(r.get_data())) < 5 * 1024
    assert "max-age" in r.headers["Cache-Control"]
    r.close()


def test_frame_ancestors_lists_exactly_the_tenant_origins(client, engine):
    r = client.get("/widget/demo")
    csp = r.headers["Content-Security-Policy"]
    ancestors = csp.split("frame-ancestors ")[1].split(";")[0].split()
    tenant = engine.bundle.tenants["demo"]
    expected = ["'self'" if o == "self" else o for o in tenant.allowed_origins]
    assert ancestors == expected
    assert "frame-ancestors 'none'" in client.get("/").headers["Content-Security-Policy"]
    assert r.headers["Referrer-Policy"] == "no-referrer"
    assert "Set-Cookie" not in r.headers


def test_unknown_tenant_is_404(client):
    assert client.get("/widget/nobody").status_code == 404
    assert client.post("/widget/nobody/messages", json={"text": "hi"}).status_code == 404
    assert client.get("/demo/nobody").status_code == 404


def test_host_origin_is_passed_on_only_when_allowed(client):
    allowed = client.get("/widget/demo?host=http://localhost:8000").get_data(as_text=True)
    assert 'data-host="http://localhost:8000"' in allowed
    refused = client.get("/widget/demo?host=https://evil.example").get_data(as_text=True)
    assert 'data-host=""' in refused


def test_widget_messages_use_the_api_contract(client):
    r = client.post("/widget/demo/messages", json={"text": "what is an ITIN?"})
    body = r.get_json()
    assert set(body) == {"session", "locale", "topic", "text", "sources", "choices", "referrals", "notices"}
    assert body["topic"] == "itin"
    assert client.post("/widget/demo/messages", data="x", content_type="text/plain").status_code == 415
    assert r.headers["Cache-Control"] == "no-store"


def test_widget_conversations_are_separate_from_the_web_ones(client):
    body = client.post("/widget/demo/messages", json={"text": "menu"}).get_json()
    web = client.post("/api/v1/messages", json={"text": "1", "session": body["session"]}).get_json()
    assert web["topic"] == "fallback"


def test_quick_exit_deletes_the_widget_state(client, conversations):
    body = client.post("/widget/demo/messages", json={"text": "I need a lawyer"}).get_json()
    key = conversations.key("widget-demo", body["session"])
    assert conversations.store.get(key)
    assert client.delete(f"/widget/demo/sessions/{body['session']}").status_code == 204
    assert conversations.store.get(key) is None


def test_theme_and_logo_are_served_by_the_bot(client):
    css = client.get("/widget/demo/theme.css").get_data(as_text=True)
    assert "--accent:#1f5f3f" in css
    r = client.get("/widget/demo/logo")
    assert r.status_code == 200 and r.mimetype == "image/svg+xml"
    r.close()


def test_demo_host_page_embeds_the_widget(client):
    html = client.get("/demo/demo").get_data(as_text=True)
    assert 'src="/embed.js" data-tenant="demo"' in html


def test_contrast_ratio_matches_wcag():
    assert round(contrast_ratio("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast_ratio("#777777", "#ffffff"), 2) == 4.48


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('primary: "#1f5f3f"', 'primary: "#9fdf9f"', "contrast"),
        ('on_primary: "#ffffff"', 'on_primary: "#2f6f4f"', "contrast"),
        ("logo: demo.svg", "logo: missing.svg", "logo file"),
        ("exclude_topics: []", "exclude_topics: [no-such-topic]", "unknown topic"),
        ("  - self\n", "  - self\n  - not-an-origin\n", "allowed_origins"),
        ("default_locale: en", "default_locale: xx", "not configured"),
    ],
)
def test_invalid_tenant_configuration_is_refused(content_copy, old, new, message):
    path = content_copy / "tenants" / "demo.yaml"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))
    with pytest.raises(ContentError) as info:
        load_bundle(content_copy, ["en", "es"])
    assert any("tenants/demo.yaml:" in p and message in p for p in info.value.problems), info.value.problems


def test_excluded_topics_are_not_answered_in_that_widget(app_factory, content_copy):
    path = content_copy / "tenants" / "demo.yaml"
    path.write_text(path.read_text().replace("exclude_topics: []", "exclude_topics: [taxpayer-rights]"))
    client = app_factory(CONTENT_DIR=str(content_copy)).test_client()
    assert client.post("/widget/demo/messages", json={"text": "taxpayer bill of rights"}).get_json()["topic"] == "fallback"
    menu = client.post("/widget/demo/messages", json={"text": "menu"}).get_json()
    assert "taxpayer-rights" not in [c["value"] for c in menu["choices"]]
    assert client.post("/api/v1/messages", json={"text": "taxpayer bill of rights"}).get_json()["topic"] == "taxpayer-rights"


def test_privacy_line_names_an_hour_only_when_state_is_kept_an_hour(app_factory):
    default = app_factory().test_client().get("/widget/demo").get_data(as_text=True)
    assert "deleted after an hour" in default
    longer = app_factory(STATE_TTL=7200).test_client().get("/widget/demo").get_data(as_text=True)
    assert "deleted after an hour" not in longer
    assert "This chat does not keep what you write." in longer
