"""What a rate limit costs per request, and why kyrbot counts with ``limits``
directly instead of through Flask-Limiter.

A bare Flask JSON echo, through Flask's test client, three ways: no limit;
one Flask-Limiter default limit (in-process counters); the same limit counted
the way app/web/limits.py does it, one ``limits`` hit from the view. Prints
microseconds per request; asserts nothing.

    .venv/bin/pip install Flask-Limiter   # only this script uses it
    .venv/bin/python benchmarks/limiter_floor.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import flask

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from app.store.limits import ConversationLimits  # noqa: E402

RATE = "100000000/minute"


def client(kind: str):
    app = flask.Flask("floor")
    counter = ConversationLimits(RATE, b"secret")

    @app.post("/m")
    def echo():
        if kind == "limits":
            counter.hit("session", "key")
        return flask.jsonify({"text": flask.request.get_json()["text"]})

    if kind == "flask-limiter":
        from flask_limiter import Limiter

        import app.store.limits  # noqa: F401 (registers kyrbot-memory://)

        Limiter(lambda: "key", app=app, default_limits=[RATE],
                storage_uri="kyrbot-memory://", strategy="fixed-window")
    return app.test_client()


def per_request(c, n=5000) -> float:
    for _ in range(500):
        c.post("/m", json={"text": "hi"})
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for _ in range(n):
            c.post("/m", json={"text": "hi"})
        best = min(best, (time.perf_counter() - start) / n * 1e6)
    return best


if __name__ == "__main__":
    bare = per_request(client("bare"))
    print(f"bare Flask echo                     {bare:6.0f} µs per request (test client)")
    try:
        limited = per_request(client("flask-limiter"))
        print(f"with a Flask-Limiter limit          {limited:6.0f} µs (+{limited - bare:.0f})")
    except ImportError:
        print("Flask-Limiter is not installed: pip install Flask-Limiter to compare")
    ours = per_request(client("limits"))
    print(f"with kyrbot's hook (limits library) {ours:6.0f} µs (+{ours - bare:.0f})")
