"""Reading the gettext catalogs for the engine, at start-up.

The ``.po`` files themselves are read (not only the compiled ``.mo`` files)
so that the engine knows exactly which entries are fuzzy: a fuzzy or missing
translation of an answer is never served.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from pathlib import Path
from typing import Any
from typing import Iterable
from typing import Mapping

import babel
import yaml
from babel.messages.pofile import read_po

from app.content.cached import cached
from app.content.cached import source_hash

from app.engine.i18n import REVIEWER_ROLES
from app.engine.i18n import SOURCE_LOCALE
from app.engine.i18n import CatalogStatus
from app.engine.i18n import Catalogs
from app.engine.i18n import Review
from app.engine.i18n import catalog_dir_name
from app.errors import ContentError

REVIEWS_FILE = "reviews.yaml"


def fingerprint(table: Mapping[tuple[str | None, str], str], topic: str) -> str:
    """A short hash of every translated string of one answer (title, text, SMS,
    question): a review holds only while the translation reads exactly so."""
    parts = sorted(text for (context, _msgid), text in table.items() if context == topic)
    return hashlib.sha256("\x00".join(parts).encode()).hexdigest()[:12]


def read_reviews(
    path: Path, locale: str, table: Mapping[tuple[str | None, str], str], topics: Iterable[str] | None
) -> dict[str, Review]:
    """The reviews in ``path`` that still match the translations; a file
    that is not valid stops start-up with its problems listed."""
    if not path.exists():
        return {}
    try:
        data: Any = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        raise ContentError([f"{path}:{line}: not valid YAML"]) from exc
    problems, found = [], {}
    known = set(topics) if topics is not None else None
    for number, entry in enumerate(data.get("reviews") or [], 1):
        where = f"{path}: review {number}"
        if not isinstance(entry, dict):
            problems.append(f"{where}: expected topic, reviewer, role, date, fingerprint")
            continue
        missing = [k for k in ("topic", "reviewer", "role", "date", "fingerprint") if not entry.get(k)]
        if missing:
            problems.append(f"{where}: missing {', '.join(missing)}")
            continue
        if entry["role"] not in REVIEWER_ROLES:
            problems.append(f"{where}: role must be one of {', '.join(REVIEWER_ROLES)}")
            continue
        if known is not None and entry["topic"] not in known:
            problems.append(f"{where}: unknown topic {entry['topic']!r}")
            continue
        day = entry["date"]
        if not isinstance(day, dt.date):
            problems.append(f"{where}: date must be YYYY-MM-DD")
            continue
        if str(entry["fingerprint"]) != fingerprint(table, entry["topic"]):
            continue  # the translation changed since: no longer reviewed
        found[entry["topic"]] = Review(entry["topic"], str(entry["reviewer"]), entry["role"], day)
    if problems:
        raise ContentError(problems)
    return found


def _read_po(path: Path, code: str) -> tuple[dict[tuple[str | None, str], str], set, str]:
    """A catalog's servable strings, its fuzzy keys and its header comment."""
    table: dict[tuple[str | None, str], str] = {}
    fuzzy: set[tuple[str | None, str]] = set()
    with path.open("rb") as fh:
        catalog = read_po(fh, locale=catalog_dir_name(code))
    for message in catalog:
        if not message.id or not isinstance(message.id, str):
            continue
        key = (message.context, message.id)
        if message.fuzzy:
            fuzzy.add(key)
        elif isinstance(message.string, str) and message.string.strip():
            table[key] = message.string
    return table, fuzzy, catalog.header_comment or ""


def read_catalogs(
    translations_dir: str | Path | None,
    locales: tuple[str, ...],
    topics: Iterable[str] | None = None,
    cache_dir: str | Path | None = None,
) -> Catalogs:
    """Every configured locale's servable strings (non-fuzzy, non-empty), and
    the reviews of their answers that still hold. With ``cache_dir``, a
    catalog unchanged since an earlier start-up is not parsed again."""
    strings: dict[str, dict[tuple[str | None, str], str]] = {}
    status: dict[str, CatalogStatus] = {}
    reviews: dict[str, dict[str, Review]] = {}
    for code in locales:
        if code == SOURCE_LOCALE or translations_dir is None:
            continue
        path = Path(translations_dir) / catalog_dir_name(code) / "LC_MESSAGES" / "messages.po"
        table: dict[tuple[str | None, str], str] = {}
        fuzzy: set[tuple[str | None, str]] = set()
        comment = ""
        if path.exists():
            key = hashlib.blake2b(
                repr((source_hash(Path(__file__)), babel.__version__, code)).encode() + path.read_bytes(),
                digest_size=12,
            ).hexdigest()
            table, fuzzy, comment = cached(
                cache_dir, f"po-{code}", key, functools.partial(_read_po, path, code)
            )
        strings[code] = table
        status[code] = CatalogStatus(frozenset(table), frozenset(fuzzy), comment)
        folder = Path(translations_dir) / catalog_dir_name(code)
        reviews[code] = read_reviews(folder / REVIEWS_FILE, code, table, topics)
    return Catalogs(strings, status, reviews)


def catalog_fingerprints(
    translations_dir: str | Path, locales: Iterable[str], topics: Iterable[str]
) -> dict[str, dict[str, str]]:
    """Each answer's current translation fingerprint, per locale."""
    out: dict[str, dict[str, str]] = {}
    topics = tuple(topics)
    for code in locales:
        path = Path(translations_dir) / catalog_dir_name(code) / "LC_MESSAGES" / "messages.po"
        if not path.exists():
            continue
        with path.open("rb") as fh:
            catalog = read_po(fh, locale=catalog_dir_name(code))
        table = {
            (m.context, m.id): m.string
            for m in catalog
            if m.id and isinstance(m.string, str) and m.string.strip() and not m.fuzzy
        }
        out[code] = {topic: fingerprint(table, topic) for topic in topics}
    return out
