"""The analyze stage: a story's articles in, its fact sheet out.

Sources are numbered by publication time (the citation numbers [n] of the
story). Each sentence becomes evidence with a stable id; the usable ones are
parsed once with spaCy (named entities and part-of-speech tags) and compared
with TF-IDF: how central each is to the story (every independent source
weighs the same in the centroid, so one long article does not drown the
rest) and which other independent sources say the same (corroboration;
reprints count once). Quotes, roles, numbers and dated events are read per
sentence; conflicts are found across independent sources.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime, timedelta
from itertools import combinations
from typing import Any

import numpy as np

from newsdesk.analyze import extract
from newsdesk.analyze.dates import ResolvedDate, label, names_a_day, resolve
from newsdesk.analyze.facts import (
    Claim,
    Conflict,
    DatedEvent,
    Entity,
    Evidence,
    FactSheet,
    NumberFact,
    Quote,
    RoleName,
    Source,
    SourceDoc,
)
from newsdesk.models import evidence_id
from newsdesk.nlp import parse
from newsdesk.text import split_sentences

MAX_SENTENCES = 80  # per article: the rest of a long piece is rarely news
SUPPORT_COSINE = 0.45  # two sentences this close say the same thing
SAME_THING_COSINE = 0.3  # two numbers in sentences this close count the same thing
DATE_TOLERANCE_DAYS = 3  # accounts dating the event further apart than this disagree
DATELINE_TOLERANCE_DAYS = 14  # ... or this far, when one of the dates is a report's own
# A report's own date is set against another's own date or the date its opening sentences
# give its news; not against a date told further down ("the body was found on April 9").
DATELINE_AGAINST = 2
_ENTITY_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "LAW", "PRODUCT"}
_NAME_KEY = re.compile(r"[^\w]+")


def _aware(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _order(docs: Sequence[SourceDoc]) -> list[SourceDoc]:
    """By publication time, undated last, input order breaking ties."""
    far = datetime.max.replace(tzinfo=UTC)
    ranked = sorted(enumerate(docs), key=lambda p: (_aware(p[1].published) or far, p[0]))
    return [d for _i, d in ranked]


def _lead_limits(sheet: FactSheet) -> dict[int, int]:
    """Per source, how many opening sentences tell its account of the event: the first
    half of the article, at least six."""
    counts = Counter(e.ref for e in sheet.evidence)
    return {ref: max(6, n // 2) for ref, n in counts.items()}


def analyze(docs: Sequence[SourceDoc], story: str = "", nlp: Any = None) -> FactSheet:
    """The fact sheet of one story; ``nlp`` defaults to the shared spaCy pipeline."""
    docs = _order(list(docs))
    ids = {d.article_id for d in docs}
    full = [d.text or " ".join(d.sentences or ()) for d in docs]

    def parse_one(text: str) -> Any:
        return _pipeline(nlp)(text)

    sources = [
        Source(
            ref=i,
            article_id=d.article_id,
            outlet=d.outlet,
            # no title in capitals, and none that is only a date ("APR 28")
            title=extract.recase_title(d.title, full, parse_one) if extract.titled(d.title) else "",
            url=d.url,
            published=_aware(d.published),
            group=d.reprint_of if d.reprint_of in ids else d.article_id,
            reprint_of=d.reprint_of,
            opinion=extract.opinion_piece(d.title, d.url),
        )
        for i, d in enumerate(docs, start=1)
    ]
    evidence: list[Evidence] = []
    forms = extract.word_forms(full)
    for src, doc in zip(sources, docs, strict=True):
        texts = (
            doc.sentences
            if doc.sentences is not None
            else [s.text for s in split_sentences(doc.article_id, doc.text)]
        )
        texts = [extract.recase_opener(t, forms, parse_one) for t in texts[:MAX_SENTENCES]]
        slides = extract.gallery(texts)
        quoted = extract.inside_quotations(texts)  # a speaker's words with no mark of their own
        for index, text in enumerate(texts):
            evidence.append(
                Evidence(
                    id=evidence_id(doc.article_id, index),
                    ref=src.ref,
                    index=index,
                    text=text,
                    usable=(
                        not src.opinion
                        and index not in slides
                        and index not in quoted
                        and extract.usable(text)
                        and not extract.caption(text)
                    ),
                    future=extract.future(text),
                    dangling=extract.dangling(text),
                )
            )
    sheet = FactSheet(story=story, sources=sources, evidence=evidence)
    if not evidence:
        return sheet
    parsed = _parse(nlp, [e.text for e in evidence])
    similarity = _score(sheet)
    _read_sentences(sheet, parsed, docs)
    _find_conflicts(sheet, similarity)
    return sheet


def _pipeline(nlp: Any) -> Any:
    if nlp is None:
        from newsdesk.nlp import pipeline

        return pipeline()
    return nlp


def _parse(nlp: Any, texts: list[str]) -> list[Any]:
    return list(_pipeline(nlp).pipe(texts, batch_size=64))


def _ents(doc: Any) -> list[tuple[str, str, int, int]]:
    return [(e.text, e.label_, e.start_char, e.end_char) for e in doc.ents]


class Similarity:
    """TF-IDF cosine between two usable evidence sentences, by evidence id."""

    def __init__(self, ids: list[str], matrix: Any) -> None:
        self._row = {eid: i for i, eid in enumerate(ids)}
        self._matrix = matrix  # L2-normalised rows (scipy sparse)

    def __call__(self, a: str, b: str) -> float:
        i, j = self._row.get(a), self._row.get(b)
        if i is None or j is None:
            return 0.0
        return float(self._matrix[i].multiply(self._matrix[j]).sum())


BLOCK = 256  # rows of the sentence-by-sentence cosine computed at once (bounded memory)


def _score(sheet: FactSheet) -> Similarity:
    """Centrality and corroboration of the usable sentences (TF-IDF cosines)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    rows = [e for e in sheet.evidence if e.usable]
    if not rows:
        return Similarity([], None)
    try:
        matrix = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(
            [e.text for e in rows]
        )
    except ValueError:  # nothing but stop words
        return Similarity([], None)
    groups = [sheet.source(e.ref).group for e in rows]
    order = list(dict.fromkeys(groups))
    group_ids = np.array([order.index(g) for g in groups])
    means = np.vstack(
        [np.asarray(matrix[np.nonzero(group_ids == g)[0]].mean(axis=0)) for g in range(len(order))]
    )
    central = _cosines(matrix, means.sum(axis=0))
    # against the other sources alone; a story of one source has no others: its centrality
    others = {
        g: _cosines(matrix, means.sum(axis=0) - means[g]) if len(order) > 1 else central
        for g in range(len(order))
    }
    transposed = matrix.T.tocsc()
    for start in range(0, len(rows), BLOCK):
        sims = (matrix[start : start + BLOCK] @ transposed).toarray()
        for offset, row in enumerate(sims):
            i = start + offset
            close = np.nonzero((row >= SUPPORT_COSINE) & (group_ids != group_ids[i]))[0]
            rows[i].centrality = round(float(central[i]), 4)
            rows[i].relevance = round(float(others[group_ids[i]][i]), 4)
            rows[i].support = sorted({groups[j] for j in close})
    return Similarity([e.id for e in rows], matrix.tocsr())


