"""An organization's widget settings, applied to the engine's replies from
outside: the topics it leaves out, its greeting, and its own services first
in referral lists. The engine knows nothing of organizations."""

from __future__ import annotations

from dataclasses import replace

from app.content.schema import TenantFile
from app.engine import Engine
from app.engine.flows.referral import PHONE
from app.engine.flows.referral import WEBSITE
from app.engine.i18n import N_
from app.engine.reply import Referral
from app.engine.reply import Reply
from app.engine.state import State
from app.engine.topics import FALLBACK_TOPIC
from app.engine.topics import GREETING_TOPIC

OWN_SERVICES = N_("{organization} can help:")


def overlay(engine: Engine, tenant: TenantFile):
    """The tenant's overlay as :meth:`app.conversations.Conversations.handle` takes it."""

    def apply(reply: Reply, state: State) -> tuple[Reply, State]:
        return apply_tenant(engine, tenant, reply, state)

    return apply


def apply_tenant(
    engine: Engine, tenant: TenantFile, reply: Reply, state: State
) -> tuple[Reply, State]:
    """Apply an organization's widget settings to a reply."""
    excluded = set(tenant.exclude_topics)
    if reply.topic in excluded:
        reply, state = engine.topic_reply(FALLBACK_TOPIC, state, reply.notices)
    if reply.topic == GREETING_TOPIC and tenant.greeting:
        text = engine.catalogs.lookup(reply.locale, tenant.greeting, f"tenant:{tenant.id}")
        reply = replace(reply, text=text or tenant.greeting)
    if excluded and reply.choices:
        kept = tuple(c for c in reply.choices if c.value not in excluded)
        reply = replace(reply, choices=kept)
        state = replace(state, choices=tuple(c.value for c in kept))
    if reply.referrals and tenant.services:
        reply = _with_own_services(engine, tenant, reply)
    return reply, state


def _with_own_services(engine: Engine, tenant: TenantFile, reply: Reply) -> Reply:
    def tr(message: str, **values: str) -> str:
        return engine.catalogs.tr(reply.locale, message, **values)

    context = f"tenant:{tenant.id}"
    own = tuple(
        Referral(
            id=svc.id,
            name=svc.name,
            scope="organization",
            helps_with=tuple(svc.helps_with),
            languages=tuple(svc.languages),
            url=svc.url,
            phone=svc.phone,
            hours=svc.hours,
            note=(engine.catalogs.lookup(reply.locale, svc.note, context) or svc.note)
            if svc.note
            else None,
        )
        for svc in tenant.services
    )
    lines = [tr(OWN_SERVICES, organization=tenant.name)]
    for ref in own:
        bits = [
            ref.name,
            ref.note,
            ref.phone and tr(PHONE, phone=ref.phone),
            ref.url and tr(WEBSITE, url=ref.url),
        ]
        lines.append("- " + " \u2014 ".join(b for b in bits if b))
    return replace(
        reply, referrals=own + reply.referrals, text="\n".join(lines) + "\n\n" + reply.text
    )
