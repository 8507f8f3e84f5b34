"""Routes of the widget.

- ``GET /embed.js``: the loader a host page includes with one script tag.
- ``GET /widget/<tenant>``: the chat inside the iframe; its CSP
  ``frame-ancestors`` lists exactly the origins the organization allows.
- ``POST /widget/<tenant>/messages``: the same JSON contract as
  ``/api/v1/messages``, answered with the organization's settings.
- ``DELETE /widget/<tenant>/sessions/<session>``: quick exit.
- ``GET /widget/<tenant>/privacy``: what the chat keeps, inside the same frame.
- ``GET /widget/<tenant>/theme.css`` and ``/logo``: colours and logo, served by us.
- ``GET /demo/<tenant>``: a host page to preview the widget.
"""

from __future__ import annotations

import time
from pathlib import Path

from flask import Blueprint
from flask import Response
from flask import abort
from flask import current_app
from flask import g
from flask import jsonify
from flask import render_template
from flask import request
from flask import send_file
from flask import url_for

from app.engine import Inbound
from app.engine import State
from app.engine import new_session_id
from app.engine.i18n import display_name
from app.web import limits
from app.web.api import SESSION_RE
from app.web.api import log_answer
from app.web.api import parse_json_message
from app.web.api import parts_requested
from app.web.errors import ApiError
from app.web.i18n import accept_tag
from app.web.privacy import page_locale
from app.web.privacy import page_values
from app.widget.tenants import apply_tenant
from app.widget.tenants import overlay

bp = Blueprint("widget", __name__)
STATIC = Path(__file__).resolve().parent.parent / "static"


def tenant_or_404(tenant_id: str):
    tenant = current_app.extensions["kyrbot"].engine.bundle.tenants.get(tenant_id)
    if tenant is None:
        abort(404)
    return tenant


def frame_ancestors(tenant) -> str:
    return " ".join("'self'" if o == "self" else o for o in tenant.allowed_origins)


def allowed_host(tenant, host: str | None) -> str | None:
    """The host page's origin if the organization allows it, else None."""
    if not host:
        return None
    if host in tenant.allowed_origins:
        return host
    if "self" in tenant.allowed_origins and host == request.host_url.rstrip("/"):
        return host
    return None


