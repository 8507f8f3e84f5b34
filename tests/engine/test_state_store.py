"""State stores: time-to-live, keyed hashing, and sharing across processes."""

import multiprocessing
import time

from app.store import MemoryStore
from app.store import SqliteStore
from app.store import conversation_key


def test_keys_are_keyed_hashes():
    key = conversation_key(b"k1", "sms", "+13125550123")
    assert "3125550123" not in key
    assert key != conversation_key(b"k2", "sms", "+13125550123")  # rotating the key
    assert key != conversation_key(b"k1", "web", "+13125550123")  # namespaces


def test_memory_store_expires():
    store = MemoryStore()
    store.set("a", "1", ttl=1)
    assert store.get("a") == "1"
    store._data["a"] = (time.time() - 1, "1")
    assert store.get("a") is None


def test_sqlite_store_expires_and_deletes(tmp_path):
    store = SqliteStore(tmp_path / "s.sqlite3")
    store.set("a", "1", ttl=60)
    store.set("b", "2", ttl=-1)
    assert store.get("a") == "1"
    assert store.get("b") is None
    store.delete("a")
    assert store.get("a") is None


def _writer(path, key, value):
    SqliteStore(path).set(key, value, ttl=60)


def test_sqlite_store_is_shared_between_processes(tmp_path):
    path = tmp_path / "s.sqlite3"
    ctx = multiprocessing.get_context("spawn")
    proc = ctx.Process(target=_writer, args=(str(path), "k", "from-child"))
    proc.start()
    proc.join(30)
    assert proc.exitcode == 0
    assert SqliteStore(path).get("k") == "from-child"


def test_conversation_keys_are_hmac_sha256_and_stay_so():
    """The opt-out list never expires and holds these keys: a change of
    algorithm would silently forget who texted STOP."""
    import hashlib
    import hmac

    from app.store import conversation_key

    expected = hmac.new(b"secret", b"sms:+15555550100", hashlib.sha256).hexdigest()
    assert conversation_key(b"secret", "sms", "+15555550100") == f"sms:{expected}"
    assert conversation_key(b"other", "sms", "+15555550100") != f"sms:{expected}"
