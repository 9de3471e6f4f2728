"""The one exception tree of newsdesk.

Every error newsdesk raises on purpose is a ``NewsdeskError``; its message says
what went wrong and, where it can, how to fix it::

    NewsdeskError
    ├── ConfigError          bad settings file, unknown option, bad value
    ├── StoreError           the database cannot be opened, migrated or written
    ├── FetchError           a URL could not be fetched (carries ``url``)
    │   ├── BlockedURLError      refused before any request: scheme, SSRF guard
    │   ├── RobotsDisallowed     robots.txt forbids it for our User-Agent
    │   ├── HTTPStatusError      the server answered 4xx/5xx (carries ``status``)
    │   ├── TooManyRedirects     redirect loop or chain over the cap
    │   ├── ResponseTooLarge     body (after decompression) over the size cap
    │   ├── UnsupportedContent   a PDF, an image … where a page or feed was due
    │   └── FetchTimeout         connect/read timeout or the whole-fetch deadline
    ├── FeedError            bytes that are not a usable RSS/Atom/JSON feed/OPML
    ├── ExtractError         a page with no article in it
    └── DateError            an item with no usable publication time (undated,
                             or in the future)

Each carries a short machine-readable ``reason`` used for counters and logs.
"""

from __future__ import annotations

from typing import Any


class NewsdeskError(Exception):
    """Base class of every error newsdesk raises on purpose."""

    reason = "error"

    def __init__(self, message: str, *, reason: str | None = None) -> None:
        super().__init__(message)
        if reason is not None:
            self.reason = reason

    def __reduce__(self) -> tuple[Any, ...]:
        # Keyword-only fields (reason, url, status) survive pickling, e.g. from a
        # worker process back to the pipeline; plain Exception pickling drops them.
        return _rebuild, (type(self), self.args, self.__dict__)


def _rebuild(cls: type[NewsdeskError], args: tuple[Any, ...], state: dict[str, Any]) -> Any:
    error = Exception.__new__(cls)
    error.args = args
    error.__dict__.update(state)
    return error


class ConfigError(NewsdeskError):
    reason = "config"


class StoreError(NewsdeskError):
    reason = "store"


class FetchError(NewsdeskError):
    reason = "fetch"

    def __init__(self, message: str, *, url: str, reason: str | None = None) -> None:
        super().__init__(f"{message} ({url})", reason=reason)
        self.url = url


class BlockedURLError(FetchError):
    reason = "blocked-url"


class RobotsDisallowed(FetchError):
    reason = "robots-disallowed"


class HTTPStatusError(FetchError):
    reason = "http-status"

    def __init__(self, message: str, *, url: str, status: int) -> None:
        super().__init__(message, url=url, reason=f"http-{status}")
        self.status = status


class TooManyRedirects(FetchError):
    reason = "too-many-redirects"


class ResponseTooLarge(FetchError):
    reason = "too-large"


class UnsupportedContent(FetchError):
    reason = "unsupported-content"


class FetchTimeout(FetchError):
    reason = "timeout"


class FeedError(NewsdeskError):
    reason = "not-a-feed"


class ExtractError(NewsdeskError):
    reason = "no-article"


class DateError(NewsdeskError):
    reason = "undated"
