"""Read every content file, validate it, cross-check it, and freeze it.

``load_bundle(content_dir)`` returns an immutable :class:`Bundle` or raises
:class:`~app.errors.ContentError` listing every problem as ``file:line: ...``.
Warnings (things that do not stop the app) are returned on the bundle.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path
from types import MappingProxyType
from typing import Mapping
from typing import TypeVar

from pydantic import BaseModel
from pydantic import ValidationError

from app.content import schema
from app.content.yamlfile import YamlDoc
from app.content.yamlfile import YamlFileError
from app.content.yamlfile import load_yaml
from app.engine import grammar
from app.engine.literals import compile_pattern
from app.engine.normalize import normalize
from app.errors import ContentError

M = TypeVar("M", bound=BaseModel)

COMMON_VOCAB = "common"
REVIEW_SOON_DAYS = 30  # `kyrbot validate` warns this long before a review falls due
# Concepts the engine looks for itself, outside rules.yaml: "skip" answers the
# referral flow's location question ("skip", "no", "omitir"), "yes" the bot's
# offers; the rest are the engine's grammar (app/engine/grammar.py: negators
# and their limits, questions without a question mark, pointing back).
ENGINE_CONCEPTS = grammar.ENGINE_CONCEPTS | grammar.REPLIES
# Grammar, not topics: their words may also be triggers of a topical concept.
GRAMMAR_CONCEPTS = frozenset(
    {grammar.YES, *grammar.NEGATORS, grammar.CLAUSE_BREAK, grammar.ASKS, grammar.ASKS_END}
)


@dataclass(frozen=True)
class Bundle:
    """All content, validated. Nothing here changes after start-up."""

    topics: Mapping[str, str]  # id -> kind
    answers: Mapping[str, schema.AnswerFile]
    sources: Mapping[str, schema.SourceEntry]
    rules: tuple[schema.RuleEntry, ...]
    vocab: Mapping[str, Mapping[str, tuple[str, ...]]]  # locale -> concept -> triggers
    menus: Mapping[str, tuple[str, ...]]
    organizations: tuple[schema.Organization, ...]
    org_reviewed: Mapping[str, dt.date]  # organization id -> its directory file's review date
    states: Mapping[str, Mapping[str, tuple[str, ...]]]  # code -> locale -> names
    tenants: Mapping[str, schema.TenantFile] = field(default_factory=dict)
    # SMS keywords: normalized message -> (kind, locale or None when shared)
    keywords: Mapping[str, tuple[str, str | None]] = field(default_factory=dict)
    answer_files: Mapping[str, str] = field(default_factory=dict)  # topic -> "file:line"
    warnings: tuple[str, ...] = ()
    urgent: frozenset[str] = frozenset()  # topics answered only on strong evidence
    calmers: Mapping[str, frozenset[str]] = field(default_factory=dict)  # urgent topic -> calming concepts
    negation_keeps: frozenset[str] = frozenset()  # concepts negation never removes
    negation_spares: frozenset[str] = frozenset()  # the same, for scenes that are questions
    qualifiers: frozenset[str] = frozenset()  # concepts never a question alone
    scenes: frozenset[str] = frozenset()  # concepts that tell an urgent scene alone
    persons: frozenset[str] = frozenset()  # concepts that name a person
    reporters: frozenset[str] = frozenset()  # persons whose word may only be reported
    shorthand: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # locale -> "k" -> "que"

    def content_topics(self) -> list[str]:
        return [t for t, kind in self.topics.items() if kind == "content"]


class _Collector:
    """Gathers problems from many files so that one run reports them all."""

    def __init__(self, root: Path, cache_dir: str | Path | None = None):
        self.root = root
        self.cache_dir = cache_dir
        self.errors: list[str] = []
        self.warnings: list[str] = []

    def display(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.root.parent))
        except ValueError:
            return str(path)

    def read(self, path: Path, model: type[M]) -> tuple[M | None, YamlDoc | None]:
        if not path.is_file():
            self.errors.append(f"{self.display(path)}:1: file not found")
            return None, None
        try:
            doc = load_yaml(path, self.display(path), self.cache_dir)
        except YamlFileError as exc:
            self.errors.append(exc.message)
            return None, None
        if doc.data is None:
            self.errors.append(f"{doc.where()}: the file is empty")
            return None, doc
        try:
            return model.model_validate(doc.data), doc
        except ValidationError as exc:
            for err in exc.errors():
                loc = tuple(err["loc"])
                where = ".".join(str(p) for p in loc) or "(top level)"
                msg = err["msg"]
                if err["type"] == "extra_forbidden":
                    msg = "unknown key (check the spelling; see content/README.md)"
                self.errors.append(f"{doc.where(loc)}: {where}: {msg}")
            return None, doc


def _yaml_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml"))


def load_bundle(
    content_dir: str | Path,
    locales: Iterable[str] = ("en",),
    today: dt.date | None = None,
    cache_dir: str | Path | None = None,
) -> Bundle:
    """Load and check ``content_dir``; raise ContentError if anything is wrong.
    With ``cache_dir``, files unchanged since an earlier start-up are not
    parsed again (every check still runs)."""
    root = Path(content_dir).resolve()
    locales = tuple(locales)
    c = _Collector(root, cache_dir)
    if not root.is_dir():
        raise ContentError([f"{root}: content folder not found"])

    topics_file, topics_doc = c.read(root / "topics.yaml", schema.TopicsFile)
    topics: dict[str, str] = {}
    urgent: set[str] = set()
    calmers: dict[str, frozenset[str]] = {}
    if topics_file and topics_doc:
        for i, entry in enumerate(topics_file.topics):
            if entry.id in topics:
                c.errors.append(
                    f"{topics_doc.where(('topics', i))}: topic {entry.id!r} listed twice"
                )
            topics[entry.id] = entry.kind
            if entry.urgent:
                urgent.add(entry.id)
            if entry.calmed_by:
                calmers[entry.id] = frozenset(entry.calmed_by)
                if not entry.urgent:
                    c.errors.append(
                        f"{topics_doc.where(('topics', i))}: calmed_by is only for urgent topics"
                    )

    # Sources: any number of files, ids global.
    sources: dict[str, schema.SourceEntry] = {}
    source_where: dict[str, str] = {}
    for path in _yaml_files(root / "sources"):
        data, doc = c.read(path, schema.SourcesFile)
        if not data or not doc:
            continue
        for i, src in enumerate(data.sources):
            where = doc.where(("sources", i))
            if src.id in sources:
                c.errors.append(
                    f"{where}: source id {src.id!r} already defined at {source_where[src.id]}"
                )
                continue
            sources[src.id] = src
            source_where[src.id] = where

    # Answers: one file per topic.
    answers: dict[str, schema.AnswerFile] = {}
    answer_docs: dict[str, YamlDoc] = {}
    for path in _yaml_files(root / "answers"):
        data, doc = c.read(path, schema.AnswerFile)
        if not data or not doc:
            continue
        if data.topic != path.stem:
            c.errors.append(
                f"{doc.where(('topic',))}: topic {data.topic!r} does not match the "
                f"file name {path.name!r}"
            )
            continue
        if data.topic not in topics:
            c.errors.append(
                f"{doc.where(('topic',))}: unknown topic {data.topic!r} "
                "(not in content/topics.yaml)"
            )
            continue
        answers[data.topic] = data
        answer_docs[data.topic] = doc

    today = today or dt.date.today()
    for topic in topics:
        if topic not in answers:
            where = topics_doc.where(("topics",)) if topics_doc else "content/topics.yaml"
            c.errors.append(f"{where}: topic {topic!r} has no answer (answers/{topic}.yaml)")
    for topic, ans in answers.items():
        doc = answer_docs[topic]
        if topics.get(topic) == "content" and not ans.sources:
            c.errors.append(f"{doc.where(('sources',))}: a content answer needs a source")
        if topics.get(topic) == "content" and not ans.question:
            c.errors.append(
                f"{doc.where(('topic',))}: a content answer needs a question (shown first)"
            )
        for point, keep in ans.keep.items():
            for form in ("text", "sms"):
                body = normalize(getattr(ans, form))
                if not any(normalize(m) in body for m in keep.en):
                    c.errors.append(
                        f"{doc.where(('keep', point))}: the {form} form has none of "
                        f"{keep.en} (point {point!r}: {keep.say})"
                    )
        https = False
        for i, sid in enumerate(ans.sources):
            if sid not in sources:
                c.errors.append(f"{doc.where(('sources', i))}: unknown source id {sid!r}")
            elif sources[sid].url.startswith("https://"):
                https = True
        if topics.get(topic) == "content" and ans.sources and not https:
            c.errors.append(
                f"{doc.where(('sources',))}: a content answer needs a source with an "
                "https URL"
            )
        for i, choice in enumerate(ans.choices):
            if choice not in topics:
                c.errors.append(f"{doc.where(('choices', i))}: unknown topic {choice!r}")
        c.warnings.extend(_review_due(doc.where(("review_by",)), ans.review_by, today, f"answer {topic!r}"))

    # Menus.
    menus: dict[str, tuple[str, ...]] = {}
    menus_file, menus_doc = c.read(root / "menus.yaml", schema.MenusFile)
    if menus_file and menus_doc:
        for name, items in menus_file.menus.items():
            for i, item in enumerate(items):
                if item not in topics:
                    c.errors.append(
                        f"{menus_doc.where(('menus', name, i))}: unknown topic {item!r}"
                    )
            menus[name] = tuple(items)
        if "main" not in menus:
            c.errors.append(f"{menus_doc.where(('menus',))}: no 'main' menu")

    # Vocabulary: one file per locale, plus common words.
    vocab: dict[str, dict[str, list[str]]] = {}
    vocab_docs: dict[str, YamlDoc] = {}
    shorthand: dict[str, dict[str, str]] = {}
    for path in _yaml_files(root / "vocab"):
        data, doc = c.read(path, schema.VocabFile)
        if not data or not doc:
            continue
        if data.locale != path.stem:
            c.errors.append(
                f"{doc.where(('locale',))}: locale {data.locale!r} does not match the "
                f"file name {path.name!r}"
            )
            continue
        vocab[data.locale] = {k: list(v) for k, v in data.concepts.items()}
        vocab_docs[data.locale] = doc
        shorthand[data.locale] = _shorthand(data.shorthand, doc, c)
        for concept, triggers in data.concepts.items():
            for i, trig in enumerate(triggers):
                problem = trigger_problem(trig)
                if problem:
                    c.errors.append(
                        f"{doc.where(('concepts', concept, i))}: {concept}: {problem}"
                    )
    for locale in locales:
        if locale not in vocab:
            c.warnings.append(
                f"{c.display(root / 'vocab')}: no vocabulary for configured locale "
                f"{locale!r}: messages in it match only the common words"
            )
    merged = _merge_vocab(vocab, c, vocab_docs)

    # Rules.
    rules: tuple[schema.RuleEntry, ...] = ()
    negation_keeps: frozenset[str] = frozenset()
    negation_spares: frozenset[str] = frozenset()
    persons: frozenset[str] = frozenset()
    reporters: frozenset[str] = frozenset()
    qualifiers: frozenset[str] = frozenset()
    scenes: frozenset[str] = frozenset()
    rules_file, rules_doc = c.read(root / "rules.yaml", schema.RulesFile)
    if rules_file and rules_doc:
        rules = tuple(rules_file.rules)
        negation_keeps = frozenset(rules_file.negation_keeps)
        negation_spares = frozenset(rules_file.negation_spares)
        persons = frozenset(rules_file.persons)
        reporters = frozenset(rules_file.reporters)
        qualifiers = frozenset(rules_file.qualifiers)
        scenes = frozenset(rules_file.scenes)
        known_concepts = {name for concepts in merged.values() for name in concepts}
        seen: dict[tuple[int, frozenset[str], frozenset[str]], tuple[str, int]] = {}
        for i, rule in enumerate(rules):
            where = rules_doc.where(("rules", i))
            if rule.topic not in topics:
                c.errors.append(f"{where}: unknown topic {rule.topic!r}")
            elif rule.ahead and rule.topic not in urgent:
                c.errors.append(f"{where}: ahead is only for rules of urgent topics")
            for concept in (*rule.when, *rule.unless):
                if concept not in known_concepts:
                    c.errors.append(
                        f"{where}: concept {concept!r} is not defined in any vocab file"
                    )
            key = (rule.priority, frozenset(rule.when), frozenset(rule.unless))
            if key in seen and seen[key][0] != rule.topic:
                other_topic, other_line = seen[key]
                c.errors.append(
                    f"{where}: same concepts and priority as the rule for "
                    f"{other_topic!r} at line {other_line}: the same trigger would "
                    "claim two topics"
                )
            seen.setdefault(key, (rule.topic, rules_doc.line(("rules", i))))
        for key in ("negation_keeps", "negation_spares", "persons", "reporters", "qualifiers", "scenes"):
            for i, concept in enumerate(getattr(rules_file, key)):
                if concept not in known_concepts:
                    c.errors.append(
                        f"{rules_doc.where((key, i))}: concept {concept!r} is not "
                        "defined in any vocab file"
                    )
        for topic, calming in sorted(calmers.items()):
            for concept in sorted(calming - known_concepts):
                c.errors.append(
                    f"{c.display(root / 'topics.yaml')}: calmed_by of {topic!r}: concept "
                    f"{concept!r} is not defined in any vocab file"
                )
        used = {concept for rule in rules for concept in (*rule.when, *rule.unless)}
        used |= {concept for calming in calmers.values() for concept in calming}
        for locale, concepts in vocab.items():
            for concept in concepts:
                if concept not in used and concept not in ENGINE_CONCEPTS:
                    c.warnings.append(
                        f"{vocab_docs[locale].where(('concepts', concept))}: concept "
                        f"{concept!r} is not used by any rule"
                    )
        for locale in locales:
            have = merged.get(locale, merged.get(COMMON_VOCAB, {}))
            needed = {k for r in rules for k in r.when} | {k for v in calmers.values() for k in v}
            missing = sorted(k for k in needed if k not in have)
            if missing and locale in vocab:
                c.warnings.append(
                    f"{vocab_docs[locale].where(('concepts',))}: locale {locale!r} has no "
                    f"words for concepts {', '.join(missing)}: rules using them cannot "
                    "match in this language"
                )

    # Directory.
    organizations: list[schema.Organization] = []
    org_ids: dict[str, str] = {}
    org_reviewed: dict[str, dt.date] = {}
    for path in _yaml_files(root / "directory"):
        data, doc = c.read(path, schema.DirectoryFile)
        if not data or not doc:
            continue
        c.warnings.extend(
            _review_due(doc.where(("review_by",)), data.review_by, today, f"directory {path.name}")
        )
        for i, org in enumerate(data.organizations):
            where = doc.where(("organizations", i))
            if org.id in org_ids:
                c.errors.append(
                    f"{where}: organization id {org.id!r} already defined at "
                    f"{org_ids[org.id]}"
                )
                continue
            org_ids[org.id] = where
            for detail, sid in org.contact_sources.model_dump().items():
                if sid is not None and sid not in sources:
                    c.errors.append(
                        f"{doc.where(('organizations', i, 'contact_sources', detail))}: "
                        f"unknown source id {sid!r}"
                    )
            organizations.append(org)
            org_reviewed[org.id] = data.reviewed

    states: dict[str, dict[str, tuple[str, ...]]] = {}
    places_path = root / "places.yaml"
    if places_path.exists():
        places, _doc = c.read(places_path, schema.PlacesFile)
        if places:
            states = {
                code: {loc: tuple(names) for loc, names in by_locale.items()}
                for code, by_locale in places.states.items()
            }
    for org in organizations:
        for code in org.serves.states:
            if states and code not in states:
                c.errors.append(
                    f"{org_ids[org.id]}: unknown state code {code!r} (see places.yaml)"
                )

    keywords: dict[str, tuple[str, str | None]] = {}
    keywords_path = root / "keywords.yaml"
    kw_file, kw_doc = c.read(keywords_path, schema.KeywordsFile)
    if kw_file and kw_doc:
        for kind, by_locale in kw_file.keywords.items():
            for locale, words in by_locale.items():
                for i, word in enumerate(words):
                    norm = normalize(word)
                    other = keywords.get(norm, (kind, None))[0]
                    if other != kind:
                        c.errors.append(
                            f"{kw_doc.where(('keywords', kind, locale, i))}: keyword {word!r} "
                            f"is both {other!r} and {kind!r}"
                        )
                    if norm not in keywords or keywords[norm][1] is None:
                        keywords[norm] = (kind, None if locale == COMMON_VOCAB else locale)

    tenants: dict[str, schema.TenantFile] = {}
    for path in _yaml_files(root / "tenants"):
        tenant, doc = c.read(path, schema.TenantFile)
        if not tenant or not doc:
            continue
        problems = tenant_problems(tenant, path, topics, locales)
        c.errors.extend(f"{doc.where(loc)}: {msg}" for loc, msg in problems)
        tenants[tenant.id] = tenant

    if c.errors:
        raise ContentError(c.errors)
    return Bundle(
        topics=MappingProxyType(topics),
        answers=MappingProxyType(answers),
        sources=MappingProxyType(sources),
        rules=rules,
        vocab=MappingProxyType(
            {loc: MappingProxyType({k: tuple(v) for k, v in concepts.items()})
             for loc, concepts in merged.items()}
        ),
        shorthand=MappingProxyType({loc: MappingProxyType(m) for loc, m in shorthand.items() if m}),
        menus=MappingProxyType(menus),
        organizations=tuple(organizations),
        org_reviewed=MappingProxyType(org_reviewed),
        states=MappingProxyType({k: MappingProxyType(v) for k, v in states.items()}),
        keywords=MappingProxyType(keywords),
        tenants=MappingProxyType(tenants),
        answer_files=MappingProxyType(
            {t: d.where() for t, d in answer_docs.items()}
        ),
        warnings=tuple(c.warnings),
        urgent=frozenset(urgent),
        calmers=MappingProxyType(calmers),
        negation_keeps=negation_keeps,
        negation_spares=negation_spares,
        persons=persons,
        reporters=reporters,
        qualifiers=qualifiers,
        scenes=scenes,
    )


def _shorthand(pairs: Mapping[str, str], doc: YamlDoc, c: _Collector) -> dict[str, str]:
    """A vocab file's texting shorthand, normalized: one word for one word."""
    out: dict[str, str] = {}
    for abbr, word in pairs.items():
        short, full = normalize(abbr).split(), normalize(word).split()
        if len(short) != 1 or len(full) != 1:
            c.errors.append(
                f"{doc.where(('shorthand', abbr))}: shorthand {abbr!r}: {word!r} must be one word for one word"
            )
            continue
        out[short[0]] = full[0]
    return out


