"""Choosing the page language and wiring Flask-Babel to our catalogs."""

from __future__ import annotations

from flask import Flask
from flask import current_app
from flask import g
from flask import request
from flask_babel import Babel

from app.engine.i18n import catalog_dir_name
from app.engine.i18n import display_name
from app.engine.i18n import text_direction


def conversations():
    return current_app.extensions["kyrbot"]


def accept_tag() -> str | None:
    """The browser's most preferred language tag that we can serve, as sent
    ("es-MX", "zh-TW"): the engine maps it and notes substitutions."""
    if not request.environ.get("HTTP_ACCEPT_LANGUAGE"):
        return None
    engine = conversations().engine
    for value, _quality in request.accept_languages:
        if engine.resolve_locale(value):
            return value
    return None


def init_babel(app: Flask) -> None:
    def select() -> str:
        code = getattr(g, "locale", None) or app.config["DEFAULT_LOCALE"]
        return catalog_dir_name(code)

    app.config["BABEL_TRANSLATION_DIRECTORIES"] = app.config["TRANSLATIONS_DIR"]
    Babel(app, locale_selector=select)

    @app.context_processor
    def _locale_helpers():
        code = getattr(g, "locale", None) or app.config["DEFAULT_LOCALE"]
        return {
            "page_lang": code,
            "page_dir": text_direction(code),
            "language_options": [
                (c, display_name(c)) for c in conversations().engine.locales
            ],
        }
