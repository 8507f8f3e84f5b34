import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.engine.normalize import clean_input
from app.engine.normalize import normalize
from app.engine.normalize import tokenize


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
