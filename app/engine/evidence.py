"""The evidence in a message: which concepts it mentions, and how strongly.

A concept's weight is the strongest of its mentions, each being

    specificity of the trigger  x  weight of its sentence  (x 0.7 for a typo)

- **Sentences.** A long message is cut into sentences. A sentence asks when
  it ends in "?" or opens with a question word (engine concept ``asks``).
  When the message asks, the last asking sentence that names something
  weighs 1 ("what do I do now?" names nothing, "must I sign too?" only a
  modal: it asks about what came before); the sentences before it
  weigh less the further they are (down to 0.4), and statements weigh less
  than questions, so a story's backstory does not decide what it asks. A
  question that points back at someone (engine concept ``refers-back``:
  "him", "esa persona", "ba li", "그 사람") brings along who that is: the
  persons (``persons``: a relative, a preparer) named in the nearest of the
  three sentences before it that names one weigh nearly as much as the
  question. Short
  messages (up to ``SHORT_TOKENS`` words), and messages that ask nothing (an
  emergency told as it happens), weigh the same throughout.
- **Longer triggers win.** A mention inside a longer mention of another
  concept belongs to that one ("tax" in "tax preparer").
- **Negation.** A negator of the language (engine concept ``not``: "not",
  "don't", "no", "nunca", "pa", "không", "hindi", "لا", ...) removes the
  first concept it reaches in the next few words, up to a clause break
  (engine concept ``but``: "but", "pero", "just", ...): "I'm not afraid of
  immigration" denies the fear, not immigration. Negators written after what
  they deny (concept ``not-after``: Korean "아니", "않") look back instead. A
  negator that is part of a longer trigger ("no papers" = undocumented) is
  that trigger, not a negation. In the last clause of a question a negator is
  part of the question ("can't I file without an SSN?") and denies nothing.
  Concepts that say who or what the message is about (``negation_keeps`` in
  content/rules.yaml: the IRS, ICE, a relative) are never removed, except by
  a ``not-about`` ("not about taxes, I need a lawyer"; Korean
  ``not-about-after``: "세금 얘기 말고"), which sets its whole clause aside.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass
from dataclasses import replace
from typing import Callable
from typing import Iterable
from typing import NamedTuple
from typing import Sequence

from app.engine.grammar import ASKS
from app.engine.grammar import ASKS_END
from app.engine.grammar import CLAUSE_BREAK
from app.engine.grammar import ENGINE_CONCEPTS
from app.engine.grammar import REFERS_BACK
from app.engine.grammar import SAYS
from app.engine.grammar import MENU
from app.engine.grammar import MODALS
from app.engine.grammar import REPLIES
from app.engine.grammar import SMALL_TALK
from app.engine.negation import modal_holds
from app.engine.negation import without_covered
from app.engine.negation import without_negated
from app.engine.normalize import is_unspaced
from app.engine.normalize import normalize
from app.engine.normalize import word_count
from app.engine.vocabulary import Hit
from app.engine.vocabulary import LocaleIndex
from app.engine.vocabulary import Sentence

# Replies to the bot's own questions ("yes", "no thanks") and courtesies
# ("please", "thanks", "help me"): they say nothing about what a sentence is
# about, so "how do I find him, please?" still asks about what came before.
REPLY_CONCEPTS = REPLIES | SMALL_TALK | {MENU}
ASKS_WITHIN = 2  # a question word among a sentence's first two words ("so what ...")

REFER_BACK_SENTENCES = 3  # how far back a question's "he" looks for the person it means
REFERRED_WEIGHT = 0.9  # a person a question points back at ("him"), against the question
REPORTED_WEIGHT = 0.5  # a person only quoted ("my accountant says the IRS ..."): the message is about what was said
REPORT_GAP = 12  # characters from the person to the say-verb ("preparer mwen an di", "会计跟我说")
SHORT_TOKENS = 14  # messages up to this many words: every sentence weighs 1
FIRST_SENTENCE_WEIGHT = 0.4
FULL_DISCOUNT_AFTER = 4  # sentences before the question: the first of them weighs FIRST_SENTENCE_WEIGHT
STATEMENT_WEIGHT = 0.75  # a statement in a message that also asks a question
FUZZY_WEIGHT = 0.7
RUN_ON_WORDS = 20  # words before a question opener that make them a story of their own

# A full stop, comma or colon between two digits ("47.000", "47,000",
# "2:30") is part of a number or a time, not a sentence or clause break.
_SENTENCE_END = re.compile(r"(?:[!?;\n\u3002\uff01\uff1f\u061f\u2026]|(?<!\d)\.|\.(?!\d))+")
# Chinese written with spaces for commas ("我不是问移民的事 我有绿卡 就想知道...")
# is split there too: between two Han characters a space ends a clause.
_CLAUSE_END = re.compile(
    r"[\uff0c\u3001\u060c]|(?<!\d)[,:]|[,:](?!\d)|(?<=[\u4e00-\u9fff]) +(?=[\u4e00-\u9fff])"
)
_QUESTION = frozenset("?\uff1f\u061f")
# Where a question begins inside a run of words that no full stop cuts (a
# voice message, or a story told in one breath): an opening "¿", the
# Arabic question particle هل ("وهل": "and is…"), French "est-ce que". The
# words before it are the story; the question is what follows.
_QUESTION_OPENS = re.compile(r"\u00bf|(?<=\s)\u0648?\u0647\u0644(?=\s)|(?<=\s)est-ce qu", re.IGNORECASE)


class Mention(NamedTuple):
    """One use of a concept, for explanations (a named tuple, as Hit)."""

    trigger: str
    sentence: int
    weight: float
    fuzzy: bool


class ConceptEvidence(NamedTuple):
    concept: str
    weight: float
    sentence: int  # where its strongest mention is
    mentions: tuple[Mention, ...]


@dataclass(frozen=True, slots=True)
class Evidence:
    concepts: dict[str, ConceptEvidence]
    negated: tuple[str, ...]  # concepts whose every mention was negated
    sentences: int
    denied: frozenset[str] = frozenset()  # concepts with at least one negated mention
    asks: bool = False  # some sentence asks ("?", a question word, 吗)
    weights: tuple[float, ...] = ()  # each sentence's weight
    # Per sentence with a `but`: the concepts before it and after it ("nobody
    # came, but if they knock…": the calm before, the knock after).
    turns: tuple[tuple[frozenset[str], frozenset[str]], ...] = ()
    reported: frozenset[str] = frozenset()  # reporters only quoted, never asked about
    says: tuple[tuple[int, ...], ...] = ()  # per sentence, where its say-verbs start

    def __contains__(self, concept: str) -> bool:
        return concept in self.concepts

    def weight(self, concept: str) -> float:
        found = self.concepts.get(concept)
        return found.weight if found else 0.0

    def together(self, names: Iterable[str]) -> float:
        """The most ``names`` weigh when said in one sentence (0: no sentence
        holds them all). Each concept's weight is its strongest mention; this
        is for when those lie in different sentences."""
        sums: dict[int, float] | None = None
        for name in names:
            best: dict[int, float] = {}
            for mention in self.concepts[name].mentions:
                best[mention.sentence] = max(mention.weight, best.get(mention.sentence, 0.0))
            sums = best if sums is None else {n: w + best[n] for n, w in sums.items() if n in best}
        return max(sums.values(), default=0.0) if sums else 0.0


MAX_SENTENCES = 32  # more are read as fewer (see split_sentences); long real stories have 10-15


def split_sentences(text: str) -> list[tuple[str, bool]]:
    """(sentence, is a question) pieces of a message, in order."""
    out: list[tuple[str, bool]] = []
    last = 0
    for found in _SENTENCE_END.finditer(text):
        _add_piece(out, text[last : found.start()], any(ch in _QUESTION for ch in found.group(0)))
        last = found.end()
    _add_piece(out, text[last:], False)
    if len(out) > MAX_SENTENCES:
        # Each sentence costs a fixed scan, so "a. a. a. ..." (1,000 sentences
        # of one word) cost 100 ms. Real stories open and end with what
        # matters: keep the first and last sentences, and read the middle
        # ones as the clauses of one sentence (one scan for all of them).
        keep = MAX_SENTENCES // 2
        middle = out[keep:-keep]
        merged = (", ".join(piece for piece, _q in middle), any(q for _p, q in middle))
        out = [*out[:keep], merged, *out[-keep:]]
    return out or [(text, False)]


def _clauses(piece: str) -> list[str]:
    """A sentence's clauses (_CLAUSE_END), the regex run only where a clause end can be."""
    maybe = any(ch in piece for ch in ",:\uff0c\u3001\u060c") or (" " in piece and not piece.isascii())
    return _CLAUSE_END.split(piece) if maybe else [piece]


