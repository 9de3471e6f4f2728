"""The tables of the store (SQLAlchemy Core). Migrations create them; see migrations/."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
    true,
)
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite stores naive text)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: newsdesk stores aware UTC times only")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

feeds = Table(
    "feeds",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("url", Text, nullable=False, unique=True),
    Column("title", Text, nullable=False, server_default=""),
    Column("kind", String(32), nullable=False, server_default=""),
    Column("active", Boolean, nullable=False, server_default="1"),
    Column("added_at", UTCDateTime, nullable=False),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("last_fetched_at", UTCDateTime),
    Column("last_ok_at", UTCDateTime),
    Column("last_status", Integer),
    Column("last_error", Text),
    Column("error_count", Integer, nullable=False, server_default="0"),
    Column("item_count", Integer, nullable=False, server_default="0"),
    Column("next_fetch_at", UTCDateTime),  # when `watch` polls it next (its TTL, or backoff)
    Column("ttl_seconds", Integer),  # what the feed or its HTTP caching asked for
)

# The fetch queue: every page URL seen (from a feed, or given by hand), once.
pages = Table(
    "pages",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("url", Text, nullable=False, unique=True),  # canonical
    Column("feed_id", Integer, ForeignKey("feeds.id", ondelete="SET NULL")),
    Column("guid", Text),
    Column("title", Text, nullable=False, server_default=""),
    Column("summary", Text, nullable=False, server_default=""),
    Column("content", Text, nullable=False, server_default=""),
    Column("feed_published", UTCDateTime),
    Column("feed_published_offset", SmallInteger),  # see articles.published_offset
    Column("author", Text, nullable=False, server_default=""),
    Column("status", String(16), nullable=False, server_default="pending"),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("last_error", Text),
    Column("claimed_by", Text),
    Column("claimed_until", UTCDateTime),
    Column("added_at", UTCDateTime, nullable=False),
    Column("done_at", UTCDateTime),
    Column("article_id", String(32)),
    UniqueConstraint("feed_id", "guid", name="uq_pages_feed_guid"),
    Index("ix_pages_status", "status"),
)

articles = Table(
    "articles",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),  # arrival order
    Column("id", String(32), nullable=False, unique=True),  # stable: evidence ids use it
    Column("url", Text, nullable=False, unique=True),  # canonical
    Column("feed_id", Integer, ForeignKey("feeds.id", ondelete="SET NULL")),
    Column("guid", Text, nullable=False, server_default=""),
    Column("title", Text, nullable=False, server_default=""),
    Column("byline", Text, nullable=False, server_default=""),
    Column("outlet", Text, nullable=False, server_default=""),
    Column("published_at", UTCDateTime),
    # Minutes east of UTC that the publication time was stated in ("-0500"), when it said:
    # the writer's own day, on which "today" and "yesterday" are read. Null: not stated.
    Column("published_offset", SmallInteger),
    Column("date_source", String(16), nullable=False, server_default=""),
    Column("fetched_at", UTCDateTime, nullable=False),
    Column("language", String(16), nullable=False, server_default=""),
    Column("summary", Text, nullable=False, server_default=""),
    Column("text", Text, nullable=False),
    Column("text_source", String(16), nullable=False),
    Column("content_hash", String(64), nullable=False, index=True),
    Column("minhash", LargeBinary),
    Column("reprint_of", String(32), index=True),
    Column("reprint_score", Float),
    Column("sentence_count", Integer, nullable=False, server_default="0"),
    Index("ix_articles_published_at", "published_at"),
)

sentences = Table(
    "sentences",
    metadata,
    Column(
        "article_id",
        String(32),
        ForeignKey("articles.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("idx", Integer, primary_key=True),
    Column("text", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
)

# What went wrong (or was skipped) and why: the source of `newsdesk status`.
events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", UTCDateTime, nullable=False),
    Column("level", String(8), nullable=False),
    Column("stage", String(16), nullable=False),
    Column("source", Text, nullable=False, server_default=""),
    Column("url", Text, nullable=False, server_default=""),
    Column("reason", String(64), nullable=False),
    Column("message", Text, nullable=False, server_default=""),
    Index("ix_events_source", "source"),
)

# What the clusterer computed for a text (embedding, entities), keyed by a hash
# of the text it read and the models' versions: no text is embedded twice.
article_features = Table(
    "article_features",
    metadata,
    Column("key", String(40), primary_key=True),
    Column("vector", LargeBinary, nullable=False),  # float32, little-endian
    Column("entities", Text, nullable=False),  # JSON list of [text, label]
    Column("created_at", UTCDateTime, nullable=False),
)

# An event story. Its id never changes; it grows as articles join.
stories = Table(
    "stories",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("title", Text, nullable=False, server_default=""),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Column("first_at", UTCDateTime),  # earliest and newest article time
    Column("last_at", UTCDateTime),
    Column("article_count", Integer, nullable=False, server_default="0"),
    Column("source_count", Integer, nullable=False, server_default="0"),  # reprints count once
    # The input hash last analysed: a change judged not material leaves no version but is
    # not examined again until the sources change once more.
    Column("checked_hash", String(40)),
    Index("ix_stories_last_at", "last_at"),
)

# Which story each article joined, when, and why (the model's margin).
story_articles = Table(
    "story_articles",
    metadata,
    Column(
        "article_id",
        String(32),
        ForeignKey("articles.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("story_id", Integer, ForeignKey("stories.id", ondelete="CASCADE"), nullable=False),
    Column("joined_at", UTCDateTime, nullable=False),
    Column("score", Float, nullable=False),
    Column("how", String(16), nullable=False),  # opened | joined | reprint
    Index("ix_story_articles_story_id", "story_id"),
)

# Distinct events of one storyline; stored once per pair, story_id < related_id.
story_links = Table(
    "story_links",
    metadata,
    Column("story_id", Integer, ForeignKey("stories.id", ondelete="CASCADE"), primary_key=True),
    Column("related_id", Integer, ForeignKey("stories.id", ondelete="CASCADE"), primary_key=True),
    Column("score", Float, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Index("ix_story_links_related_id", "related_id"),
)

# What the analyze and write stages made of a story: one row per state of its sources.
# ``input_hash`` names that state (its articles and their texts, and the analysis and writer
# versions), so a rerun writes a new version only when something changed.
story_versions = Table(
    "story_versions",
    metadata,
    Column("story_id", Integer, ForeignKey("stories.id", ondelete="CASCADE"), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("input_hash", String(40), nullable=False),
    Column("writer", String(32), nullable=False),
    Column("headline", Text, nullable=False),
    Column("article_count", Integer, nullable=False),
    Column("facts", Text, nullable=False),  # the fact sheet, JSON
    Column("drafts", Text, nullable=False),  # {style: draft}, JSON (as verified)
    Column("seconds", Float, nullable=False, server_default="0"),
    Column("reports", Text, nullable=False, server_default="{}"),  # {style: verification report}
    Column("publishable", Boolean, nullable=False, server_default=true()),
    Column("card", Text, nullable=False, server_default="{}"),  # what lists and feeds show, JSON
    Column("changes", Text, nullable=False, server_default="{}"),  # since the previous version
    Column("code_version", String(64), nullable=False, server_default=""),
)

# Single-writer stages (clustering) hold a lease here while they run.
locks = Table(
    "locks",
    metadata,
    Column("name", String(32), primary_key=True),
    Column("owner", Text, nullable=False),
    Column("until", UTCDateTime, nullable=False),
)
