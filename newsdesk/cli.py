"""The ``newsdesk`` command line: thin commands over the library; the library logs,
only this module prints."""

from __future__ import annotations

import asyncio
import json
import logging
import sys
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.logging import RichHandler
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from newsdesk import __version__
from newsdesk.errors import NewsdeskError
from newsdesk.ingest.extract import extract_fetched, extract_page, read_html_file
from newsdesk.ingest.feeds import parse_opml
from newsdesk.ingest.fetch import PAGE_TYPES, Fetcher, FetchResult
from newsdesk.ingest.pipeline import Ingestor, IngestReport
from newsdesk.settings import Settings, load_settings
from newsdesk.store import Store, open_store

if TYPE_CHECKING:
    from newsdesk.cluster.stage import ClusterReport
    from newsdesk.write.cascade import Cascade
    from newsdesk.write.compose import WriteReport

app = typer.Typer(
    name="newsdesk",
    help="Scan breaking news, group it into stories, write cited articles.\n\n"
    "Start with:  newsdesk run --demo   (offline, on the bundled corpus)",
    no_args_is_help=True,
    rich_markup_mode="markdown",
    context_settings={"help_option_names": ["-h", "--help"]},
)
out = Console(soft_wrap=True)  # results; lines never wrapped mid-path
err = Console(stderr=True, soft_wrap=True)  # progress, messages
log = logging.getLogger("newsdesk")


class _State:
    config: Path | None = None
    home: Path | None = None
    db: str | None = None


state = _State()


def _settings(**overrides: Any) -> Settings:
    store = {"url": state.db} if state.db else {}
    return load_settings(
        state.config,
        home=state.home,
        overrides={"store": store, **overrides} if store else overrides,
    )


def _store(settings: Settings) -> Store:
    return open_store(settings.store_url)


def _fail(message: str, code: int = 1) -> typer.Exit:
    err.print(f"[bold red]error:[/] {message}")
    return typer.Exit(code)


