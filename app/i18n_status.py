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
