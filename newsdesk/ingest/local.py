"""Local files in (``newsdesk ingest --from DIR``): no network is touched.

* ``.html`` ``.htm`` (also ``.gz``): a saved page, extracted like a fetched one;
* ``.xml`` ``.rss`` ``.atom`` ``.rdf`` and JSON Feed ``.json``: a feed whose
  items carry their own text (content, else summary);
* ``.txt`` ``.md``: a plain article; optional front matter between ``---``
  lines (``title:``, ``url:``, ``published:``, ``outlet:``, ``byline:``),
  else the first line is the title;
* ``.jsonl`` ``.ndjson`` (also ``.gz``) and ``.json`` lists: one article per
  record with ``text`` (or ``body``/``content``/``article``/``document``, or a
  ``sentences`` list), and optional ``title``, ``url``, ``published``,
  ``source``/``outlet``, ``byline``/``author``, ``doc_id``, ``language``.

A bad file or record is yielded as an error, never raised, so one broken line
does not lose the rest of a file.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsdesk.errors import ExtractError, FeedError, NewsdeskError
from newsdesk.ingest.extract import detect_language, extract_page, outlet_from_url, read_html_file
from newsdesk.ingest.feeds import parse_feed, stated_time
from newsdesk.models import Extracted
from newsdesk.text import html_to_text, normalize_text

if TYPE_CHECKING:
    from newsdesk.ingest.pipeline import Candidate

FEED_TEXT_MIN = 80  # a feed item's own text shorter than this is no article
HTML_SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz")
FEED_SUFFIXES = (".xml", ".rss", ".atom", ".rdf")
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
TEXT_SUFFIXES = (".txt", ".md")
SUFFIXES = HTML_SUFFIXES + FEED_SUFFIXES + JSONL_SUFFIXES + TEXT_SUFFIXES + (".json",)
_TEXT_FIELDS = ("text", "body", "content", "article", "document")
_DATE_FIELDS = ("published", "published_at", "date", "datePublished", "pubDate")
_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.S)


def collect(path: Path) -> list[Path]:
    """The files under ``path`` newsdesk can read, in a stable order."""
    if not path.exists():
        raise FileNotFoundError(f"{path} does not exist")
    if path.is_file():
        return [path]
    return sorted(
        p
        for p in path.rglob("*")
        if p.is_file() and p.name.lower().endswith(SUFFIXES) and not p.name.startswith(".")
    )


def parse_when(value: Any) -> datetime | None:
    """An aware datetime from ISO 8601, RFC 2822 or any common written date, on the clock
    it states (see :func:`~newsdesk.ingest.feeds.stated_time`); UTC when it states none."""
    if isinstance(value, int | float):
        return datetime.fromtimestamp(value, UTC)
    if not isinstance(value, str) or not value.strip():
        return None
    dt = stated_time(value)
    if dt is None:
        import dateparser  # slow to import: only when ISO 8601 and RFC 2822 fail

        dt = dateparser.parse(
            value, settings={"RETURN_AS_TIMEZONE_AWARE": True, "TO_TIMEZONE": "UTC"}
        )
    if dt is None:
        return None
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt


def read_file(
    path: Path, *, min_chars: int, max_bytes: int = 10_000_000
) -> Iterator[Candidate | NewsdeskError]:
    """The articles in one file. A JSONL file is streamed, so it may be of any size;
    any other file over ``max_bytes`` is refused, like an over-large download."""
    name = path.name.lower()
    try:
        size = path.stat().st_size
        if size > max_bytes and not name.endswith(JSONL_SUFFIXES):
            yield ExtractError(
                f"{path} is {size:,} bytes, over the {max_bytes:,}-byte cap (fetch.max_bytes)",
                reason="too-large",
            )
            return
        if name.endswith(HTML_SUFFIXES):
            yield _html(path, min_chars)
        elif name.endswith(JSONL_SUFFIXES):
            yield from _jsonl(path)
        elif name.endswith(TEXT_SUFFIXES):
            yield _text(path)
        elif name.endswith(".json"):
            yield from _json(path)
        else:
            yield from _feed(path, path.read_bytes())
    except NewsdeskError as exc:
        yield exc
    except OSError as exc:
        yield ExtractError(f"cannot read {path}: {exc.strerror}", reason="unreadable")


def _candidate(ex: Extracted, source: str, **extra: Any) -> Candidate:
    from newsdesk.ingest.pipeline import Candidate

    return Candidate(extracted=ex, text_source=source, **extra)


def _html(path: Path, min_chars: int) -> Candidate:
    ex = extract_page(read_html_file(path), "", min_chars=min_chars)
    if not ex.url:
        ex.url = path.resolve().as_uri()
    return _candidate(ex, "file")


def _feed(path: Path, data: bytes) -> Iterator[Candidate | NewsdeskError]:
    parsed = parse_feed(data, path.resolve().as_uri())
    for item in parsed.items:
        text = html_to_text(item.content) if item.content else item.summary
        if len(text) < FEED_TEXT_MIN:
            yield ExtractError(
                f"feed item {item.url} carries no article text ({len(text)} characters)",
                reason="no-article",
            )
            continue
        ex = Extracted(
            url=item.url,
            title=item.title,
            byline=item.author,
            outlet=parsed.title or outlet_from_url(item.url),
            published=item.published,
            date_source="feed" if item.published else "unknown",
            language=detect_language(text),
            text=text,
        )
        yield _candidate(
            ex, "feed", summary=item.summary, guid=item.guid, feed_published=item.published
        )


def _json(path: Path) -> Iterator[Candidate | NewsdeskError]:
    data = path.read_bytes()
    try:
        doc = json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise FeedError(f"{path} is not valid JSON: {exc}", reason="malformed") from exc
    if isinstance(doc, list):
        for number, record in enumerate(doc, 1):
            yield _record(record, path, number)
    else:
        yield from _feed(path, data)


def _jsonl(path: Path) -> Iterator[Candidate | NewsdeskError]:
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8", errors="replace") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                yield ExtractError(f"{path}:{number}: not JSON ({exc.msg})", reason="bad-record")
                continue
            yield _record(record, path, number)


def _record(record: Any, path: Path, number: int) -> Candidate | NewsdeskError:
    where = f"{path}:{number}"
    if not isinstance(record, dict):
        return ExtractError(f"{where}: a record must be a JSON object", reason="bad-record")
    text = next((record[k] for k in _TEXT_FIELDS if isinstance(record.get(k), str)), "")
    if not text and isinstance(record.get("sentences"), list):
        text = "\n".join(str(s) for s in record["sentences"])
    text = normalize_text(text)
    if not text:
        return ExtractError(f"{where}: record has no text", reason="no-article")
    key = record.get("doc_id") or record.get("id") or number
    url = str(record.get("url") or record.get("link") or f"{path.resolve().as_uri()}#{key}")
    published = next(
        (parse_when(record[k]) for k in _DATE_FIELDS if record.get(k) is not None), None
    )
    outlet = str(record.get("outlet") or record.get("source") or "")
    if not outlet and url.startswith("http"):
        outlet = outlet_from_url(url)
    ex = Extracted(
        url=url,
        title=normalize_text(str(record.get("title") or "")),
        byline=str(record.get("byline") or record.get("author") or ""),
        outlet=outlet,
        published=published,
        date_source="file" if published else "unknown",
        language=str(record.get("language") or "") or detect_language(text),
        text=text,
    )
    return _candidate(ex, "file", guid=str(key))


def _text(path: Path) -> Candidate:
    raw = normalize_text(path.read_text("utf-8", errors="replace"))
    meta: dict[str, str] = {}
    if m := _FRONT_MATTER.match(raw := raw + "\n"):
        for line in m.group(1).splitlines():
            key, sep, value = line.partition(":")
            if sep:
                meta[key.strip().lower()] = value.strip().strip("\"'")
        raw = raw[m.end() :]
    raw = raw.strip()
    title = meta.get("title", "")
    if not title:
        first, _, rest = raw.partition("\n")
        title, raw = first.lstrip("# ").strip(), rest.strip()
    if not raw:
        raise ExtractError(f"{path} has a title but no text", reason="no-article")
    url = meta.get("url") or path.resolve().as_uri()
    published = parse_when(meta.get("published") or meta.get("date"))
    ex = Extracted(
        url=url,
        title=title,
        byline=meta.get("byline", meta.get("author", "")),
        outlet=meta.get("outlet", "") or (outlet_from_url(url) if url.startswith("http") else ""),
        published=published,
        date_source="file" if published else "unknown",
        language=meta.get("language", "") or detect_language(raw),
        text=raw,
    )
    return _candidate(ex, "file")
