"""Realistic test pages and feeds, made on the fly."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

from newsdesk.analyze.facts import SourceDoc
from tests.httpserver import Reply, TestServer

PARAS = [
    "The city council voted on Tuesday to approve a new budget that expands public transport "
    "and raises spending on schools by four percent, officials said.",
    "Mayor Ana Ruiz said the plan would cut waiting times on the busiest bus routes. "
    "\u201cThis is a budget for people who ride the bus every day,\u201d she told reporters.",
    "Opposition members argued that the increase was not funded and warned of higher taxes "
    "next year. The vote passed by seven to four after a debate of more than three hours.",
    "The budget takes effect on July 1. A first review of the bus routes is due in the autumn, "
    "according to the transport department.",
]


def article_html(
    title: str,
    paras: list[str] | None = None,
    published: str = "2024-03-05T10:00:00Z",
    lang: str = "en",
    outlet: str = "The Daily Test",
) -> str:
    body = "".join(f"<p>{p}</p>" for p in (paras or PARAS))
    date_meta = (
        f'<meta property="article:published_time" content="{published}">' if published else ""
    )
    return (
        f'<!doctype html><html lang="{lang}"><head><title>{title}</title>{date_meta}'
        f'<meta property="og:site_name" content="{outlet}">'
        '<meta name="author" content="Jo Reporter"></head><body>'
        '<nav><a href="/">Home</a> | <a href="/world">World</a></nav>'
        f"<article><h1>{title}</h1>{body}</article>"
        "<footer>Copyright The Daily Test. All rights reserved.</footer></body></html>"
    )


def rss(items: list[dict[str, str]], title: str = "Test feed") -> bytes:
    entries = []
    for it in items:
        guid = f"<guid>{it['guid']}</guid>" if it.get("guid") else ""
        date = f"<pubDate>{it['date']}</pubDate>" if it.get("date") else ""
        entries.append(
            f"<item><title>{it.get('title', 'Item')}</title><link>{it['link']}</link>{guid}{date}"
            f"<description>{it.get('description', 'A short blurb.')}</description></item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{title}</title><link>http://example.com/</link>{''.join(entries)}"
        "</channel></rss>"
    ).encode()


def rfc822(days_ago: float = 1.0) -> str:
    return format_datetime(datetime.now(UTC) - timedelta(days=days_ago))


def distinct_paras(tag: str) -> list[str]:
    """PARAS as a story of its own: a tag word after every third word leaves no word
    5-shingle shared with another tag's story, so no two are taken for reprints."""
    return [
        " ".join(f"{w} {tag}" if k % 3 == 0 else w for k, w in enumerate(p.split())) for p in PARAS
    ]


def serve_stories(
    server: TestServer,
    n: int,
    *,
    prefix: str = "/news",
    delay: float = 0.0,
    feed: str | None = None,
) -> list[dict[str, str]]:
    """Serve ``n`` distinct article pages at ``prefix/i`` (and, if ``feed`` is given, an
    RSS feed listing them there); returns the feed items."""
    items = []
    for i in range(n):
        path = f"{prefix}/{i}"
        paras = [
            f"Story number {i} opens with its own fact, reported by staff {i}.",
            *distinct_paras(f"s{i}"),
        ]
        server.routes[path] = Reply(
            body=article_html(f"Headline {i}", paras).encode(),
            headers={"Content-Type": "text/html; charset=utf-8"},
            delay=delay,
        )
        items.append(
            {"link": server.url(path), "guid": f"g{i}", "date": rfc822(1), "title": f"Headline {i}"}
        )
    if feed is not None:
        server.routes[feed] = Reply(
            body=rss(items), headers={"Content-Type": "application/rss+xml"}
        )
    return items


def run_cli(
    *args: str, stdin: str | None = None, env: dict[str, str] | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """The real command line, in a fresh interpreter (``env`` adds to the environment)."""
    return subprocess.run(
        [sys.executable, "-m", "newsdesk", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=os.environ | env if env else None,
    )


def demo_event(event: str, limit: int = 8) -> list[SourceDoc]:
    """The first ``limit`` articles of one ECB+ event of the bundled demo corpus."""
    from newsdesk.cli import demo_corpus

    docs = []
    with gzip.open(demo_corpus(), "rt", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if row["event_label"] == event and len(docs) < limit:
                docs.append(SourceDoc(article_id=row["doc_id"], text=row["text"]))
    return docs


def demo_docs(doc_ids: list[str]) -> list[SourceDoc]:
    """Articles of the bundled demo corpus by ECB+ document id, with the outlet, title, link
    and publication time the corpus gives them, in the order asked."""
    from newsdesk.cli import demo_corpus

    rows = {}
    with gzip.open(demo_corpus(), "rt", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if row["doc_id"] in doc_ids:
                rows[row["doc_id"]] = row
    return [
        SourceDoc(
            article_id=r["doc_id"],
            text=r["text"],
            title=r["title"] or "",
            outlet=r["outlet"] or "",
            url=r["url"],
            published=datetime.fromisoformat(r["published"]) if r["published"] else None,
        )
        for r in (rows[i] for i in doc_ids)
    ]


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(
    command: list[str], probe: str, env: dict[str, str] | None = None, wait: float = 60.0
) -> Iterator[subprocess.Popen[bytes]]:
    """Run a server process until the block ends, once ``probe`` answers 200."""
    import httpx

    proc = subprocess.Popen(
        command,
        env=os.environ | (env or {}),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                if httpx.get(probe, timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if proc.poll() is not None:
                raise AssertionError(f"{command[:3]} exited on start ({proc.returncode})")
            if time.monotonic() > deadline:
                raise AssertionError(f"{command[:3]} did not answer {probe} in {wait:.0f}s")
            time.sleep(0.2)
        yield proc
    finally:
        proc.terminate()
        proc.wait(timeout=30)
