"""Feeds in: RSS 0.9x/1.0/2.0 and Atom (feedparser), JSON Feed 1.x, OPML lists.

``parse_feed`` turns the bytes of a feed into a ``ParsedFeed`` or raises
``FeedError`` saying why the bytes are not a feed (an HTML page — with the
feed it advertises, if any —, malformed XML with no items, JSON that is not a
JSON Feed, an empty body). Feeds that are broken but still readable are kept,
with the problem in ``warnings``: feedparser's leniency is the point.
"""

from __future__ import annotations

import calendar
import email.utils
import json
import logging
import re
import time
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

import feedparser
import lxml.etree
import lxml.html

from newsdesk.errors import FeedError
from newsdesk.models import FeedItem, ParsedFeed
from newsdesk.text import html_to_text

log = logging.getLogger(__name__)

# feedparser fetches nothing when given bytes; also keep it from resolving entities.
feedparser.RESOLVE_RELATIVE_URIS = False
feedparser.SANITIZE_HTML = True

_HTML_START = re.compile(rb"^\s*(<!--.*?-->\s*)*(<!doctype\s+html|<html)", re.I | re.S)
_FEED_LINK_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/feed+json",
    "application/json",
)


def _struct_to_dt(value: time.struct_time | None) -> datetime | None:
    if value is None:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(value), UTC)
    except (OverflowError, ValueError):
        return None


def stated_time(value: Any) -> datetime | None:
    """An aware time from ISO 8601 or RFC 2822 text, on the clock it states: "Tue, 24 Nov
    2026 20:15:00 -0500" stays at -05:00, where the writer's day was still the 24th (UTC's
    is the 25th). A time that states no offset is taken as UTC. None if it is neither."""
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip()
    try:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            dt = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt


def _entry_time(entry: Any) -> datetime | None:
    """An entry's publication time. feedparser gives it in UTC; the writer's own offset is
    read from the text it was given in, when that tells the same instant. (dict.get:
    FeedParserDict maps one key onto the other, with a DeprecationWarning.)"""
    key = next((k for k in ("published", "updated") if dict.get(entry, f"{k}_parsed")), None)
    if key is None:
        return None
    utc = _struct_to_dt(dict.get(entry, f"{key}_parsed"))
    stated = stated_time(dict.get(entry, key))
    return stated if utc is not None and stated == utc else utc


def advertised_feeds(html: bytes | str, base_url: str) -> list[str]:
    """Feed URLs an HTML page advertises with <link rel="alternate" type=…>."""
    try:
        root = lxml.html.fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return []
    found = []
    for link in root.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        kind = (link.get("type") or "").lower()
        if "alternate" in rel and kind in _FEED_LINK_TYPES and link.get("href"):
            found.append(urljoin(base_url, link.get("href", "")))
    return found


def parse_feed(data: bytes, url: str = "", content_type: str = "") -> ParsedFeed:
    """Parse a feed's raw bytes (the encoding is read from the XML itself)."""
    stripped = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not stripped:
        raise FeedError(f"empty response where a feed was expected ({url})", reason="empty")
    if stripped[:1] in (b"{", b"["):
        return _parse_json_feed(stripped, url)
    if _HTML_START.match(stripped):
        feeds = advertised_feeds(stripped, url)
        hint = f"; it advertises {', '.join(feeds)}" if feeds else ""
        raise FeedError(
            f"{url or 'input'} is an HTML page, not a feed{hint}", reason="html-not-feed"
        )
    # Without a declared type feedparser warns "no Content-type"; bytes read from
    # a file or sniffed as a feed are XML as far as we know.
    headers = {"content-type": content_type or "application/xml"}
    if url:
        headers["content-location"] = url
    parsed = feedparser.parse(data, response_headers=headers)
    warnings = []
    if parsed.bozo:
        warnings.append(f"{type(parsed.bozo_exception).__name__}: {parsed.bozo_exception}")
    feed = parsed.feed
    base = feed.get("link") or url
    items = _dedupe([_item_from_entry(e, base) for e in parsed.entries], warnings)
    if not items and (parsed.bozo or not parsed.version):
        # Broken *and* nothing usable in it: a truncated or garbage body.
        problem = warnings[0] if warnings else "no RSS, Atom or RDF structure found"
        raise FeedError(f"{url or 'input'} is not a readable feed ({problem})", reason="malformed")
    return ParsedFeed(
        kind=parsed.version or "unknown",
        title=html_to_text(feed.get("title", "")),
        link=feed.get("link", ""),
        items=items,
        warnings=warnings,
        ttl=feed_ttl(feed),
    )


_PERIODS = {
    "hourly": 3600,
    "daily": 86400,
    "weekly": 604800,
    "monthly": 2592000,
    "yearly": 31536000,
}


