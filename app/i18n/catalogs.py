"""Reading the gettext catalogs for the engine, at start-up.

The ``.po`` files themselves are read (not only the compiled ``.mo`` files)
so that the engine knows exactly which entries are fuzzy: a fuzzy or missing
translation of an answer is never served.
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.pofile import read_po

from app.engine.i18n import SOURCE_LOCALE
from app.engine.i18n import CatalogStatus
from app.engine.i18n import Catalogs
from app.engine.i18n import catalog_dir_name


def read_catalogs(translations_dir: str | Path | None, locales: tuple[str, ...]) -> Catalogs:
    """Every configured locale's servable strings (non-fuzzy, non-empty)."""
    strings: dict[str, dict[tuple[str | None, str], str]] = {}
    status: dict[str, CatalogStatus] = {}
    for code in locales:
        if code == SOURCE_LOCALE or translations_dir is None:
            continue
        path = Path(translations_dir) / catalog_dir_name(code) / "LC_MESSAGES" / "messages.po"
        table: dict[tuple[str | None, str], str] = {}
        fuzzy: set[tuple[str | None, str]] = set()
        comment = ""
        if path.exists():
            with path.open("rb") as fh:
                catalog = read_po(fh, locale=catalog_dir_name(code))
            comment = catalog.header_comment or ""
            for message in catalog:
                if not message.id or not isinstance(message.id, str):
                    continue
                key = (message.context, message.id)
                if message.fuzzy:
                    fuzzy.add(key)
                elif isinstance(message.string, str) and message.string.strip():
                    table[key] = message.string
        strings[code] = table
        status[code] = CatalogStatus(frozenset(table), frozenset(fuzzy), comment)
    return Catalogs(strings, status)
