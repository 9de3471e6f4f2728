"""What is published, read from the store for the website, the API, the feeds and the export.

Only publishable versions are shown: a version the verifier would not pass never reaches a
reader, who sees the story's previous publishable version instead. Parsed versions are
cached by (story, version) — a version never changes once stored — and the list of cards is
re-read only when a new version has been stored, so a busy front page costs one small query.
"""

from __future__ import annotations

import json
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from newsdesk.publish.changes import Changes
from newsdesk.write.draft import STYLES, Draft

STAMP_EVERY = 0.5  # seconds between checks for new versions
CACHED_VERSIONS = 256


@dataclass(slots=True)
class Card:
    story_id: int
    version: int
    updated: datetime  # when this version was written
    first_at: datetime | None
    last_at: datetime | None
    headline: str
    lede: str = ""
    headline_from: str | None = None
    dateline_place: str | None = None
    dateline_date: str | None = None
    outlets: list[str] = field(default_factory=list)
    independent_sources: int = 0
    sources: int = 0
    topics: list[str] = field(default_factory=list)

    @property
    def developing(self) -> bool:
        """Updated since it was first written."""
        return self.version > 1

    def matches(self, *, topic: str = "", source: str = "", q: str = "") -> bool:
        if topic and topic.casefold() not in (t.casefold() for t in self.topics):
            return False
        if source and source.casefold() not in (o.casefold() for o in self.outlets):
            return False
        if q:
            hay = " ".join([self.headline, self.lede, *self.topics, *self.outlets]).casefold()
            return all(term in hay for term in q.casefold().split())
        return True

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.story_id,
            "version": self.version,
            "updated": self.updated.isoformat(),
            "first_at": self.first_at.isoformat() if self.first_at else None,
            "last_at": self.last_at.isoformat() if self.last_at else None,
            "headline": self.headline,
            "headline_from": self.headline_from,
            "dateline_place": self.dateline_place,
            "dateline_date": self.dateline_date,
            "lede": self.lede,
            "outlets": self.outlets,
            "independent_sources": self.independent_sources,
            "sources": self.sources,
            "topics": self.topics,
            "developing": self.developing,
        }


def _card(row: dict[str, Any]) -> Card:
    data = json.loads(row["card"] or "{}")
    return Card(
        story_id=row["story_id"],
        version=row["version"],
        updated=row["created_at"],
        first_at=row["first_at"],
        last_at=row["last_at"],
        headline=data.get("headline") or row["headline"],
        lede=data.get("lede", ""),
        headline_from=data.get("headline_from"),
        dateline_place=data.get("dateline_place"),
        dateline_date=data.get("dateline_date"),
        outlets=list(data.get("outlets", [])),
        independent_sources=int(data.get("independent_sources", row.get("source_count") or 0)),
        sources=int(data.get("sources", row.get("article_count") or 0)),
        topics=list(data.get("topics", [])),
    )


@dataclass(slots=True)
class VersionEntry:
    version: int
    created_at: datetime
    headline: str
    article_count: int
    publishable: bool
    changes: Changes

    def to_json(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "created_at": self.created_at.isoformat(),
            "headline": self.headline,
            "article_count": self.article_count,
            "publishable": self.publishable,
            "changes": self.changes.to_json(),
        }


@dataclass(slots=True)
class StoryView:
    story_id: int
    version: int
    created_at: datetime
    writer: str
    drafts: dict[str, Draft]
    evidence_text: dict[str, str]
    reports: dict[str, Any]

    def draft(self, style: str) -> Draft:
        if style in self.drafts:
            return self.drafts[style]
        return next(iter(self.drafts.values()))

    def styles(self) -> list[str]:
        return [s for s in STYLES if s in self.drafts]


