"""The extractive writer, rendering, `summarize` and the store's write stage."""

from __future__ import annotations

import gzip
import itertools
import json
import re
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from newsdesk.analyze import extract
from newsdesk.analyze.facts import FactSheet, SourceDoc
from newsdesk.analyze.sheet import analyze
from newsdesk.cli import demo_corpus
from newsdesk.ingest.pipeline import Ingestor
from newsdesk.settings import Settings
from newsdesk.store import Store
from newsdesk.write import days, extractive
from newsdesk.write.compose import write_stories, write_verified
from newsdesk.write.draft import STYLES, Draft
from newsdesk.write.extractive import ExtractiveWriter
from newsdesk.write.render import to_html, to_markdown
from tests.conftest import make_settings
from tests.helpers import demo_docs, demo_event, run_cli

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
BAD_OUTPUT = re.compile(
    r",\s*,|According to\s*,|\bas an AI\b|this (story|article) (synthesi[sz]es|was written)|"
    r"\bprompt\b|\bI apologi[sz]e\b",
    re.IGNORECASE,
)


@pytest.fixture(scope="module")
def sheet() -> FactSheet:
    return analyze(demo_event("1_ecb"), story="tara-reid")


def _check_grounded(draft: Draft, sheet: FactSheet) -> None:
    """Every body sentence is a source sentence, word for word (save a named light edit)."""
    evidence = sheet.evidence_by_id()
    for s in draft.body():
        assert s.evidence, s
        source = " ".join(evidence[e].text for e in s.evidence)
        if s.edit is None:
            assert s.text == source
        else:
            assert s.edit in ("connective", "dateline", "comment")
            assert s.text[1:] in source, (s.text, source)


@pytest.mark.parametrize("style", STYLES)
def test_every_sentence_cites_real_evidence_and_restates_it(sheet: FactSheet, style: str) -> None:
    draft = ExtractiveWriter().write(sheet, style)
    ids = {e.id for e in sheet.evidence}
    assert draft.lede
    for s in draft.sentences():
        assert s.evidence, s
        assert set(s.evidence) <= ids, s
    _check_grounded(draft, sheet)
    assert not BAD_OUTPUT.search(draft.text())
    assert draft.headline.text
    assert draft.independent_sources >= 2


def test_styles_grow_from_brief_to_in_depth(sheet: FactSheet) -> None:
    words = {s: ExtractiveWriter().write(sheet, s).words() for s in STYLES}
    assert 100 <= words["brief"] <= 260
    assert words["brief"] < words["standard"] <= 760
    assert words["standard"] <= words["in-depth"]
    assert ExtractiveWriter().write(sheet, "standard").sections[0].heading


def test_dangling_sentences_follow_their_antecedent(sheet: FactSheet) -> None:
    draft = ExtractiveWriter().write(sheet, "in-depth")
    by_id = sheet.evidence_by_id()
    body = draft.body()
    from newsdesk.analyze.extract import dangling

    for i, s in enumerate(body[1:], start=1):
        if dangling(s.text):
            here = by_id[s.evidence[0]]
            before = by_id[body[i - 1].evidence[0]]
            assert (here.ref, here.index - 1) == (before.ref, before.index), s.text


def test_a_strong_quote_is_woven_into_the_account(sheet: FactSheet) -> None:
    """Quoted sentences chosen early stay in the main account; only later ones are gathered
    under "What they said", which never comes before the account it follows."""
    from newsdesk.write.extractive import PLANS, QUOTE_HIGH

    by_id = sheet.evidence_by_id()
    for style in ("standard", "in-depth"):
        draft = ExtractiveWriter().write(sheet, style)
        kinds = [s.kind for s in draft.sections]
        assert kinds[0] == "main"
        main = draft.sections[0].sentences
        assert any(by_id[s.evidence[0]].quote for s in main), style
        if "quotes" in kinds:
            assert kinds.index("quotes") > 0
            before = sum(len(s.text.split()) for s in main)
            assert before >= PLANS[style].words * QUOTE_HIGH * 0.5


def test_timeline_holds_the_story_s_key_events_once_each() -> None:
    from datetime import UTC, datetime

    when = datetime(2024, 5, 10, 15, tzinfo=UTC)  # a Friday
    a = (
        "The city council approved a new stadium for the Harbor FC team on Friday after a "
        "two-year fight.\nThe council first voted on the stadium plan in March 2022, when it "
        "was rejected.\nMayor Ana Ruiz proposed the stadium plan in 2022 during her campaign.\n"
        "The stadium will open in 2026, the council said.\nThe old harbor lighthouse nearby, "
        "built in 1890, is a well-known local landmark."
    )
    b = (
        "Harbor FC will get a new stadium after the city council approved it on Friday.\n"
        "The stadium plan failed in a council vote in March 2022.\n"
        "Mayor Ana Ruiz said the new stadium would open in 2026."
    )
    sheet = analyze(
        [
            SourceDoc(article_id="a", text=a, published=when, title="Council approves stadium"),
            SourceDoc(article_id="b", text=b, published=when, title="Harbor FC gets stadium"),
        ]
    )
    rows = ExtractiveWriter().write(sheet, "standard").timeline
    # The aside (a lighthouse built in 1890) is no key event; "2022" is the March 2022 vote
    # told less exactly; "approved it on Friday" is the day of publication, not a week on.
    assert [r.date for r in rows] == ["2022-03", "2024-05-10", "2026"]
    # Each row tells its event in a line: its sentence's words, in order, the date beside it
    # rather than in it ("…approved a new stadium for the Harbor FC team on Friday after…").
    evidence = sheet.evidence_by_id()
    for r in rows:
        words = re.findall(r"\w+", r.text.lower())
        source = iter(re.findall(r"\w+", evidence[r.evidence[0]].text.lower()))
        assert all(any(w == x for x in source) for w in words), r
    council = next(r for r in rows if r.date == "2024-05-10")
    assert "Friday" not in council.text
    assert "approved" in council.text


def test_a_timeline_row_stands_alone_and_a_season_is_no_date() -> None:
    """The Sixers' coach fired (ECB+ 5): rows such as "He played 15 seasons in the NBA …
    and retired in 1993" say not who; "the 2007-08 run" is a season, not August 2007."""
    from newsdesk.analyze.extract import dangling

    sheet = analyze(demo_event("5_ecb", limit=13), story="sixers")
    for style in ("standard", "in-depth"):
        rows = ExtractiveWriter().write(sheet, style).timeline
        assert not [r.text for r in rows if dangling(r.text)], style
        assert not [r for r in rows if r.date.startswith("2007-08")], style


