"""How answers open (issue 14): the question first, then a direct answer that
makes sense without it; never a bare "yes", "no", "mostly yes" or "it"."""

import re

import pytest

BARE_OPENINGS = re.compile(
    r"^(yes|no|mostly yes|mostly no|generally (yes|no)|usually (yes|no)|it|it is|it's)\b",
    re.IGNORECASE,
)
# Informational meta answers show a question too; navigation replies do not.
QUESTION_TOPICS_META = {"chat-privacy", "about", "human"}


def first_sentence(text: str) -> str:
    return re.split(r"(?<=[.!?:])\s", text.strip(), maxsplit=1)[0]


def test_every_answer_opens_with_something_other_than_a_bare_yes_no_or_it(engine):
    bad = []
    for topic, answer in engine.bundle.answers.items():
        opening = first_sentence(answer.text)
        if BARE_OPENINGS.match(opening):
            bad.append((topic, opening))
    assert not bad, bad


@pytest.mark.parametrize("topic", ["tax-privacy-basics", "irs-ice-agreement", "preparer-privacy"])
def test_the_direct_answer_is_one_or_two_sentences(engine, topic):
    answer = engine.bundle.answers[topic]
    summary = answer.text.strip().split("\n\n")[0]
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", summary) if s]
    assert 1 <= len(sentences) <= 2, summary


def test_every_content_answer_shows_its_question_first(engine):
    for topic, kind in engine.bundle.topics.items():
        if kind != "content" and topic not in QUESTION_TOPICS_META:
            continue
        answer = engine.bundle.answers[topic]
        assert answer.question, topic
        reply, _ = engine.topic_reply(topic, __import__("app.engine", fromlist=["State"]).State(locale="en"))
        assert reply.heading == answer.question
        assert reply.to_api("s" * 16)["text"].startswith(answer.question)


def test_the_page_folds_the_details_behind_read_more(client):
    html = client.post("/", data={"text": "what is an ITIN?", "locale": "en"}).get_data(as_text=True)
    assert '<h2 class="answer-question">What is an ITIN' in html
    details = html.index('<details class="answer-details">')
    assert html.index("<summary>Read more</summary>") > details
    assert html.index("Last reviewed:") > html.index("</details>")  # the date stays on the first screen
    assert html.index('<p class="sources-title">') > details  # sources fold with the details


