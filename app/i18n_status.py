"""Which answers are translated, fuzzy or missing in each configured locale."""

from __future__ import annotations

from typing import Iterable

from app.content.bundle import Bundle
from app.content.bundle import iter_answer_messages
from app.engine.i18n import SOURCE_LOCALE
from app.engine.i18n import Catalogs


def translation_problems(
    bundle: Bundle, catalogs: Catalogs, locales: Iterable[str]
) -> list[str]:
    """One line per answer string not servable in a configured locale."""
    problems: list[str] = []
    for locale in locales:
        if locale == SOURCE_LOCALE:
            continue
        status = catalogs.status.get(locale)
        fuzzy = status.fuzzy if status else frozenset()
        for topic, field, english in iter_answer_messages(bundle):
            if catalogs.lookup(locale, english, topic) is not None:
                continue
            state = "fuzzy (English changed)" if (topic, english) in fuzzy else "missing"
            problems.append(
                f"{bundle.answer_files[topic]}: {field} of {topic!r} is {state} in {locale!r}: "
                "the bot serves English there, with a note"
            )
    return problems


def status_table(bundle: Bundle, catalogs: Catalogs, locales: Iterable[str], translations_dir):
    """Counts per locale, and whether any content answer is not servable."""
    from pathlib import Path

    from babel.messages.pofile import read_po

    from app.engine.i18n import catalog_dir_name

    content_keys = {(topic, english) for topic, _f, english in iter_answer_messages(bundle)}
    content_keys |= {("directory", org.note) for org in bundle.organizations if org.note}
    pot_path = Path(translations_dir) / "messages.pot"
    ui_keys: set = set()
    if pot_path.exists():
        with pot_path.open("rb") as fh:
            ui_keys = {
                (m.context, m.id)
                for m in read_po(fh)
                if m.id and isinstance(m.id, str) and (m.context, m.id) not in content_keys
            }
    rows, bad = [], False
    for locale in locales:
        if locale == SOURCE_LOCALE:
            continue
        status = catalogs.status.get(locale)
        ok = status.translated if status else frozenset()
        fuzzy = status.fuzzy if status else frozenset()
        row = {"locale": locale, "review": _review_status(status.header_comment if status else "")}
        for name, keys in (("ui", ui_keys), ("content", content_keys)):
            row[f"{name}_ok"] = len(keys & ok)
            row[f"{name}_fuzzy"] = len((keys & fuzzy) - ok)
            row[f"{name}_missing"] = len(keys - ok - fuzzy)
        bad = bad or row["content_fuzzy"] > 0 or row["content_missing"] > 0
        rows.append(row)
    return rows, bad


def _review_status(header_comment: str) -> str:
    for line in header_comment.splitlines():
        if "review status:" in line.lower():
            return line.split(":", 1)[1].strip()
    return "(no review status in catalog header)"
