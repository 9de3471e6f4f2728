"""The fact sheet: what a story's sources say, each item tied to evidence ids.

Every writer (the extractive default and the LLM backends) reads this and
nothing else; the verifier checks drafts against the evidence it names. It is
plain data, serialisable to JSON and back (``to_json`` / ``from_json``), so a
fact sheet can be stored with the story version it produced and shown to a
model as numbered evidence.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, fields, is_dataclass
from datetime import datetime
from typing import Any, TypeVar

FACTS_VERSION = 20  # 20: a title that is only a date ("APR 28") is no title
# 19: a quotation's speaker in the present tense ("tells People"); whom a
# speaker speaks of ("adds that X will") is not the speaker
# 18: "tonight", "this morning", "last night" date their sentence; a date
# weeks before the first report is no day of the news, and a heading no date line
# 17: a heading in title case inside a page's text is no sentence
# 16: a quotation's speaker is never a name in the possessive, and
# may be named by role alone ("a prosecutor told jurors")
# 15: a report labelled opinion lends the story no sentence
# 14: a report's title set in capitals is kept in sentence case
# 13: a sentence inside a longer quotation, with no mark of its own, is
# the speaker's and not written from; "8 p.m. ET" ends no sentence
# 12: "Planned Parenthood" and "upcoming" say nothing of what is to come;
# a dateline's lone dash and mixed quotation marks leave a sentence usable
# 11: a weekday that may be the day after UTC is not dated
# 8: a report's own date is set only against another's opening; relevance
# 7: captions and more site furniture are not written from
# 6: a date ahead on the publication's own day or month is of that day
# 4: a title-case wire dateline ("Mannheim, Germany (Sports Network) -")
# 2: dates disagree only about the same matter; quotation pieces unusable


@dataclass(slots=True)
class SourceDoc:
    """One article as the analysis reads it (from the store or a JSON line)."""

    article_id: str
    text: str
    title: str = ""
    outlet: str = ""
    url: str = ""
    published: datetime | None = None
    reprint_of: str | None = None
    sentences: list[str] | None = None  # the stored split (evidence ids); None: split here


@dataclass(slots=True)
class Source:
    """A cited article. ``ref`` is its citation number [n] in the story."""

    ref: int
    article_id: str
    outlet: str
    title: str
    url: str
    published: datetime | None
    group: str  # independent-source key: the original of a reprint, else the article itself
    reprint_of: str | None = None
    opinion: bool = False  # labels itself opinion: its sentences are not told as the story's

    @property
    def name(self) -> str:
        """How the story names this source: its outlet, else "source n"."""
        return self.outlet or f"source {self.ref}"


@dataclass(slots=True)
class Evidence:
    """One source sentence: the unit every fact and every draft sentence cites."""

    id: str  # "<article id>:<index>"
    ref: int  # the source's citation number
    index: int  # position in its article
    text: str
    usable: bool  # False: boilerplate, caption, fragment — cited by facts, never written
    centrality: float = 0.0  # cosine to the story's centroid (sources weighted equally)
    # ... to the centroid of the other independent sources: what the rest of the story
    # shares with it (an item of a news roundup about something else shares nothing)
    relevance: float = 0.0
    support: list[str] = field(default_factory=list)  # other independent groups saying it
    dates: list[str] = field(default_factory=list)  # ISO dates it states, resolved
    future: bool = False  # speaks of what is planned or expected
    quote: bool = False  # holds a direct quotation
    dangling: bool = False  # opens with a pronoun or a connective that needs the sentence before


@dataclass(slots=True)
class Quote:
    """A quotation (``direct``) or reported speech, with its speaker as the source gives it."""

    text: str  # verbatim, without the quotation marks; for reported speech the whole sentence
    speaker: str | None
    role: str | None
    evidence: str
    ref: int
    direct: bool = True
    resolved_from: str | None = None  # the earlier sentence that named a pronoun's speaker


@dataclass(slots=True)
class Entity:
    name: str
    label: str  # PERSON | ORG | GPE | LOC | FAC | NORP | EVENT | …
    mentions: int
    refs: list[int]
    evidence: list[str]


@dataclass(slots=True)
class RoleName:
    """A role and a name as one source states them ("Prime Minister Mohammed Shia al-Sudani")."""

    role: str
    name: str
    evidence: str
    ref: int


@dataclass(slots=True)
class DatedEvent:
    """A sentence that dates something, with the date resolved against its article's time."""

    date: str  # ISO at its precision (2024-01-03, 2024-01, 2024; --01-03 without a year)
    precision: str
    label: str  # as it reads: "Jan. 3, 2024"
    expression: str  # as the source wrote it: "on Wednesday"
    evidence: str
    ref: int
    text: str