def test_a_long_account_runs_under_subheadings_cut_from_its_own_sentences(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The Sixers' coach fired (ECB+ 5): the in-depth account (1,300 words) is cut into
    parts, each headed by its first sentence trimmed like a headline (deletion only, at most
    SUBHEAD_WORDS words) or by the plain "What happened"; cutting moves no sentence."""
    from newsdesk.write import extractive

    sheet = analyze(demo_event("5_ecb", limit=13), story="sixers")
    words = re.compile(r"[\w'\u2019.-]+")
    for style in ("standard", "in-depth"):
        draft = ExtractiveWriter().write(sheet, style)
        parts = [sec for sec in draft.sections if sec.kind == "main"]
        assert len(parts) >= (2 if style == "in-depth" else 1), style
        assert len({p.heading for p in parts}) == len(parts), [p.heading for p in parts]
        for part in parts:
            if part.heading == "What happened":
                continue
            head = [w.lower().strip(".") for w in words.findall(part.heading)]
            first = iter(w.lower().strip(".") for w in words.findall(part.sentences[0].text))
            assert len(head) <= extractive.SUBHEAD_WORDS, part.heading
            assert all(w in first for w in head), (part.heading, part.sentences[0].text)
        plan = extractive.PLANS[style]
        monkeypatch.setitem(
            extractive.PLANS, style, extractive.StylePlan(plan.words, plan.timeline, plan.quotes,
                                                         plan.sections, parts=1)
        )  # fmt: skip
        whole = ExtractiveWriter().write(sheet, style)
        assert [s.text for s in whole.body()] == [s.text for s in draft.body()], style
        assert len([sec for sec in whole.sections if sec.kind == "main"]) == 1


def test_a_quotation_is_told_once_and_never_without_its_speaker() -> None:
    """The Sixers' coach fired (ECB+ 5): several outlets carry Stefanski's "Decisions of
    this nature are never easy …"; the story quotes it once, and a sentence that is only a
    quotation ("“However, at this time I felt …”") comes right after the one naming who
    said it, or not at all."""
    from newsdesk.analyze.extract import dangling, strip_quotes

    sheet = analyze(demo_event("5_ecb", limit=13), story="sixers")
    by_id = sheet.evidence_by_id()
    quoted = re.compile(r"[\"\u201c]([^\"\u201c\u201d]{20,})[\"\u201d]")
    for style in ("standard", "in-depth"):
        draft = ExtractiveWriter().write(sheet, style)
        body = draft.body()
        told = [
            re.sub(r"\W+", " ", m).strip().lower() for s in body for m in quoted.findall(s.text)
        ]
        told += [re.sub(r"\W+", " ", q.text).strip().lower() for q in draft.quotes]
        assert len(told) == len(set(told)), (style, told)
        for i, s in enumerate(body[1:], start=1):
            if dangling(s.text) and not strip_quotes(s.text).strip(" .,"):
                here, before = by_id[s.evidence[0]], by_id[body[i - 1].evidence[0]]
                assert (here.ref, here.index - 1) == (before.ref, before.index), s.text


def test_a_quotation_several_outlets_carry_is_told_once_whatever_they_wrap_it_in() -> None:
    """The Aceh earthquake (ECB+ 37): six outlets carry Bensu Elianita's "I see many houses
    were damaged and their roofs fell onto some people", each with its own attribution ("…,
    a 22-year-old resident of Bukit Sama village …, said" / "said central Aceh district
    resident … to the Associated Press") and one with a typo ("were damages"). The story
    tells it once, in the account or in the quotes block."""
    sheet = analyze(demo_event("37_ecbplus", limit=14), story="aceh")
    for style in ("standard", "in-depth"):
        draft = ExtractiveWriter().write(sheet, style)
        told = [s.text for s in draft.body()] + [q.text for q in draft.quotes]
        assert sum("roofs fell onto some people" in t for t in told) <= 1, (style, told)


def test_an_antecedent_another_outlet_already_tells_is_not_told_again() -> None:
    """A quotation alone follows the sentence naming its speaker; when another outlet's
    copy of that sentence is already in the account, the pair is left out rather than the
    quotation told twice."""
    from newsdesk.write.extractive import _quotations, _resolve_references

    a = (
        "\u201cDecisions of this nature are never easy and this was particularly difficult,"
        "\u201d general manager Ed Stefanski said on Saturday.\n"
        "\u201cHowever, at this time I felt it was in the best interest of the team to make a "
        "change.\u201d"
    )
    b = (
        "\u201cDecisions of this nature are never easy and this was particularly difficult,"
        "\u201d Ed Stefanski said."
    )
    c = "The Philadelphia 76ers fired head coach Maurice Cheeks on Saturday."
    sheet = analyze(
        [
            SourceDoc(article_id="a", text=a, outlet="AP"),
            SourceDoc(article_id="b", text=b, outlet="ESPN"),
            SourceDoc(article_id="c", text=c, outlet="Reuters"),
        ]
    )
    ev = sheet.evidence_by_id()
    placed = _resolve_references(
        sheet, [ev["a:1"], ev["b:0"]], ev["c:0"], _quotations(sheet), extractive._claims(sheet)
    )
    assert [e.id for e in placed] == ["b:0"]


def test_a_date_that_only_names_a_thing_does_not_date_the_row() -> None:
    """ "A region devastated by the tsunami of 2004" tells which tsunami, not when the
    quake struck: that sentence is no row for 2004; "In April 2012 a quake struck" is."""
    from datetime import UTC, datetime

    when = datetime(2013, 7, 3, 9, tzinfo=UTC)
    a = (
        "A 6.1-magnitude earthquake struck Indonesia's Aceh province on Tuesday, killing at "
        "least five people and injuring dozens.\nThe quake flattened buildings and set off "
        "landslides in a region devastated by the tsunami of 2004.\nRescue teams reached the "
        "worst-hit district of Bener Meriah on Wednesday.\nIn April 2012 an 8.6-magnitude "
        "quake struck off Aceh and prompted a tsunami alert."
    )
    b = (
        "Rescue teams reached Bener Meriah district on Wednesday after the quake struck Aceh "
        "on Tuesday.\nThe earthquake flattened buildings and triggered landslides across a "
        "region devastated by the tsunami of 2004.\nIn April 2012 an 8.6-magnitude quake "
        "struck off Aceh, prompting a tsunami alert across the region."
    )
    sheet = analyze(
        [
            SourceDoc(article_id="a", text=a, published=when, outlet="AP"),
            SourceDoc(article_id="b", text=b, published=when, outlet="AFP"),
        ]
    )
    dates = [r.date for r in ExtractiveWriter().write(sheet, "standard").timeline]
    assert "2012-04" in dates
    assert "2004" not in dates


def test_a_development_is_told_once_not_retold_in_other_words() -> None:
    """Six reports of one sentencing say "judge sentenced Nichols to life" six ways; the
    account tells it once (sentence-embedding cosine below the writer's threshold)."""
    import numpy as np

    from newsdesk.cluster.features import Featurizer
    from newsdesk.write.extractive import PARAPHRASE

    nichols = analyze(demo_event("3_ecb"), story="nichols")

    def closest_pair(draft: Draft) -> float:
        v = Featurizer().embed([s.text for s in draft.body()])
        sims = v @ v.T
        np.fill_diagonal(sims, 0.0)
        return float(sims.max())

    assert closest_pair(ExtractiveWriter().write(nichols, "standard")) < PARAPHRASE
    unchecked = ExtractiveWriter({"paraphrase": 1.0}).write(nichols, "standard")
    assert closest_pair(unchecked) >= PARAPHRASE


DOCTORS = ["39_12ecb", "39_1ecb", "39_5ecbplus", "39_6ecbplus"]


def test_a_headline_tells_the_lede_s_event_not_another_s() -> None:
    """ECB+ 39 holds two castings of the Doctor: Matt Smith in 2008 (reports without
    headlines) and Peter Capaldi in 2013. A story led from a Smith report whose lede will not
    trim ("On Saturday it was announced that…") used to run under the most central report's
    headline, a Capaldi one. A report's headline heads the story only when the lede's report
    gives its names and numbers; else another opening, trimmed, or the lede's clause."""
    from newsdesk.verify.grounding import fitting_titles
    from newsdesk.write.draft import DraftSentence
    from newsdesk.write.extractive import _headline, worth
    from newsdesk.write.headline import trim

    sheet = analyze(demo_docs(DOCTORS), story="doctor")
    smith = next(e for e in sheet.evidence if "none other than Matt Smith" in e.text)
    assert not trim(smith.text).ok
    capaldi = {s.ref for s in sheet.sources if "Capaldi" in s.title}
    assert len(capaldi) == 2
    assert not {s.ref for s in fitting_titles(sheet, smith.ref)} & capaldi
    assert all(ref in {s.ref for s in fitting_titles(sheet, ref)} for ref in capaldi)

    made, credited = _headline(
        sheet, smith, DraftSentence(smith.text, [smith.id]), worth(sheet), set()
    )
    assert credited is None
    assert "Capaldi" not in made.text
    assert "Matt Smith" in made.text


def test_no_subheading_repeats_the_headline() -> None:
    """Two Indonesian quakes in one story (ECB+ 37: Manokwari 2009, Aceh 2013): the lede
    will not trim, so the headline is another report's opening, trimmed ("A series of
    powerful earthquakes rocked Manokwari"); the part that sentence opens must not run
    under the same words again."""
    quakes = ["37_11ecbplus", "37_1ecb", "37_2ecb", "37_3ecb", "37_4ecb", "37_5ecb"]
    sheet = analyze(demo_docs([*quakes, "37_6ecb", "37_6ecbplus", "37_7ecb"]), story="quakes")
    for style in ("standard", "in-depth"):
        draft = ExtractiveWriter().write(sheet, style)
        headings = [s.heading.lower() for s in draft.sections]
        assert draft.headline.text.lower() not in headings, (draft.headline.text, headings)
        assert len(headings) == len(set(headings)), headings


def test_no_subheading_retells_another() -> None:
    """Reggie Bush's season over (ECB+ 25): three reports tell his knee injury in their own
    words ("Bush suffered a left knee injury against Carolina", "Bush injured his left
    knee"); the story heads one part with it, not two."""
    from newsdesk.verify.lexicon import STOP_WORDS

    def words(line: str) -> set[str]:
        return {w[:5] for w in re.findall(r"[a-z]+", line.lower()) if w not in STOP_WORDS}

    ids = [f"25_{n}ecb" for n in (10, 11, 12, 13, 14, 15, 1, 2, 3, 4, 6, 7, 8)]
    sheet = analyze(demo_docs(ids), story="bush")
    for style in ("standard", "in-depth"):
        draft = ExtractiveWriter().write(sheet, style)
        lines = [draft.headline.text, *(s.heading for s in draft.sections if s.kind == "main")]
        assert len(lines) >= 3, lines  # the test needs subheadings to compare
        for a, b in itertools.combinations([words(x) for x in lines], 2):
            assert len(a & b) < 0.6 * min(len(a), len(b)), lines


def test_unknown_style_is_a_clear_error(sheet: FactSheet) -> None:
    with pytest.raises(ValueError, match="unknown style"):
        ExtractiveWriter().write(sheet, "haiku")


@pytest.mark.skipif(not SEEDS.exists(), reason="../shared/seeds is not beside the project")
@pytest.mark.parametrize("style", STYLES)
def test_three_seed_strikes_are_not_blended(style: str) -> None:
    docs = [SourceDoc(p.name[:3], p.read_text()) for p in sorted(SEEDS.glob("*.txt"))]
    sheet = analyze(docs)
    draft = ExtractiveWriter().write(sheet, style)
    narrative = "\n".join(
        [draft.headline.text, draft.text(), *(r.text for r in draft.timeline)]
        + [q.text for q in draft.quotes]
    )
    places = [
        p
        for p in ("east Baghdad", "Al-Ghadeer", "Jurf al-Sakhar")
        if p.lower() in narrative.lower()
    ]
    people = [p for p in ("al-Muhandis", "al-Lami") if p in narrative]
    assert len(places) <= 1, places
    assert len(people) <= 1, people
    cited = {s.ref for s in sheet.sources if any(
        e.startswith(s.article_id + ":") for x in draft.body() for e in x.evidence)}  # fmt: skip
    assert len(cited) == 1  # one account, not three blended
    # …and the disagreement is shown, attributed.
    about = {d.about for d in draft.disagreements}
    assert "where it happened" in about
    assert not BAD_OUTPUT.search(to_markdown(draft))


def test_markdown_and_html_cite_and_escape() -> None:
    text = (
        "The mayor said the old river bridge, closed since the storm in March, would reopen "
        "to traffic on Monday after the repairs. Officials said the repairs cost far more "
        "than the city had expected this year."
    )
    title = "Bridge <script>alert(1)</script> to [reopen](javascript:x)"
    docs = [
        SourceDoc("a", text, title=title, outlet="Gazette", url="https://g.example/a"),
        SourceDoc("b", text, title="Bridge reopening", outlet="Herald", url="https://h.example/b"),
    ]
    sheet = analyze(docs)
    draft = ExtractiveWriter().write(sheet, "standard")
    md = to_markdown(draft)
    assert "<script>" not in md
    assert "\\<script\\>" in md
    assert "(https://g.example/a)" in md
    html = to_html(draft, {e.id: e.text for e in sheet.evidence})
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert 'href="https://g.example/a"' in html
    assert "Content-Security-Policy" in html
    assert Draft.from_json(json.loads(json.dumps(draft.to_json()))) == draft


def test_an_item_of_a_news_roundup_about_something_else_is_not_written() -> None:
    """ECB+ 41: a news-in-brief column carried the Vincent Jackson arrest beside other
    items, and a long story was padded with them ("The conditions of Villa's bail include
    staying away from children under 16")."""
    jackson = [
        "San Diego Chargers receiver Vincent Jackson was arrested on suspicion of drunk "
        "driving on Tuesday morning, five days before a playoff game.",
        "Jackson failed sobriety tests shortly after 2 a.m. on state Route 52 in San Diego, "
        "the California Highway Patrol said.",
        "Jackson was taken to the San Diego County jail and later released.",
        "The Chargers said Jackson would play in Sunday's playoff game against Pittsburgh.",
        "Jackson was on probation for a previous drunk driving arrest, the patrol said.",
    ]
    other = "The conditions of Villa's bail include staying away from children under 16."
    roundup = " ".join([*jackson[:2], other, jackson[2]])
    docs = [
        SourceDoc("a", " ".join(jackson), outlet="Union-Tribune"),
        SourceDoc("b", " ".join(reversed(jackson)), outlet="AP"),
        SourceDoc("c", roundup, outlet="Daily Briefs"),
    ]
    sheet = analyze(docs)
    relevance = {e.text: e.relevance for e in sheet.evidence}
    assert relevance[other] < 0.05 < 0.3 < min(relevance[t] for t in jackson)
    draft = ExtractiveWriter().write(sheet, "in-depth")
    assert "Jackson" in draft.text()
    assert "Villa" not in draft.text()
    # nor is a language model shown it, however much room its evidence has
    from newsdesk.write.llm.prompt import build_pack

    shown = [e["text"] for e in build_pack(sheet, draft, "in-depth", 80).data["evidence"]]
    assert len(shown) == len({e.id for e in sheet.evidence if e.usable}) - 1
    assert other not in shown


def test_an_untitled_report_is_listed_by_the_words_it_opens_with() -> None:
    opening = (
        "The mayor said the old river bridge, closed since the storm in March, would reopen "
        "to traffic on Monday after the repairs."
    )
    rest = " Officials said the repairs cost far more than the city had expected this year."
    docs = [
        SourceDoc("urn:x:a", opening + rest, outlet="Gazette"),
        SourceDoc("b", opening + rest, title="Bridge reopening", url="https://h.example/b"),
    ]
    draft = ExtractiveWriter().write(analyze(docs), "standard")
    untitled = next(s for s in draft.sources if s.article_id == "urn:x:a")
    shown = "“The mayor said the old river bridge, closed since the storm…” (untitled)"
    assert untitled.label() == shown
    md, html = to_markdown(draft), to_html(draft)
    assert f"Gazette — {shown}" in md
    assert shown in html
    assert "urn:x:a" not in md + html
    titled = next(s for s in draft.sources if s.article_id == "b")
    assert (titled.opening, titled.label()) == ("", "Bridge reopening")
    quoting = replace(untitled, opening="Ban spoke out against Israel's “totally unacceptable”…")
    assert quoting.label() == "“Ban spoke out against Israel's ‘totally unacceptable’…” (untitled)"
    # a title that is only a date names nothing (the demo's endangered.org page: "APR 28")
    docs[1] = replace(docs[1], title="APR 28")
    draft = ExtractiveWriter().write(analyze(docs), "standard")
    dated = next(s for s in draft.sources if s.article_id == "b")
    assert dated.label().startswith("“The mayor said the old river bridge"), dated.label()


def test_summarize_reads_mds_lines_and_rejects_bad_ones(tmp_path: Path) -> None:
    docs = [json.loads(json.dumps({"text": d.text})) for d in demo_event("3_ecb", 4)]
    lines = [
        json.dumps({"id": "c1", "documents": docs}),
        json.dumps({"id": "c2", "documents": [d["text"] for d in docs[:2]]}),
    ]
    path = tmp_path / "clusters.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = run_cli("summarize", str(path), "--style", "brief")
    assert done.returncode == 0, done.stderr
    stories = [json.loads(line) for line in done.stdout.splitlines()]
    assert [s["story"] for s in stories] == ["c1", "c2"]
    for s in stories:
        assert s["headline"]["text"]
        assert s["text"]
        assert s["sources"]
        assert all(e.startswith(("c1-", "c2-")) for x in s["lede"] for e in x["evidence"])
    md = run_cli("summarize", "-", "--format", "md", stdin=lines[0] + "\n")
    assert md.returncode == 0
    assert md.stdout.startswith("# ")
    path.write_text('{"id": "x", "documents": "not a list"}\n', encoding="utf-8")
    bad = run_cli("summarize", str(path))
    assert bad.returncode != 0
    assert "clusters.jsonl:1" in bad.stderr
    assert "documents" in bad.stderr


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path)


def test_write_stage_versions_only_what_changed(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    from newsdesk.cluster.stage import cluster_store

    rows = []
    with gzip.open(demo_corpus(), "rt", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if row["event_label"] in ("1_ecb", "3_ecb") and len(rows) < 10:
                row["url"] = f"https://news.example/{row['doc_id']}"
                row["published"] = f"2024-03-0{1 + len(rows) % 5}T08:00:00+00:00"
                rows.append(row)
    first, later = rows[:-2], rows[-2:]
    path = tmp_path / "a.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in first) + "\n", encoding="utf-8")
    Ingestor(store, settings).ingest_path(path)
    cluster_store(store, settings)
    report = write_stories(store)
    stories = store.story_ids()
    assert report.written == len(stories)
    assert report.failed == 0
    again = write_stories(store)
    assert again.written == 0
    assert again.unchanged == len(stories)
    latest = store.latest_version(stories[0])
    assert latest is not None
    assert latest["version"] == 1
    drafts = json.loads(latest["drafts"])
    assert set(drafts) == set(STYLES)
    assert Draft.from_json(drafts["standard"]).lede
    # Each style's verification report is kept with the version, and says what it did.
    reports = json.loads(latest["reports"])
    assert set(reports) == set(STYLES)
    for style, rep in reports.items():
        assert rep["style"] == style
        published = {s.text for s in Draft.from_json(drafts[style]).body()}
        kept = {s["text"] for s in rep["sentences"] if s["verdict"] in ("kept", "recited")}
        kept |= {s["replacement"] for s in rep["sentences"] if s["verdict"] == "replaced"}
        assert published <= kept
    assert latest["publishable"] is True
    # New articles arrive: only the stories they join get a new version.
    path = tmp_path / "b.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in later) + "\n", encoding="utf-8")
    Ingestor(store, settings).ingest_path(path)
    cluster_store(store, settings)
    grown = write_stories(store)
    assert 1 <= grown.written <= 2
    assert store.counts()["versions"] == len(stories) + grown.written
    assert store.counts()["written"] == len(store.story_ids())
    # What readers see, on this backend: each story's newest publishable version.
    from newsdesk.publish.catalog import Catalog

    catalog = Catalog(store)
    cards = catalog.cards()
    assert sorted(c.story_id for c in cards) == sorted(store.story_ids())
    for sid in grown.written_ids:
        card = catalog.card(sid)
        assert card is not None
        assert card.version == 2
        assert card.headline
        assert card.outlets
        assert [v.version for v in catalog.versions(sid)] == [2, 1]
        view = catalog.story(sid)
        assert view is not None
        assert set(view.drafts) == set(STYLES)


def test_a_title_case_wire_dateline_is_stripped_and_places_the_story() -> None:
    """ECB+ 7_11ecb opens "Mannheim, Germany (Sports Network) - Wladimir Klitschko
    retained…": the dateline is the story's place, not words of its sentences."""
    sheet = analyze(demo_docs(["7_11ecb", "7_1ecb", "7_2ecb"]), story="klitschko")
    draft = ExtractiveWriter().write(sheet, "standard")
    assert not [s.text for s in draft.sentences() if "(Sports Network)" in s.text]
    assert any(s.edit == "dateline" for s in draft.body())
    assert draft.dateline_place == "Mannheim"


def test_an_outlet_in_parentheses_before_the_first_sentence_is_stripped() -> None:
    """CNN opens "(CNN) Greg Gianforte …", AP "(AP) — The …": the outlet's mark is no word
    of the sentence; a parenthesis that is part of one stays."""
    when = demo_docs(["7_11ecb"])[0].published
    docs = [
        SourceDoc(
            article_id="cnn",
            published=when,
            text="(CNN)Montana congressman Greg Gianforte pleaded guilty to assaulting a "
            "reporter on Monday in a Bozeman court. He was fined $385 and ordered to "
            "complete 40 hours of community service.",
        ),
        SourceDoc(
            article_id="ap",
            published=when,
            text="(AP) — Montana congressman Greg Gianforte pleaded guilty on Monday to a "
            "misdemeanor assault charge over his attack on a reporter. (The reporter, Ben "
            "Jacobs, had asked him about health care.) Gianforte apologized in court.",
        ),
    ]
    draft = ExtractiveWriter().write(analyze(docs, story="gianforte"), "standard")
    texts = [s.text for s in draft.body()]
    assert not [t for t in texts if t.startswith(("(CNN)", "(AP)", "—"))], texts
    assert any(s.edit == "dateline" and s.text.startswith("Montana") for s in draft.body())


def test_a_slideshow_s_counted_captions_are_never_written() -> None:
    """A page's slideshow ("1/18 On Mexicans …", "18/18 On Hillary Clinton …") came along
    with its text; "9/11" opening a sentence alone is a date."""
    texts = [
        "Trump spoke at a rally in Cedar Rapids, Iowa, on Wednesday night.",
        "1/18 On Mexicans \u201cWhen Mexico sends its people, they\u2019re not sending the "
        "best.\u201d",
        "18/18 On Hillary Clinton \u201cYou ought to be ashamed of yourself.\u201d",
        "9/11 changed how the country thinks about airport security for good.",
    ]
    assert extract.gallery(texts) == {1, 2}
    assert extract.gallery(texts[3:]) == set()
    sheet = analyze([SourceDoc(article_id="gallery", text="\n\n".join(texts))], story="rally")
    usable = [e.text for e in sheet.evidence if e.usable]
    assert not [t for t in usable if t[:2] in ("1/", "18")], usable
    assert any(t.startswith("9/11") for t in usable), usable


CHARGERS = ["35_2ecbplus", "35_7ecbplus", "35_1ecbplus", "35_10ecbplus", "35_3ecbplus"]


def test_the_lede_tells_the_event_the_reports_open_with() -> None:
    """ECB+ 35, 2–5 Feb 2009: every report opens with Jamal Williams's arrest on suspicion of
    drunken driving. The newest report's third sentence ("Williams, who was booked into
    county jail and later released on bail, did give a blood sample…") is central to all
    they say and corroborated by six, but it is a detail, not the news: it led the story
    until the lede had to agree with what the reports open with."""
    sheet = analyze(demo_docs([*CHARGERS, "35_4ecbplus", "35_5ecbplus"]), story="williams")
    for style in ("brief", "standard"):
        lede = ExtractiveWriter().write(sheet, style).lede[0].text
        assert "arrested on suspicion of drunk" in lede, lede


def test_a_sentence_that_quotes_a_phrase_may_lead() -> None:
    """ECB+ 1, a blog post: the news ("…Tara Reid checked into Promises Treatment Center on
    Friday…") quotes what she had told People and the film she starred in. While no sentence
    with a quotation could lead, the blog's aside about the clinic ("Promises is a celeb
    favorite…") led and headed the story."""
    sheet = analyze(demo_docs(["1_8ecb"]), story="reid")
    for style in ("brief", "standard"):
        draft = ExtractiveWriter().write(sheet, style)
        assert "Tara Reid checked into Promises Treatment Center" in draft.lede[0].text
        assert draft.headline.text == (
            "\u201cAmerican Pie\u201d actress and former travel reporter Tara Reid checked "
            "into Promises Treatment Center"
        )


def test_a_speaker_s_words_lead_no_story() -> None:
    """A sentence that is mostly someone's words is theirs to say, however well it tells
    the event: the reporter's account leads, and the quotation is told below it."""
    said = (
        "\u201cThe tornado destroyed 200 homes in Joplin last night and we will rebuild "
        "every one of them,\u201d Mayor John Smith said on Monday."
    )
    docs = [
        SourceDoc("a", f"{said} A tornado destroyed 200 homes in Joplin, Missouri, on Sunday "
                  "night, officials said. Crews worked through the night."),
        SourceDoc("b", f"{said} The tornado destroyed 200 homes in Joplin, Missouri, on Sunday "
                  "night and killed three people. Schools will stay closed."),
    ]  # fmt: skip
    sheet = analyze(docs, story="joplin")
    assert any(e.quote for e in sheet.evidence)
    for style in ("brief", "standard"):
        lede = ExtractiveWriter().write(sheet, style).lede[0].text
        assert "\u201c" not in lede, lede
        assert "destroyed 200 homes in Joplin, Missouri" in lede, lede


def test_an_opinion_piece_is_listed_but_never_written_from() -> None:
    """A column labelled opinion is read with its event and listed under Sources, marked
    as such; no sentence of the story cites it and its title heads nothing. A story of
    columns alone has nothing to write (no lede, so it is not published)."""
    news = SourceDoc(
        "news",
        "Charlotte police released body camera video on Saturday of the fatal shooting of "
        "Keith Lamont Scott, bowing to pressure from protesters. The video does not show "
        "clearly whether Scott was holding a gun, officials said.",
        title="Charlotte police release video of Keith Scott shooting",
        url="https://example.com/news/charlotte-video",
    )
    column = SourceDoc(
        "column",
        "Charlotte police must release the video of the shooting of Keith Lamont Scott. The "
        "city owes its residents the truth about what happened on Tuesday.",
        title="Release the Charlotte police video",
        url="https://example.com/opinion/charlotte-video",
    )
    sheet = analyze([column, news], story="charlotte")
    draft = ExtractiveWriter().write(sheet, "standard")
    cited = {e.split(":")[0] for s in [draft.headline, *draft.body()] for e in s.evidence}
    assert cited == {"news"}
    assert "Release the" not in draft.headline.text
    md = to_markdown(draft)
    assert (
        "Release the Charlotte police video](https://example.com/opinion/charlotte-video) "
        "(opinion; not written from)" in md
    ), md
    assert "(opinion; not written from)" in to_html(draft)
    assert md.count("not written from") == 1
    alone = ExtractiveWriter().write(analyze([column], story="column"), "standard")
    assert not alone.lede
    assert not alone.body()


def test_a_columnist_s_opinion_never_speaks_in_the_story_s_voice() -> None:
    """ECB+ 35: the Chargers' Jamal Williams arrested on suspicion of drunken driving. The
    newest report (examiner.com) is a column: "hopefully both of them learn a lesson", "it is
    no wonder many people have trouble relating with the pros". None of it may be told as the
    story's own words."""
    from newsdesk.analyze import extract

    sheet = analyze(demo_docs([*CHARGERS, "35_4ecbplus", "35_5ecbplus"]), story="williams")
    column = next(s.ref for s in sheet.sources if s.outlet == "examiner.com")
    said = [e.text for e in sheet.evidence if e.ref == column and extract.opinion(e.text)]
    assert len(said) >= 3  # the column's opinions are there to be told
    for style in ("standard", "in-depth"):
        draft = ExtractiveWriter().write(sheet, style)
        told = [s.text for s in draft.body()]
        assert not [t for t in told if extract.opinion(t)], told
        assert not set(said) & set(told)


ACEH = ["37_14ecbplus", "37_1ecbplus", "37_2ecbplus", "37_9ecbplus", "37_3ecbplus", "37_10ecbplus"]


def test_a_toll_that_rose_leads_with_the_newest_count() -> None:
    """ECB+ 37, Aceh earthquake: the reports of 2 July 2013 open with "killing at least one
    person" or "at least five"; on 3 July independent.co.uk opens with "leaving 24 dead". The
    story led with a 2 July "at least one person" until a toll that rose came first, and its
    headline, trimmed to "Soldiers and police are leading rescue operations in Indonesia",
    dropped the count; the report's own headline, credited, carries it. The 2 July counts,
    filed before the lede's report, are left out of the account below it."""
    sheet = analyze(demo_docs(ACEH), story="aceh")
    for style in ("brief", "standard"):
        draft = ExtractiveWriter().write(sheet, style)
        assert "leaving 24 dead" in draft.lede[0].text, draft.lede[0].text
        assert "24 dead" in draft.headline.text, draft.headline.text
        assert draft.headline_from == "independent.co.uk"
        # the earlier counts are not told below it as if they stood
        told = [s.text for s in draft.body()]
        assert not [t for t in told if re.search(r"Tuesday, killing at least (one|five)", t)], told


def test_a_higher_toll_filed_first_is_a_disagreement_not_a_development() -> None:
    """The same reports with independent.co.uk's "24 dead" dated before the others: a count
    that fell is no development to lead with, so no candidate is ruled out."""
    docs = demo_docs(ACEH)
    early = min(d.published for d in docs if d.published) - timedelta(days=1)
    docs = [replace(d, published=early) if d.article_id == "37_3ecbplus" else d for d in docs]
    sheet = analyze(docs, story="aceh")
    usable = [e for e in sheet.evidence if e.usable and e.index <= extractive.OPENING]
    assert any(extract.toll(e.text) == 24 for e in usable)
    assert extractive._newest_toll(sheet, usable) == usable


def test_an_escapee_captured_leads_over_the_escape() -> None:
    """ECB+ 3, 30 Nov – 7 Dec 2009: Arcade Joseph Comeaux Jr. escapes a prison transfer; a
    week of reports say he is on the run; on 7 December he is captured. The story led with
    the escape, filed a week before the capture."""
    ids = ["3_2ecbplus", "3_6ecbplus", "3_3ecbplus", "3_1ecbplus", "3_9ecbplus", "3_10ecbplus"]
    sheet = analyze(demo_docs(ids), story="comeaux")
    for style in ("brief", "standard"):
        lede = ExtractiveWriter().write(sheet, style).lede[0].text
        assert extract.developments(lede).get("capture") == "after", lede
    # without the capture report, no candidate is ruled out
    sheet = analyze(demo_docs(ids[:-1]), story="comeaux")
    usable = [e for e in sheet.evidence if e.usable and e.index <= extractive.OPENING]
    assert any(extract.developments(e.text).get("capture") == "before" for e in usable)
    assert extractive._newest_outcome(sheet, usable) == usable


def test_a_past_event_named_in_passing_does_not_make_background() -> None:
    """ECB+ 37: "The strong 6.1-magnitude quake left hundreds more injured as it rocked a
    region that was devastated by the quake-triggered tsunami of 2004" is about this quake;
    its only date, 2004, tells the tsunami apart. It was filed under Background with "In
    September 2009 a major earthquake near Padang city on Sumatra killed more than 1000
    people", which is background."""
    sheet = analyze(demo_docs(ACEH), story="aceh")
    by_text = {e.text: e for e in sheet.evidence}
    now = next(t for t in by_text if t.startswith("The strong 6.1-magnitude quake left"))
    then = next(t for t in by_text if t.startswith("In September 2009 a major earthquake"))
    assert not extractive._is_background(sheet, by_text[now])
    assert extractive._is_background(sheet, by_text[then])


def test_with_no_report_time_a_year_alone_dates_background() -> None:
    """ECB+ 37, January 2009, reports that carry no time: the Papua quakes struck "on
    Sunday"; "In 2004, a magnitude 9.1 quake off Indonesia triggered a tsunami" headed a
    part of the account, as "In December 2004, a massive undersea quake …" could. Reporters
    date the news by its day and the past by its year."""
    ids = ["37_4ecb", "37_7ecb", "37_6ecb", "37_5ecb"]
    sheet = analyze(demo_docs(ids), story="papua")
    assert all(s.published is None for s in sheet.sources)
    by_text = {e.text: e for e in sheet.evidence}
    then = next(t for t in by_text if t.startswith("In December 2004, a massive undersea"))
    now = next(t for t in by_text if t.startswith("A series of earthquakes killed a 10-year"))
    assert "2004" in by_text[now].text  # a past year named, but the news is dated "Sunday"
    assert extractive._is_background(sheet, by_text[then])
    assert not extractive._is_background(sheet, by_text[now])
    draft = ExtractiveWriter().write(sheet, "standard")
    main = [s.text for sec in draft.sections if sec.kind == "main" for s in sec.sentences]
    assert then not in main, main
    assert not any("2004" in sec.heading for sec in draft.sections), draft.sections
    # a decade is over before the latest year the story states, or it proves nothing
    eighties = "Cheeks ran the Sixers in the 1980s as their point guard and won a title."
    for when, background in ((" in May 2005", True), ("", False)):
        hired = f"The 76ers hired Maurice Cheeks as head coach{when}."
        doc = SourceDoc(article_id="sixers", text=f"{hired} {eighties}")
        undated = analyze([doc], story="sixers")
        told = next(e for e in undated.evidence if e.text == eighties)
        assert extractive._is_background(undated, told) is background, when


def test_background_in_the_main_clause_never_leads() -> None:
    """ECB+ 5, 23–24 May 2005: the 76ers fire Jim O'Brien and hire Maurice Cheeks. The story
    led with "Cheeks, who was fired March 2 as head coach of the Portland Trail Blazers, is
    the fourth head coach since King took over … on May 26, 2003": older context, told as
    if it were the news."""
    sheet = analyze(demo_docs(["5_4ecbplus", "5_1ecbplus", "5_2ecbplus"]), story="cheeks")
    fourth = next(e for e in sheet.evidence if "is the fourth head coach" in e.text)
    assert extractive._background_news(sheet, fourth)
    for style in ("brief", "standard"):
        lede = ExtractiveWriter().write(sheet, style).lede[0].text
        assert "fourth head coach" not in lede, lede
        assert "O'Brien" in lede, lede
    # a decade over before the first report is background as well
    blog = analyze(demo_docs(["5_4ecbplus", "5_5ecbplus"]), story="cheeks-blogs")
    eighties = next(e for e in blog.evidence if "in the 1980s" in e.text)
    assert extractive._is_background(blog, eighties)
    # Two blogs: one's news sentence trails off ("…Coach..."), so the other's opening, the
    # 1980s, was the only opening fit to lead, and it led and headed the story.
    blogs = analyze(demo_docs(["5_7ecbplus", "5_5ecbplus"]), story="two-blogs")
    assert [e.index for e in blogs.evidence if e.text == eighties.text] == [0]
    draft = ExtractiveWriter().write(blogs, "standard")
    assert "1980s" not in draft.lede[0].text, draft.lede[0].text
    assert "1980s" not in draft.headline.text, draft.headline.text


def test_an_old_date_in_a_clause_within_does_not_keep_the_news_from_leading() -> None:
    """ECB+ 33, April 2013: "Prosecutors have released new video in the trial of two men
    accused of killing a Brownsville mother of 12 in Oct. 2011" is news of the trial; only
    the killing it names is old."""
    ids = ["33_4ecbplus", "33_7ecbplus", "33_1ecbplus", "33_2ecbplus", "33_3ecbplus"]
    sheet = analyze(demo_docs([*ids, "33_8ecbplus"]), story="horton")
    video = next(e for e in sheet.evidence if e.text.startswith("Prosecutors have released"))
    assert extractive._is_background(sheet, video)  # still told under Background, if at all
    assert not extractive._background_news(sheet, video)


def test_a_second_death_leads_over_the_first() -> None:
    """ECB+ 23, 14–16 Sep 2013: an Australian climber dies on Mt Cook; a day later an English
    climber dies there too. The story led with a late report of the first death alone ("A
    36-year-old Australian man died on Friday…") under "Australian Ski Mountaineer Dies"."""
    ids = ["23_1", "23_7", "23_8", "23_2", "23_4", "23_10", "23_3", "23_9", "23_6"]
    sheet = analyze(demo_docs([f"{i}ecbplus" for i in ids]), story="mt-cook")
    draft = ExtractiveWriter().write(sheet, "standard")
    lede = draft.lede[0].text
    assert re.search(r"(?i)one Australian and one English climber|two men", lede), lede
    # the first death is still told: one person's death is no superseded count
    told = draft.text()
    assert "Australian" in told
    assert "150" in told, told


def test_a_timeline_row_is_dated_by_its_main_clause() -> None:
    """ECB+ 5: "Cheeks returned to the Sixers in 1994 as an assistant coach and stayed for
    seven seasons until the Trail Blazers hired him as head coach on June 27, 2001" was a
    row of June 27, 2001: the most precise date, but the hiring's, in a clause within."""
    sheet = analyze(demo_docs(["5_4ecbplus", "5_1ecbplus", "5_2ecbplus"]), story="cheeks")
    rows = ExtractiveWriter().write(sheet, "in-depth").timeline
    returned = [r for r in rows if r.text.startswith("Cheeks returned to the Sixers")]
    assert [r.date for r in returned] == ["1994"], rows
    for row in rows:
        assert not (row.date == "2004-04-21" and "decided to fire" in row.text), row


@pytest.mark.parametrize(
    ("text", "expression", "row"),
    [
        (
            "The city council approved a new stadium for the Harbor FC team on Friday after a "
            "two-year fight.",
            "Friday",
            "The city council approved a new stadium for the Harbor FC team after a two-year "
            "fight.",
        ),
        (
            "Cheeks was a second-round draft choice of the 76ers in 1978 and played for 11 "
            "seasons with the team.",
            "1978",
            "Cheeks was a second-round draft choice of the 76ers and played for 11 seasons "
            "with the team.",
        ),
        # a date joined to another stays, and so does one the sentence names without "in"
        (
            "Under Cheeks' guidance, the Blazers made the playoffs in 2002 and 2003.",
            "2002",
            "Under Cheeks' guidance, the Blazers made the playoffs in 2002 and 2003.",
        ),
        (
            "Friday was the day the council voted.",
            "Friday",
            "Friday was the day the council voted.",
        ),
    ],
)
def test_a_row_that_cannot_be_trimmed_loses_only_its_date(
    text: str, expression: str, row: str
) -> None:
    assert extractive._undated(text, expression) == row


def test_a_timeline_row_keeps_the_event_its_date_is_of() -> None:
    """ECB+ 5: "DiLeo has spent 19 seasons with the 76ers and was promoted … in 2003" was
    trimmed, as a headline is, to its first clause: a row of 2003 that told no event of 2003."""
    sheet = analyze(demo_docs(["5_10ecb", "5_13ecb", "5_12ecb", "5_2ecb", "5_3ecb"]), story="5")
    rows = ExtractiveWriter().write(sheet, "standard").timeline
    of_2003 = [r for r in rows if r.date == "2003"]
    assert of_2003, rows
    assert all("promoted" in r.text for r in of_2003), of_2003


def test_a_caption_never_leads_the_story() -> None:
    caption = (
        "Northern Ireland Minister of Justice David Ford speaks to the media outside "
        "Antrim police station, Northern Ireland, Friday, May 2, 2014."
    )
    text = (
        f"{caption}\n"
        "Police in Northern Ireland released Sinn Fein leader Gerry Adams without charge "
        "after four days of questioning about a 1972 murder.\n"
        "Adams denied any involvement in the killing of Jean McConville."
    )
    sheet = analyze([SourceDoc(article_id="x", text=text)])
    assert [e.usable for e in sheet.evidence] == [False, True, True]
    draft = ExtractiveWriter().write(sheet, "standard")
    assert caption not in draft.text()
    assert draft.lede[0].text.startswith("Police in Northern Ireland released")


def test_the_lede_agrees_with_what_the_headlines_say() -> None:
    """Two reports open with different news of one flood; each opening agrees with the
    other's as much as the other with it. The headlines say which is the story."""
    docs = [
        SourceDoc(
            article_id="a",
            title="Houston orders new evacuations as floodwaters threaten dams",
            text="More than 30,000 people in Houston will need shelters as the flooding goes "
            "on, officials said Monday.\nRescuers used boats to reach stranded families.",
        ),
        SourceDoc(
            article_id="b",
            title="Rising floodwaters threaten Houston dams, forcing evacuations",
            text="New evacuations were ordered in Houston on Monday as rising floodwaters "
            "threatened two dams.\nThe storm has dumped 30 inches of rain on the city.",
        ),
    ]
    sheet = analyze(docs)
    shelters, evacuations = sheet.evidence[0], sheet.evidence[2]
    agree = extractive._agreement(sheet, [shelters, evacuations])
    assert agree[evacuations.id] > agree[shelters.id] + 0.1
    untitled = analyze([replace(d, title="") for d in docs])
    plain = extractive._agreement(untitled, [untitled.evidence[0], untitled.evidence[2]])
    assert plain[shelters.id] == pytest.approx(plain[evacuations.id])


def test_the_lede_agrees_in_meaning_where_the_words_differ() -> None:
    """Two reports tell the vote in other words: no word is shared, so only the sentence
    embeddings see that one opening retells the other while the rain is another matter."""
    docs = [
        SourceDoc(
            article_id="a",
            text="Parliament passed the spending plan on Thursday night.\n"
            "Protesters gathered outside in heavy rain.",
        ),
        SourceDoc(
            article_id="b",
            text="Legislators approved the national budget after a marathon session.\n"
            "The opposition walked out before the final tally.",
        ),
    ]
    sheet = analyze(docs)
    vote, rain = sheet.evidence[0], sheet.evidence[1]
    words = extractive._agreement(sheet, [vote, rain])
    assert words[vote.id] == pytest.approx(words[rain.id])
    meaning = extractive._agreement(
        sheet, [vote, rain], ExtractiveWriter()._vectors.embedder(sheet)
    )
    assert meaning[vote.id] > meaning[rain.id] + 0.1


def test_a_figure_its_speaker_already_gave_is_not_told_again() -> None:
    """Two outlets have Gunness put the same figure two ways ("99.9 per cent sure", "99.9
    percent certain"): too far apart in words for the paraphrase check, one claim all the
    same."""
    gaza = analyze(demo_event("41_ecb", limit=10), story="gaza")
    claims = extractive._claims(gaza)
    gunness = [e.id for e in gaza.evidence if "99.9" in e.text and "Gunness" in e.text]
    assert len(gunness) >= 2
    assert all(("gunness", 99.9) in claims[i] for i in gunness)
    for style in ("standard", "in-depth"):
        draft = ExtractiveWriter().write(gaza, style)
        told = [s for s in [*draft.lede, *draft.body()] if "99.9" in s.text]
        assert len(told) <= 1, [s.text for s in told]
    # a year, a small count and a clock time are no distinctive figure
    plain = analyze(
        [
            SourceDoc("a", "Police chief Dan Smith said 3 people died at 10:03 in March 2009."),
            SourceDoc("b", "Police chief Dan Smith said 120 people were hurt, 3.5 times more."),
        ],
        story="s",
    )
    assert extractive._claims(plain) == {"b:0": {("smith", 120.0), ("smith", 3.5)}}


def test_one_death_told_by_each_outlet_is_told_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """ECB+ 23: four outlets open with the 36-year-old's death, each with its own height
    ("150 meters", "about 200m", "about 60 metres"); the story tells it once."""
    cook = analyze(demo_event("23_ecbplus", limit=12), story="cook")
    deaths = {
        e.id for e in cook.evidence if ("died", 36.0) in extractive._claims(cook).get(e.id, ())
    }
    assert len(deaths) >= 3

    def told() -> set[str]:
        draft = ExtractiveWriter().write(cook, "standard")
        return {i for s in draft.body() for i in s.evidence} & deaths

    assert len(told()) == 1
    monkeypatch.setattr(extractive, "_claims", lambda sheet: {})
    assert len(told()) > 1  # what the other redundancy checks let through
    # a death told in passing is no claim of its own
    riots = analyze(
        [SourceDoc("r", "Riots erupted in Athens after a 15-year-old boy was killed by police.")],
        story="r",
    )
    assert extractive._claims(riots) == {}


def test_the_account_follows_how_high_each_sentence_stood_in_its_report(
    sheet: FactSheet,
) -> None:
    """The inverted pyramid: each report tells its news first, so the main account goes from
    the reports' openings down to their details, whatever order the sentences were chosen
    in; a sentence that leans on the one before it stays right after it."""
    by_id = sheet.evidence_by_id()
    for style in STYLES:
        draft = ExtractiveWriter().write(sheet, style)
        main = [s for sec in draft.sections if sec.kind == "main" for s in sec.sentences]
        told = [by_id[s.evidence[0]] for s in main]
        assert len({e.ref for e in told}) >= 2, style
        starts = [
            e.index
            for i, e in enumerate(told)
            if not extractive._leans(told[i - 1] if i else None, e)
        ]
        assert starts == sorted(starts), (style, starts)
        assert len(set(starts)) > 1, style


def test_what_is_to_come_chosen_early_is_the_news(sheet: FactSheet) -> None:
    """A sentence about what is to come that the writer chose first stays in the account
    (the plan is the news); one chosen once half the story is told goes under "What comes
    next"."""
    plan = replace(extractive.PLANS["standard"], words=60)
    usable = [e for e in sheet.evidence if e.usable and not e.quote and not e.dangling]
    ahead = [replace(e, future=True) for e in usable[:2]]
    rest = [e for e in usable[2:] if not e.future][:4]
    lede = rest.pop(0)
    body = [ahead[0], *rest, ahead[1]]
    sections = extractive._sections(sheet, body, plan, lede, "A title")
    kind = {s.evidence[0]: sec.kind for sec in sections for s in sec.sentences}
    assert sum(len(e.text.split()) for e in body[:-1]) >= plan.words * extractive.QUOTE_HIGH
    assert kind[ahead[0].id] == "main"
    assert kind[ahead[1].id] == "next"


def test_a_stock_listing_is_no_part_of_the_story() -> None:
    """ECB+ 27 and 43: "users follow Microsoft's (NASDAQ: MSFT) advice", "Intel (nasdaq:
    INTC-news-people) and Nvdidia": the listing is a link for investors."""
    assert extract.drop_tickers("AMD (NYSE: AMD; NASDAQ: AMD) said.") == "AMD said."
    kept = "The North Atlantic Treaty Organization (NATO) met; shares (up 3%) rose."
    assert extract.drop_tickers(kept) == kept
    for doc, listing in (("27_2ecb", "(NASDAQ: MSFT)"), ("43_6ecb", "(nasdaq: ")):
        sheet = analyze(demo_docs([doc]), story=doc)
        listed = [e for e in sheet.evidence if e.usable and listing in e.text]
        assert listed, doc
        draft = ExtractiveWriter().write(sheet, "standard")
        sentences = [s for s in draft.body() if s.evidence[0] in {e.id for e in listed}]
        assert sentences, doc  # a sentence that carried a listing is told, without it
        for s in sentences:
            assert listing.lower() not in s.text.lower(), s.text
            assert s.edit is not None, s  # "ticker", unless a link word went first


@pytest.mark.parametrize(
    ("sentence", "named"),
    [
        ("Today, Interior Secretary Ken Salazar rescinded the rule.", "On Tuesday, Interior"),
        ("The Obama administration today revoked a rule.", "administration on Tuesday revoked"),
        ("Today's move was the latest in a series.", "Tuesday's move"),
        ("The quake struck yesterday afternoon at a depth of six miles.", "on Monday afternoon"),
        ("Tonight, a crowd gathered to mourn him.", "On Tuesday night, a crowd"),
        ("Police said last night that the suspect fled.", "said on Monday night that"),
        ("The fire has burned since yesterday.", "since Monday."),
        ("Earlier today, police said the road was closed.", "Earlier Tuesday, police"),
        ("The mayor will speak tomorrow.", "speak on Wednesday."),
    ],
)
def test_a_report_s_today_is_named_as_its_day(sentence: str, named: str) -> None:
    filed = date(2009, 4, 28)  # a Tuesday
    resolved = {"2009-04-27", "2009-04-28", "2009-04-29"}
    assert named in days.name_days(sentence, filed, date(2009, 4, 29), resolved)


@pytest.mark.parametrize(
    "sentence",
    [
        "“Secretary Salazar took an important step today,” said Noah Greenwald.",
        "The bridge still stands today.",
        "In today's world, nobody calls.",
    ],
)
def test_a_speaker_s_today_or_the_nowadays_today_is_left_as_it_is(sentence: str) -> None:
    filed = date(2009, 4, 28)
    assert days.name_days(sentence, filed, filed, {"2009-04-28"}) == sentence


def test_a_day_named_only_where_the_report_s_time_and_the_fact_sheet_give_it() -> None:
    text = "Today, the council met."
    assert days.name_days(text, None, date(2009, 4, 28), {"2009-04-28"}) == text
    assert days.name_days(text, date(2009, 4, 28), date(2009, 4, 28), set()) == text
    # a week or more before the story's date a weekday would mislead: the date names it
    later = days.name_days(text, date(2009, 4, 28), date(2009, 5, 6), {"2009-04-28"})
    assert later == "On April 28, the council met."
    assert (
        days.name_days(
            "Tonight, the council met.", date(2009, 4, 28), date(2010, 1, 6), {"2009-04-28"}
        )
        == "On the night of April 28, 2009, the council met."
    )


def test_one_day_told_from_reports_filed_on_different_days_is_one_day() -> None:
    """ECB+ 37, the Aceh earthquake: independent.co.uk, filed 2 July 2013, says the quake
    "struck … today"; a report filed 3 July says "The quake struck yesterday afternoon". In
    one story both are read against one date, and said one day two ways. Named, both are
    Tuesday (2 July 2013), and the verifier publishes them."""
    sheet = analyze(demo_docs(["37_5ecbplus", "37_3ecbplus"]), story="aceh")
    composed = write_verified(sheet, ["in-depth"])
    draft = composed.drafts["in-depth"]
    told = draft.body()
    relative = re.compile(r"\b(today|yesterday|tonight)\b", re.IGNORECASE)
    assert not [s.text for s in told if relative.search(extract.strip_quotes(s.text))]
    named = [s.text for s in told if s.edit and "day named" in s.edit]
    assert any("struck Indonesia's northwestern province of Aceh on Tuesday" in t for t in named)
    assert any("The quake struck on Tuesday afternoon" in t for t in named), named
