"""English words inside messages in other languages (app/engine/codeswitch.py)."""

from types import SimpleNamespace as Rule

from app.engine.matching import Matcher
from app.engine.wordlists import WordLists

VOCAB = {
    "en": {"not": ["not", "don t"], "risk": ["safe", "risky"], "file": ["file"], "address": ["address"],
           "ice": ["immigration"], "itin": ["itin"]},
    "fr": {"not": ["ne", "pas"], "itin": ["itin"], "file": ["declarer"], "risk": ["risque"]},
    "ar": {"irs": ["الضرايب"], "share": ["بيعطوا"], "itin": ["itin"]},
    "common": {"ice": ["=ice"], "itin": ["~itin"]},
}
WORDS = WordLists({
    "en": {"safe": 50, "file": 50, "address": 50, "not": 70, "immigration": 45, "this": 70, "year": 60},
    "fr": {"de": 70, "mes": 60, "avec": 65, "un": 70, "est": 70, "ce": 70, "pas": 65, "file": 40},
})
RULES = [
    Rule(topic="itin-risk", priority=45, when=["itin", "risk"], unless=[], partial=True),
    Rule(topic="should-i-file", priority=40, when=["file", "risk"], unless=[], partial=True),
    Rule(topic="what-info-shared", priority=35, when=["address", "share"], unless=[], partial=True),
    Rule(topic="agreement", priority=20, when=["irs", "share"], unless=[], partial=True),
    Rule(topic="itin", priority=15, when=["itin"], unless=[], partial=True),
]
MATCHER = Matcher(VOCAB, RULES, words=WORDS)


def test_an_english_word_in_a_french_message_counts():
    found = MATCHER.decide("c'est safe avec un ITIN?", "fr")
    assert found.topic == "itin-risk"
    assert found.evidence.weight("risk") < 1.0  # a little less than the language's own word
    assert MATCHER.decide("c'est risque avec un ITIN?", "fr").evidence.weight("risk") == 1.0


def test_a_word_of_the_language_stays_the_languages_own():
    # "file" is listed as French ("une file d'attente"): not read as English.
    assert "file" not in MATCHER.concepts("une file avec un ITIN", "fr")
    # Without any English word the message is read once, as before.
    assert MATCHER.concepts("est ce risque avec un ITIN", "fr").concepts.keys() == {"itin", "risk"}


def test_an_english_word_glued_to_another_script_is_found():
    found = MATCHER.decide("الضرايب بيعطوا الـaddress؟", "ar")
    assert "address" in found.evidence
    assert found.topic == "what-info-shared"


def test_english_cannot_bring_back_what_the_language_denied():
    # The French negation denies the risk; "safe" in English does not restore it.
    evidence = MATCHER.concepts("ce n'est pas risque, safe, avec un ITIN", "fr")
    assert "risk" in evidence.denied and "risk" not in evidence


def test_a_say_verb_of_one_reading_quotes_the_person_the_other_found():
    # "my accountant me dijo que...": the Spanish reading has the say-verb,
    # the English reading the accountant; quoted in one, quoted in both.
    vocab = {
        "en": {"preparer": ["accountant"], "irs": ["irs"], "says": ["said"]},
        "es": {"says": ["me dijo"], "irs": ["irs"], "share": ["comparte"]},
    }
    words = WordLists({"en": {"accountant": 40, "my": 70}, "es": {"me": 70, "que": 70, "el": 70}})
    rules = [Rule(topic="preparer-privacy", priority=70, when=["preparer"], unless=[], partial=True)]
    matcher = Matcher(vocab, rules, words=words, negation_keeps=["irs"], persons=["preparer"],
                      reporters=["preparer"])
    found = matcher.concepts("my accountant me dijo que el irs comparte", "es")
    assert "preparer" in found.reported and found.weight("irs") == 1.0
    alone = Matcher(vocab, rules, words=words, negation_keeps=["irs"], persons=["preparer"])
    # English inside weighs a little less (0.9); quoted, half of that.
    assert found.weight("preparer") == alone.concepts("my accountant me dijo que el irs comparte", "es").weight("preparer") / 2


def test_a_loan_in_a_taglish_word_list_still_counts_as_english():
    # Tagalog's word list is drawn from text full of English: "clinic" and
    # "free" are in it as loans. Used more in English, they count as English;
    # a French word that English uses a little more ("file") stays French.
    vocab = {"en": {"litc": ["clinic"], "free": ["free"]}, "tl": {"taxes": ["buwis"]},
             "fr": {"itin": ["itin"]}}
    words = WordLists({
        "en": {"clinic": 42, "free": 56, "file": 48},
        "tl": {"clinic": 39, "free": 49, "may": 60, "ba": 60},
        "fr": {"file": 43, "une": 70},
    })
    rules = [Rule(topic="low-income-clinics", priority=70, when=["free", "litc"], unless=[], partial=True)]
    matcher = Matcher(vocab, rules, words=words)
    assert matcher.decide("may free clinic ba", "tl").topic == "low-income-clinics"
    assert "file" not in Matcher({"en": {"file": ["file"]}, "fr": {"itin": ["itin"]}}, rules,
                                 words=words).concepts("une file itin", "fr")


def test_spanish_words_inside_an_english_message_count_too():
    # Spanglish read as English: "seguro" (safe) is a Spanish word the English
    # vocabulary lacks; it is read with the Spanish one, a little below full weight.
    vocab = {"en": {"itin": ["itin"], "file": ["file"]}, "es": {"risk": ["seguro", "riesgo"]},
             "fr": {"itin": ["itin"]}}
    words = WordLists({"en": {"my": 70, "mom": 55, "wants": 55, "to": 75, "know": 65, "her": 65},
                       "es": {"si": 70, "es": 72, "seguro": 55, "usar": 55, "su": 70},
                       "fr": {"si": 65, "est": 70, "avec": 65}})
    matcher = Matcher(vocab, RULES, words=words)
    found = matcher.decide("my mom wants to know si es seguro usar her itin", "en")
    assert found.topic == "itin-risk"
    assert 0 < found.evidence.weight("risk") < 1.0
    # Accents do not hide a Spanish word: "está" is the list's "esta".
    accented = Matcher({"en": {"itin": ["itin"]}, "es": {"risk": ["esta"]}}, RULES,
                       words=WordLists({"en": {"my": 70, "mom": 55, "her": 65}, "es": {"esta": 70}}))
    assert "risk" in accented.concepts("my mom: está her itin", "en")
    # Only English hosts Spanish: a French message is not read with it.
    assert "risk" not in matcher.concepts("est ce seguro avec un itin", "fr")
