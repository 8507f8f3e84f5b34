"""WhatsApp webhooks signed as each platform signs them, and a local HTTP
server standing in for Meta's Graph API and Twilio's APIs (fixtures: conftest.py).

``graph`` records every request the bot sends (path, headers, body) and
answers as the platform would (``status`` can be set to fail). ``Phone``
drivers talk to the real app through one adapter and return what the phone
would show: a list of :class:`Shown` messages.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import threading
import urllib.parse
from dataclasses import dataclass
from dataclasses import field
from http.server import BaseHTTPRequestHandler
from http.server import ThreadingHTTPServer
from xml.etree import ElementTree

from twilio.request_validator import RequestValidator

APP_SECRET = "test-meta-app-secret"
VERIFY_TOKEN = "test-verify-token"
ACCESS_TOKEN = "test-access-token"
PHONE_NUMBER_ID = "100000000000001"
TWILIO_TOKEN = "test-twilio-token"
ACCOUNT_SID = "AC" + "0" * 32
OUR_NUMBER = "+15555550100"  # fictional 555-01xx numbers only
_ids = itertools.count(1)


@dataclass
class Recorded:
    path: str
    headers: dict
    body: bytes

    def json(self):
        return json.loads(self.body)

    def form(self):
        return dict(urllib.parse.parse_qsl(self.body.decode()))


class GraphServer:
    """A stand-in for graph.facebook.com, api.twilio.com and content.twilio.com
    on 127.0.0.1. ``status`` 200 answers like the platform; anything else
    fails every request with that status."""

    def __init__(self):
        self.requests: list[Recorded] = []
        self.status = 200
        self._cond = threading.Condition()
        self._contents = itertools.count(1)
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's naming
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with server._cond:
                    server.requests.append(Recorded(self.path, dict(self.headers), body))
                    server._cond.notify_all()
                if server.status != 200:
                    answer, status = {"error": {"message": "stand-in failure"}}, server.status
                elif self.path.endswith("/v1/Content"):
                    answer, status = {"sid": f"HX{next(server._contents):032d}"}, 201
                elif self.path.endswith("/Messages.json"):
                    answer, status = {"sid": f"SM{next(_ids):032d}"}, 201
                else:
                    answer, status = {"messaging_product": "whatsapp", "messages": [{"id": "wamid.x"}]}, 200
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):  # keep the test output clean
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def wait_for(self, count: int, timeout: float = 10.0) -> list[Recorded]:
        """Wait until ``count`` requests arrived (or the timeout); all of them."""
        with self._cond:
            self._cond.wait_for(lambda: len(self.requests) >= count, timeout)
            return list(self.requests)

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@dataclass
class Shown:
    """A message as the phone shows it."""

    kind: str  # text | buttons | list
    body: str
    options: list[dict] = field(default_factory=list)  # {"id", "title", "description"?}
    button: str | None = None


def sign_meta(body: bytes, secret: str = APP_SECRET) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def meta_payload(phone: str, message: dict, phone_number_id: str = PHONE_NUMBER_ID) -> bytes:
    """A webhook body as Meta sends it, with one message from ``phone``."""
    message = {"from": phone.lstrip("+"), "id": f"wamid.TEST{next(_ids):020d}", "timestamp": "1767225600",
               **message}
    return json.dumps({
        "object": "whatsapp_business_account",
        "entry": [{"id": "200000000000002", "changes": [{"field": "messages", "value": {
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": OUR_NUMBER.lstrip("+"), "phone_number_id": phone_number_id},
            "contacts": [{"profile": {"name": "Maria Example"}, "wa_id": phone.lstrip("+")}],
            "messages": [message],
        }}]}],
    }).encode()


def meta_settings(graph: GraphServer) -> dict:
    return dict(WHATSAPP_VERIFY_TOKEN=VERIFY_TOKEN, WHATSAPP_APP_SECRET=APP_SECRET,
                WHATSAPP_ACCESS_TOKEN=ACCESS_TOKEN, WHATSAPP_PHONE_NUMBER_ID=PHONE_NUMBER_ID,
                WHATSAPP_API_BASE=f"{graph.url}/v25.0")


def shown_from_graph(recorded: Recorded) -> Shown:
    body = recorded.json()
    if body["type"] == "text":
        return Shown("text", body["text"]["body"])
    interactive = body["interactive"]
    if interactive["type"] == "button":
        options = [b["reply"] for b in interactive["action"]["buttons"]]
        return Shown("buttons", interactive["body"]["text"], options)
    rows = [row for section in interactive["action"]["sections"] for row in section["rows"]]
    return Shown("list", interactive["body"]["text"], rows, interactive["action"]["button"])


class MetaPhone:
    """A person writing to the bot's number through Meta's Cloud API."""

    name = "meta"

    def __init__(self, app, graph: GraphServer, phone: str):
        self.app, self.graph, self.phone = app, graph, phone
        self.client = app.test_client()
        self.sender = app.extensions["kyrbot.whatsapp"].meta_sender
        self.last: list[Shown] = []

    def post(self, message: dict) -> list[Shown]:
        before = len(self.graph.requests)
        body = meta_payload(self.phone, message)
        r = self.client.post("/whatsapp/meta", data=body,
                             headers={"X-Hub-Signature-256": sign_meta(body), "Content-Type": "application/json"})
        assert r.status_code == 200, r.get_data(as_text=True)
        assert self.sender.wait_idle(15), "the sender did not finish"
        sent = self.graph.requests[before:]
        for request in sent:
            assert request.path == f"/v25.0/{PHONE_NUMBER_ID}/messages"
            assert request.headers["Authorization"] == f"Bearer {ACCESS_TOKEN}"
            assert request.json()["to"] == self.phone.lstrip("+")
        self.last = [shown_from_graph(request) for request in sent]
        return self.last

    def say(self, text: str) -> list[Shown]:
        return self.post({"type": "text", "text": {"body": text}})

    def choose(self, label: str) -> list[Shown]:
        for message in reversed(self.last):
            for option in message.options:
                if label in (option["title"], option.get("description")):
                    kind = "button_reply" if message.kind == "buttons" else "list_reply"
                    return self.post({"type": "interactive", "interactive": {
                        "type": kind, kind: {k: option[k] for k in ("id", "title")}}})
        raise AssertionError(f"no option {label!r} in {self.last}")

    def send_photo(self) -> list[Shown]:
        return self.post({"type": "image", "image": {"id": "1234", "mime_type": "image/jpeg",
                                                     "caption": "my ITIN letter 912-70-1234"}})


def twilio_params(phone: str, body: str, **extra) -> dict:
    params = {
        "MessageSid": f"SM{next(_ids):032d}", "AccountSid": ACCOUNT_SID, "From": f"whatsapp:{phone}",
        "To": f"whatsapp:{OUR_NUMBER}", "Body": body, "NumMedia": "0", "ProfileName": "Maria Example",
        "WaId": phone.lstrip("+"), "MessageType": "text",
    }
    params.update(extra)
    return params


def twilio_sign(params: dict, token: str = TWILIO_TOKEN, url: str = "http://localhost/sms/twilio") -> str:
    return RequestValidator(token).compute_signature(url, params)


class TwilioPhone:
    """A person writing to the bot's WhatsApp sender through Twilio. Without
    ``graph`` the replies are read from the TwiML; with it (interactive
    mode) from the requests the bot made to Twilio's Messages API."""

    def __init__(self, app, phone: str, graph: GraphServer | None = None):
        self.app, self.phone, self.graph = app, phone, graph
        self.client = app.test_client()
        self.name = "twilio-interactive" if graph else "twilio"
        self.last: list[Shown] = []

    def post(self, params: dict) -> list[Shown]:
        before = len(self.graph.requests) if self.graph else 0
        r = self.client.post("/sms/twilio", data=params, headers={"X-Twilio-Signature": twilio_sign(params)})
        assert r.status_code == 200, r.get_data(as_text=True)
        assert r.mimetype == "application/xml"
        twiml = [m.text or "" for m in ElementTree.fromstring(r.get_data()).iter("Message")]
        if self.graph is None:
            self.last = [Shown("text", t) for t in twiml]
            return self.last
        assert twiml == []  # everything goes through the API, in order
        sender = self.app.extensions["kyrbot.whatsapp"].twilio_sender
        assert sender.wait_idle(15)
        self.last = []
        for request in self.graph.requests[before:]:
            if request.path.endswith("/v1/Content"):
                continue
            assert request.path == f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"
            form = request.form()
            assert form["To"] == f"whatsapp:{self.phone}" and form["From"] == f"whatsapp:{OUR_NUMBER}"
            if "Body" in form:
                self.last.append(Shown("text", form["Body"]))
            else:
                self.last.append(self._content(form))
        return self.last

    def _content(self, form: dict) -> Shown:
        """Fill the created template with the variables, as Twilio would."""
        template = next(r.json() for r in self.graph.requests if r.path.endswith("/v1/Content")
                        and _sid_of(self.graph, r) == form["ContentSid"])
        values = json.loads(form["ContentVariables"])

        def fill(text: str) -> str:
            for name, value in values.items():
                text = text.replace("{{%s}}" % name, value)
            return text

        kind, spec = next(iter(template["types"].items()))
        if kind == "twilio/quick-reply":
            options = [{"id": fill(a["id"]), "title": fill(a["title"])} for a in spec["actions"]]
            return Shown("buttons", fill(spec["body"]), options)
        rows = [{"id": fill(i["id"]), "title": fill(i["item"]), "description": fill(i["description"])}
                for i in spec["items"]]
        return Shown("list", fill(spec["body"]), rows, fill(spec["button"]))

    def say(self, text: str) -> list[Shown]:
        return self.post(twilio_params(self.phone, text))

    def choose(self, label: str) -> list[Shown]:
        if self.graph is None:  # numbered text: reply with the number
            for message in reversed(self.last):
                for line in message.body.splitlines():
                    number, _, rest = line.partition(") ")
                    if number.isdigit() and rest == label:
                        return self.say(number)
            raise AssertionError(f"no numbered {label!r}")
        for message in reversed(self.last):
            for option in message.options:
                if label in (option["title"], option.get("description")):
                    field_name = "ButtonPayload" if message.kind == "buttons" else "ListId"
                    return self.post(twilio_params(self.phone, option["title"], **{field_name: option["id"]}))
        raise AssertionError(f"no option {label!r}")

    def send_photo(self) -> list[Shown]:
        return self.post(twilio_params(self.phone, "my ITIN letter 912-70-1234", NumMedia="1",
                                       MediaContentType0="image/jpeg",
                                       MediaUrl0="https://api.twilio.com/2010-04-01/Accounts/x/Media/y",
                                       MessageType="image"))


def _sid_of(graph: GraphServer, content_request: Recorded) -> str:
    """The sid the stand-in gave the n-th created template."""
    created = [r for r in graph.requests if r.path.endswith("/v1/Content")]
    return f"HX{created.index(content_request) + 1:032d}"
