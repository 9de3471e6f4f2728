"""The fetcher against a real HTTP server on loopback: every way a server can misbehave."""

from __future__ import annotations

import asyncio
import gzip
import resource
from pathlib import Path
from typing import Any

import pytest

from newsdesk.errors import (
    BlockedURLError,
    FetchTimeout,
    HTTPStatusError,
    ResponseTooLarge,
    RobotsDisallowed,
    TooManyRedirects,
    UnsupportedContent,
)
from newsdesk.ingest.extract import decode_html
from newsdesk.ingest.fetch import FEED_TYPES, Fetcher, FetchResult
from newsdesk.settings import load_settings
from tests.conftest import make_settings
from tests.httpserver import Reply, TestServer

HTML = {"Content-Type": "text/html; charset=utf-8"}


def fetch(tmp_path: Path, url: str, **opts: Any) -> FetchResult:
    kwargs = {k: opts.pop(k) for k in ("etag", "last_modified", "accept") if k in opts}
    settings = make_settings(tmp_path, **opts)

    async def go() -> FetchResult:
        async with Fetcher(settings.fetch) as fetcher:
            return await fetcher.fetch(url, **kwargs)

    return asyncio.run(go())


def test_plain_page_sends_our_user_agent(tmp_path: Path, server: TestServer) -> None:
    server.routes["/a"] = Reply(body=b"<html><body>hi</body></html>", headers=HTML)
    result = fetch(tmp_path, server.url("/a"))
    assert result.content == b"<html><body>hi</body></html>"
    assert result.content_type == "text/html"
    assert result.charset == "utf-8"
    assert server.request_headers["/a"]["User-Agent"].startswith("newsdesk/")


def test_404_is_not_retried(tmp_path: Path, server: TestServer) -> None:
    with pytest.raises(HTTPStatusError) as info:
        fetch(tmp_path, server.url("/missing"), retries=3)
    assert info.value.status == 404
    assert info.value.reason == "http-404"
    assert server.hits["/missing"] == 1


def test_500_is_retried_then_fails(tmp_path: Path, server: TestServer) -> None:
    server.routes["/boom"] = Reply(500, b"oops")
    with pytest.raises(HTTPStatusError) as info:
        fetch(tmp_path, server.url("/boom"), retries=2)
    assert info.value.status == 500
    assert server.hits["/boom"] == 3


def test_503_then_success_honours_retry_after(tmp_path: Path, server: TestServer) -> None:
    def flaky(_: object) -> Reply:
        if server.hits["/flaky"] == 1:
            return Reply(503, b"busy", {"Retry-After": "0"})
        return Reply(body=b"<p>ok</p>", headers=HTML)

    server.routes["/flaky"] = flaky
    assert fetch(tmp_path, server.url("/flaky"), retries=1).content == b"<p>ok</p>"
    assert server.hits["/flaky"] == 2


def test_read_timeout(tmp_path: Path, server: TestServer) -> None:
    server.routes["/slow"] = Reply(body=b"late", delay=1.5)
    with pytest.raises(FetchTimeout):
        fetch(tmp_path, server.url("/slow"), read_timeout=0.3, retries=0)


def test_slow_drip_is_cut_by_the_deadline(tmp_path: Path, server: TestServer) -> None:
    # Each byte arrives well within the read timeout; the whole never arrives in time.
    server.routes["/drip"] = Reply(body=b"x" * 200, headers=HTML, drip=0.05)
    with pytest.raises(FetchTimeout, match="deadline"):
        fetch(tmp_path, server.url("/drip"), read_timeout=1.0, deadline=1.0, retries=0)


