"""kyrbot: a multilingual know-your-rights chatbot on taxpayer confidentiality.

``create_app(config=None)`` is the public entry point: it loads and checks the
content (refusing to start on any error), compiles the engine once, and
registers the web channel.
"""

from __future__ import annotations

import atexit
import gc
from pathlib import Path
from typing import Any

from flask import Flask

from app import events

__all__ = ["create_app"]


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the Flask app. ``config`` overrides settings (see app/config.py)."""
    # Start-up builds a few hundred thousand objects that live as long as the
    # process (vocabulary indexes, word lists, catalogs): Python's cyclic
    # garbage collector would scan them again and again while they are built,
    # a third of start-up time. None of them is garbage, so it waits.
    paused = gc.isenabled()
    gc.disable()
    try:
        return _build_app(config)
    finally:
        if paused:
            gc.enable()


def _build_app(config: dict[str, Any] | None) -> Flask:
    from app.config import load_settings
    from app.build import INSTANCE_DIR
    from app.build import build_conversations
    from app.build import build_optouts
    from app.build import build_stats
    from app.sms.routes import bp as sms_routes
    from app.sms.service import build_sms_channel
    from app.web import init_web
    from app.whatsapp.routes import bp as whatsapp_routes
    from app.whatsapp.service import build_whatsapp_channel
    from app.widget.routes import bp as widget_routes

    app = Flask(__name__, instance_path=str(INSTANCE_DIR))
    events.setup()
    app.config.update(load_settings(config))
    if config:
        app.config.update(config)
    stats = build_stats(app.config, Path(app.instance_path))
    atexit.register(stats.flush)
    conversations = build_conversations(app.config, Path(app.instance_path), stats)
    app.extensions["kyrbot"] = conversations
    optouts = build_optouts(app.config, Path(app.instance_path))
    app.extensions["kyrbot.sms"] = build_sms_channel(app.config, conversations, optouts)
    whatsapp = build_whatsapp_channel(app.config, conversations, optouts)
    app.extensions["kyrbot.whatsapp"] = whatsapp
    # Channels a gateway's webhook may carry besides SMS (Twilio: From whatsapp:+1…).
    app.extensions["kyrbot.channels"] = {"whatsapp": whatsapp.twilio}
    init_web(app, conversations)
    app.register_blueprint(sms_routes)
    app.register_blueprint(whatsapp_routes)
    app.register_blueprint(widget_routes)
    from app.web.limits import init_limits

    init_limits(app)
    from app.web import about
    from app.web import admin
    from app.web import privacy

    about.register(app)
    admin.register(app)
    privacy.register(app)
    hops = app.config["TRUSTED_PROXIES"]
    if hops:
        # Outermost, so every layer (limits, HTTPS headers) sees the real client.
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    return app