def _add_piece(out: list[tuple[str, bool]], piece: str, question: bool) -> None:
    """Add one sentence, cut where a question opens after a story told
    without a stop (RUN_ON_WORDS or more words): the words before are a
    statement, the last part ends as the sentence did. The clause just
    before the opener ("if he files, est-ce que…") is the question's own
    condition, and stays with it. Each opener holds "¿", "هل" or a hyphen."""
    cuts: set[int] = set()
    may = "\u00bf" in piece or "\u0647\u0644" in piece or "-" in piece
    openers = _QUESTION_OPENS.finditer(piece) if may else ()
    for opener in openers:
        # The clause just before the question is its own ("my boss reports
        # my pay, ¿does the IRS pass that on?"): cut before that clause.
        before = piece[: opener.start()].rstrip(" ,:\u060c\uff0c\u3001")
        clauses = list(_CLAUSE_END.finditer(before))
        cut = clauses[-1].end() if clauses else opener.start()
        if len(piece[:cut].split()) >= RUN_ON_WORDS:
            cuts.add(cut)  # two openers after one clause cut once
    ordered = sorted(cuts)
    for start, stop in zip([0, *ordered], [*ordered, len(piece)], strict=True):
        part = piece[start:stop]
        if part.strip():
            out.append((part, question and stop == len(piece)))


