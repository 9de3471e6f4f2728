"""The verifier: decides what of a draft is published, whatever writer made it.

Every sentence a reader sees (headline, lede, sections, quotes, timeline rows,
"sources disagree" notes) goes through the checks of this package, and so does
every section's subheading (as a label: lint, quotes and grounding, never
support; one that fails gives way to the plain heading of its kind):

1. ``support`` (support.py): the sentence aligns with the evidence it cites;
2. ``quote_verbatim`` / ``quote_speaker`` (quotes.py);
3. ``names`` / ``numbers`` / ``years`` / ``roles`` / ``places`` / ``links`` (grounding.py);
4. lint (lint.py), ``citation``: it cites evidence the fact sheet holds, and ``opinion``: no
   writer's opinion in the story's own voice ("hopefully both of them learn a lesson";
   :func:`newsdesk.analyze.extract.opinion`), which a column would lend it;
5. story-wide consistency of dateline and timeline (consistency.py).

A sentence that fails is repaired if it can be without trusting the writer:
when other evidence of the story supports it, its citations are corrected
(``recited``); otherwise the source sentence it leans on most replaces it
(``replaced``, that sentence being a source's own words); otherwise it is
``dropped``. The report (report.py) keeps every check and verdict.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Sequence
from dataclasses import dataclass

from newsdesk.analyze import extract
from newsdesk.analyze.extract import INSTRUCTION
from newsdesk.analyze.facts import Evidence, FactSheet
from newsdesk.verify.consistency import check_consistency
from newsdesk.verify.grounding import check_grounding, check_heading, fitting_titles
from newsdesk.verify.lint import lint
from newsdesk.verify.quotes import check_quotes, verbatim
from newsdesk.verify.report import Check, Report, SentenceReport
from newsdesk.verify.support import EvidenceIndex, SupportModel, align, default_model
from newsdesk.write.draft import SECTION_HEADINGS, Draft, DraftSentence, QuoteItem, Section

_SOURCE_REF = re.compile(r"\bsources? \d+\b")
# Lint failures a source's own sentence cannot repair: the text is not news at all.
_UNREPAIRABLE = {"meta_text", "self_correction", "placeholder", "instruction"}
# Failures another evidence sentence may cure (the sentence is sound; its citation is not).
_GROUNDED = {"support", "names", "numbers", "days", "years", "roles", "places", "links", "citation"}


@dataclass(slots=True)
class _Outcome:
    report: SentenceReport
    sentence: DraftSentence | None  # what is published in its place (None: dropped)


class Verifier:
    """Checks drafts against one fact sheet (build once per story, verify every style)."""

    def __init__(self, sheet: FactSheet, model: SupportModel | None = None) -> None:
        self.sheet = sheet
        self.model = model or default_model()
        self.evidence = sheet.evidence_by_id()
        self.speakers: dict[str, set[str]] = {}
        self.resolved: dict[str, list[str]] = {}
        for q in sheet.quotes:
            if q.speaker:
                self.speakers.setdefault(q.evidence, set()).add(q.speaker)
            if q.resolved_from:
                self.resolved.setdefault(q.evidence, []).append(q.resolved_from)
        self.roles = [(r.role, r.name) for r in sheet.roles]
        # Sentences planted for language models ("ignore previous instructions…") support
        # nothing: what they ask for is not what a source reports.
        self.planted = {e.id for e in sheet.evidence if INSTRUCTION.search(e.text)}
        self._story_index: EvidenceIndex | None = None
        self._story_ids: list[str] = []
        # How the story names its sources ("bbc.co.uk", "source 8") comes from the store, not
        # from any article: a sentence naming them ("Sources differ …: bbc.co.uk says …") is
        # checked for its names, numbers and links without them.
        names = sorted({src.name for src in sheet.sources if src.name}, key=len, reverse=True)
        self._source_names = (
            re.compile(r"(?<![\w.-])(?:" + "|".join(map(re.escape, names)) + r")(?![\w/-])", re.I)
            if names
            else None
        )

    # -- helpers -----------------------------------------------------------------------------

    def _cited(self, ids: Sequence[str]) -> list[Evidence]:
        return [self.evidence[i] for i in ids if i in self.evidence and i not in self.planted]

    def _context(self, cited: list[Evidence]) -> list[str]:
        """The cited texts plus the sentences that resolve their speakers."""
        texts = [e.text for e in cited]
        for e in cited:
            texts += [
                self.evidence[r].text for r in self.resolved.get(e.id, []) if r in self.evidence
            ]
        return texts

    def _story(self) -> EvidenceIndex:
        if self._story_index is None:
            by_ref: dict[int, list[Evidence]] = {}
            for e in self.sheet.evidence:
                if e.id not in self.planted:
                    by_ref.setdefault(e.ref, []).append(e)
            groups = [sorted(v, key=lambda e: e.index) for _, v in sorted(by_ref.items())]
            self._story_ids = [e.id for g in groups for e in g]
            self._story_index = EvidenceIndex([[e.text for e in g] for g in groups])
        return self._story_index

    def _checks(self, text: str, ids: Sequence[str], support: bool = True) -> list[Check]:
        cited = self._cited(ids)
        unknown = [i for i in ids if i not in self.evidence]
        planted = [i for i in ids if i in self.planted]
        checks = [
            Check(
                "citation",
                bool(ids) and not unknown and not planted,
                detail=(f"cites evidence the sources do not hold: {unknown}" if unknown else "")
                + (f"cites instructions planted in a source: {planted}" if planted else ""),
            )
        ]
        checks += [Check(f.kind, False, detail=f.detail) for f in lint(text, cited=bool(ids))]
        if extract.opinion(text):  # neutral voice: an opinion is told only as someone's
            checks.append(Check("opinion", False, detail="a writer's opinion in the story's voice"))
        if not cited:
            return checks
        context = self._context(cited)
        if support:
            index = EvidenceIndex([[e.text] for e in cited])
            found = align(text, index, self.model)
            checks.append(
                Check(
                    "support",
                    found.probability >= self.model.threshold,
                    round(found.probability, 4),
                    "" if not found.novel else "not in the evidence: " + ", ".join(found.novel[:8]),
                )
            )
        speakers = [s for e in cited for s in self.speakers.get(e.id, ())]
        checks += check_quotes(text, context, speakers)
        dates = [d for e in cited for d in e.dates]
        named = self._source_names.sub("the source", text) if self._source_names else text
        checks += check_grounding(named, context, dates=dates, roles=self.roles)
        return checks

    def _passes(self, text: str, ids: Sequence[str]) -> bool:
        return all(c.passed for c in self._checks(text, ids))

    def _recite(self, text: str) -> list[str] | None:
        """Evidence elsewhere in the story that supports the sentence, if any."""
        index = self._story()
        found = align(text, index, self.model)
        if found.best is None or found.probability < self.model.threshold:
            return None
        ids = [self._story_ids[found.best]]
        nxt = found.best + 1
        if nxt < len(index) and index.article[nxt] == index.article[found.best]:
            ids.append(self._story_ids[nxt])
        # the fewest sentences that carry it: either of the window's alone, then both
        for cand in ([ids[0]], ids[1:], ids):
            if cand and self._passes(text, cand):
                return cand
        return None

    def _replacement(self, text: str, ids: Sequence[str], used: set[str]) -> Evidence | None:
        """The cited source sentence the failed sentence leans on most, if it is publishable."""
        cited = [e for e in self._cited(ids) if e.usable and e.id not in used]
        if not cited:
            return None
        index = EvidenceIndex([[e.text] for e in cited])
        best = align(text, index, self.model).best
        order = ([cited[best]] if best is not None else []) + cited
        for e in order:
            if self._passes(e.text, [e.id]):
                return e
        return None

    def _sentence(
        self, part: str, s: DraftSentence, used: set[str], repair: bool = True
    ) -> _Outcome:
        if part == "disagreement":  # a template around the sources' values: check the values
            checks = self._checks(_SOURCE_REF.sub("", s.text), s.evidence, support=False)
        else:
            checks = self._checks(s.text, s.evidence)
        report = SentenceReport(part, s.text, list(s.evidence), checks)
        failed = set(report.failed)
        if not failed:
            return _Outcome(report, s)
        if repair and not failed & _UNREPAIRABLE:
            lint_clean = not any(c.name not in _GROUNDED for c in checks if not c.passed)
            if lint_clean and (ids := self._recite(s.text)) is not None:
                report.verdict, report.new_evidence = "recited", ids
                return _Outcome(report, DraftSentence(s.text, ids, s.edit))
            if (e := self._replacement(s.text, s.evidence, used)) is not None:
                report.verdict, report.replacement, report.new_evidence = "replaced", e.text, [e.id]
                return _Outcome(report, DraftSentence(e.text, [e.id], "verifier: source sentence"))
        report.verdict = "dropped"
        return _Outcome(report, None)

    # -- the draft ---------------------------------------------------------------------------

    def verify(self, draft: Draft) -> tuple[Draft, Report]:
        out = copy.deepcopy(draft)
        report = Report(story=draft.story, style=draft.style, writer=draft.writer)
        used = {i for s in draft.body() for i in s.evidence}

        out.headline = self._headline(out, report, used)
        lede = []
        for s in out.lede:
            o = self._sentence("lede", s, used)
            report.sentences.append(o.report)
            if o.sentence is not None:
                lede.append(o.sentence)
        sections = []
        for sec in out.sections:
            kept = []
            for s in sec.sentences:
                o = self._sentence(f"section:{sec.heading}", s, used)
                report.sentences.append(o.report)
                if o.sentence is not None:
                    kept.append(o.sentence)
            if kept:
                sections.append(Section(self._heading(sec, kept, report), sec.kind, kept))
        out.lede, out.sections = lede, sections
        out.quotes = [q for q in out.quotes if self._quote(q, report)]
        timeline = []
        for row in out.timeline:
            o = self._sentence(
                "timeline", DraftSentence(row.text, row.evidence), used, repair=False
            )
            report.sentences.append(o.report)
            if o.sentence is not None:
                timeline.append(row)
        out.timeline = timeline
        notes = []
        for d in out.disagreements:
            o = self._sentence("disagreement", d.sentence, used, repair=False)
            report.sentences.append(o.report)
            if o.sentence is not None:
                notes.append(d)
        out.disagreements = notes

        checks, fixes = check_consistency(out, self.sheet)
        report.story_checks, report.fixes = checks, fixes
        if not out.lede:
            main = next((sec for sec in out.sections if sec.kind == "main"), None)
            if main is not None:
                out.lede = [main.sentences.pop(0)]
                out.sections = [sec for sec in out.sections if sec.sentences]
                report.fixes.append("lede failed verification: the next sentence leads")
        report.publishable = bool(out.lede) and bool(out.headline.text)
        return out, report

    def _headline(self, draft: Draft, report: Report, used: set[str]) -> DraftSentence:
        """A written headline is checked as a sentence. A report's own headline must be
        that outlet's, word for word, and tell the lede's event: the lede's report's own,
        or one whose names, numbers and places the lede's report gives
        (:func:`grounding.fitting_titles`). One that fails gives way to the newest report
        headline that passes; when none does, to the lede's sentence."""
        h = draft.headline
        titles = {(s.title, s.name) for s in self.sheet.sources if s.title}
        lede = self._cited([i for s in draft.lede[:1] for i in s.evidence])
        fitting = fitting_titles(self.sheet, lede[0].ref) if lede else None
        if draft.headline_from is not None:
            real = (h.text, draft.headline_from) in titles
            fits = fitting is None or any(
                (s.title, s.name) == (h.text, draft.headline_from) for s in fitting
            )
            report.sentences.append(
                SentenceReport(
                    "headline",
                    h.text,
                    list(h.evidence),
                    [
                        Check(
                            "source_headline",
                            real,
                            detail="" if real else f"not a headline of {draft.headline_from}",
                        ),
                        Check(
                            "headline_event",
                            fits,
                            detail=""
                            if fits
                            else "names, numbers or places the lede's report does not give",
                        ),
                    ],
                )
            )
            if real and fits:
                return h
        else:
            o = self._sentence("headline", h, used, repair=False)
            report.sentences.append(o.report)
            if o.sentence is not None:
                return h
        report.sentences[-1].verdict = "replaced"
        if fitting == [] and self._passes(draft.lede[0].text, draft.lede[0].evidence):
            # No report's headline tells the lede's event: the lede itself heads the story.
            opening = draft.lede[0]
            report.sentences[-1].replacement = opening.text
            draft.headline_from = None
            return DraftSentence(
                opening.text.rstrip(" ."), list(opening.evidence), "verifier: lede"
            )
        newest = sorted(
            fitting or (s for s in self.sheet.sources if s.title),
            key=lambda s: (
                extract.headline_like(s.title),
                s.published is not None,
                s.published or 0,
                -s.ref,
            ),
        )
        if newest:
            src = newest[-1]
            first = next((e.id for e in self.sheet.evidence if e.ref == src.ref), None)
            report.sentences[-1].replacement = src.title
            draft.headline_from = src.name
            return DraftSentence(src.title, [first] if first else [], "source headline")
        report.sentences[-1].verdict = "dropped"
        draft.headline_from = None
        return DraftSentence("", [])

    def _heading(self, sec: Section, kept: list[DraftSentence], report: Report) -> str:
        """A section's subheading states no name, number, date, role, place or quotation its
        sentences' evidence lacks; one that does gives way to the plain heading of its kind."""
        plain = SECTION_HEADINGS.get(sec.kind, "")
        if not sec.heading or sec.heading == plain:
            return sec.heading
        ids = list(dict.fromkeys(i for s in kept for i in s.evidence))
        cited = self._cited(ids)
        context = self._context(cited)
        checks = [Check(f.kind, False, detail=f.detail) for f in lint(sec.heading, bool(cited))]
        speakers = [s for e in cited for s in self.speakers.get(e.id, ())]
        checks += check_quotes(sec.heading, context, speakers)
        checks += check_heading(
            sec.heading, context, dates=[d for e in cited for d in e.dates], roles=self.roles
        )
        entry = SentenceReport("heading", sec.heading, ids, checks)
        report.sentences.append(entry)
        if not entry.failed:
            return sec.heading
        entry.verdict, entry.replacement = "replaced", plain
        return plain

    def _quote(self, q: QuoteItem, report: Report) -> bool:
        cited = self._cited(q.evidence)
        context = self._context(cited)
        speakers = {s.lower() for e in cited for s in self.speakers.get(e.id, ())}
        near = " ".join(context).lower()
        speaker = q.speaker.lower()

        def in_article() -> bool:  # the article's other sentences, read only when needed
            ref = cited[0].ref
            return any(speaker in e.text.lower() for e in self.sheet.evidence if e.ref == ref)

        # the source may name the speaker in full one sentence and by surname at the quote
        said = bool(cited and speaker) and (
            speaker in speakers or speaker in near or (speaker.split()[-1] in near and in_article())
        )
        checks = [
            Check("citation", bool(cited) and len(cited) == len(q.evidence)),
            Check("quote_verbatim", bool(cited) and verbatim(q.text, context), detail=q.text[:80]),
            Check("quote_speaker", said, detail=q.speaker),
        ]
        entry = SentenceReport("quote", q.text, list(q.evidence), checks)
        entry.verdict = "kept" if all(c.passed for c in checks) else "dropped"
        report.sentences.append(entry)
        return entry.verdict == "kept"


def verify(
    draft: Draft, sheet: FactSheet, model: SupportModel | None = None
) -> tuple[Draft, Report]:
    return Verifier(sheet, model).verify(draft)
