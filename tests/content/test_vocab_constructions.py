"""Constructions the shipped vocabularies read one way and not another:
checked on the real content, by the concepts a message yields."""

import pytest


@pytest.mark.parametrize(
    "text, locale",
    [
        ("debo como 3 mil y no se a quien acudir", "es"),
        ("devo uns 1500 pro IRS", "pt"),
        ("je dois encore 800 aux impots", "fr"),
    ],
)
def test_a_must_verb_before_an_amount_is_a_debt_not_a_should(engine, text, locale):
    # "debo" is "I must" and "I owe": before an amount it is the debt.
    found = engine.matcher.concepts(text, locale)
    assert "problem" in found
    assert "should" not in found


@pytest.mark.parametrize(
    "text, locale",
    [("debo declarar este año?", "es"), ("devo declarar esse ano?", "pt"), ("je dois déclarer cette année ?", "fr")],
)
def test_the_same_verb_before_a_verb_still_asks_should(engine, text, locale):
    found = engine.matcher.concepts(text, locale)
    assert "should" in found
    assert "problem" not in found
