"""`ingest --from DIR`: every local format, bad files, reruns."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from newsdesk.ingest.dedupe import article_id
from newsdesk.ingest.local import parse_when
from newsdesk.ingest.pipeline import Ingestor
from newsdesk.settings import load_settings
from newsdesk.store import open_store
from tests.helpers import PARAS, article_html, distinct_paras, rfc822, rss


def make_corpus(root: Path) -> None:
    root.mkdir()
    (root / "page.html").write_text(article_html("A saved page", distinct_paras("p1")))
    (root / "sub").mkdir()
    (root / "sub" / "page2.html.gz").write_bytes(
        gzip.compress(article_html("A gzipped page", distinct_paras("p2")).encode())
    )
    items = [
        {
            "link": "https://example.com/feed-item",
            "guid": "fi",
            "date": rfc822(),
            "description": " ".join(distinct_paras("f1")),
        }
    ]
    (root / "feed.xml").write_bytes(rss(items))
    (root / "feed.json").write_text(
        json.dumps(
            {
                "version": "https://jsonfeed.org/version/1.1",
                "title": "JSON Desk",
                "items": [
                    {
                        "id": "j1",
                        "url": "https://example.com/json-item",
                        "content_text": " ".join(distinct_paras("j1")),
                        "date_published": "2024-02-01T08:00:00Z",
                    }
                ],
            }
        )
    )
    (root / "note.md").write_text(
        "---\ntitle: From front matter\npublished: 2024-02-02T09:30:00+01:00\n"
        "outlet: Desk Notes\nurl: https://notes.example.org/1\n---\n"
        + "\n".join(distinct_paras("m1"))
    )
    (root / "plain.txt").write_text("An undated text\n" + "\n".join(distinct_paras("t1")))
    lines = [
        json.dumps(
            {
                "doc_id": "r1",
                "title": "Record one",
                "text": " ".join(distinct_paras("r1")),
                "published": "March 3, 2024",
                "source": "Wire",
            }
        ),
        "{not json",
        json.dumps({"doc_id": "r2", "sentences": distinct_paras("r2"), "published": "2024-03-04"}),
        json.dumps({"doc_id": "r3", "title": "no text"}),
        json.dumps(["not", "an", "object"]),
    ]
    (root / "records.jsonl").write_text("\n".join(lines) + "\n")
    (root / "ignored.pdf").write_bytes(b"%PDF")
    (root / "broken.xml").write_bytes(b"<<<not xml at all")


def test_every_local_format(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    make_corpus(corpus)
    store = open_store(f"sqlite:///{tmp_path / 'nd.db'}")
    ingestor = Ingestor(store, load_settings(home=tmp_path))
    report = ingestor.ingest_path(corpus)
    # page.html, page2.html.gz, feed item, JSON Feed item, note.md, records r1 and r2
    assert report.articles_added == 7
    assert report.rejected == {"undated": 1, "bad-record": 2, "no-article": 1, "malformed": 1}
    note = store.get_article(article_id("https://notes.example.org/1"))
    assert note is not None
    assert (note.title, note.outlet, note.date_source) == (
        "From front matter",
        "Desk Notes",
        "file",
    )
    assert note.published is not None
    assert note.published.isoformat() == "2024-02-02T09:30:00+01:00"  # on its writer's clock
    item = store.get_article(article_id("https://example.com/json-item"))
    assert item is not None
    assert (item.outlet, item.text_source) == ("JSON Desk", "feed")
    titles = {store.get_article(a).title for a in store.article_ids()}  # type: ignore[union-attr]
    assert {"A saved page", "A gzipped page", "Record one"} <= titles
    # Rerun: all known, nothing doubled.
    again = ingestor.ingest_path(corpus)
    assert again.articles_added == 0
    assert again.duplicates == 7
    assert store.counts()["articles"] == 7


def test_undated_files_can_be_allowed(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "plain.txt").write_text("Title line\n" + "\n".join(PARAS))
    store = open_store(f"sqlite:///{tmp_path / 'nd.db'}")
    report = Ingestor(store, load_settings(home=tmp_path)).ingest_path(corpus, allow_undated=True)
    assert report.articles_added == 1
    (aid,) = store.article_ids()
    art = store.get_article(aid)
    assert art is not None
    assert art.published is None
    assert art.date_source == "unknown"


def test_demo_corpus_is_bundled_and_clean(tmp_path: Path) -> None:
    from newsdesk.cli import demo_corpus

    path = demo_corpus()
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    assert len(rows) == 496
    text = "\n".join(r["text"] for r in rows)
    for artifact in ("``", "''", "http: / /", " n't", "co - workers", "U. S.", "10: 50AM"):
        assert artifact not in text, artifact
    dated = [r for r in rows if r["published"]]
    assert len(dated) > 100
    assert all(r["url"].startswith(("http", "urn:ecbplus:")) for r in rows)
    assert (path.parent / "ATTRIBUTION.md").exists()
    assert (path.parent / "ECBplus_COPYING-CC.TXT").exists()


def test_oversized_and_binary_files_are_refused(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "huge.html").write_bytes(b"<p>" + b"x" * 3_000_000 + b"</p>")
    (corpus / "binary.html").write_bytes(bytes(range(256)) * 100)
    (corpus / "fine.md").write_text("---\ntitle: Fine\npublished: 2024-01-01\n---\n" + PARAS[0])
    store = open_store(f"sqlite:///{tmp_path / 'nd.db'}")
    settings = load_settings(home=tmp_path, overrides={"fetch": {"max_bytes": 1_000_000}})
    report = Ingestor(store, settings).ingest_path(corpus)
    assert report.articles_added == 1
    assert report.rejected == {"too-large": 1, "malformed-html": 1}
    assert (
        "over the 1,000,000-byte cap"
        in store.recent_events(5, source=str(corpus / "huge.html"))[0]["message"]
    )


def test_an_undated_file_takes_the_date_its_stamp_line_prints(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    stamp = "First Published: June 13, 2013 4:59 PM EDT"
    (corpus / "plain.txt").write_text("Title line\n" + stamp + "\n" + "\n".join(PARAS))
    (corpus / "records.jsonl").write_text(
        json.dumps({"doc_id": "r1", "text": "\n".join([*distinct_paras("r"), "AFP, 2 Jul 2013"])})
        + "\n"
    )
    store = open_store(f"sqlite:///{tmp_path / 'nd.db'}")
    report = Ingestor(store, load_settings(home=tmp_path)).ingest_path(corpus, allow_undated=True)
    assert report.articles_added == 2
    found = {
        (a.published.date().isoformat() if a.published else None, a.date_source)
        for a in (store.get_article(i) for i in store.article_ids())
        if a is not None
    }
    assert found == {("2013-06-13", "text"), ("2013-07-02", "text")}


@pytest.mark.parametrize(
    ("written", "iso"),
    [
        ("Tue, 05 Mar 2024 20:15:00 -0500", "2024-03-05T20:15:00-05:00"),
        ("Tue, 05 Mar 2024 20:15:00 EST", "2024-03-05T20:15:00-05:00"),
        ("Tue, 05 Mar 2024 20:15:00 GMT", "2024-03-05T20:15:00+00:00"),
        ("Tue, 05 Mar 2024 20:15:00 -0000", "2024-03-05T20:15:00+00:00"),  # offset unknown
        ("2024-03-06T09:15:00+13:00", "2024-03-06T09:15:00+13:00"),
        ("2024-03-05T20:15:00Z", "2024-03-05T20:15:00+00:00"),
        ("2024-03-05T20:15:00", "2024-03-05T20:15:00+00:00"),  # none stated: UTC
        ("March 5, 2024", "2024-03-05T00:00:00+00:00"),
    ],
)
def test_a_written_time_keeps_the_clock_it_states(written: str, iso: str) -> None:
    when = parse_when(written)
    assert when is not None
    assert when.isoformat() == iso


@pytest.mark.parametrize("written", ["", "soon", "Tue, 99 Foo 2024 25:61:00 -0500"])
def test_a_time_that_is_none_is_not_guessed(written: str) -> None:
    assert parse_when(written) is None
