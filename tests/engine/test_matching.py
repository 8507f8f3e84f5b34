"""Vocabulary matching and the documented tie-break order, on small made-up data."""

from types import SimpleNamespace as Rule

import pytest

from app.engine.matching import LocaleIndex
from app.engine.matching import Matcher


def index(**concepts):
    return LocaleIndex(concepts)


def test_exact_keyword_and_accent_insensitive():
    idx = index(itin=["itin"], privacy=["privacidad"])
    assert set(idx.find("mi itin y mi privacidad")) == {"itin", "privacy"}
    # Triggers are normalized like messages: an accented trigger matches plain text.
    assert "privacy" in LocaleIndex({"privacy": ["privacidád"]}).find("privacidad")


def test_typos_are_forgiven_only_for_long_words():
    idx = index(info=["information"], ice=["ice"], share=["share"])
    hits = idx.find("informaton")  # one letter missing
    assert hits["info"].fuzzy
    assert "share" in idx.find("shrae")  # transposition counts as one edit
    assert "ice" not in idx.find("ace")  # three letters: exact only
    assert "info" in idx.find("infrmatoin")  # two edits allowed from nine letters
    assert "share" not in idx.find("shred")  # two edits on a five-letter word: no
    assert "info" in idx.find("infomation")


def test_strict_words_have_no_typo_tolerance():
    idx = index(court=["=judge"], other=["judges"])
    assert "court" not in idx.find("judgy")


def test_prefix_infix_and_phrase():
    idx = index(deport=["deport*"], tax=["*tax*"], door=["open the door"], share=["shar* info"])
    assert "deport" in idx.find("they deported him")
    assert "tax" in idx.find("my syntax")
    assert "door" in idx.find("do i open the door")
    assert "door" not in idx.find("the door open")
    assert "share" in idx.find("sharing info")


def test_phrase_words_are_typo_tolerant():
    idx = index(rights=["bill of rights"])
    assert idx.find("taxpayer bill of rigths")["rights"].fuzzy


def test_unspaced_scripts_match_as_substrings():
    idx = index(taxes=["报税"], ice=["移民局"], info=["정보"])
    assert set(idx.find("我还应该报税吗")) == {"taxes"}
    assert "ice" in idx.find("国税局会把我的资料给移民局吗")
    assert "info" in idx.find("제 정보를 넘기나요")


def test_regular_expression_triggers():
    idx = index(court=[r"re:\b26 ?5006\b"])
    assert "court" in idx.find("what about case 26 5006")


def rules(*specs):
    return [Rule(topic=t, priority=p, when=w, unless=u) for t, p, w, u in specs]


def test_rules_need_all_concepts_and_respect_unless():
    m = Matcher({"en": {"a": ["alpha"], "b": ["beta"], "c": ["gamma"]}}, rules(
        ("ab", 10, ["a", "b"], ["c"]),
    ))
    assert m.best("alpha beta", "en")[0].topic == "ab"
    assert m.best("alpha", "en")[0] is None
    assert m.best("alpha beta gamma", "en")[0] is None


@pytest.mark.parametrize(
    ("text", "winner", "why"),
    [
        ("alpha beta", "high", "1. higher priority wins"),
        ("mu nu", "specific", "2. same priority: more concepts wins"),
        ("deltta epsilon", "exact", "3. same size: fewer typo-matched concepts wins"),
        ("zeta eta theta", "longer", "4. same everything: more characters covered wins"),
        ("iota kapa", "first", "5. full tie: earlier rule wins"),
    ],
)
def test_tie_break_order(text, winner, why):
    vocab = {"en": {
        "a": ["alpha"], "b": ["beta"], "g": ["gamma"], "d": ["delta"], "e": ["epsilon"],
        "z": ["zeta"], "h": ["eta"], "t": ["theta thetas", "theta"], "i": ["iota"], "k": ["kapa"], "m": ["mu"], "n": ["nu"],
    }}
    m = Matcher(vocab, rules(
        ("low", 1, ["a", "b"], []),
        ("high", 9, ["a"], []),
        ("plain", 5, ["m"], []),
        ("specific", 5, ["m", "n"], []),
        ("fuzzy", 5, ["d"], []),
        ("exact", 5, ["e"], []),
        ("shorter", 5, ["h"], []),
        ("longer", 5, ["t"], []),
        ("first", 5, ["i"], []),
        ("second", 5, ["k"], []),
    ))
    match, _ = m.best(text, "en")
    assert match.topic == winner, why


def test_other_locales_are_tried_after_the_conversation_locale():
    m = Matcher({"en": {"a": ["lawyer"]}, "es": {"a": ["abogado"]}}, rules(("law", 5, ["a"], [])))
    assert m.best("necesito un abogado", "en")[0].topic == "law"
    assert m.best("necesito un abogado", "en", other_languages=False)[0] is None
