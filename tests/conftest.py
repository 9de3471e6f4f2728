from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newsdesk.settings import Settings, load_settings
from newsdesk.store import Store, open_store
from tests.httpserver import TestServer

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = Path(os.environ.get("NEWSDESK_SHARED_DATA", ROOT.parent / "shared" / "data"))
RESOURCES = Path(__file__).parent / "resources"


def shared_data(*parts: str) -> Path:
    """A path under ../shared/data, or skip the test with a clear message."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"evaluation data not found at {path} (needs ../shared/data beside the repo)")
    return path


@pytest.fixture
def server() -> Iterator[TestServer]:
    srv = TestServer().start()
    yield srv
    srv.stop()


def make_settings(tmp_path: Path, **fetch: Any) -> Settings:
    """Settings for tests: loopback allowed (the tests' own server), no pacing, short waits."""
    fetch_opts = {
        "allow_private": True,
        "host_interval": 0.0,
        "backoff": 0.05,
        "connect_timeout": 2.0,
        "read_timeout": 2.0,
        "deadline": 10.0,
    } | fetch
    return load_settings(home=tmp_path, overrides={"fetch": fetch_opts})


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path)


def _pg_admin_url() -> str | None:
    return os.environ.get("NEWSDESK_TEST_PG")


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty store URL on each backend (PostgreSQL from $NEWSDESK_TEST_PG)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.db'}"
        return
    admin = _pg_admin_url()
    if not admin:
        if os.environ.get("CI"):
            pytest.fail("CI must set NEWSDESK_TEST_PG to a PostgreSQL server URL")
        pytest.skip("PostgreSQL tests need NEWSDESK_TEST_PG=postgresql://user:pass@host/db")
    import psycopg

    name = f"newsdesk_test_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = admin.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    st = open_store(store_url)
    yield st
    st.close()


@pytest.fixture(scope="session")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """`newsdesk run --demo` once per test session, in a fresh interpreter and a fresh home
    (the whole pipeline over the bundled corpus takes minutes on 2 cores): the home, and what
    the command printed. Tests read it and must not change it."""
    from tests.helpers import run_cli

    home = tmp_path_factory.mktemp("demo")
    done = run_cli("run", "--demo", env={"NEWSDESK_HOME": str(home)}, timeout=900)
    assert done.returncode == 0, done.stderr
    return home, done.stdout
