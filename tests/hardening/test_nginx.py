"""deploy/nginx.conf, run for real in front of gunicorn (issue 16, point 5).

A dozen clients that send a request's headers, then its body one byte every
two seconds, used to hold every gunicorn thread: /healthz timed out for as long
as they lasted. nginx (Debian's package) reads each body whole before gunicorn
sees the request, so they cost it nothing. The shipped file is rendered into a
temporary prefix: only the lines it marks "[edit: ...]" change (addresses,
paths, a self-signed certificate), everything else runs as shipped.
"""

from __future__ import annotations

import getpass
import http.client
import json
import os
import re
import shutil
import socket
import ssl
import subprocess
import threading
import time
from pathlib import Path

import pytest

from redis_server import free_port

ROOT = Path(__file__).resolve().parents[2]
CONF = ROOT / "deploy" / "nginx.conf"
SLOW_CLIENTS = 16  # gunicorn below has one worker with 4 threads
THREADS = 4


def nginx_binary() -> str:
    exe = shutil.which("nginx") or ("/usr/sbin/nginx" if os.access("/usr/sbin/nginx", os.X_OK) else None)
    assert exe, "nginx is missing: run `make test-tools` (Debian package nginx)"
    return exe


def render(conf: str, tmp: Path, listen: int, redirect: int, upstream: int) -> str:
    """deploy/nginx.conf with its "[edit: ...]" lines set for this test."""
    edits = {
        r"^user .*# \[edit: user\].*$": f"user {getpass.getuser()};",
        r"^pid .*# \[edit: path\]$": f"pid {tmp}/nginx.pid;",
        # The shipped level, in a file here; plus a second log at "info" to show
        # what the "crit" level keeps out.
        r"^error_log \S+ (\w+);  # \[edit: path\]$":
            rf"error_log {tmp}/error.log \1;\nerror_log {tmp}/info.log info;",
        r"^(\s+)server 127\.0\.0\.1:8000;.*$": rf"\1server 127.0.0.1:{upstream};",
        r"^(\s+)listen 80;.*$": rf"\1listen 127.0.0.1:{redirect};",
        r"^(\s+)listen 443 ssl;.*$": rf"\1listen 127.0.0.1:{listen} ssl;",
        r"^\s+listen \[::\]:\d+.*\n": "",  # the container may have no IPv6
        r"^(\s+)ssl_certificate .*$": rf"\1ssl_certificate {tmp}/cert.pem;",
        r"^(\s+)ssl_certificate_key .*$": rf"\1ssl_certificate_key {tmp}/key.pem;",
        r"^http \{$": "http {\n" + "".join(
            f"    {kind}_temp_path {tmp}/{kind};\n" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        ),
    }
    for pattern, replacement in edits.items():
        conf, count = re.subn(pattern, replacement, conf, flags=re.MULTILINE)
        assert count, f"deploy/nginx.conf no longer has a line for {pattern!r}"
    return conf


class Nginx:
    def __init__(self, tmp: Path, upstream: int):
        self.tmp, self.port, self.redirect = tmp, free_port(), free_port()
        tmp.mkdir()
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
             "-nodes", "-days", "1", "-subj", "/CN=localhost",
             "-keyout", str(tmp / "key.pem"), "-out", str(tmp / "cert.pem")],
            check=True, capture_output=True,
        )
        (tmp / "nginx.conf").write_text(render(CONF.read_text(), tmp, self.port, self.redirect, upstream))
        self.stderr = (tmp / "stderr.log").open("wb")
        self.proc = subprocess.Popen(
            [nginx_binary(), "-p", str(tmp), "-c", str(tmp / "nginx.conf"), "-e", "stderr", "-g", "daemon off;"],
            stdout=subprocess.DEVNULL, stderr=self.stderr,
        )
        deadline = time.time() + 10
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError((tmp / "stderr.log").read_text())
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                break
            except OSError:
                assert time.time() < deadline, "nginx did not start"
                time.sleep(0.05)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)
        self.stderr.close()


