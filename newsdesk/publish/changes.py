"""What changed between two states of a story, and whether it matters to a reader.

A developing story gets a new version only when something *material* changed: a new
number (or a new value for a number already reported: the superseded value is named), a
new direct quote, a newly dated event, or a development — a sentence from a newly joined
article that the story's earlier evidence does not already support. A reworded or reprinted
account of what was already known changes nothing. The same support model the verifier
uses decides "already supported", so "new" means what the verifier would call unsupported.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from newsdesk.analyze.facts import FactSheet, NumberFact
from newsdesk.verify.support import EvidenceIndex, align, default_model

MAX_DEVELOPMENTS = 5


@dataclass(slots=True)
class Fact:
    kind: str  # number | quote | event | development
    text: str
    evidence: list[str]
    outlets: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Superseded:
    kind: str  # number
    about: str  # what the number counts
    old: str
    new: str
    old_evidence: list[str]
    new_evidence: list[str]
    outlets: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Changes:
    first: bool = False  # the story's first version: everything is new
    new: list[Fact] = field(default_factory=list)
    superseded: list[Superseded] = field(default_factory=list)
    new_sources: list[str] = field(default_factory=list)  # outlets of the joined articles
    reason: str = ""  # why a version was written without a material change (code upgrade …)

    @property
    def material(self) -> bool:
        return self.first or bool(self.new or self.superseded)

    def summary(self) -> str:
        """One line for a version list: "3 new facts, 1 updated figure"."""
        if self.first:
            return "first version"
        parts = []
        if self.new:
            parts.append(f"{len(self.new)} new fact{'s' if len(self.new) != 1 else ''}")
        if self.superseded:
            n = len(self.superseded)
            parts.append(f"{n} updated figure{'s' if n != 1 else ''}")
        if self.new_sources:
            n = len(self.new_sources)
            parts.append(f"{n} new source{'s' if n != 1 else ''}")
        return ", ".join(parts) or self.reason or "no material change"

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["material"] = self.material
        out["summary"] = self.summary()
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Changes:
        return cls(
            first=bool(data.get("first", False)),
            new=[Fact(**f) for f in data.get("new", [])],
            superseded=[Superseded(**s) for s in data.get("superseded", [])],
            new_sources=list(data.get("new_sources", [])),
            reason=str(data.get("reason", "")),
        )


def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


def _outlets(sheet: FactSheet, refs: list[int]) -> list[str]:
    names = [sheet.source(r).outlet or sheet.source(r).title for r in refs]
    return list(dict.fromkeys(n for n in names if n))


def _numbers(sheet: FactSheet) -> dict[str, list[NumberFact]]:
    out: dict[str, list[NumberFact]] = {}
    for n in sheet.numbers:
        if n.counts:
            out.setdefault(_norm(n.counts), []).append(n)
    return out


def diff(old: FactSheet | None, new: FactSheet) -> Changes:
    """What ``new`` tells a reader that ``old`` did not."""
    if old is None:
        return Changes(first=True)
    old_articles = {s.article_id for s in old.sources}
    joined = [s for s in new.sources if s.article_id not in old_articles]
    changes = Changes(new_sources=_outlets(new, [s.ref for s in joined]))
    ref_of = {e.id: e.ref for e in new.evidence}

    def facts_outlets(evidence: list[str]) -> list[str]:
        return _outlets(new, sorted({ref_of[e] for e in evidence if e in ref_of}))

    # Numbers: a new kind of count, or a new value for one already reported.
    before = _numbers(old)
    for counts, facts in _numbers(new).items():
        values = {f.value for f in facts}
        earlier = before.get(counts)
        if earlier is None:
            top = max(facts, key=lambda f: f.value)
            changes.new.append(
                Fact(
                    "number",
                    f"{top.text} {top.counts}",
                    [top.evidence],
                    facts_outlets([top.evidence]),
                )
            )
            continue
        old_values = {f.value for f in earlier}
        fresh = [
            f
            for f in facts
            if f.value not in old_values and f.evidence.rpartition(":")[0] not in old_articles
        ]
        if fresh and max(values) != max(old_values):
            was = max(earlier, key=lambda f: f.value)
            now = max(facts, key=lambda f: f.value)
            changes.superseded.append(
                Superseded(
                    "number",
                    now.counts,
                    was.text,
                    now.text,
                    [was.evidence],
                    [now.evidence],
                    facts_outlets([now.evidence]),
                )
            )

    # Direct quotes not heard before.
    heard = {_norm(q.text) for q in old.quotes if q.direct}
    for q in new.quotes:
        if q.direct and _norm(q.text) not in heard:
            who = f" — {q.speaker}" if q.speaker else ""
            changes.new.append(
                Fact("quote", f"“{q.text}”{who}", [q.evidence], facts_outlets([q.evidence]))
            )
            heard.add(_norm(q.text))

    # Events on dates the story did not have. A reprint filed later reads "yesterday" as
    # another day than its original did: it tells of no new day.
    reprints = {s.ref for s in new.sources if s.group != s.article_id}
    dated = {e.date for e in old.events}
    for ev in new.events:
        if ev.date not in dated and ref_of.get(ev.evidence) not in reprints:
            changes.new.append(
                Fact("event", f"{ev.label}: {ev.text}", [ev.evidence], facts_outlets([ev.evidence]))
            )
            dated.add(ev.date)

    # Developments: what the joined articles say that the earlier evidence does not support.
    if joined:
        joined_ids = {s.article_id for s in joined}
        by_article: dict[str, list[str]] = {}
        for e in old.evidence:
            by_article.setdefault(e.id.rpartition(":")[0], []).append(e.text)
        index = EvidenceIndex(list(by_article.values()))
        model = default_model()
        candidates = [
            e
            for e in new.evidence
            if e.usable and not e.quote and e.id.rpartition(":")[0] in joined_ids
        ]
        candidates.sort(key=lambda e: -e.centrality)
        found = 0
        for e in candidates:
            if found >= MAX_DEVELOPMENTS:
                break
            if len(index) and model.supported(align(e.text, index, model).features):
                continue
            changes.new.append(Fact("development", e.text, [e.id], facts_outlets([e.id])))
            found += 1
    return changes
