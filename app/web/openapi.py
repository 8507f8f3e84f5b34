"""The OpenAPI 3.0 description of the public JSON API, served at
``GET /api/v1/openapi.json``. Schemathesis checks the app against it in the
test suite, so the document and the code cannot drift apart."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask import jsonify

from app.web.api import SESSION_RE

ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {"code": {"type": "string"}, "message": {"type": "string"}},
        }
    },
}


def _error(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


def document(max_chars: int, locales: list[str], topics: list[str] | None = None) -> dict[str, Any]:
    session = {"type": "string", "pattern": f"^{SESSION_RE.pattern}$"}  # JSON Schema patterns are unanchored
    reply = {
        "type": "object",
        "additionalProperties": False,
        "required": ["session", "locale", "topic", "text", "sources", "choices", "referrals", "notices"],
        "properties": {
            "session": session,
            "locale": {"type": "string", "enum": locales},
            "topic": {
                "type": "string",
                "nullable": True,
                **({"enum": [*topics, None]} if topics else {}),
                "description": (
                    "The topic answered (ids of content/topics.yaml). 'clarify': the bot was "
                    "not sure which topic is meant and asks; the candidates are the first "
                    "choices (their value is a topic id) and the menu follows. 'fallback': "
                    "not understood."
                ),
            },
            "text": {"type": "string", "description": "The whole reply; an answer opens with the question it answers."},
            "heading": {"type": "string", "nullable": True, "description": "Only when the message asked for parts: the question an answer answers (null for other replies)."},
            "details": {"type": "string", "nullable": True, "description": "Only when the message asked for parts: the part of text after the direct answer, which a client may fold."},
            "sources": {
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["title", "url"],
                    "properties": {"title": {"type": "string"}, "url": {"type": "string"}},
                },
            },
            "choices": {
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["label", "value"],
                    "properties": {"label": {"type": "string"}, "value": {"type": "string"}},
                },
            },
            "referrals": {"type": "array", "items": {"$ref": "#/components/schemas/Referral"}},
            "notices": {
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["code", "message"],
                    "properties": {"code": {"type": "string"}, "message": {"type": "string"}},
                },
            },
        },
    }
    nullable = {"type": "string", "nullable": True}
    referral = {
        "type": "object",
        "additionalProperties": False,
        "required": ["id", "name", "scope", "helps_with", "languages", "url", "phone", "hours", "note"],
        "properties": {
            "id": {"type": "string"},
            "name": {"type": "string"},
            "scope": {"type": "string", "enum": ["organization", "local", "national"]},
            "helps_with": {"type": "array", "items": {"type": "string"}},
            "languages": {"type": "array", "items": {"type": "string"}},
            "url": nullable,
            "phone": nullable,
            "hours": nullable,
            "note": nullable,
            "unconfirmed": {
                "type": "array",
                "items": {"type": "string", "enum": ["name", "url", "phone", "hours", "languages"]},
                "description": "Details no cited page confirms yet; show them with a caveat.",
            },
        },
    }
    message = {
        "type": "object",
        "required": ["text"],
        "properties": {
            # At least one character that is neither a space nor a control or
            # direction mark (the server removes those before reading).
            "text": {
                "type": "string", "minLength": 1, "maxLength": max_chars,
                "pattern": r"[^\s\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]",
            },
            "session": {**session, "nullable": True, "description": "From an earlier answer; omit or null to start"},
            "locale": {
                "type": "string",
                "maxLength": 35,
                "nullable": True,
                "description": "BCP 47 tag, e.g. es or zh-Hans; unknown tags get the default with a notice",
            },
            "parts": {
                "type": "boolean",
                "description": "true: the answer also carries 'heading' and 'details' (optional; default false)",
            },
        },
    }
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "kyrbot API",
            "version": "1",
            "description": "Know-your-rights chatbot on taxpayer confidentiality. Information, not legal advice.",
        },
        "paths": {
            "/api/v1/messages": {
                "post": {
                    "summary": "Send one message; get the bot's answer",
                    "operationId": "postMessage",
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Message"}}},
                    },
                    "responses": {
                        "200": {
                            "description": "The answer",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Reply"}}},
                        },
                        "400": _error("Invalid body, text, session or locale"),
                        "413": _error("Request body too large"),
                        "415": _error("Not application/json"),
                        "429": _error("Too many messages; see Retry-After"),
                    },
                }
            },
            "/api/v1/sessions/{session}": {
                "delete": {
                    "summary": "Forget a conversation now",
                    "operationId": "forgetSession",
                    "parameters": [{"name": "session", "in": "path", "required": True, "schema": session}],
                    "responses": {"204": {"description": "Forgotten"}, "400": _error("Not a session id")},
                }
            },
            "/api/v1/openapi.json": {
                "get": {
                    "summary": "This document",
                    "operationId": "openapi",
                    "responses": {"200": {"description": "OpenAPI document", "content": {"application/json": {"schema": {"type": "object"}}}}},
                }
            },
        },
        "components": {
            "schemas": {"Message": message, "Reply": reply, "Referral": referral, "Error": ERROR}
        },
    }


def register(app: Flask) -> None:
    topics = list(app.extensions["kyrbot"].engine.bundle.topics)
    spec = document(app.config["MAX_MESSAGE_CHARS"], list(app.config["LOCALES"]), topics)

    @app.get("/api/v1/openapi.json")
    def openapi():
        return jsonify(spec)