def _cosines(matrix: Any, vector: np.ndarray) -> np.ndarray:
    """Cosine of each (unit-length) row of ``matrix`` to ``vector``; zeros when it is zero."""
    norm = float(np.linalg.norm(vector))
    return np.asarray(matrix @ (vector / norm)).ravel() if norm else np.zeros(matrix.shape[0])


def _speaker_before(
    persons: list[list[str]], at: int, article_start: int
) -> tuple[str, int] | None:
    """The one person named in the nearest earlier sentence of the same article that names
    anyone (within three sentences), or None when that is ambiguous."""
    for k in range(at - 1, max(article_start, at - 3) - 1, -1):
        names = list(dict.fromkeys(persons[k]))
        if names:
            return (names[0], k) if len(names) == 1 else None
    return None


def _read_sentences(sheet: FactSheet, parsed: list[Any], docs: list[SourceDoc]) -> None:
    """Quotes, roles, entities, numbers, dated events and places, sentence by sentence."""
    published = {s.ref: s.published for s in sheet.sources}
    persons = [[t for t, lab, _s, _e in _ents(d) if lab == "PERSON"] for d in parsed]
    article_start: dict[int, int] = {}
    entity_refs: dict[tuple[str, str], set[int]] = defaultdict(set)
    entity_evidence: dict[tuple[str, str], list[str]] = defaultdict(list)
    entity_count: Counter[tuple[str, str]] = Counter()
    entity_name: dict[tuple[str, str], str] = {}
    places: dict[int, list[str]] = defaultdict(list)
    lead_limit = _lead_limits(sheet)
    for k, (ev, doc) in enumerate(zip(sheet.evidence, parsed, strict=True)):
        article_start.setdefault(ev.ref, k)
        ents = _ents(doc)
        if ev.index == 0:
            place = extract.dateline(ev.text)
            if place:
                sheet.datelines[ev.ref] = place
        if ev.index < lead_limit[ev.ref]:
            for p in extract.fine_places(ev.text, ents):
                if str(p) not in places[ev.ref]:
                    places[ev.ref].append(str(p))
        for text, lab, _s, _e in ents:
            if lab in _ENTITY_LABELS:
                key = (_NAME_KEY.sub(" ", text.lower()).strip().removeprefix("the "), lab)
                if not key[0]:
                    continue
                entity_name.setdefault(key, text.removeprefix("the ").removeprefix("The "))
                entity_count[key] += 1
                entity_refs[key].add(ev.ref)
                if len(entity_evidence[key]) < 5:
                    entity_evidence[key].append(ev.id)
        for role, name in extract.roles(ev.text, ents):
            sheet.roles.append(RoleName(role, name, ev.id, ev.ref))
        found = extract.quotes(ev.text, ents)
        for q in found:
            speaker, resolved_from = q.speaker, None
            if speaker is None and q.pronoun:
                before = _speaker_before(persons, k, article_start[ev.ref])
                if before is not None:
                    speaker, resolved_from = before[0], sheet.evidence[before[1]].id
            sheet.quotes.append(Quote(q.text, speaker, q.role, ev.id, ev.ref, True, resolved_from))
        ev.quote = bool(found)
        if not found and ev.usable and re.search(r"\b(said|says|told|according to)\b", ev.text):
            speaker = next((t for t, lab, _s, _e in ents if lab in ("PERSON", "ORG")), None)
            if speaker:
                sheet.quotes.append(Quote(ev.text, speaker, None, ev.id, ev.ref, False))
        group = sheet.source(ev.ref).group
        for n in extract.numbers(doc):
            sheet.numbers.append(
                NumberFact(n.value, n.text, n.counts, n.exact, ev.id, ev.ref, group)
            )
        for text, lab, _s, _e in ents:
            if lab != "DATE" and not (lab == "TIME" and names_a_day(text)):
                continue  # a time dates something only when it names the day: "tonight"
            when = resolve(text, published[ev.ref], ahead=ev.future)
            if when is None:
                continue
            ev.dates.append(when.iso)
            sheet.events.append(
                DatedEvent(when.iso, when.precision, label(when), text, ev.id, ev.ref, ev.text)
            )
    sheet.places = dict(places)
    sheet.entities = sorted(
        (
            Entity(
                entity_name[key],
                key[1],
                entity_count[key],
                sorted(entity_refs[key]),
                entity_evidence[key],
            )
            for key in entity_count
        ),
        key=lambda e: (-len(e.refs), -e.mentions, e.name),
    )