_STEM_RE = re.compile(r"\*?[^*]{3,}\*?")


def trigger_problem(trigger: str) -> str | None:
    """Why ``trigger`` is malformed, or None. Regexes must compile."""
    if trigger.startswith("re:"):
        try:
            compile_pattern(trigger[3:])
        except re.error as exc:
            return f"regular expression does not compile: {exc}"
        return None
    body = trigger[1:] if trigger.startswith(("=", "~")) else trigger
    if trigger.startswith("~") and (len(body.split()) != 1 or "*" in body):
        return f"'~' marks one short name ({trigger!r}): a single word, no '*'"
    for word in body.split():
        if "*" in word and not _STEM_RE.fullmatch(word):
            return (
                f"wildcard word {word!r} must be 'stem*' or '*part*' with 3+ letters"
            )

    if not normalize(body.replace("*", "")):
        return f"trigger {trigger!r} is empty once normalized"
    return None


def _merge_vocab(
    vocab: dict[str, dict[str, list[str]]],
    c: _Collector,
    docs: Mapping[str, YamlDoc],
) -> dict[str, dict[str, list[str]]]:
    """Add the common words to every locale and reject a trigger in two concepts."""

    common = vocab.get(COMMON_VOCAB, {})
    merged: dict[str, dict[str, list[str]]] = {COMMON_VOCAB: {k: list(v) for k, v in common.items()}}
    for locale, concepts in vocab.items():
        if locale == COMMON_VOCAB:
            continue
        combined = {k: list(v) for k, v in common.items()}
        for concept, triggers in concepts.items():
            combined.setdefault(concept, [])
            combined[concept].extend(t for t in triggers if t not in combined[concept])
        owner: dict[str, str] = {}
        for concept, triggers in combined.items():
            if concept in GRAMMAR_CONCEPTS:
                continue  # "no" may both deny and answer "skip"
            for trig in triggers:
                key = trig if trig.startswith("re:") else normalize(trig.lstrip("=~"))
                if key in owner and owner[key] != concept:
                    doc = docs[locale]
                    c.errors.append(
                        f"{doc.where(('concepts', concept))}: trigger {trig!r} is in both "
                        f"{owner[key]!r} and {concept!r} ({locale})"
                    )
                owner.setdefault(key, concept)
        merged[locale] = combined
    return merged


