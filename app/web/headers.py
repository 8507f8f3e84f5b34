"""Security and privacy headers on every response.

No cookies are ever set; pages load only our own assets (CSP 'self', no
inline script); nothing is sent to other sites, not even a Referer.
"""

from __future__ import annotations

from flask import Flask
from flask import Response
from flask import request

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; font-src 'self'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'"
)


# Responses that carry a conversation: never kept by a browser or proxy cache.
NO_STORE = frozenset({"pages.chat", "widget.widget", "widget.widget_messages", "sms.webhook"})


def register(app: Flask) -> None:
    @app.after_request
    def _headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Permissions-Policy"] = (
            "camera=(), microphone=(), geolocation=(), interest-cohort=()"
        )
        if request.path.startswith("/api/") or request.endpoint in NO_STORE:
            response.headers["Cache-Control"] = "no-store"
        if request.is_secure:
            response.headers["Strict-Transport-Security"] = "max-age=31536000"
        response.headers.pop("Set-Cookie", None)
        return response
