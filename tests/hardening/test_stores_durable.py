"""Stores that tell the truth (issue 16): the opt-out list survives a
restart of its store; a damaged or read-only SQLite file stops start-up with
one line naming the file and the fix, and never crash-loops workers; a store
that breaks while running makes /readyz say 503 while conversations go on."""

import glob
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app import create_app
from app.errors import SetupError
from app.store import redis as redis_backend
from redis_server import RedisServer

ROOT = Path(__file__).resolve().parents[2]


def sqlite_files(tmp_path):
    return {"STATE_DB": str(tmp_path / "state.sqlite3"), "OPTOUT_DB": str(tmp_path / "optouts.sqlite3"),
            "STATS_DB": str(tmp_path / "stats.sqlite3")}


def texts(client, twilio, body, phone):
    params = twilio.params(body, phone=phone)
    r = client.post("/sms/twilio", data=params, headers={"X-Twilio-Signature": twilio.sign(params)})
    assert r.status_code == 200
    return r.get_data(as_text=True)


def test_opt_out_survives_a_restart_on_sqlite(tmp_path, twilio):
    config = {**sqlite_files(tmp_path), "TWILIO_AUTH_TOKEN": "tok", "SECRET_KEY": "k"}
    before = create_app(config).test_client()
    assert "unsubscribed" in texts(before, twilio, "STOP", "+15555550150")
    after = create_app(config).test_client()  # a new process would read the same file
    assert "<Message>" not in texts(after, twilio, "what is an ITIN?", "+15555550150")
    assert "<Message>" in texts(after, twilio, "START", "+15555550150")
    # A conversation-state file lost meanwhile does not touch the list.
    os.remove(config["STATE_DB"])
    again = create_app(config).test_client()
    assert "<Message>" in texts(again, twilio, "what is an ITIN?", "+15555550150")


@pytest.mark.parametrize("separate", [False, True], ids=["one-redis-with-aof", "opt-outs-on-their-own-redis"])
def test_opt_out_survives_a_redis_crash(tmp_path, twilio, separate):
    """With persistence as the README says (appendonly yes), a STOP is kept
    across a crash (SIGKILL) of Redis. With OPTOUT_REDIS_URL, the state Redis
    can even run without persistence and be emptied."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    durable = RedisServer(tmp_path / "a", appendonly=True)
    volatile = RedisServer(tmp_path / "b") if separate else durable
    servers = {durable, volatile}
    for server in servers:
        server.start()
    try:
        redis_backend.reset()
        config = {"REDIS_URL": volatile.url, "TWILIO_AUTH_TOKEN": "tok", "SECRET_KEY": "k",
                  "STATE_DB": str(tmp_path / "unused.sqlite3")}
        if separate:
            config["OPTOUT_REDIS_URL"] = durable.url
        client = create_app(config).test_client()
        assert "unsubscribed" in texts(client, twilio, "STOP", "+15555550151")
        for server in servers:
            server.kill()
            server.start()
        redis_backend.reset()
        after = create_app(config).test_client()
        assert "<Message>" not in texts(after, twilio, "hello", "+15555550151")
        assert "<Message>" in texts(after, twilio, "START", "+15555550151")
    finally:
        for server in servers:
            server.stop()
        redis_backend.reset()


def test_damaged_sqlite_file_stops_start_up_with_one_line(tmp_path):
    files = sqlite_files(tmp_path)
    Path(files["STATE_DB"]).write_bytes(b"this is not a database" * 300)
    with pytest.raises(SetupError) as caught:
        create_app(files)
    assert files["STATE_DB"] in str(caught.value) and "move it aside" in str(caught.value)
    served = subprocess.run(
        [sys.executable, "-m", "app.cli", "serve", "--port", "1"], cwd=ROOT,
        env=dict(os.environ, **files), capture_output=True, text=True, timeout=60,
    )
    assert served.returncode == 1
    lines = served.stderr.strip().splitlines()
    assert len(lines) == 1 and files["STATE_DB"] in lines[0] and "Traceback" not in served.stderr


@pytest.fixture
def read_only_folder(tmp_path):
    """A folder on a read-only mount (root ignores file permissions, so a
    chmod would prove nothing)."""
    source, mounted = tmp_path / "src", tmp_path / "ro"
    source.mkdir()
    mounted.mkdir()
    create_app(sqlite_files(source))  # existing database files, as after an upgrade
    try:
        subprocess.run(["mount", "--bind", str(source), str(mounted)], check=True, capture_output=True)
        subprocess.run(["mount", "-o", "remount,bind,ro", str(mounted)], check=True, capture_output=True)
    except (OSError, subprocess.CalledProcessError) as exc:
        pytest.skip(f"cannot make a read-only mount here: {exc}")
    yield mounted
    subprocess.run(["umount", "--lazy", str(mounted)], check=True)  # lazy: SQLite handles may linger


def test_read_only_folder_stops_start_up_and_workers_do_not_loop(read_only_folder):
    files = sqlite_files(read_only_folder)
    assert glob.glob(str(read_only_folder / "*.sqlite3"))
    with pytest.raises(SetupError) as caught:
        create_app(files)
    assert "read-only" in str(caught.value) and str(read_only_folder) in str(caught.value)
    # gunicorn started directly: the workers fail to boot once and the master
    # stops, instead of forking crashing workers in a loop.
    run = subprocess.run(
        [sys.executable, "-m", "gunicorn", "-w", "2", "-b", "127.0.0.1:0", "app:create_app()"],
        cwd=ROOT, env=dict(os.environ, **files), capture_output=True, text=True, timeout=60,
    )
    assert run.returncode != 0
    assert "read-only" in run.stderr
    assert "SIGBUS" not in run.stderr and "signal 7" not in run.stderr


def test_store_broken_while_running(tmp_path):
    files = sqlite_files(tmp_path)
    client = create_app(files).test_client()
    first = client.post("/api/v1/messages", json={"text": "menu"}).get_json()
    assert client.get("/readyz").status_code == 200
    for name in glob.glob(files["STATE_DB"] + "*"):  # the file and its -wal and -shm
        with open(name, "r+b") as damaged:
            damaged.write(b"\x5a" * max(os.path.getsize(name), 4096))
    reply = client.post("/api/v1/messages", json={"text": "2", "session": first["session"]})
    assert reply.status_code == 200
    assert "state-unavailable" in [n["code"] for n in reply.get_json()["notices"]]
    ready = client.get("/readyz")
    assert ready.status_code == 503 and ready.get_json()["checks"] == {"state": False, "optouts": True}
    assert client.get("/healthz").status_code == 200
    assert client.delete(f"/api/v1/sessions/{first['session']}").status_code == 503
    assert client.get("/").status_code == 200
