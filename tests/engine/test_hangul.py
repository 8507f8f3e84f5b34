"""Korean forms a trigger also takes (app/engine/hangul.py): endings fused into
a stem's last syllable, and vowels that sound the same."""

from app.engine.hangul import fused_forms
from app.engine.hangul import vowel_swaps
from app.engine.vocabulary import LocaleIndex


def test_an_open_last_syllable_takes_the_fused_finals():
    forms = dict(fused_forms([("넘어가", "share")]))
    assert set(forms) == {"넘어간", "넘어갈", "넘어갑", "넘어갔"}
    assert set(forms.values()) == {"share"}


def test_short_closed_and_other_triggers_are_left_alone():
    assert fused_forms([("고소", "court")]) == []  # two syllables: 그리고 솔직히 -> 고솔
    assert fused_forms([("이민국", "ice")]) == []  # ends in a final consonant already
    assert fused_forms([("报税表", "taxes")]) == []  # not Hangul
    # A form that is a trigger of its own keeps its own concept.
    assert fused_forms([("넘어가", "share"), ("넘어갈", "other")]) == [
        ("넘어간", "share"), ("넘어갑", "share"), ("넘어갔", "share"),
    ]


def test_the_index_finds_a_trigger_in_its_fused_forms():
    idx = LocaleIndex({"share": ["넘어가"], "court": ["고소"]})
    assert "share" in idx.find("세금 자료가 이민국으로 넘어갈 수도 있나요")
    assert "share" in idx.find("주소가 넘어갔대요")
    assert "court" not in idx.find("아 그리고 솔직히 실수였어요")


def test_same_sounding_vowels_are_swapped_one_at_a_time_in_long_triggers():
    assert vowel_swaps([("세무사", "preparer")]) == [("새무사", "preparer")]
    assert set(dict(vowel_swaps([("계세요", "x")]))) == {"걔세요", "계새요"}  # ㅖ/ㅒ too
    assert vowel_swaps([("내 정보", "my-info"), ("네 정보", "other")]) == []  # a swap that is a trigger keeps its own
    assert vowel_swaps([("네", "yes"), ("세금", "taxes")]) == []  # short: 네 (yes) is not 내 (my)
    assert vowel_swaps([("내 돈", "money"), ("세 ITIN", "x")]) == []  # syllables are counted, not characters
    assert vowel_swaps([("이민국", "ice")]) == []  # nothing to swap


def test_the_index_finds_a_trigger_written_with_the_other_vowel():
    idx = LocaleIndex({"preparer": ["세무사"], "yes": ["네"]})
    assert "preparer" in idx.find("새무사가 제 정보를 넘겨도 되나요")
    assert "yes" not in idx.find("내 정보")
