"""Ingest throughput on 2 cores: the 181 real pages of ../shared/data/extraction.

    python -m benchmarks.ingest_throughput [--data DIR] [--json OUT]

Two runs, each into a fresh SQLite store, everything real:

* web: a feed listing the 181 pages is served over loopback HTTP by a real
  server; newsdesk polls it, fetches every page (concurrency 16, 4 per host),
  extracts, dates, deduplicates, splits sentences and stores;
* files: `ingest --from` on the same 181 .html.gz files.

Reports pages/s (all pages handled, stored or rejected), articles stored,
and the peak resident memory of the process.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import sys
import tempfile
import time
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path

from newsdesk.ingest.extract import read_html_file
from newsdesk.ingest.pipeline import Ingestor
from newsdesk.settings import load_settings
from newsdesk.store import open_store
from tests.httpserver import Reply, TestServer

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "extraction"


def _feed(server: TestServer, keys: list[str]) -> bytes:
    when = format_datetime(datetime(2019, 11, 20, tzinfo=UTC))
    items = "".join(
        f"<item><title>{k}</title><link>{server.url('/p/' + k)}</link><guid>{k}</guid>"
        f"<pubDate>{when}</pubDate></item>"
        for k in keys
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>bench</title>'
        f"{items}</channel></rss>"
    ).encode()


def web(data: Path, tmp: Path) -> dict[str, float]:
    files = sorted((data / "html").glob("*.html.gz"))
    server = TestServer().start()
    keys = []
    for f in files:
        key = f.name.removesuffix(".html.gz")
        keys.append(key)
        server.routes[f"/p/{key}"] = Reply(
            body=read_html_file(f), headers={"Content-Type": "text/html; charset=utf-8"}
        )
    server.routes["/feed"] = Reply(
        body=_feed(server, keys), headers={"Content-Type": "application/rss+xml"}
    )
    settings = load_settings(
        home=tmp / "web",
        overrides={
            "fetch": {"allow_private": True, "host_interval": 0.0, "per_host": 4, "concurrency": 16}
        },
    )
    store = open_store(settings.store_url)
    store.add_feed(server.url("/feed"))
    started = time.perf_counter()
    report = asyncio.run(Ingestor(store, settings).run_once())
    seconds = time.perf_counter() - started
    server.stop()
    return {
        "pages": report.pages_handled,
        "articles": report.articles_added,
        "rejected": sum(report.rejected.values()),
        "seconds": round(seconds, 2),
        "pages_per_second": round(report.pages_handled / seconds, 2),
    }


def files(data: Path, tmp: Path) -> dict[str, float]:
    settings = load_settings(home=tmp / "files")
    store = open_store(settings.store_url)
    started = time.perf_counter()
    report = Ingestor(store, settings).ingest_path(data / "html")
    seconds = time.perf_counter() - started
    n = report.articles_added + report.duplicates + sum(report.rejected.values())
    return {
        "pages": n,
        "articles": report.articles_added,
        "rejected": sum(report.rejected.values()),
        "seconds": round(seconds, 2),
        "pages_per_second": round(n / seconds, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    if not (args.data / "html").exists():
        sys.exit(f"no pages at {args.data / 'html'}")
    with tempfile.TemporaryDirectory() as tmp:
        result = {
            "web": web(args.data, Path(tmp)),
            "files": files(args.data, Path(tmp)),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        }
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
