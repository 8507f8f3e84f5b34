"""Translation health: every shipped locale complete, placeholders/URLs/numbers
kept, and a changed English answer never served as a stale translation."""

import re
import shutil
import subprocess
import sys

import pytest
from babel.messages.pofile import read_po

from app.i18n.tools import update_catalogs
from app.config import ROOT
from app.config import load_settings
from app.engine import Inbound
from app.engine import State
from app.engine.i18n import catalog_dir_name
from app.build import build_engine

LOCALES = load_settings()["LOCALES"]
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
URL = re.compile(r"https?://[^\s)\"'<>]+[^\s)\"'<>.,;:!?]")
# A number, with thousands separators as any locale writes them (47,000 47.000 47 000).
NUMBER = re.compile(r"(?<!\d)(?:\d{1,3}(?:[,.\u00a0\u202f ]\d{3})+|\d+)(?!\d)")


MYRIAD_LOCALES = {"zh-Hans", "ko"}


def catalogs():
    for locale in LOCALES:
        if locale == "en":
            continue
        path = ROOT / "translations" / catalog_dir_name(locale) / "LC_MESSAGES" / "messages.po"
        with path.open("rb") as fh:
            yield locale, read_po(fh)


def digits(text):
    return sorted(re.sub(r"\D", "", n) for n in NUMBER.findall(URL.sub("", text)))


def test_i18n_status_passes_for_every_shipped_locale():
    r = subprocess.run([sys.executable, "-m", "app.cli", "i18n", "status"], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr


def test_every_catalog_declares_its_review_status():
    for locale, catalog in catalogs():
        assert "review status:" in (catalog.header_comment or "").lower(), locale


@pytest.mark.parametrize("check", ["placeholders", "urls", "numbers"])
def test_translations_keep_placeholders_urls_and_numbers(check, engine):
    registry = {s.url for s in engine.bundle.sources.values()}
    problems = []
    for locale, catalog in catalogs():
        for m in catalog:
            if not m.id or not m.string or m.fuzzy:
                continue
            if check == "placeholders" and sorted(PLACEHOLDER.findall(m.id)) != sorted(PLACEHOLDER.findall(m.string)):
                problems.append((locale, m.context, m.id[:50]))
            if check == "urls":
                # Every link is the English one or a registered source (e.g. the
                # IRS's own page in that language); none is dropped entirely.
                english, translated = URL.findall(m.id), URL.findall(m.string)
                unknown = [u for u in translated if u not in english and u not in registry]
                if unknown or (english and not translated):
                    problems.append((locale, m.context, m.id[:50], unknown))
            if check == "numbers":
                # Every number of the English is kept; an added long number (a
                # phone number) must come from the English text.
                # SMS forms may drop details to fit three segments; Chinese and
                # Korean count large numbers in units of 10,000 (1.28 million =
                # 128万), so their digits legitimately differ.
                have = digits(m.string)
                is_sms = any(" sms;" in c for c in m.auto_comments)
                skip = is_sms or locale in MYRIAD_LOCALES
                # Single digits may be written as words ("one year").
                wanted = [d for d in digits(m.id) if len(d) > 1]
                missing = [] if skip else [d for d in wanted if d not in have or have.remove(d)]
                invented = [d for d in have if len(d) >= 7 and d not in digits(m.id)]
                if missing or invented:
                    problems.append((locale, m.context, m.id[:50], missing, invented))
    assert not problems, problems[:10]


def test_changed_english_answer_is_served_in_english_with_a_note(tmp_path):
    content = tmp_path / "content"
    translations = tmp_path / "translations"
    shutil.copytree(ROOT / "content", content)
    shutil.copytree(ROOT / "translations", translations)
    settings = load_settings({"CONTENT_DIR": str(content), "TRANSLATIONS_DIR": str(translations), "LOCALES": ["en", "es"], "STATE_STORE": "memory"})

    before = build_engine(settings).respond(Inbound("what is an ITIN?", locale="es"), State())[0]
    assert before.topic == "itin"
    assert {n.code for n in before.notices} == {"translation-unreviewed"}  # issue 13
    english_before = build_engine(settings).bundle.answers["itin"].text
    assert english_before.split("\n")[0] not in before.text  # served in Spanish

    path = content / "answers" / "itin.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("9-digit", "nine-digit", 1), encoding="utf-8")
    update_catalogs(ROOT / "app", content, translations, ["en", "es"])

    po = translations / "es" / "LC_MESSAGES" / "messages.po"
    with po.open("rb") as fh:
        stale = [m for m in read_po(fh) if m.context == "itin" and m.fuzzy]
    assert stale, "the changed answer's Spanish translation should be marked fuzzy"

    after = build_engine(settings).respond(Inbound("what is an ITIN?", locale="es"), State())[0]
    assert after.locale == "es"
    assert "nine-digit" in after.text  # the English answer, not the stale Spanish one
    notice = [n for n in after.notices if n.code == "translation-unavailable"]
    assert notice and "inglés" in notice[0].message  # the note is in Spanish


def test_catalogs_read_from_the_start_up_cache_match_and_follow_edits(tmp_path):
    from app.i18n.catalogs import read_catalogs

    translations = tmp_path / "translations"
    shutil.copytree(ROOT / "translations", translations)
    cache = tmp_path / "cache"
    locales = ("en", "es", "fr")
    plain = read_catalogs(translations, locales)
    first = read_catalogs(translations, locales, cache_dir=cache)
    again = read_catalogs(translations, locales, cache_dir=cache)
    with (translations / "es" / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        ids = [(m.context, m.id) for m in read_po(fh) if m.id and isinstance(m.id, str)]
    for context, msgid in ids:
        assert plain.lookup("es", msgid, context) == first.lookup("es", msgid, context) == again.lookup(
            "es", msgid, context
        )
    assert any(p.name.startswith("po-es-") for p in cache.iterdir())
    # An edited catalog is parsed again, not read from the cache.
    po = translations / "es" / "LC_MESSAGES" / "messages.po"
    with po.open("rb") as fh:
        catalog = read_po(fh)
    message = next(m for m in catalog if m.id and isinstance(m.string, str) and m.string and not m.fuzzy)
    text = po.read_text(encoding="utf-8")
    po.write_text(text.replace('"' + message.string.splitlines()[0], '"EDITADO ' + message.string.splitlines()[0], 1),
                  encoding="utf-8")
    edited = read_catalogs(translations, locales, cache_dir=cache)
    assert edited.lookup("es", message.id, message.context).startswith("EDITADO ")
