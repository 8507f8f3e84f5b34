"""Every error leaves as JSON ``{"error": {"code", "message"}}`` on API routes."""

from __future__ import annotations

import logging

from flask import Flask
from flask import jsonify
from flask import render_template
from flask import request
from werkzeug.exceptions import HTTPException

from app.events import event



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
    return request.path.startswith("/api/")


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

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):  # pragma: no cover - exercised by fault tests
        # The exception's type only: its message could quote what a person wrote.
        event("internal_error", logging.ERROR, path=request.url_rule or "-", error=type(exc).__name__)
        if _wants_json():
            return error_response(500, "internal_error", "Something went wrong. Please try again.")
        return render_template("error.html", status=500, name="Error"), 500
