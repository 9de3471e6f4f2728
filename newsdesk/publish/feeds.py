"""Atom (RFC 4287) and JSON Feed 1.1 of the published stories.

Each story is one entry whose id is its permanent URL, so a reader keeps one entry as the
story develops; ``updated`` / ``date_modified`` is the time of its newest version, and the
summary is its lede. Entry content is the story as HTML (escaped by the writer's template).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from lxml import etree

from newsdesk import __version__
from newsdesk.publish.catalog import Card

ATOM = "http://www.w3.org/2005/Atom"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
AUTHOR = "newsdesk"


def _rfc3339(when: datetime) -> str:
    return when.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _title(topic: str) -> str:
    return f"newsdesk — {topic}" if topic else "newsdesk — latest stories"


def atom_feed(
    cards: Sequence[Card],
    *,
    base_url: str,
    self_url: str,
    content: Callable[[Card], str] | None = None,
    topic: str = "",
) -> bytes:
    """An Atom feed document (UTF-8 bytes)."""
    base = base_url.rstrip("/")
    feed = etree.Element(f"{{{ATOM}}}feed", nsmap={None: ATOM})

    def sub(parent: Any, tag: str, text: str | None = None, **attrs: str) -> Any:
        el = etree.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            el.text = text
        return el

    sub(feed, "id", self_url)
    sub(feed, "title", _title(topic))
    newest = max((c.updated for c in cards), default=datetime(2000, 1, 1, tzinfo=UTC))
    sub(feed, "updated", _rfc3339(newest))
    author = sub(feed, "author")
    sub(author, "name", AUTHOR)
    sub(feed, "link", rel="self", href=self_url, type="application/atom+xml")
    sub(feed, "link", rel="alternate", href=f"{base}/", type="text/html")
    sub(feed, "generator", "newsdesk", version=__version__)
    sub(feed, "subtitle", "Stories from many outlets, every sentence cited and checked.")
    for c in cards:
        url = f"{base}/story/{c.story_id}"
        entry = sub(feed, "entry")
        sub(entry, "id", url)
        sub(entry, "title", c.headline)
        sub(entry, "updated", _rfc3339(c.updated))
        if c.first_at:
            sub(entry, "published", _rfc3339(c.first_at))
        sub(entry, "link", rel="alternate", href=url, type="text/html")
        for t in c.topics:
            sub(entry, "category", term=t)
        if c.lede:
            sub(entry, "summary", c.lede)
        if content is not None:
            sub(entry, "content", content(c), type="html")
    out: bytes = etree.tostring(feed, xml_declaration=True, encoding="utf-8", pretty_print=True)
    return out


def json_feed(
    cards: Sequence[Card],
    *,
    base_url: str,
    self_url: str,
    content: Callable[[Card], str] | None = None,
    topic: str = "",
) -> str:
    """A JSON Feed 1.1 document."""
    base = base_url.rstrip("/")
    items = []
    for c in cards:
        url = f"{base}/story/{c.story_id}"
        item: dict[str, Any] = {
            "id": url,
            "url": url,
            "title": c.headline,
            "summary": c.lede,
            "date_modified": _rfc3339(c.updated),
            "tags": c.topics,
            "authors": [{"name": AUTHOR}],
            "_newsdesk": {
                "version": c.version,
                "independent_sources": c.independent_sources,
                "outlets": c.outlets,
            },
        }
        if c.first_at:
            item["date_published"] = _rfc3339(c.first_at)
        item["content_html" if content else "content_text"] = (
            content(c) if content else c.lede or c.headline
        )
        items.append(item)
    doc = {
        "version": JSON_FEED_VERSION,
        "title": _title(topic),
        "home_page_url": f"{base}/",
        "feed_url": self_url,
        "description": "Stories from many outlets, every sentence cited and checked.",
        "authors": [{"name": AUTHOR}],
        "language": "en",
        "items": items,
    }
    return json.dumps(doc, ensure_ascii=False, indent=1)