def fifty_megabytes(declare_length: bool) -> Any:
    """A handler that streams 50 MB, with or without announcing it in Content-Length."""

    def handler(h: Any) -> None:
        if not declare_length:
            h.protocol_version = "HTTP/1.0"  # no length: the body ends at close
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        if declare_length:
            h.send_header("Content-Length", str(50_000_000))
        h.end_headers()
        try:
            for _ in range(50_000_000 // 65536):
                h.wfile.write(b"a" * 65536)
        except (BrokenPipeError, ConnectionResetError):
            pass

    return handler


def test_declared_50mb_body_is_refused_unread(tmp_path: Path, server: TestServer) -> None:
    server.routes["/huge"] = fifty_megabytes(declare_length=True)
    with pytest.raises(ResponseTooLarge, match="declared"):
        fetch(tmp_path, server.url("/huge"), max_bytes=1_000_000)


def test_undeclared_50mb_body_is_cut_at_the_cap(tmp_path: Path, server: TestServer) -> None:
    server.routes["/stream"] = fifty_megabytes(declare_length=False)
    with pytest.raises(ResponseTooLarge, match="cap"):
        fetch(tmp_path, server.url("/stream"), max_bytes=2_000_000)


def test_gzip_bomb_is_stopped_without_inflating(tmp_path: Path, server: TestServer) -> None:
    bomb = gzip.compress(b"\0" * 200_000_000, compresslevel=9)  # ~200 KB on the wire
    assert len(bomb) < 500_000
    server.routes["/bomb"] = Reply(
        body=bomb, headers={"Content-Type": "text/html", "Content-Encoding": "gzip"}
    )
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(ResponseTooLarge, match="decompressed"):
        fetch(tmp_path, server.url("/bomb"), max_bytes=5_000_000)
    grown_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert grown_kb < 100_000  # far below the 200 MB the bomb would inflate to


def test_gzip_body_within_cap_is_decoded(tmp_path: Path, server: TestServer) -> None:
    server.routes["/gz"] = Reply(
        body=gzip.compress(b"<p>compressed news</p>"),
        headers={"Content-Type": "text/html", "Content-Encoding": "gzip"},
    )
    assert fetch(tmp_path, server.url("/gz")).content == b"<p>compressed news</p>"


def test_redirect_is_followed(tmp_path: Path, server: TestServer) -> None:
    server.routes["/old"] = Reply(301, headers={"Location": "/new"})
    server.routes["/new"] = Reply(body=b"<p>moved</p>", headers=HTML)
    result = fetch(tmp_path, server.url("/old"))
    assert result.url == server.url("/new")
    assert result.content == b"<p>moved</p>"


def test_redirect_loop(tmp_path: Path, server: TestServer) -> None:
    server.routes["/a"] = Reply(302, headers={"Location": "/b"})
    server.routes["/b"] = Reply(302, headers={"Location": "/a"})
    with pytest.raises(TooManyRedirects, match="loop"):
        fetch(tmp_path, server.url("/a"))


def test_redirect_chain_over_the_cap(tmp_path: Path, server: TestServer) -> None:
    for i in range(10):
        server.routes[f"/r{i}"] = Reply(302, headers={"Location": f"/r{i + 1}"})
    with pytest.raises(TooManyRedirects, match="more than 3"):
        fetch(tmp_path, server.url("/r0"), max_redirects=3)


def test_non_html_content_is_refused(tmp_path: Path, server: TestServer) -> None:
    server.routes["/img"] = Reply(body=b"\x89PNG\r\n", headers={"Content-Type": "image/png"})
    with pytest.raises(UnsupportedContent, match="image/png"):
        fetch(tmp_path, server.url("/img"))


def test_html_where_a_feed_is_expected_is_refused(tmp_path: Path, server: TestServer) -> None:
    server.routes["/pdf"] = Reply(body=b"%PDF-1.4", headers={"Content-Type": "application/pdf"})
    with pytest.raises(UnsupportedContent):
        fetch(tmp_path, server.url("/pdf"), accept=FEED_TYPES)


@pytest.mark.parametrize(
    ("body", "header"),
    [
        ("Café au lait, déjà vu".encode("latin-1"), "text/html; charset=utf-8"),  # wrong
        ("Café au lait, déjà vu".encode(), "text/html; charset=iso-8859-1"),  # wrong
        ("Café au lait, déjà vu".encode(), "text/html"),  # missing
        ("Café au lait, déjà vu".encode("cp1252"), "text/html; charset=windows-1252"),
    ],
)
def test_wrong_or_missing_charset_is_decoded(
    tmp_path: Path, server: TestServer, body: bytes, header: str
) -> None:
    page = b"<html><head><title>t</title></head><body><p>" + body + b"</p></body></html>"
    server.routes["/cs"] = Reply(body=page, headers={"Content-Type": header})
    result = fetch(tmp_path, server.url("/cs"))
    assert "Café au lait, déjà vu" in decode_html(result.content, result.charset)


def test_conditional_get(tmp_path: Path, server: TestServer) -> None:
    def feed(handler: Any) -> Reply:
        if handler.headers.get("If-None-Match") == '"v1"':
            return Reply(304)
        return Reply(
            body=b"<rss/>", headers={"Content-Type": "application/rss+xml", "ETag": '"v1"'}
        )

    server.routes["/feed"] = feed
    first = fetch(tmp_path, server.url("/feed"))
    assert first.etag == '"v1"'
    assert not first.not_modified
    again = fetch(tmp_path, server.url("/feed"), etag=first.etag)
    assert again.not_modified
    assert again.content == b""


def test_robots_txt_is_respected(tmp_path: Path, server: TestServer) -> None:
    server.routes["/robots.txt"] = Reply(
        body=b"User-agent: newsdesk\nDisallow: /private\n", headers={"Content-Type": "text/plain"}
    )
    server.routes["/private/x"] = Reply(body=b"secret", headers=HTML)
    server.routes["/public"] = Reply(body=b"<p>open</p>", headers=HTML)
    with pytest.raises(RobotsDisallowed):
        fetch(tmp_path, server.url("/private/x"))
    assert server.hits["/private/x"] == 0
    assert fetch(tmp_path, server.url("/public")).content == b"<p>open</p>"


def test_robots_txt_server_error_means_keep_out(tmp_path: Path, server: TestServer) -> None:
    server.routes["/robots.txt"] = Reply(500, b"down")
    server.routes["/page"] = Reply(body=b"<p>x</p>", headers=HTML)
    with pytest.raises(RobotsDisallowed):
        fetch(tmp_path, server.url("/page"), retries=0)


def test_ssrf_guard_refuses_loopback_by_default(tmp_path: Path, server: TestServer) -> None:
    settings = load_settings(home=tmp_path)  # the shipped defaults
    assert settings.fetch.allow_private is False
    server.routes["/a"] = Reply(body=b"<p>x</p>", headers=HTML)

    async def go(url: str) -> None:
        async with Fetcher(settings.fetch) as fetcher:
            await fetcher.fetch(url)

    for url in (
        server.url("/a"),
        "http://localhost:9/",
        "http://169.254.169.254/latest",
        "http://10.1.2.3/",
        "http://[::1]/",
    ):
        with pytest.raises(BlockedURLError, match="private, loopback or link-local"):
            asyncio.run(go(url))
    assert server.hits["/a"] == 0


def test_ssrf_guard_checks_every_redirect(tmp_path: Path, server: TestServer) -> None:
    server.routes["/hop"] = Reply(302, headers={"Location": "http://169.254.169.254/meta"})
    with pytest.raises(BlockedURLError):
        settings = make_settings(tmp_path)

        async def go() -> None:
            async with Fetcher(settings.fetch) as fetcher:
                # Allowed to talk to the test server itself, not to where it points.
                fetcher.settings = settings.fetch.model_copy(update={"allow_private": False})
                fetcher._resolved["127.0.0.1"] = True
                await fetcher.fetch(server.url("/hop"))

        asyncio.run(go())


def test_only_http_schemes(tmp_path: Path) -> None:
    for url in ("file:///etc/passwd", "ftp://example.com/x", "gopher://x"):
        with pytest.raises(BlockedURLError, match="only http"):
            fetch(tmp_path, url)