def _event_dates(sheet: FactSheet) -> dict[int, list[tuple[ResolvedDate, str]]]:
    """Day-precision dates each source gives in the first half of its account, with the
    sentence that gives each."""
    out: dict[int, list[tuple[ResolvedDate, str]]] = defaultdict(list)
    limit = _lead_limits(sheet)
    by_id = sheet.evidence_by_id()
    for event in sheet.events:
        ev = by_id[event.evidence]
        if event.precision != "day" or ev.index >= limit[ev.ref] or ev.future:
            continue
        out[ev.ref].append((_from_iso(event.date), ev.id))
    return out


def _background_day(sheet: FactSheet) -> Callable[[ResolvedDate], bool]:
    """Whether a date lies weeks before the first report (when the reports carry times):
    background to the news, not a day of it."""
    filed = [s.published.date() for s in sheet.sources if s.published is not None]
    since = min(filed) - timedelta(days=DATELINE_TOLERANCE_DAYS) if filed else None

    def before(when: ResolvedDate) -> bool:
        day = when.as_date()
        return since is not None and day is not None and day < since

    return before


def _from_iso(iso: str) -> ResolvedDate:
    if iso.startswith("--"):
        return ResolvedDate(None, int(iso[2:4]), int(iso[5:7]), "day")
    y, m, d = (int(x) for x in iso.split("-"))
    return ResolvedDate(y, m, d, "day")


