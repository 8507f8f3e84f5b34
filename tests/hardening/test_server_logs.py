"""gunicorn's own log lines carry no client address and nothing a client sent
(issue 16, point 6): app/web/serverlog.py's logger class, set by
deploy/gunicorn.conf.py and ``kyrbot serve``.

gunicorn used to write ``Invalid request from ip=127.0.0.1: Invalid HTTP
Version: '123-45-6789 call 312-555-0199 HTTP/1.1'`` for a malformed request.
"""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from gunicorn.config import Config
from gunicorn.http.errors import InvalidRequestLine
from gunicorn.http.errors import NoMoreData

from app.errors import ContentError
from app.web.serverlog import ContentFreeLogger
from app.web.serverlog import scrub
from redis_server import free_port

ROOT = Path(__file__).resolve().parents[2]
SSN, PHONE = "123-45-6789", "312-555-0199"

# What a client sends that gunicorn refuses, each with personal data in it.
MALFORMED = {
    "space in the request line": b"GET /?text=ssn 123-45-6789 call 312-555-0199 HTTP/1.1\r\nHost: x\r\n\r\n",
    "oversized header line": b"GET / HTTP/1.1\r\nHost: x\r\nX-Note: " + b"ssn 123-45-6789 " * 600 + b"\r\n\r\n",
    "oversized request line": b"GET /?q=" + b"call%20312-555-0199%20" * 300 + b" HTTP/1.1\r\nHost: x\r\n\r\n",
    "control character in a header name": b"GET / HTTP/1.1\r\nHost: x\r\nX-Bad\x01ssn-123-45-6789: y\r\n\r\n",
    "NUL in a header value": b"GET / HTTP/1.1\r\nHost: x\r\nX-Note: ssn 123-45-6789\x00 call 312-555-0199\r\n\r\n",
    "invalid method, query string": b"G@T /search?phone=312-555-0199 HTTP/1.1\r\nHost: x\r\n\r\n",
    "unknown version, query string": b"GET /search?phone=312-555-0199&ssn=123-45-6789 HTTP/7.1\r\nHost: x\r\n\r\n",
    "garbage bytes": b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03ssn 123-45-6789 \xff\xfe\r\n\r\n",
    "invalid chunk size": (b"POST /api/v1/messages?ssn=123-45-6789 HTTP/1.1\r\nHost: x\r\n"
                           b"Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                           b"1z;ssn=123-45-6789\r\n"),
    "truncated chunked body": (b"POST /api/v1/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                               b"Transfer-Encoding: chunked\r\n\r\n40\r\n{\"text\": \"call 312-555-0199"),
    "obsolete line folding": b"GET / HTTP/1.1\r\nHost: x\r\n folded: ssn 123-45-6789\r\n\r\n",
    "unsupported transfer coding": (b"POST /api/v1/messages HTTP/1.1\r\nHost: x\r\n"
                                    b"Transfer-Encoding: gzip, chunked;ssn=123-45-6789\r\n\r\n"),
    "two lengths": (b"GET /?text=ssn%20123-45-6789 HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
                    b"Content-Length: 7\r\n\r\nabc"),
    "truncated body": (b"POST /api/v1/messages?ssn=123-45-6789 HTTP/1.1\r\nHost: x\r\n"
                       b"Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"text\": \"call 312"),
}
# Nothing of these may reach a log line.
FORBIDDEN = ["127.0.0.1", SSN, PHONE, "312-555", "ssn", "phone", "/search", "text=", "X-Bad", "G@T",
             "gzip", "folded", "X-NOTE", "\\x16", "HTTP/7.1", "(7, 1)"]


@pytest.fixture
def gunicorn_log(tmp_path):
    """Run a real gunicorn with deploy/gunicorn.conf.py (at debug level, the
    most it can write) and HOME in ``tmp_path``; ``send(data)`` sends raw bytes;
    ``stop()`` stops it and returns its standard error."""
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "XDG_RUNTIME_DIR"}
    env.update(HOME=str(home), SECRET_KEY="k", STATE_STORE="memory",
               OPTOUT_DB=str(tmp_path / "optouts.sqlite3"), STATS_DB=str(tmp_path / "stats.sqlite3"))
    port = free_port()
    log_path = tmp_path / "gunicorn.log"
    log = log_path.open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "deploy" / "gunicorn.conf.py"),
         "-w", "1", "--threads", "2", "--log-level", "debug", "-b", f"127.0.0.1:{port}", "app:create_app()"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log,
    )
    deadline = time.time() + 30
    while True:
        assert proc.poll() is None, log_path.read_text()
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1).close()
            break
        except OSError:
            assert time.time() < deadline, "gunicorn did not start"
            time.sleep(0.1)

    class Server:
        def send(self, data: bytes) -> bytes:
            with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
                sock.sendall(data)
                sock.shutdown(socket.SHUT_WR)  # a truncated request ends here
                answer = b""
                while chunk := sock.recv(65536):
                    answer += chunk
                return answer

        def stop(self) -> str:
            if proc.poll() is None:
                proc.terminate()
                proc.wait(15)
            log.close()
            return log_path.read_text(errors="replace")

    server = Server()
    server.home = home
    yield server
    server.stop()


