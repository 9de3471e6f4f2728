"""The ASGI entry point `newsdesk serve` hands to uvicorn (one app per worker process).

uvicorn imports ``newsdesk.publish.server:app`` and calls it (``factory=True``) in each worker;
the store URL and options come from the environment `newsdesk serve` set, so each worker
opens its own connection pool. The schema was migrated by `serve` before the workers start.
"""

from __future__ import annotations

import os

from fastapi import FastAPI

from newsdesk.publish.app import create_app
from newsdesk.store import open_store


def app() -> FastAPI:
    url = os.environ.get("NEWSDESK_SERVE_STORE")
    if not url:
        raise RuntimeError("NEWSDESK_SERVE_STORE is not set: start the site with `newsdesk serve`")
    store = open_store(url, migrate_schema=False)
    return create_app(
        store,
        base_url=os.environ.get("NEWSDESK_SERVE_BASE_URL", ""),
        page_size=int(os.environ.get("NEWSDESK_SERVE_PAGE_SIZE", "50")),
    )
