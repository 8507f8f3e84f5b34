"""Babel extractor for the content YAML: answers and directory notes.

Registered as ``kyrbot_content`` (pyproject entry point) and used by
``babel.cfg``. Each answer string gets its topic id as message context and
its sources as translator comments, so translators see what a sentence rests
on; directory notes get the context ``directory``.
"""

from __future__ import annotations

from typing import Any
from typing import BinaryIO
from typing import Iterator

from app.content.yamlfile import load_yaml


def extract_content(
    fileobj: BinaryIO, keywords: Any, comment_tags: Any, options: dict[str, Any]
) -> Iterator[tuple[int, str | None, str | tuple[str, ...], list[str]]]:
    """Yield (line, funcname, message, comments) as Babel expects.

    Babel treats a ``pgettext`` funcname as (context, message).
    """
    import tempfile
    from pathlib import Path

    name = getattr(fileobj, "name", "content.yaml")
    with tempfile.NamedTemporaryFile("wb", suffix=".yaml", delete=False) as tmp:
        tmp.write(fileobj.read())
    try:
        doc = load_yaml(Path(tmp.name), display=name)
    finally:
        Path(tmp.name).unlink(missing_ok=True)
    data = doc.data or {}
    if "topic" in data and "text" in data:
        topic = data["topic"]
        sources = ", ".join(data.get("sources") or []) or "none"
        for field in ("title", "question", "text", "sms"):
            if data.get(field):
                comments = [f"{topic} {field}; sources: {sources}"]
                if field == "sms":
                    comments.append(
                        "SMS: aim for 3 segments (about 200 characters with accents or non-Latin "
                        "script); never drop a point of keep: a longer text goes on in a second part"
                    )
                if field == "question":
                    comments.append("the question this answer answers, shown first as its heading")
                if field in ("text", "sms") and data.get("keep"):
                    points = "; ".join(f"{k}: {v.get('say')}" for k, v in data["keep"].items())
                    comments.append(f"keep every point: {points}")
                yield doc.line((field,)), "pgettext", (topic, data[field].strip()), comments
    if "allowed_origins" in data:  # an organization's widget configuration
        context = f"tenant:{data.get('id')}"
        if data.get("greeting"):
            yield doc.line(("greeting",)), "pgettext", (context, data["greeting"].strip()), [
                f"widget greeting of {data.get('name')}"
            ]
        for i, svc in enumerate(data.get("services") or []):
            if svc.get("note"):
                yield doc.line(("services", i, "note")), "pgettext", (context, svc["note"].strip()), [
                    f"note on a service of {data.get('name')}"
                ]
    for i, org in enumerate(data.get("organizations") or []):
        if org.get("note"):
            yield (
                doc.line(("organizations", i, "note")),
                "pgettext",
                ("directory", org["note"].strip()),
                [f"directory note for {org.get('name', org.get('id'))}"],
            )
