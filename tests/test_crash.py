"""A run killed with SIGKILL at any point resumes with nothing lost and nothing doubled."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from newsdesk.store import open_store
from newsdesk.store.schema import articles, sentences
from tests.helpers import serve_stories
from tests.httpserver import TestServer

N_PAGES = 40


def newsdesk(home: Path, *args: str) -> subprocess.Popen[bytes]:
    env = os.environ | {"NEWSDESK_HOME": str(home)}
    env.pop("NEWSDESK_DB", None)
    return subprocess.Popen(
        [sys.executable, "-m", "newsdesk", "-q", *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def kill_after(proc: subprocess.Popen[bytes], seconds: float) -> None:
    try:
        proc.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
        proc.wait()


def check_consistent(db: Path, expected: int) -> None:
    store = open_store(f"sqlite:///{db}")
    with store.engine.connect() as conn:
        n_articles = conn.execute(select(func.count()).select_from(articles)).scalar_one()
        declared = conn.execute(select(func.sum(articles.c.sentence_count))).scalar_one()
        stored = conn.execute(select(func.count()).select_from(sentences)).scalar_one()
    assert n_articles == expected
    assert declared == stored  # no article without all of its sentences
    counts = store.counts()
    assert counts["pages_pending"] == 0
    store.close()


def _extraction_workers() -> list[int]:
    """Pids of multiprocessing workers whose parent is gone (reparented)."""
    me = os.getpid()
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes()
            ppid = int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        if b"multiprocessing.spawn" in cmdline and ppid != me and b"spawn_main" in cmdline:
            parent_cmd = Path(f"/proc/{ppid}/cmdline")
            if not parent_cmd.exists() or b"newsdesk" not in parent_cmd.read_bytes():
                found.append(int(proc.name))
    return found


@pytest.mark.slow
def test_sigkill_during_web_ingest_resumes(tmp_path: Path, server: TestServer) -> None:
    serve_stories(server, N_PAGES, prefix="/n", delay=0.03, feed="/feed")
    home = tmp_path / "home"
    home.mkdir()
    (home / "newsdesk.toml").write_text(
        "[fetch]\nallow_private = true\nhost_interval = 0\nper_host = 2\n[ingest]\nbatch = 5\n"
    )
    assert newsdesk(home, "add-feed", server.url("/feed")).wait() == 0
    for delay in (1.2, 1.6, 2.0, 2.4):
        kill_after(newsdesk(home, "ingest", "--once"), delay)
    final = newsdesk(home, "ingest", "--once")
    assert final.wait(timeout=120) == 0, final.stderr.read() if final.stderr else ""
    check_consistent(home / "newsdesk.db", N_PAGES)
    # Extraction workers of the killed runs did not outlive them.
    deadline = time.monotonic() + 10
    while (orphans := _extraction_workers()) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert not orphans
    assert max(server.hits[f"/n/{i}"] for i in range(N_PAGES)) <= 5  # work kept between runs


@pytest.mark.slow
def test_sigkill_during_file_ingest_resumes(tmp_path: Path) -> None:
    from newsdesk.cli import demo_corpus

    home = tmp_path / "home"
    started = time.monotonic()
    for delay in (2.0, 3.0, 4.5):
        kill_after(newsdesk(home, "ingest", "--from", str(demo_corpus()), "--allow-undated"), delay)
    final = newsdesk(home, "ingest", "--from", str(demo_corpus()), "--allow-undated")
    assert final.wait(timeout=300) == 0
    assert time.monotonic() - started < 300
    check_consistent(home / "newsdesk.db", 495)  # one record of the 496 has no text
