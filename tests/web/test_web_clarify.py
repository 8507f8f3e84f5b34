"""The `clarify` reply in the API, the page without JavaScript, the widget and
the OpenAPI document: when two topics are close, the bot asks which one is
meant, the candidates first, and picking one answers it."""

import re

AMBIGUOUS = "detained refund"  # a held-up refund, or a detained person?


def test_api_asks_with_the_candidates_first_then_the_menu(client):
    body = client.post("/api/v1/messages", json={"text": AMBIGUOUS, "locale": "en"}).get_json()
    assert body["topic"] == "clarify"
    values = [c["value"] for c in body["choices"]]
    assert values[:2] == ["detained", "taxpayer-advocate"]  # the urgent one first
    assert values[-1] == "menu"
    assert "Which of these" in body["text"]
    assert not body["sources"]


def test_picking_a_candidate_answers_it(client):
    first = client.post("/api/v1/messages", json={"text": AMBIGUOUS, "locale": "en"}).get_json()
    by_value = client.post(
        "/api/v1/messages", json={"text": "taxpayer-advocate", "session": first["session"]}
    ).get_json()
    assert by_value["topic"] == "taxpayer-advocate" and by_value["sources"]
    again = client.post("/api/v1/messages", json={"text": AMBIGUOUS, "session": first["session"]}).get_json()
    assert again["topic"] == "clarify"
    by_number = client.post("/api/v1/messages", json={"text": "1", "session": first["session"]}).get_json()
    assert by_number["topic"] == "detained"


def test_the_page_without_javascript_offers_the_candidates_as_buttons(client):
    page = client.post("/", data={"text": AMBIGUOUS, "locale": "en"}).get_data(as_text=True)
    buttons = re.findall(r'<button type="submit" name="text" value="([^"]+)" class="choice">', page)
    assert buttons[:2] == ["detained", "taxpayer-advocate"]
    session = re.search(r'name="session" value="([^"]+)"', page).group(1)
    answered = client.post("/", data={"text": "taxpayer-advocate", "session": session, "locale": "en"})
    assert "Taxpayer Advocate" in answered.get_data(as_text=True)


def test_the_widget_asks_the_same_way(client):
    body = client.post("/widget/demo/messages", json={"text": AMBIGUOUS, "locale": "en"}).get_json()
    assert body["topic"] == "clarify"
    assert [c["value"] for c in body["choices"]][:2] == ["detained", "taxpayer-advocate"]


def test_clarify_is_in_the_openapi_contract(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    topic = spec["components"]["schemas"]["Reply"]["properties"]["topic"]
    assert "clarify" in topic["enum"] and None in topic["enum"]
    assert "clarify" in topic["description"]
