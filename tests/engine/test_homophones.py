"""Chinese typed by sound (app/engine/homophones.py, app/content/pinyin.py)."""

from types import SimpleNamespace as Rule

from app.content.pinyin import load_readings
from app.engine.homophones import ChineseSounds
from app.engine.homophones import Homophones
from app.engine.homophones import pinyin_forms
from app.engine.matching import Matcher

# A few characters' commonest readings, and how common some are (Zipf x 10).
READINGS = {
    "律": "lu", "师": "shi", "狮": "shi", "会": "hui", "计": "ji", "记": "ji", "被": "bei",
    "拘": "ju", "拒": "ju", "表": "biao", "格": "ge", "哥": "ge", "的": "de", "得": "de",
    "我": "wo", "社": "she", "安": "an", "案": "an", "号": "hao", "没": "mei", "有": "you",
}
ZIPF10 = {"师": 50, "狮": 35, "计": 47, "记": 48, "拘": 34, "拒": 42, "的": 78, "得": 60, "表格": 40}
TRIGGERS = ["律师", "会计", "被拘", "表哥", "我得", "案号", "没有社安号"]


def sounds():
    return Homophones(READINGS, TRIGGERS, ZIPF10)


def test_a_character_picked_for_its_sound_is_read_as_the_word_meant():
    assert sounds().correct("哪里有律狮") == "哪里有律师"
    assert sounds().correct("我的会记能不能") == "我的会计能不能"


def test_what_is_written_right_or_means_something_else_is_never_rewritten():
    h = sounds()
    assert h.correct("找律师") is None  # already right
    assert h.correct("被拒了") is None  # refused is not detained: 拒 is far commoner than 拘
    assert h.correct("这个表格") is None  # a word as written
    assert h.correct("我的钱") is None  # 的 is too common to be a wrong pick
    assert h.correct("他们的社安号") is None  # 社安 is ours, from 没有社安号


def test_the_matcher_reads_the_corrected_message_as_a_typo():
    vocab = {"zh-Hans": {"lawyer": ["律师"], "free": ["免费"]}}
    rules = [Rule(topic="find-legal-help", priority=25, when=["lawyer"], unless=[], partial=True)]
    found = Matcher(vocab, rules, sounds=ChineseSounds(READINGS, ZIPF10)).decide("免费律狮", "zh-Hans")
    assert found.topic == "find-legal-help"
    assert found.evidence.weight("lawyer") == 0.7
    assert Matcher(vocab, rules).decide("免费律狮", "zh-Hans").kind == "none"


def test_the_readings_come_from_pypinyin_and_are_cached(tmp_path):
    first = load_readings(tmp_path)
    assert first.readings["律"] == "lu" and first.readings["会"] == "hui"  # the commonest reading
    assert first.zipf10["的"] > first.zipf10["狮"]
    assert list(tmp_path.glob("pinyin-*.pickle"))
    assert load_readings(tmp_path) == first


def test_in_a_longer_trigger_even_a_common_pick_is_a_slip():
    # "一民局" for 移民局: 一 is far too common to be a wrong pick in a word of
    # two, but the other two characters already match the trigger as written.
    readings = {**READINGS, "一": "yi", "移": "yi", "民": "min", "局": "ju", "据": "ju"}
    zipf10 = {**ZIPF10, "一": 75, "移": 45, "据": 50, "局": 48}
    h = Homophones(readings, ["移民局", "移民"], zipf10)
    assert h.correct("会被一民局知道吗") == "会被移民局知道吗"
    assert h.correct("给移民据吗") == "给移民局吗"
    assert h.correct("一民") is None  # two characters: the guards stand


def test_chinese_triggers_are_also_read_as_typed_in_pinyin():
    readings = {"律": "lu", "师": "shi", "会": "hui", "计": "ji", "记": "ji", "我": "wo"}
    forms = pinyin_forms({"lawyer": ["律师"], "preparer": ["会计"], "misspelt": ["会记"], "me": ["我"]}, readings)
    assert forms["lawyer"] == ["lu shi", "lushi"]
    # 会计 and 会记 sound the same: a form two concepts would share is nobody's.
    assert "preparer" not in forms and "misspelt" not in forms
    assert "me" not in forms  # one character alone is too many words
    assert pinyin_forms({"x": ["律所"]}, readings) == {}  # a character with no reading: left out
    assert pinyin_forms({"lawyer": ["律师", "lushi"]}, readings) == {"lawyer": ["lu shi"]}  # already a trigger
