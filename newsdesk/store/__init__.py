"""The store: SQLite (WAL, one file) by default, PostgreSQL by URL; one interface.

Every write goes through ``Store.transaction()``: one connection, one
transaction, committed whole or not at all, so a crash at any point leaves
the store as it was before that unit of work. Schema changes are alembic
migrations, applied when the store is opened.

Several workers may share a PostgreSQL store: queued pages are *claimed*
(``SELECT … FOR UPDATE SKIP LOCKED``) with a lease, and a claim whose worker
died (lease expired, or its process is gone on this host) is taken over.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    create_engine,
    delete,
    event,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError

from newsdesk.errors import StoreError
from newsdesk.models import Article, FeedItem, Sentence
from newsdesk.store import migrate
from newsdesk.store.schema import (
    article_features,
    articles,
    events,
    feeds,
    locks,
    pages,
    sentences,
    stories,
    story_articles,
    story_links,
    story_versions,
)

__all__ = ["ArticleRow", "FeedRow", "PageRow", "Store", "StoryRow", "open_store", "utcnow"]

# An article's time for clustering: published, else when it was fetched (ArticleRow.when).
article_time = func.coalesce(articles.c.published_at, articles.c.fetched_at)


def utcnow() -> datetime:
    return datetime.now(UTC)


def utc_offset(when: datetime | None) -> int | None:
    """The minutes east of UTC an aware time is stated in (its writer's clock), or None.

    The store keeps every time in UTC; this is kept beside a report's publication time so
    that the day the reporter wrote on comes back with it (:func:`local_time`)."""
    offset = when.utcoffset() if when is not None else None
    return None if offset is None else int(offset.total_seconds() // 60)


def local_time(when: datetime | None, offset: int | None) -> datetime | None:
    """A stored UTC time as its writer's clock read it, when the offset is known."""
    if when is None or offset is None:
        return when
    return when.astimezone(timezone(timedelta(minutes=offset)))


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


@dataclass(frozen=True, slots=True)
class FeedRow:
    id: int
    url: str
    title: str
    kind: str
    active: bool
    etag: str | None
    last_modified: str | None
    last_fetched_at: datetime | None
    last_ok_at: datetime | None
    last_status: int | None
    last_error: str | None
    error_count: int
    item_count: int
    next_fetch_at: datetime | None = None
    ttl_seconds: int | None = None


@dataclass(frozen=True, slots=True)
class PageRow:
    id: int
    url: str
    feed_id: int | None
    guid: str | None
    title: str
    summary: str
    content: str
    feed_published: datetime | None
    author: str
    attempts: int


@dataclass(frozen=True, slots=True)
class ArticleRow:
    """What the cluster stage reads of an article."""

    id: str
    title: str
    text: str
    outlet: str
    published_at: datetime | None
    fetched_at: datetime
    reprint_of: str | None
    story_id: int | None = None

    @property
    def when(self) -> datetime:
        """Its time: published, else fetched."""
        return self.published_at or self.fetched_at


@dataclass(frozen=True, slots=True)
class StoryRow:
    id: int
    title: str
    created_at: datetime
    updated_at: datetime
    first_at: datetime | None
    last_at: datetime | None
    article_count: int
    source_count: int
    checked_hash: str | None = None
    headline: str | None = None  # the latest written version's, if one was written


def _normalize_url(url: str) -> str:
    """Accept ``postgres://`` and ``postgresql://`` and use the psycopg 3 driver."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


class Store:
    """Access to newsdesk's database. Cheap to construct via ``open_store``."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.dialect = engine.dialect.name
        self.worker = worker_id()

    # -- plumbing -----------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One unit of work: committed whole on success, rolled back on any error."""
        try:
            with self.engine.begin() as conn:
                yield conn
        except OperationalError as exc:
            raise StoreError(f"database error: {exc.orig}") from exc

    def _insert_new(self, conn: Connection, table: Any, values: dict[str, Any]) -> bool:
        """INSERT … ON CONFLICT DO NOTHING; True if the row is new.

        (RETURNING tells, on every backend: a driver's rowcount does not.)
        """
        dialect_insert = postgresql.insert if self.dialect == "postgresql" else sqlite.insert
        pk = next(iter(table.primary_key.columns))
        stmt = dialect_insert(table).values(values).on_conflict_do_nothing().returning(pk)
        return conn.execute(stmt).first() is not None

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- feeds --------------------------------------------------------------------

    def add_feed(self, url: str, title: str = "") -> tuple[int, bool]:
        """Subscribe to a feed; returns (feed id, whether it is new)."""
        with self.transaction() as conn:
            new = self._insert_new(conn, feeds, {"url": url, "title": title, "added_at": utcnow()})
            row = conn.execute(select(feeds.c.id).where(feeds.c.url == url)).one()
            return int(row.id), new

    def feeds(self, *, active_only: bool = False) -> list[FeedRow]:
        query = select(*[feeds.c[f] for f in FeedRow.__slots__]).order_by(feeds.c.id)
        if active_only:
            query = query.where(feeds.c.active.is_(True))
        with self.engine.connect() as conn:
            return [FeedRow(**row._mapping) for row in conn.execute(query)]

    def record_feed_fetch(
        self,
        conn: Connection,
        feed_id: int,
        *,
        ok: bool,
        status: int | None,
        error: str | None = None,
        etag: str | None = None,
        last_modified: str | None = None,
        title: str | None = None,
        kind: str | None = None,
        items: int = 0,
        next_fetch_at: datetime | None = None,
        ttl_seconds: float | None = None,
    ) -> None:
        now = utcnow()
        values: dict[str, Any] = {"last_fetched_at": now, "last_status": status}
        if next_fetch_at is not None:
            values["next_fetch_at"] = next_fetch_at
        if ttl_seconds is not None:
            values["ttl_seconds"] = round(ttl_seconds)
        if ok:
            values.update(last_ok_at=now, last_error=None, error_count=0)
            values["item_count"] = feeds.c.item_count + items
            if etag is not None or last_modified is not None:
                values.update(etag=etag, last_modified=last_modified)
            if title:
                values["title"] = title
            if kind:
                values["kind"] = kind
        else:
            values.update(last_error=error, error_count=feeds.c.error_count + 1)
        conn.execute(update(feeds).where(feeds.c.id == feed_id).values(**values))

    # -- the page queue -----------------------------------------------------------

    def enqueue(self, conn: Connection, feed_id: int | None, items: Iterable[FeedItem]) -> int:
        """Queue feed items (canonical URLs); an item seen before is ignored. Returns new."""
        added = 0
        now = utcnow()
        for item in items:
            row = {
                "url": item.url,
                "feed_id": feed_id,
                "guid": item.guid or None,
                "title": item.title,
                "summary": item.summary,
                "content": item.content,
                "feed_published": item.published,
                "feed_published_offset": utc_offset(item.published),
                "author": item.author,
                "added_at": now,
            }
            added += self._insert_new(conn, pages, row)
        return added

    def claim_pages(self, limit: int, lease: timedelta = timedelta(minutes=15)) -> list[PageRow]:
        """Claim up to ``limit`` pending pages for this worker (safe with many workers)."""
        self._release_dead_claims()
        now = utcnow()
        with self.transaction() as conn:
            candidates = (
                select(pages.c.id)
                .where(
                    pages.c.status == "pending",
                    or_(pages.c.claimed_until.is_(None), pages.c.claimed_until < now),
                )
                .order_by(pages.c.id)
                .limit(limit)
                .with_for_update(skip_locked=True)
            )
            ids = [row.id for row in conn.execute(candidates)]
            if not ids:
                return []
            conn.execute(
                update(pages)
                .where(pages.c.id.in_(ids))
                .values(claimed_by=self.worker, claimed_until=now + lease)
            )
            cols = [pages.c[f] for f in PageRow.__slots__] + [pages.c.feed_published_offset]
            rows = conn.execute(select(*cols).where(pages.c.id.in_(ids)).order_by(pages.c.id))
            out = []
            for row in rows:
                fields = dict(row._mapping)
                offset = fields.pop("feed_published_offset")
                fields["feed_published"] = local_time(fields["feed_published"], offset)
                out.append(PageRow(**fields))
            return out

    def _release_dead_claims(self) -> None:
        """Free claims held by processes of this host that no longer run (e.g. SIGKILLed)."""
        host = socket.gethostname()
        with self.transaction() as conn:
            owners = conn.execute(
                select(pages.c.claimed_by)
                .where(pages.c.status == "pending", pages.c.claimed_by.like(f"{host}:%"))
                .distinct()
            ).scalars()
            dead = [owner for owner in owners if owner != self.worker and not _alive(owner)]
            if dead:
                conn.execute(
                    update(pages)
                    .where(pages.c.status == "pending", pages.c.claimed_by.in_(dead))
                    .values(claimed_by=None, claimed_until=None)
                )

    def finish_page(
        self,
        conn: Connection,
        page_id: int,
        *,
        status: str,
        error: str | None = None,
        article_id: str | None = None,
        retry_after: timedelta | None = None,
    ) -> None:
        """Close a claimed page: done, skipped, failed; or, with ``retry_after``, back to
        pending, not to be claimed again before that delay has passed."""
        values: dict[str, Any] = {
            "attempts": pages.c.attempts + 1,
            "last_error": error,
            "claimed_by": None,
            "claimed_until": None,
        }
        if retry_after is not None:
            values.update(status="pending", claimed_until=utcnow() + retry_after)
        else:
            values.update(status=status, done_at=utcnow(), article_id=article_id)
        conn.execute(update(pages).where(pages.c.id == page_id).values(**values))

    def pending_pages(self) -> int:
        with self.engine.connect() as conn:
            count = conn.execute(
                select(func.count()).select_from(pages).where(pages.c.status == "pending")
            ).scalar_one()
            return int(count)

    # -- articles -----------------------------------------------------------------

    def add_article(self, conn: Connection, article: Article, minhash: bytes | None) -> bool:
        """Store an article and its sentences once; False if its id or URL is known."""
        row = {
            "id": article.id,
            "url": article.url,
            "feed_id": article.feed_id,
            "guid": article.guid,
            "title": article.title,
            "byline": article.byline,
            "outlet": article.outlet,
            "published_at": article.published,
            "published_offset": utc_offset(article.published),
            "date_source": article.date_source,
            "fetched_at": article.fetched_at or utcnow(),
            "language": article.language,
            "summary": article.summary,
            "text": article.text,
            "text_source": article.text_source,
            "content_hash": article.content_hash,
            "minhash": minhash,
            "reprint_of": article.reprint_of,
            "reprint_score": article.reprint_score,
            "sentence_count": len(article.sentences),
        }
        if not self._insert_new(conn, articles, row):
            return False
        if article.sentences:
            conn.execute(
                insert(sentences),
                [
                    {"article_id": s.article_id, "idx": s.index, "text": s.text}
                    | {"start": s.start, "end": s.end}
                    for s in article.sentences
                ],
            )
        return True

    def has_article(self, conn: Connection, article_id: str, url: str) -> bool:
        query = select(articles.c.id).where(or_(articles.c.id == article_id, articles.c.url == url))
        return conn.execute(query.limit(1)).first() is not None

    def article_by_hash(self, conn: Connection, content_hash: str) -> str | None:
        """The earliest article with exactly these words (its root if it is a reprint)."""
        row = conn.execute(
            select(articles.c.id, articles.c.reprint_of)
            .where(articles.c.content_hash == content_hash)
            .order_by(articles.c.seq)
            .limit(1)
        ).first()
        return None if row is None else (row.reprint_of or row.id)

    def minhashes_since(self, since: datetime | None) -> Iterator[tuple[str, str | None, bytes]]:
        """(id, reprint_of, minhash) of articles fetched since ``since``, oldest first."""
        query = select(articles.c.id, articles.c.reprint_of, articles.c.minhash).where(
            articles.c.minhash.is_not(None)
        )
        if since is not None:
            query = query.where(articles.c.fetched_at >= since)
        with self.engine.connect() as conn:
            for row in conn.execute(query.order_by(articles.c.seq)):
                yield row.id, row.reprint_of, bytes(row.minhash)

    def get_article(self, article_id: str) -> Article | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(articles).where(articles.c.id == article_id)).first()
            if row is None:
                return None
            sents = conn.execute(
                select(sentences)
                .where(sentences.c.article_id == article_id)
                .order_by(sentences.c.idx)
            )
            m = row._mapping
            return Article(
                id=m["id"],
                url=m["url"],
                title=m["title"],
                text=m["text"],
                outlet=m["outlet"],
                byline=m["byline"],
                published=local_time(m["published_at"], m["published_offset"]),
                date_source=m["date_source"],
                language=m["language"],
                summary=m["summary"],
                text_source=m["text_source"],
                feed_id=m["feed_id"],
                guid=m["guid"],
                fetched_at=m["fetched_at"],
                content_hash=m["content_hash"],
                reprint_of=m["reprint_of"],
                reprint_score=m["reprint_score"],
                sentences=[Sentence(s.article_id, s.idx, s.text, s.start, s.end) for s in sents],
            )

    def article_ids(self) -> list[str]:
        with self.engine.connect() as conn:
            return list(conn.execute(select(articles.c.id).order_by(articles.c.seq)).scalars())

    # -- stories ------------------------------------------------------------------

    def try_lock(self, name: str, lease: timedelta) -> bool:
        """Take the named lease if it is free, expired, or held by a dead local process."""
        now = utcnow()
        with self.transaction() as conn:
            if self._insert_new(
                conn, locks, {"name": name, "owner": self.worker, "until": now + lease}
            ):
                return True
            row = conn.execute(select(locks).where(locks.c.name == name)).one()
            if row.owner != self.worker and row.until > now and _alive(row.owner):
                return False
            taken = conn.execute(
                update(locks)
                .where(locks.c.name == name, locks.c.owner == row.owner, locks.c.until == row.until)
                .values(owner=self.worker, until=now + lease)
            )
            return taken.rowcount == 1

    def release_lock(self, name: str) -> None:
        with self.transaction() as conn:
            conn.execute(delete(locks).where(locks.c.name == name, locks.c.owner == self.worker))

    def cached_features(self, keys: Iterable[str]) -> dict[str, tuple[bytes, str]]:
        keys = list(keys)
        out: dict[str, tuple[bytes, str]] = {}
        with self.engine.connect() as conn:
            for start in range(0, len(keys), 500):
                query = select(article_features).where(
                    article_features.c.key.in_(keys[start : start + 500])
                )
                for row in conn.execute(query):
                    out[row.key] = (bytes(row.vector), row.entities)
        return out

    def cache_features(self, items: dict[str, tuple[bytes, str]]) -> None:
        now = utcnow()
        with self.transaction() as conn:
            for key, (vector, entities) in items.items():
                values = {"key": key, "vector": vector, "entities": entities, "created_at": now}
                self._insert_new(conn, article_features, values)

    def _article_rows(self, query: Any) -> list[ArticleRow]:
        with self.engine.connect() as conn:
            return [ArticleRow(**row._mapping) for row in conn.execute(query)]

    def _article_query(self) -> Any:
        return (
            select(
                articles.c.id,
                articles.c.title,
                articles.c.text,
                articles.c.outlet,
                articles.c.published_at,
                articles.c.fetched_at,
                articles.c.reprint_of,
                story_articles.c.story_id,
            )
            .select_from(articles.outerjoin(story_articles))
            .order_by(article_time, articles.c.seq)
        )

    def unclustered(self, limit: int | None = None) -> list[ArticleRow]:
        """Articles in no story yet, oldest first."""
        query = self._article_query().where(story_articles.c.story_id.is_(None))
        return self._article_rows(query.limit(limit) if limit else query)

    def count_unclustered(self) -> int:
        query = (
            select(func.count())
            .select_from(articles.outerjoin(story_articles))
            .where(story_articles.c.story_id.is_(None))
        )
        with self.engine.connect() as conn:
            return int(conn.execute(query).scalar_one())

    def clustered_since(self, since: datetime, batch: int = 500) -> Iterator[list[ArticleRow]]:
        """Articles already in a story whose time is ``since`` or later, oldest first, in
        lists of ``batch``: streamed from the database, so a long window is never all in
        memory at once."""
        query = self._article_query().where(
            story_articles.c.story_id.is_not(None), article_time >= since
        )
        with self.engine.connect() as conn:
            result = conn.execution_options(yield_per=batch).execute(query)
            for part in result.partitions():
                yield [ArticleRow(**row._mapping) for row in part]

    def stories_of(self, conn: Connection, article_ids: Iterable[str]) -> dict[str, int]:
        ids = list(article_ids)
        query = select(story_articles.c.article_id, story_articles.c.story_id).where(
            story_articles.c.article_id.in_(ids)
        )
        return {row.article_id: row.story_id for row in conn.execute(query)} if ids else {}

    def next_story_id(self) -> int:
        with self.engine.connect() as conn:
            return (
                int(conn.execute(select(func.coalesce(func.max(stories.c.id), 0))).scalar_one()) + 1
            )

    def add_story(self, conn: Connection, story_id: int, title: str) -> None:
        now = utcnow()
        conn.execute(
            insert(stories).values(id=story_id, title=title, created_at=now, updated_at=now)
        )

    def add_member(
        self, conn: Connection, article_id: str, story_id: int, score: float, how: str
    ) -> None:
        conn.execute(
            insert(story_articles).values(
                article_id=article_id, story_id=story_id, joined_at=utcnow(), score=score, how=how
            )
        )

    def link_stories(self, conn: Connection, a: int, b: int, score: float) -> None:
        if a == b:
            return
        low, high = min(a, b), max(a, b)
        values = {"story_id": low, "related_id": high, "score": score, "created_at": utcnow()}
        self._insert_new(conn, story_links, values)

    def refresh_stories(self, conn: Connection, story_ids: Iterable[int]) -> None:
        """Recount articles and independent sources (a reprint counts as its original)."""
        for story_id in set(story_ids):
            members = (
                select(
                    articles.c.id,
                    articles.c.reprint_of,
                    articles.c.published_at,
                    articles.c.fetched_at,
                )
                .join(story_articles, story_articles.c.article_id == articles.c.id)
                .where(story_articles.c.story_id == story_id)
            )
            rows = conn.execute(members).all()
            if not rows:
                conn.execute(delete(stories).where(stories.c.id == story_id))
                continue
            times = [r.published_at or r.fetched_at for r in rows]
            conn.execute(
                update(stories)
                .where(stories.c.id == story_id)
                .values(
                    article_count=len(rows),
                    source_count=len({r.reprint_of or r.id for r in rows}),
                    first_at=min(times),
                    last_at=max(times),
                    updated_at=utcnow(),
                )
            )

    def unassign_since(self, since: datetime) -> int:
        """Take every article whose time is ``since`` or later out of its story (rebuilds)."""
        with self.transaction() as conn:
            ids = select(articles.c.id).where(article_time >= since)
            touched = list(
                conn.execute(
                    select(story_articles.c.story_id)
                    .where(story_articles.c.article_id.in_(ids))
                    .distinct()
                ).scalars()
            )
            removed = conn.execute(
                delete(story_articles).where(story_articles.c.article_id.in_(ids))
            )
            self.refresh_stories(conn, touched)
            return int(removed.rowcount)

    def stories(self, limit: int = 50) -> list[StoryRow]:
        """The most recently active stories first."""
        latest = (
            select(story_versions.c.headline)
            .where(story_versions.c.story_id == stories.c.id)
            .order_by(story_versions.c.version.desc())
            .limit(1)
            .scalar_subquery()
        )
        query = (
            select(stories, latest.label("headline"))
            .order_by(stories.c.last_at.desc(), stories.c.id.desc())
            .limit(limit)
        )
        with self.engine.connect() as conn:
            return [StoryRow(**row._mapping) for row in conn.execute(query)]

    def story_members(self, story_id: int) -> list[dict[str, Any]]:
        """The story's articles with when and how they joined, oldest first."""
        query = (
            select(
                articles.c.id,
                articles.c.title,
                articles.c.outlet,
                articles.c.url,
                articles.c.published_at,
                articles.c.reprint_of,
                story_articles.c.joined_at,
                story_articles.c.score,
                story_articles.c.how,
            )
            .join(story_articles, story_articles.c.article_id == articles.c.id)
            .where(story_articles.c.story_id == story_id)
            .order_by(article_time, articles.c.seq)
        )
        with self.engine.connect() as conn:
            return [dict(row._mapping) for row in conn.execute(query)]

    def related_stories(self, story_id: int) -> list[tuple[int, float]]:
        """(story, score) of the stories linked to this one, closest first."""
        a, b = story_links.c.story_id, story_links.c.related_id
        query = select(a, b, story_links.c.score).where(or_(a == story_id, b == story_id))
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        pairs = [(r.related_id if r.story_id == story_id else r.story_id, r.score) for r in rows]
        return sorted(pairs, key=lambda p: -p[1])

    # -- story versions -----------------------------------------------------------

    def story_ids(self, limit: int | None = None) -> list[int]:
        """Stories, the most recently active first."""
        query = select(stories.c.id).order_by(stories.c.last_at.desc(), stories.c.id.desc())
        with self.engine.connect() as conn:
            return list(conn.execute(query.limit(limit) if limit else query).scalars())

    def story_articles(self, story_id: int) -> list[Article]:
        """The story's articles with their sentences (evidence), oldest first."""
        ids = [m["id"] for m in self.story_members(story_id)]
        found = [self.get_article(i) for i in ids]
        return [a for a in found if a is not None]

    def latest_input_hash(self, story_id: int) -> str | None:
        """The input hash of the story's latest version (without loading its JSON)."""
        query = (
            select(story_versions.c.input_hash)
            .where(story_versions.c.story_id == story_id)
            .order_by(story_versions.c.version.desc())
            .limit(1)
        )
        with self.engine.connect() as conn:
            value = conn.execute(query).scalar()
            return str(value) if value is not None else None

    def latest_facts(self, story_id: int) -> tuple[str, str] | None:
        """(fact sheet JSON, code version) of the story's latest version, nothing else."""
        c = story_versions.c
        query = (
            select(c.facts, c.code_version)
            .where(c.story_id == story_id)
            .order_by(c.version.desc())
            .limit(1)
        )
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
            return (str(row.facts), str(row.code_version)) if row is not None else None

    def latest_version(self, story_id: int) -> dict[str, Any] | None:
        query = (
            select(story_versions)
            .where(story_versions.c.story_id == story_id)
            .order_by(story_versions.c.version.desc())
            .limit(1)
        )
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
            return dict(row._mapping) if row is not None else None

    def version(self, story_id: int, version: int) -> dict[str, Any] | None:
        query = select(story_versions).where(
            story_versions.c.story_id == story_id, story_versions.c.version == version
        )
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
            return dict(row._mapping) if row is not None else None

    def story_versions(self, story_id: int) -> list[dict[str, Any]]:
        """Every version of a story, oldest first (without the large JSON columns)."""
        c = story_versions.c
        query = (
            select(
                c.version,
                c.created_at,
                c.input_hash,
                c.writer,
                c.headline,
                c.article_count,
                c.publishable,
            )
            .where(c.story_id == story_id)
            .order_by(c.version)
        )
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(query)]

    def add_version(
        self,
        story_id: int,
        *,
        input_hash: str,
        writer: str,
        headline: str,
        article_count: int,
        facts: str,
        drafts: str,
        seconds: float,
        reports: str = "{}",
        publishable: bool = True,
        card: str = "{}",
        changes: str = "{}",
        code_version: str = "",
    ) -> int | None:
        """Store a new version unless the latest already has this input; its number, or
        None when nothing changed. Two writers racing on one story: one wins, one gets None."""
        with self.transaction() as conn:
            latest = conn.execute(
                select(story_versions.c.version, story_versions.c.input_hash)
                .where(story_versions.c.story_id == story_id)
                .order_by(story_versions.c.version.desc())
                .limit(1)
            ).first()
            if latest is not None and latest.input_hash == input_hash:
                return None
            version = (latest.version if latest is not None else 0) + 1
            inserted = self._insert_new(
                conn,
                story_versions,
                {
                    "story_id": story_id,
                    "version": version,
                    "created_at": utcnow(),
                    "input_hash": input_hash,
                    "writer": writer,
                    "headline": headline,
                    "article_count": article_count,
                    "facts": facts,
                    "drafts": drafts,
                    "seconds": seconds,
                    "reports": reports,
                    "publishable": publishable,
                    "card": card,
                    "changes": changes,
                    "code_version": code_version,
                },
            )
            if inserted:
                conn.execute(
                    update(stories).where(stories.c.id == story_id).values(checked_hash=input_hash)
                )
            return version if inserted else None

    def checked_hash(self, story_id: int) -> str | None:
        """The input hash last analysed for the story (stored as a version or not)."""
        query = select(stories.c.checked_hash).where(stories.c.id == story_id)
        with self.engine.connect() as conn:
            value = conn.execute(query).scalar()
            return str(value) if value is not None else None

    def mark_checked(self, story_id: int, input_hash: str) -> None:
        with self.transaction() as conn:
            conn.execute(
                update(stories).where(stories.c.id == story_id).values(checked_hash=input_hash)
            )

    # -- what is published ---------------------------------------------------------

    def _published_latest(self) -> Any:
        """(story_id, version) of each story's newest publishable version."""
        c = story_versions.c
        return (
            select(c.story_id, func.max(c.version).label("version"))
            .where(c.publishable.is_(True))
            .group_by(c.story_id)
            .subquery()
        )

    def published_cards(self, limit: int = 500) -> list[dict[str, Any]]:
        """The newest publishable version of each story (without the large JSON), the most
        recently active story first."""
        latest = self._published_latest()
        c = story_versions.c
        query = (
            select(
                c.story_id,
                c.version,
                c.created_at,
                c.headline,
                c.card,
                stories.c.first_at,
                stories.c.last_at,
                stories.c.created_at.label("story_created_at"),
                stories.c.article_count,
                stories.c.source_count,
            )
            .join(
                latest,
                (latest.c.story_id == c.story_id) & (latest.c.version == c.version),
            )
            .join(stories, stories.c.id == c.story_id)
            .order_by(stories.c.last_at.desc(), stories.c.id.desc())
            .limit(limit)
        )
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(query)]

    def published_version(self, story_id: int, version: int | None = None) -> dict[str, Any] | None:
        """A publishable version of a story (the newest when ``version`` is None), whole."""
        c = story_versions.c
        query = select(story_versions).where(c.story_id == story_id, c.publishable.is_(True))
        query = (
            query.where(c.version == version)
            if version is not None
            else query.order_by(c.version.desc()).limit(1)
        )
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
            return dict(row._mapping) if row is not None else None

    def published_version_number(self, story_id: int) -> int | None:
        c = story_versions.c
        query = select(func.max(c.version)).where(c.story_id == story_id, c.publishable.is_(True))
        with self.engine.connect() as conn:
            value = conn.execute(query).scalar()
            return int(value) if value is not None else None

    def version_changes(self, story_id: int) -> list[dict[str, Any]]:
        """Every version's number, time, headline and what changed, newest first."""
        c = story_versions.c
        query = (
            select(c.version, c.created_at, c.headline, c.changes, c.publishable, c.article_count)
            .where(c.story_id == story_id)
            .order_by(c.version.desc())
        )
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(query)]

    def publish_stamp(self) -> int:
        """Changes whenever a version is stored (versions are only ever added)."""
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(story_versions)).scalar_one())

    def outlet_articles(self, outlet: str, limit: int = 200) -> list[dict[str, Any]]:
        """What one outlet reported: its articles, newest first, with the story of each."""
        query = (
            select(
                articles.c.id,
                articles.c.title,
                articles.c.url,
                articles.c.published_at,
                articles.c.fetched_at,
                articles.c.reprint_of,
                story_articles.c.story_id,
            )
            .join(story_articles, story_articles.c.article_id == articles.c.id, isouter=True)
            .where(articles.c.outlet == outlet)
            .order_by(article_time.desc(), articles.c.seq.desc())
            .limit(limit)
        )
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(query)]

    def outlets(self) -> list[tuple[str, int]]:
        """(outlet, number of articles), the most prolific first."""
        n = func.count().label("n")
        query = (
            select(articles.c.outlet, n)
            .where(articles.c.outlet != "")
            .group_by(articles.c.outlet)
            .order_by(n.desc(), articles.c.outlet)
        )
        with self.engine.connect() as conn:
            return [(str(r.outlet), int(r.n)) for r in conn.execute(query)]

    # -- events and status --------------------------------------------------------

    def log_event(
        self,
        conn: Connection,
        *,
        stage: str,
        reason: str,
        message: str = "",
        source: str = "",
        url: str = "",
        level: str = "warning",
    ) -> None:
        conn.execute(
            insert(events).values(
                at=utcnow(),
                level=level,
                stage=stage,
                source=source,
                url=url,
                reason=reason,
                message=message[:2000],
            )
        )

    def recent_events(self, limit: int = 20, source: str | None = None) -> list[dict[str, Any]]:
        query = select(events).order_by(events.c.id.desc()).limit(limit)
        if source is not None:
            query = query.where(events.c.source == source)
        with self.engine.connect() as conn:
            return [dict(row._mapping) for row in conn.execute(query)]

    def counts(self) -> dict[str, int]:
        """Counts per stage: feeds, the page queue by status, articles, reprints, sentences."""
        with self.engine.connect() as conn:

            def scalar(query: Any) -> int:
                return int(conn.execute(query).scalar_one())

            out = {
                "feeds": scalar(select(func.count()).select_from(feeds)),
                "articles": scalar(select(func.count()).select_from(articles)),
                "reprints": scalar(
                    select(func.count())
                    .select_from(articles)
                    .where(articles.c.reprint_of.is_not(None))
                ),
                "sentences": scalar(select(func.count()).select_from(sentences)),
                "events": scalar(select(func.count()).select_from(events)),
                "stories": scalar(select(func.count()).select_from(stories)),
                "clustered": scalar(select(func.count()).select_from(story_articles)),
                "versions": scalar(select(func.count()).select_from(story_versions)),
                "written": scalar(select(func.count(func.distinct(story_versions.c.story_id)))),
            }
            for status in ("pending", "done", "skipped", "failed"):
                out[f"pages_{status}"] = 0
            by_status = select(pages.c.status, func.count()).group_by(pages.c.status)
            for status, count in conn.execute(by_status):
                out[f"pages_{status}"] = int(count)
            return out

    def delete_everything(self) -> None:
        """Empty every table (tests and `newsdesk reset`); the schema stays."""
        with self.transaction() as conn:
            for table in (
                story_versions,
                story_links,
                story_articles,
                stories,
                article_features,
                locks,
                sentences,
                articles,
                pages,
                events,
                feeds,
            ):
                conn.execute(delete(table))


