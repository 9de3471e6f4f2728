"""The cluster stage over the store: every new article joins a story or opens one.

One run at a time holds the ``cluster`` lease (several ingest workers may feed
one PostgreSQL store; clustering is a single writer so story ids stay stable).
A run first replays the articles already clustered within the time window
before its oldest new article, so a new article meets the same recent stories
it would have met in one long run; then it assigns the new articles oldest
first, in batches, each batch in one transaction. A crash loses at most the
batch in flight, and the next run takes it up again. Both the replay and the
new articles are read from the store a batch at a time, so a long window or a
large backlog is never held in memory as text: only the clusterer's running
sums and one vector per article are.

A reprint (ingestion links it to its original) joins its original's story
without being scored: a wire story copied by ten outlets is one source.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import numpy as np
from sqlalchemy import Connection

from newsdesk.cluster.features import Doc, DocFeatures, Featurizer
from newsdesk.cluster.online import OnlineClusterer
from newsdesk.errors import NewsdeskError
from newsdesk.settings import Settings
from newsdesk.store import ArticleRow, Store
from newsdesk.text import split_sentences

LOCK = "cluster"


class ClusterBusyError(NewsdeskError):
    """Another process holds the cluster lease."""


@dataclass(slots=True)
class ClusterReport:
    articles: int = 0
    opened: int = 0
    joined: int = 0
    reprints: int = 0
    links: int = 0
    replayed: int = 0
    unassigned: int = 0
    seconds: float = 0.0
    stories: set[int] = field(default_factory=set)  # the stories articles joined or opened


class StoreCache:
    """Features kept in the store's ``article_features`` table."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def get_many(self, keys: Sequence[str]) -> dict[str, tuple[np.ndarray, list[tuple[str, str]]]]:
        out = {}
        for key, (vector, entities) in self.store.cached_features(keys).items():
            ents = [(str(t), str(label)) for t, label in json.loads(entities)]
            out[key] = (np.frombuffer(vector, dtype="<f4").copy(), ents)
        return out

    def put_many(self, items: dict[str, tuple[np.ndarray, list[tuple[str, str]]]]) -> None:
        self.store.cache_features(
            {
                key: (vec.astype("<f4").tobytes(), json.dumps(ents))
                for key, (vec, ents) in items.items()
            }
        )


def _doc(row: ArticleRow) -> Doc:
    return Doc(row.id, row.text, row.title, row.when, row.outlet, row.reprint_of)


def _first_sentence(text: str, limit: int = 160) -> str:
    """A working title for an untitled article: its first sentence, cut at a word."""
    sentences = split_sentences("", text[:1000])
    first = sentences[0].text if sentences else text
    return first if len(first) <= limit else first[:limit].rsplit(" ", 1)[0] + " …"


def cluster_store(
    store: Store,
    settings: Settings,
    *,
    rebuild_since: datetime | None = None,
    featurizer: Featurizer | None = None,
    tick: Callable[[int, int], None] | None = None,
) -> ClusterReport:
    """Assign every unclustered article; with ``rebuild_since``, re-cluster that window first."""
    started = time.monotonic()
    report = ClusterReport()
    if not store.try_lock(LOCK, timedelta(hours=2)):
        raise ClusterBusyError("another `newsdesk cluster` is running on this store; try later")
    try:
        if rebuild_since is not None:
            report.unassigned = store.unassign_since(rebuild_since)
        total = store.count_unclustered()
        if total:
            _assign(
                store, settings, total, featurizer or Featurizer(StoreCache(store)), report, tick
            )
    finally:
        store.release_lock(LOCK)
    report.seconds = time.monotonic() - started
    return report


def _assign(
    store: Store,
    settings: Settings,
    total: int,
    featurizer: Featurizer,
    report: ClusterReport,
    tick: Callable[[int, int], None] | None,
) -> None:
    conf = settings.cluster
    clusterer = OnlineClusterer(
        window_days=conf.window_days,
        related_days=conf.related_days,
        first_id=store.next_story_id(),
    )
    horizon = max(conf.window_days, conf.related_days)
    chunk = store.unclustered(limit=conf.batch)
    if not chunk:
        return
    story_of: dict[str, int] = {}
    for replay in store.clustered_since(chunk[0].when - timedelta(days=horizon), conf.batch):
        for row, f in zip(replay, featurizer.featurize(map(_doc, replay)), strict=True):
            assert row.story_id is not None
            clusterer.restore(row.story_id, f)
            story_of[row.id] = row.story_id
        report.replayed += len(replay)
    done = 0
    # Articles that arrive while this runs (other ingest workers) wait for the next run:
    # at most the ``total`` counted at the start are taken, oldest first.
    while chunk:
        features = featurizer.featurize(map(_doc, chunk))
        with store.transaction() as conn:
            roots = {r.reprint_of for r in chunk if r.reprint_of and r.reprint_of not in story_of}
            story_of.update(store.stories_of(conn, roots))
            touched: set[int] = set()
            for row, f in zip(chunk, features, strict=True):
                story_id = _place(store, conn, clusterer, row, f, story_of, report)
                touched.add(story_id)
                story_of[row.id] = story_id
            store.refresh_stories(conn, touched)
        report.stories.update(touched)
        done += len(chunk)
        report.articles = done
        if tick is not None:
            tick(done, total)
        left = total - done
        chunk = store.unclustered(limit=min(conf.batch, left)) if left > 0 else []


def _place(
    store: Store,
    conn: Connection,
    clusterer: OnlineClusterer,
    row: ArticleRow,
    f: DocFeatures,
    story_of: dict[str, int],
    report: ClusterReport,
) -> int:
    original = story_of.get(row.reprint_of) if row.reprint_of else None
    if original is not None:
        clusterer.restore(original, f)
        store.add_member(conn, row.id, original, 1.0, "reprint")
        report.reprints += 1
        return original
    a = clusterer.add(f)
    if a.new:
        store.add_story(conn, a.story, row.title or _first_sentence(row.text))
        store.add_member(conn, row.id, a.story, a.score, "opened")
        report.opened += 1
        for other, margin in a.related:
            store.link_stories(conn, a.story, other, margin)
            report.links += 1
    else:
        store.add_member(conn, row.id, a.story, a.score, "joined")
        report.joined += 1
    return a.story
