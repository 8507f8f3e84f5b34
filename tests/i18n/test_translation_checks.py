"""The translation checks of app/i18n/checks.py, on the shipped catalogs
(every locale), and on a planted fault each, so that each check can fail."""

import shutil
from pathlib import Path

import pytest

from app.i18n import checks

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "translations"
LOCALES = ["es", "zh-Hans", "vi", "ko", "tl", "ht", "ar", "pt", "fr"]


@pytest.mark.parametrize("locale", LOCALES)
def test_every_translation_keeps_its_points(engine, locale):
    assert checks.keep_problems(engine.bundle, TRANSLATIONS, [locale]) == []


@pytest.mark.parametrize("locale", LOCALES)
def test_every_short_form_has_a_back_translation(engine, locale):
    assert checks.back_translation_problems(engine.bundle, TRANSLATIONS, [locale]) == []


@pytest.mark.parametrize("locale", LOCALES)
def test_numbers_dates_and_links_equal_the_english(engine, locale):
    assert checks.figure_problems(engine.bundle, TRANSLATIONS, [locale]) == []


def test_vietnamese_keeps_its_tone_marks(engine):
    assert checks.vietnamese_problems(engine.bundle, TRANSLATIONS) == []


def test_arabic_door_sms_says_do_not_resist_and_do_not_lie(engine):
    markers = checks.read_keep_markers(TRANSLATIONS, "ar")["ice-at-door"]
    sms = next(
        e for e in checks.servable_entries(engine.bundle, TRANSLATIONS, "ar")
        if e.topic == "ice-at-door" and e.field == "sms"
    )
    for point in ("do-not-resist", "do-not-lie"):
        assert any(m in sms.translation for m in markers[point]), point


def _planted(tmp_path, edit):
    """A copy of the Spanish catalog with ``edit`` applied to its text."""
    copy = tmp_path / "translations"
    shutil.copytree(TRANSLATIONS / "es", copy / "es")
    po = copy / "es" / "LC_MESSAGES" / "messages.po"
    po.write_text(edit(po.read_text(encoding="utf-8")), encoding="utf-8")
    return copy


def _door_sms(engine):
    return next(
        e for e in checks.servable_entries(engine.bundle, TRANSLATIONS, "es")
        if e.topic == "ice-at-door" and e.field == "sms"
    )


def test_a_dropped_point_is_caught(engine, tmp_path):
    sms = _door_sms(engine)
    marker = next(
        m for m in checks.read_keep_markers(TRANSLATIONS, "es")["ice-at-door"]["call-911"]
        if m in sms.translation
    )
    copy = _planted(tmp_path, lambda text: text.replace(sms.translation, sms.translation.replace(marker, "")))
    found = checks.keep_problems(engine.bundle, copy, ["es"])
    assert any("ice-at-door sms: drops 'call-911'" in p for p in found)


def test_a_changed_number_and_a_strange_link_are_caught(engine, tmp_path):
    sms = _door_sms(engine)
    changed = sms.translation.replace("911", "912", 1) + " https://example.com/x"
    copy = _planted(tmp_path, lambda text: text.replace(sms.translation, changed))
    found = checks.figure_problems(engine.bundle, copy, ["es"])
    assert any("numbers" in p for p in found)
    assert any("https://example.com/x" in p for p in found)


def test_a_missing_back_translation_is_caught(engine, tmp_path):
    copy = _planted(tmp_path, lambda text: text.replace("# back-translation:", "# note:"))
    assert checks.back_translation_problems(engine.bundle, copy, ["es"])
