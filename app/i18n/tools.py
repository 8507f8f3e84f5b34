"""The translation catalogs: extract, update, compile, and report their health.

Interface strings come from the code (``N_``) and templates (``_``); answer
texts and directory notes come from the content YAML through the
``kyrbot_content`` extractor. Updating a locale's catalog from a new template
marks every changed English string *fuzzy* in it, and the engine never serves
a fuzzy translation.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.messages.pofile import write_po

from app.i18n.extract import extract_content
from app.engine.i18n import catalog_dir_name

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


REVIEW_MARKS = {
    "attorney": "A",
    "accredited representative": "R",
    "community reviewer": "C",
    "professional translator": "T",
}


def answer_reviews(bundle: Bundle, catalogs: Catalogs, locales: Iterable[str]) -> dict[str, dict[str, str]]:
    """Per answer and locale: how a reader gets it. "A"/"R"/"C"/"T": its
    translation was checked by an attorney, accredited representative,
    community reviewer or professional translator (as it reads now); "auto":
    an automatic translation nobody has checked, shown with a note; "en": no
    current translation, English is served with a note."""
    table: dict[str, dict[str, str]] = {}
    for topic, answer in bundle.answers.items():
        row = {}
        for locale in locales:
            if locale == SOURCE_LOCALE:
                continue
            texts = (answer.title, answer.text, answer.sms)
            if any(catalogs.lookup(locale, t, topic) is None for t in texts):
                row[locale] = "en"
                continue
            review = catalogs.review(locale, topic)
            row[locale] = REVIEW_MARKS[review.role] if review else "auto"
        table[topic] = row
    return table


def review_records(bundle: Bundle, catalogs: Catalogs, locales: Iterable[str]) -> dict:
    """The same for /about.json: who checked what, as what, and when."""
    out: dict = {}
    for locale in locales:
        if locale == SOURCE_LOCALE:
            continue
        status = catalogs.status.get(locale)
        answers = {}
        for topic in bundle.answers:
            review = catalogs.review(locale, topic)
            answers[topic] = (
                {"reviewed": True, "role": review.role, "reviewer": review.reviewer,
                 "date": review.date.isoformat()}
                if review
                else {"reviewed": False}
            )
        out[locale] = {
            "catalog": _review_status(status.header_comment if status else ""),
            "answers": answers,
        }
    return out


def _review_status(header_comment: str) -> str:
    for line in header_comment.splitlines():
        if "review status:" in line.lower():
            return line.split(":", 1)[1].strip()
    return "(no review status in catalog header)"


CODE_MAP = [("**.py", "python"), ("**/templates/**.html", "jinja2")]
KEYWORDS = {"_": None, "gettext": None, "N_": None, "pgettext": ((1, "c"), 2)}


def build_template(app_dir: Path, content_dir: Path) -> Catalog:
    """A fresh template catalog of every string a person can read."""
    template = Catalog(project="kyrbot", copyright_holder="kyrbot contributors")
    for filename, lineno, message, comments, context in extract_from_dir(
        str(app_dir), CODE_MAP, keywords=KEYWORDS, comment_tags=("TRANSLATORS:",)
    ):
        template.add(message, None, [(f"app/{filename}", lineno)], auto_comments=comments, context=context)
    for folder in ("answers", "directory", "tenants"):
        for path in sorted((content_dir / folder).glob("*.yaml")):
            with path.open("rb") as fh:
                for lineno, _func, (context, message), comments in extract_content(fh, None, None, {}):
                    template.add(
                        message, None, [(f"content/{folder}/{path.name}", lineno)],
                        auto_comments=comments, context=context,
                    )
    for message in template:
        message.flags.discard("python-format")  # we use {named} placeholders only
    return template


def update_catalogs(
    app_dir: Path, content_dir: Path, translations_dir: Path, locales: Iterable[str]
) -> list[Path]:
    """Write messages.pot and bring every locale's messages.po up to date."""
    translations_dir.mkdir(parents=True, exist_ok=True)
    template = build_template(app_dir, content_dir)
    with (translations_dir / "messages.pot").open("wb") as fh:
        write_po(fh, template, width=0, omit_header=False, sort_by_file=True, include_lineno=False)
    written = []
    for locale in locales:
        if locale == SOURCE_LOCALE:
            continue
        po = translations_dir / catalog_dir_name(locale) / "LC_MESSAGES" / "messages.po"
        if po.exists():
            with po.open("rb") as fh:
                catalog = read_po(fh, locale=catalog_dir_name(locale))
            header = catalog.header_comment
            catalog.update(template)
            catalog.header_comment = header
            catalog.obsolete.clear()
        else:
            po.parent.mkdir(parents=True, exist_ok=True)
            catalog = Catalog(locale=catalog_dir_name(locale), project="kyrbot")
            catalog.update(template)
            catalog.header_comment = (
                f"# {locale} translations for kyrbot.\n"
                "# Review status: not started"
            )
        for message in catalog:
            message.flags.discard("python-format")
        with po.open("wb") as fh:
            write_po(fh, catalog, width=0, omit_header=False, sort_by_file=True, include_lineno=False)
        written.append(po)
    return written


def compile_catalogs(translations_dir: Path) -> int:
    """Write a .mo beside every .po, leaving fuzzy entries out."""
    count = 0
    for po in sorted(translations_dir.glob("*/LC_MESSAGES/messages.po")):
        with po.open("rb") as fh:
            catalog = read_po(fh)
        with po.with_suffix(".mo").open("wb") as fh:
            write_mo(fh, catalog, use_fuzzy=False)
        count += 1
    return count
