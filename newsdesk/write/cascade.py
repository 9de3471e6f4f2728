"""Writer, verifier, one revision, fallback: how every published draft is made.

For each requested style of one story:

1. The configured writer drafts it (styles in parallel, up to the writer's
   concurrency). A WriterError — backend unreachable, budget spent, an
   answer that holds no draft — goes to step 4.
2. The verifier checks the draft (``verify.verifier``): what the evidence
   does not support is re-cited, replaced by its source sentence or dropped.
3. A generative writer whose draft had sentences the evidence did not
   support gets one revision, told which sentences failed and why; the
   revision is verified from scratch. The better of the two is kept.
4. If the writer failed, or its verified draft is not publishable, or more
   than ``max_unsupported`` of its sentences had to be replaced or dropped,
   the extractive writer writes the style instead, and the report says why
   (``Report.fallback``). Every try is listed in ``Report.attempts``.

So a model can make a story read better, but never make it less true.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from newsdesk.analyze.facts import FactSheet
from newsdesk.settings import Settings
from newsdesk.verify.report import Report
from newsdesk.verify.verifier import Verifier
from newsdesk.write.backend import Writer, WriterError, get_writer
from newsdesk.write.draft import STYLES, Draft
from newsdesk.write.extractive import ExtractiveWriter

log = logging.getLogger(__name__)
MAX_UNSUPPORTED = 0.5


@dataclass(slots=True)
class Written:
    draft: Draft  # verified: what is published
    report: Report
    written: Draft  # as the writer made it, before verification


def findings(report: Report) -> list[str]:
    """What the verifier found wrong, sentence by sentence, in words a writer can act on."""
    out = []
    for s in report.sentences:
        if s.verdict not in ("replaced", "dropped") or s.part in ("quote", "timeline"):
            continue
        why = []
        for c in s.checks:
            if c.passed:
                continue
            detail = f": {c.detail}" if c.detail else ""
            if c.name == "support":
                detail = f" (the cited evidence does not say this{detail.replace(':', ';')})"
            why.append(f"{c.name}{detail}")
        out.append(
            f'{s.part} "{s.text}" cites {", ".join(s.evidence) or "nothing"}: ' + "; ".join(why)
        )
    return out


def _share(report: Report) -> float:
    return report.unsupported() / max(report.written(), 1)


def _attempt(writer: str, report: Report | None, error: str | None = None) -> dict[str, Any]:
    if report is None:
        return {"writer": writer, "error": error}
    return {
        "writer": writer,
        "sentences": report.written(),
        "unsupported": report.unsupported(),
        "counts": report.counts(),
        "publishable": report.publishable,
    }


class Cascade:
    """Writes and verifies the styles of one story at a time with one writer."""

    def __init__(
        self,
        writer: Writer | None = None,
        max_unsupported: float = MAX_UNSUPPORTED,
        fallback: ExtractiveWriter | None = None,
    ):
        self.fallback = fallback or ExtractiveWriter()
        self.writer = writer or self.fallback
        self.max_unsupported = max_unsupported

    @property
    def label(self) -> str:
        return self.writer.label

    def _parallel(self, jobs: dict[str, Any]) -> dict[str, Draft | WriterError]:
        def run(job: Any) -> Draft | WriterError:
            try:
                return job()  # type: ignore[no-any-return]
            except WriterError as exc:
                return exc

        workers = min(self.writer.concurrency, len(jobs)) or 1
        if workers == 1:
            return {k: run(j) for k, j in jobs.items()}
        with ThreadPoolExecutor(workers, thread_name_prefix="writer") as pool:
            futures = {k: pool.submit(run, j) for k, j in jobs.items()}
            return {k: f.result() for k, f in futures.items()}

    def write(self, sheet: FactSheet, styles: Iterable[str] = STYLES) -> dict[str, Written]:
        styles = list(styles)
        verifier = Verifier(sheet)
        w = self.writer
        first = self._parallel({s: (lambda s=s: w.write(sheet, s)) for s in styles})
        out: dict[str, Written] = {}
        attempts: dict[str, list[dict[str, Any]]] = {s: [] for s in styles}
        revise: dict[str, Any] = {}
        for style, drafted in first.items():  # 2. verify
            if isinstance(drafted, WriterError):
                attempts[style].append(_attempt(w.label, None, str(drafted)))
                continue
            verified, report = verifier.verify(drafted)
            attempts[style].append(_attempt(w.label, report))
            out[style] = Written(verified, report, drafted)
            if w.generative and report.unsupported():
                found = findings(report)
                revise[style] = lambda d=drafted, f=found: w.revise(sheet, d, f)
        for style, drafted in self._parallel(revise).items():  # 3. one revision
            if isinstance(drafted, WriterError):
                attempts[style].append(_attempt(f"{w.label} (revision)", None, str(drafted)))
                continue
            verified, report = verifier.verify(drafted)
            attempts[style].append(_attempt(f"{w.label} (revision)", report))
            before = out[style].report
            if (report.publishable, -_share(report)) >= (before.publishable, -_share(before)):
                out[style] = Written(verified, report, drafted)
        for style in styles:  # 4. fall back
            done = out.get(style)
            reason = None
            if done is None:
                reason = attempts[style][-1].get("error") or "the writer made no draft"
            elif not done.report.publishable or (
                w.generative and _share(done.report) > self.max_unsupported
            ):
                reason = (
                    f"{done.report.unsupported()} of {done.report.written()} sentences were not "
                    "supported by the evidence"
                    + (
                        f" (more than {self.max_unsupported:.0%})"
                        if done.report.publishable
                        else ", and no headline or lede survived"
                    )
                )
            if reason is not None and not isinstance(w, ExtractiveWriter):
                log.warning("story %s, %s: %s; writing it extractively", sheet.story, style, reason)
                drafted = self.fallback.write(sheet, style)
                verified, report = verifier.verify(drafted)
                attempts[style].append(_attempt(self.fallback.label, report))
                report.fallback = reason
                done = out[style] = Written(verified, report, drafted)
            if done is not None:
                done.report.attempts = attempts[style]
        return out

    def close(self) -> None:
        self.writer.close()


def from_settings(settings: Settings, writer: str | None = None) -> Cascade:
    """The cascade for ``writer`` (default: the settings' ``[write] writer``), its options
    from the settings' ``[write.<name>]`` table."""
    name = writer or settings.write.writer
    fallback = ExtractiveWriter(settings.write.options(ExtractiveWriter.name))
    chosen = (
        fallback
        if name == ExtractiveWriter.name
        else get_writer(name, settings.write.options(name))
    )
    return Cascade(chosen, settings.write.max_unsupported, fallback)
