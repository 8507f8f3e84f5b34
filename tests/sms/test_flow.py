"""A whole SMS conversation by numbered replies only, and reply sizes."""

from app.engine import Inbound
from app.engine import State
from app.sms.segments import count_segments


def test_referral_flow_by_numbered_replies_only(text):
    menu = text("menu")[0]
    number = next(line.split(")")[0] for line in menu.splitlines() if "legal help" in line.lower())
    ask = text(number)[0]
    assert "ZIP" in ask
    listed = text("60629")[0]
    assert "Illinois" in listed
    assert "MORE" in listed
    rest = text("MORE")[0]
    assert "1)" in rest or "MORE" in rest
    for reply in (menu, ask, listed, rest):
        assert count_segments(reply).segments <= 3


def test_every_reply_the_knowledge_base_can_produce_fits_three_segments(engine):
    """Every topic, every locale, every part; plus referral lists for every state."""
    from app.sms.render import pages

    too_long = []

    def check(reply, label):
        parts = pages(reply, lambda m: engine.catalogs.tr(reply.locale, m))
        assert len(parts) < 20
        for number, part in enumerate(parts):
            if count_segments(part).segments > 3:
                too_long.append((label, number, count_segments(part)))

    for locale in engine.locales:
        for topic in engine.bundle.answers:
            state = State(locale=locale, locale_chosen=True)
            reply, _ = engine.respond(Inbound(topic, "sms"), state)
            check(reply, (locale, topic))
        for code in engine.bundle.states:
            state = State(locale=locale, locale_chosen=True, awaiting="location")
            reply, _ = engine.respond(Inbound(code, "sms"), state)
            check(reply, (locale, code))
    assert not too_long, too_long[:5]


def test_gsm7_transliteration_only_when_it_saves_segments():
    from app.sms.render import fit

    short = "Sí, aquí está."
    assert fit(short, "es") == short  # one segment either way: keep the accents
    long = "Información " * 20
    assert fit(long, "es").startswith("Informacion")
    assert fit(long, "vi") == long  # never for Vietnamese