@bp.get("/embed.js")
def embed_js():
    response = send_file(STATIC / "embed.js", mimetype="text/javascript", max_age=3600)
    response.headers["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response


@bp.get("/widget/<tenant_id>")
def widget(tenant_id: str):
    tenant = tenant_or_404(tenant_id)
    conversations = current_app.extensions["kyrbot"]
    wanted = request.args.get("lang") or None
    if wanted and tenant.locales and conversations.engine.resolve_locale(wanted) not in tenant.locales:
        wanted = None
    engine = conversations.engine
    reply, state = engine.respond(
        Inbound("", locale=wanted or None, accept_locale=accept_tag() if wanted is None else None, tenant=tenant.id),
        State(locale=None if wanted or accept_tag() else tenant.default_locale),
    )
    reply, _ = apply_tenant(engine, tenant, reply, state)
    g.locale = reply.locale
    return framed(
        tenant,
        render_template(
            "widget/widget.html",
            tenant=tenant,
            reply=reply,
            session=new_session_id(),
            host=allowed_host(tenant, request.args.get("host")) or "",
            quick_exit_url=current_app.config["QUICK_EXIT_URL"],
            # The privacy line names "an hour" only when that is the setting.
            state_kept_an_hour=int(current_app.config["STATE_TTL"]) == 3600,
            # Where the organization limits the languages, the chat keeps to its choice.
            chosen_locale=wanted or (reply.locale if tenant.locales else None),
        ),
    )


def framed(tenant, html: str) -> Response:
    """A page of the widget's frame: only the organization's origins may frame it."""
    response = Response(html)
    response.headers["Content-Security-Policy"] = (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
        "connect-src 'self'; form-action 'self'; base-uri 'none'; "
        f"frame-ancestors {frame_ancestors(tenant)}"
    )
    response.headers["Cache-Control"] = "no-store"
    return response


def tenant_languages(tenant) -> list[tuple[str, str]]:
    engine = current_app.extensions["kyrbot"].engine
    codes = [c for c in engine.locales if not tenant.locales or c in tenant.locales]
    return [(c, display_name(c)) for c in codes]


@bp.get("/widget/<tenant_id>/privacy")
def widget_privacy(tenant_id: str):
    """What this chat keeps, inside the widget's frame: the widget's header
    (Quick exit, close), the language bar, and a way back to the chat."""
    tenant = tenant_or_404(tenant_id)
    conversations = current_app.extensions["kyrbot"]
    wanted = request.args.get("lang") or None
    if wanted and tenant.locales and conversations.engine.resolve_locale(wanted) not in tenant.locales:
        wanted = tenant.default_locale
    g.locale = page_locale(wanted)
    host = allowed_host(tenant, request.args.get("host")) or ""
    extra = {"host": host} if host else {}
    return framed(
        tenant,
        render_template(
            "widget/privacy.html",
            tenant=tenant,
            host=host,
            quick_exit_url=current_app.config["QUICK_EXIT_URL"],
            back_href=url_for("widget.widget", tenant_id=tenant.id, lang=g.locale, **extra),
            lang_href=url_for("widget.widget_privacy", tenant_id=tenant.id, **extra)
            + ("&" if extra else "?") + "lang=",
            language_options=tenant_languages(tenant),
            **page_values(),
        ),
    )


@bp.post("/widget/<tenant_id>/messages")
def widget_messages(tenant_id: str):
    started = time.perf_counter()
    tenant = tenant_or_404(tenant_id)
    text, session, locale = parse_json_message()
    parts = parts_requested()
    conversations = current_app.extensions["kyrbot"]
    session = session or new_session_id()
    if locale and tenant.locales and conversations.engine.resolve_locale(locale) not in tenant.locales:
        locale = tenant.default_locale
    inbound = Inbound(text, "widget", locale, accept_locale=accept_tag(), tenant=tenant.id)
    reply = conversations.handle(
        f"widget-{tenant.id}",
        session,
        inbound,
        overlay(conversations.engine, tenant),
        admit=limits.admit_web(session),
    )
    log_answer(reply, "widget", started, tenant.id)
    return jsonify(reply.to_api(session, parts))


@bp.delete("/widget/<tenant_id>/sessions/<session>")
def widget_forget(tenant_id: str, session: str):
    tenant = tenant_or_404(tenant_id)
    if not SESSION_RE.fullmatch(session):
        raise ApiError(400, "invalid_session", "Unknown session format.")
    current_app.extensions["kyrbot"].forget(f"widget-{tenant.id}", session)
    return "", 204


@bp.get("/widget/<tenant_id>/theme.css")
def widget_theme(tenant_id: str):
    tenant = tenant_or_404(tenant_id)
    css = (
        ":root{"
        f"--accent:{tenant.colors.primary};--on-accent:{tenant.colors.on_primary};"
        "}"
    )
    return Response(css, mimetype="text/css", headers={"Cache-Control": "public, max-age=300"})


@bp.get("/widget/<tenant_id>/logo")
def widget_logo(tenant_id: str):
    tenant = tenant_or_404(tenant_id)
    if not tenant.logo:
        abort(404)
    folder = Path(current_app.config["CONTENT_DIR"]) / "tenants"
    path = (folder / tenant.logo).resolve()
    if path.parent != folder.resolve():
        abort(404)
    mimetype = "image/svg+xml" if path.suffix.lower() == ".svg" else "image/png"
    response = send_file(path, mimetype=mimetype, max_age=3600)
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response


@bp.get("/demo/<tenant_id>")
def demo(tenant_id: str):
    tenant = tenant_or_404(tenant_id)
    response = Response(render_template("widget/demo.html", tenant=tenant))
    response.headers["Content-Security-Policy"] = (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
        "frame-src 'self'; base-uri 'none'; frame-ancestors 'none'"
    )
    return response