def sentence_weights(
    sentences: list[Sentence], questions: list[bool], topical: list[bool] | None = None
) -> list[float]:
    """Each sentence's weight. ``topical`` says which sentences mention any
    concept: a question that names nothing ("what do I do now?") refers to
    what came before, so it does not discount it."""
    count = len(sentences)
    topical = topical or [True] * count
    asking = [i for i, q in enumerate(questions) if q and topical[i]]
    if count == 1 or not asking or word_count(t for s in sentences for t in s.tokens) <= SHORT_TOKENS:
        return [1.0] * count
    last = asking[-1]
    weights = []
    for i in range(count):
        if i >= last:
            weight = 1.0
        else:
            weight = 1 - (1 - FIRST_SENTENCE_WEIGHT) * (last - i) / max(last, FULL_DISCOUNT_AFTER)
        if not questions[i]:
            weight *= STATEMENT_WEIGHT
        weights.append(weight)
    return weights


def gather(
    text: str,
    index: LocaleIndex,
    factor: float = 1.0,
    keeps: frozenset[str] = frozenset(),
    subjects: frozenset[str] | None = None,
    denied: frozenset[str] = frozenset(),
    native: Callable[[str], bool] | None = None,
    persons: frozenset[str] = frozenset(),
    weights: tuple[float, ...] = (),
    reporters: frozenset[str] = frozenset(),
    says: tuple[tuple[int, ...], ...] = (),
) -> Evidence:
    """The evidence in ``text`` (cleaned, not yet normalized) for ``index``'s
    language. Negation never removes the ``keeps`` concepts, and a not-about
    removes ``subjects`` (default: ``keeps``) only when its clause holds
    nothing else; ``weights`` (one per sentence) replace the computed sentence
    weights, for a second reading of the same text; ``denied`` ones
    (negated in another pass over the same text) are left out. With
    ``native`` (is this token a word of the conversation's language?), a
    mention made only of such words is left out: other languages' words
    count, but not a single word that is also ours ("one" is a Haitian
    greeting, and an English number). A ``reporters`` person named just
    before a say-verb ("mi contadora dice que...") weighs REPORTED_WEIGHT:
    what they said is the question, unless a later question points back at
    them ("... Can she do that?"). A second reading passes the first's
    ``says``, so that "my accountant falou que..." is quoted in both."""
    pieces = split_sentences(text)
    sentences = [Sentence.of_clauses([normalize(c) for c in _clauses(piece)]) for piece, _q in pieces]
    scanned = []
    questions = []
    modal_asks = []
    for (_piece, question), sentence in zip(pieces, sentences, strict=True):
        raw = index.scan(sentence)
        hits = without_covered(raw)
        modal_asks.append(modal_holds(raw, hits))
        if native is not None:
            # A word of our language is ours ("one" is English before it is a
            # Haitian greeting); a phrase of several words ("switch to" in a
            # Spanish message) is the other language's, loanwords or not.
            hits = [
                h for h in hits
                if h.end > h.start or not native(sentence.tokens[h.start])
            ]
        scanned.append(hits)
        questions.append(question or _asks(hits, sentence))
    topical = [
        held or any(
            h.concept not in ENGINE_CONCEPTS and h.concept not in REPLY_CONCEPTS and h.concept not in MODALS
            for h in hits
        )
        for held, hits in zip(modal_asks, scanned, strict=True)
    ]
    if len(weights) != len(sentences):
        weights = sentence_weights(sentences, questions, topical)
    # A question pointing back at someone ("is it safe to give him my
    # papers?") brings along who that is: the persons named in the nearest of
    # the three sentences before it that names one ("a guy who does taxes.
    # He has my W-2s. Is he allowed to share them?") weigh nearly as much as
    # the question, which still wins a tie. The rest of that sentence keeps
    # its weight ("... got a letter from court. Where can he find a lawyer?").
    pointed: dict[int, float] = {}  # sentence before the question -> the question's weight
    for i, hits in enumerate(scanned):
        if i > 0 and weights[i] > weights[i - 1] and any(h.concept == REFERS_BACK for h in hits):
            names = [j for j in range(i - 1, max(-1, i - 1 - REFER_BACK_SENTENCES), -1)
                     if any(h.concept in persons for h in scanned[j])]
            pointed[names[0] if names else i - 1] = weights[i]
    best: dict[str, ConceptEvidence] = {}
    mentions: dict[str, list[Mention]] = {}
    negated: set[str] = set()
    # What a not-about sets aside ("I'm not asking about filing") is set
    # aside in the whole message, so "..., I already filed" does not bring it
    # back, except where a later question asks it again (a later sentence, or
    # a later clause of its own), in one clause with a question word or a
    # modal ("not asking how to file. Should I file this year?"); who or what
    # the message is about (subjects) stays elsewhere.
    asides: list[set[str]] = [set() for _ in sentences]
    named = [bool(persons) and not persons.isdisjoint(h.concept for h in hits) for hits in scanned]
    kept_of = [
        without_negated(
            scanned[number], sentence, negated, keeps, asks=questions[number], persons=persons,
            subjects=keeps if subjects is None else subjects, set_aside=asides[number],
            someone_else=any(named[number + 1 : number + 2]),  # a person named in the next sentence
        )
        for number, sentence in enumerate(sentences)
    ]
    set_aside = set().union(*asides)
    turns = []
    reported: set[str] = set()
    said = tuple(
        tuple(sorted(
            {h.at for h in hits if h.concept == SAYS and _says_something(h, hits, persons)}
            .union(*says[number : number + 1])
        ))
        if reporters else ()
        for number, hits in enumerate(scanned)
    )
    for number, weight in enumerate(weights):
        back = set_aside - set().union(*asides[number + 1 :]) if questions[number] else ()  # may be asked again
        kept = [h for h in kept_of[number] if h.concept not in set_aside
                or (h.concept in back and _asked_again(h, scanned[number], sentences[number]))]
        says_at = said[number]
        bounds = sentences[number].clause_offsets() if says_at else ()
        turn = next((h.at for h in scanned[number] if h.concept == CLAUSE_BREAK), None)
        if turn is not None:
            turns.append((frozenset(h.concept for h in kept if h.stop <= turn),
                          frozenset(h.concept for h in kept if h.at > turn)))
        negated.update(h.concept for h in kept_of[number] if h.concept in set_aside and h not in kept)
        pointed_at = pointed.get(number)
        for hit in kept:
            if hit.concept in ENGINE_CONCEPTS or hit.concept in denied:
                continue
            if pointed_at and hit.concept in persons:
                weight_of_hit = max(weight, REFERRED_WEIGHT * pointed_at)
            elif hit.concept in reporters and _quoted(hit, says_at, bounds):
                weight_of_hit = weight * REPORTED_WEIGHT
                reported.add(hit.concept)
            else:
                weight_of_hit = weight
            strength = hit.specificity * weight_of_hit * factor * (FUZZY_WEIGHT if hit.fuzzy else 1.0)
            mention = Mention(hit.trigger, number, round(strength, 3), hit.fuzzy)
            listed = mentions.setdefault(hit.concept, [])
            if mention not in listed:
                listed.append(mention)
            old = best.get(hit.concept)
            if old is None or strength > old.weight:
                best[hit.concept] = ConceptEvidence(hit.concept, strength, number, ())
    concepts = {
        name: ConceptEvidence(name, ev.weight, ev.sentence, tuple(mentions[name]))
        for name, ev in best.items()
    }
    return Evidence(
        concepts, tuple(sorted(negated - set(concepts))), len(sentences), frozenset(negated),
        any(questions), tuple(weights), tuple(turns), frozenset(reported), said,
    )


