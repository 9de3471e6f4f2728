"""Polite, bounded HTTP fetching (httpx, async).

What a fetch does, in order:

1. refuse anything but http(s), and (SSRF guard) any host that resolves to a
   loopback, private, link-local, multicast or reserved address, unless
   ``allow_private`` is set — checked again on every redirect hop;
2. ask robots.txt (Protego; cached per origin; 4xx = allowed, 5xx or an
   unreachable robots.txt = disallowed for this run, as RFC 9309 says);
3. wait for a slot: ``concurrency`` overall, ``per_host`` per host, and
   ``host_interval`` seconds between two requests to one host;
4. send a conditional GET (ETag / Last-Modified) with our User-Agent;
5. follow at most ``max_redirects`` redirects, refusing loops;
6. retry timeouts, connection errors, 429 and 5xx with exponential backoff
   (honouring Retry-After up to ``max_retry_after``);
7. read the body under ``max_bytes`` — counted *after* decompression, which
   we do ourselves with a bounded zlib so a gzip bomb costs nothing — and all
   of it under one ``deadline``, so a server that drips a byte a second
   cannot hold a worker.

Every failure is a ``FetchError`` subclass with a clear message and reason.
"""

from __future__ import annotations

import asyncio
import email.utils
import ipaddress
import logging
import socket
import time
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from types import TracebackType
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx
from protego import Protego

from newsdesk.errors import (
    BlockedURLError,
    FetchError,
    FetchTimeout,
    HTTPStatusError,
    ResponseTooLarge,
    RobotsDisallowed,
    TooManyRedirects,
    UnsupportedContent,
)
from newsdesk.settings import FetchSettings

log = logging.getLogger(__name__)

FEED_TYPES = ("xml", "rss", "atom", "json", "rdf", "text/plain", "octet-stream")
PAGE_TYPES = ("html", "xhtml", "text/plain", "octet-stream")
ANY_TEXT = FEED_TYPES + PAGE_TYPES
ROBOTS_MAX_BYTES = 512_000
_REDIRECTS = {301, 302, 303, 307, 308}
_RETRY_STATUS = {429, 500, 502, 503, 504}


@dataclass(slots=True)
class FetchResult:
    url: str  # the final URL, after redirects
    status: int
    content: bytes
    content_type: str  # lower-cased media type, without parameters
    charset: str | None
    etag: str | None
    last_modified: str | None
    max_age: float | None = None  # seconds the server says the response stays fresh

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def fresh_for(headers: Any) -> float | None:
    """Seconds a response stays fresh: Cache-Control max-age (or s-maxage), else Expires
    less Date; None when the server says nothing (or no-cache / no-store)."""
    control = str(headers.get("cache-control") or "").lower()
    directives: dict[str, str] = {}
    for part in control.split(","):
        name, _, value = part.strip().partition("=")
        if name:
            directives[name] = value
    if "no-store" in directives or "no-cache" in directives:
        return None
    for name in ("s-maxage", "max-age"):
        try:
            if name in directives:
                return max(0.0, float(directives[name].strip('"')))
        except ValueError:
            continue
    expires, date = headers.get("expires"), headers.get("date")
    if expires and date:
        try:
            return max(
                0.0,
                (
                    email.utils.parsedate_to_datetime(expires)
                    - email.utils.parsedate_to_datetime(date)
                ).total_seconds(),
            )
        except (TypeError, ValueError):
            return None
    return None


