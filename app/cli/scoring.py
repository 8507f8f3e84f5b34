"""Scoring the bot on labelled sets of what people type, and explaining why a
message went where it went (``kyrbot eval``, ``kyrbot ask --explain``).

A set is YAML: ``cases`` with ``text`` and ``topics`` (every acceptable topic),
and ``locale`` per case or once for the file. Optional per case: ``kind``
(faq, story, negation, emergency, ...) and ``langs`` (languages the reply may
come in, for mixed-language messages). Each case is asked in a fresh
conversation.

A reply is *right* when its topic is acceptable, or when it is ``clarify``
and an acceptable topic is among its first three choices. It is *harmful*
when it gives an urgent answer to a non-urgent question, or a non-urgent
answer to an urgent one (a clarifying question offering the urgent topic is
not harmful). It is in the *wrong language* when its locale is not the
case's (or one of its ``langs``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path
from typing import Iterable

from app.content.yamlfile import YamlFileError
from app.content.yamlfile import load_yaml
from app.engine import Engine
from app.engine import Inbound
from app.engine import State
from app.engine.topics import CLARIFY_TOPIC

# Old sets write "zh" for Simplified Chinese.
LOCALE_ALIASES = {"zh": "zh-Hans", "fil": "tl"}


@dataclass(frozen=True)
class Case:
    text: str
    locale: str
    topics: frozenset[str]
    kind: str = "-"
    langs: frozenset[str] = frozenset()
    source: str = ""


@dataclass(frozen=True)
class Outcome:
    case: Case
    topic: str | None
    locale: str
    choices: tuple[str, ...]
    right: bool
    harmful: bool
    wrong_language: bool


@dataclass
class Tally:
    cases: int = 0
    right: int = 0
    harmful: int = 0
    wrong_language: int = 0
    clarify: int = 0

    def add(self, outcome: Outcome) -> None:
        self.cases += 1
        self.right += outcome.right
        self.harmful += outcome.harmful
        self.wrong_language += outcome.wrong_language
        self.clarify += outcome.topic == CLARIFY_TOPIC


@dataclass
class Report:
    by_locale: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_kind: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    total: Tally = field(default_factory=Tally)
    outcomes: list[Outcome] = field(default_factory=list)


class CaseFileError(ValueError):
    """An evaluation file that cannot be read as cases (names file and line)."""


def load_cases(paths: Iterable[Path]) -> list[Case]:
    """Cases of YAML files (``locale:`` optional, ``cases:`` a list of
    ``{text, topics, kind?, locale?, langs?}``); folders give their files."""
    cases: list[Case] = []
    for path in paths:
        files = sorted(path.glob("*.yaml")) if path.is_dir() else [path]
        for file in files:
            try:
                doc = load_yaml(file)
            except YamlFileError as exc:
                raise CaseFileError(exc.message) from None
            data = doc.data or {}
            if not isinstance(data, dict) or not isinstance(data.get("cases"), list):
                raise CaseFileError(f"{file}:1: expected a mapping with a 'cases:' list of cases")
            default = data.get("locale")
            for number, raw in enumerate(data["cases"], 1):
                line = doc.lines.get(("cases", number - 1), 1)
                if not isinstance(raw, dict) or not isinstance(raw.get("text"), str) or not raw.get("topics"):
                    raise CaseFileError(f"{file}:{line}: a case needs 'text' (a string) and 'topics' (a list)")
                locale = raw.get("locale", default)
                locale = LOCALE_ALIASES.get(locale, locale)
                cases.append(
                    Case(
                        text=str(raw["text"]),
                        locale=locale,
                        topics=frozenset(raw["topics"]),
                        kind=raw.get("kind", "-"),
                        langs=frozenset(LOCALE_ALIASES.get(x, x) for x in raw.get("langs") or ()),
                        source=f"{file.name}#{number}",
                    )
                )
    return cases


def judge(engine: Engine, case: Case, hint: bool) -> Outcome:
    reply, _ = engine.respond(Inbound(case.text, "web", case.locale if hint else None), State())
    choices = tuple(c.value for c in reply.choices)
    urgent = engine.bundle.urgent
    if reply.topic == CLARIFY_TOPIC:
        offered = set(choices[:3])
        right = bool(offered & case.topics)
    else:
        offered = set()
        right = reply.topic in case.topics
    urgent_case = bool(case.topics) and case.topics <= urgent
    calm_case = not (case.topics & urgent)
    harmful = (calm_case and reply.topic in urgent) or (
        urgent_case and reply.topic not in urgent and not (offered & urgent)
    )
    allowed = case.langs or {case.locale}
    return Outcome(case, reply.topic, reply.locale, choices, right, harmful, reply.locale not in allowed)


def evaluate(engine: Engine, cases: Iterable[Case], hint: bool = True) -> Report:
    report = Report()
    for case in cases:
        outcome = judge(engine, case, hint)
        report.outcomes.append(outcome)
        report.by_locale[case.locale].add(outcome)
        report.by_kind[case.kind].add(outcome)
        report.total.add(outcome)
    return report


def format_report(report: Report, misses: bool = True) -> list[str]:
    lines = [f"{'':10} {'cases':>5} {'right':>7} {'clarify':>8} {'wrong lang':>10} {'harmful':>8}"]

    def row(name: str, t: Tally) -> str:
        n = max(t.cases, 1)
        return (
            f"{name:10} {t.cases:5d} {t.right / n:7.1%} {t.clarify / n:8.1%} "
            f"{t.wrong_language / n:10.1%} {t.harmful:8d}"
        )

    for locale, tally in sorted(report.by_locale.items(), key=lambda kv: (-kv[1].cases, kv[0])):
        lines.append(row(locale, tally))
    lines.append(row("all", report.total))
    if len(report.by_kind) > 1:
        lines.append("")
        for kind, tally in sorted(report.by_kind.items(), key=lambda kv: (-kv[1].cases, kv[0])):
            lines.append(row(kind, tally))
    if misses:
        wrong = [o for o in report.outcomes if not o.right or o.harmful or o.wrong_language]
        if wrong:
            lines.append("")
            lines.append("misses:")
        for o in wrong:
            flags = "".join(
                [" HARMFUL" if o.harmful else "", f" LANGUAGE={o.locale}" if o.wrong_language else ""]
            )
            got = o.topic if o.topic != CLARIFY_TOPIC else f"clarify({', '.join(o.choices[:3])})"
            lines.append(
                f"  [{o.case.locale}/{o.case.kind}]{flags} {o.case.text!r}: got {got}, "
                f"want {'/'.join(sorted(o.case.topics))}"
            )
    return lines


def explain(engine: Engine, text: str, locale: str | None = None) -> list[str]:
    """Why ``text`` gets the answer it gets: language, evidence, candidates, decision."""
    found = engine.explain(Inbound(text, "web", locale), State())
    lines = [f"language: {found.locale} ({found.how})"]
    decision = found.decision
    if decision is None:
        lines.append(f"handled before matching: {found.note}")
        return lines
    evidence = decision.evidence
    if evidence is not None:
        lines.append(
            f"sentences: {evidence.sentences}"
            + (f"; negated: {', '.join(evidence.negated)}" if evidence.negated else "")
            + ("; words of other languages used" if decision.other_languages else "")
        )
    verdict = {
        "answer": f"answer {decision.topic}",
        "clarify": f"ask which is meant: {', '.join(decision.choices)}",
        "none": "fallback",
    }[decision.kind]
    lines.append(f"decision: {verdict} ({decision.reason})")
    if decision.candidates:
        lines.append("candidates:")
    for number, cand in enumerate(decision.candidates, 1):
        urgent = " urgent" if cand.topic in engine.bundle.urgent else ""
        lines.append(
            f"  {number}. {cand.topic}{urgent}: score {cand.score:.2f}, rule when "
            f"[{', '.join(sorted(cand.rule.when))}] priority {cand.rule.priority}"
        )
        for concept in sorted(cand.rule.when):
            ev = evidence.concepts.get(concept)
            if ev is None:
                lines.append(f"       {concept}: not in the message")
                continue
            said = "; ".join(
                f"{m.trigger!r} in sentence {m.sentence + 1} = {m.weight:.2f}{' (typo)' if m.fuzzy else ''}"
                for m in ev.mentions
            )
            lines.append(f"       {concept} {ev.weight:.2f}: {said}")
    if evidence is not None:
        used = {c for cand in decision.candidates for c in cand.rule.when}
        rest = [f"{c} {ev.weight:.2f}" for c, ev in sorted(evidence.concepts.items()) if c not in used]
        if rest:
            lines.append(f"other concepts (no rule complete): {', '.join(rest)}")
    return lines