def test_malformed_http_leaves_no_address_or_request_in_the_log(gunicorn_log):
    for name, data in MALFORMED.items():
        answer = gunicorn_log.send(data)
        assert answer.startswith(b"HTTP/1.1 "), name  # answered, not hung
    time.sleep(1.2)  # the app's event lines are written at most a second apart
    logged = gunicorn_log.stop()
    # Something was written about them, so this test can fail.
    assert logged.count("Invalid request: ") >= 10, logged
    assert "Invalid request: Invalid HTTP header name" in logged
    assert "Invalid request: Request Line is too large" in logged
    leaks = [(word, line) for line in logged.splitlines() for word in FORBIDDEN if word in line]
    assert not leaks, leaks
    # No control socket: none at ~/.gunicorn/gunicorn.ctl, shared by every gunicorn.
    assert not (gunicorn_log.home / ".gunicorn").exists()
    assert "Control socket listening" not in logged


@pytest.fixture
def logger(tmp_path):
    """A ContentFreeLogger writing to files; gunicorn's loggers restored after."""
    names = ("gunicorn", "gunicorn.error", "gunicorn.access")
    saved = {name: (logging.getLogger(name).handlers[:], logging.getLogger(name).propagate,
                    logging.getLogger(name).level) for name in names}
    cfg = Config()
    cfg.set("errorlog", str(tmp_path / "error.log"))
    cfg.set("accesslog", str(tmp_path / "access.log"))  # set, yet never written
    cfg.set("loglevel", "debug")
    log = ContentFreeLogger(cfg)
    log.path = tmp_path / "error.log"
    yield log
    for name, (handlers, propagate, level) in saved.items():
        target = logging.getLogger(name)
        for handler in target.handlers[:]:
            if handler not in handlers:
                handler.close()
        target.handlers[:] = handlers
        target.propagate, target.level = propagate, level


