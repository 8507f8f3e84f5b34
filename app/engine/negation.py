"""Negation: which concepts of a sentence its negators deny (see the
``evidence`` module's description and content/README.md); and which
mentions lie inside a longer one of another concept (``without_covered``)."""

from __future__ import annotations

from typing import Iterable

from app.engine.grammar import CLAUSE_BREAK
from app.engine.grammar import DEFINE
from app.engine.grammar import ENGINE_CONCEPTS
from app.engine.grammar import MODALS
from app.engine.grammar import NEGATION
from app.engine.grammar import NEGATION_AFTER
from app.engine.grammar import NEGATORS
from app.engine.grammar import NOT_ABOUT
from app.engine.grammar import REPLIES
from app.engine.grammar import SETS_ASIDE
from app.engine.grammar import SMALL_TALK
from app.engine.normalize import is_unspaced
from app.engine.vocabulary import Hit
from app.engine.vocabulary import Sentence

NEGATION_SCOPE_TOKENS = 6  # at most; a comma or a `but` word ends it sooner
NEGATION_SCOPE_CHARS = 6  # for unspaced scripts (Chinese, Korean)
NOT_ABOUT_REACH = 6  # tokens from the first thing a not-about sets aside to the end of its reach
ASIDE_SUBJECT = 0.5  # a kept subject inside a set-aside clause or a plain negation weighs this much


def without_negated(
    hits: list[Hit],
    sentence: Sentence,
    negated: set[str],
    keeps: frozenset[str],
    asks: bool,
    persons: frozenset[str] = frozenset(),
    subjects: frozenset[str] = frozenset(),
    set_aside: set[str] | None = None,
    someone_else: bool = False,
) -> Iterable[Hit]:
    negators = [h for h in hits if h.concept in NEGATORS]
    if asks:
        # "Can't I file without an SSN?", "Isn't it risky?": in the clause that
        # asks, a negator is part of the question and denies nothing.
        last = max(sentence.clauses, default=0)
        negators = [h for h in negators if h.start < last or h.concept in SETS_ASIDE]
    if not negators:
        return hits
    breaks = sorted({h.start for h in hits if h.concept == CLAUSE_BREAK} | set(sentence.clauses))
    but_at = [h.at for h in hits if h.concept == CLAUSE_BREAK] + [
        h.stop for h in hits if h.concept == CLAUSE_BREAK
    ]
    others = [h for h in hits if h.concept not in (NEGATION, NEGATION_AFTER)]
    scopes: list[tuple[tuple, bool]] = []  # ((kind, low, high), forward)
    whole: list[tuple[tuple, Hit]] = []  # the clauses a not-about sets aside
    for neg in negators:
        if any(swallows(other, neg) for other in others if other is not neg and other.concept not in REPLIES):
            continue  # "no papers": the negator belongs to a longer trigger
        unspaced = is_unspaced(sentence.tokens[neg.start])
        if neg.concept in SETS_ASIDE:
            whole.append((_clause_of(sentence, neg, neg.concept == NOT_ABOUT, hits), neg))
            continue
        if neg.concept == NEGATION:
            end = neg.end + NEGATION_SCOPE_TOKENS
            if unspaced:  # one token may be a whole clause: count characters
                scopes.append((("chars", *_char_scope(sentence, neg, True, but_at)), True))
                continue
            following = [b for b in breaks if b > neg.end]
            if following:
                end = min(end, following[0] - 1)
            scopes.append((("tokens", neg.end + 1, end), True))
        else:
            if unspaced:
                scopes.append((("chars", *_char_scope(sentence, neg, False, but_at)), False))
                continue
            low = max(0, neg.start - NEGATION_SCOPE_TOKENS + 1)
            scopes.append((("tokens", low, neg.start - 1), False))
    # A negator denies the first thing it reaches (the nearest, for negators
    # written after): "I'm not afraid of immigration" denies the fear, not
    # immigration. Triggers that hold a negator of their own are not denied.
    eligible = [
        h for h in hits
        if h.concept not in ENGINE_CONCEPTS and h.concept not in keeps
        and not any(swallows(h, n) for n in negators)
    ]
    # A not-about sets its clause aside; who or what it is about (subjects)
    # goes too only when nothing else is there: "not about taxes" drops the
    # taxes, "not asking how to get an ITIN" drops the getting, not the ITIN,
    # and "not asking about my ITIN, it's for my son" (``someone_else``: this
    # sentence or the next names a person) keeps the ITIN.
    denied: set[int] = set()
    # The words of a not-about are its own, not evidence: "I have no problem
    # with immigration" names no problem. They are dropped, not denied, so a
    # later mention still counts ("I'm not complaining about my preparer, I
    # want to report the IRS").
    within = {
        id(h) for h in hits for _scope, neg in whole if h.concept not in ENGINE_CONCEPTS and swallows(neg, h)
    }
    # Someone else the message is about: a person named in the next sentence
    # (the caller's ``someone_else``) or in this one, unless set aside before
    # the subject ("not about my preparer nor my ITIN" names nobody else; "not
    # about my ITIN, my son's" does).
    someone_else = someone_else or any(
        h.concept in persons and all(
            any(k.concept in subjects and k.at < h.at and _in_scope(k, sentence, scope) for k in hits)
            for scope, _n in whole if _in_scope(h, sentence, scope)
        )
        for h in hits
    )
    faint: set[int] = set()
    for scope, _neg in whole:
        inside = [h for h in hits if h.concept not in ENGINE_CONCEPTS and _in_scope(h, sentence, scope)]
        aside = [h for h in inside if h.concept not in subjects]
        if not aside and not someone_else:
            aside = inside
        denied.update(id(h) for h in aside)
        # A subject kept beside what is set aside ("not how to get an ITIN")
        # still says what the message is about, but weakly; kept for someone
        # else ("not about my ITIN, my son's") it is the question.
        if not someone_else:
            faint.update(id(h) for h in inside if id(h) not in denied)
        if set_aside is not None:
            set_aside.update(h.concept for h in aside if h.concept not in subjects)
    for scope, forward in scopes:
        chosen = _reached([h for h in eligible if _in_scope(h, sentence, scope)], scope, forward)
        if not chosen:
            continue
        if forward and persons and _said_of_someone_else(chosen[0], hits, persons, sentence):
            continue
        denied.update(id(h) for h in chosen)
        if forward and not someone_else:
            # What the negation is about, though never denied ("I don't want
            # to renew my ITIN", "no tengo ITIN"), is not what the message asks.
            faint.update(id(h) for h in hits if h.concept in keeps and _in_scope(h, sentence, scope))
    kept = []
    for hit in hits:
        if id(hit) in within:
            continue
        if id(hit) in denied:
            negated.add(hit.concept)
            continue
        kept.append(hit._replace(specificity=hit.specificity * ASIDE_SUBJECT) if id(hit) in faint else hit)
    return kept


