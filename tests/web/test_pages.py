"""The chat page: server-rendered, works without JavaScript, private."""

import re


def test_page_renders_greeting_menu_and_quick_exit(client):
    r = client.get("/")
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    assert 'id="quick-exit"' in html
    assert 'role="log"' in html
    assert '<html lang="en" dir="ltr">' in html
    assert "Set-Cookie" not in r.headers
    assert "frame-ancestors 'none'" in r.headers["Content-Security-Policy"]


def test_no_third_party_assets_and_no_inline_script(client):
    html = client.get("/").get_data(as_text=True)
    for src in re.findall(r'<(?:script|link|img)[^>]+(?:src|href)="([^"]+)"', html):
        assert src.startswith("/"), src
    assert not re.search(r"<script>(?!</script>)", html)
    assert "<script>" not in html  # every script has a src


def test_plain_form_round_trip_without_javascript(client):
    html = client.get("/").get_data(as_text=True)
    session = re.search(r'name="session" value="([^"]+)"', html).group(1)
    r = client.post("/", data={"text": "I need a lawyer", "session": session, "locale": "en"})
    page = r.get_data(as_text=True)
    assert "ZIP" in page and "I need a lawyer" in page
    r = client.post("/", data={"text": "60629", "session": session, "locale": "en"})
    page = r.get_data(as_text=True)
    assert "Illinois" in page


def test_sources_are_links_with_review_date(client):
    html = client.post("/", data={"text": "what is an ITIN?", "locale": "en"}).get_data(as_text=True)
    assert "Last reviewed:" in html
    assert re.search(r'<a href="https://[^"]+" rel="noreferrer noopener">', html)


def test_user_text_is_escaped(client):
    html = client.post("/", data={"text": "<b>x</b>"}).get_data(as_text=True)
    assert "<b>x</b>" not in html and "&lt;b&gt;x&lt;/b&gt;" in html


def test_language_from_query_and_accept_language(client):
    html = client.get("/?lang=es").get_data(as_text=True)
    assert '<html lang="es"' in html and "Salida rápida" in html
    html = client.get("/", headers={"Accept-Language": "es-MX,es;q=0.9"}).get_data(as_text=True)
    assert '<html lang="es"' in html


def test_static_assets_are_served(client):
    for name in ("chat.js", "chat.css"):
        r = client.get(f"/static/{name}")
        assert r.status_code == 200
        r.close()


def test_interface_is_translated_in_every_locale(client, engine):
    english = client.get("/?lang=en").get_data(as_text=True)
    assert ">Quick exit<" in english
    for locale in engine.locales:
        if locale == "en":
            continue
        html = client.get(f"/?lang={locale}").get_data(as_text=True)
        assert ">Quick exit<" not in html, locale