def test_every_path_to_the_error_log_is_scrubbed(logger, tmp_path):
    request_line = f"GET /?q=ssn {SSN} call {PHONE} HTTP/1.1"
    # gunicorn/workers/base.py handle_error, client errors: the message is pre-formatted
    logger.warning(f"Invalid request from ip=203.0.113.9: Invalid HTTP request line: {request_line!r}")
    logger.warning(f"Invalid request from ip=2001:db8::7: {InvalidRequestLine(request_line)}")
    # handle_error, other errors: method and URI as arguments, then the traceback
    try:
        try:
            raise NoMoreData(request_line.encode())
        except NoMoreData as exc:
            raise InvalidRequestLine(request_line) from exc
    except InvalidRequestLine:
        logger.exception("Error handling request %s %s", "GET", f"/?phone={PHONE}")
    # the workers' debug lines with an exception as argument, and log(exc)
    logger.debug("Ignored premature client disconnection. %s", NoMoreData(request_line.encode()))
    logger.exception(InvalidRequestLine(request_line))
    logger.log("warning", "from %(ip)s", {"ip": "198.51.100.4"})
    # the default pre_request hook: method and path
    logger.debug("%s %s", "GET", f"/call/{PHONE}")
    # module loggers that write past the class (gunicorn/http/wsgi.py)
    logging.getLogger("gunicorn.http.wsgi").warning("bad %s from %s", request_line, "192.0.2.1")
    # start-up errors keep their message: they come from the content, never a client
    try:
        raise ContentError(["content/answers.yaml:12: unknown key 'foo'"])
    except ContentError:
        logger.exception("Exception in worker process")
    logger.access(None, None, {"REMOTE_ADDR": "192.0.2.1"}, None)

    for handler in logging.getLogger("gunicorn.error").handlers:
        handler.flush()
    logged = logger.path.read_text()
    for secret in (SSN, PHONE, "203.0.113.9", "2001:db8", "198.51.100.4", "192.0.2.1", "ssn", "/call/", "GET /"):
        assert secret not in logged, (secret, logged)
    assert "Invalid request: Invalid HTTP request line" in logged
    assert "Error handling request\n" in logged
    assert "gunicorn.http.errors.InvalidRequestLine (message withheld" in logged
    assert "gunicorn.http.errors.NoMoreData (message withheld" in logged
    assert "The above exception was the direct cause of:" in logged
    assert 'File "' in logged  # the frames stay
    assert "app.errors.ContentError: content is invalid (1 problem):\n  content/answers.yaml:12: unknown key […]" in logged
    assert "bad […] from […]" in logged
    assert not (tmp_path / "access.log").read_text()
    assert logger.access_log_enabled is False


@pytest.mark.parametrize("text,kept", [
    ("Listening at: http://127.0.0.1:8000 (42)", "Listening at: http://[…]:8000 (42)"),
    ("Listening at: http://[::1]:8000 (42)", "Listening at: http://[[…]]:8000 (42)"),
    ("Booting worker with pid: 4242", "Booting worker with pid: 4242"),
    ("Worker (pid:4242) was sent SIGKILL! Perhaps out of memory?",
     "Worker (pid:4242) was sent SIGKILL! Perhaps out of memory?"),
    ("Invalid request from ip=: Request Line is too large (8200 > 4094)",
     "Invalid request: Request Line is too large (8200 > 4094)"),
    ("Invalid request from ip=10.0.0.1: Invalid HTTP Header: 'X\\x00 ssn'", "Invalid request: Invalid HTTP Header"),
    ("text １２３－４５－６７８９ or 312 555 0199", "text […] or […]"),
])
def test_scrub(text, kept):
    assert scrub(text) == kept


def test_kyrbot_serve_uses_the_logger_and_no_control_socket(monkeypatch, tmp_path):
    from click.testing import CliRunner
    from gunicorn.app.base import BaseApplication

    from app.cli import main

    for name, value in {"STATE_STORE": "memory", "SECRET_KEY": "k", "OPTOUT_DB": str(tmp_path / "o.sqlite3"),
                        "STATS_DB": str(tmp_path / "s.sqlite3")}.items():
        monkeypatch.setenv(name, value)
    seen = []
    monkeypatch.setattr(BaseApplication, "run", lambda self: seen.append(self.cfg))
    result = CliRunner().invoke(main, ["serve", "--port", "0"])
    assert result.exit_code == 0, result.output
    (cfg,) = seen
    assert cfg.logger_class is ContentFreeLogger
    assert cfg.control_socket_disable is True and cfg.accesslog is None
