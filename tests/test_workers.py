"""Several workers on one PostgreSQL store: every page handled once, nothing doubled."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from newsdesk.store import open_store
from tests.helpers import serve_stories
from tests.httpserver import TestServer

N_PAGES = 30


@pytest.mark.slow
def test_two_workers_share_the_queue(tmp_path: Path, server: TestServer, store_url: str) -> None:
    if not store_url.startswith("postgresql"):
        pytest.skip("many workers need PostgreSQL; SQLite serves one process")
    serve_stories(server, N_PAGES, prefix="/w", delay=0.05, feed="/feed")
    home = tmp_path / "home"
    home.mkdir()
    (home / "newsdesk.toml").write_text(
        "[fetch]\nallow_private = true\nhost_interval = 0\nper_host = 4\n[ingest]\nbatch = 3\n"
    )
    env = os.environ | {"NEWSDESK_HOME": str(home), "NEWSDESK_DB": store_url}
    cmd = [sys.executable, "-m", "newsdesk", "-q"]
    subprocess.run([*cmd, "add-feed", server.url("/feed")], env=env, check=True)
    # Both poll the feed (queueing is idempotent), then both drain the one queue.
    workers = [subprocess.Popen([*cmd, "ingest", "--once"], env=env) for _ in range(2)]
    assert [w.wait(timeout=180) for w in workers] == [0, 0]
    store = open_store(store_url)
    counts = store.counts()
    assert counts["articles"] == N_PAGES
    assert counts["pages_done"] == N_PAGES
    assert counts["pages_pending"] == 0
    assert all(server.hits[f"/w/{i}"] == 1 for i in range(N_PAGES)), server.hits
    store.close()
