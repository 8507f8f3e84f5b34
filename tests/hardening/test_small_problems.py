"""The smaller problems found when the running bot was attacked (issue 16),
each with the behaviour it has now."""

import socket

import pytest

from app.engine.pii import shield

LIMIT = 32 * 1024  # MAX_CONTENT_LENGTH's default


@pytest.mark.parametrize("text", [
    "my ssn is １２３－４５－６７８９ ok",          # full-width digits and dash
    "my ssn is 123 - 45 - 6789 ok",               # spaced separators
    "my ssn is 123 45 6789 ok",
    "ssn: ١٢٣-٤٥-٦٧٨٩",                          # Arabic-Indic digits
    "my ssn is 123\u200b-45-6789",                # a zero-width space inside
])
def test_shield_catches_disguised_social_security_numbers(text):
    found = shield(text)
    assert "ssn" in found.kinds, found
    assert "6789" not in found.text and "６７８９" not in found.text and "٦٧٨٩" not in found.text


def test_page_without_javascript_echoes_a_clean_shielded_message(client):
    typed = "hola \u202egnp.exe\u202c my ssn is １２３－４５－６７８９\x07\x1b[31m"
    html = client.post("/", data={"text": typed, "locale": "es"}).get_data(as_text=True)
    said = html.split('class="msg msg-user"')[1].split("</div>")[0]
    for bad in ("\u202e", "\u202c", "\x07", "\x1b", "６７８９"):
        assert bad not in said, repr(bad)
    assert "hola" in said


def test_session_with_a_trailing_newline_is_refused(client):
    r = client.post("/api/v1/messages", json={"text": "hi", "session": "abcdefabcdefabcdef12\n"})
    assert r.status_code == 400 and r.get_json()["error"]["code"] == "invalid_session"
    assert client.delete("/api/v1/sessions/abcdefabcdefabcdef12%0A").status_code == 400
    assert client.delete("/widget/demo/sessions/abcdefabcdefabcdef12%0A").status_code == 400
    # The no-JS page starts a new conversation rather than keep the odd id.
    html = client.post("/", data={"text": "hi", "session": "abcdefabcdefabcdef12\n"}).get_data(as_text=True)
    assert "abcdefabcdefabcdef12\n" not in html


@pytest.mark.parametrize("method, path, kwargs, status", [
    ("post", "/widget/demo/messages", {"data": "not json", "content_type": "application/json"}, 400),
    ("post", "/widget/demo/messages", {"data": "text=hi"}, 415),
    ("post", "/widget/nosuch/messages", {"json": {"text": "hi"}}, 404),
    ("put", "/widget/demo/messages", {"json": {"text": "hi"}}, 405),
    ("delete", "/widget/demo/sessions/short", {}, 400),
    ("post", "/widget/demo/messages", {"data": b"x" * (LIMIT + 1), "content_type": "application/json"}, 413),
])
def test_widget_errors_are_json(client, method, path, kwargs, status):
    r = getattr(client, method)(path, **kwargs)
    assert r.status_code == status
    assert r.mimetype == "application/json" and set(r.get_json()["error"]) == {"code", "message"}


def _chunked(port, path, body, content_type):
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(
            f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {content_type}\r\n"
            "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n".encode()
        )
        try:
            for i in range(0, len(body), 4096):
                piece = body[i:i + 4096]
                s.sendall(b"%x\r\n%s\r\n" % (len(piece), piece))
            s.sendall(b"0\r\n\r\n")
        except OSError:
            pass  # the server may answer 413 and close before the end
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    head, _, payload = data.partition(b"\r\n\r\n")
    return int(head.split()[1]), head.decode("latin-1"), payload


def test_chunked_bodies_over_the_limit_get_413_not_a_cut(gunicorn_instances, tmp_path):
    (port,) = gunicorn_instances({"SECRET_KEY": "k", "TWILIO_AUTH_TOKEN": "tok",
                                  "STATE_DB": str(tmp_path / "s.sqlite3")}, count=1)
    big_json = b'{"text": "' + b"a" * (LIMIT + 100) + b'"}'
    for path in ("/api/v1/messages", "/widget/demo/messages"):
        status, head, payload = _chunked(port, path, big_json, "application/json")
        assert status == 413 and b"request_too_large" in payload, (path, head)
    status, _, _ = _chunked(port, "/", b"text=" + b"a" * (LIMIT + 100), "application/x-www-form-urlencoded")
    assert status == 413
    status, _, _ = _chunked(port, "/sms/twilio", b"Body=" + b"a" * (LIMIT + 100),
                            "application/x-www-form-urlencoded")
    assert status == 413
    # Within the limit, a chunked body is read whole.
    status, _, payload = _chunked(port, "/api/v1/messages", b'{"text": "what is an ITIN?"}', "application/json")
    assert status == 200 and b'"topic":"itin"' in payload


def test_a_broken_chunked_body_is_a_400(gunicorn_instances, tmp_path):
    (port,) = gunicorn_instances({"SECRET_KEY": "k", "STATE_DB": str(tmp_path / "s.sqlite3")}, count=1)
    head = (b"POST /api/v1/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
    for body in (b"1z\r\n{\r\n0\r\n\r\n", b"40\r\n{\"text\": \"cut"):
        with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
            s.sendall(head + body)
            s.shutdown(socket.SHUT_WR)  # the body ends here, cut short
            data = b""
            while chunk := s.recv(65536):
                data += chunk
        assert data.split()[1] == b"400", data[:200]


def test_a_full_length_message_in_chinese_fits_the_form(client):
    # 2,000 characters of three UTF-8 bytes each, percent-encoded: about 18 KB.
    text = "我的报税资料会不会被分享给移民局" * 125
    assert len(text) == 2000
    r = client.post("/", data={"text": text, "locale": "zh-Hans"})
    assert r.status_code == 200
