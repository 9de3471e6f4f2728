"""`newsdesk watch`: keep stories up to date as news develops.

Each cycle polls the feeds that are due (each feed on its own schedule: its ``<ttl>`` or
the server's caching time, within the configured bounds, backing off after failures, and
always with its ETag / Last-Modified so an unchanged feed costs a 304), fetches the new
pages, places the new articles into stories, and writes a new version of each story they
joined — only when something material changed (see ``newsdesk.publish.changes``). Then it
sleeps until the next feed is due. Every step commits as it goes, so stopping the watcher
at any moment (Ctrl-C, a crash, a reboot) loses nothing and the next start continues.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from newsdesk.cluster.stage import ClusterReport, cluster_store
from newsdesk.ingest.pipeline import Ingestor, IngestReport
from newsdesk.settings import Settings
from newsdesk.store import Store
from newsdesk.write.cascade import Cascade
from newsdesk.write.compose import WriteReport, write_stories

log = logging.getLogger(__name__)


@dataclass(slots=True)
class Cycle:
    number: int
    started: datetime
    ingest: IngestReport
    cluster: ClusterReport
    write: WriteReport
    next_due: datetime | None  # when the next feed is due
    written: list[int] = field(default_factory=list)  # stories with a new version


def next_due(store: Store) -> datetime | None:
    times = [f.next_fetch_at for f in store.feeds(active_only=True) if f.next_fetch_at]
    return min(times) if times else None


def run_cycle(
    store: Store, settings: Settings, number: int = 1, cascade: Cascade | None = None
) -> Cycle:
    """One pass: due feeds → new pages → stories → new versions where something changed."""
    started = datetime.now(UTC)
    ingestor = Ingestor(store, settings)
    report = IngestReport()

    async def ingest() -> None:
        async with ingestor.fetcher() as fetcher:
            await ingestor.poll_feeds(fetcher, report, due_only=True)
            await ingestor.drain(fetcher, report)

    asyncio.run(ingest())
    clustered = cluster_store(store, settings)
    touched = sorted(clustered.stories)
    written = write_stories(store, touched, cascade=cascade) if touched else WriteReport()
    return Cycle(number, started, report, clustered, written, next_due(store), written.written_ids)


def watch(
    store: Store,
    settings: Settings,
    *,
    cycles: int | None = None,
    stop: threading.Event | None = None,
    on_cycle: Callable[[Cycle], None] | None = None,
    cascade: Cascade | None = None,
) -> int:
    """Run cycles until ``cycles`` are done or ``stop`` is set; returns the cycles run."""
    stop = stop or threading.Event()
    w = settings.watch
    done = 0
    while not stop.is_set() and (cycles is None or done < cycles):
        done += 1
        try:
            cycle = run_cycle(store, settings, done, cascade)
        except Exception:  # a bad cycle must not end the watch: log it and try again later
            log.exception("watch cycle %d failed; trying again in %.0fs", done, w.min_interval)
            stop.wait(w.min_interval)
            continue
        if on_cycle is not None:
            on_cycle(cycle)
        if cycles is not None and done >= cycles:
            break
        due = cycle.next_due
        wait = w.default_interval if due is None else (due - datetime.now(UTC)).total_seconds()
        stop.wait(min(w.max_interval, max(1.0, wait)))
    return done
