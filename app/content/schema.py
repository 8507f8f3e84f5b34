"""The shape of every content file, as pydantic models that reject unknown keys.

Content authors read ``content/README.md``; this module is its executable form.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated
from typing import Literal

from pydantic import BaseModel
from pydantic import ConfigDict
from pydantic import Field
from pydantic import StringConstraints
from pydantic import field_validator
from pydantic import model_validator

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=64)]
NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
StateCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
HelpKind = Literal["tax", "immigration", "detention", "general"]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)


class TopicEntry(Model):
    id: Id
    kind: Literal["content", "meta"]
    # An urgent answer (call 911, find a detained person) is given only on
    # strong evidence; on weak evidence it is offered as a choice.
    urgent: bool = False
    # Concepts that say the urgent situation is not happening now ("just
    # curious", "last year", "he was released"): then the topic is an ordinary
    # one, on half its evidence (app/engine/matching.py).
    calmed_by: list[Id] = Field(default_factory=list)


class TopicsFile(Model):
    version: Literal[1]
    topics: list[TopicEntry] = Field(min_length=1)


class KeepPoint(Model):
    """A point every form of an answer must keep, in every language (issue 13):
    ``say`` describes it for translators and reviewers; ``en`` lists words of
    which the English forms must contain at least one (other languages' words
    are in translations/<locale>/keep.yaml)."""

    say: NonEmpty
    en: list[NonEmpty] = Field(min_length=1)


class AnswerFile(Model):
    version: Literal[1]
    topic: Id
    title: NonEmpty
    question: NonEmpty | None = None  # shown first: the heading (web) or first line (SMS)
    needs_lawyer: bool = False
    reviewed: dt.date
    review_by: dt.date
    sources: list[Id] = Field(default_factory=list)
    text: NonEmpty
    sms: NonEmpty
    choices: list[Id] = Field(default_factory=list)
    keep: dict[Id, KeepPoint] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _dates_in_order(self) -> AnswerFile:
        if self.review_by < self.reviewed:
            raise ValueError("review_by is earlier than reviewed")
        return self


class SourceEntry(Model):
    id: Id
    title: NonEmpty
    publisher: NonEmpty
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")]
    date: dt.date | None = None
    tier: Literal["P", "R", "W"]
    locale: str = "en"


class SourcesFile(Model):
    version: Literal[1]
    sources: list[SourceEntry]


class RuleEntry(Model):
    topic: Id
    priority: int = Field(ge=0, le=1000)
    when: list[Id] = Field(min_length=1)
    unless: list[Id] = Field(default_factory=list)
    # False: half of this rule (one concept of two) never offers its topic as
    # a choice; for pairs whose single concepts belong to other questions.
    partial: bool = True
    # True (urgent topics only): the rule asks how to prepare for its scene ("a
    # plan in case of a raid"): the calm such a question brings does not halve
    # it, and leading, it is offered beside the next best, never answered.
    ahead: bool = False


class RulesFile(Model):
    version: Literal[1]
    # Concepts that say who or what a message is about (the IRS, ICE, a family
    # member): negation never removes them ("nobody from the IRS answers me").
    negation_keeps: list[Id] = Field(default_factory=list)
    # Concepts of a scene that a negation does not change ("don't open the
    # door" still asks about the door). Unlike negation_keeps, each of them
    # can be a question on its own.
    negation_spares: list[Id] = Field(default_factory=list)
    # Concepts that name a person ("my wife"): after "but", a denial is said of them.
    persons: list[Id] = Field(default_factory=list)
    # Persons whose word a message may only report ("my accountant says the
    # IRS can't..."): named just before a say-verb, they weigh half.
    reporters: list[Id] = Field(default_factory=list)
    # Concepts that only sharpen a question ("what is", "how do I renew"):
    # never a question on their own, so never asked about alone.
    qualifiers: list[Id] = Field(default_factory=list)
    # Concepts that tell an urgent scene by themselves ("men in vests"): a
    # message with nothing else to answer is offered the urgent topics whose
    # rules use them, not the fallback.
    scenes: list[Id] = Field(default_factory=list)
    rules: list[RuleEntry] = Field(min_length=1)


class VocabFile(Model):
    version: Literal[1]
    locale: str
    concepts: dict[Id, list[NonEmpty]]
    # Texting shorthand: a word as people abbreviate it -> the word it stands for.
    shorthand: dict[NonEmpty, NonEmpty] = Field(default_factory=dict)

    @field_validator("concepts")
    @classmethod
    def _no_empty_concepts(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        empty = [name for name, words in value.items() if not words]
        if empty:
            raise ValueError(f"concepts without any trigger: {', '.join(empty)}")
        return value


class MenusFile(Model):
    version: Literal[1]
    menus: dict[Id, list[Id]]


class Serves(Model):
    national: bool = False
    states: list[StateCode] = Field(default_factory=list)
    zip_prefixes: list[Annotated[str, StringConstraints(pattern=r"^[0-9]{3,5}$")]] = (
        Field(default_factory=list)
    )

    @model_validator(mode="after")
    def _somewhere(self) -> Serves:
        if not (self.national or self.states or self.zip_prefixes):
            raise ValueError("serves must name national, states or zip_prefixes")
        return self


class ContactSources(Model):
    url: Id | None = None
    phone: Id | None = None
    hours: Id | None = None
    languages: Id | None = None


_PHONE_RE = re.compile(r"[0-9+() .-]{7,25}")
Url = Annotated[str, StringConstraints(pattern=r"^https://\S+$")]


def _check_phone(value: str | None) -> str | None:
    if value is not None and not _PHONE_RE.fullmatch(value):
        raise ValueError("phone must be digits with spaces, dashes or parentheses")
    return value


class Organization(Model):
    id: Id
    name: NonEmpty
    helps_with: list[HelpKind] = Field(min_length=1)
    languages: list[str] = Field(default_factory=list)
    serves: Serves
    url: Url | None = None
    phone: str | None = None
    hours: str | None = None
    note: str | None = None  # shown to readers (and translated)
    # Details no cited page confirms yet: shown with a caveat in every channel.
    unconfirmed: list[Literal["name", "url", "phone", "hours", "languages"]] = Field(
        default_factory=list
    )
    editor_note: str | None = None  # for content editors only; never shown to readers
    contact_sources: ContactSources

    _phone_shape = field_validator("phone")(classmethod(lambda cls, v: _check_phone(v)))

    @model_validator(mode="after")
    def _every_detail_sourced(self) -> Organization:
        missing = [
            field
            for field in ("url", "phone", "hours", "languages")
            if getattr(self, field) and getattr(self.contact_sources, field) is None
        ]
        if missing:
            raise ValueError(f"no contact_sources entry for: {', '.join(missing)}")
        if not (self.url or self.phone):
            raise ValueError("an organization needs a url or a phone")
        return self


class DirectoryFile(Model):
    version: Literal[1]
    reviewed: dt.date  # shown with every referral list drawn from this file
    review_by: dt.date
    organizations: list[Organization]

    @model_validator(mode="after")
    def _dates_in_order(self) -> DirectoryFile:
        if self.review_by < self.reviewed:
            raise ValueError("review_by is before reviewed")
        return self


class PlacesFile(Model):
    version: Literal[1]
    states: dict[StateCode, dict[str, list[NonEmpty]]]


KeywordKind = Literal["stop", "start", "help", "language", "erase", "more"]


class KeywordsFile(Model):
    version: Literal[1]
    keywords: dict[KeywordKind, dict[str, list[NonEmpty]]]


Color = Annotated[str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$")]
Origin = Annotated[str, StringConstraints(pattern=r"^(self|https?://[a-z0-9.-]+(:[0-9]{1,5})?)$")]


class TenantColors(Model):
    primary: Color  # header, launcher, buttons; also link colour on white
    on_primary: Color  # text on the primary colour


class TenantService(Model):
    """One of the organization's own services, listed first in referrals.
    The organization vouches for its own details (no source needed)."""

    id: Id
    name: NonEmpty
    helps_with: list[HelpKind] = Field(min_length=1)
    languages: list[str] = Field(default_factory=list)
    url: Url | None = None
    phone: str | None = None
    hours: str | None = None
    note: str | None = None

    _phone_shape = field_validator("phone")(classmethod(lambda cls, v: _check_phone(v)))


class TenantFile(Model):
    version: Literal[1]
    id: Id
    name: NonEmpty
    colors: TenantColors
    logo: str | None = None  # a file beside the YAML, served by the bot
    allowed_origins: list[Origin] = Field(min_length=1)
    default_locale: str = "en"
    locales: list[str] = Field(default_factory=list)  # empty: every configured locale
    services: list[TenantService] = Field(default_factory=list)
    exclude_topics: list[Id] = Field(default_factory=list)
    greeting: str | None = None  # English; translated through the catalogs
