"""Request bodies sent without a length (``Transfer-Encoding: chunked``).

Werkzeug can only check ``MAX_CONTENT_LENGTH`` against a declared
``Content-Length``; a chunked body of any size used to be cut at the limit,
so the JSON parser saw a broken document (400) and a form lost its end
silently. Here such a body is read up to the limit first: one byte more is a
413, like an over-long declared body, and a body within the limit is handed
on with its real length.
"""

from __future__ import annotations

import io

from flask import Flask
from flask import abort
from flask import current_app
from flask import request

_NO_BODY = frozenset({"GET", "HEAD", "OPTIONS", "DELETE"})


def register(app: Flask) -> None:
    @app.before_request
    def _bounded_unsized_body():
        environ = request.environ
        if request.method in _NO_BODY or environ.get("CONTENT_LENGTH"):
            return None
        if "chunked" not in environ.get("HTTP_TRANSFER_ENCODING", "").lower():
            return None
        limit = int(current_app.config["MAX_CONTENT_LENGTH"])
        stream = environ["wsgi.input"]
        body = bytearray()
        try:
            while len(body) <= limit:
                piece = stream.read(min(65536, limit + 1 - len(body)))
                if not piece:
                    break
                body += piece
        except Exception:  # noqa: BLE001 - the server's own parse errors: a bad chunk size, a cut body
            abort(400)
        if len(body) > limit:
            abort(413)
        environ["wsgi.input"] = io.BytesIO(bytes(body))
        environ["CONTENT_LENGTH"] = str(len(body))
        environ.pop("wsgi.input_terminated", None)
        environ.pop("HTTP_TRANSFER_ENCODING", None)  # else Werkzeug ignores the length
        return None
