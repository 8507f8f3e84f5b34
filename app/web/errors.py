"""Every error leaves as JSON ``{"error": {"code", "message"}}`` on API routes."""

from __future__ import annotations

import logging

from flask import Flask
from flask import jsonify
from flask import render_template
from flask import request
from werkzeug.exceptions import HTTPException

from app.events import event
from app.store import StoreUnavailable



class ApiError(Exception):
    headers: dict[str, str] = {}

    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


def error_response(status: int, code: str, message: str):
    response = jsonify({"error": {"code": code, "message": message}})
    response.status_code = status
    return response


_CODES = {
    400: "bad_request",
    404: "not_found",
    405: "method_not_allowed",
    413: "request_too_large",
    415: "unsupported_media_type",
    429: "too_many_requests",
}


def _wants_json() -> bool:
    """API routes, and the widget's message and quick-exit calls (its page
    and assets are HTML, CSS and JavaScript)."""
    path = request.path
    return path.startswith("/api/") or (path.startswith("/widget/") and request.method != "GET")


STORE_DOWN = (
    "The service cannot reach its storage right now. Please try again in a minute. "
    "Anything it kept of your conversation is deleted automatically after a while."
)


def register(app: Flask) -> None:
    @app.errorhandler(ApiError)
    def _api_error(exc: ApiError):
        response = error_response(exc.status, exc.code, exc.message)
        response.headers.update(exc.headers)  # e.g. Retry-After on 429
        return response

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        status = exc.code or 500
        if _wants_json():
            response = error_response(
                status, _CODES.get(status, "error"), exc.description or exc.name
            )
            for name, value in exc.get_headers():
                if name.lower() not in ("content-type", "content-length"):
                    response.headers[name] = value  # e.g. Allow on 405
            return response
        return render_template("error.html", status=status, name=exc.name), status

    @app.errorhandler(StoreUnavailable)
    def _store_down(exc: StoreUnavailable):
        # Redis or SQLite away (any RedisError: timeout, OOM, read-only):
        # an outage, never a 500.
        event("store_unavailable", logging.WARNING, path=request.url_rule or "-")
        if _wants_json():
            response = error_response(503, "store_unavailable", STORE_DOWN)
        else:
            response = app.make_response(
                (render_template("error.html", status=503, name="Service Unavailable"), 503)
            )
        response.headers["Retry-After"] = "5"
        return response

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):  # pragma: no cover - exercised by fault tests
        # The exception's type only: its message could quote what a person wrote.
        event("internal_error", logging.ERROR, path=request.url_rule or "-", error=type(exc).__name__)
        if _wants_json():
            return error_response(500, "internal_error", "Something went wrong. Please try again.")
        return render_template("error.html", status=500, name="Error"), 500