def _find_conflicts(sheet: FactSheet, similarity: Similarity) -> None:
    """Numbers, places and dates on which independent sources disagree."""
    # Numbers: the same thing counted differently, in sentences about the same matter.
    by_counts: dict[str, list[NumberFact]] = defaultdict(list)
    for n in sheet.numbers:
        if n.exact and n.counts != "money":
            by_counts[n.counts].append(n)
    role = _NumberRoles(sheet)
    for counts, facts in sorted(by_counts.items()):
        clash = [
            (a, b)
            for a, b in combinations(facts, 2)
            if a.group != b.group
            and a.value != b.value
            and similarity(a.evidence, b.evidence) >= SAME_THING_COSINE
            and role.same(a, b)
        ]
        if not clash:
            continue
        involved = {id(x): x for pair in clash for x in pair}.values()
        claims: dict[str, Claim] = {}
        for n in sorted(involved, key=lambda x: (x.value, x.ref)):
            value = n.text if n.text[:1].isdigit() else f"{n.text} ({n.value:g})"
            claim = claims.setdefault(f"{n.value:g}", Claim(value, [], []))
            if n.ref not in claim.refs:
                claim.refs.append(n.ref)
            claim.evidence.append(n.evidence)
        sheet.conflicts.append(Conflict("number", counts, list(claims.values())))

    # Where and when: accounts whose specific places, or whose dates for the event, cannot
    # both hold. Reprints of one story never disagree with each other.
    places = {ref: [extract.parse_place(p) for p in ps] for ref, ps in sheet.places.items()}
    dates = _event_dates(sheet)
    background = _background_day(sheet)
    # a report's own date: a short line that is no sentence ("Updated: Sep 27, 2013 5:50 PM")
    # (a heading in title case is no date line: "Interior and Commerce Secretaries Must Act by
    # May 9")
    datelines = {
        e.id
        for e in sheet.evidence
        if not e.usable and len(e.text.split()) <= 12 and not extract.heading(e.text)
    }
    by_ref = {s.ref: s for s in sheet.sources}
    by_id = sheet.evidence_by_id()
    place_clash: set[tuple[int, int]] = set()
    date_clash: set[tuple[int, int]] = set()
    clashing: dict[int, dict[str, list[str]]] = defaultdict(dict)  # ref -> date label -> ids
    for a, b in combinations(sorted(by_ref), 2):
        if by_ref[a].group == by_ref[b].group:
            continue
        if _places_clash(places.get(a, []), places.get(b, [])):
            place_clash.add((a, b))
        # Dates count against each other only in sentences about the same matter, as
        # numbers do ("the crimes he committed on March 11, 2005" and "the Sept. 11, 2001
        # conspirator" are no disagreement about when the event happened), or when one is
        # a dateline or a line that is only a date: the report's own date. A day of the news
        # is never set against a date weeks before the reports: "Cheeks, who was fired March
        # 2 …" in a report of his hiring tells an earlier event, not another day for this one
        # (two dates of one earlier event, both weeks back, may still disagree).
        same = [
            (x, y)
            for x in dates.get(a, [])
            for y in dates.get(b, [])
            if background(x[0]) == background(y[0])
            and (
                all(i in datelines or by_id[i].index < DATELINE_AGAINST for i in (x[1], y[1]))
                if x[1] in datelines or y[1] in datelines
                else similarity(x[1], y[1]) >= SAME_THING_COSINE
            )
        ]
        # A report's own date may follow the event by days, and two reports of one event
        # may be filed a week apart: against a dateline only weeks apart is a clash.
        gaps = [(x[0].days_from(y[0]), x[1] in datelines or y[1] in datelines) for x, y in same]
        known = [
            g - (DATELINE_TOLERANCE_DAYS if dated else DATE_TOLERANCE_DAYS)
            for g, dated in gaps
            if g is not None
        ]
        if known and min(known) > 0:
            date_clash.add((a, b))
            for x, y in same:
                for ref, (when, evidence) in ((a, x), (b, y)):
                    clashing[ref].setdefault(label(when), []).append(evidence)
    sheet.incompatible = sorted(place_clash | date_clash)
    if place_clash:
        refs = sorted({r for pair in place_clash for r in pair})
        sheet.conflicts.append(
            Conflict(
                "place",
                "where it happened",
                _by_place(sheet, refs, places),
            )
        )
    if date_clash:
        refs = sorted({r for pair in date_clash for r in pair})
        sheet.conflicts.append(
            Conflict(
                "date",
                "when it happened",
                _by_value(
                    Claim(
                        ", ".join(clashing[r]),
                        [r],
                        list(dict.fromkeys(e for ids in clashing[r].values() for e in ids))[:3],
                    )
                    for r in refs
                ),
            )
        )


