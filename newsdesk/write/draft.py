"""The structured draft every writer backend produces, whatever made it.

A draft is a story as data: headline, dateline, lede, sections, quotes,
timeline, "sources disagree" notes, sources and disclaimer. Every sentence
carries the evidence ids it restates; rendering turns those into citations
[n] that link to the sources. The verifier reads drafts, not rendered text.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

STYLES = ("brief", "standard", "in-depth")
# The plain subheading of each kind of section: what a section is called when the writer
# gives it no heading of its own, or when the verifier cannot ground the one it gave.
SECTION_HEADINGS = {
    "main": "What happened",
    "quotes": "What they said",
    "background": "Background",
    "next": "What comes next",
}


@dataclass(slots=True)
class DraftSentence:
    text: str
    evidence: list[str]
    # a light edit made to the source sentence: "dateline" (a wire dateline, an outlet's mark
    # or a video player's button before it), "connective", "comment" or "ticker" (a stock
    # listing dropped: "(NASDAQ: MSFT)")
    edit: str | None = None


@dataclass(slots=True)
class Section:
    heading: str
    kind: str  # main | quotes | background | next
    sentences: list[DraftSentence]


@dataclass(slots=True)
class QuoteItem:
    text: str  # verbatim, without quotation marks
    speaker: str
    role: str | None
    source: str  # the outlet (or "source n")
    evidence: list[str]


@dataclass(slots=True)
class TimelineRow:
    date: str  # ISO at its precision
    label: str  # "Jan. 3, 2024"
    text: str
    evidence: list[str]


@dataclass(slots=True)
class Disagreement:
    about: str
    sentence: DraftSentence  # "Sources differ on …: A says X [1]; B says Y [2]."


_INNER_QUOTES = str.maketrans({"“": "‘", "”": "’", '"': "'"})


@dataclass(slots=True)
class SourceItem:
    ref: int
    outlet: str
    title: str
    url: str
    published: str | None
    article_id: str
    reprint_of: int | None = None  # ref of the original when this is a reprint
    opening: str = ""  # the words the report opens with: its name when it has no title
    opinion: bool = False  # labels itself opinion: read, listed, never written from

    def label(self) -> str:
        """What a reader is shown for this source: its title, else the words it opens
        with marked as such, else its address."""
        if self.title:
            return self.title
        if self.opening:  # quoted, so its own quotation marks become single ones
            inner = self.opening.translate(_INNER_QUOTES)
            return f"“{inner}” (untitled)"
        return self.url or self.article_id


@dataclass(slots=True)
class Draft:
    story: str
    style: str
    writer: str
    headline: DraftSentence
    headline_from: str | None  # the outlet whose headline this is, when it is one verbatim
    dateline_place: str | None
    dateline_date: str | None  # ISO date: the newest report's
    lede: list[DraftSentence]
    sections: list[Section] = field(default_factory=list)
    quotes: list[QuoteItem] = field(default_factory=list)
    timeline: list[TimelineRow] = field(default_factory=list)
    disagreements: list[Disagreement] = field(default_factory=list)
    sources: list[SourceItem] = field(default_factory=list)
    disclaimer: str = ""
    independent_sources: int = 0

    def body(self) -> list[DraftSentence]:
        """The running text in reading order: lede, then each section."""
        return [*self.lede, *(s for sec in self.sections for s in sec.sentences)]

    def sentences(self) -> list[DraftSentence]:
        """Every sentence a reader sees that states something (what the verifier checks)."""
        rows = [DraftSentence(r.text, r.evidence) for r in self.timeline]
        quotes = [DraftSentence(q.text, q.evidence) for q in self.quotes]
        notes = [d.sentence for d in self.disagreements]
        return [self.headline, *self.body(), *quotes, *rows, *notes]

    def text(self) -> str:
        """Lede and sections as plain text, one paragraph per sentence."""
        return "\n".join(s.text for s in self.body())

    def words(self) -> int:
        return sum(len(s.text.split()) for s in self.body())

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["text"] = self.text()
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Draft:
        def sent(d: dict[str, Any]) -> DraftSentence:
            return DraftSentence(d["text"], list(d["evidence"]), d.get("edit"))

        return cls(
            story=data["story"],
            style=data["style"],
            writer=data["writer"],
            headline=sent(data["headline"]),
            headline_from=data.get("headline_from"),
            dateline_place=data.get("dateline_place"),
            dateline_date=data.get("dateline_date"),
            lede=[sent(s) for s in data["lede"]],
            sections=[
                Section(s["heading"], s["kind"], [sent(x) for x in s["sentences"]])
                for s in data.get("sections", [])
            ],
            quotes=[QuoteItem(**q) for q in data.get("quotes", [])],
            timeline=[TimelineRow(**r) for r in data.get("timeline", [])],
            disagreements=[
                Disagreement(d["about"], sent(d["sentence"])) for d in data.get("disagreements", [])
            ],
            sources=[SourceItem(**s) for s in data.get("sources", [])],
            disclaimer=data.get("disclaimer", ""),
            independent_sources=data.get("independent_sources", 0),
        )
