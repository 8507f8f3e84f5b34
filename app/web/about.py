"""``GET /about.json``: how far to trust each answer, as data.

For every answer: when a person last checked it against its sources and when
it is due again; for every language: whether its translation was checked, by
whom (as what) and when, or that it is an automatic translation (which
readers see noted under the answer). Generated from the running content and
catalogs, so it cannot drift from what readers get."""

from __future__ import annotations

from flask import Flask
from flask import current_app
from flask import jsonify

from app.i18n.tools import review_records


def register(app: Flask) -> None:
    @app.get("/about.json")
    def about_json():
        engine = current_app.extensions["kyrbot"].engine
        bundle = engine.bundle
        answers = {
            topic: {
                "kind": bundle.topics[topic],
                "reviewed": answer.reviewed.isoformat(),
                "review_by": answer.review_by.isoformat(),
                "sources": len(answer.sources),
            }
            for topic, answer in bundle.answers.items()
        }
        response = jsonify(
            {
                "service": "kyrbot",
                "information_not_legal_advice": True,
                "answers": answers,
                "translations": review_records(bundle, engine.catalogs, engine.locales),
            }
        )
        response.headers["Cache-Control"] = "no-store"
        return response