def _alive(owner: str) -> bool:
    _, _, pid = owner.rpartition(":")
    if not pid.isdigit():
        return True
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


def _migrate(url: str, backend: str, kwargs: dict[str, Any], engine: Engine) -> None:
    """Bring the schema to head in one transaction, DDL included.

    pysqlite runs CREATE TABLE outside any transaction (it only opens one before
    DML), so a process killed between a migration's DDL and alembic's version stamp
    would leave a half-migrated SQLite file that no later run can open. The migration
    therefore runs on its own connection with pysqlite's implicit transactions off and
    an explicit BEGIN IMMEDIATE, which also keeps two processes from migrating at once
    (SQLAlchemy's documented recipe for transactional DDL on SQLite).
    """
    if backend != "sqlite":
        with engine.begin() as conn:
            migrate.upgrade(conn)
        return
    ddl_engine = create_engine(url, **kwargs)
    event.listen(ddl_engine, "connect", _sqlite_pragmas)

    @event.listens_for(ddl_engine, "connect")
    def _no_implicit_transactions(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None

    @event.listens_for(ddl_engine, "begin")
    def _begin_immediate(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    try:
        with ddl_engine.begin() as conn:
            migrate.upgrade(conn)
    finally:
        ddl_engine.dispose()


def open_store(url: str, *, migrate_schema: bool = True) -> Store:
    """Open (and create or migrate) the store at a SQLAlchemy URL.

    ``sqlite:///path/to/newsdesk.db`` (the default, WAL mode) or
    ``postgresql://user:password@host/dbname``.
    """
    url = _normalize_url(url)
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StoreError(
            f"cannot understand store URL {url!r}: use sqlite:///PATH or postgresql://…"
        ) from exc
    backend = parsed.get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise StoreError(f"unsupported store {backend!r}: use sqlite:///PATH or postgresql://…")
    kwargs: dict[str, Any] = {}
    if backend == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        kwargs["connect_args"] = {"timeout": 30}
    else:
        kwargs["pool_pre_ping"] = True
    engine = create_engine(url, **kwargs)
    if backend == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    store = Store(engine)
    if migrate_schema:
        try:
            _migrate(url, backend, kwargs, engine)
        except SQLAlchemyError as exc:
            engine.dispose()
            where = parsed.render_as_string(hide_password=True)
            raise StoreError(f"cannot open the store at {where}: {exc}") from exc
    return store
