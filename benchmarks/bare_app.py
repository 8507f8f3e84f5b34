"""The framework's own ceiling: a bare Flask JSON echo, measured beside the
bot under the same gunicorn settings (see http_bench.py)."""

from flask import Flask
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