@pytest.fixture
def behind_nginx(gunicorn_instances, tmp_path):
    """start(env) -> (nginx, gunicorn port): one gunicorn (one worker, four
    threads) with ``env`` and TRUSTED_PROXIES=1, behind deploy/nginx.conf."""
    running = []

    def start(env: dict | None = None):
        (port,) = gunicorn_instances(
            {"SECRET_KEY": "k", "STATE_STORE": "memory", "TRUSTED_PROXIES": "1",
             "OPTOUT_DB": str(tmp_path / "optouts.sqlite3"), "STATS_DB": str(tmp_path / "stats.sqlite3"),
             **(env or {})},
            count=1, args=("-w", "1", "--threads", str(THREADS)),
        )
        nginx = Nginx(tmp_path / "nginx", port)
        running.append(nginx)
        return nginx, port

    yield start
    for nginx in running:
        nginx.stop()


def tls() -> ssl.SSLContext:
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # the test's own self-signed certificate
    return context


def connect(port: int, secure: bool, source: str = "127.0.0.1", timeout: float = 5):
    sock = socket.create_connection(("127.0.0.1", port), timeout=timeout, source_address=(source, 0))
    return tls().wrap_socket(sock, server_hostname="localhost") if secure else sock


def request(port: int, secure: bool, method: str, path: str, body: dict | None = None,
            headers: dict | None = None, source: str = "127.0.0.1", timeout: float = 5):
    cls = http.client.HTTPSConnection if secure else http.client.HTTPConnection
    extra = {"context": tls()} if secure else {}
    conn = cls("127.0.0.1", port, timeout=timeout, source_address=(source, 0), **extra)
    try:
        data = json.dumps(body).encode() if body is not None else None
        conn.request(method, path, body=data, headers={"Content-Type": "application/json", **(headers or {})})
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


class Slowloris:
    """``count`` POSTs that declare a 1,000-byte body and send it a byte every
    two seconds (under nginx's 10 s client_body_timeout, so nginx keeps them)."""

    HEAD = (b"POST /api/v1/messages HTTP/1.1\r\nHost: localhost\r\n"
            b"Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{")

    def __init__(self, port: int, secure: bool, count: int = SLOW_CLIENTS):
        self.socks = [connect(port, secure) for _ in range(count)]
        for sock in self.socks:
            sock.sendall(self.HEAD)
        self.sent = 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._trickle, daemon=True)
        self.thread.start()

    def _trickle(self) -> None:
        while not self.stop.wait(2):
            for sock in self.socks:
                try:
                    sock.sendall(b" ")
                    self.sent += 1
                except OSError:
                    pass

    def close(self) -> None:
        self.stop.set()
        self.thread.join(5)
        for sock in self.socks:
            sock.close()


def test_slowloris_starves_gunicorn_alone(gunicorn_instances, tmp_path):
    """The control: without nginx, the slow bodies hold every thread."""
    (port,) = gunicorn_instances({"SECRET_KEY": "k", "STATE_STORE": "memory",
                                  "OPTOUT_DB": str(tmp_path / "o.sqlite3"), "STATS_DB": str(tmp_path / "s.sqlite3")},
                                 count=1, args=("-w", "1", "--threads", str(THREADS)))
    assert request(port, False, "GET", "/healthz")[0] == 200
    attack = Slowloris(port, secure=False)
    try:
        time.sleep(1)
        with pytest.raises(TimeoutError):
            request(port, False, "GET", "/healthz", timeout=2)
    finally:
        attack.close()


