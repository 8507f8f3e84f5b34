"""No labelled message gets a harmful reply: an urgent answer ("call 911",
"don't open the door") to a question that is not urgent, or an ordinary
answer to an emergency. Every set we keep is asked as a new person asks,
with no language hint: our phrasings, the real-world sets and the blind
check set (a set we never tune on still may not regress into harm)."""

from pathlib import Path

from app.cli import scoring

TESTS = Path(__file__).resolve().parents[1]
SETS = [TESTS / "eval", TESTS / "realworld", TESTS / "checkset"]


def test_no_reply_is_harmful_on_any_labelled_set(engine):
    cases = scoring.load_cases(SETS)
    assert len(cases) > 3000
    report = scoring.evaluate(engine, cases, hint=False)
    harmful = [f"{o.case.source}: {o.case.text!r} got {o.topic}" for o in report.outcomes if o.harmful]
    assert report.total.cases == len(cases)
    assert harmful == []
