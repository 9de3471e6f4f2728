"""Consistency: the dateline, the timeline and the sources' times agree.

- The dateline's date is the latest day a report was filed on, on its
  reporter's clock (a story is dated by its latest source, never by the
  writer's clock or a guess).
- The dateline's place is one a wire dateline of a source gives.
- Every timeline row's date is one its evidence states (resolved against the
  article's publication time), rows run in date order, and no row lies after
  the newest report unless its source speaks of what is planned.

Each failure is repaired (date reset, place removed, row dropped, rows sorted)
and named in the report, so what is published is consistent either way.
"""

from __future__ import annotations

from newsdesk.analyze.facts import FactSheet
from newsdesk.verify.report import Check
from newsdesk.write.draft import Draft


def check_consistency(draft: Draft, sheet: FactSheet) -> tuple[list[Check], list[str]]:
    """Checks and the repairs made to ``draft`` (in place)."""
    checks: list[Check] = []
    fixes: list[str] = []
    newest = sheet.as_of()  # the reporters' latest day, as the writer dates its dateline
    if draft.dateline_date is not None or newest is not None:
        ok = draft.dateline_date == newest
        checks.append(Check("dateline_date", ok, detail="" if ok else f"{draft.dateline_date} "
                            f"is not the newest report's date {newest}"))  # fmt: skip
        if not ok:
            fixes.append(f"dateline date {draft.dateline_date} -> {newest}")
            draft.dateline_date = newest
    if draft.dateline_place is not None:
        places = {p.lower() for p in sheet.datelines.values()}
        ok = draft.dateline_place.lower() in places
        checks.append(Check("dateline_place", ok, detail="" if ok else
                            f"no source datelines {draft.dateline_place!r}"))  # fmt: skip
        if not ok:
            fixes.append(f"dateline place {draft.dateline_place!r} removed")
            draft.dateline_place = None

    evidence = sheet.evidence_by_id()
    stated: dict[str, set[str]] = {}
    for e in sheet.evidence:
        stated.setdefault(e.id, set()).update(e.dates)
    for ev in sheet.events:
        stated.setdefault(ev.evidence, set()).add(ev.date)
    kept = []
    for row in draft.timeline:
        dates = (
            set().union(*(stated.get(i, set()) for i in row.evidence)) if row.evidence else set()
        )
        future = any(evidence[i].future for i in row.evidence if i in evidence)
        problem = None
        if row.date not in dates:
            given = ", ".join(sorted(dates)) or "none"
            problem = f"{row.date} is not a date its evidence states ({given})"
        elif newest and row.date[:1].isdigit() and row.date > newest and not future:
            problem = f"{row.date} is after the newest report ({newest})"
        checks.append(Check("timeline_date", problem is None, detail=problem or row.date))
        if problem:
            fixes.append(f"timeline row dropped: {problem}")
        else:
            kept.append(row)
    in_order = sorted(kept, key=lambda r: r.date.lstrip("-"))
    if [r.date for r in in_order] != [r.date for r in kept]:
        checks.append(Check("timeline_order", False, detail="rows were not in date order"))
        fixes.append("timeline sorted by date")
    draft.timeline = in_order
    return checks, fixes
