"""POST /sms/twilio: signatures, TwiML, de-duplication, keywords."""

from xml.etree import ElementTree


def messages(response):
    return [m.text or "" for m in ElementTree.fromstring(response.get_data()).iter("Message")]


def test_valid_signature_gets_twiml(sms_client, twilio):
    params = twilio.params("what is an ITIN?")
    r = sms_client.post("/sms/twilio", data=params, headers={"X-Twilio-Signature": twilio.sign(params)})
    assert r.status_code == 200
    assert r.mimetype == "application/xml"
    body = messages(r)
    assert len(body) == 1 and "ITIN" in body[0]


def test_tampered_body_is_refused(sms_client, twilio):
    params = twilio.params("what is an ITIN?")
    signature = twilio.sign(params)
    params["Body"] = "something else"
    r = sms_client.post("/sms/twilio", data=params, headers={"X-Twilio-Signature": signature})
    assert r.status_code == 403


def test_added_parameter_is_refused(sms_client, twilio):
    params = twilio.params("hi")
    signature = twilio.sign(params)
    params["Extra"] = "1"
    assert sms_client.post("/sms/twilio", data=params, headers={"X-Twilio-Signature": signature}).status_code == 403


def test_wrong_or_missing_signature_is_refused(sms_client, twilio):
    params = twilio.params("hi")
    wrong = twilio.sign(params, token="another-token")
    assert sms_client.post("/sms/twilio", data=params, headers={"X-Twilio-Signature": wrong}).status_code == 403
    assert sms_client.post("/sms/twilio", data=params).status_code == 403


def test_without_a_token_every_request_is_refused(app_factory, twilio):
    client = app_factory(TWILIO_AUTH_TOKEN="").test_client()
    params = twilio.params("hi")
    r = client.post("/sms/twilio", data=params, headers={"X-Twilio-Signature": twilio.sign(params)})
    assert r.status_code == 403


def test_token_from_the_environment(monkeypatch, app_factory, twilio):
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", "env-token")
    client = app_factory().test_client()
    params = twilio.params("hi")
    r = client.post(
        "/sms/twilio", data=params, headers={"X-Twilio-Signature": twilio.sign(params, token="env-token")}
    )
    assert r.status_code == 200


def test_signature_uses_the_public_url_behind_a_proxy(app_factory, twilio):
    client = app_factory(TWILIO_AUTH_TOKEN="tok", PUBLIC_BASE_URL="https://bot.example.org").test_client()
    params = twilio.params("hi")
    public = twilio.sign(params, url="https://bot.example.org/sms/twilio", token="tok")
    internal = twilio.sign(params, url="http://localhost/sms/twilio", token="tok")
    assert client.post("/sms/twilio", data=params, headers={"X-Twilio-Signature": public}).status_code == 200
    params2 = twilio.params("hi")
    internal = twilio.sign(params2, url="http://localhost/sms/twilio", token="tok")
    assert client.post("/sms/twilio", data=params2, headers={"X-Twilio-Signature": internal}).status_code == 403


def test_repeated_message_sid_gets_no_second_answer(sms_client, twilio):
    params = twilio.params("what is an ITIN?")
    headers = {"X-Twilio-Signature": twilio.sign(params)}
    first = sms_client.post("/sms/twilio", data=params, headers=headers)
    again = sms_client.post("/sms/twilio", data=params, headers=headers)
    assert messages(first) and messages(again) == []
    assert again.status_code == 200


def test_missing_body_is_answered_empty(sms_client, twilio):
    params = twilio.params("x")
    del params["Body"]
    r = sms_client.post("/sms/twilio", data=params, headers={"X-Twilio-Signature": twilio.sign(params)})
    assert r.status_code == 200 and messages(r) == []


def test_unknown_gateway_is_404(sms_client):
    assert sms_client.post("/sms/nope", data={"a": "b"}).status_code == 404
