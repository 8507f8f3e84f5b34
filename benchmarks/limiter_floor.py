"""What Flask-Limiter alone costs per request: a bare Flask JSON echo with and
without one Flask-Limiter limit (trivial key, in-process counters), through
Flask's test client. Prints microseconds per request; asserts nothing.

    .venv/bin/python benchmarks/limiter_floor.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import flask
from flask_limiter import Limiter

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import app.web.limit_storage  # noqa: E402,F401 (registers kyrbot-memory://)


def client(limited: bool):
    app = flask.Flask("floor")

    @app.post("/m")
    def echo():
        return flask.jsonify({"text": flask.request.get_json()["text"]})

    if limited:
        Limiter(lambda: "key", app=app, default_limits=["100000000/minute"],
                storage_uri="kyrbot-memory://", strategy="fixed-window")
    return app.test_client()


def per_request(c, n=5000) -> float:
    for _ in range(500):
        c.post("/m", json={"text": "hi"})
    start = time.perf_counter()
    for _ in range(n):
        c.post("/m", json={"text": "hi"})
    return (time.perf_counter() - start) / n * 1e6


if __name__ == "__main__":
    bare, limited = per_request(client(False)), per_request(client(True))
    print(f"bare Flask echo            {bare:6.0f} µs per request (test client)")
    print(f"same with one rate limit   {limited:6.0f} µs per request")
    print(f"Flask-Limiter alone adds   {limited - bare:6.0f} µs")
