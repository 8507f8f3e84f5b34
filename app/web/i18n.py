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


def page_locale(explicit: str | None = None) -> str:
    """The page's locale: an explicit choice (form field or ?lang=), then the
    browser's Accept-Language, then the default."""
    engine = conversations().engine
    for wanted in (explicit, request.args.get("lang")):
        code = engine.resolve_locale(wanted)
        if code:
            return code
    best = request.accept_languages.best_match(
        engine.locales, default=None
    ) or _base_match(engine)
    return best or engine.default_locale


def _base_match(engine) -> str | None:
    for value, _quality in request.accept_languages:
        code = engine.resolve_locale(value)
        if code:
            return code
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
