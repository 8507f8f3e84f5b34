"""Real Chromium (Debian's /usr/bin/chromium) driven by Playwright, against the
app served over real HTTP on 127.0.0.1. No browser is downloaded."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="session")
def live_server(app_factory):
    app = app_factory(QUICK_EXIT_URL="https://www.weather.gov/")
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(5)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Chromium is missing: run `make test`, which installs it"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    # Nothing may leave the machine: any request off 127.0.0.1 is answered
    # here with a neutral page and recorded.
    page.outside = []

    def outside(route):
        page.outside.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body="<title>neutral</title>")

    context.route(lambda url: not url.startswith("http://127.0.0.1"), outside)
    yield page
    context.close()


@pytest.fixture
def axe():
    return run_axe


def run_axe(page) -> list[dict]:
    """axe-core's WCAG 2.x A/AA violations on the current page."""
    assert AXE.exists(), "axe-core is missing: run `make test` (npm ci installs it)"
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:3]}
        for v in result["violations"]
    ]
