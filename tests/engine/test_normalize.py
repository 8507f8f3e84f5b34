import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.engine.normalize import clean_input
from app.engine.normalize import normalize
from app.engine.normalize import tokenize
from app.engine.normalize import word_count


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("¿Mi Información es PRIVADA?", "mi informacion es privada"),
        ("Ｆｕｌｌ　ｗｉｄｔｈ", "full width"),
        ("  lots\tof   space\n", "lots of space"),
        ("thông tin thuế", "thong tin thue"),
        ("Kreyòl", "kreyol"),
        ("ARRÊT", "arret"),
        ("W-7", "w 7"),
        ("don’t", "don t"),
        ("أحتاج إلى مساعدة", "احتاج الي مساعده"),
        ("정보를", "정보를"),
        ("我的报税资料是保密的吗？", "我的报税资料是保密的吗"),
    ],
)
def test_normalize(raw, expected):
    assert normalize(raw) == expected


def test_tokenize_splits_unspaced_scripts_from_latin():
    assert tokenize(normalize("IRS가 제 정보를 ICE에")) == ["irs", "가", "제", "정보를", "ice", "에"]
    assert tokenize(normalize("国税局会把我的资料给ICE吗")) == ["国税局会把我的资料给", "ice", "吗"]


def test_clean_input_drops_control_characters():
    assert clean_input("\x00hi\x07 there\x1b\n") == "hi there"


@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_ascii_shortcut_agrees_with_the_full_unicode_path(text):
    from app.engine.normalize import _normalize_unicode

    assert normalize(text) == _normalize_unicode(text)


def _one_character_at_a_time(text: str) -> str:
    """The normalization spelled out a character at a time, as it was
    written before the per-character tables (the specification they keep)."""
    import unicodedata

    from app.engine.normalize import _FOLD

    text = unicodedata.normalize("NFKC", text).casefold().translate(_FOLD)
    text = unicodedata.normalize("NFD", text)
    text = "".join(ch for ch in text if unicodedata.category(ch) not in ("Mn", "Me"))
    text = unicodedata.normalize("NFC", text)
    text = "".join(" " if unicodedata.category(ch)[0] in "PSCZ" else ch for ch in text)
    return " ".join(text.split())


@given(st.text(max_size=40))
def test_the_per_character_tables_change_nothing(text):
    assert normalize(text) == _one_character_at_a_time(text)


def test_the_per_character_tables_stop_growing():
    from app.engine.normalize import _SEPARATORS

    rare = "".join(chr(c) for c in range(0x4E00, 0x4E00 + 30_000))
    assert normalize(rare) == _one_character_at_a_time(rare)
    assert len(_SEPARATORS) <= _SEPARATORS.LIMIT


def test_word_count_counts_unspaced_runs_by_characters():
    assert word_count(tokenize(normalize("Should I still file my taxes?"))) == 6
    assert word_count(tokenize(normalize("我今年还应该报税吗"))) == 3  # one run of nine characters
    assert word_count(tokenize(normalize("세금 보고 해야 하나요"))) == 4  # Korean: spaced words
    assert word_count(tokenize(normalize("我的ITIN过期了"))) == 3  # "我的", "itin", "过期了"
