"""Security and privacy headers on every response.

No cookies are ever set; pages load only our own assets (CSP 'self', no
inline script); nothing is sent to other sites, not even a Referer.
"""

from __future__ import annotations

from flask import Flask
from flask import Response
from flask import request
from flask.sessions import SessionInterface

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; font-src 'self'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'"
)


# Responses that carry a conversation: never kept by a browser or proxy cache.
NO_STORE = frozenset({"pages.chat", "widget.widget", "widget.widget_messages", "sms.webhook"})


# The same on every response; set in one pass.
COMMON = (
    ("Referrer-Policy", "no-referrer"),
    ("X-Content-Type-Options", "nosniff"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()"),
)


class NoCookieSessions(SessionInterface):
    """Flask's signed-cookie session, switched off: nothing here may keep
    state in a browser. Writing to ``flask.session`` raises an error."""

    def open_session(self, app, request):
        return self.make_null_session(app)

    def save_session(self, app, session, response) -> None:
        return None


def register(app: Flask) -> None:
    app.session_interface = NoCookieSessions()

    @app.after_request
    def _headers(response: Response) -> Response:
        headers = response.headers
        if "Content-Security-Policy" not in headers:  # the widget sets its own
            headers["Content-Security-Policy"] = CSP
        headers.update(COMMON)
        if request.path.startswith("/api/") or request.endpoint in NO_STORE:
            headers["Cache-Control"] = "no-store"
        if request.is_secure:
            headers["Strict-Transport-Security"] = "max-age=31536000"
        headers.pop("Set-Cookie", None)
        return response