def _reached(inside: list[Hit], scope: tuple, forward: bool) -> list[Hit]:
    """The mentions a negator denies among those in its scope: the first it
    reaches (the nearest before it, for negators written after)."""
    kind, low, _high = scope
    if forward and kind == "chars":
        # What begins inside a longer negator ("需要" in "不需要") is part of
        # it, not the first thing it reaches.
        inside = [h for h in inside if h.at >= low]
    # A reply word ("có", yes and also "have") yields to a concept behind it:
    # "không có deportation order" denies the order, not a yes.
    if any(h.concept not in REPLIES and h.concept not in SMALL_TALK for h in inside):
        inside = [h for h in inside if h.concept not in REPLIES]
    if not inside:
        return []
    if kind == "tokens":
        key = (lambda h: h.start) if forward else (lambda h: -h.end)
    else:
        key = (lambda h: h.at) if forward else (lambda h: -h.stop)
    first = key(min(inside, key=key))
    chosen = [h for h in inside if key(h) == first]
    # A shorter mention of the same concept inside it goes too: "pa vle depoze
    # plent" denies the complaint, "plent" included.
    return chosen + [h for h in inside if any(swallows(c, h) and c.concept == h.concept for c in chosen)]


def _said_of_someone_else(
    denied: Hit, hits: list[Hit], persons: frozenset[str], sentence: Sentence
) -> bool:
    """ "I'm not undocumented, but my wife is": right after the denial, a
    `but` clause that names only a person (and nothing else) says the same of
    them, so the concept stands."""
    after = sorted(
        (h for h in hits if h.concept == CLAUSE_BREAK and h.at >= denied.stop), key=lambda h: h.at
    )
    if not after:
        return False
    turn = after[0]
    if any(denied.stop <= h.at < turn.at and h.concept not in ENGINE_CONCEPTS for h in hits):
        return False  # the `but` turns from something said later ("..., I need X for my mom")
    ends = [sentence.spans[c][0] for c in sentence.clauses if c < len(sentence.spans)]
    stop = min([x for x in ends if x > turn.stop], default=len(sentence.text))
    named = [
        h for h in hits
        if turn.stop <= h.at < stop and h.concept not in ENGINE_CONCEPTS
    ]
    return bool(named) and all(h.concept in persons for h in named)


def swallows(other: Hit, neg: Hit) -> bool:
    """True when ``other`` is a longer trigger that contains the negator."""
    return other.at <= neg.at and neg.stop <= other.stop and other.stop - other.at > neg.stop - neg.at


def _clause_starts(sentence: Sentence) -> list[int]:
    """Character offsets where the sentence's clauses begin (0, then after each comma)."""
    return [0, *sentence.clause_offsets()]