@contextmanager
def _progress(**totals: int) -> Iterator[Any]:
    """A rich progress bar per kind of work on a terminal; nothing otherwise."""
    progress = Progress(
        TextColumn("{task.description:>8}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    )
    tasks: dict[str, Any] = {}

    def tick(what: str, n: int) -> None:
        if what not in tasks:
            tasks[what] = progress.add_task(what, total=totals.get(what))
        progress.advance(tasks[what], n)

    with progress:
        yield tick


@app.callback()
def main_options(
    home: Annotated[
        Path | None,
        typer.Option(
            help="Data directory (default: $NEWSDESK_HOME or the platform's user data dir).",
            envvar="NEWSDESK_HOME",
        ),
    ] = None,
    config: Annotated[
        Path | None,
        typer.Option(help="Settings file (default: newsdesk.toml in the data directory)."),
    ] = None,
    db: Annotated[
        str | None,
        typer.Option(
            help="Store URL: sqlite:///PATH or postgresql://USER:PASS@HOST/DB "
            "(default: $NEWSDESK_DB, else a SQLite file in the data directory)."
        ),
    ] = None,
    verbose: Annotated[
        int, typer.Option("--verbose", "-v", count=True, help="More log output (-vv: debug).")
    ] = 0,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only errors.")] = False,
) -> None:
    state.home, state.config, state.db = home, config, db
    level = (
        logging.ERROR if quiet else [logging.WARNING, logging.INFO, logging.DEBUG][min(verbose, 2)]
    )
    logging.basicConfig(
        level=level,
        format="%(message)s",
        datefmt="[%X]",
        handlers=[RichHandler(console=err, show_path=False)],
        force=True,
    )
    # Libraries under us log their own view of a bad page; newsdesk reports it once, with
    # a reason, in the run's summary and `newsdesk status`. Their detail is for -vv.
    for noisy in ("trafilatura", "htmldate", "courlan"):
        logging.getLogger(noisy).setLevel(logging.DEBUG if verbose >= 2 else logging.CRITICAL)


@app.command("version")
def version_cmd() -> None:
    """Print newsdesk's version."""
    out.print(__version__)


@app.command("add-feed")
def add_feed(
    urls: Annotated[list[str], typer.Argument(help="Feed URLs (RSS, Atom, RDF or JSON Feed).")],
    title: Annotated[str, typer.Option(help="A name for the feed.")] = "",
) -> None:
    """Subscribe to one or more feeds.

    Examples:

        newsdesk add-feed https://feeds.bbci.co.uk/news/world/rss.xml

        newsdesk add-feed https://example.org/feed.json --title "Example"
    """
    with _store(_settings()) as store:
        for url in urls:
            if not url.startswith(("http://", "https://")):
                raise _fail(f"{url!r} is not an http(s) URL")
            feed_id, new = store.add_feed(url, title)
            out.print(f"{'added' if new else 'already subscribed'}: #{feed_id} {url}")


@app.command("import-opml")
def import_opml(
    file: Annotated[
        Path,
        typer.Argument(help="An OPML file, as feed readers export.", exists=True, dir_okay=False),
    ],
) -> None:
    """Subscribe to every feed listed in an OPML file.

    Example:

        newsdesk import-opml subscriptions.opml
    """
    try:
        found = parse_opml(file.read_bytes())
    except NewsdeskError as exc:
        raise _fail(f"{file}: {exc}") from exc
    added = 0
    with _store(_settings()) as store:
        for url, title in found:
            added += store.add_feed(url, title)[1]
    out.print(f"{len(found)} feeds in {file}, {added} new")


def _print_report(report: IngestReport, seconds: float) -> None:
    r = report
    parts = [
        f"{r.articles_added} articles added ({r.reprints} reprints)",
        f"{r.duplicates} already known",
    ]
    if r.feeds_polled or r.feeds_failed or r.feeds_not_modified:
        parts.insert(
            0,
            f"{r.feeds_polled} feeds read, {r.feeds_not_modified} unchanged, "
            f"{r.feeds_failed} failed; {r.items_queued} new items",
        )
    if r.rejected:
        parts.append("skipped: " + ", ".join(f"{n} {why}" for why, n in sorted(r.rejected.items())))
    err.print("; ".join(parts) + f" in {seconds:.1f}s")


def _ingest_dir(store: Store, settings: Settings, path: Path, allow_undated: bool) -> IngestReport:
    from newsdesk.ingest.local import collect

    files = collect(path)
    with _progress(files=len(files)) as tick:
        return Ingestor(store, settings, tick=tick).ingest_path(path, allow_undated=allow_undated)


@app.command("ingest")
def ingest(
    urls: Annotated[
        list[str] | None,
        typer.Argument(help="Page or feed URLs to ingest now (a feed's items are queued)."),
    ] = None,
    once: Annotated[bool, typer.Option("--once", help="One pass, then exit.")] = False,
    from_path: Annotated[
        Path | None,
        typer.Option(
            "--from",
            exists=True,
            help=(
                "Ingest local files instead: a directory (searched recursively) or one file of "
                ".html/.html.gz, .xml/.rss/.atom, .json, .jsonl(.gz), .txt, .md."
            ),
        ),
    ] = None,
    allow_undated: Annotated[
        bool,
        typer.Option(help="Keep items with no publication time (they are skipped by default)."),
    ] = False,
) -> None:
    """Fetch new articles: from the subscribed feeds and queued pages, or local files.

    Without --once, passes repeat every `ingest.interval` seconds until Ctrl-C.

    Examples:

        newsdesk ingest --once                       # poll every feed once

        newsdesk ingest https://example.org/news/1   # one page (or feed) now

        newsdesk ingest --from ~/saved-pages         # local files, offline

        newsdesk ingest --from corpus.jsonl --allow-undated
    """
    settings = _settings()
    with _store(settings) as store:
        try:
            if from_path is not None:
                started = time.monotonic()
                report = _ingest_dir(store, settings, from_path, allow_undated)
                _print_report(report, time.monotonic() - started)
                return
            while True:
                started = time.monotonic()
                with _progress() as tick:
                    report = asyncio.run(Ingestor(store, settings, tick=tick).run_once(urls or ()))
                _print_report(report, time.monotonic() - started)
                urls = None
                if once:
                    return
                err.print(f"next pass in {settings.ingest.interval:g}s (Ctrl-C to stop)")
                time.sleep(settings.ingest.interval)
        except KeyboardInterrupt:
            err.print("stopped; everything ingested so far is stored")
        except NewsdeskError as exc:
            raise _fail(str(exc)) from exc


@app.command("extract")
def extract(
    sources: Annotated[list[str], typer.Argument(help="URLs or .html / .html.gz files.")],
) -> None:
    """Print the article extracted from each page as one JSON line.

    Fields: url, title, byline, outlet, published, language, text.

    Examples:

        newsdesk extract https://example.org/news/1

        newsdesk extract saved/*.html.gz > articles.jsonl
    """
    settings = _settings()
    min_chars = settings.ingest.min_text_chars
    failed = 0

    async def fetch_all(urls: list[str]) -> dict[str, FetchResult | Exception]:
        results: dict[str, FetchResult | Exception] = {}
        async with Fetcher(settings.fetch) as fetcher:
            for url in urls:
                try:
                    results[url] = await fetcher.fetch(url, accept=PAGE_TYPES)
                except NewsdeskError as exc:
                    results[url] = exc
        return results

    urls = [s for s in sources if s.startswith(("http://", "https://"))]
    fetched = asyncio.run(fetch_all(urls)) if urls else {}
    for source in sources:
        try:
            if source in fetched:
                result = fetched[source]
                if isinstance(result, Exception):
                    raise result
                # The pipeline's own call: the header's charset is used, as in `ingest`.
                page = extract_fetched(result.content, result.charset, source, min_chars)
            else:
                page = extract_page(read_html_file(Path(source)), "", min_chars=min_chars)
                page.url = page.url or Path(source).resolve().as_uri()
        except (NewsdeskError, OSError) as exc:
            failed += 1
            err.print(f"[red]{source}:[/] {exc}")
            continue
        sys.stdout.write(json.dumps(page.as_json(), ensure_ascii=False) + "\n")
    if failed:
        raise typer.Exit(1)


@app.command("status")
def status(
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
    errors: Annotated[int, typer.Option(help="How many recent problems to list.")] = 10,
) -> None:
    """Counts per stage, each feed's health, and the latest problems.

    Examples:

        newsdesk status

        newsdesk status --json | jq .counts
    """
    settings = _settings()
    with _store(settings) as store:
        counts = store.counts()
        feeds = store.feeds()
        events = store.recent_events(errors)
    if as_json:
        payload = {
            "store": settings.store_url,
            "counts": counts,
            "feeds": [
                {
                    "id": f.id,
                    "url": f.url,
                    "title": f.title,
                    "last_ok_at": _iso(f.last_ok_at),
                    "last_error": f.last_error,
                    "error_count": f.error_count,
                    "items": f.item_count,
                }
                for f in feeds
            ],
            "recent_problems": [{**e, "at": _iso(e["at"])} for e in events],
        }
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
        return
    out.print(f"store: {_safe(settings.store_url)}")
    table = Table("stage", "count", title="pipeline")
    table.add_row("feeds", str(counts["feeds"]))
    table.add_row("pages queued", str(counts["pages_pending"]))
    table.add_row(
        "pages done / skipped / failed",
        f"{counts['pages_done']} / {counts['pages_skipped']} / {counts['pages_failed']}",
    )
    table.add_row("articles", str(counts["articles"]))
    table.add_row("  of which reprints", str(counts["reprints"]))
    table.add_row("sentences (evidence)", str(counts["sentences"]))
    table.add_row("stories", str(counts["stories"]))
    table.add_row("articles not yet in a story", str(counts["articles"] - counts["clustered"]))
    out.print(table)
    if feeds:
        ft = Table("#", "feed", "items", "last ok", "errors", "last error", title="feeds")
        for f in feeds:
            ft.add_row(
                str(f.id),
                f.title or f.url,
                str(f.item_count),
                _iso(f.last_ok_at) or "never",
                str(f.error_count),
                (f.last_error or "")[:80],
            )
        out.print(ft)
    if events:
        et = Table("when", "stage", "reason", "where", "message", title="latest problems")
        for e in events:
            et.add_row(
                _iso(e["at"]) or "",
                e["stage"],
                e["reason"],
                (e["url"] or e["source"])[-60:],
                e["message"][:80],
            )
        out.print(et)


def _iso(value: Any) -> str | None:
    return value.isoformat(timespec="seconds") if value is not None else None


def _safe(url: str) -> str:
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - only for display
        return url


def demo_corpus() -> Path:
    """The bundled demo corpus (ECB+ news articles, CC BY 3.0)."""
    return Path(str(resources.files("newsdesk").joinpath("data/demo/ecbplus.jsonl.gz")))


WriterOption = Annotated[
    str | None,
    typer.Option(
        "--writer",
        help="Writer backend: extractive (offline default), openai, local, or a plugin's; "
        "default: [write] writer in the settings.",
    ),
]


def _cascade(settings: Settings, writer: str | None) -> Cascade:
    from newsdesk.write.cascade import from_settings

    try:
        return from_settings(settings, writer)
    except NewsdeskError as exc:
        raise _fail(str(exc)) from exc


@app.command("run")
def run(
    demo: Annotated[
        bool, typer.Option("--demo", help="Use the bundled demo corpus (ECB+ articles, offline).")
    ] = False,
    from_path: Annotated[
        Path | None,
        typer.Option("--from", exists=True, help="Ingest these local files instead of the feeds."),
    ] = None,
    writer: WriterOption = None,
) -> None:
    """Run the pipeline once: ingest, then every later stage there is.

    Examples:

        newsdesk run --demo          # offline, bundled corpus, no model download

        newsdesk run                 # subscribed feeds

        newsdesk run --from ~/saved-pages
    """
    settings = _settings()
    cascade = _cascade(settings, writer)
    started = time.monotonic()
    with _store(settings) as store, closing(cascade):
        try:
            if demo or from_path is not None:
                path = from_path or demo_corpus()
                err.print(f"ingesting {path.name} …")
                # The demo corpus marks articles whose date ECB+ does not give as unknown.
                report = _ingest_dir(store, settings, path, allow_undated=demo)
            else:
                if not store.feeds():
                    raise _fail(
                        "no feeds yet: `newsdesk add-feed URL`, or try `newsdesk run --demo`"
                    )
                with _progress() as tick:
                    report = asyncio.run(Ingestor(store, settings, tick=tick).run_once())
            _print_report(report, time.monotonic() - started)
            clustered = _cluster(store, settings)
            _print_cluster_report(clustered)
            written = _write(store, None, cascade)
        except NewsdeskError as exc:
            raise _fail(str(exc)) from exc
        _print_write_report(written)
        counts = store.counts()
    out.print(
        f"\n[bold]done.[/] {counts['articles']} articles ({counts['reprints']} reprints), "
        f"{counts['sentences']} evidence sentences, {counts['stories']} stories and "
        f"{counts['versions']} story versions are in the store:\n"
        f"  {_safe(settings.store_url)}\n"
        f"Read them with `newsdesk stories` and `newsdesk story ID`; "
        f"data directory: {settings.home}"
    )


def _write(store: Store, story_ids: list[int] | None, cascade: Cascade) -> WriteReport:
    from newsdesk.write.compose import write_stories

    err.print(f"writing stories ({cascade.label}) …")
    with _progress() as tick:
        return write_stories(store, story_ids, tick=lambda: tick("stories", 1), cascade=cascade)


def _print_write_report(r: WriteReport) -> None:
    per = sorted(r.per_story)
    p50 = f", {per[len(per) // 2]:.2f}s per story (median)" if per else ""
    out.print(
        f"wrote {r.written} story versions in {r.seconds:.1f}s{p50}; "
        f"{r.unchanged} stories unchanged"
        + (f", {r.immaterial} changed without anything new to report" if r.immaterial else "")
        + (f", [red]{r.failed} failed[/] (see `newsdesk status`)" if r.failed else "")
    )


@app.command("write")
def write_cmd(
    story: Annotated[
        list[int] | None, typer.Option(help="Only this story (repeatable); default: all.")
    ] = None,
    writer: WriterOption = None,
) -> None:
    """Analyze each story and write it (brief, standard and in-depth) as a new version.

    A story gets a new version only when its sources changed since the last
    one; every sentence cites the source sentences it comes from.

    Examples:

        newsdesk write

        newsdesk write --story 12
    """
    settings = _settings()
    cascade = _cascade(settings, writer)
    with _store(settings) as store, closing(cascade):
        try:
            report = _write(store, story, cascade)
        except NewsdeskError as exc:
            raise _fail(str(exc)) from exc
    _print_write_report(report)


@app.command("story")
def story_cmd(
    story_id: Annotated[int, typer.Argument(help="The story's id (see `newsdesk stories`).")],
    style: Annotated[str, typer.Option(help="brief, standard or in-depth.")] = "standard",
    format: Annotated[str, typer.Option("--format", help="md, html or json.")] = "md",
    version: Annotated[int | None, typer.Option(help="An older version (default: latest).")] = None,
    report: Annotated[
        bool, typer.Option("--report", help="Print the verifier's report (JSON) instead.")
    ] = False,
) -> None:
    """Print a written story, or its verification report.

    Examples:

        newsdesk story 12

        newsdesk story 12 --style brief --format html > story.html

        newsdesk story 12 --report
    """
    from newsdesk.write.draft import Draft
    from newsdesk.write.render import to_html, to_markdown

    settings = _settings()
    with _store(settings) as store:
        row = store.latest_version(story_id)
        if version is not None:
            row = store.version(story_id, version)
    if row is None:
        raise _fail(f"story {story_id} has no written version (run `newsdesk write`)")
    drafts = json.loads(row["drafts"])
    if style not in drafts:
        raise _fail(f"no {style!r} draft; there are: {', '.join(drafts)}")
    draft = Draft.from_json(drafts[style])
    if report:
        reports = json.loads(row.get("reports") or "{}")
        if style not in reports:
            raise _fail(f"version {row['version']} has no verification report for {style!r}")
        sys.stdout.write(json.dumps(reports[style], ensure_ascii=False, indent=1) + "\n")
    elif format == "json":
        sys.stdout.write(json.dumps(draft.to_json(), ensure_ascii=False, indent=1) + "\n")
    elif format == "html":
        facts = json.loads(row["facts"])
        texts = {e["id"]: e["text"] for e in facts["evidence"]}
        sys.stdout.write(to_html(draft, texts))
    elif format == "md":
        sys.stdout.write(to_markdown(draft))
    else:
        raise _fail(f"--format {format!r}: choose md, html or json")


@app.command("summarize")
def summarize(
    file: Annotated[
        Path,
        typer.Argument(
            dir_okay=False,
            help="JSON lines, one cluster each: id, documents (strings or objects with text, "
            "optional title, published, url, source). '-' reads standard input.",
        ),
    ],
    style: Annotated[str, typer.Option(help="brief, standard or in-depth.")] = "standard",
    format: Annotated[str, typer.Option("--format", help="json (one line per cluster) or md.")] = (
        "json"
    ),
    writer: WriterOption = None,
) -> None:
    """Write one story per cluster of documents, without a store.

    The same analysis, writer and verifier as `newsdesk run`. JSON output:
    headline, dateline, lede, sections, every sentence with its evidence ids
    ("<document>:<sentence>"), quotes, timeline, disagreements, sources, the
    plain `text`, and the verifier's report under `verification`.

    Examples:

        newsdesk summarize clusters.jsonl --style brief --format md

        newsdesk summarize ../shared/data/mds/multinews_dev100.jsonl > stories.jsonl
    """
    from newsdesk.write.compose import compose, read_clusters
    from newsdesk.write.draft import STYLES
    from newsdesk.write.render import to_markdown

    if style not in STYLES:
        raise _fail(f"--style {style!r}: choose {', '.join(STYLES)}")
    if format not in ("json", "md"):
        raise _fail(f"--format {format!r}: choose json or md")
    if str(file) != "-" and not file.exists():
        raise _fail(f"{file}: no such file")
    cascade = _cascade(_settings(), writer)
    stream = sys.stdin if str(file) == "-" else file.open(encoding="utf-8")
    try:
        for cluster, docs in read_clusters(stream, str(file)):
            composed = compose(docs, story=cluster, styles=[style], cascade=cascade)
            draft = composed.drafts[style]
            if format == "json":
                row = draft.to_json() | {"verification": composed.reports[style].to_json()}
                sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
            else:
                sys.stdout.write(to_markdown(draft) + "\n---\n\n")
            sys.stdout.flush()
    except NewsdeskError as exc:
        raise _fail(str(exc)) from exc
    finally:
        cascade.close()
        if stream is not sys.stdin:
            stream.close()


@app.command("check")
def check(
    file: Annotated[
        Path,
        typer.Argument(
            dir_okay=False,
            help="JSON lines, each a 'summary' and its source 'document' (or 'article' or "
            "'doc'). '-' reads standard input.",
        ),
    ],
) -> None:
    """Check summaries against their source documents, one JSON line out per line in.

    The pipeline's support model and lint: each summary sentence is aligned
    with the document; the summary's `support` is its weakest sentence's
    probability, its `verdict` is consistent or inconsistent, and `failing`
    lists the sentences that fail (with the words the document lacks and the
    document sentence that comes closest). The files in
    ../shared/data/factuality work as they are.

    Example:

        newsdesk check ../shared/data/factuality/frank_valid.jsonl
    """
    from newsdesk.verify.summary import check_summary, read_pairs
    from newsdesk.verify.support import default_model

    if str(file) != "-" and not file.exists():
        raise _fail(f"{file}: no such file")
    threshold = default_model().threshold
    stream = sys.stdin if str(file) == "-" else file.open(encoding="utf-8")
    try:
        for ident, document, summary, _label in read_pairs(stream, str(file)):
            result = check_summary(document, summary, ident)
            sys.stdout.write(json.dumps(result.to_json(threshold), ensure_ascii=False) + "\n")
            sys.stdout.flush()
    except NewsdeskError as exc:
        raise _fail(str(exc)) from exc
    finally:
        if stream is not sys.stdin:
            stream.close()


def _cluster(store: Store, settings: Settings, since: datetime | None = None) -> ClusterReport:
    from newsdesk.cluster.stage import cluster_store

    err.print("grouping articles into stories …")
    with _progress() as tick:
        last = [0]

        def advance(done: int, total: int) -> None:
            tick("articles", done - last[0])
            last[0] = done

        return cluster_store(store, settings, rebuild_since=since, tick=advance)


def _print_cluster_report(r: ClusterReport) -> None:
    out.print(
        f"clustered {r.articles} articles in {r.seconds:.1f}s: {r.opened} new stories, "
        f"{r.joined} joined a story, {r.reprints} reprints joined their original; "
        f"{r.links} related-story links"
        + (f" ({r.unassigned} articles re-clustered)" if r.unassigned else "")
    )


@app.command("cluster")
def cluster(
    rebuild: Annotated[
        bool, typer.Option("--rebuild", help="Re-cluster every article from --since on.")
    ] = False,
    since: Annotated[
        str | None,
        typer.Option(help="With --rebuild: the window's start (ISO date or time, UTC)."),
    ] = None,
) -> None:
    """Group the articles that are in no story yet into event stories.

    Each joins the closest recent story or opens a new one; ids of existing
    stories never change. `--rebuild --since` takes every article from that
    time on out of its story and assigns them again, oldest first.

    Examples:

        newsdesk cluster

        newsdesk cluster --rebuild --since 2026-11-01
    """
    from newsdesk.ingest.local import parse_when

    if rebuild != (since is not None):
        raise _fail("--rebuild and --since go together: newsdesk cluster --rebuild --since DATE")
    when = parse_when(since) if since else None
    if since and when is None:
        raise _fail(f"--since {since!r} is not a date (try 2026-11-01)")
    settings = _settings()
    with _store(settings) as store:
        try:
            report = _cluster(store, settings, when)
        except NewsdeskError as exc:
            raise _fail(str(exc)) from exc
    _print_cluster_report(report)


@app.command("stories")
def stories_cmd(
    limit: Annotated[int, typer.Option(help="How many stories, most recent first.")] = 20,
    story: Annotated[
        int | None, typer.Option(help="Show one story: its articles, how each joined, related.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """List stories (most recently active first), or one story's articles.

    Examples:

        newsdesk stories --limit 10

        newsdesk stories --story 42 --json
    """
    settings = _settings()
    with _store(settings) as store:
        if story is not None:
            members = store.story_members(story)
            if not members:
                raise _fail(f"no story {story}")
            related = store.related_stories(story)
            if as_json:
                payload = {
                    "story": story,
                    "articles": [
                        {k: _iso(v) if isinstance(v, datetime) else v for k, v in m.items()}
                        for m in members
                    ],
                    "related": [{"story": r, "score": round(sc, 3)} for r, sc in related],
                }
                sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
                return
            table = Table("published", "outlet", "title", "how", "score", title=f"story {story}")
            for m in members:
                table.add_row(
                    _iso(m["published_at"]) or "undated",
                    m["outlet"] or "",
                    m["title"][:80],
                    m["how"] + (" (reprint)" if m["reprint_of"] and m["how"] != "reprint" else ""),
                    f"{m['score']:.2f}",
                )
            out.print(table)
            if related:
                out.print("related: " + ", ".join(f"{r} ({sc:.2f})" for r, sc in related))
            return
        rows = store.stories(limit)
    if as_json:
        payload_rows = [
            {
                "id": r.id,
                "title": r.title,
                "headline": r.headline,
                "articles": r.article_count,
                "sources": r.source_count,
                "first_at": _iso(r.first_at),
                "last_at": _iso(r.last_at),
            }
            for r in rows
        ]
        sys.stdout.write(json.dumps(payload_rows, ensure_ascii=False, indent=2) + "\n")
        return
    table = Table("id", "latest", "articles", "sources", "headline", title="stories")
    for r in rows:
        table.add_row(
            str(r.id),
            _iso(r.last_at) or "",
            str(r.article_count),
            str(r.source_count),
            # Not written yet: its first article's title, marked as such.
            escape(r.headline)
            if r.headline
            else f"[dim]{escape(r.title[:90])} (not written yet)[/dim]",
        )
    out.print(table)


@app.command("serve")
def serve(
    host: Annotated[str | None, typer.Option(help="Listen here (default: [publish] host).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default: [publish] port).")] = None,
    base_url: Annotated[
        str | None, typer.Option(help="Public URL of the site, for feed links (default: setting).")
    ] = None,
    workers: Annotated[int, typer.Option(help="Worker processes.")] = 1,
) -> None:
    """Serve the website, feeds and JSON API (read-only; run `watch` beside it).

    Examples:

        newsdesk serve                       # http://127.0.0.1:8000

        newsdesk serve --host 0.0.0.0 --port 8080 --base-url https://news.example.org
    """
    import uvicorn

    settings = _settings()
    conf = settings.publish
    host, port = host or conf.host, port if port is not None else conf.port
    import os

    with _store(settings):  # migrates the schema once, before the workers open it
        pass
    # The app opens the store in each worker process (see newsdesk.publish.server).
    os.environ["NEWSDESK_SERVE_STORE"] = settings.store_url
    os.environ["NEWSDESK_SERVE_BASE_URL"] = base_url or conf.base_url
    os.environ["NEWSDESK_SERVE_PAGE_SIZE"] = str(conf.page_size)
    err.print(f"serving {_safe(settings.store_url)} on http://{host}:{port}/ (Ctrl-C stops)")
    uvicorn.run(
        "newsdesk.publish.server:app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
        proxy_headers=False,
    )


@app.command("export")
def export_cmd(
    directory: Annotated[Path, typer.Argument(help="Where to write the files.")],
    format: Annotated[str, typer.Option("--format", help="html (a static site), md or json.")] = (
        "html"
    ),
    base_url: Annotated[
        str, typer.Option(help="Where the html export will be hosted: adds Atom and JSON feeds.")
    ] = "",
) -> None:
    """Write every published story to files: a static site, Markdown or JSON.

    Examples:

        newsdesk export site/

        newsdesk export --format md stories/

        newsdesk export --format html --base-url https://news.example.org public/
    """
    from newsdesk.publish.export import export

    settings = _settings()
    with _store(settings) as store:
        try:
            report = export(store, directory, format, base_url=base_url)
        except (NewsdeskError, OSError) as exc:
            raise _fail(str(exc)) from exc
    out.print(f"exported {report.stories} stories ({report.files} files) to {directory}")


@app.command("watch")
def watch_cmd(
    cycles: Annotated[
        int | None, typer.Option(help="Stop after this many cycles (default: run until Ctrl-C).")
    ] = None,
    writer: WriterOption = None,
) -> None:
    """Follow the feeds: poll each when it is due, update the stories whose news developed.

    A story gets a new version only when something material changed: a new fact, quote,
    number or development, not a reworded report. Safe to stop at any moment.

    Examples:

        newsdesk watch

        newsdesk watch --cycles 1     # one pass, e.g. from cron
    """
    import threading

    from newsdesk.watch import Cycle, watch

    settings = _settings()

    def show(c: Cycle) -> None:
        due = c.next_due.isoformat(timespec="seconds") if c.next_due else "-"
        out.print(
            f"cycle {c.number}: {c.ingest.feeds_polled} feeds polled "
            f"({c.ingest.feeds_not_modified} unchanged, {c.ingest.feeds_failed} failed), "
            f"{c.ingest.articles_added} new articles, {len(c.cluster.stories)} stories touched, "
            f"{c.write.written} new versions, {c.write.immaterial} without material change; "
            f"next feed due {due}"
        )

    stop = threading.Event()
    cascade = _cascade(settings, writer)
    with _store(settings) as store, closing(cascade):
        if not store.feeds(active_only=True):
            raise _fail("no feeds to watch: `newsdesk add-feed URL` first")
        try:
            watch(store, settings, cycles=cycles, stop=stop, on_cycle=show, cascade=cascade)
        except KeyboardInterrupt:
            stop.set()
            err.print("stopped.")


def main() -> None:
    try:
        app()
    except NewsdeskError as exc:
        err.print(f"[bold red]error:[/] {exc}")
        raise SystemExit(2) from exc


@app.command("group")
def group(
    file: Annotated[
        Path,
        typer.Argument(
            exists=True,
            dir_okay=False,
            help=(
                "JSON lines, one article each: doc_id, text (or sentences), optional title, "
                "published, url, source."
            ),
        ),
    ],
) -> None:
    """Group articles into event stories, without a store: one JSON line out per article.

    The articles are taken in the file's order, through the same online
    clustering as the pipeline.

    Example:

        newsdesk group articles.jsonl > stories.jsonl
    """
    from newsdesk.cluster import Doc, Featurizer, OnlineClusterer
    from newsdesk.ingest.local import parse_when

    settings = _settings()
    clusterer = OnlineClusterer(
        window_days=settings.cluster.window_days, related_days=settings.cluster.related_days
    )
    featurizer = Featurizer()

    def flush(batch: list[Doc]) -> None:
        for f in featurizer.featurize(batch):
            assignment = clusterer.add(f)
            sys.stdout.write(json.dumps({"doc_id": f.doc.doc_id, "story": assignment.story}) + "\n")
        batch.clear()

    batch: list[Doc] = []
    with file.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                doc_id = str(row.get("doc_id") or row.get("id") or number)
                text = row.get("text") or "\n".join(row.get("sentences") or [])
            except (json.JSONDecodeError, AttributeError, TypeError) as exc:
                raise _fail(f"{file}:{number}: not an article record ({exc})") from exc
            when = parse_when(row.get("published"))
            outlet = str(row.get("source") or "")
            batch.append(Doc(doc_id, str(text), str(row.get("title") or ""), when, outlet))
            if len(batch) >= settings.cluster.batch:
                flush(batch)
    flush(batch)


eval_app = typer.Typer(help="Measure quality on the real evaluation data in ../shared/data.")
app.add_typer(eval_app, name="eval")


@eval_app.command("cluster")
def eval_cluster(
    data: Annotated[Path, typer.Option(help="The shared evaluation data folder.")] = Path(
        "../shared/data"
    ),
    cache: Annotated[
        Path | None,
        typer.Option(help="Keep computed embeddings and entities in this .npz for reruns."),
    ] = None,
) -> None:
    """B-cubed P/R/F1 of story clustering on ECB+, NeuS and Multi-News (dev halves).

    Articles arrive by publication time where known, else shuffled (seed 13),
    through the online clustering users get. Floors: TF-IDF + average linkage
    with a threshold tuned on each set (published in ../shared/data/README.md).

    Example:

        newsdesk eval cluster --data ../shared/data
    """
    from newsdesk.eval.clustering import evaluate

    if not (data / "clustering").exists():
        raise _fail(f"no evaluation data at {data} (pass --data)")
    table = Table(
        "data",
        "articles",
        "gold",
        "stories",
        "P",
        "R",
        "F1",
        "floor",
        title="story clustering, B-cubed",
    )
    for r in evaluate(data, cache):
        table.add_row(
            r.name,
            str(r.articles),
            str(r.gold),
            str(r.stories),
            f"{r.precision:.3f}",
            f"{r.recall:.3f}",
            f"{r.f1:.3f}",
            f"{r.floor:.3f}" if r.floor else "",
        )
    out.print(table)


@eval_app.command("summarize")
def eval_summarize(
    data: Annotated[Path, typer.Option(help="The shared evaluation data folder.")] = Path(
        "../shared/data"
    ),
    limit: Annotated[
        int | None, typer.Option(help="Only the first N clusters of each set (quick look).")
    ] = None,
    writer: WriterOption = None,
) -> None:
    """ROUGE-1/2/Lsum of the `standard` story against lead, LexRank and TextRank.

    Multi-News dev100 and NeuS AllSides dev; each output is cut to its
    reference's length; rouge-score, stemmed, F1 x 100.

    Example:

        newsdesk eval summarize --data ../shared/data
    """
    from newsdesk.eval.summarize import SYSTEMS, all_sets, evaluate

    sets = all_sets(data)
    if not all(path.exists() for path, _ in sets):
        raise _fail(f"no evaluation data at {data / 'mds'} (pass --data)")
    try:
        import rouge_score  # noqa: F401
        import sumy  # noqa: F401
    except ImportError as exc:
        raise _fail(
            f"evaluation needs the eval extra: pip install 'newsdesk[eval]' ({exc})"
        ) from exc
    cascade = _cascade(_settings(), writer)
    table = Table("data", "clusters", "system", "R-1", "R-2", "R-Lsum", "s/story (p50)",
                  title=f"multi-document summaries, ROUGE F1 ({cascade.label})")  # fmt: skip
    checked = Table("data", "sentences written", "unsupported, first draft",
                    "unsupported, after revision", "fell back to extractive",
                    title="the verifier on the writer's drafts")  # fmt: skip
    for path, name in sets:
        scores = evaluate(path, name, limit, cascade)
        first, final = scores.unsupported_share()
        checked.add_row(name, str(scores.written_first), f"{first:.1%}", f"{final:.1%}",
                        f"{scores.fallbacks} of {scores.clusters}")  # fmt: skip
        per = sorted(scores.seconds_per_story)
        p50 = f"{per[len(per) // 2]:.2f}" if per else "-"
        for system in SYSTEMS:
            r = scores.rouge[system]
            table.add_row(
                name if system == SYSTEMS[0] else "",
                str(scores.clusters) if system == SYSTEMS[0] else "",
                system,
                f"{r['rouge1']:.2f}",
                f"{r['rouge2']:.2f}",
                f"{r['rougeLsum']:.2f}",
                p50 if system == SYSTEMS[0] else "",
            )
    out.print(table)
    cascade.close()
    out.print(checked)


@eval_app.command("verify")
def eval_verify(
    data: Annotated[Path, typer.Option(help="The shared evaluation data folder.")] = Path(
        "../shared/data"
    ),
) -> None:
    """Balanced accuracy of the support check on FRANK, XSumFaith and SummEdits (dev halves).

    The shipped model and threshold (chosen on FRANK valid only) through the
    path `newsdesk check` takes. Also: ROC AUC, the balanced accuracy the best
    threshold for each set would give (an oracle, for calibration), and
    sentence checks per second.

    Example:

        newsdesk eval verify --data ../shared/data
    """
    from newsdesk.eval.verify import ANCHORS, TARGETS, all_sets, evaluate

    sets = all_sets(data)
    if not all(path.exists() for path, _ in sets):
        raise _fail(f"no evaluation data at {data / 'factuality'} (pass --data)")
    table = Table("data", "pairs", "consistent", "bal. acc.", "target", "AUC", "oracle bal. acc.",
                  "sentences/s", "published", title="support check, human labels")  # fmt: skip
    for path, name in sets:
        r = evaluate(path, name)
        table.add_row(
            name,
            str(r.pairs),
            str(r.consistent),
            f"{r.balanced_accuracy:.3f}",
            f"{TARGETS[name]:.2f}",
            f"{r.auc:.3f}",
            f"{r.oracle:.3f}",
            f"{r.per_second:.0f}",
            ANCHORS[name],
        )
    out.print(table)
