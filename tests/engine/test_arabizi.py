"""Arabizi (Arabic typed in Latin letters) read with the Arabic-script words."""

from types import SimpleNamespace as Rule

from app.engine.arabizi import arabic_skeleton
from app.engine.arabizi import latin_skeleton
from app.engine.arabizi import skeleton_text
from app.engine.arabizi import skeleton_vocabulary
from app.engine.matching import Matcher


def test_spellings_of_one_word_share_its_skeleton():
    # 2 = ء or a dropped ق, 5 = خ; vowels and doubled letters do not count.
    assert latin_skeleton("2odam") == latin_skeleton("2oddam") == arabic_skeleton("قدام")
    assert latin_skeleton("a5adouh") == latin_skeleton("2a5adouh") == arabic_skeleton("اخدوه")
    assert latin_skeleton("yd2o") == latin_skeleton("ydi2o") == arabic_skeleton("يدقو")
    # The article written apart is one word, as in Arabic script.
    assert skeleton_text("2odam el beit, shu?") == "qdm qlbt, c?"
    assert skeleton_text("2odam el beit").split() == [arabic_skeleton(w) for w in "قدام البيت".split()]


def test_letters_arabizi_keeps_apart_stay_apart():
    # "bbalash" (for free) is not "بوليس" (police): ش is not س.
    assert latin_skeleton("bbalash") != arabic_skeleton("بوليس")
    assert latin_skeleton("3arif") != latin_skeleton("arif")  # ع counts


def test_short_skeletons_and_patterns_are_left_out_but_negators_stay():
    vocab = skeleton_vocabulary({
        "knock": ["=قدام البيت", "يدقو*", "re:\\bdoor\\b", "*خطر*"], "family": ["خال"], "not": ["=ما", "=مش"],
    })
    assert vocab["knock"] == ["qdm qlbt", "ydq*"]
    assert "family" not in vocab  # "خال" is two letters of skeleton: shared by too many words
    assert vocab["not"] == ["m", "mc"]


def _matcher():
    vocab = {"ar": {"knock": ["=قدام البيت", "يدقو*"], "agents": ["سيارات"], "taken": ["اخدوه"],
                    "someone": ["صاحبي"], "not": ["=ما", "=مش"]}}
    rules = [Rule(topic=t, priority=p, when=w, unless=[], partial=True) for t, p, w in (
        ("ice-at-door", 85, ["knock", "agents"]), ("detained", 90, ["taken", "someone"]))]
    return Matcher(vocab, rules, urgent={"ice-at-door", "detained"})


def test_an_arabizi_emergency_is_read_with_the_arabic_words():
    m = _matcher()
    found = m.decide("fi 3 sayyarat wa2fin 2odam el beit w 3am ydi2o, shu na3mel?", "ar")
    assert found.topic == "ice-at-door"
    assert m.decide("sa7bi a5adouh men 2odam el ma3mal", "ar").topic == "detained"


def test_an_arabizi_denial_still_denies():
    m = _matcher()
    assert "taken" in m.concepts("sa7bi a5adouh, ra7 3al shoghl", "ar")
    assert "taken" not in m.concepts("sa7bi ma a5adouh, ra7 3al shoghl", "ar")
