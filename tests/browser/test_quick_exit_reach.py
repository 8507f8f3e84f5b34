"""The Quick exit stays in reach after an answer (issue 14): at a phone's
390×844 and a desktop's 1280×800, in English and in Arabic (right to left),
on the chat page, in the widget on a host page and on the privacy page.
Accessibility is checked with the folded details both closed and open."""

import re

import pytest

SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}
QUESTIONS = {
    "en": "is my tax return private from ICE?",
    "ar": "هل يمكن لوكالة الهجرة رؤية إقراري الضريبي؟",
}
VISIBLE_AND_ON_TOP = """el => {
  const r = el.getBoundingClientRect();
  const inside = r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth;
  const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  return inside && r.width > 0 && (hit === el || el.contains(hit));
}"""


def _sized(browser, size):
    context = browser.new_context(viewport=SIZES[size])
    context.route(
        lambda url: not url.startswith(("http://127.0.0.1", "http://localhost")),
        lambda route: route.fulfill(status=200, content_type="text/html", body="<title>neutral</title>"),
    )
    return context


def _axe_folded_and_unfolded(page, axe) -> None:
    """No violations with the answers' details closed, then open."""
    assert axe(page) == [], "details closed"
    page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")
    assert axe(page) == [], "details open"


def _scroll_to_end(target) -> None:
    target.evaluate("() => window.scrollTo(0, document.documentElement.scrollHeight)")


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("locale", QUESTIONS)
def test_chat_page_quick_exit_stays_in_reach(browser, live_server, axe, size, locale):
    context = _sized(browser, size)
    page = context.new_page()
    page.goto(f"{live_server}/?lang={locale}")
    page.fill("#text", QUESTIONS[locale])
    page.press("#text", "Enter")
    answer = page.locator(".msg-bot").nth(1)
    answer.wait_for()
    assert answer.locator("h2.answer-question").count() == 1  # the question first
    assert answer.locator("details.answer-details").count() == 1  # details folded
    exit_button = page.locator("#quick-exit")
    for position in ("after the answer", "at the end"):
        if position == "at the end":
            _scroll_to_end(page)
        assert exit_button.evaluate(VISIBLE_AND_ON_TOP), (size, locale, position)
    _axe_folded_and_unfolded(page, axe)
    exit_button.click()
    page.wait_for_url(re.compile(r"weather\.gov"))
    context.close()


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("locale", QUESTIONS)
def test_widget_quick_exit_stays_in_reach(browser, widget_site, axe, size, locale):
    context = _sized(browser, size)
    page = context.new_page()
    page.goto(widget_site["host"] + "/")
    launcher = page.locator("button[aria-controls='kyrbot-test']")
    launcher.click()
    frame = page.frame_locator("#kyrbot-test")
    frame.locator("#text").fill(QUESTIONS[locale])
    frame.locator("#text").press("Enter")
    frame.locator(".msg-bot").nth(1).wait_for()
    inner = next(f for f in page.frames if f.url.startswith(widget_site["bot"] + "/widget/test"))
    exit_button = frame.locator("#quick-exit")
    _scroll_to_end(inner)
    assert exit_button.evaluate(VISIBLE_AND_ON_TOP), (size, locale, "inside the frame")
    # ... and the frame's header is inside the host page's viewport.
    box = exit_button.bounding_box()
    assert 0 <= box["y"] and box["y"] + box["height"] <= SIZES[size]["height"]
    assert 0 <= box["x"] and box["x"] + box["width"] <= SIZES[size]["width"]
    direct = context.new_page()
    direct.goto(f"{widget_site['bot']}/widget/test?lang={locale}")
    direct.fill("#text", QUESTIONS[locale])
    direct.press("#text", "Enter")
    direct.locator(".msg-bot").nth(1).wait_for()
    _axe_folded_and_unfolded(direct, axe)
    exit_button.click()
    page.wait_for_url(re.compile(r"weather\.gov"))
    context.close()


@pytest.mark.parametrize("locale", QUESTIONS)
def test_privacy_page_has_the_header_and_languages(browser, live_server, axe, locale):
    context = _sized(browser, "phone")
    page = context.new_page()
    page.goto(f"{live_server}/privacy?lang={locale}")
    assert page.locator("nav.languages a").count() == 10
    _scroll_to_end(page)
    assert page.locator("#quick-exit").evaluate(VISIBLE_AND_ON_TOP)
    assert axe(page) == []
    page.locator("#quick-exit").click()
    page.wait_for_url(re.compile(r"weather\.gov"))
    context.close()


def test_widget_privacy_opens_in_the_same_frame(page, widget_site):
    page.goto(widget_site["host"] + "/")
    page.locator("button[aria-controls='kyrbot-test']").click()
    frame = page.frame_locator("#kyrbot-test")
    frame.locator(".disclaimer a").first.click()
    frame.locator("h2.page-title").wait_for()
    assert len(page.context.pages) == 1  # no new tab
    inner = next(f for f in page.frames if "/privacy" in f.url)
    assert inner.url.startswith(widget_site["bot"] + "/widget/test/privacy")
    assert frame.locator("#quick-exit").is_visible()
    assert frame.locator("nav.languages a").count() >= 2
    frame.locator("a", has_text="Back to the chat").click()
    frame.locator("#text").wait_for()
    # The Quick exit of the privacy page asks the host page to leave, too.
    frame.locator(".disclaimer a").first.click()
    frame.locator("h2.page-title").wait_for()
    frame.locator("#quick-exit").click()
    page.wait_for_url(re.compile(r"weather\.gov"))


def test_demo_page_fits_a_phone(browser, widget_site):
    context = _sized(browser, "phone")
    page = context.new_page()
    page.goto(widget_site["bot"] + "/demo/demo")
    launcher = page.locator("button[aria-controls]").first
    launcher.wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    box = launcher.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    context.close()
