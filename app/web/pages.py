"""The chat page at ``/``: works as a plain form without JavaScript, and as a
live chat with it (static/chat.js calls the JSON API)."""

from __future__ import annotations

import re
import time

from flask import Blueprint
from flask import current_app
from flask import g
from flask import render_template
from flask import request
from markupsafe import Markup
from markupsafe import escape

from app.engine import Inbound
from app.engine import State
from app.engine import new_session_id
from app.engine.normalize import clean_input
from app.engine.pii import shield
from app.web import limits
from app.store import StoreUnavailable
from app.store.keys import READY_KEY
from app.web.api import SESSION_RE
from app.web.api import answer
from app.web.i18n import accept_tag

bp = Blueprint("pages", __name__)

_URL_RE = re.compile(r"https?://[^\s<>\"')]+[^\s<>\"').,;:!?]")


def _linkify(line: str) -> Markup:
    out, last = [], 0
    for found in _URL_RE.finditer(line):
        out.append(escape(line[last : found.start()]))
        url = found.group(0)
        out.append(Markup('<a href="{0}" rel="noreferrer noopener">{0}</a>').format(url))
        last = found.end()
    out.append(escape(line[last:]))
    return Markup("").join(out)


def render_text(text: str) -> Markup:
    """Plain answer text to safe HTML: paragraphs, "- " lists, links."""
    blocks = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = [ln for ln in block.split("\n") if ln.strip()]
        items = [ln for ln in lines if ln.lstrip().startswith("- ")]
        head = [ln for ln in lines if not ln.lstrip().startswith("- ")]
        if head:
            blocks.append(
                Markup("<p>{}</p>").format(Markup("<br>").join(_linkify(ln) for ln in head))
            )
        if items:
            lis = Markup("").join(
                Markup("<li>{}</li>").format(_linkify(ln.lstrip()[2:])) for ln in items
            )
            blocks.append(Markup("<ul>{}</ul>").format(lis))
    return Markup("").join(blocks)


@bp.app_template_filter("answer_html")
def _answer_html(text: str) -> Markup:
    return render_text(text)


@bp.app_template_filter("answer_footer")
def _answer_footer(reply) -> str:
    """What follows an answer's details: its review date and referral offer."""
    body = "\n\n".join(p for p in (reply.summary, reply.details) if p)
    return reply.text[len(body):].strip() if reply.text.startswith(body) else ""


@bp.route("/", methods=["GET", "POST"])
def chat():
    conversations = current_app.extensions["kyrbot"]
    said = None
    if request.method == "POST":
        text = (request.form.get("text") or "")[: current_app.config["MAX_MESSAGE_CHARS"]]
        session = request.form.get("session") or ""
        if not SESSION_RE.fullmatch(session):
            session = new_session_id()
        locale = request.form.get("locale") or request.args.get("lang")
        if text.strip():
            started = time.perf_counter()
            # Shielded once, here: the page echoes the message back without
            # identifying numbers, control or direction-override characters.
            found = shield(clean_input(text))
            try:
                reply, session = answer(found.text, session, locale, started, shielded=found.kinds)
            except limits.TooManyRequests as exc:
                g.locale = conversations.engine.resolve_locale(locale or "") or conversations.engine.default_locale
                page = render_template("error.html", status=429, name="Too Many Requests")
                return page, 429, exc.headers
            said = found.text
        else:
            reply, _ = conversations.engine.respond(
                Inbound("", locale=locale, accept_locale=accept_tag()), State()
            )
    else:
        session = new_session_id()
        reply, _ = conversations.engine.respond(
            Inbound("", locale=request.args.get("lang"), accept_locale=accept_tag()), State()
        )
    g.locale = reply.locale
    return render_template(
        "chat.html",
        reply=reply,
        said=said,
        session=session,
        quick_exit_url=current_app.config["QUICK_EXIT_URL"],
        # A language chosen on purpose; otherwise the first message decides.
        chosen_locale=request.form.get("locale") or request.args.get("lang"),
    )


@bp.get("/healthz")
def healthz():
    """Liveness: the process answers. (Whether it can do its work: /readyz.)"""
    return {"status": "ok"}


@bp.get("/readyz")
def readyz():
    """Readiness: the conversation store can be written and read back, and
    the opt-out list read; 503 otherwise (a load balancer then sends people
    to another instance)."""
    conversations = current_app.extensions["kyrbot"]
    optouts = current_app.extensions["kyrbot.sms"].service.optouts
    checks = {}
    try:
        conversations.store.set(READY_KEY, "1", 30)
        checks["state"] = conversations.store.get(READY_KEY) == "1"
    except StoreUnavailable:
        checks["state"] = False
    try:
        optouts.contains(READY_KEY)
        checks["optouts"] = True
    except StoreUnavailable:
        checks["optouts"] = False
    ready = all(checks.values())
    body = {"status": "ready" if ready else "unavailable", "checks": checks}
    return body, (200 if ready else 503), {"Cache-Control": "no-store"}
