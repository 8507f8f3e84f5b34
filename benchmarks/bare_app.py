"""The framework's own ceiling, measured beside the bot under the same
gunicorn settings (see http_bench.py).

``app``: a bare Flask JSON echo, the baseline the goals are set against.
``sized_app``: the same echo, but answering with the bot's real reply body and
headers (read from the file named by BENCH_REPLY_FILE), to show how much of
the gap is only the size of a real answer (about 3 KB and seven headers)."""

import json
import os

from flask import Flask
from flask import Response
from flask import jsonify
from flask import request

app = Flask(__name__)


@app.post("/api/v1/messages")
def echo():
    body = request.get_json()
    return jsonify({"text": body.get("text"), "session": body.get("session")})


@app.get("/healthz")
def health():
    return {"status": "ok"}


def _sized() -> Flask:
    sized = Flask("sized")
    path = os.environ.get("BENCH_REPLY_FILE")
    reply = json.loads(open(path, encoding="utf-8").read()) if path else {"body": "{}", "headers": []}

    @sized.post("/api/v1/messages")
    def echo_sized():
        request.get_json()
        response = Response(reply["body"], mimetype="application/json")
        for name, value in reply["headers"]:
            response.headers[name] = value
        return response

    sized.add_url_rule("/healthz", view_func=health)
    return sized


sized_app = _sized()
