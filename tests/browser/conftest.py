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

    context.route(
        lambda url: not url.startswith(("http://127.0.0.1", "http://localhost")), outside
    )
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


class _Pages:
    """A tiny web server on localhost serving fixed pages: another origin
    than the bot's 127.0.0.1, like a nonprofit's own website."""

    def __init__(self):
        from http.server import BaseHTTPRequestHandler
        from http.server import ThreadingHTTPServer

        self.pages: dict[str, str] = {}
        served = self.pages

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's naming)
                body = served.get(self.path.split("?")[0])
                if body is None:
                    self.send_error(404)
                    return
                data = body.encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("localhost", 0), Handler)
        self.origin = f"http://localhost:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


TENANT = """version: 1
id: test
name: Test Workers Center
colors: {{primary: "#5a2d82", on_primary: "#ffffff"}}
logo: demo.svg
allowed_origins: ["{origin}"]
default_locale: en
locales: []
services:
  - id: test-clinic
    name: Test Workers Center tax clinic
    helps_with: [tax]
    url: https://example.org/clinic
    note: Free tax help for members.
exclude_topics: [taxpayer-rights]
greeting: Hello from the Test Workers Center. Ask about tax privacy or legal help.
"""


@pytest.fixture(scope="session")
def widget_site(app_factory, tmp_path_factory):
    """The bot (127.0.0.1) with a tenant that allows one host origin
    (localhost:A), the host page on that origin, and a page on another
    origin (localhost:B) that is not allowed to frame the widget."""
    content = tmp_path_factory.mktemp("widget") / "content"
    shutil.copytree(ROOT / "content", content)
    host = _Pages()
    other = _Pages()
    (content / "tenants" / "test.yaml").write_text(TENANT.format(origin=host.origin))
    app = app_factory(CONTENT_DIR=str(content))
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    bot = f"http://127.0.0.1:{server.server_port}"
    page = (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Host</title></head>"
        "<body><main><h1>A nonprofit's page</h1><a href='#top'>Top</a></main>"
        f"<script src='{bot}/embed.js' data-tenant='test' async></script></body></html>"
    )
    framing = (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Other</title></head>"
        f"<body><iframe id='w' title='w' src='{bot}/widget/test'></iframe></body></html>"
    )
    host.pages["/"] = page
    other.pages["/"] = framing
    yield {"bot": bot, "host": host.origin, "other": other.origin, "app": app}
    server.shutdown()
    host.close()
    other.close()