class Catalog:
    """The published stories of one store, cached for readers (thread-safe)."""

    def __init__(self, store: Any) -> None:
        self.store = store
        self._lock = threading.Lock()
        self._stamp: int | None = None
        self._checked = 0.0
        self._cards: list[Card] = []
        self._by_id: dict[int, Card] = {}
        self._views: OrderedDict[tuple[int, int], StoryView] = OrderedDict()
        self._memo: dict[tuple[Any, ...], Any] = {}  # small answers, until the next version

    def remember(self, key: tuple[Any, ...], compute: Any) -> Any:
        """``compute()``, kept until a new version is stored (for pages and feeds too)."""
        self.cards()  # clears the memo when a new version was stored
        with self._lock:
            if key in self._memo:
                return self._memo[key]
        value = compute()
        with self._lock:
            if len(self._memo) > 4096:
                self._memo.clear()
            self._memo[key] = value
        return value

    # -- lists -----------------------------------------------------------------------

    def cards(self) -> list[Card]:
        """Every story's newest publishable version, the most recently active first."""
        now = time.monotonic()
        with self._lock:
            if self._stamp is not None and now - self._checked < STAMP_EVERY:
                return self._cards
            self._checked = now
        stamp = self.store.publish_stamp()
        with self._lock:
            if stamp != self._stamp:
                cards = [_card(r) for r in self.store.published_cards(limit=5000)]
                self._cards, self._by_id, self._stamp = cards, {c.story_id: c for c in cards}, stamp
                self._memo = {}
            return self._cards

    def card(self, story_id: int) -> Card | None:
        self.cards()
        return self._by_id.get(story_id)

    def find(
        self, *, topic: str = "", source: str = "", q: str = "", limit: int = 50
    ) -> list[Card]:
        found = [c for c in self.cards() if c.matches(topic=topic, source=source, q=q)]
        return found[:limit]

    def topics(self, limit: int = 20) -> list[tuple[str, int]]:
        """The topics of the published stories, the most frequent first."""
        counts: dict[str, int] = {}
        for c in self.cards():
            for t in c.topics:
                counts[t] = counts.get(t, 0) + 1
        return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]

    def outlets(self) -> list[tuple[str, int]]:
        found: list[tuple[str, int]] = self.remember(("outlets",), self.store.outlets)
        return found

    # -- one story ---------------------------------------------------------------------

    def story(self, story_id: int, version: int | None = None) -> StoryView | None:
        """A publishable version (the newest when ``version`` is None), parsed once."""
        if version is None:
            card = self.card(story_id)
            if card is None:
                return None
            version = card.version
        key = (story_id, version)
        with self._lock:
            if key in self._views:
                self._views.move_to_end(key)
                return self._views[key]
        row = self.store.published_version(story_id, version)
        if row is None:
            return None
        drafts = {k: Draft.from_json(v) for k, v in json.loads(row["drafts"]).items()}
        facts = json.loads(row["facts"])
        view = StoryView(
            story_id=story_id,
            version=row["version"],
            created_at=row["created_at"],
            writer=row["writer"],
            drafts=drafts,
            evidence_text={e["id"]: e["text"] for e in facts.get("evidence", [])},
            reports=json.loads(row.get("reports") or "{}"),
        )
        with self._lock:
            self._views[key] = view
            while len(self._views) > CACHED_VERSIONS:
                self._views.popitem(last=False)
        return view

    def versions(self, story_id: int) -> list[VersionEntry]:
        """The story's version history, newest first, with what changed in each."""
        found: list[VersionEntry] = self.remember(
            ("versions", story_id), lambda: self._versions(story_id)
        )
        return found

    def _versions(self, story_id: int) -> list[VersionEntry]:
        return [
            VersionEntry(
                version=r["version"],
                created_at=r["created_at"],
                headline=r["headline"],
                article_count=r["article_count"],
                publishable=bool(r["publishable"]),
                changes=Changes.from_json(json.loads(r["changes"] or "{}")),
            )
            for r in self.store.version_changes(story_id)
        ]

    def related(self, story_id: int) -> list[Card]:
        found: list[Card] = self.remember(("related", story_id), lambda: self._related(story_id))
        return found

    def _related(self, story_id: int) -> list[Card]:
        out = []
        for other, _score in self.store.related_stories(story_id):
            card = self.card(other)
            if card is not None:
                out.append(card)
        return out

    def source(self, outlet: str) -> list[dict[str, Any]]:
        return list(self.store.outlet_articles(outlet))
