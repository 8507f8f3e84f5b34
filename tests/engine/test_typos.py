"""The typo index's deletion table: kept between start-ups by a memo, and the
same whether it was built now or read back (app/engine/typos.py)."""

import pickle

from app.content.cached import cached
from app.engine.typos import Typos

LEXICON = ["warrant", "lawyer", "itin", "preparer", "deportation", "=taxes"]


def typos(**kwargs):
    words = [w.lstrip("=") for w in LEXICON]
    return Typos(words, no_fuzzy=["taxes"], short_names=["itin"], **kwargs)


class Recorder:
    """A memo that keeps tables in a dict, as the instance cache keeps files."""

    def __init__(self):
        self.kept = {}
        self.built = 0

    def __call__(self, family, key, build):
        if (family, key) not in self.kept:
            self.built += 1
            self.kept[family, key] = pickle.loads(pickle.dumps(build()))
        return self.kept[family, key]


def test_a_kept_table_corrects_exactly_as_a_fresh_one():
    fresh = typos()
    memo = Recorder()
    first = typos(memo=memo)
    again = typos(memo=memo)
    assert memo.built == 1  # the second index read the first one's table
    for token in ["warant", "lawer", "itn", "prepaper", "deportaton", "taxs", "door"]:
        assert fresh.corrections(token) == first.corrections(token) == again.corrections(token)
    assert fresh.corrections("warant") == (frozenset({"warrant"}), True)
    assert fresh.corrections("taxs") == (frozenset(), False)  # "=taxes" forgives nothing


def test_a_different_vocabulary_gets_a_different_table():
    memo = Recorder()
    typos(memo=memo)
    Typos(["warrant", "lawyer"], memo=memo)
    Typos(["warrant", "lawyer"], no_fuzzy=["lawyer"], memo=memo)
    assert memo.built == 3
    assert len({key for _family, key in memo.kept}) == 3


def test_the_instance_cache_rebuilds_a_damaged_file(tmp_path):
    built = []

    def build():
        built.append(1)
        return {"a": ("b",)}

    assert cached(tmp_path, "typos-en", "k1", build) == {"a": ("b",)}
    assert cached(tmp_path, "typos-en", "k1", build) == {"a": ("b",)}
    assert len(built) == 1
    (tmp_path / "typos-en-k1.pickle").write_bytes(b"\x80\x05not a pickle at all")
    assert cached(tmp_path, "typos-en", "k1", build) == {"a": ("b",)}
    assert len(built) == 2
    # A new key replaces the family's old file, and leaves other families alone.
    cached(tmp_path, "typos-es", "k1", build)
    cached(tmp_path, "typos-en", "k2", build)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["typos-en-k2.pickle", "typos-es-k1.pickle"]
