"""Pages to articles: body text (trafilatura), publication time (feed, then page
markup via htmldate, then a search of the page text), title, byline, outlet,
language (the page's lang attribute, else py3langid on the text).

``extract_page`` never fetches anything; it takes HTML as bytes or text.
"""

from __future__ import annotations

import gzip
import logging
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import charset_normalizer
import htmldate
import lxml.html
import py3langid
import trafilatura
from trafilatura.settings import Document

from newsdesk.errors import ExtractError
from newsdesk.ingest.feeds import stated_time
from newsdesk.models import Extracted
from newsdesk.text import normalize_text

log = logging.getLogger(__name__)

_DATE_FORMAT = "%Y-%m-%dT%H:%M:%S%z"  # with the offset the page states, if any


def read_html_file(path: Path) -> bytes:
    """The bytes of a .html file, or of a gzip-compressed .html.gz file."""
    data = path.read_bytes()
    if path.suffix == ".gz" or data[:2] == b"\x1f\x8b":
        try:
            return gzip.decompress(data)
        except (OSError, EOFError) as exc:
            raise ExtractError(f"{path}: corrupt gzip file ({exc})") from exc
    return data


def outlet_from_url(url: str) -> str:
    """A readable outlet name from a URL's host: 'www.bbc.co.uk' -> 'bbc.co.uk'."""
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.").removeprefix("m.")


def page_date(tree: Any, url: str | None = None) -> tuple[datetime | None, str]:
    """Publication time from markup (JSON-LD, meta tags, time elements, URL), else text."""
    today = datetime.now(UTC).strftime("%Y-%m-%d")
    for extensive, source in ((False, "page"), (True, "page-text")):
        try:
            found = htmldate.find_date(
                tree,
                url=url,
                original_date=True,
                extensive_search=extensive,
                outputformat=_DATE_FORMAT,
                max_date=today,
            )
        except (ValueError, TypeError) as exc:  # htmldate on odd markup
            log.debug("htmldate failed on %s: %s", url, exc)
            found = None
        dt = stated_time(found)  # ISO 8601, on the clock the page states
        if dt is not None:
            return dt, source
    return None, "unknown"


def detect_language(text: str, declared: str = "") -> str:
    declared = declared.strip().lower().replace("_", "-").split("-")[0]
    if len(declared) in (2, 3) and declared.isalpha():
        return declared
    if len(text) < 20:
        return ""
    lang, _score = py3langid.classify(text[:3000])
    return str(lang)


# Text a reader never sees: hidden by attribute or by inline style. Such text is where a page
# hides instructions meant for language models, so it never becomes evidence.
_HIDDEN_STYLE = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0(?![.\d]*[1-9])|"
    r"opacity\s*:\s*0(?![.\d]*[1-9])",
    re.IGNORECASE,
)


def drop_hidden(tree: Any) -> int:
    """Remove the elements of ``tree`` a browser would not show; returns how many."""
    hidden = [
        el
        for el in tree.iter()
        if isinstance(el.tag, str)
        and el.tag.lower() not in ("html", "body")
        and (
            el.get("hidden") is not None
            or (el.get("aria-hidden") or "").lower() == "true"
            or el.tag.lower() in ("template", "noscript")
            or _HIDDEN_STYLE.search(el.get("style") or "")
        )
    ]
    for el in hidden:
        if el.getparent() is not None:
            el.drop_tree()  # keeps the text that follows the element (its tail)
    return len(hidden)


def extract_page(
    html: bytes | str,
    url: str = "",
    *,
    min_chars: int = 0,
) -> Extracted:
    """Extract the article of an HTML page.

    Raises ``ExtractError`` when the page holds no article text of at least
    ``min_chars`` characters (a front page, a login wall, an error page).
    """
    if isinstance(html, bytes):
        html = decode_html(html)
    if not html or not html.strip():
        raise ExtractError(f"empty page {url}", reason="empty")
    tree = trafilatura.load_html(html)
    if tree is None:
        raise ExtractError(f"cannot parse the HTML of {url}", reason="malformed-html")
    drop_hidden(tree)
    doc = trafilatura.bare_extraction(
        tree,
        url=url or None,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        favor_precision=False,
    )
    text = ""
    meta: dict[str, Any] = {}
    if isinstance(doc, Document):
        meta = doc.as_dict()
        text = normalize_text(str(meta.get("text") or ""))
    if len(text) < max(min_chars, 1):
        raise ExtractError(
            f"no article text on {url or 'page'} ({len(text)} characters found)",
            reason="no-article",
        )
    page_url = url or str(meta.get("url") or "")
    published, date_source = page_date(tree, page_url or None)
    declared_lang = ""
    root = tree if isinstance(tree, lxml.html.HtmlElement) else None
    if root is not None:
        declared_lang = root.get("lang") or root.get("xml:lang") or ""
    return Extracted(
        url=page_url,
        title=normalize_text(str(meta.get("title") or "")),
        byline=normalize_text(str(meta.get("author") or "")),
        outlet=str(meta.get("sitename") or "") or outlet_from_url(page_url),
        published=published,
        date_source=date_source,
        language=detect_language(text, declared_lang),
        description=normalize_text(str(meta.get("description") or "")),
        text=text,
    )


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)


def decode_html(content: bytes, charset: str | None = None) -> str:
    """Decode a page robustly, in this order:

    1. UTF-8, if the bytes are valid UTF-8 (a wrong header or meta charset is
       common; non-UTF-8 text that happens to be valid UTF-8 is not);
    2. the charset the HTTP header declares;
    3. the charset a <meta> tag declares;
    4. statistical detection (charset-normalizer), on pages long enough for it;
    5. windows-1252, the web's legacy default, replacing what does not decode.
    """
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        pass
    meta = _META_CHARSET.search(content[:4096])
    for declared in (charset, meta.group(1).decode("ascii", "ignore") if meta else None):
        if declared and declared.lower().replace("-", "") != "utf8":
            try:
                return content.decode(declared)
            except (LookupError, UnicodeDecodeError):
                log.debug("declared charset %r does not decode the page", declared)
    if len(content) >= 2048:
        best = charset_normalizer.from_bytes(content).best()
        if best is not None:
            return str(best)
    return content.decode("cp1252", errors="replace")


def extract_fetched(content: bytes, charset: str | None, url: str, min_chars: int) -> Extracted:
    """Decode and extract a fetched page: one picklable call, for a worker process."""
    return extract_page(decode_html(content, charset), url, min_chars=min_chars)
