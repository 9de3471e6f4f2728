"""Plain data objects passed between the stages (no I/O here)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of an article: the unit of evidence the whole pipeline cites."""

    article_id: str
    index: int
    text: str
    start: int
    end: int

    @property
    def evidence_id(self) -> str:
        return evidence_id(self.article_id, self.index)


def evidence_id(article_id: str, index: int) -> str:
    """The stable id of a sentence: ``<article id>:<sentence index>``."""
    return f"{article_id}:{index}"


def parse_evidence_id(value: str) -> tuple[str, int]:
    article_id, _, index = value.rpartition(":")
    if not article_id or not index.isdigit():
        raise ValueError(f"not an evidence id: {value!r} (expected '<article id>:<index>')")
    return article_id, int(index)


@dataclass(slots=True)
class FeedItem:
    """One entry of a feed, as the feed gives it."""

    url: str
    guid: str
    title: str = ""
    summary: str = ""  # the blurb, as plain text
    content: str = ""  # full content (HTML or text) where the feed carries it
    published: datetime | None = None
    author: str = ""


@dataclass(slots=True)
class ParsedFeed:
    kind: str  # rss20, atom10, jsonfeed11, …
    title: str
    link: str
    items: list[FeedItem]
    warnings: list[str] = field(default_factory=list)
    ttl: float | None = None  # seconds the feed asks readers to wait (<ttl>, sy:updatePeriod)


@dataclass(slots=True)
class Extracted:
    """The article found on one page (or in one file)."""

    url: str
    title: str = ""
    byline: str = ""
    outlet: str = ""
    published: datetime | None = None
    date_source: str = ""  # feed | page | page-text | file | text | unknown
    language: str = ""
    description: str = ""
    text: str = ""

    def as_json(self) -> dict[str, object]:
        return {
            "url": self.url,
            "title": self.title,
            "byline": self.byline,
            "outlet": self.outlet,
            "published": self.published.isoformat() if self.published else None,
            "language": self.language,
            "text": self.text,
        }


@dataclass(slots=True)
class Article:
    """An article as stored: extracted text plus where and when it came from."""

    id: str
    url: str
    title: str
    text: str
    outlet: str = ""
    byline: str = ""
    published: datetime | None = None
    date_source: str = ""
    language: str = ""
    summary: str = ""
    text_source: str = "page"  # page | feed | file
    feed_id: int | None = None
    guid: str = ""
    fetched_at: datetime | None = None
    content_hash: str = ""
    reprint_of: str | None = None
    reprint_score: float | None = None
    sentences: list[Sentence] = field(default_factory=list)
