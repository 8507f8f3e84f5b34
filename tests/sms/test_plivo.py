"""POST /sms/plivo: a second gateway with its own signature scheme (V3)."""

from xml.etree import ElementTree

from plivo.utils.signature_v3 import construct_post_url
from plivo.utils.signature_v3 import get_signature_v3

TOKEN = "test-plivo-token"
URL = "http://localhost/sms/plivo"


def sign(params, nonce="12345678901234567890", token=TOKEN, url=URL):
    base = construct_post_url(url, dict(params)).decode()
    return get_signature_v3(token.encode(), base, nonce.encode()).decode(), nonce


def plivo_params(text, uuid="0f9e8d7c-0000-4000-8000-000000000001"):
    return {"From": "15555550123", "To": "15555550100", "Text": text, "Type": "sms", "MessageUUID": uuid}


def test_signed_plivo_message_gets_plivo_xml(sms_client):
    params = plivo_params("what is an ITIN?")
    signature, nonce = sign(params)
    r = sms_client.post(
        "/sms/plivo", data=params,
        headers={"X-Plivo-Signature-V3": signature, "X-Plivo-Signature-V3-Nonce": nonce},
    )
    assert r.status_code == 200
    root = ElementTree.fromstring(r.get_data())
    message = root.find("Message")
    assert message is not None and "ITIN" in message.text
    assert message.get("dst") == "15555550123" and message.get("src") == "15555550100"


def test_bad_plivo_signature_is_refused(sms_client):
    params = plivo_params("hi", uuid="0f9e8d7c-0000-4000-8000-000000000002")
    signature, nonce = sign(params, token="wrong")
    r = sms_client.post(
        "/sms/plivo", data=params,
        headers={"X-Plivo-Signature-V3": signature, "X-Plivo-Signature-V3-Nonce": nonce},
    )
    assert r.status_code == 403
    assert sms_client.post("/sms/plivo", data=params).status_code == 403


def test_same_person_shares_state_across_gateways(sms_client, text):
    text("I need a lawyer")  # via Twilio, +15555550123
    params = plivo_params("60629", uuid="0f9e8d7c-0000-4000-8000-000000000003")
    signature, nonce = sign(params)
    r = sms_client.post(
        "/sms/plivo", data=params,
        headers={"X-Plivo-Signature-V3": signature, "X-Plivo-Signature-V3-Nonce": nonce},
    )
    assert "Illinois" in r.get_data(as_text=True)