def test_nginx_keeps_healthz_answering_under_slowloris(behind_nginx):
    nginx, _ = behind_nginx()
    assert request(nginx.port, True, "GET", "/healthz")[0] == 200
    attack = Slowloris(nginx.port, secure=True)
    try:
        time.sleep(1)
        timings = []
        for _ in range(6):  # over 3 s: the slow clients keep sending meanwhile
            started = time.monotonic()
            status, _, body = request(nginx.port, True, "GET", "/healthz", timeout=2)
            timings.append(time.monotonic() - started)
            assert status == 200 and json.loads(body)["status"] == "ok"
            time.sleep(0.5)
        assert max(timings) < 2, timings
        assert attack.sent >= SLOW_CLIENTS, "the slow clients stopped sending: not a slowloris"
        # A whole conversation turn still goes through, body buffered by nginx.
        status, _, body = request(nginx.port, True, "POST", "/api/v1/messages", {"text": "can the IRS tell ICE?"})
        assert status == 200 and json.loads(body)["text"]
    finally:
        attack.close()


def test_a_slow_body_is_buffered_then_answered(behind_nginx):
    """nginx passes a complete slow request on, in one piece."""
    nginx, _ = behind_nginx()
    body = json.dumps({"text": "hello"}).encode()
    sock = connect(nginx.port, secure=True)
    try:
        sock.sendall(b"POST /api/v1/messages HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                     b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(body))
        for i in range(len(body)):
            sock.sendall(body[i:i + 1])
            time.sleep(0.05)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    finally:
        sock.close()
    assert answer.startswith(b"HTTP/1.1 200"), answer[:200]


def test_nginx_refuses_bodies_over_the_apps_limit_as_json(behind_nginx):
    nginx, _ = behind_nginx()
    status, headers, body = request(nginx.port, True, "POST", "/api/v1/messages", {"text": "x" * 33000})
    assert status == 413 and headers["Content-Type"] == "application/json"
    assert json.loads(body)["error"]["code"] == "request_too_large"


def test_the_app_sees_each_clients_address_and_scheme(behind_nginx):
    """TRUSTED_PROXIES=1: new conversations are counted per client address
    (127.0.0.2 and 127.0.0.3 are both this machine), a client cannot forge its
    address in X-Forwarded-For, and X-Forwarded-Proto says https (HSTS)."""
    nginx, _ = behind_nginx({"NEW_CONVERSATION_LIMIT": "2/minute"})
    first = [request(nginx.port, True, "POST", "/api/v1/messages", {"text": "hello"}, source="127.0.0.2")
             for _ in range(2)]
    assert [status for status, _, _ in first] == [200, 200]
    assert first[0][1].get("Strict-Transport-Security", "").startswith("max-age=")
    forged = request(nginx.port, True, "POST", "/api/v1/messages", {"text": "hello"},
                     headers={"X-Forwarded-For": "198.51.100.7"}, source="127.0.0.2")
    assert forged[0] == 429
    assert request(nginx.port, True, "POST", "/api/v1/messages", {"text": "hello"}, source="127.0.0.3")[0] == 200


def test_nginx_error_log_at_the_shipped_level_has_no_client_address(behind_nginx):
    """Timed-out and refused clients: nginx writes "client: <address>, request:
    ..." at info and error, none of it at the shipped level."""
    nginx, port = behind_nginx()
    request(nginx.port, True, "POST", "/api/v1/messages?q=ssn%20123-45-6789", {"text": "x" * 33000})
    sock = connect(nginx.port, secure=True)
    sock.sendall(Slowloris.HEAD)
    sock.close()  # body never finished
    stalled = connect(nginx.port, secure=True)  # says nothing: header timeout
    stalled.sendall(b"GET /?q=ssn%20123-45-6789 HTTP/1.1\r\n")
    time.sleep(0.5)
    stalled.close()
    nginx.stop()  # writes and closes its logs
    info = (nginx.tmp / "info.log").read_text()
    assert "client: 127.0.0.1" in info  # what nginx writes below the shipped level
    shipped = (nginx.tmp / "error.log").read_text()
    assert "client:" not in shipped and "127.0.0.1" not in shipped and "123-45-6789" not in shipped

