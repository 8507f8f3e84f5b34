"""The chat page in real Chromium: live chat, accessibility, right-to-left, privacy."""

import logging
import re


def test_live_chat_answers_with_sources_and_choices(page, live_server):
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(live_server + "/")
    page.fill("#text", "can the IRS share my information with ICE?")
    page.press("#text", "Enter")
    bot = page.locator(".msg-bot").nth(1)
    bot.wait_for()
    assert "Last reviewed:" in bot.inner_text()
    assert bot.locator(".sources a[href^='https://']").count() >= 1
    bot.locator("button.choice").first.click()
    page.locator(".msg-bot").nth(2).wait_for()
    assert all(u.startswith(live_server) for u in requests), requests
    assert page.context.cookies() == []


def test_page_has_no_wcag_violations(page, live_server, axe):
    page.goto(live_server + "/")
    assert axe(page) == []


def test_arabic_page_is_right_to_left_without_violations(page, live_server, axe):
    page.goto(live_server + "/?lang=ar")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.evaluate("document.documentElement.lang") == "ar"
    direction = page.evaluate("getComputedStyle(document.querySelector('.transcript')).direction")
    assert direction == "rtl"
    # Logical properties: the quick exit sits on the left edge in RTL.
    box = page.locator("#quick-exit").bounding_box()
    assert box["x"] < page.viewport_size["width"] / 2
    page.screenshot(path="/tmp/kyrbot-ar.png", full_page=True)
    assert axe(page) == []


def test_quick_exit_clears_and_leaves(page, live_server, caplog):
    caplog.set_level(logging.INFO, logger="werkzeug")
    page.goto(live_server + "/")
    page.fill("#text", "I need a lawyer")
    page.press("#text", "Enter")
    page.locator(".msg-bot").nth(1).wait_for()
    session = page.eval_on_selector("#ask input[name=session]", "e => e.value")
    page.click("#quick-exit")
    page.wait_for_url(re.compile(r"weather\.gov"))
    assert page.outside and "weather.gov" in page.outside[-1]
    # The page leaves without waiting for its DELETE (sent with keepalive):
    # wait until the server has answered it, as its request log says.
    def forgotten():
        return any(
            f"DELETE /api/v1/sessions/{session}" in r.getMessage() and '" 204' in r.getMessage()
            for r in caplog.records
        )
    for _attempt in range(50):
        if forgotten():
            break
        page.wait_for_timeout(100)
    assert forgotten()
    # The server forgot the conversation: the next "1" is not a choice any more.
    api = page.request.post(live_server + "/api/v1/messages", data={"text": "1", "session": session})
    assert api.json()["topic"] == "fallback"


def test_page_works_without_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server + "/")
    page.fill("#text", "I need a lawyer")
    page.click("#ask button[type=submit]")
    assert "ZIP" in page.inner_text("#transcript")
    context.close()


def test_admin_stats_page_with_token(browser, app_factory, axe, tmp_path):
    import threading

    from werkzeug.serving import make_server

    app = app_factory(ADMIN_TOKEN="browser-token", STATS_DB=str(tmp_path / "stats.sqlite3"),
                      STATS_FLUSH_SECONDS=0, STATS_MIN_COUNT=1)
    client = app.test_client()
    for text in ("what is an ITIN?", "menu", "tell me a joke", "necesito un abogado"):
        client.post("/api/v1/messages", json={"text": text})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_port}"
    try:
        context = browser.new_context()
        page = context.new_page()
        assert page.goto(base + "/admin/stats").status == 404
        context.set_extra_http_headers({"Authorization": "Bearer browser-token"})
        assert page.goto(base + "/admin/stats").status == 200
        assert page.locator("svg.chart").count() == 5
        assert page.locator("svg.chart rect.bar").count() > 0
        assert page.locator("svg.chart").first.bounding_box()["height"] > 20
        assert axe(page) == []
        context.close()
    finally:
        server.shutdown()


def test_privacy_page_is_accessible_in_english_and_arabic(page, live_server, axe):
    for lang, direction in (("en", "ltr"), ("ar", "rtl")):
        page.goto(f"{live_server}/privacy?lang={lang}")
        assert page.evaluate("document.documentElement.dir") == direction
        assert axe(page) == []


def test_too_many_messages_asks_for_a_pause_in_the_page_language(page, app_factory):
    import threading

    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app_factory(RATE_LIMIT="2/minute"), threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        page.goto(f"http://127.0.0.1:{server.server_port}/?lang=es")
        # The first message counts against the client, the next ones against the session.
        for n, text in enumerate(["hola", "menu", "itin", "ayuda"], start=1):
            page.fill("#text", text)
            page.press("#text", "Enter")
            page.locator(".msg-user").nth(n - 1).wait_for()
            page.wait_for_function(
                "n => document.querySelectorAll('.msg-bot, .transcript > .notice').length > n", arg=n
            )
        notice = page.locator(".transcript > .notice").last
        assert "Espere un minuto" in notice.inner_text()
    finally:
        server.shutdown()


def test_a_clarifying_question_offers_the_candidates_and_a_tap_answers(page, live_server, axe):
    page.goto(live_server + "/?lang=en")
    page.fill("#text", "detained refund")
    page.press("#text", "Enter")
    asked = page.locator(".msg-bot").nth(1)
    asked.wait_for()
    assert "Which of these" in asked.inner_text()
    buttons = asked.locator("button.choice")
    assert buttons.nth(0).inner_text() == "If someone is detained by ICE"
    assert axe(page) == []
    buttons.nth(1).click()
    answered = page.locator(".msg-bot").nth(2)
    answered.wait_for()
    assert "Taxpayer Advocate" in answered.inner_text()
    assert answered.locator(".sources a[href^='https://']").count() >= 1
