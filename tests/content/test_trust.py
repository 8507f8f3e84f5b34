"""What readers are told about how far to trust an answer (issue 13):
translation review status, unconfirmed directory details, a local entry for
every state, and review dates."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml

from app.build import build_engine
from app.config import load_settings
from app.engine import Inbound
from app.engine import State
from app.engine.referrals import Place
from app.engine.referrals import select
from app.errors import ContentError
from app.sms.render import pages

ROOT = Path(__file__).resolve().parents[2]
US_STATES = (
    "AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM "
    "NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY"
).split()


@pytest.mark.parametrize("code", [*US_STATES, "DC", "PR"])
def test_every_state_dc_and_puerto_rico_has_a_local_entry(engine, code):
    local, _national = select(engine.bundle.organizations, Place(code), None)
    assert local, f"{code}: no statewide legal-aid or immigration entry"
    for org in local:
        assert org.contact_sources.url or org.contact_sources.phone, org.id


def test_unconfirmed_details_carry_a_caveat_on_every_channel(engine):
    unconfirmed = [o for o in engine.bundle.organizations if o.unconfirmed]
    assert unconfirmed, "the directory marks some details as unconfirmed"
    org = next(o for o in unconfirmed if not o.serves.national)
    state = State(locale="en", awaiting="location")
    reply, _ = engine.respond(Inbound(org.serves.states[0], "web"), state)
    line = next(x for x in reply.text.splitlines() if x.startswith(f"- {org.name}"))
    assert "(not yet confirmed)" in line
    referral = next(r for r in reply.referrals if r.id == org.id)
    assert referral.to_dict()["unconfirmed"] == list(org.unconfirmed)
    sms = "\n".join(pages(reply, lambda m: m))
    assert any(org.name in x and "(not yet confirmed)" in x for x in sms.splitlines())
    # The Taxpayer Advocate phone number keeps its caveat by SMS too.
    tas = next(o for o in engine.bundle.organizations if o.id == "taxpayer-advocate-service")
    assert "phone" in tas.unconfirmed
    reply, _ = engine.respond(Inbound("skip", "sms"), state)
    assert f"{tas.phone} (not yet confirmed)" in reply.short


def test_editor_notes_never_reach_readers(engine):
    notes = [o.editor_note for o in engine.bundle.organizations if o.editor_note]
    assert notes
    for code in [*US_STATES, "DC", "PR"]:
        reply, _ = engine.respond(Inbound(code, "web"), State(locale="en", awaiting="location"))
        shown = reply.text + (reply.short or "") + str([r.to_dict() for r in reply.referrals])
        assert not any(note in shown for note in notes), code


def test_an_automatic_translation_is_noted_with_a_way_to_read_the_english(engine):
    reply, state = engine.respond(Inbound("¿qué es un ITIN?", locale="es"), State())
    assert reply.topic == "itin"
    notice = next(n for n in reply.notices if n.code == "translation-unreviewed")
    assert notice.message != "Automatic translation, not yet checked by a legal-aid reviewer."
    english = [c for c in reply.choices if c.value == "english:itin"]
    assert english
    reply, after = engine.respond(Inbound("english:itin"), state)
    assert reply.topic == "itin" and reply.locale == "en"
    assert reply.text.startswith(engine.bundle.answers["itin"].text.strip().split("\n")[0])
    assert after.locale == "es"  # the conversation keeps its language


def _tmp_engine(tmp_path, reviews):
    translations = tmp_path / "translations"
    shutil.copytree(ROOT / "translations", translations)
    (translations / "es" / "reviews.yaml").write_text(yaml.safe_dump(reviews), encoding="utf-8")
    settings = load_settings({"TRANSLATIONS_DIR": str(translations), "LOCALES": ["en", "es"],
                              "STATE_STORE": "memory"})
    return build_engine(settings, tmp_path)


def test_a_review_shows_only_while_the_translation_reads_as_checked(tmp_path):
    from app.i18n.catalogs import catalog_fingerprints

    prints = catalog_fingerprints(ROOT / "translations", ["es"], ["itin"])["es"]
    review = {"topic": "itin", "reviewer": "A. Reviewer, Example Legal Aid", "role": "attorney",
              "date": dt.date(2026, 12, 1), "fingerprint": prints["itin"]}
    engine = _tmp_engine(tmp_path, {"version": 1, "reviews": [review]})
    reply, _ = engine.respond(Inbound("¿qué es un ITIN?", locale="es"), State())
    codes = {n.code for n in reply.notices}
    assert "translation-reviewed" in codes and "translation-unreviewed" not in codes
    assert not any(c.value.startswith("english:") for c in reply.choices)

    stale = {**review, "fingerprint": "000000000000"}  # the translation changed since
    engine = _tmp_engine(tmp_path / "b", {"version": 1, "reviews": [stale]})
    reply, _ = engine.respond(Inbound("¿qué es un ITIN?", locale="es"), State())
    assert "translation-unreviewed" in {n.code for n in reply.notices}


def test_a_bad_reviews_file_stops_start_up(tmp_path):
    bad = {"version": 1, "reviews": [{"topic": "itin", "reviewer": "X", "role": "cousin",
                                      "date": "2026-12-01", "fingerprint": "abc"}]}
    with pytest.raises(ContentError, match="role must be one of"):
        _tmp_engine(tmp_path, bad)


def test_i18n_status_lists_every_answer(tmp_path):
    import subprocess
    import sys

    r = subprocess.run([sys.executable, "-m", "app.cli", "i18n", "status"], cwd=ROOT,
                       capture_output=True, text=True, timeout=120)
    lines = r.stdout.splitlines()
    assert any(line.startswith("itin ") and "auto" in line for line in lines), r.stdout
    assert any(line.startswith("detained ") for line in lines)


def test_about_json_lists_review_dates_and_translation_status(client):
    data = client.get("/about.json").get_json()
    assert data["answers"]["itin"]["reviewed"] and data["answers"]["itin"]["review_by"]
    assert data["translations"]["es"]["answers"]["itin"] == {"reviewed": False}
    assert "pending" in data["translations"]["es"]["catalog"]


def test_validate_reports_reviews_due_within_30_days(content_copy):
    from app.content import load_bundle

    soon = dt.date.today() + dt.timedelta(days=10)
    path = content_copy / "answers" / "itin.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("review_by:")
    end = text.index("\n", start)
    path.write_text(text[:start] + f"review_by: {soon.isoformat()}" + text[end:], encoding="utf-8")
    bundle = load_bundle(content_copy, ["en"])
    assert any("review due on" in w and "'itin'" in w for w in bundle.warnings)
