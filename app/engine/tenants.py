"""An organization's widget settings applied to the engine's replies."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from app.content.schema import TenantFile
from app.engine.reply import Referral
from app.engine.reply import Reply
from app.engine.state import State

if TYPE_CHECKING:
    from app.engine.conversation import Engine


def apply_tenant(
    engine: Engine, tenant: TenantFile, reply: Reply, state: State, channel: str
) -> tuple[Reply, State]:
    """Apply an organization's widget settings to a reply: topics it leaves
    out, its greeting, and its own services first in referral lists."""
    from app.engine import conversation  # the engine module imports this one

    excluded = set(tenant.exclude_topics)
    if reply.topic in excluded:
        reply, state = engine._topic_reply(conversation.FALLBACK_TOPIC, state, channel, list(reply.notices))
    if reply.topic == conversation.GREETING_TOPIC and tenant.greeting:
        text = engine.catalogs.lookup(reply.locale, tenant.greeting, f"tenant:{tenant.id}")
        reply = replace(reply, text=text or tenant.greeting)
    if excluded and reply.choices:
        kept = tuple(c for c in reply.choices if c.value not in excluded)
        reply = replace(reply, choices=kept)
        state = replace(state, choices=tuple(c.value for c in kept))
    if reply.referrals and tenant.services:
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
                note=(engine.catalogs.lookup(reply.locale, svc.note, f"tenant:{tenant.id}") or svc.note)
                if svc.note
                else None,
            )
            for svc in tenant.services
        )
        lines = [engine._tr(reply.locale, conversation.OWN_SERVICES, organization=tenant.name)]
        for ref in own:
            bits = [ref.name, ref.note, ref.phone and engine._tr(reply.locale, conversation.PHONE, phone=ref.phone),
                    ref.url and engine._tr(reply.locale, conversation.WEBSITE, url=ref.url)]
            lines.append("- " + " \u2014 ".join(b for b in bits if b))
        reply = replace(
            reply, referrals=own + reply.referrals, text="\n".join(lines) + "\n\n" + reply.text
        )
    return reply, state
