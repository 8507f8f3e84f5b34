"""``/admin/stats``: aggregate counters with charts, for the organizations
running the bot. It exists only when ADMIN_TOKEN is set, and answers 404 to
any request without that token (header ``Authorization: Bearer <token>`` or
``?token=``)."""

from __future__ import annotations

import datetime as dt
import hmac

from flask import Flask
from flask import abort
from flask import current_app
from flask import render_template
from flask import request

from app.stats.report import report
from app.web.charts import bars


def authorized() -> bool:
    token = current_app.config.get("ADMIN_TOKEN") or ""
    if not token:
        return False
    header = request.headers.get("Authorization", "")
    given = header[7:] if header.startswith("Bearer ") else request.args.get("token", "")
    return hmac.compare_digest(given.encode(), token.encode())


def period(since: str | None, until: str | None, default_days: int = 30) -> tuple[str, str]:
    today = dt.date.today()
    try:
        end = dt.date.fromisoformat(until) if until else today
    except ValueError:
        end = today
    try:
        start = dt.date.fromisoformat(since) if since else end - dt.timedelta(days=default_days - 1)
    except ValueError:
        start = end - dt.timedelta(days=default_days - 1)
    if start > end:
        start = end
    if (end - start).days > 400:
        start = end - dt.timedelta(days=400)
    return start.isoformat(), end.isoformat()


def register(app: Flask) -> None:
    @app.get("/admin/stats")
    def admin_stats():
        if not authorized():
            abort(404)
        recorder = current_app.extensions["kyrbot"].stats
        recorder.flush()
        since, until = period(request.args.get("since"), request.args.get("until"))
        tenant = request.args.get("tenant") or None
        rows = recorder.store.rows(since, until)
        data = report(rows, since, until, int(current_app.config["STATS_MIN_COUNT"]), tenant)
        hidden = f"fewer than {data.threshold}"
        charts = {
            "days": bars("c-days", "Conversations per day", [(d[5:], n) for d, n in data.by_day], hidden),
            "topics": bars("c-topics", "Messages per topic", data.by_topic[:12], hidden),
            "fallback": bars(
                "c-fallback", "Share of messages not understood, per language",
                [(loc, rate) for loc, _m, _f, rate in data.by_locale], hidden, percent=True,
            ),
            "channels": bars("c-channels", "Messages per channel", data.by_channel, hidden),
            "languages": bars(
                "c-languages", "Messages per language", [(loc, m) for loc, m, _f, _r in data.by_locale], hidden
            ),
        }
        tenants = sorted(current_app.extensions["kyrbot"].engine.bundle.tenants)
        response = current_app.make_response(
            render_template(
                "admin/stats.html", report=data, charts=charts, tenant=tenant, tenants=tenants,
                token=request.args.get("token", ""), hidden=hidden,
            )
        )
        response.headers["Cache-Control"] = "no-store"
        return response