def _media_type(header: str | None) -> tuple[str, str | None]:
    if not header:
        return "", None
    parts = [p.strip() for p in header.split(";")]
    charset = None
    for param in parts[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value:
            charset = value.strip().strip("\"'") or None
    return parts[0].lower(), charset


def _retry_after(header: str | None) -> float | None:
    if not header:
        return None
    if header.strip().isdigit():
        return float(header.strip())
    try:
        when = email.utils.parsedate_to_datetime(header)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


class _Decoder:
    """Bounded Content-Encoding decoder: never produces more than ``limit`` bytes."""

    def __init__(self, encoding: str, limit: int, url: str) -> None:
        self.url = url
        self.limit = limit
        self.total = 0
        encoding = encoding.strip().lower()
        if encoding in ("", "identity"):
            self._z: zlib._Decompress | None = None
        elif encoding in ("gzip", "x-gzip"):
            self._z = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self._z = zlib.decompressobj()
        else:
            raise UnsupportedContent(f"unsupported Content-Encoding {encoding!r}", url=url)

    def _count(self, data: bytes) -> bytes:
        self.total += len(data)
        if self.total > self.limit:
            raise ResponseTooLarge(
                f"response body over the {self.limit:,}-byte cap (decompressed)", url=self.url
            )
        return data

    def feed(self, chunk: bytes) -> bytes:
        if self._z is None:
            return self._count(chunk)
        out = bytearray()
        data = chunk
        while data:
            room = self.limit - self.total - len(out) + 1  # one byte over trips the cap
            try:
                piece = self._z.decompress(data, max(room, 1))
            except zlib.error as exc:
                raise FetchError(f"corrupt compressed body: {exc}", url=self.url) from exc
            out += piece
            if self.total + len(out) > self.limit:
                break
            data = self._z.unconsumed_tail
        return self._count(bytes(out))


class Fetcher:
    """An async HTTP client that is polite, bounded and safe. Use ``async with``."""

    def __init__(
        self,
        settings: FetchSettings,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.settings = settings
        self._transport = transport
        self._client: httpx.AsyncClient | None = None
        self._overall = asyncio.Semaphore(settings.concurrency)
        self._hosts: dict[str, asyncio.Semaphore] = {}
        self._last_request: dict[str, float] = {}
        self._robots: dict[str, Protego | None] = {}
        self._robots_locks: dict[str, asyncio.Lock] = {}
        self._resolved: dict[str, bool] = {}

    async def __aenter__(self) -> Fetcher:
        s = self.settings
        self._client = httpx.AsyncClient(
            transport=self._transport,
            follow_redirects=False,
            timeout=httpx.Timeout(s.read_timeout, connect=s.connect_timeout),
            headers={
                "User-Agent": s.user_agent,
                "Accept-Encoding": "gzip, deflate",
            },
            limits=httpx.Limits(max_connections=s.concurrency),
            trust_env=False,
        )
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    # -- the guards ---------------------------------------------------------------

    async def check_url(self, url: str) -> None:
        """Raise ``BlockedURLError`` for a URL newsdesk must not fetch."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            raise BlockedURLError(
                f"only http(s) URLs can be fetched, not {parts.scheme!r}", url=url
            )
        host = parts.hostname
        if not host:
            raise BlockedURLError("URL has no host", url=url)
        if self.settings.allow_private:
            return
        if host not in self._resolved:
            self._resolved[host] = await self._is_public(host, parts.port or 443, url)
        if not self._resolved[host]:
            raise BlockedURLError(
                f"{host} resolves to a private, loopback or link-local address; "
                "set fetch.allow_private = true to fetch from your own network",
                url=url,
            )

    @staticmethod
    async def _is_public(host: str, port: int, url: str) -> bool:
        try:
            addresses = [ipaddress.ip_address(host)]
        except ValueError:
            try:
                infos = await asyncio.get_running_loop().getaddrinfo(
                    host, port, type=socket.SOCK_STREAM
                )
            except socket.gaierror as exc:
                raise FetchError(
                    f"cannot resolve host {host}: {exc.strerror}", url=url, reason="dns"
                ) from exc
            addresses = [ipaddress.ip_address(info[4][0]) for info in infos]
        return all(addr.is_global and not addr.is_multicast for addr in addresses)

    async def allowed_by_robots(self, url: str) -> bool:
        if not self.settings.respect_robots:
            return True
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        lock = self._robots_locks.setdefault(origin, asyncio.Lock())
        async with lock:
            if origin not in self._robots:
                self._robots[origin] = await self._load_robots(origin)
        rules = self._robots[origin]
        if rules is None:
            return False
        return bool(rules.can_fetch(url, self.settings.user_agent))

    async def _load_robots(self, origin: str) -> Protego | None:
        url = origin + "/robots.txt"
        try:
            result = await self._get(url, accept=None, max_bytes=ROBOTS_MAX_BYTES)
        except HTTPStatusError as exc:
            if 400 <= exc.status < 500:
                return Protego.parse("")  # no robots.txt: everything allowed
            log.warning(
                "robots.txt of %s answered %s: not fetching there this run", origin, exc.status
            )
            return None
        except FetchError as exc:
            log.warning(
                "robots.txt of %s unreachable (%s): not fetching there this run", origin, exc
            )
            return None
        return Protego.parse(result.content.decode("utf-8", errors="replace"))

    # -- fetching -----------------------------------------------------------------

    async def fetch(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        accept: Iterable[str] | None = ANY_TEXT,
    ) -> FetchResult:
        """GET ``url`` with every guard on. ``accept``: substrings of allowed media types."""
        await self.check_url(url)
        if not await self.allowed_by_robots(url):
            raise RobotsDisallowed("robots.txt does not allow newsdesk to fetch this", url=url)
        return await self._get(url, etag=etag, last_modified=last_modified, accept=accept)

    async def _get(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        accept: Iterable[str] | None,
        max_bytes: int | None = None,
    ) -> FetchResult:
        s = self.settings
        attempt = 0
        while True:
            try:
                async with asyncio.timeout(s.deadline):
                    return await self._follow(
                        url, etag, last_modified, accept, max_bytes or s.max_bytes
                    )
            except TimeoutError as exc:
                error: FetchError = FetchTimeout(
                    f"no complete response within the {s.deadline:g}s deadline", url=url
                )
                error.__cause__ = exc
                delay = None
            except _Retryable as exc:
                error, delay = exc.error, exc.delay
            if attempt >= s.retries:
                raise error
            attempt += 1
            wait = s.backoff * 2 ** (attempt - 1)
            if delay is not None:
                wait = max(wait, min(delay, s.max_retry_after))
            log.info("retrying %s in %.1fs (%s)", url, wait, error.reason)
            await asyncio.sleep(wait)

    async def _follow(
        self,
        url: str,
        etag: str | None,
        last_modified: str | None,
        accept: Iterable[str] | None,
        max_bytes: int,
    ) -> FetchResult:
        seen = {url}
        current = url
        for _hop in range(self.settings.max_redirects + 1):
            headers = {}
            if etag:
                headers["If-None-Match"] = etag
            if last_modified:
                headers["If-Modified-Since"] = last_modified
            status, location, result = await self._request(current, headers, accept, max_bytes)
            if location is None:
                assert result is not None
                return result
            target = urljoin(current, location)
            if target in seen:
                raise TooManyRedirects(f"redirect loop back to {target}", url=url)
            seen.add(target)
            await self.check_url(target)
            log.debug("%s redirected (%s) to %s", current, status, target)
            current = target
        raise TooManyRedirects(f"more than {self.settings.max_redirects} redirects", url=url)

    async def _request(
        self,
        url: str,
        headers: dict[str, str],
        accept: Iterable[str] | None,
        max_bytes: int,
    ) -> tuple[int, str | None, FetchResult | None]:
        assert self._client is not None, "use the Fetcher inside `async with`"
        host = urlsplit(url).netloc.lower()
        host_slot = self._hosts.setdefault(host, asyncio.Semaphore(self.settings.per_host))
        async with self._overall, host_slot:
            await self._pace(host)
            try:
                async with self._client.stream("GET", url, headers=headers) as response:
                    return await self._read(url, response, accept, max_bytes)
            except httpx.TimeoutException as exc:
                raise _Retryable(
                    FetchTimeout(f"timed out ({type(exc).__name__})", url=url)
                ) from exc
            except (httpx.ConnectError, httpx.RemoteProtocolError, httpx.ReadError) as exc:
                raise _Retryable(
                    FetchError(
                        f"connection failed: {exc or type(exc).__name__}",
                        url=url,
                        reason="connection",
                    )
                ) from exc
            except httpx.InvalidURL as exc:
                raise BlockedURLError(f"invalid URL: {exc}", url=url) from exc

    async def _pace(self, host: str) -> None:
        interval = self.settings.host_interval
        if interval <= 0:
            return
        last = self._last_request.get(host)
        now = time.monotonic()
        if last is not None and now - last < interval:
            await asyncio.sleep(interval - (now - last))
        self._last_request[host] = time.monotonic()

    async def _read(
        self,
        url: str,
        response: httpx.Response,
        accept: Iterable[str] | None,
        max_bytes: int,
    ) -> tuple[int, str | None, FetchResult | None]:
        status = response.status_code
        if status in _REDIRECTS and response.headers.get("location"):
            return status, response.headers["location"], None
        if status in _RETRY_STATUS:
            raise _Retryable(
                HTTPStatusError(f"server answered {status}", url=url, status=status),
                _retry_after(response.headers.get("retry-after")),
            )
        if status >= 400:
            raise HTTPStatusError(f"server answered {status}", url=url, status=status)
        media, charset = _media_type(response.headers.get("content-type"))
        result = FetchResult(
            url=url,
            status=status,
            content=b"",
            content_type=media,
            charset=charset,
            etag=response.headers.get("etag"),
            last_modified=response.headers.get("last-modified"),
            max_age=fresh_for(response.headers),
        )
        if status == 304:
            return status, None, result
        if accept is not None and media and not any(kind in media for kind in accept):
            raise UnsupportedContent(f"content type {media!r} is not a page or feed", url=url)
        declared = response.headers.get("content-length", "")
        encoding = response.headers.get("content-encoding", "")
        if declared.isdigit() and int(declared) > max_bytes and not encoding:
            raise ResponseTooLarge(
                f"declared body of {int(declared):,} bytes is over the {max_bytes:,}-byte cap",
                url=url,
            )
        decoder = _Decoder(encoding, max_bytes, url)
        body = bytearray()
        async for chunk in response.aiter_raw():
            body += decoder.feed(chunk)
        result.content = bytes(body)
        return status, None, result


class _Retryable(Exception):
    def __init__(self, error: FetchError, delay: float | None = None) -> None:
        super().__init__(str(error))
        self.error = error
        self.delay = delay
