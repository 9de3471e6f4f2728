"""Developing stories: `watch` polls feeds on their own schedule and writes a new version
only when something material changed. A real HTTP server, a real store, the real pipeline."""

from __future__ import annotations

import gzip
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import update

from newsdesk.analyze.facts import SourceDoc
from newsdesk.analyze.sheet import analyze
from newsdesk.cli import demo_corpus
from newsdesk.ingest.feeds import parse_feed
from newsdesk.ingest.fetch import fresh_for
from newsdesk.ingest.pipeline import poll_delay
from newsdesk.publish.catalog import Catalog
from newsdesk.publish.changes import diff
from newsdesk.settings import Settings, load_settings
from newsdesk.store import Store, open_store
from newsdesk.store.schema import feeds
from newsdesk.watch import run_cycle, watch
from tests.helpers import article_html
from tests.httpserver import Reply, TestServer

HTML = {"Content-Type": "text/html; charset=utf-8"}


def _settings(tmp_path: Path) -> Settings:
    return load_settings(
        home=tmp_path,
        overrides={
            "fetch": {"allow_private": True, "host_interval": 0.0, "backoff": 0.05},
            "watch": {"min_interval": 60, "max_interval": 3600, "default_interval": 900},
        },
    )


def _event_texts(event: str, n: int) -> list[str]:
    out = []
    with gzip.open(demo_corpus(), "rt", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if row["event_label"] == event and len(out) < n:
                out.append(row["text"])
    return out


def test_poll_delay_follows_the_feed_within_bounds(tmp_path: Path) -> None:
    w = _settings(tmp_path).watch
    assert poll_delay(w, None, 0) == 900  # nothing asked: the default
    assert poll_delay(w, 1800, 0) == 1800  # <ttl>30</ttl>
    assert poll_delay(w, 5, 0) == 60  # never more often than min_interval
    assert poll_delay(w, 86400, 0) == 3600  # never less often than max_interval
    assert poll_delay(w, None, 1) == 900
    assert poll_delay(w, None, 3) == 3600  # backing off after failures…
    assert poll_delay(w, None, 30) == w.max_backoff  # …up to a cap


def test_freshness_from_http_and_from_the_feed() -> None:
    assert fresh_for({"cache-control": "public, max-age=600"}) == 600
    assert fresh_for({"cache-control": "s-maxage=120, max-age=600"}) == 120
    assert fresh_for({"cache-control": "no-store, max-age=600"}) is None
    assert fresh_for({"cache-control": "max-age=bogus"}) is None
    assert (
        fresh_for(
            {"expires": "Mon, 23 Nov 2026 10:30:00 GMT", "date": "Mon, 23 Nov 2026 10:00:00 GMT"}
        )
        == 1800
    )
    assert fresh_for({}) is None
    rss = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><ttl>45</ttl>'
        b"<item><title>a</title><link>http://example.com/a</link></item></channel></rss>"
    )
    assert parse_feed(rss).ttl == 45 * 60
    sy = (
        b'<?xml version="1.0"?><rss version="2.0" xmlns:sy="http://purl.org/rss/1.0/modules/'
        b'syndication/"><channel><title>t</title><sy:updatePeriod>hourly</sy:updatePeriod>'
        b"<sy:updateFrequency>4</sy:updateFrequency>"
        b"<item><title>a</title><link>http://example.com/a</link></item></channel></rss>"
    )
    assert parse_feed(sy).ttl == 900
    assert parse_feed(rss.replace(b"<ttl>45</ttl>", b"<ttl>soon</ttl>")).ttl is None


def _doc(i: str, text: str, outlet: str, reprint_of: str | None = None) -> SourceDoc:
    when = datetime(2024, 3, 5, 10, tzinfo=UTC)
    return SourceDoc(i, text, outlet=outlet, published=when, reprint_of=reprint_of)


def test_a_reprint_is_not_material_a_new_figure_is() -> None:
    base = (
        "Flooding in the river valley killed 12 people on Tuesday, officials said.\n"
        "Rescue teams searched the villages along the river for survivors all night.\n"
        "The regional governor said the dams had held despite the record rainfall."
    )
    old = analyze([_doc("a", base, "Gazette")], story="s")
    same = analyze([_doc("a", base, "Gazette"), _doc("b", base, "Herald", "a")], story="s")
    none = diff(old, same)
    assert not none.material
    assert none.new_sources == ["Herald"]
    grown = base.replace("killed 12 people", "killed 40 people") + (
        '\n"We have never seen water like this," said Mayor Ana Ruiz of the valley town.'
    )
    later = analyze([_doc("a", base, "Gazette"), _doc("c", grown, "Courier")], story="s")
    changes = diff(old, later)
    assert changes.material
    assert [(s.old, s.new) for s in changes.superseded] == [("12", "40")]
    assert changes.superseded[0].outlets == ["Courier"]
    kinds = {f.kind for f in changes.new}
    assert "quote" in kinds
    assert diff(None, later).first


@pytest.fixture
def wstore(tmp_path: Path) -> Store:
    return open_store(f"sqlite:///{tmp_path / 'watch.db'}")


def _rss(items: list[dict[str, str]]) -> bytes:
    entries = "".join(
        f"<item><title>{it['title']}</title><link>{it['link']}</link>"
        f"<guid>{it['link']}</guid><pubDate>{it['date']}</pubDate></item>"
        for it in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Wire</title>'
        f"<link>http://example.com/</link><ttl>30</ttl>{entries}</channel></rss>"
    ).encode()


