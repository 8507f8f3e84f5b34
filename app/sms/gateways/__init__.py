"""The gateways the bot accepts messages from, by the name in their route
(``POST /sms/<name>``). To add one, write a module like ``twilio.py`` and list
it here with the setting that holds its secret."""

from __future__ import annotations

from app.sms.gateways.plivo import PlivoGateway
from app.sms.gateways.twilio import TwilioGateway

# name -> (adapter class, setting holding its secret)
GATEWAYS = {
    "twilio": (TwilioGateway, "TWILIO_AUTH_TOKEN"),
    "plivo": (PlivoGateway, "PLIVO_AUTH_TOKEN"),
}
