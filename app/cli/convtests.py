"""Conversation tests: YAML transcripts of what a person says and what the bot
must answer (topic, fragments of text, referrals), run against the real core.

```yaml
conversations:
  - name: a lawyer in Chicago
    locale: en            # optional: the locale the person starts in
    channel: web          # optional: web (default) or sms
    turns:
      - say: I need a lawyer
        topic: find-legal-help
        contains: [ZIP code]
      - say: "60629"
        contains: [Illinois, National resources]
        referrals: at least 2
```

Other checks a turn may make: ``not_contains``, ``sources: at least 1``,
``notices: [code]``, ``choices: [first, values, in, order]``, ``offers:
[values, anywhere, among, the, choices]``, ``reviewed: true`` (the reply shows
a review date) and ``reply_locale: es``. Text checks read the whole reply,
the question it answers included.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from typing import Iterable

import yaml

from app.conversations import Conversations
from app.engine import Inbound
from app.engine import new_session_id


@dataclass(frozen=True)
class Conversation:
    name: str
    turns: tuple[dict[str, Any], ...]
    locale: str | None = None
    channel: str = "web"


_TURN_KEYS = {
    "say", "topic", "contains", "not_contains", "locale", "referrals", "sources", "notices",
    "choices", "reply_locale", "offers", "reviewed",
}


def load_conversation_files(paths: Iterable[Path]) -> list[Conversation]:
    found: list[Conversation] = []
    for path in paths:
        files = sorted(path.glob("*.yaml")) if path.is_dir() else [path]
        for file in files:
            try:
                data = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
            except yaml.YAMLError as exc:
                mark = getattr(exc, "problem_mark", None)
                line = f":{mark.line + 1}" if mark is not None else ""
                problem = getattr(exc, "problem", None) or exc
                raise ValueError(f"{file}{line}: not valid YAML ({problem})") from None
            for i, conv in enumerate(data.get("conversations", [])):
                for turn in conv["turns"]:
                    unknown = set(turn) - _TURN_KEYS
                    if unknown:
                        raise ValueError(f"{file}: conversation {i}: unknown keys {sorted(unknown)}")
                found.append(
                    Conversation(
                        name=f"{file.name}: {conv.get('name', i)}",
                        turns=tuple(conv["turns"]),
                        locale=conv.get("locale"),
                        channel=conv.get("channel", "web"),
                    )
                )
    return found


def _at_least(spec: Any) -> int:
    if isinstance(spec, int):
        return spec
    return int(str(spec).split()[-1])


def run_conversation(conversations: Conversations, conv: Conversation) -> list[str]:
    """Play one conversation; return what went wrong (empty when it passed)."""
    session = new_session_id()
    problems: list[str] = []
    locale = conv.locale
    for number, turn in enumerate(conv.turns, 1):
        say = str(turn["say"])
        reply = conversations.handle(
            conv.channel, session, Inbound(say, conv.channel, turn.get("locale", locale))
        )
        locale = None
        where = f"turn {number} ({say!r})"
        if "topic" in turn and reply.topic != turn["topic"]:
            problems.append(f"{where}: topic {reply.topic!r}, expected {turn['topic']!r}")
        whole = reply.full_text.casefold()
        for fragment in turn.get("contains", []):
            if str(fragment).casefold() not in whole:
                problems.append(f"{where}: text lacks {fragment!r}")
        for fragment in turn.get("not_contains", []):
            if str(fragment).casefold() in whole:
                problems.append(f"{where}: text has {fragment!r}")
        if "referrals" in turn and len(reply.referrals) < _at_least(turn["referrals"]):
            problems.append(f"{where}: {len(reply.referrals)} referrals, expected {turn['referrals']}")
        if "sources" in turn and len(reply.sources) < _at_least(turn["sources"]):
            problems.append(f"{where}: {len(reply.sources)} sources, expected {turn['sources']}")
        if "choices" in turn:
            offered = [c.value for c in reply.choices]
            if offered[: len(turn["choices"])] != list(turn["choices"]):
                problems.append(f"{where}: first choices {offered[:4]}, expected {turn['choices']}")
        offered_values = {c.value for c in reply.choices}
        for value in turn.get("offers", []):
            if value not in offered_values:
                problems.append(f"{where}: no choice {value!r} on offer")
        if turn.get("reviewed") and reply.reviewed is None:
            problems.append(f"{where}: no review date")
        if "reply_locale" in turn and reply.locale != turn["reply_locale"]:
            problems.append(f"{where}: answered in {reply.locale!r}, expected {turn['reply_locale']!r}")
        for code in turn.get("notices", []):
            if code not in {n.code for n in reply.notices}:
                problems.append(f"{where}: no notice {code!r}")
    return problems
