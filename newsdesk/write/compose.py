"""Articles to fact sheet to drafts: the one path behind `run`, `write` and `summarize`.

``compose`` analyses a story's articles once and writes every requested style
from the same fact sheet. ``read_clusters`` reads the one-shot JSON-lines
format (``id`` and ``documents``: strings, or objects with ``text`` and
optional ``title``, ``published``, ``url``, ``source``); the files in
../shared/data/mds work as they are. ``write_stories`` is the store stage:
it writes a new version of each story whose sources changed since its last
version, one transaction per story, so a crash loses at most the story in
hand and a rerun continues.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TextIO

from newsdesk.analyze.facts import FACTS_VERSION, FactSheet, SourceDoc
from newsdesk.analyze.sheet import analyze
from newsdesk.errors import NewsdeskError
from newsdesk.models import Article
from newsdesk.publish.cards import card
from newsdesk.publish.changes import diff
from newsdesk.text import json_objects
from newsdesk.verify.report import VERIFY_VERSION, Report
from newsdesk.write.cascade import Cascade
from newsdesk.write.draft import STYLES, Draft
from newsdesk.write.extractive import ExtractiveWriter
from newsdesk.write.llm.prompt import PROMPT_VERSION

log = logging.getLogger(__name__)
WRITER_VERSION = 20  # 20: a report's "today" and "yesterday" named as the day they were
# ("on Tuesday"); the verifier checks weekdays and the days of months against the days the
# evidence states
# 19: a sentence that quotes a phrase may lead; a headline trim drops
# a phrase before the subject with the negation or quotation inside it
# 18: no stock listing ("(NASDAQ: MSFT)") in a written sentence
# 17: when every opening is background, a later sentence leads, and
# no background opening heads the story
# 16: the account in the order of the reports (inverted pyramid); a
# plan chosen early stays in it; no tweet's address or sigh in the story's voice
# 15: a figure its speaker already gave is not told again
# 13: headlines trimmed further, never inside a quotation
# 8: a lede agrees with the reports' openings; no opinion in the story's voice
# 4: disagreements that hold, a quotation told once, rows that stand alone
# 3: trimmed headlines, a lede that can stand first, no first person
# 2: early quotes woven in; paraphrases left out; timeline asides dropped


class InputError(NewsdeskError):
    """A line of a JSON-lines input that is not a cluster of documents."""


@dataclass(slots=True)
class Composed:
    sheet: FactSheet
    drafts: dict[str, Draft]  # verified: what is published
    reports: dict[str, Report]  # the verifier's report on each
    written: dict[str, Draft]  # as the writer made them, before verification


def write_verified(
    sheet: FactSheet, styles: Iterable[str] = STYLES, cascade: Cascade | None = None
) -> Composed:
    """Write each style from the fact sheet, then verify it: the drafts that may be published.

    ``cascade`` holds the writer (default: extractive) and its fallback (cascade.py)."""
    out = Composed(sheet, {}, {}, {})
    for style, w in (cascade or Cascade()).write(sheet, styles).items():
        out.drafts[style], out.reports[style], out.written[style] = w.draft, w.report, w.written
    return out


def compose(
    docs: Sequence[SourceDoc],
    story: str = "",
    styles: Iterable[str] = STYLES,
    nlp: Any = None,
    cascade: Cascade | None = None,
) -> Composed:
    """Analyse, write and verify: the path `run`, `write` and `summarize` all take."""
    return write_verified(analyze(docs, story=story, nlp=nlp), styles, cascade)


def docs_from_articles(articles: Iterable[Article]) -> list[SourceDoc]:
    return [
        SourceDoc(
            article_id=a.id,
            text=a.text,
            title=a.title,
            outlet=a.outlet,
            url=a.url,
            published=a.published,
            reprint_of=a.reprint_of,
            sentences=[s.text for s in a.sentences] if a.sentences else None,
        )
        for a in articles
    ]


CODE_VERSION = f"facts{FACTS_VERSION}/writer{WRITER_VERSION}/verify{VERIFY_VERSION}"


def _code_version(writer: str) -> str:
    """What wrote a version: the code, and the writer when it is not the default."""
    if writer == ExtractiveWriter.name:
        return CODE_VERSION
    return f"{CODE_VERSION}/{writer}/prompt{PROMPT_VERSION}"


def _unreachable(composed: Composed) -> bool:
    """Whether a style fell back because its writer failed (not because of what it wrote)."""
    return any(
        r.fallback is not None and any("error" in a for a in r.attempts)
        for r in composed.reports.values()
    )


def _writers(composed: Composed) -> str:
    """The writers of a version's drafts ("openai:gpt-4o-mini", or two when one fell back)."""
    return "+".join(sorted({d.writer for d in composed.drafts.values()})) or ExtractiveWriter.name


def input_hash(articles: Iterable[Article], writer: str = ExtractiveWriter.name) -> str:
    """Names the state of a story's sources (and of the code and the writer that read them)."""
    h = hashlib.sha1(_code_version(writer).encode())
    for a in sorted(articles, key=lambda a: a.id):
        h.update(f"|{a.id}:{a.content_hash}:{a.reprint_of or ''}".encode())
    return h.hexdigest()


def _published(value: Any, where: str) -> datetime | None:
    if value in (None, ""):
        return None
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError as exc:
        raise InputError(f"{where}: 'published' is not an ISO date: {value!r}") from exc


