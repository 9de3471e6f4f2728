"""The card of a story version: what the front page, search, feeds and API lists show
without loading the whole version (headline, dateline, lede, outlets, topics)."""

from __future__ import annotations

from typing import Any

from newsdesk.analyze.facts import FactSheet
from newsdesk.write.draft import Draft

TOPIC_LABELS = {"GPE", "LOC", "ORG", "PERSON", "NORP", "EVENT", "FAC"}
MAX_TOPICS = 4


def topics(sheet: FactSheet) -> list[str]:
    """What the story is about: the named entities most sources mention (one source's
    passing mention is no topic)."""
    need = 2 if sheet.independent_count() > 1 else 1
    ranked = sorted(
        (e for e in sheet.entities if e.label in TOPIC_LABELS and len(set(e.refs)) >= need),
        key=lambda e: (-len(set(e.refs)), -e.mentions, e.name),
    )
    out: list[str] = []
    for e in ranked:
        if not any(e.name.lower() in t.lower() or t.lower() in e.name.lower() for t in out):
            out.append(e.name)
        if len(out) == MAX_TOPICS:
            break
    return out


def card(sheet: FactSheet, draft: Draft) -> dict[str, Any]:
    """The card for a version, from its fact sheet and its (verified) draft in one style."""
    groups: dict[str, str] = {}
    for s in sheet.sources:
        groups.setdefault(s.group, s.outlet or s.title or s.article_id)
    return {
        "headline": draft.headline.text,
        "headline_from": draft.headline_from,
        "dateline_place": draft.dateline_place,
        "dateline_date": draft.dateline_date,
        "lede": " ".join(s.text for s in draft.lede),
        "outlets": sorted(set(groups.values())),
        "independent_sources": sheet.independent_count(),
        "sources": len(sheet.sources),
        "topics": topics(sheet),
    }
