"""The ingest stage: feeds and pages and files in, articles with sentences out.

Units of work, each one transaction (so a kill at any point loses nothing and
doubles nothing; a rerun picks up where the last one stopped):

* polling a feed: its new items are queued and its ETag/Last-Modified saved
  together — killed before the commit, the feed is simply polled again;
* handling a queued page: the article, its sentences and the page's "done"
  mark are written together — killed before the commit, the page is still
  pending (its claim is released once its worker is known dead);
* one local file, or one record of a JSONL file.

Rejected items (undated, in the future, not an article, fetch failures) are
logged to the ``events`` table with a reason and counted in the report.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import Connection

from newsdesk.errors import (
    DateError,
    ExtractError,
    FeedError,
    FetchError,
    FetchTimeout,
    HTTPStatusError,
    NewsdeskError,
)
from newsdesk.ingest import local
from newsdesk.ingest.dedupe import (
    ReprintIndex,
    article_id,
    canonical_url,
    minhash,
    minhash_bytes,
)
from newsdesk.ingest.extract import detect_language, extract_fetched, outlet_from_url
from newsdesk.ingest.feeds import parse_feed
from newsdesk.ingest.fetch import ANY_TEXT, FEED_TYPES, Fetcher
from newsdesk.ingest.stamp import text_date
from newsdesk.models import Article, Extracted, FeedItem
from newsdesk.settings import Settings, WatchSettings
from newsdesk.store import FeedRow, PageRow, Store, utcnow
from newsdesk.text import content_hash, html_to_text, split_sentences

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
MAX_ITEMS_PER_POLL = 200  # a feed that "changes every item" cannot flood the queue
_FEED_MEDIA = ("rss", "atom", "rdf", "xml", "json")

Tick = Callable[[str, int], None]  # progress callback: (what, how many more done)


def _longest(*seconds: float | None) -> float | None:
    given = [s for s in seconds if s is not None]
    return max(given) if given else None


def poll_delay(w: WatchSettings, ttl: float | None, failures: int) -> float:
    """Seconds until a feed is polled again: what the feed (``<ttl>``, sy:updatePeriod) or its
    server (Cache-Control, Expires) asked for, kept within [min_interval, max_interval];
    after ``failures`` failed polls in a row, an exponential backoff up to max_backoff."""
    if failures > 0:
        first = max(w.min_interval, w.default_interval)
        return float(min(w.max_backoff, first * 2 ** (failures - 1)))
    asked = w.default_interval if ttl is None else ttl
    return float(min(w.max_interval, max(w.min_interval, asked)))


@dataclass
class IngestReport:
    feeds_polled: int = 0
    feeds_not_modified: int = 0
    feeds_failed: int = 0
    items_queued: int = 0
    pages_handled: int = 0
    articles_added: int = 0
    reprints: int = 0
    duplicates: int = 0
    rejected: Counter[str] = field(default_factory=Counter)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {k: v for k, v in vars(self).items() if k != "rejected"}
        out["rejected"] = dict(sorted(self.rejected.items()))
        return out


@dataclass(slots=True)
class Candidate:
    """An article ready to be dated, deduplicated and stored."""

    extracted: Extracted
    text_source: str  # page | feed | file
    summary: str = ""
    guid: str = ""
    feed_id: int | None = None
    feed_published: datetime | None = None


class Ingestor:
    """Runs the ingest stage against one store."""

    def __init__(
        self,
        store: Store,
        settings: Settings,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        tick: Tick | None = None,
        now: Callable[[], datetime] = utcnow,
    ) -> None:
        self.store = store
        self.settings = settings
        self.transport = transport
        self.tick: Tick = tick or (lambda what, n: None)
        self.now = now
        self._reprints: ReprintIndex | None = None
        self._feed_url: dict[int, str] = {}
        self._pool: ProcessPoolExecutor | None = None

    # -- storing ------------------------------------------------------------------

    @property
    def reprints(self) -> ReprintIndex:
        if self._reprints is None:
            index = ReprintIndex(self.settings.ingest.reprint_threshold)
            since = self.now() - timedelta(days=self.settings.ingest.reprint_window_days)
            index.load(self.store.minhashes_since(since))
            self._reprints = index
        return self._reprints

    def build_article(self, cand: Candidate, *, allow_undated: bool = False) -> Article:
        """Date the candidate (feed time first, then the page's, then a stamp line in its text:
        :func:`newsdesk.ingest.stamp.text_date`), split its sentences.

        Raises ``DateError`` for an undated item (unless allowed) or one dated in
        the future beyond the allowed clock skew.
        """
        ex = cand.extracted
        published, date_source = ex.published, ex.date_source
        if cand.feed_published is not None:
            published, date_source = cand.feed_published, "feed"
        if published is None and (stamped := text_date(ex.text, self.now())) is not None:
            published, date_source = stamped, "text"
        limit = self.now() + timedelta(seconds=self.settings.ingest.max_future_skew)
        if published is not None and published > limit:
            raise DateError(
                f"publication time {published.isoformat()} is in the future", reason="future"
            )
        if published is None and self.settings.ingest.require_date and not allow_undated:
            raise DateError(
                "no publication time in the feed, the page markup or the text", reason="undated"
            )
        url = canonical_url(ex.url)
        aid = article_id(url)
        text = ex.text
        return Article(
            id=aid,
            url=url,
            title=ex.title,
            text=text,
            outlet=ex.outlet,
            byline=ex.byline,
            published=published,
            date_source=date_source if published else "unknown",
            language=ex.language,
            summary=cand.summary,
            text_source=cand.text_source,
            feed_id=cand.feed_id,
            guid=cand.guid,
            fetched_at=self.now(),
            content_hash=content_hash(text),
            sentences=split_sentences(aid, text, ex.language or "en"),
        )

    def save(self, article: Article, report: IngestReport, *, page_id: int | None = None) -> str:
        """Store an article once, in one transaction (closing its queued page, if any);
        link a near-copy to its first copy. Returns "added", "reprint" or "duplicate".

        The in-memory reprint index and the report learn of the article only once
        the commit has happened, so a failed write leaves no trace anywhere.
        """
        mh = None
        with self.store.transaction() as conn:
            outcome = "duplicate"
            if not self.store.has_article(conn, article.id, article.url):
                mh = minhash(article.text)
                root = self.store.article_by_hash(conn, article.content_hash)
                if root is not None:
                    article.reprint_of, article.reprint_score = root, 1.0
                elif (match := self.reprints.match(mh)) is not None:
                    article.reprint_of, article.reprint_score = match
                if self.store.add_article(conn, article, minhash_bytes(mh)):
                    outcome = "reprint" if article.reprint_of else "added"
            if page_id is not None:
                self.store.finish_page(conn, page_id, status="done", article_id=article.id)
        if outcome == "duplicate":
            report.duplicates += 1
        else:
            assert mh is not None
            self.reprints.add(article.id, mh, article.reprint_of)
            report.articles_added += 1
            report.reprints += outcome == "reprint"
        return outcome

    def _reject(
        self,
        conn: Connection,
        report: IngestReport,
        error: NewsdeskError,
        *,
        source: str,
        url: str,
        stage: str = "ingest",
    ) -> None:
        report.rejected[error.reason] += 1
        log.info("skipped %s: %s", url or source, error)
        self.store.log_event(
            conn, stage=stage, reason=error.reason, message=str(error), source=source, url=url
        )

    # -- local files --------------------------------------------------------------

    def ingest_path(self, path: Path, *, allow_undated: bool = False) -> IngestReport:
        """Ingest a file or a directory tree of .html(.gz)/.xml/.json/.txt/.md/.jsonl."""
        report = IngestReport()
        files = local.collect(path)
        min_chars = self.settings.ingest.min_text_chars
        for file in files:
            try:
                records = local.read_file(
                    file, min_chars=min_chars, max_bytes=self.settings.fetch.max_bytes
                )
                for record in records:
                    try:
                        if isinstance(record, NewsdeskError):
                            raise record
                        article = self.build_article(record, allow_undated=allow_undated)
                    except NewsdeskError as exc:
                        url = "" if isinstance(record, NewsdeskError) else record.extracted.url
                        with self.store.transaction() as conn:
                            self._reject(conn, report, exc, source=str(file), url=url)
                        continue
                    self.save(article, report)
            except NewsdeskError as exc:
                with self.store.transaction() as conn:
                    self._reject(conn, report, exc, source=str(file), url="")
            self.tick("files", 1)
        return report

    # -- the web ------------------------------------------------------------------

    def enqueue_urls(self, urls: Iterable[str]) -> int:
        items = [FeedItem(url=canonical_url(u), guid="") for u in urls]
        with self.store.transaction() as conn:
            return self.store.enqueue(conn, None, items)

    async def run_once(self, urls: Sequence[str] = ()) -> IngestReport:
        """One pass: queue ``urls``, poll every active feed, handle every queued page."""
        report = IngestReport()
        if urls:
            report.items_queued += self.enqueue_urls(urls)
        async with self.fetcher() as fetcher:
            await self.poll_feeds(fetcher, report)
            await self.drain(fetcher, report)
        return report

    def fetcher(self) -> Fetcher:
        return Fetcher(self.settings.fetch, transport=self.transport)

    async def poll_feeds(
        self, fetcher: Fetcher, report: IngestReport, *, due_only: bool = False
    ) -> None:
        """Poll every active feed once (only those due, with ``due_only``), concurrently;
        new items go to the queue."""
        feeds = self.store.feeds(active_only=True)
        if due_only:
            now = datetime.now(UTC)
            feeds = [f for f in feeds if f.next_fetch_at is None or f.next_fetch_at <= now]
        self._feed_url = {feed.id: feed.url for feed in self.store.feeds()}
        await asyncio.gather(*(self._poll(fetcher, feed, report) for feed in feeds))

    async def _poll(self, fetcher: Fetcher, feed: FeedRow, report: IngestReport) -> None:
        try:
            result = await fetcher.fetch(
                feed.url, etag=feed.etag, last_modified=feed.last_modified, accept=FEED_TYPES
            )
            if result.not_modified:
                ttl = _longest(feed.ttl_seconds, result.max_age)
                with self.store.transaction() as conn:
                    self.store.record_feed_fetch(
                        conn,
                        feed.id,
                        ok=True,
                        status=304,
                        etag=feed.etag,
                        last_modified=feed.last_modified,
                        next_fetch_at=self._next_poll(ttl, 0),
                    )
                report.feeds_not_modified += 1
                return
            parsed = parse_feed(result.content, result.url, result.content_type)
        except (FetchError, FeedError) as exc:
            report.feeds_failed += 1
            with self.store.transaction() as conn:
                status = exc.status if isinstance(exc, HTTPStatusError) else None
                self.store.record_feed_fetch(
                    conn,
                    feed.id,
                    ok=False,
                    status=status,
                    error=str(exc),
                    next_fetch_at=self._next_poll(None, feed.error_count + 1),
                )
                self._reject(conn, report, exc, source=feed.url, url=feed.url, stage="feed")
            return
        finally:
            self.tick("feeds", 1)
        items = [self._canonical_item(item) for item in parsed.items[:MAX_ITEMS_PER_POLL]]
        if len(parsed.items) > MAX_ITEMS_PER_POLL:
            parsed.warnings.append(
                f"{len(parsed.items)} items: only the first {MAX_ITEMS_PER_POLL} taken"
            )
        with self.store.transaction() as conn:
            added = self.store.enqueue(conn, feed.id, items)
            self.store.record_feed_fetch(
                conn,
                feed.id,
                ok=True,
                status=result.status,
                etag=result.etag,
                last_modified=result.last_modified,
                title=parsed.title,
                kind=parsed.kind,
                items=added,
                next_fetch_at=self._next_poll(_longest(parsed.ttl, result.max_age), 0),
                ttl_seconds=_longest(parsed.ttl, result.max_age),
            )
            # Warnings repeat on every poll of an unchanged feed: record them once, when
            # the feed brought something new, so `status` is not flooded by a healthy feed.
            for warning in parsed.warnings[:5] if added else ():
                self.store.log_event(
                    conn,
                    stage="feed",
                    reason="feed-warning",
                    message=warning,
                    source=feed.url,
                    url=feed.url,
                    level="info",
                )
        report.feeds_polled += 1
        report.items_queued += added

    def _next_poll(self, ttl: float | None, failures: int) -> datetime:
        return datetime.now(UTC) + timedelta(seconds=poll_delay(self.settings.watch, ttl, failures))

    @staticmethod
    def _canonical_item(item: FeedItem) -> FeedItem:
        item.url = canonical_url(item.url)
        return item

    async def drain(self, fetcher: Fetcher, report: IngestReport) -> None:
        """Handle queued pages, a claimed batch at a time, until none is left.

        Extraction is CPU work: with enough pages queued it runs in a pool of
        processes (one per core), so fetching, parsing and storing overlap on
        every core; for a handful of pages the pool's start-up is not worth it.
        """
        if self.store.pending_pages() >= self.settings.ingest.pool_min_pages:
            self._pool = self._start_pool()
        try:
            while batch := self.store.claim_pages(self.settings.ingest.batch):
                await asyncio.gather(*(self._page(fetcher, page, report) for page in batch))
        finally:
            if self._pool is not None:
                self._pool.shutdown(wait=True, cancel_futures=True)
                self._pool = None

    def _start_pool(self) -> ProcessPoolExecutor | None:
        workers = self.settings.ingest.extract_processes or min(4, os.cpu_count() or 1)
        if workers <= 1:
            return None
        # spawn, not fork: this process runs threads (asyncio, SQLite, httpx).
        return ProcessPoolExecutor(
            workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_exit_with_parent,
            initargs=(os.getpid(),),
        )

    async def _extract(self, content: bytes, charset: str | None, url: str) -> Extracted:
        min_chars = self.settings.ingest.min_text_chars
        if self._pool is not None:
            try:
                loop = asyncio.get_running_loop()
                return await loop.run_in_executor(
                    self._pool, extract_fetched, content, charset, url, min_chars
                )
            except BrokenProcessPool:
                log.warning("extraction worker died; extracting in this process from now on")
                self._pool = None
        return await asyncio.to_thread(extract_fetched, content, charset, url, min_chars)

    async def _page(self, fetcher: Fetcher, page: PageRow, report: IngestReport) -> None:
        report.pages_handled += 1
        try:
            cand = await self._fetch_candidate(fetcher, page, report)
        except (FetchError, ExtractError) as exc:
            cand = self._fallback(page, exc, report)
            if cand is None:
                return
        finally:
            self.tick("pages", 1)
        if cand is None:  # the page was a feed: its items are queued
            return
        try:
            article = self.build_article(cand)
        except DateError as exc:
            with self.store.transaction() as conn:
                self.store.finish_page(conn, page.id, status="skipped", error=str(exc))
                self._reject(conn, report, exc, source=self._source(page), url=page.url)
            return
        self.save(article, report, page_id=page.id)

    async def _fetch_candidate(
        self, fetcher: Fetcher, page: PageRow, report: IngestReport
    ) -> Candidate | None:
        result = await fetcher.fetch(page.url, accept=ANY_TEXT)
        if page.feed_id is None and any(kind in result.content_type for kind in _FEED_MEDIA):
            # A URL given by hand turned out to be a feed: queue its items instead.
            try:
                parsed = parse_feed(result.content, result.url, result.content_type)
            except FeedError:
                pass  # XHTML served as XML, say: go on and treat it as a page
            else:
                items = [self._canonical_item(i) for i in parsed.items[:MAX_ITEMS_PER_POLL]]
                with self.store.transaction() as conn:
                    report.items_queued += self.store.enqueue(conn, None, items)
                    self.store.finish_page(conn, page.id, status="done", error="feed")
                return None
        extracted = await self._extract(result.content, result.charset, result.url)
        extracted.url = page.url  # the canonical URL we queued, not a redirect target
        if page.title and not extracted.title:
            extracted.title = page.title
        if page.author and not extracted.byline:
            extracted.byline = page.author
        return Candidate(
            extracted=extracted,
            text_source="page",
            summary=page.summary,
            guid=page.guid or "",
            feed_id=page.feed_id,
            feed_published=page.feed_published,
        )

    def _fallback(
        self, page: PageRow, error: FetchError | ExtractError, report: IngestReport
    ) -> Candidate | None:
        """A page that failed: retry later, or keep the feed's own text, or give up."""
        retryable = (
            isinstance(error, FetchTimeout)
            or error.reason in ("connection", "dns")
            or (isinstance(error, HTTPStatusError) and error.status >= 500)
        )
        source = self._source(page)
        with self.store.transaction() as conn:
            if retryable and page.attempts + 1 < MAX_ATTEMPTS:
                delay = self.settings.ingest.retry_delay * 2**page.attempts
                self.store.finish_page(
                    conn,
                    page.id,
                    status="pending",
                    error=str(error),
                    retry_after=timedelta(seconds=delay),
                )
                self._reject(conn, report, error, source=source, url=page.url)
                return None
            feed_text = html_to_text(page.content) if page.content else page.summary
            if len(feed_text) >= local.FEED_TEXT_MIN:
                log.info("using the feed's text for %s (%s)", page.url, error)
                return Candidate(
                    extracted=Extracted(
                        url=page.url,
                        title=page.title,
                        byline=page.author,
                        outlet=outlet_from_url(page.url),
                        text=feed_text,
                        language=detect_language(feed_text),
                    ),
                    text_source="feed",
                    summary=page.summary,
                    guid=page.guid or "",
                    feed_id=page.feed_id,
                    feed_published=page.feed_published,
                )
            self.store.finish_page(conn, page.id, status="failed", error=str(error))
            self._reject(conn, report, error, source=source, url=page.url)
            return None

    def _source(self, page: PageRow) -> str:
        """Where a page came from, for `newsdesk status`: its feed's URL, or itself."""
        if page.feed_id is None:
            return page.url
        return self._feed_url.get(page.feed_id, page.url)


def _exit_with_parent(parent: int, every: float = 1.0) -> None:
    """In an extraction worker: end when the ingest process is gone.

    A worker holds both ends of the pool's queue, so a parent killed with
    SIGKILL would otherwise leave it waiting forever.
    """
    import threading

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(every)
        os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()
