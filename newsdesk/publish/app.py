"""The website and JSON API (`newsdesk serve`): FastAPI, server-rendered with Jinja2.

Pages work without JavaScript and load nothing from elsewhere: one stylesheet from
/static, no scripts at all. Every response carries a strict Content-Security-Policy
(no script may run, whatever an article contains) and everything that came from an
article is escaped by the templates. The API is described by /openapi.json; its
interactive docs are off because they load scripts from a CDN.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from functools import lru_cache
from importlib import resources
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from newsdesk import __version__
from newsdesk.publish.catalog import Card, Catalog, StoryView, VersionEntry
from newsdesk.publish.feeds import atom_feed, json_feed
from newsdesk.write.draft import STYLES
from newsdesk.write.render import date_label, to_html

CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]


class SecurityHeaders:
    """Adds the security headers to every HTTP response (pure ASGI: no body buffering)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in SECURITY_HEADERS if k not in names]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, with_headers)


def when(value: datetime | None) -> str:
    """ "Nov. 23, 2026, 14:05 UTC" (readers see one clock, whatever the server's zone)."""
    if value is None:
        return ""
    v = value.astimezone(UTC)
    return f"{date_label(v.date().isoformat())}, {v:%H:%M} UTC"


@lru_cache(maxsize=1)
def templates() -> Environment:
    env = Environment(
        loader=PackageLoader("newsdesk.publish", "templates"),
        autoescape=select_autoescape(["html", "j2"], default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["when"] = when
    env.filters["urlencode"] = lambda s: quote(str(s), safe="")
    return env


# -- API models (they are the OpenAPI description) ------------------------------------


class StoryCard(BaseModel):
    id: int
    version: int = Field(description="The newest publishable version")
    updated: datetime = Field(description="When that version was written")
    first_at: datetime | None = Field(description="The earliest report's time")
    last_at: datetime | None = Field(description="The newest report's time")
    headline: str
    headline_from: str | None = Field(description="The outlet whose headline this is verbatim")
    dateline_place: str | None
    dateline_date: str | None
    lede: str
    outlets: list[str]
    independent_sources: int = Field(description="Reprints of one report count once")
    sources: int
    topics: list[str]
    developing: bool = Field(description="Updated since it was first written")


class VersionInfo(BaseModel):
    version: int
    created_at: datetime
    headline: str
    article_count: int
    publishable: bool
    changes: dict[str, Any] = Field(description="New and superseded facts, with their evidence")


class StoryDetail(BaseModel):
    card: StoryCard
    version: int
    style: str
    writer: str
    draft: dict[str, Any] = Field(description="The structured draft: every sentence with evidence")
    markdown: str
    related: list[StoryCard]
    versions: list[VersionInfo]
    report_url: str


class ArticleOut(BaseModel):
    id: str
    url: str
    title: str
    outlet: str
    byline: str
    published: datetime | None
    fetched_at: datetime | None
    language: str
    reprint_of: str | None
    story: int | None
    sentences: list[dict[str, Any]] = Field(description="Evidence ids ('<article>:<n>') and text")


class SourceOut(BaseModel):
    outlet: str
    articles: int


def create_app(store: Any, *, base_url: str = "", page_size: int = 50) -> FastAPI:
    """The site and API over one store. ``base_url`` makes feed and story links absolute."""
    catalog = Catalog(store)
    app = FastAPI(
        title="newsdesk",
        version=__version__,
        description="Stories from many outlets; every sentence cites and is checked against "
        "its sources. Read-only.",
        docs_url=None,
        redoc_url=None,
    )
    app.state.catalog = catalog
    static = resources.files("newsdesk.publish") / "static"
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    app.add_middleware(SecurityHeaders)

    def base(request: Request) -> str:
        """The absolute URL of the site (feeds and API links must be absolute)."""
        return base_url.rstrip("/") if base_url else str(request.base_url).rstrip("/")

    def page(request: Request, name: str, code: int = 200, **context: Any) -> HTMLResponse:
        # Pages link root-relative (under any mount point), so they work on whatever host
        # and port the reader reached them.
        root = str(request.scope.get("root_path", "")).rstrip("/")
        html = templates().get_template(name).render(base=root, **context)
        return HTMLResponse(html, status_code=code)

    @app.exception_handler(StarletteHTTPException)
    async def not_found(request: Request, exc: StarletteHTTPException) -> Response:
        if request.url.path.startswith(("/api", "/feeds")):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)
        titles = {404: "Not found", 400: "Bad request"}
        return page(
            request,
            "error.html.j2",
            exc.status_code,
            status=exc.status_code,
            title=titles.get(exc.status_code, "Error"),
            message=str(exc.detail),
        )

    def front_page(request: Request, topic: str, source: str, q: str) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        html = catalog.remember(
            ("front", root, topic, source, q),
            lambda: _front_html(request, topic, source, q),
        )
        return HTMLResponse(html)

    def _front_html(request: Request, topic: str, source: str, q: str) -> bytes:
        cards = catalog.find(topic=topic, source=source, q=q, limit=page_size)
        filtered = bool(topic or source or q)
        heading = " · ".join(
            x
            for x in (
                f"Topic: {topic}" if topic else "",
                f"Source: {source}" if source else "",
                f"Search: {q}" if q else "",
            )
            if x
        )
        developing = [] if filtered else [c for c in cards if c.developing][:8]
        shown = {c.story_id for c in developing}
        return bytes(
            page(
                request,
                "front.html.j2",
                latest=[c for c in cards if c.story_id not in shown],
                developing=developing,
                topics=catalog.topics(),
                outlets=catalog.outlets(),
                topic=topic,
                source=source,
                q=q,
                heading=heading,
            ).body
        )

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def front(request: Request, topic: str = "", source: str = "", q: str = "") -> HTMLResponse:
        return front_page(request, topic, source, q)

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search(request: Request, q: str = "") -> HTMLResponse:
        return front_page(request, "", "", q.strip())

    def view_of(story_id: int, version: int | None) -> StoryView:
        view = catalog.story(story_id, version)
        if view is None:
            what = f"story {story_id}" + (f" version {version}" if version else "")
            raise HTTPException(404, f"No published {what}.")
        return view

    def check_style(style: str) -> str:
        if style not in STYLES:
            raise HTTPException(400, f"style must be one of {', '.join(STYLES)}")
        return style

    @app.get("/story/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def story(
        request: Request, story_id: int, style: str = "standard", v: int | None = None
    ) -> HTMLResponse:
        view = view_of(story_id, v)
        draft = view.draft(check_style(style))
        article = _article_html(view, draft.style)
        latest = catalog.card(story_id)
        return page(
            request,
            "story.html.j2",
            view=view,
            draft=draft,
            article=article,
            pinned=v is not None and latest is not None and v != latest.version,
            related=catalog.related(story_id),
            versions=catalog.versions(story_id),
        )

    @lru_cache(maxsize=512)
    def _rendered(story_id: int, version: int, style: str) -> str:
        view = view_of(story_id, version)
        return to_html(view.draft(style), view.evidence_text, standalone=False)

    def _article_html(view: StoryView, style: str) -> Markup:
        return Markup(_rendered(view.story_id, view.version, style))  # to_html escaped it

    @app.get("/sources", response_class=HTMLResponse, include_in_schema=False)
    def sources_page(request: Request) -> HTMLResponse:
        return page(request, "sources.html.j2", outlets=catalog.outlets())

    @app.get("/source/{outlet}", response_class=HTMLResponse, include_in_schema=False)
    def source_page(request: Request, outlet: str) -> HTMLResponse:
        rows = catalog.source(outlet)
        if not rows:
            raise HTTPException(404, f"No reports from {outlet!r}.")
        shown = [
            {
                "title": r["title"],
                "url": r["url"] if str(r["url"]).startswith(("http://", "https://")) else "",
                "when": r["published_at"] or r["fetched_at"],
                "reprint_of": r["reprint_of"],
                "story": catalog.card(r["story_id"]) if r["story_id"] is not None else None,
            }
            for r in rows
        ]
        return page(request, "source.html.j2", outlet=outlet, rows=shown)

    @app.get("/api", response_class=HTMLResponse, include_in_schema=False)
    def api_page(request: Request) -> HTMLResponse:
        spec = app.openapi()
        endpoints = [
            (method.upper(), path, op.get("summary", ""))
            for path, ops in spec["paths"].items()
            for method, op in ops.items()
        ]
        return page(request, "api.html.j2", endpoints=endpoints)

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        icon = (static / "favicon.svg").read_bytes()
        return Response(
            icon, media_type="image/svg+xml", headers={"cache-control": "max-age=86400"}
        )

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    # -- feeds ---------------------------------------------------------------------------

    def feed_content(card: Card) -> str:
        """An entry's content: the story's brief version as HTML."""
        return _rendered(card.story_id, card.version, "brief")

    feed_kinds: dict[str, tuple[Callable[..., bytes | str], str, str]] = {
        "atom": (atom_feed, "/feeds/atom.xml", "application/atom+xml; charset=utf-8"),
        "json": (json_feed, "/feeds/feed.json", "application/feed+json; charset=utf-8"),
    }

    def feed(request: Request, kind: str, topic: str) -> Response:
        make, path, media = feed_kinds[kind]
        root = base(request)
        url = f"{root}{path}" + (f"?{urlencode({'topic': topic})}" if topic else "")
        body = catalog.remember(
            (kind, root, topic),
            lambda: make(
                catalog.find(topic=topic, limit=page_size),
                base_url=root,
                self_url=url,
                content=feed_content,
                topic=topic,
            ),
        )
        return Response(body, media_type=media)

    @app.get("/feeds/atom.xml", summary="Atom feed of the latest stories (optionally one topic)")
    def atom(request: Request, topic: str = "") -> Response:
        return feed(request, "atom", topic)

    @app.get("/feeds/feed.json", summary="JSON Feed 1.1 of the latest stories")
    def jsonfeed(request: Request, topic: str = "") -> Response:
        return feed(request, "json", topic)

    # -- JSON API --------------------------------------------------------------------------

    @app.get("/api/stories", summary="Published stories, the most recently active first")
    def api_stories(
        topic: str = "",
        source: str = "",
        q: Annotated[str, Query(description="Words that must all appear")] = "",
        limit: Annotated[int, Query(ge=1, le=1000)] = 50,
    ) -> list[StoryCard]:
        return [
            StoryCard(**c.to_json())
            for c in catalog.find(topic=topic, source=source, q=q, limit=limit)
        ]

    @app.get("/api/stories/{story_id}", summary="One story: its draft in one style, and more")
    def api_story(
        request: Request, story_id: int, style: str = "standard", version: int | None = None
    ) -> StoryDetail:
        view = view_of(story_id, version)
        check_style(style)
        detail: StoryDetail = catalog.remember(
            ("api-story", base(request), story_id, view.version, style),
            lambda: _detail(request, view, style),
        )
        return detail

    def _detail(request: Request, view: StoryView, style: str) -> StoryDetail:
        from newsdesk.write.render import to_markdown

        story_id = view.story_id
        draft = view.draft(style)
        card = catalog.card(story_id)
        assert card is not None
        return StoryDetail(
            card=StoryCard(**card.to_json()),
            version=view.version,
            style=draft.style,
            writer=view.writer,
            draft=draft.to_json(),
            markdown=to_markdown(draft),
            related=[StoryCard(**c.to_json()) for c in catalog.related(story_id)],
            versions=[_version(v) for v in catalog.versions(story_id)],
            report_url=f"{base(request)}/api/stories/{story_id}/report?version={view.version}",
        )

    def _version(v: VersionEntry) -> VersionInfo:
        return VersionInfo(**v.to_json())

    @app.get("/api/stories/{story_id}/versions", summary="The story's versions and what changed")
    def api_versions(story_id: int) -> list[VersionInfo]:
        found = catalog.versions(story_id)
        if not found:
            raise HTTPException(404, f"No story {story_id}.")
        return [_version(v) for v in found]

    @app.get(
        "/api/stories/{story_id}/report",
        summary="The verifier's machine-readable report: per sentence, evidence, checks, verdict",
    )
    def api_report(story_id: int, version: int | None = None, style: str = "") -> dict[str, Any]:
        view = view_of(story_id, version)
        if style:
            check_style(style)
            if style not in view.reports:
                raise HTTPException(404, f"No {style} report for version {view.version}.")
            return {"story": story_id, "version": view.version, style: view.reports[style]}
        return {"story": story_id, "version": view.version, **view.reports}

    @app.get("/api/articles/{article_id}", summary="A source article with its evidence sentences")
    def api_article(article_id: str) -> ArticleOut:
        a = store.get_article(article_id)
        if a is None:
            raise HTTPException(404, f"No article {article_id!r}.")
        with store.engine.connect() as conn:
            stories = store.stories_of(conn, [article_id])
        return ArticleOut(
            id=a.id,
            url=a.url,
            title=a.title,
            outlet=a.outlet,
            byline=a.byline,
            published=a.published,
            fetched_at=a.fetched_at,
            language=a.language,
            reprint_of=a.reprint_of,
            story=stories.get(article_id),
            sentences=[{"id": f"{a.id}:{s.index}", "text": s.text} for s in a.sentences],
        )

    @app.get("/api/sources", summary="Outlets and how many reports each has")
    def api_sources() -> list[SourceOut]:
        return [SourceOut(outlet=o, articles=n) for o, n in catalog.outlets()]

    @app.get("/api/sources/{outlet}", summary="What one outlet reported, newest first")
    def api_source(outlet: str) -> list[dict[str, Any]]:
        rows = catalog.source(outlet)
        if not rows:
            raise HTTPException(404, f"No reports from {outlet!r}.")
        out: list[dict[str, Any]] = json.loads(json.dumps(rows, default=lambda v: v.isoformat()))
        return out

    return app