def _by_place(
    sheet: FactSheet, refs: list[int], places: dict[int, list[extract.Place]]
) -> list[Claim]:
    """One claim per place, with every source that names it in any spelling ("SAP Arena",
    "SAP-Arena"): a source joins the first claim one of whose places fits one of its own."""
    out: list[tuple[list[extract.Place], Claim]] = []
    for r in refs:
        mine = places.get(r, [])
        evidence = _mentioning(sheet, r, sheet.places[r])
        group = next((c for ps, c in out if any(x.compatible(y) for x in ps for y in mine)), None)
        if group is None:
            out.append((list(mine), Claim(", ".join(sheet.places[r]), [r], evidence)))
        else:
            group.refs.append(r)
            group.evidence.extend(evidence)
    return [c for _ps, c in out]


def _by_value(claims: Iterable[Claim]) -> list[Claim]:
    """One claim per value, with every source that gives it: "a and b say Sept. 26", not
    "a says Sept. 26; b says Sept. 26"."""
    out: dict[str, Claim] = {}
    for c in claims:
        if c.value in out:
            out[c.value].refs.extend(c.refs)
            out[c.value].evidence.extend(c.evidence)
        else:
            out[c.value] = Claim(c.value, list(c.refs), list(c.evidence))
    return list(out.values())


class _NumberRoles:
    """Whether two counts of one kind are counts of the same thing.

    Counts of one noun in similar sentences are often of different things: a box score
    ("Miller 15.5 points, Iguodala 14.9 points"), a part and its whole ("28 of his 68
    punches"), last year's cases beside this year's. Two counts clash only when neither
    sentence lists several values of that noun and both are the count of what the same
    verb does to, or with, the same subject: "the tsunami killed 170,000 people" and
    "a tsunami that killed 230,000 people". The few sentences this asks about are parsed
    on demand.
    """

    def __init__(self, sheet: FactSheet) -> None:
        self._evidence = sheet.evidence_by_id()
        values: dict[tuple[str, str], set[float]] = defaultdict(set)
        for n in sheet.numbers:
            values[(n.evidence, n.counts)].add(n.value)
        self._listing = {key for key, found in values.items() if len(found) > 1}
        self._roles: dict[tuple[str, str], extract.NumberRole | None] = {}

    def _role(self, n: NumberFact) -> extract.NumberRole | None:
        key = (n.evidence, n.text)
        if key not in self._roles:
            self._roles[key] = extract.number_role(parse(self._evidence[n.evidence].text), n.text)
        return self._roles[key]

    def same(self, a: NumberFact, b: NumberFact) -> bool:
        if (a.evidence, a.counts) in self._listing or (b.evidence, b.counts) in self._listing:
            return False
        ra = self._role(a)
        return ra is not None and ra == self._role(b)


def _places_clash(pa: list[extract.Place], pb: list[extract.Place]) -> bool:
    """Two accounts put the event in different places.

    Regions named with a compass direction ("east Baghdad", "western Anbar") clash only when
    nothing either account names fits the other's: a district, a camp or a building named by
    one source may well lie inside the other's region (Jabaliya is in northern Gaza), and a
    "facility" is too often a mistagged league, title or team ("the Eastern Conference",
    "WBO") to stand against anything. Named venues clash with each other: one fight is
    fought at one ("SAP Arena" in Mannheim, 2008, against "Stade de Suisse" in Bern, 2012).
    """
    va, vb = [x for x in pa if x.venue()], [y for y in pb if y.venue()]
    if va and vb and not any(x.compatible(y) for x in va for y in vb):
        return True
    if not any(x.direction for x in pa) or not any(y.direction for y in pb):
        return False
    return not any(x.compatible(y) for x in pa for y in pb)


def _mentioning(sheet: FactSheet, ref: int, names: list[str]) -> list[str]:
    out = []
    for e in sheet.evidence:
        if e.ref == ref and any(n in e.text for n in names):
            out.append(e.id)
    return out[:3]
