"""One conformance suite for the store, run against SQLite and PostgreSQL alike."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, select

from newsdesk.errors import StoreError
from newsdesk.models import Article, FeedItem, Sentence
from newsdesk.store import Store, open_store
from newsdesk.store.migrate import current_revision
from newsdesk.store.schema import articles, metadata, pages


def _article(aid: str, url: str, text: str = "One. Two.", **kw: object) -> Article:
    sentences = [Sentence(aid, 0, "One.", 0, 4), Sentence(aid, 1, "Two.", 5, 9)]
    return Article(
        id=aid,
        url=url,
        title="T",
        text=text,
        content_hash=f"h-{aid}",
        published=datetime(2024, 1, 5, 12, tzinfo=UTC),
        sentences=sentences,
        **kw,
    )


def test_migrations_create_exactly_the_declared_schema(store: Store) -> None:
    with store.engine.connect() as conn:
        assert current_revision(conn) == "0006"
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diff == []


def test_opening_twice_is_harmless(store_url: str, store: Store) -> None:
    store.add_feed("https://example.com/rss")
    again = open_store(store_url)
    assert [f.url for f in again.feeds()] == ["https://example.com/rss"]
    again.close()


def test_add_feed_is_idempotent(store: Store) -> None:
    first = store.add_feed("https://example.com/rss", "Example")
    second = store.add_feed("https://example.com/rss")
    assert first == (first[0], True)
    assert second == (first[0], False)
    assert len(store.feeds()) == 1


def test_feed_fetch_bookkeeping(store: Store) -> None:
    feed_id, _ = store.add_feed("https://example.com/rss")
    with store.transaction() as conn:
        store.record_feed_fetch(conn, feed_id, ok=False, status=500, error="server answered 500")
        store.record_feed_fetch(conn, feed_id, ok=False, status=None, error="timed out")
    feed = store.feeds()[0]
    assert (feed.error_count, feed.last_error, feed.last_ok_at) == (2, "timed out", None)
    with store.transaction() as conn:
        store.record_feed_fetch(
            conn, feed_id, ok=True, status=200, etag='"x"', items=3, title="Example", kind="rss20"
        )
    feed = store.feeds()[0]
    assert (feed.error_count, feed.last_error, feed.etag, feed.item_count) == (0, None, '"x"', 3)
    assert feed.last_ok_at is not None
    assert feed.last_ok_at.tzinfo is not None


def test_enqueue_ignores_seen_urls_and_guids(store: Store) -> None:
    feed_id, _ = store.add_feed("https://example.com/rss")
    items = [FeedItem(url="https://e.com/1", guid="g1"), FeedItem(url="https://e.com/2", guid="g2")]
    with store.transaction() as conn:
        assert store.enqueue(conn, feed_id, items) == 2
        assert store.enqueue(conn, feed_id, items) == 0
        # Same GUID under a new URL: the feed re-published the item, still one page.
        assert store.enqueue(conn, feed_id, [FeedItem(url="https://e.com/1b", guid="g1")]) == 0
        # Same URL from another feed (or by hand): still one page.
        assert store.enqueue(conn, None, [FeedItem(url="https://e.com/2", guid="")]) == 0
    assert store.pending_pages() == 2


def test_claims_do_not_overlap_between_workers(store_url: str, store: Store) -> None:
    with store.transaction() as conn:
        store.enqueue(conn, None, [FeedItem(url=f"https://e.com/{i}", guid="") for i in range(10)])
    other = open_store(store_url)
    other.worker = "elsewhere:1"  # a worker on another host: its lease is what protects it
    a = store.claim_pages(4)
    b = other.claim_pages(100)
    assert len(a) == 4
    assert len(b) == 6
    assert not {p.id for p in a} & {p.id for p in b}
    assert store.claim_pages(100) == []  # everything is leased
    other.close()


def test_claims_of_a_dead_process_are_taken_over(store: Store) -> None:
    with store.transaction() as conn:
        store.enqueue(conn, None, [FeedItem(url="https://e.com/x", guid="")])
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    with store.transaction() as conn:
        host = store.worker.rsplit(":", 1)[0]
        conn.execute(
            pages.update().values(
                claimed_by=f"{host}:{dead}", claimed_until=datetime.now(UTC) + timedelta(hours=1)
            )
        )
    claimed = store.claim_pages(10)
    assert [p.url for p in claimed] == ["https://e.com/x"]


def test_expired_leases_are_taken_over(store: Store) -> None:
    with store.transaction() as conn:
        store.enqueue(conn, None, [FeedItem(url="https://e.com/y", guid="")])
        conn.execute(
            pages.update().values(
                claimed_by="far-away:1", claimed_until=datetime.now(UTC) - timedelta(seconds=1)
            )
        )
    assert len(store.claim_pages(10)) == 1


def test_finish_page_retry_and_done(store: Store) -> None:
    with store.transaction() as conn:
        store.enqueue(conn, None, [FeedItem(url="https://e.com/z", guid="")])
    (page,) = store.claim_pages(1)
    with store.transaction() as conn:
        store.finish_page(
            conn, page.id, status="pending", error="timeout", retry_after=timedelta(hours=1)
        )
    assert store.claim_pages(1) == []  # not before its retry time
    with store.transaction() as conn:
        conn.execute(pages.update().values(claimed_until=datetime.now(UTC) - timedelta(seconds=1)))
    (again,) = store.claim_pages(1)
    assert again.attempts == 1
    with store.transaction() as conn:
        store.finish_page(conn, again.id, status="done", article_id="abc")
    counts = store.counts()
    assert (counts["pages_pending"], counts["pages_done"]) == (0, 1)


def test_article_is_stored_once_with_its_sentences(store: Store) -> None:
    art = _article("a1", "https://e.com/a1")
    with store.transaction() as conn:
        assert store.add_article(conn, art, b"\x00" * 8)
        assert not store.add_article(conn, art, None)
        assert not store.add_article(conn, _article("a2", "https://e.com/a1"), None)  # same URL
        assert store.has_article(conn, "zz", "https://e.com/a1")
    got = store.get_article("a1")
    assert got is not None
    assert [s.evidence_id for s in got.sentences] == ["a1:0", "a1:1"]
    assert got.sentences[1].text == got.text[got.sentences[1].start : got.sentences[1].end]
    assert got.published == datetime(2024, 1, 5, 12, tzinfo=UTC)
    assert store.counts()["sentences"] == 2


def test_times_are_stored_in_utc_and_a_publication_time_keeps_its_clock(store: Store) -> None:
    """One instant either way; the publication time comes back on the clock it was stated
    in (the reporter's day), every other time in UTC."""
    plus5 = timezone(timedelta(hours=5))
    art = _article("tz", "https://e.com/tz")
    art.published = datetime(2024, 1, 5, 3, 30, tzinfo=plus5)  # Jan. 4 in UTC
    art.fetched_at = datetime(2024, 1, 5, 4, 0, tzinfo=plus5)
    with store.transaction() as conn:
        store.add_article(conn, art, None)
        raw = conn.execute(
            select(articles.c.published_at, articles.c.published_offset).where(
                articles.c.id == "tz"
            )
        ).one()
    assert raw.published_at == datetime(2024, 1, 4, 22, 30, tzinfo=UTC)
    assert raw.published_offset == 300
    got = store.get_article("tz")
    assert got is not None
    assert got.published is not None
    assert got.fetched_at is not None
    assert got.published == datetime(2024, 1, 4, 22, 30, tzinfo=UTC)
    assert got.published.utcoffset() == timedelta(hours=5)
    assert got.published.date().isoformat() == "2024-01-05"
    assert got.fetched_at.utcoffset() == timedelta(0)


def test_a_feed_item_s_clock_travels_through_the_page_queue(store: Store) -> None:
    minus5 = timezone(timedelta(hours=-5))
    item = FeedItem(
        url="https://e.com/evening",
        guid="evening",
        title="T",
        published=datetime(2026, 11, 24, 20, 15, tzinfo=minus5),
    )
    with store.transaction() as conn:
        store.enqueue(conn, None, [item])
    (page,) = store.claim_pages(5)
    assert page.feed_published == item.published
    assert page.feed_published is not None
    assert page.feed_published.utcoffset() == timedelta(hours=-5)


def test_naive_datetimes_are_refused(store: Store) -> None:
    art = _article("nv", "https://e.com/nv")
    art.published = datetime(2024, 1, 5)
    with pytest.raises(Exception, match="naive datetime"), store.transaction() as conn:
        store.add_article(conn, art, None)
    assert store.get_article("nv") is None


def test_a_failed_transaction_leaves_nothing(store: Store) -> None:
    class Boom(Exception):
        pass

    with pytest.raises(Boom), store.transaction() as conn:
        store.add_article(conn, _article("b1", "https://e.com/b1"), None)
        raise Boom
    assert store.get_article("b1") is None
    assert store.counts()["sentences"] == 0


def test_reprint_lookups(store: Store) -> None:
    first = _article("r1", "https://e.com/r1")
    copy = _article("r2", "https://f.com/r2", reprint_of="r1", reprint_score=0.9)
    copy.content_hash = first.content_hash
    with store.transaction() as conn:
        store.add_article(conn, first, b"\x01" * 8)
        store.add_article(conn, copy, b"\x02" * 8)
        assert store.article_by_hash(conn, first.content_hash) == "r1"
        assert store.article_by_hash(conn, "nope") is None
    assert [row[:2] for row in store.minhashes_since(None)] == [("r1", None), ("r2", "r1")]
    assert store.counts()["reprints"] == 1


def test_events(store: Store) -> None:
    with store.transaction() as conn:
        store.log_event(conn, stage="feed", reason="http-404", message="gone", source="f1")
        store.log_event(conn, stage="ingest", reason="undated", message="no date", source="f2")
    latest = store.recent_events(10)
    assert [e["reason"] for e in latest] == ["undated", "http-404"]
    assert [e["message"] for e in store.recent_events(10, source="f1")] == ["gone"]


def test_bad_store_urls_say_how_to_fix() -> None:
    with pytest.raises(StoreError, match="sqlite:///PATH"):
        open_store("mysql://x/y")
    with pytest.raises(StoreError, match="cannot open the store"):
        open_store("postgresql://nobody:secret@127.0.0.1:1/none")


def test_sqlite_uses_wal(tmp_path: object) -> None:
    st = open_store(f"sqlite:///{tmp_path}/w.db")
    with st.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.execute(select(func.count()).select_from(pages)).scalar() == 0
    st.close()


def test_postgres_url_spelling(store_url: str) -> None:
    if not store_url.startswith("postgresql"):
        pytest.skip("PostgreSQL only")
    st = open_store(store_url.replace("postgresql://", "postgres://", 1))
    assert st.dialect == "postgresql"
    st.close()
    assert os.environ.get("NEWSDESK_TEST_PG")


def test_a_migration_cut_short_leaves_no_half_schema(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A process dying after a migration's CREATE TABLEs but before its commit must leave
    the file as it was (pysqlite would otherwise have committed the DDL on its own)."""
    from newsdesk.store import migrate as migrate_module

    real = migrate_module.upgrade

    def upgrade_then_die(conn: Any, revision: str = "head") -> None:
        real(conn, revision)
        raise KeyboardInterrupt("killed before commit")

    url = f"sqlite:///{tmp_path / 'half.db'}"
    monkeypatch.setattr(migrate_module, "upgrade", upgrade_then_die)
    with pytest.raises(KeyboardInterrupt):
        open_store(url)
    monkeypatch.setattr(migrate_module, "upgrade", real)
    store = open_store(url)  # would fail with "table … already exists"
    with store.engine.connect() as conn:
        assert current_revision(conn) == "0006"
    store.close()