@dataclass(slots=True)
class NumberFact:
    value: float
    text: str  # "at least 12"
    counts: str  # what it counts: "people killed", "troops", "dollars"
    exact: bool  # False for "at least", "about", "more than" …
    evidence: str
    ref: int
    group: str


@dataclass(slots=True)
class Claim:
    value: str
    refs: list[int]
    evidence: list[str]


@dataclass(slots=True)
class Conflict:
    """Independent sources giving different values for the same thing."""

    kind: str  # number | place | date
    about: str  # "people killed", "where it happened", "when it happened"
    claims: list[Claim]


@dataclass(slots=True)
class FactSheet:
    story: str
    sources: list[Source]
    evidence: list[Evidence]
    quotes: list[Quote] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    roles: list[RoleName] = field(default_factory=list)
    events: list[DatedEvent] = field(default_factory=list)
    numbers: list[NumberFact] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    # Pairs of source refs whose accounts of the event cannot both hold (different places or
    # dates for it): a writer keeps them apart instead of blending them into one narrative.
    incompatible: list[tuple[int, int]] = field(default_factory=list)
    places: dict[int, list[str]] = field(default_factory=dict)  # ref -> specific places stated
    datelines: dict[int, str] = field(default_factory=dict)  # ref -> dateline place
    version: int = FACTS_VERSION

    def source(self, ref: int) -> Source:
        return self.sources[ref - 1]

    def evidence_by_id(self) -> dict[str, Evidence]:
        return {e.id: e for e in self.evidence}

    def as_of(self, refs: Iterable[int] | None = None) -> str | None:
        """The latest day a report among ``refs`` (all sources when None) was filed on, on
        its writer's clock (UTC where the report stated no offset): a report filed at 8 p.m.
        in New York is of that day, where its "today" falls, not of UTC's next day."""
        chosen = self.sources if refs is None else [self.source(r) for r in refs]
        days = [s.published.date() for s in chosen if s.published is not None]
        return max(days).isoformat() if days else None

    def independent_count(self) -> int:
        return len({s.group for s in self.sources})

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["incompatible"] = [list(p) for p in self.incompatible]
        out["places"] = {str(k): v for k, v in self.places.items()}
        out["datelines"] = {str(k): v for k, v in self.datelines.items()}
        for s in out["sources"]:
            s["published"] = s["published"].isoformat() if s["published"] else None
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FactSheet:
        sources = []
        for s in data["sources"]:
            s = dict(s)
            s["published"] = datetime.fromisoformat(s["published"]) if s["published"] else None
            sources.append(Source(**s))
        conflicts = [
            Conflict(c["kind"], c["about"], [Claim(**x) for x in c["claims"]])
            for c in data.get("conflicts", [])
        ]
        return cls(
            story=data["story"],
            sources=sources,
            evidence=_load(Evidence, data["evidence"]),
            quotes=_load(Quote, data.get("quotes", [])),
            entities=_load(Entity, data.get("entities", [])),
            roles=_load(RoleName, data.get("roles", [])),
            events=_load(DatedEvent, data.get("events", [])),
            numbers=_load(NumberFact, data.get("numbers", [])),
            conflicts=conflicts,
            incompatible=[(int(a), int(b)) for a, b in data.get("incompatible", [])],
            places={int(k): v for k, v in data.get("places", {}).items()},
            datelines={int(k): v for k, v in data.get("datelines", {}).items()},
            version=data.get("version", FACTS_VERSION),
        )


T = TypeVar("T")


def _load(kind: type[T], rows: list[dict[str, Any]]) -> list[T]:
    assert is_dataclass(kind)
    names = {f.name for f in fields(kind)}
    return [kind(**{k: v for k, v in row.items() if k in names}) for row in rows]
