"""Drafts to Markdown and HTML, with citations [n] that link to the sources.

Everything that comes from an article is escaped (Markdown punctuation in
Markdown, HTML by Jinja2's autoescape), so an article can never inject markup
or script into a rendered story. In HTML each citation carries the cited
source sentence as its title (shown on hover and focus) when the fact sheet's
evidence text is given.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from functools import lru_cache

from jinja2 import Environment, PackageLoader, select_autoescape

from newsdesk.analyze.dates import ResolvedDate, label
from newsdesk.models import parse_evidence_id
from newsdesk.write.draft import Draft, DraftSentence, SourceItem

# How a report labelled opinion is listed under Sources: read with the story, not written from.
OPINION_NOTE = "opinion; not written from"
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def md_escape(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def refs_of(draft: Draft, evidence: list[str]) -> list[int]:
    """Citation numbers for evidence ids, in order, each once."""
    by_article = {s.article_id: s.ref for s in draft.sources}
    out: list[int] = []
    for eid in evidence:
        try:
            article, _ = parse_evidence_id(eid)
        except ValueError:
            continue
        ref = by_article.get(article)
        if ref is not None and ref not in out:
            out.append(ref)
    return out


def date_label(iso: str | None) -> str:
    if not iso:
        return ""
    day = date.fromisoformat(iso[:10])
    return label(ResolvedDate(day.year, day.month, day.day, "day"))


def dateline(draft: Draft) -> str:
    parts = [p for p in (draft.dateline_place, date_label(draft.dateline_date)) if p]
    return ", ".join(parts)


def _source_url(s: SourceItem) -> str:
    return s.url if s.url.startswith(("http://", "https://")) else ""


def to_markdown(draft: Draft) -> str:
    by_ref = {s.ref: s for s in draft.sources}

    def cite(sentence: DraftSentence) -> str:
        marks = []
        for ref in refs_of(draft, sentence.evidence):
            url = _source_url(by_ref[ref])
            marks.append(f"[\\[{ref}\\]]({url})" if url else f"\\[{ref}\\]")
        return "".join(marks)

    def line(sentence: DraftSentence) -> str:
        return f"{md_escape(sentence.text)} {cite(sentence)}".rstrip()

    out = [f"# {md_escape(draft.headline.text)}", ""]
    if draft.headline_from:
        out += [f"*Headline from {md_escape(draft.headline_from)}*", ""]
    place = dateline(draft)
    for i, s in enumerate(draft.lede):
        prefix = f"**{md_escape(place)}** — " if i == 0 and place else ""
        out += [prefix + line(s), ""]
    for section in draft.sections:
        if section.heading:
            out += [f"## {md_escape(section.heading)}", ""]
        for s in section.sentences:
            out += [line(s), ""]
    if draft.quotes:
        out += ["## Quotes", ""]
        for q in draft.quotes:
            who = md_escape(q.speaker) + (f", {md_escape(q.role)}" if q.role else "")
            refs = "".join(f"\\[{r}\\]" for r in refs_of(draft, q.evidence))
            out += [f"> “{md_escape(q.text)}” — {who} ({md_escape(q.source)}) {refs}", ""]
    if draft.timeline:
        out += ["## Timeline", "", "| Date | Event | Sources |", "|---|---|---|"]
        for r in draft.timeline:
            refs = "".join(f"\\[{n}\\]" for n in refs_of(draft, r.evidence))
            out.append(f"| {md_escape(r.label)} | {md_escape(r.text)} | {refs} |")
        out.append("")
    if draft.disagreements:
        out += ["## Sources disagree", ""]
        out += [f"- {line(d.sentence)}" for d in draft.disagreements]
        out.append("")
    if draft.sources:
        out += ["## Sources", ""]
        for src in draft.sources:
            title = md_escape(src.label())
            url = _source_url(src)
            link = f"[{title}]({url})" if url else title
            when = f", {date_label(src.published)}" if src.published else ""
            outlet = md_escape(src.outlet) + " — " if src.outlet else ""
            reprint = f" (reprint of \\[{src.reprint_of}\\])" if src.reprint_of else ""
            opinion = f" ({OPINION_NOTE})" if src.opinion else ""
            out.append(f"{src.ref}. {outlet}{link}{when}{reprint}{opinion}")
        out.append("")
    if draft.disclaimer:
        out += [f"*{md_escape(draft.disclaimer)}*", ""]
    return "\n".join(out).rstrip() + "\n"


@lru_cache(maxsize=1)
def _env() -> Environment:
    env = Environment(
        loader=PackageLoader("newsdesk.write", "templates"),
        autoescape=select_autoescape(["html", "j2"], default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["datelabel"] = date_label
    return env


def to_html(
    draft: Draft,
    evidence_text: Mapping[str, str] | None = None,
    *,
    standalone: bool = True,
) -> str:
    """The story as an HTML article (a whole page when ``standalone``)."""
    texts = evidence_text or {}
    by_ref = {s.ref: s for s in draft.sources}

    def cites(evidence: list[str]) -> list[dict[str, object]]:
        out = []
        for ref in refs_of(draft, evidence):
            said = [
                texts[e] for e in evidence if e in texts and _article(e) == by_ref[ref].article_id
            ]
            out.append(
                {
                    "ref": ref,
                    "url": _source_url(by_ref[ref]),
                    "said": " … ".join(said),
                    "outlet": by_ref[ref].outlet,
                }
            )
        return out

    reprints: dict[int, list[SourceItem]] = {}
    for s in draft.sources:
        if s.reprint_of is not None and s.reprint_of in by_ref:
            reprints.setdefault(s.reprint_of, []).append(s)

    return (
        _env()
        .get_template("story.html.j2")
        .render(
            d=draft,
            dateline=dateline(draft),
            cites=cites,
            standalone=standalone,
            source_url=_source_url,
            reprints=reprints,
            originals=set(reprints),
            opinion_note=OPINION_NOTE,
        )
    )


def _article(evidence_id: str) -> str:
    return evidence_id.rpartition(":")[0]
