"""The WhatsApp channel: Meta's Cloud API (``meta.py``, route ``/whatsapp/meta``)
and WhatsApp through Twilio (``twilio.py``; messages arrive at ``/sms/twilio``),
the rendering (``render.py``), the keyword layer reused from SMS
(``service.py``) and the background sender (``sender.py``). Everything but
``routes.py`` is free of Flask."""