class Feed:
    """An RSS feed with an ETag: 304 to a reader that has the current version."""

    def __init__(self, server: TestServer) -> None:
        self.server = server
        self.items: list[dict[str, str]] = []
        self.served: list[int] = []
        server.routes["/feed"] = self.reply

    def add(self, path: str, title: str, text: str, outlet: str, hours_ago: float) -> None:
        when = datetime.now(UTC) - timedelta(hours=hours_ago)
        page = article_html(title, text.split("\n"), published=when.isoformat(), outlet=outlet)
        self.server.routes[path] = Reply(body=page.encode(), headers=HTML)
        date = when.strftime("%a, %d %b %Y %H:%M:%S +0000")
        self.items.append({"title": title, "link": self.server.url(path), "date": date})

    def reply(self, handler: Any) -> Reply:
        tag = f'"v{len(self.items)}"'
        if handler.headers.get("If-None-Match") == tag:
            self.served.append(304)
            return Reply(304, headers={"ETag": tag})
        self.served.append(200)
        return Reply(
            body=_rss(self.items), headers={"Content-Type": "application/rss+xml", "ETag": tag}
        )


def _make_due(store: Store) -> None:
    with store.transaction() as conn:
        conn.execute(update(feeds).values(next_fetch_at=datetime.now(UTC) - timedelta(seconds=1)))


def test_watch_updates_a_story_only_when_the_news_develops(
    tmp_path: Path, server: TestServer, wstore: Store
) -> None:
    settings = _settings(tmp_path)
    texts = _event_texts("1_ecb", 4)  # the third is a story of its own in the demo
    feed = Feed(server)
    feed.add("/a/0", "Tara Reid enters rehab", texts[0], "Gazette", 30)
    feed.add("/a/1", "Reid checks into Promises", texts[1], "Herald", 28)
    wstore.add_feed(server.url("/feed"))

    first = run_cycle(wstore, settings)
    assert first.ingest.feeds_polled == 1
    assert first.ingest.articles_added == 2
    assert first.write.written == len(first.cluster.stories) >= 1
    (row,) = wstore.feeds()
    assert row.ttl_seconds == 1800
    assert row.next_fetch_at is not None
    wait = (row.next_fetch_at - datetime.now(UTC)).total_seconds()
    assert 1700 < wait <= 1800  # the feed's <ttl>30</ttl>

    # Not due yet: the feed is not polled at all.
    second = run_cycle(wstore, settings)
    assert second.ingest.feeds_polled == 0
    assert feed.served == [200]

    # Due, unchanged: a conditional GET answered 304.
    _make_due(wstore)
    third = run_cycle(wstore, settings)
    assert third.ingest.feeds_not_modified == 1
    assert feed.served == [200, 304]
    assert third.write.written == 0

    story = wstore.story_members(first.written[0])
    story_id = first.written[0]
    before = wstore.counts()["versions"]

    # A reprint of a known report: a new source, nothing new to tell. No new version.
    feed.add("/a/copy", "Tara Reid enters rehab (wire)", texts[0], "Courier", 20)
    _make_due(wstore)
    reprint = run_cycle(wstore, settings)
    assert reprint.ingest.articles_added == 1
    assert reprint.write.written == 0
    assert reprint.write.immaterial == 1
    assert wstore.counts()["versions"] == before
    # …and that state is not examined again on the next cycle.
    _make_due(wstore)
    assert run_cycle(wstore, settings).write.immaterial == 0

    # A new report with new facts: a new version, with what changed and who says it.
    feed.add("/a/2", "Reid speaks", texts[3], "Tribune", 10)
    _make_due(wstore)
    news = run_cycle(wstore, settings)
    assert news.ingest.articles_added == 1
    members = {m["id"] for m in wstore.story_members(story_id)}
    assert len(members) == len(story) + 2, "the new report joined the story"
    assert news.written == [story_id]
    versions = Catalog(wstore).versions(story_id)
    assert [v.version for v in versions] == [2, 1]
    latest = versions[0].changes
    assert latest.material
    assert not latest.first
    assert latest.new
    assert "Tribune" in latest.new_sources
    assert all(f.evidence for f in latest.new)
    assert any("Tribune" in f.outlets for f in latest.new)


def test_watch_loop_stops_after_its_cycles_and_survives_a_dead_feed(
    tmp_path: Path, server: TestServer, wstore: Store
) -> None:
    settings = load_settings(
        home=tmp_path,
        overrides={
            "fetch": {"allow_private": True, "host_interval": 0.0, "retries": 0},
            "watch": {"min_interval": 0, "max_interval": 3, "default_interval": 1},
        },
    )
    wstore.add_feed(server.url("/gone"))  # 404: recorded, backed off, the loop goes on
    seen: list[int] = []
    started = datetime.now(UTC)
    done = watch(wstore, settings, cycles=2, on_cycle=lambda c: seen.append(c.ingest.feeds_failed))
    assert done == 2
    assert seen == [1, 1]  # the loop waited for the feed to be due again, and went on
    assert datetime.now(UTC) - started >= timedelta(seconds=1)
    (row,) = wstore.feeds()
    assert row.error_count == 2
    assert row.next_fetch_at is not None
    # Backing off: the second failure waits twice as long as the first.
    wait = (row.next_fetch_at - datetime.now(UTC)).total_seconds()
    assert 1.0 < wait <= 2.0