def _char_scope(
    sentence: Sentence, neg: Hit, forward: bool, breaks: Iterable[int] = ()
) -> tuple[int, int]:
    """A character range next to the negator, within its clause (commas
    split clauses) and not past a `but` word."""
    starts = _clause_starts(sentence)
    clause_start = max(x for x in starts if x <= neg.at)
    later = [x for x in starts if x > neg.at]
    clause_end = min(later) if later else len(sentence.text)
    if forward:
        end = min([clause_end, neg.stop + NEGATION_SCOPE_CHARS, *(b for b in breaks if b >= neg.stop)])
        return neg.stop, end
    start = max([clause_start, neg.at - NEGATION_SCOPE_CHARS, *(b for b in breaks if b <= neg.at)])
    return start, neg.at


def _clause_of(sentence: Sentence, neg: Hit, forward: bool, hits: list[Hit]) -> tuple:
    """The characters of ``neg``'s clause after it (or before it), up to a
    comma, or a `but` word once something has been set aside ("not about
    whether I should file but what they share"): what a "not about" covers.
    Written after, alone in its clause, it covers the clause before."""
    starts = _clause_starts(sentence)
    content = [h for h in hits if h.concept not in ENGINE_CONCEPTS]
    if forward:
        end = min([x for x in starts if x >= neg.stop], default=len(sentence.text))
        named = [h.stop for h in content if neg.stop <= h.at < end]
        if named:
            turns = [h.at for h in hits if h.concept == CLAUSE_BREAK and min(named) <= h.at < end]
            end = min([end, *turns])
            # A message told without commas ("not about filing this year I'm
            # asking for my roommate, will his ITIN go to ICE") turns to its
            # question soon after what it sets aside: reach a few words only.
            reach = sentence.token_at(min(h.at for h in content if neg.stop <= h.at < end)) + NOT_ABOUT_REACH
            if reach < len(sentence.spans):
                end = min(end, sentence.spans[reach][0])
        return ("chars", neg.stop, end)
    begin = max([x for x in starts if x <= neg.at], default=0)
    named = [h.at for h in content if begin <= h.at < neg.at]
    if not named:
        # Written as a clause of its own ("the preparer can't share it, that's
        # not what I'm asking"): it sets aside the clause before.
        begin = max([x for x in starts if x < begin], default=begin)
        named = [h.at for h in content if begin <= h.at < neg.at]
    if named:
        turns = [h.stop for h in hits if h.concept == CLAUSE_BREAK and h.stop <= max(named)]
        turns = [x for x in turns if x >= begin]
        begin = max([begin, *turns])
    return ("chars", begin, neg.at)


def _in_scope(hit: Hit, sentence: Sentence, scope: tuple) -> bool:
    kind, low, high = scope
    if kind == "tokens":
        return low <= hit.start <= high
    return low <= hit.at < high or low < hit.stop <= high


def without_covered(hits: list[Hit]) -> list[Hit]:
    """Drop mentions that lie inside a longer mention of another concept: in
    "tax preparer" the word "tax" is part of the preparer, not the taxes;
    in "bill of rights", "rights" is part of the bill. A Latin acronym inside a
    Chinese or Korean trigger stays a mention of its own: in "给ICE" (give to
    ICE) the trigger of `share` uses ICE as context, and ICE is still named.
    A should/must phrase keeps the concept it begins with: "أقدّم الضرايب
    هالسنة ولا لا؟" (do I file this year or not?) names the filing too; but
    "what should we do" is one question, not also "what is"."""
    long = [h for h in hits if h.end > h.start or h.chars > 4]
    if not long:
        return hits
    kept = []
    for h in hits:
        if h.concept not in ENGINE_CONCEPTS:
            for o in long:
                if (  # swallows(o, h), written out: most pairs do not overlap, and it is tried for each
                    o.at <= h.at and h.stop <= o.stop and o.stop - o.at > h.stop - h.at
                    and o.concept != h.concept
                    and o.concept not in ENGINE_CONCEPTS
                    and not _acronym_in_script(h, o)
                    and not (o.concept in MODALS and o.at == h.at and h.concept != DEFINE)
                ):
                    break  # inside a longer mention of another concept
            else:
                kept.append(h)
        else:
            kept.append(h)
    return kept


def _acronym_in_script(inner: Hit, outer: Hit) -> bool:
    word = inner.trigger.lstrip("=~")
    return word.isascii() and word.isalpha() and not outer.trigger.isascii()


def modal_holds(raw: list[Hit], kept: list[Hit]) -> bool:
    """Whether a kept modal phrase holds a concept in its own words: "هل أقدم
    هالسنة ولا لا؟" (should I file this year or not?) is one should-phrase
    around the filing verb. The phrase stands for the modal alone, but its
    sentence still asks about something, so the backstory before it weighs
    less (evidence.sentence_weights)."""
    return any(
        o.concept in MODALS
        and any(h.concept not in ENGINE_CONCEPTS and h.concept not in MODALS and swallows(o, h) for h in raw)
        for o in kept
    )
