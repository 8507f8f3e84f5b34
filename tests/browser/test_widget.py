"""The widget in real Chromium: embedded on another origin, used by keyboard,
private, accessible, and refused to origins the organization did not list."""

import re


def open_widget_by_keyboard(page, site):
    page.goto(site["host"] + "/")
    launcher = page.locator("button[aria-controls='kyrbot-test']")
    launcher.wait_for()
    page.wait_for_function(
        "document.querySelector(\"button[aria-controls='kyrbot-test']\").textContent !== 'Chat'"
    )
    for _ in range(10):  # Tab to the launcher: keyboard only
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('aria-controls')") == "kyrbot-test":
            break
    else:
        raise AssertionError("the launcher cannot be reached with Tab")
    assert launcher.get_attribute("aria-expanded") == "false"
    page.keyboard.press("Enter")
    assert launcher.get_attribute("aria-expanded") == "true"
    frame = page.frame_locator("#kyrbot-test")
    frame.locator("#text").wait_for()
    return launcher, frame


def test_widget_conversation_on_a_host_page(page, widget_site):
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    launcher, frame = open_widget_by_keyboard(page, widget_site)
    assert "Test Workers Center" in frame.locator(".msg-bot").first.inner_text()
    page.wait_for_function("document.activeElement && document.activeElement.id === 'kyrbot-test'")
    frame.locator("#text").fill("what is an ITIN?")
    frame.locator("#text").press("Enter")
    answer = frame.locator(".msg-bot").nth(1)
    answer.wait_for()
    assert "Last reviewed" in answer.inner_text()
    assert answer.locator(".sources a[href^='https://']").count() >= 1
    answer.locator("button.choice").first.click()
    frame.locator(".msg-bot").nth(2).wait_for()
    # Only the bot's and the host's own origins were contacted.
    allowed = (widget_site["bot"], widget_site["host"])
    assert all(u.startswith(allowed) for u in requests), [u for u in requests if not u.startswith(allowed)]
    assert page.context.cookies() == []


def test_widget_keeps_nothing_in_the_browser(page, widget_site):
    page.goto(widget_site["bot"] + "/widget/test")
    page.fill("#text", "what is an ITIN?")
    page.press("#text", "Enter")
    page.locator(".msg-bot").nth(1).wait_for()
    assert page.evaluate("window.localStorage.length") == 0
    assert page.context.cookies() == []


def test_escape_closes_and_returns_focus(page, widget_site):
    launcher, frame = open_widget_by_keyboard(page, widget_site)
    frame.locator("#text").press("Escape")
    page.wait_for_function(
        "document.querySelector(\"button[aria-controls='kyrbot-test']\").getAttribute('aria-expanded') === 'false'"
    )
    assert page.evaluate("document.activeElement.getAttribute('aria-controls')") == "kyrbot-test"
    assert page.locator("#kyrbot-test").is_hidden()


def test_referrals_list_the_organization_first(page, widget_site):
    _, frame = open_widget_by_keyboard(page, widget_site)
    frame.locator("#text").fill("I need a lawyer near 60629")
    frame.locator("#text").press("Enter")
    answer = frame.locator(".msg-bot").nth(1)
    answer.wait_for()
    text = answer.inner_text()
    assert text.index("Test Workers Center tax clinic") < text.index("Illinois")


def test_quick_exit_deletes_and_leaves(page, widget_site):
    _, frame = open_widget_by_keyboard(page, widget_site)
    frame.locator("#text").fill("I need a lawyer")
    frame.locator("#text").press("Enter")
    frame.locator(".msg-bot").nth(1).wait_for()
    session = frame.locator("#ask input[name=session]").get_attribute("value")
    frame.locator("#quick-exit").click()
    page.wait_for_url(re.compile(r"weather\.gov"))
    r = page.request.post(widget_site["bot"] + "/widget/test/messages", data={"text": "1", "session": session})
    assert r.json()["topic"] == "fallback"


def test_other_origin_cannot_frame_the_widget(page, widget_site):
    page.goto(widget_site["other"] + "/")
    page.wait_for_timeout(500)
    frame = page.frame_locator("#w")
    assert frame.locator("#transcript").count() == 0
    # The same widget does load where the organization allows it.
    page.goto(widget_site["host"] + "/")
    page.locator("button[aria-controls='kyrbot-test']").click()
    page.frame_locator("#kyrbot-test").locator("#transcript").wait_for()


def test_widget_has_no_wcag_violations_in_english_and_arabic(page, widget_site, axe):
    page.goto(widget_site["bot"] + "/widget/test")
    assert axe(page) == []
    page.goto(widget_site["bot"] + "/widget/test?lang=ar")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert axe(page) == []


def test_embed_script_is_small():
    import gzip
    from pathlib import Path

    source = (Path(__file__).resolve().parents[2] / "app" / "static" / "embed.js").read_bytes()
    assert len(gzip.compress(source)) < 5 * 1024
