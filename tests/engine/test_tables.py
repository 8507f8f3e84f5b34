"""A locale's compiled tables (app/engine/tables.py): kept between start-ups
by a memo, they answer exactly as tables compiled on the spot."""

import pickle

from app.config import load_settings
from app.content import load_bundle
from app.content.cached import engine_memo
from app.engine.normalize import normalize
from app.engine.tables import tables_key
from app.engine.vocabulary import LocaleIndex

MESSAGES = {
    "en": ["Can my tax preparer share my info with ICE?", "they are banging on the door, no warrant",
           "my refund is held up, I need a lawyer for free", "is it safe to file with an ITIN?"],
    "es": ["¿Puede el IRS darle mi dirección a inmigración?", "la migra está afuera tocando la puerta"],
    "ko": ["세금 자료가 이민국으로 넘어갈 수도 있나요?", "무료 변호사 어디서 찾아요"],
    "zh-Hans": ["报税会不会被移民局查到？", "哪里有免费的律师"],
    "ar": ["هل مصلحة الضرائب بتعطي عنواني للهجرة؟"],
}


class PickleMemo:
    """Keeps tables as the instance cache does: pickled, and read back."""

    def __init__(self):
        self.kept = {}

    def __call__(self, family, key, build):
        if (family, key) not in self.kept:
            self.kept[family, key] = pickle.dumps(build())
        return pickle.loads(self.kept[family, key])


def test_kept_tables_find_what_fresh_tables_find():
    settings = load_settings({"STATE_STORE": "memory"})
    bundle = load_bundle(settings["CONTENT_DIR"], tuple(settings["LOCALES"]))
    memo = PickleMemo()
    for locale, texts in MESSAGES.items():
        fresh = LocaleIndex(bundle.vocab[locale], locale=locale)
        LocaleIndex(bundle.vocab[locale], locale=locale, memo=memo)  # builds and keeps
        kept = LocaleIndex(bundle.vocab[locale], locale=locale, memo=memo)  # reads back
        for text in texts:
            assert kept.find(normalize(text)) == fresh.find(normalize(text)), (locale, text)
        assert kept.find(normalize(texts[0])), (locale, texts[0])
    assert {family for family, _key in memo.kept} >= {"vocab-en", "typos-en", "vocab-ko"}


def test_the_key_follows_the_triggers_and_settings():
    base = tables_key({"itin": ["itin", "w-7"]}, 0, frozenset(), "lists-1")
    assert base == tables_key({"itin": ["itin", "w-7"]}, 0, frozenset(), "lists-1")
    assert base != tables_key({"itin": ["w-7", "itin"]}, 0, frozenset(), "lists-1")  # order: first claim wins
    assert base != tables_key({"itin": ["itin"]}, 0, frozenset(), "lists-1")
    assert base != tables_key({"itin": ["itin", "w-7"]}, 4, frozenset(), "lists-1")
    assert base != tables_key({"itin": ["itin", "w-7"]}, 0, frozenset(), "lists-2")


def test_the_app_memo_keys_tables_by_the_engine_code_too(tmp_path):
    memo = engine_memo(tmp_path)
    assert memo("vocab-en", "k", lambda: {"a": 1}) == {"a": 1}
    (name,) = [p.name for p in tmp_path.iterdir()]
    assert name.startswith("vocab-en-k-") and len(name) > len("vocab-en-k-.pickle")
    assert memo("vocab-en", "k", lambda: {"a": 2}) == {"a": 1}  # read back, not rebuilt