def _asked_again(hit: Hit, hits: list[Hit], sentence: Sentence) -> bool:
    """Whether ``hit`` shares its clause with a question word or a modal."""
    clause = functools.partial(bisect.bisect_right, sentence.clauses)
    return any((h.concept == ASKS or h.concept in MODALS) and clause(h.start) == clause(hit.start) for h in hits)


def _says_something(say: Hit, hits: list[Hit], persons: frozenset[str]) -> bool:
    """Whether a say-verb is followed by something the message may be about
    (not a person, not small talk): "she says the IRS can't..." quotes her;
    "he says he is a notary and can help me" is about him, and he stays."""
    return any(
        h.at > say.at and h.concept not in ENGINE_CONCEPTS and h.concept not in REPLY_CONCEPTS
        and h.concept not in persons
        for h in hits
    )


def _quoted(hit: Hit, says_at: Sequence[int], bounds: Sequence[int]) -> bool:
    """Whether a say-verb follows ``hit`` closely, in the same clause."""
    return any(
        0 <= at - hit.stop <= REPORT_GAP and not any(hit.stop <= b <= at for b in bounds)
        for at in says_at
    )


def stronger(own: Evidence, other: Evidence) -> Evidence:
    """``own`` with each concept of a second reading of the same text
    (``other``) that is new or stronger there. What ``own`` negated, its
    sentences and their weights stay."""
    if not other.concepts:
        return own
    concepts = dict(other.concepts)
    # A person quoted in either reading stays quoted: the weaker reading wins.
    reported = own.reported | other.reported
    for name, found in own.concepts.items():
        theirs = concepts.get(name, found).weight
        if (found.weight <= theirs) if name in reported else (found.weight >= theirs):
            concepts[name] = found
    return replace(own, concepts=concepts, reported=reported)


def _asks(hits: list[Hit], sentence: Sentence) -> bool:
    """A sentence asks when it opens (first two words) with a question word or request of the
    language (engine concept ``asks``: "what", "how", "can I", "I want to
    know", "qué", "como", ...), even without "?". In scripts written without
    spaces the markers close the sentence (吗, 呢, 나요), so any place counts;
    ``asks-end`` words ask when they close the sentence (Vietnamese "không")."""
    last = len(sentence.tokens) - 1
    for hit in hits:
        if hit.concept == ASKS and (hit.start < ASKS_WITHIN or is_unspaced(sentence.tokens[hit.start])):
            return True
        if hit.concept == ASKS_END and hit.end == last:
            return True
    return False
