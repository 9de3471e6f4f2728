"""The ingest stage end to end: a real HTTP server, a real store."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest

from newsdesk.ingest.dedupe import article_id
from newsdesk.ingest.pipeline import Ingestor, IngestReport
from newsdesk.settings import Settings
from newsdesk.store import Store, open_store
from tests.conftest import make_settings, shared_data
from tests.helpers import PARAS, article_html, distinct_paras, rfc822, rss, serve_stories
from tests.httpserver import Reply, TestServer

HTML = {"Content-Type": "text/html; charset=utf-8"}
RSS = {"Content-Type": "application/rss+xml"}


def run(store: Store, settings: Settings, urls: tuple[str, ...] = ()) -> IngestReport:
    return asyncio.run(Ingestor(store, settings).run_once(urls))


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return open_store(f"sqlite:///{tmp_path / 'nd.db'}")


def test_feed_to_articles_with_sentences(tmp_path: Path, server: TestServer, store: Store) -> None:
    settings = make_settings(tmp_path)
    server.routes["/feed"] = Reply(body=rss(serve_stories(server, 3)), headers=RSS)
    store.add_feed(server.url("/feed"))
    report = run(store, settings)
    assert (report.feeds_polled, report.items_queued, report.articles_added) == (1, 3, 3)
    art = store.get_article(article_id(server.url("/news/0")))
    assert art is not None
    assert art.title == "Headline 0"
    assert art.outlet == "The Daily Test"
    assert art.byline == "Jo Reporter"
    assert art.language == "en"
    assert art.date_source == "feed"
    assert art.text_source == "page"
    assert art.summary == "A short blurb."
    assert "Story number 0" in art.text
    assert "All rights reserved" not in art.text  # boilerplate stays out
    assert art.sentences[0].evidence_id == f"{art.id}:0"
    for s in art.sentences:
        assert art.text[s.start : s.end] == s.text
    # A second pass stores nothing twice and fetches no page again.
    again = run(store, settings)
    assert (again.items_queued, again.articles_added) == (0, 0)
    assert server.hits["/news/0"] == 1
    assert store.counts()["articles"] == 3


def test_an_evening_report_keeps_its_writer_s_day(
    tmp_path: Path, server: TestServer, store: Store
) -> None:
    """Filed at 8:15 p.m. in New York, already the next day in UTC: its "today" is the day
    its reporter wrote on, whether the feed or the page states the time."""
    from newsdesk.analyze.sheet import analyze
    from newsdesk.write.compose import docs_from_articles

    council = "The city council approved the budget today after a long debate, officials said."
    mayor = "The mayor signed the measure yesterday, a spokeswoman for the city said."
    for path, para, stated in (
        ("/council", council, "2024-03-05T10:00:00Z"),
        ("/mayor", mayor, "2024-03-05T21:40:00-05:00"),
    ):
        server.routes[path] = Reply(
            body=article_html("Budget", [para, *distinct_paras(path[1:])], stated).encode(),
            headers=HTML,
        )
    items = [
        {"link": server.url("/council"), "guid": "c", "date": "Tue, 05 Mar 2024 20:15:00 -0500"},
        {"link": server.url("/mayor"), "guid": "m"},  # the page states its own time
    ]
    server.routes["/feed"] = Reply(body=rss(items), headers=RSS)
    store.add_feed(server.url("/feed"))
    assert run(store, make_settings(tmp_path)).articles_added == 2
    arts = [store.get_article(article_id(server.url(p))) for p in ("/council", "/mayor")]
    assert all(a is not None and a.published is not None for a in arts)
    when = [a.published for a in arts if a is not None and a.published is not None]
    assert [w.isoformat() for w in when] == [
        "2024-03-05T20:15:00-05:00",  # the feed's time wins over the page's
        "2024-03-05T21:40:00-05:00",
    ]
    sheet = analyze(docs_from_articles(a for a in arts if a is not None), story="budget")
    dated = {e.text: e.dates for e in sheet.evidence if e.dates}
    assert dated[council] == ["2024-03-05"]  # not March 6, UTC's day
    assert dated[mayor] == ["2024-03-04"]


def test_conditional_get_is_used_on_the_next_poll(
    tmp_path: Path, server: TestServer, store: Store
) -> None:
    body = rss(serve_stories(server, 1))

    def feed(handler: object) -> Reply:
        if handler.headers.get("If-None-Match") == '"abc"':  # type: ignore[attr-defined]
            return Reply(304)
        return Reply(body=body, headers=RSS | {"ETag": '"abc"'})

    server.routes["/feed"] = feed
    store.add_feed(server.url("/feed"))
    run(store, make_settings(tmp_path))
    second = run(store, make_settings(tmp_path))
    assert second.feeds_not_modified == 1
    assert store.feeds()[0].etag == '"abc"'


def test_broken_feeds_are_recorded_and_the_run_goes_on(
    tmp_path: Path, server: TestServer, store: Store
) -> None:
    settings = make_settings(tmp_path, retries=0)
    server.routes["/good"] = Reply(body=rss(serve_stories(server, 2)), headers=RSS)
    server.routes["/malformed"] = Reply(body=b"<rss><channel><item><title>x</ti", headers=RSS)
    server.routes["/page"] = Reply(
        body=b'<html><head><link rel="alternate" type="application/rss+xml" href="/good">'
        b"</head><body>hi</body></html>",
        headers={"Content-Type": "application/xml"},
    )
    server.routes["/500"] = Reply(500, b"down")
    for path in ("/good", "/malformed", "/page", "/500", "/404"):
        store.add_feed(server.url(path))
    report = run(store, settings)
    assert report.feeds_polled == 1
    assert report.feeds_failed == 4
    assert report.articles_added == 2
    by_url = {f.url.rsplit("/", 1)[1]: f for f in store.feeds()}
    assert "not a readable feed" in (by_url["malformed"].last_error or "")
    assert "HTML page, not a feed" in (by_url["page"].last_error or "")
    assert "/good" in (by_url["page"].last_error or "")  # it says where the feed is
    assert by_url["500"].last_status == 500
    assert by_url["404"].error_count == 1
    assert by_url["good"].error_count == 0
    reasons = {e["reason"] for e in store.recent_events(50)}
    assert {"malformed", "html-not-feed", "http-500", "http-404"} <= reasons


def test_duplicate_guids_and_a_feed_that_changes_every_item(
    tmp_path: Path, server: TestServer, store: Store
) -> None:
    items = serve_stories(server, 2)
    dup = [*items, {**items[1], "link": server.url("/news/0")}, {**items[0]}]
    server.routes["/feed"] = Reply(body=rss(dup), headers=RSS)
    store.add_feed(server.url("/feed"))
    assert run(store, make_settings(tmp_path)).items_queued == 2
    # Now every GUID changes on each poll while the links stay: nothing new is fetched.
    fresh = [{**it, "guid": f"new-{it['guid']}"} for it in items]
    server.routes["/feed"] = Reply(body=rss(fresh), headers=RSS)
    again = run(store, make_settings(tmp_path))
    assert again.items_queued == 0
    assert store.counts()["articles"] == 2
    assert server.hits["/news/1"] == 1


def test_html_page_given_as_a_url_is_an_article_and_a_feed_url_is_a_feed(
    tmp_path: Path, server: TestServer, store: Store
) -> None:
    items = serve_stories(server, 2)
    server.routes["/feed"] = Reply(body=rss(items), headers=RSS)
    report = run(store, make_settings(tmp_path), (server.url("/news/0"), server.url("/feed")))
    assert report.articles_added == 2
    assert store.counts()["feeds"] == 0  # a one-off URL does not subscribe


def test_reprints_are_linked_to_the_first_copy(
    tmp_path: Path, server: TestServer, store: Store
) -> None:
    wire = [f"{p} Paragraph {i} of the wire story." for i, p in enumerate(PARAS * 3)]
    server.routes["/a/story"] = Reply(
        body=article_html("Budget passes", wire).encode(), headers=HTML
    )
    reprint = [*wire[:-1], "Additional reporting by a local desk."]
    server.routes["/b/copy"] = Reply(
        body=article_html("Council passes budget", reprint, outlet="Other Times").encode(),
        headers=HTML,
    )
    own = [f"Independent report {i}: {p[::-1]}" for i, p in enumerate(PARAS)]
    server.routes["/c/own"] = Reply(body=article_html("Own take", own).encode(), headers=HTML)
    run(store, make_settings(tmp_path), (server.url("/a/story"),))
    report = run(store, make_settings(tmp_path), (server.url("/b/copy"), server.url("/c/own")))
    assert report.reprints == 1
    first, copy, own_id = (article_id(server.url(p)) for p in ("/a/story", "/b/copy", "/c/own"))
    got = store.get_article(copy)
    assert got is not None
    assert got.reprint_of == first
    assert got.reprint_score is not None
    assert got.reprint_score >= 0.8
    other = store.get_article(own_id)
    assert other is not None
    assert other.reprint_of is None


def test_the_same_page_under_tracking_urls_is_stored_once(
    tmp_path: Path, server: TestServer, store: Store
) -> None:
    serve_stories(server, 1)
    urls = (
        server.url("/news/0?utm_source=rss&utm_medium=feed"),
        server.url("/news/0#comments"),
        server.url("/news/0"),
    )
    report = run(store, make_settings(tmp_path), urls)
    assert report.articles_added == 1
    assert server.hits["/news/0"] == 1


def test_undated_and_future_pages_are_rejected_with_a_reason(
    tmp_path: Path, server: TestServer, store: Store
) -> None:
    server.routes["/undated"] = Reply(
        body=article_html("No date", published="").encode(), headers=HTML
    )
    # A page date in the future is not believed (htmldate caps at today): it is undated.
    server.routes["/future"] = Reply(
        body=article_html("Tomorrow", published="2999-01-01T00:00:00Z").encode(), headers=HTML
    )
    # A feed that dates its item next year is refused as such.
    server.routes["/ahead"] = Reply(body=article_html("Ahead").encode(), headers=HTML)
    server.routes["/feed"] = Reply(
        body=rss([{"link": server.url("/ahead"), "guid": "a", "date": rfc822(-365)}]), headers=RSS
    )
    store.add_feed(server.url("/feed"))
    report = run(store, make_settings(tmp_path), (server.url("/undated"), server.url("/future")))
    assert report.articles_added == 0
    assert report.rejected == {"undated": 2, "future": 1}
    assert store.counts()["pages_skipped"] == 3
    messages = {e["reason"]: e["message"] for e in store.recent_events()}
    assert "no publication time" in messages["undated"]
    assert "in the future" in messages["future"]


def test_not_an_article_falls_back_to_the_feed_text_or_fails(
    tmp_path: Path, server: TestServer, store: Store
) -> None:
    server.routes["/thin"] = Reply(
        body=b"<html><body><p>Subscribe!</p></body></html>", headers=HTML
    )
    server.routes["/gone"] = Reply(410, b"gone")
    blurb = "A long enough blurb that tells the whole news in brief: " + PARAS[0]
    items = [
        {"link": server.url("/thin"), "guid": "t", "date": rfc822(), "description": blurb},
        {"link": server.url("/gone"), "guid": "g", "date": rfc822(), "description": "x"},
    ]
    server.routes["/feed"] = Reply(body=rss(items), headers=RSS)
    store.add_feed(server.url("/feed"))
    report = run(store, make_settings(tmp_path))
    assert report.articles_added == 1
    (aid,) = store.article_ids()
    art = store.get_article(aid)
    assert art is not None
    assert art.text_source == "feed"
    assert art.text == blurb
    assert store.counts()["pages_failed"] == 1
    assert report.rejected["http-410"] == 1


def test_timeouts_are_retried_on_a_later_pass(
    tmp_path: Path, server: TestServer, store: Store
) -> None:
    server.routes["/slow"] = Reply(body=article_html("Slow").encode(), headers=HTML, delay=1.0)
    settings = make_settings(tmp_path, read_timeout=0.2, retries=0)
    settings = settings.model_copy(
        # long enough that a slow machine cannot reach the second pass after it has passed
        update={"ingest": settings.ingest.model_copy(update={"retry_delay": 3.0})}
    )
    first = run(store, settings, (server.url("/slow"),))
    assert first.rejected["timeout"] == 1  # tried once in this pass, not hammered
    assert store.counts()["pages_pending"] == 1  # kept for a later pass
    server.routes["/slow"] = Reply(body=article_html("Slow").encode(), headers=HTML)
    assert run(store, settings).articles_added == 0  # too early to retry
    time.sleep(3.1)
    assert run(store, settings).articles_added == 1


def test_every_real_feed_parses_or_is_rejected_with_a_reason(
    tmp_path: Path, server: TestServer, store: Store
) -> None:
    folder = shared_data("feeds", "input")
    files = sorted(p for p in folder.iterdir() if p.is_file())
    assert len(files) >= 30
    for f in files:
        server.routes[f"/{f.name}"] = Reply(
            body=f.read_bytes(), headers={"Content-Type": "application/xml"}
        )
        store.add_feed(server.url(f"/{f.name}"))
    ingestor = Ingestor(store, make_settings(tmp_path))
    report = IngestReport()

    async def poll() -> None:
        async with ingestor.fetcher() as fetcher:
            await ingestor.poll_feeds(fetcher, report)

    asyncio.run(poll())
    assert report.feeds_polled + report.feeds_failed == len(files)
    feeds = store.feeds()
    for feed in feeds:
        if feed.last_ok_at is None:
            assert feed.last_error, f"{feed.url} failed without a reason"
    assert report.feeds_polled >= len(files) - 2
    assert report.items_queued > 500


def test_a_failed_write_leaves_no_trace(
    tmp_path: Path, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsdesk.errors import StoreError
    from newsdesk.ingest.pipeline import Candidate
    from newsdesk.models import Extracted

    ingestor = Ingestor(store, make_settings(tmp_path))
    wire = " ".join(PARAS * 3)

    def article(url: str, text: str) -> Candidate:
        return Candidate(Extracted(url=url, title="t", text=text, published=None), "file")

    report = IngestReport()
    first = ingestor.build_article(article("https://a.example/1", wire), allow_undated=True)
    assert ingestor.save(first, report) == "added"

    real_add = store.add_article

    def add_then_fail(conn: object, art: object, mh: object) -> bool:
        real_add(conn, art, mh)  # type: ignore[arg-type]
        raise StoreError("disk full")

    monkeypatch.setattr(store, "add_article", add_then_fail)
    copy = ingestor.build_article(
        article("https://b.example/2", wire + " Extra."), allow_undated=True
    )
    with pytest.raises(StoreError):
        ingestor.save(copy, report)
    monkeypatch.undo()
    assert store.get_article(copy.id) is None
    assert len(ingestor.reprints) == 1
    assert (report.articles_added, report.reprints) == (1, 0)
    # The next copy links to the stored original, never to the write that failed.
    later = ingestor.build_article(
        article("https://c.example/3", wire + " More."), allow_undated=True
    )
    assert ingestor.save(later, report) == "reprint"
    assert later.reprint_of == first.id
