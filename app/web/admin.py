"""``/admin/stats``: aggregate counters with charts, for the organizations
running the bot. It exists only when ADMIN_TOKEN is set, and answers 404 to
any request without that token: the header ``Authorization: Bearer <token>``,
the page's own form (POST, so the token stays out of URLs, browser history and
proxy logs) or, for old links, ``?token=``. The page never writes the token
back: its filter form asks for it again."""

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
    if header.startswith("Bearer "):
        given = header[7:]
    else:
        given = request.form.get("token") or request.args.get("token", "")
    return hmac.compare_digest(given.encode(), token.encode())


def _day(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def period(since: str | None, until: str | None, default_days: int = 30) -> tuple[str, str]:
    """The days asked for, kept sane: nothing after today (no counts exist
    there, and 9999-12-31 plus a day overflows), at most 400 days."""
    today = dt.date.today()
    end = min(_day(until) or today, today)
    floor = max(end.toordinal() - 400, 1)
    start = _day(since) or dt.date.fromordinal(max(end.toordinal() - default_days + 1, 1))
    start = min(max(start, dt.date.fromordinal(floor)), end)
    return start.isoformat(), end.isoformat()


def register(app: Flask) -> None:
    @app.route("/admin/stats", methods=["GET", "POST"])
    def admin_stats():
        if not authorized():
            abort(404)
        recorder = current_app.extensions["kyrbot"].stats
        recorder.flush()
        asked = request.form if request.method == "POST" else request.args
        since, until = period(asked.get("since"), asked.get("until"))
        tenant = asked.get("tenant") or None
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
                hidden=hidden,
            )
        )
        response.headers["Cache-Control"] = "no-store"
        return response