def _review_due(where: str, review_by: dt.date, today: dt.date, what: str) -> list[str]:
    """A warning when a review is overdue or falls due within REVIEW_SOON_DAYS."""
    if review_by < today:
        return [f"{where}: review overdue since {review_by} ({what})"]
    if review_by <= today + dt.timedelta(days=REVIEW_SOON_DAYS):
        return [f"{where}: review due on {review_by}, within {REVIEW_SOON_DAYS} days ({what})"]
    return []


def iter_answer_messages(bundle: Bundle) -> Iterable[tuple[str, str, str]]:
    """(context, field, English text) for every translatable answer string."""
    for topic, ans in bundle.answers.items():
        yield topic, "title", ans.title
        if ans.question:
            yield topic, "question", ans.question
        yield topic, "text", ans.text
        yield topic, "sms", ans.sms



def _luminance(hex_color: str) -> float:
    channels = [int(hex_color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two #rrggbb colours (1 to 21)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def tenant_problems(tenant, path: Path, topics, locales) -> list[tuple[tuple, str]]:
    """What is wrong with one organization's widget configuration."""
    out: list[tuple[tuple, str]] = []
    if tenant.id != path.stem:
        out.append((("id",), f"id {tenant.id!r} does not match the file name {path.name!r}"))
    ratio = contrast_ratio(tenant.colors.primary, tenant.colors.on_primary)
    if ratio < 4.5:
        out.append((("colors",), f"on_primary on primary has contrast {ratio:.2f}:1; WCAG AA needs 4.5:1"))
    ratio = contrast_ratio(tenant.colors.primary, "#ffffff")
    if ratio < 4.5:
        out.append((("colors", "primary"), f"primary on white has contrast {ratio:.2f}:1 (links, buttons); WCAG AA needs 4.5:1"))
    if tenant.logo and not (path.parent / tenant.logo).is_file():
        out.append((("logo",), f"logo file {tenant.logo!r} not found beside {path.name}"))
    if tenant.logo and Path(tenant.logo).suffix.lower() not in (".svg", ".png"):
        out.append((("logo",), "logo must be an .svg or .png file"))
    wanted = [tenant.default_locale, *tenant.locales]
    for locale in wanted:
        if locale not in locales:
            out.append((("locales",), f"locale {locale!r} is not configured (LOCALES)"))
    if tenant.locales and tenant.default_locale not in tenant.locales:
        out.append((("default_locale",), "default_locale must be one of locales"))
    for i, topic in enumerate(tenant.exclude_topics):
        if topic not in topics:
            out.append((("exclude_topics", i), f"unknown topic {topic!r}"))
        if topic in ("fallback", "menu", "greeting", "find-legal-help"):
            out.append((("exclude_topics", i), f"topic {topic!r} cannot be left out"))
    return out