def read_clusters(stream: TextIO, name: str = "<stdin>") -> Iterator[tuple[str, list[SourceDoc]]]:
    """(cluster id, documents) per JSON line; a bad line raises InputError naming it."""
    for where, number, row in json_objects(stream, name, InputError):
        if not isinstance(row.get("documents"), list):
            raise InputError(f"{where}: expected an object with a 'documents' list")
        cluster = str(row.get("id", number))
        docs = []
        for i, d in enumerate(row["documents"], start=1):
            if isinstance(d, str):
                d = {"text": d}
            if not isinstance(d, dict) or not isinstance(d.get("text", ""), str):
                raise InputError(f"{where}: document {i} is neither text nor an object with text")
            docs.append(
                SourceDoc(
                    article_id=str(d.get("doc_id") or f"{cluster}-{i}"),
                    text=d.get("text", ""),
                    title=str(d.get("title") or ""),
                    outlet=str(d.get("source") or d.get("outlet") or ""),
                    url=str(d.get("url") or ""),
                    published=_published(d.get("published"), where),
                )
            )
        yield cluster, docs


@dataclass(slots=True)
class WriteReport:
    stories: int = 0  # looked at
    written: int = 0  # new versions stored
    unchanged: int = 0
    immaterial: int = 0  # sources changed, but nothing a reader would need to know
    failed: int = 0
    seconds: float = 0.0
    per_story: list[float] = field(default_factory=list)
    stage_seconds: dict[str, float] = field(default_factory=dict)
    verdicts: dict[str, int] = field(default_factory=dict)  # the verifier's, over all styles
    written_ids: list[int] = field(default_factory=list)


def write_stories(
    store: Any,
    story_ids: Sequence[int] | None = None,
    *,
    styles: Sequence[str] = STYLES,
    tick: Callable[[], None] | None = None,
    cascade: Cascade | None = None,
) -> WriteReport:
    """A new version for every story whose sources changed since its latest version (or
    whose writer changed: ``cascade`` holds the writer, by default the extractive one)."""
    cascade = cascade or Cascade()
    code_version = _code_version(cascade.label)
    report = WriteReport()
    started = time.perf_counter()
    ids = list(story_ids) if story_ids is not None else store.story_ids()
    for sid in ids:
        report.stories += 1
        t0 = time.perf_counter()
        try:
            articles = store.story_articles(sid)
            if not articles:
                continue
            digest = input_hash(articles, cascade.label)
            if digest in (store.checked_hash(sid), store.latest_input_hash(sid)):
                report.unchanged += 1
                continue
            t1 = time.perf_counter()
            sheet = analyze(docs_from_articles(articles), story=str(sid))
            latest = store.latest_facts(sid)
            previous = FactSheet.from_json(json.loads(latest[0])) if latest else None
            changes = diff(previous, sheet)
            if latest is not None and not changes.material:
                if latest[1] == code_version:
                    store.mark_checked(sid, digest)
                    report.immaterial += 1
                    continue
                changes.reason = "rewritten by a newer newsdesk"
            t2 = time.perf_counter()
            composed = write_verified(sheet, styles, cascade)
            drafts = composed.drafts
            t3 = time.perf_counter()
            seconds = t3 - t0
            headline = drafts[styles[0]].headline.text if styles else ""
            reports = {k: r.to_json() for k, r in composed.reports.items()}
            for r in composed.reports.values():
                for verdict, n in r.counts().items():
                    report.verdicts[verdict] = report.verdicts.get(verdict, 0) + n
            if _unreachable(composed):  # stored as the fallback's, so the next run tries again
                digest, written_by = input_hash(articles), CODE_VERSION
            else:
                written_by = code_version
            version = store.add_version(
                sid,
                input_hash=digest,
                writer=_writers(composed),
                headline=headline,
                article_count=len(articles),
                facts=json.dumps(sheet.to_json(), ensure_ascii=False),
                drafts=json.dumps({k: d.to_json() for k, d in drafts.items()}, ensure_ascii=False),
                reports=json.dumps(reports, ensure_ascii=False),
                publishable=all(r.publishable for r in composed.reports.values()),
                seconds=seconds,
                card=json.dumps(
                    card(sheet, drafts[styles[0]]) if styles else {}, ensure_ascii=False
                ),
                changes=json.dumps(changes.to_json(), ensure_ascii=False),
                code_version=written_by,
            )
            for stage, spent in (
                ("load", t1 - t0),
                ("analyze", t2 - t1),
                ("write+verify", t3 - t2),
            ):
                report.stage_seconds[stage] = report.stage_seconds.get(stage, 0.0) + spent
            if version is None:
                report.unchanged += 1
            else:
                report.written += 1
                report.written_ids.append(sid)
                report.per_story.append(seconds)
        except NewsdeskError:
            raise
        except Exception as exc:  # one story's failure must not stop the others
            log.exception("story %s: writing failed", sid)
            report.failed += 1
            with store.transaction() as conn:
                store.log_event(
                    conn,
                    stage="write",
                    reason=type(exc).__name__,
                    message=f"story {sid}: {exc}",
                    source=f"story {sid}",
                    level="error",
                )
        finally:
            if tick is not None:
                tick()
    report.seconds = time.perf_counter() - started
    return report
