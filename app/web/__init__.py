"""The web channel: the JSON API, the chat page, headers and errors.

A thin adapter: it turns HTTP into :class:`app.engine.Inbound` and replies
into JSON or HTML. It knows nothing about rules or content.
"""

from __future__ import annotations

from flask import Flask

from app.conversations import Conversations


def init_web(app: Flask, conversations: Conversations) -> None:
    from app.web import api
    from app.web import bodies
    from app.web import errors
    from app.web import headers
    from app.web import i18n
    from app.web import openapi
    from app.web import pages
    from app.web.json_provider import OrjsonProvider

    app.json = OrjsonProvider(app)
    i18n.init_babel(app)
    errors.register(app)
    bodies.register(app)
    headers.register(app)
    app.register_blueprint(api.bp)
    app.register_blueprint(pages.bp)
    openapi.register(app)