def feed_ttl(feed: Any) -> float | None:
    """Seconds the feed asks readers to wait between polls: RSS ``<ttl>`` (minutes), or the
    syndication module's ``updatePeriod`` / ``updateFrequency``; None when it says nothing."""
    try:
        if feed.get("ttl"):
            minutes = float(feed["ttl"])
            return minutes * 60 if minutes > 0 else None
        period = str(feed.get("sy_updateperiod", "")).strip().lower()
        if period in _PERIODS:
            frequency = max(1.0, float(feed.get("sy_updatefrequency") or 1))
            return _PERIODS[period] / frequency
    except (TypeError, ValueError):
        return None
    return None


def _item_from_entry(entry: Any, base: str) -> FeedItem | None:
    link = entry.get("link") or ""
    if not link:
        for candidate in entry.get("links", []):
            if candidate.get("rel", "alternate") == "alternate" and candidate.get("href"):
                link = candidate["href"]
                break
    guid = entry.get("id") or ""
    if not link and guid.startswith(("http://", "https://")):
        link = guid
    if not link:
        return None
    link = urljoin(base, link.strip())
    contents = [c.get("value", "") for c in entry.get("content", []) if c.get("value")]
    content = max(contents, key=len) if contents else ""
    summary = entry.get("summary", "")
    if summary and summary == content:
        summary = ""
    return FeedItem(
        url=link,
        guid=guid.strip() or link,
        title=html_to_text(entry.get("title", "")),
        summary=html_to_text(summary),
        content=content,
        published=_entry_time(entry),
        author=entry.get("author", ""),
    )


def _dedupe(items: list[FeedItem | None], warnings: list[str]) -> list[FeedItem]:
    """Drop items without a link, and repeated GUIDs (the first one wins)."""
    out: list[FeedItem] = []
    seen: set[str] = set()
    missing = 0
    for item in items:
        if item is None:
            missing += 1
            continue
        if item.guid in seen:
            warnings.append(f"duplicate GUID {item.guid!r}: later item ignored")
            continue
        seen.add(item.guid)
        out.append(item)
    if missing:
        warnings.append(f"{missing} item(s) without a link ignored")
    return out


def _parse_json_feed(data: bytes, url: str) -> ParsedFeed:
    try:
        doc = json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise FeedError(f"{url or 'input'} is not valid JSON: {exc}", reason="malformed") from exc
    version = doc.get("version", "") if isinstance(doc, dict) else ""
    if not isinstance(version, str) or not version.startswith("https://jsonfeed.org/version/"):
        raise FeedError(
            f"{url or 'input'} is JSON but not a JSON Feed (no jsonfeed.org version)",
            reason="malformed",
        )
    base = doc.get("home_page_url") or url
    raw_items = doc.get("items")
    if not isinstance(raw_items, list):
        raise FeedError(f"{url or 'input'}: JSON Feed without an items list", reason="malformed")
    items: list[FeedItem | None] = []
    for raw in raw_items:
        if not isinstance(raw, dict):
            items.append(None)
            continue
        link = raw.get("url") or raw.get("external_url") or ""
        guid = str(raw.get("id") or link)
        if not link and guid.startswith(("http://", "https://")):
            link = guid
        if not link:
            items.append(None)
            continue
        authors = raw.get("authors") or ([raw["author"]] if raw.get("author") else [])
        author = ", ".join(a.get("name", "") for a in authors if isinstance(a, dict))
        items.append(
            FeedItem(
                url=urljoin(base, str(link)),
                guid=guid,
                title=html_to_text(str(raw.get("title") or "")),
                summary=html_to_text(str(raw.get("summary") or "")),
                content=str(raw.get("content_html") or raw.get("content_text") or ""),
                published=stated_time(raw.get("date_published") or raw.get("date_modified")),
                author=author,
            )
        )
    warnings: list[str] = []
    return ParsedFeed(
        kind="jsonfeed" + version.rsplit("/", 1)[-1].replace(".", ""),
        title=str(doc.get("title") or ""),
        link=str(doc.get("home_page_url") or ""),
        items=_dedupe(items, warnings),
        warnings=warnings,
    )


def parse_opml(data: bytes) -> list[tuple[str, str]]:
    """(feed URL, title) of every outline with an xmlUrl, nested folders included."""
    parser = lxml.etree.XMLParser(resolve_entities=False, no_network=True, recover=True)
    try:
        root = lxml.etree.fromstring(data, parser=parser)
    except lxml.etree.XMLSyntaxError as exc:
        raise FeedError(f"not an OPML file: {exc}", reason="malformed") from exc
    if root is None or root.tag.lower() != "opml":
        raise FeedError("not an OPML file (no <opml> root element)", reason="malformed")
    found = []
    for outline in root.iter("outline"):
        url = outline.get("xmlUrl") or outline.get("xmlurl")
        if url:
            found.append((url.strip(), outline.get("title") or outline.get("text") or ""))
    return found
