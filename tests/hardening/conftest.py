"""Fixtures of the hardening tests: a real redis-server of their own."""

import pytest

from app.store import redis as redis_backend
from redis_server import RedisServer


@pytest.fixture
def redis_server(tmp_path):
    """A running redis-server (no persistence) on a free port; stopped after
    the test, and the app's shared clients forgotten before and after."""
    redis_backend.reset()
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()
    redis_backend.reset()
