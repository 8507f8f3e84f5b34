"""The legal-help flow: ask for a ZIP code, state or city (or skip), then
list the organizations that serve that place and the national ones, narrowed
by the kind of help asked for (tax, immigration, detention). Like an answer,
the list carries its review date (the directory's) and its sources (the pages
that confirm each listed detail)."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING
from typing import Sequence

from app.engine.flows.choices import CHOICE_SKIP
from app.engine.answers import REVIEWED
from app.engine.i18n import N_
from app.engine.i18n import format_day
from app.engine.referrals import KINDS
from app.engine.referrals import Place
from app.engine.referrals import Places
from app.engine.referrals import select
from app.engine.reply import Choice
from app.engine.reply import Notice
from app.engine.reply import Referral
from app.engine.reply import Reply
from app.engine.reply import SourceRef
from app.engine.state import State
from app.engine.topics import FALLBACK_TOPIC
from app.engine.topics import MENU_TOPIC
from app.engine.topics import REFERRAL_TOPIC

if TYPE_CHECKING:
    from app.content.bundle import Bundle
    from app.content.schema import Organization
    from app.engine.matching import Matcher

MAX_RETRIES = 2
ASK_LOCATION_AGAIN = N_(
    "Please send a 5-digit US ZIP code (for example 60629) or the name of your "
    "state. Or reply \u201cskip\u201d to see national resources."
)
BAD_ZIP = N_("I could not find the ZIP code {zip}.")
LOCAL_HEADING = N_("Organizations that serve {place}:")
NO_LOCAL = N_("I do not have a local organization for {place} yet.")
NATIONAL_HEADING = N_("National resources (anywhere in the US):")
PHONE = N_("Phone: {phone}")
WEBSITE = N_("Website: {url}")
HOURS = N_("Hours: {hours}")
UNCONFIRMED = N_("(not yet confirmed)")
SKIP_LABEL = N_("Skip: national resources")
FILTER_LABELS = {
    "tax": N_("Only tax problems"),
    "immigration": N_("Only immigration"),
    "detention": N_("Only detention"),
}
# Concepts (content/vocab) that tell which kind of legal help someone asks for:
# "I need an immigration lawyer" narrows the referral list to immigration.
KIND_CONCEPTS = {
    "detention": ("detained",),
    "immigration": ("ice",),
    "tax": ("taxes", "irs"),
}


class ReferralFlow:
    """Mixin of :class:`app.engine.engine.Engine`."""

    bundle: Bundle
    matcher: Matcher
    places: Places
    default_locale: str

    def _place_in(self, state: State) -> Place | None:
        code = state.slot("state")
        return Place(code) if code else None

    def _start_referral(
        self,
        state: State,
        notices: list[Notice],
        place: Place | None,
        kind: str | None,
    ) -> tuple[Reply, State]:
        if place is not None:
            return self._list_referrals(state, notices, place, kind)
        reply, state = self._topic_reply(REFERRAL_TOPIC, state, notices)
        skip = Choice(self._tr(state.locale, SKIP_LABEL), CHOICE_SKIP)
        reply = replace(reply, choices=(skip,))
        state = replace(state, awaiting="location", retries=0, choices=(CHOICE_SKIP,), offer=None)
        return reply, state.with_slots(kind=kind)

    def _location_answer(
        self, text: str, norm: str, state: State, notices: list[Notice]
    ) -> tuple[Reply, State] | None:
        place, bad_zip = self.places.find(text, whole_code=True, cities=True)
        if place is not None:
            return self._list_referrals(state, notices, place, state.slot("kind"))
        locale = state.locale or self.default_locale
        if "skip" in self.matcher.concepts(text, locale):
            return self._list_referrals(state, notices, None, state.slot("kind"))
        if bad_zip is None:
            decision = self.matcher.decide(text, locale)
            if decision.kind != "none" and decision.topic != REFERRAL_TOPIC:
                state = replace(state, awaiting=None, retries=0)
                return self._act_on(decision, text, state, notices)
            if state.retries >= MAX_RETRIES:
                state = replace(state, awaiting=None, retries=0)
                return self._topic_reply(FALLBACK_TOPIC, state, notices)
        parts = []
        if bad_zip:
            parts.append(self._tr(locale, BAD_ZIP, zip=bad_zip))
        parts.append(self._tr(locale, ASK_LOCATION_AGAIN))
        skip = Choice(self._tr(locale, SKIP_LABEL), CHOICE_SKIP)
        reply = Reply(
            locale=locale,
            topic=REFERRAL_TOPIC,
            text="\n\n".join(parts),
            choices=(skip,),
            notices=tuple(notices),
        )
        return reply, replace(
            state, retries=state.retries + 1, choices=(CHOICE_SKIP,), offer=None
        )

    def _list_referrals(
        self,
        state: State,
        notices: list[Notice],
        place: Place | None,
        kind: str | None,
    ) -> tuple[Reply, State]:
        locale = state.locale or self.default_locale
        local, national = select(self.bundle.organizations, place, kind)
        if not national and kind is not None:
            _, national = select(self.bundle.organizations, place, None)
        long_lines: list[str] = []
        short_lines: list[str] = []

        def both(line: str) -> None:
            long_lines.append(line)
            short_lines.append(line)

        if place is not None:
            where = self.places.name(place.state, locale)
            if place.zip5:
                where = f"{where} ({place.zip5})"
            if local:
                both(self._tr(locale, LOCAL_HEADING, place=where))
                long_lines.extend(self._org_line(org, locale) for org in local)
                short_lines.extend(self._org_line_short(org, locale) for org in local)
            else:
                both(self._tr(locale, NO_LOCAL, place=where))
            both("")
        both(self._tr(locale, NATIONAL_HEADING))
        long_lines.extend(self._org_line(org, locale) for org in national)
        short_lines.extend(self._org_line_short(org, locale) for org in national)
        referrals = tuple(
            [self._referral(org, "local", locale) for org in local]
            + [self._referral(org, "national", locale) for org in national]
        )
        choices = [
            Choice(self._tr(locale, FILTER_LABELS[k]), f"help:{k}")
            for k in KINDS
            if k != kind
        ]
        choices.append(Choice(self._title(MENU_TOPIC, locale), MENU_TOPIC))
        listed = (*local, *national)
        reviewed = min(self.bundle.org_reviewed[org.id] for org in listed)
        footer = self._tr(locale, REVIEWED, date=format_day(reviewed, locale))
        reply = Reply(
            locale=locale,
            topic=REFERRAL_TOPIC,
            text="\n".join(long_lines).strip() + "\n\n" + footer,
            sources=self._org_sources(listed),
            choices=tuple(choices),
            referrals=referrals,
            notices=tuple(notices),
            reviewed=reviewed,
            short="\n".join(short_lines).strip() + "\n\n" + footer,
        )
        state = replace(
            state,
            topic=REFERRAL_TOPIC,
            awaiting=None,
            retries=0,
            choices=tuple(c.value for c in choices),
            offer=None,
        ).with_slots(state=place.state if place else None, kind=kind, listed="1", view=None)
        return reply, state

    def _org_sources(self, listed: Sequence[Organization]) -> tuple[SourceRef, ...]:
        """The pages that confirm the listed organizations' details, each once."""
        seen: dict[str, SourceRef] = {}
        for org in listed:
            for sid in org.contact_sources.model_dump().values():
                if sid is not None:
                    src = self.bundle.sources[sid]
                    seen.setdefault(src.url, SourceRef(src.title, src.url))
        return tuple(seen.values())

    def _org_text(self, org: Organization, locale: str) -> str | None:
        if not org.note:
            return None
        return self.catalogs.lookup(locale, org.note, "directory") or org.note

    def _org_line_short(self, org: Organization, locale: str) -> str:
        caveat = self._tr(locale, UNCONFIRMED)

        def shown(detail: str, value: str | None) -> str | None:
            return f"{value} {caveat}" if value and detail in org.unconfirmed else value

        name = shown("name", org.name)
        return "- " + " ".join(
            b for b in (name + ":", shown("phone", org.phone), shown("url", org.url)) if b
        )

    def _org_line(self, org: Organization, locale: str) -> str:
        caveat = self._tr(locale, UNCONFIRMED)

        def shown(detail: str, value: str) -> str:
            return f"{value} {caveat}" if detail in org.unconfirmed else value

        bits = [shown("name", org.name)]
        note = self._org_text(org, locale)
        if note:
            bits.append(note)
        if org.phone:
            bits.append(shown("phone", self._tr(locale, PHONE, phone=org.phone)))
        if org.url:
            bits.append(shown("url", self._tr(locale, WEBSITE, url=org.url)))
        if org.hours:
            bits.append(shown("hours", self._tr(locale, HOURS, hours=org.hours)))
        return "- " + " \u2014 ".join(bits)

    def _referral(self, org: Organization, scope: str, locale: str) -> Referral:
        return Referral(
            id=org.id,
            name=org.name,
            scope=scope,
            helps_with=tuple(org.helps_with),
            languages=tuple(org.languages),
            url=org.url,
            phone=org.phone,
            hours=org.hours,
            note=self._org_text(org, locale),
            unconfirmed=tuple(org.unconfirmed),
        )
