"""The pattern gate skips only patterns that could not have matched.

``required_prefixes`` reads the literal starts a regular expression cannot
match without; ``PatternGate`` uses them to skip most of the vocabularies'
``re:`` triggers on a text. A wrong start would silently drop a match, so
the tests check the claim itself: on real messages and on generated ones,
every match of every content pattern begins with one of its starts, and the
gate keeps every pattern that matches.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from app.engine.literals import PatternGate
from app.engine.literals import required_literals
from app.engine.literals import required_prefixes
from app.engine.normalize import normalize

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "source, starts",
    [
        (r"(?<!\bmon )\bkien\b", {"kien"}),
        (r"\ba la porte\b(?! de)", {"a la porte"}),
        (r"(?:ka |kapab )(?:we|li)\b", {"ka we", "ka li", "kapab we", "kapab li"}),
        (r"[wf]?(?:la|ma)\s", {"la", "ma", "wla", "wma", "fla", "fma"}),
        (r"(ab)?c", {"abc", "c"}),
        (r"ab+c", {"ab"}),  # the repeat ends the literal start
        (r"x\d+", {"x"}),
    ],
)
def test_literal_starts_are_read_from_the_pattern(source, starts):
    assert required_prefixes(re.compile(source)) == starts


@pytest.mark.parametrize(
    "source",
    [
        r"\S*x",  # may start with anything
        r"[a-z]bc",  # a range
        r"(?i)kien",  # case-blind: "KIEN" matches without "kien"
        r"(?i:ab)c",
        r"(\w)?c",  # may start with "c" or with any letter
        r"a|\d",
    ],
)
def test_no_gate_when_a_match_can_start_with_anything(source):
    assert required_prefixes(re.compile(source)) is None


@pytest.mark.parametrize(
    "source, inside",
    [
        (r"^\s*(la |ver la )?lista\s*$", {"lista"}),  # a leading run, then an optional part
        (r"\b\w*gamit\w*\b", {"gamit"}),
        (r"\S*x", {"x"}),
        (r"^\s*(ok|okay)?\s*(gracias|thanks)", {"gracias", "thanks"}),
        (r"\bkien\b", {"kien"}),  # with literal starts, those
    ],
)
def test_literals_inside_every_match_are_read_past_a_leading_run(source, inside):
    assert required_literals(re.compile(source)) == inside


@pytest.mark.parametrize("source", [r"a|\d", r"^\s*\w+$", r"[a-z]bc"])
def test_no_literal_when_a_match_may_hold_none(source):
    assert required_literals(re.compile(source)) is None


def content_patterns() -> list[re.Pattern[str]]:
    """Every ``re:`` trigger of the shipped vocabularies."""
    found: dict[str, re.Pattern[str]] = {}

    def walk(node):
        if isinstance(node, str) and node.startswith("re:"):
            found.setdefault(node, re.compile(node[3:]))
        elif isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for path in sorted((ROOT / "content").rglob("*.yaml")):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return list(found.values())


PATTERNS = content_patterns()


def real_messages() -> list[str]:
    """Every labelled message we keep, normalized (read as `kyrbot eval` reads them)."""
    from app.cli.scoring import load_cases

    folders = [ROOT / "tests" / name for name in ("eval", "realworld", "checkset")]
    return [normalize(case.text) for case in load_cases(folders)]


def test_the_content_has_patterns_and_most_are_gated():
    gate = PatternGate(PATTERNS)
    assert len(PATTERNS) > 200
    assert gate.gated() > 0.75 * len(PATTERNS)


def test_on_real_messages_the_gate_keeps_every_pattern_that_matches():
    gate = PatternGate(PATTERNS)
    texts = real_messages()
    assert len(texts) > 1000
    matched = 0
    for text in texts:
        kept = set(gate.worth_running(text))
        for n, pattern in enumerate(PATTERNS):
            found = [m.start() for m in pattern.finditer(text)]
            if not found:
                continue
            matched += 1
            assert n in kept, (pattern.pattern, text)
            starts = required_prefixes(pattern)
            for at in found:
                assert starts is None or any(text.startswith(s, at) for s in starts), (pattern.pattern, text)
            inside = required_literals(pattern)
            for match in pattern.finditer(text):
                assert inside is None or any(s in match.group(0) for s in inside), (pattern.pattern, text)
    assert matched > 300  # the check saw many real matches, not none


def fragments(pattern: re.Pattern[str]) -> list[str]:
    """Pieces a matching text is likely built of: its literal runs and starts."""
    pieces = [p for p in re.split(r"[\\()\[\]?*+|{}^$.!<=:]+", pattern.pattern) if p]
    return pieces + sorted(required_literals(pattern) or ()) + [" ", "s", "w"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_on_generated_texts_every_match_begins_with_a_literal_start(data):
    pattern = data.draw(st.sampled_from([p for p in PATTERNS if required_literals(p)]))
    text = "".join(data.draw(st.lists(st.sampled_from(fragments(pattern)), max_size=12)))
    starts = required_prefixes(pattern)
    inside = required_literals(pattern)
    for found in pattern.finditer(text):
        assert starts is None or any(text.startswith(s, found.start()) for s in starts), (pattern.pattern, text)
        assert any(s in found.group(0) for s in inside), (pattern.pattern, text)
    if pattern.search(text):
        assert PATTERNS.index(pattern) in PatternGate(PATTERNS).worth_running(text)


def test_the_gate_keeps_each_chunks_keys_and_reads_keys_with_a_space_whole(monkeypatch):
    import app.engine.literals as literals

    patterns = [re.compile(r"\bno se\b"), re.compile(r"\bitin\b"), re.compile(r"\bdetain")]
    # Only the chunks ``keep`` allows are remembered (the index allows dictionary words).
    gate = PatternGate(patterns, keep=lambda chunk: chunk != "marisol")
    assert gate.worth_running("yo no se nada") == [0]  # a start with a space, across two words
    assert gate.worth_running("mi itin marisol") == [1]
    assert "itin" in gate._chunk_keys and "marisol" not in gate._chunk_keys
    assert gate.worth_running("mi itin") == [1]  # again, from the chunks kept
    assert PatternGate(patterns).worth_running("mi itin") == [1] and not PatternGate(patterns)._chunk_keys
    monkeypatch.setattr(literals, "CHUNK_MEMO_SIZE", 2)
    assert gate.worth_running("they detained him and the itin") == [1, 2]
    assert len(gate._chunk_keys) <= 2  # emptied when full, not grown
