"""Sentence splitting (the evidence units), text clean-up, feed parsing details."""

from __future__ import annotations

import pytest

from newsdesk.ingest.dedupe import article_id, canonical_url
from newsdesk.ingest.feeds import parse_feed, parse_opml
from newsdesk.models import parse_evidence_id
from newsdesk.text import content_hash, html_to_text, normalize_text, split_sentences


def texts(text: str) -> list[str]:
    return [s.text for s in split_sentences("a", text)]


def test_sentences_respect_abbreviations_and_keep_offsets() -> None:
    text = (
        "Mr. Smith met U.S. officials on Jan. 3 in Washington. He left at 5 p.m. on Friday.\n"
        "A new paragraph starts here! Does it end? Yes."
    )
    got = split_sentences("abc", text)
    assert [s.text for s in got] == [
        "Mr. Smith met U.S. officials on Jan. 3 in Washington.",
        "He left at 5 p.m. on Friday.",
        "A new paragraph starts here!",
        "Does it end?",
        "Yes.",
    ]
    assert [s.evidence_id for s in got] == [f"abc:{i}" for i in range(5)]
    for s in got:
        assert text[s.start : s.end] == s.text


def test_a_title_glued_to_a_word_does_not_cut_a_name() -> None:
    """ECB+ 23: "…a ridge in Aoraki/Mt. Cook National Park" was cut after "Mt."; the
    headline trimmed from it ended "…from a ridge in Aoraki/Mt"."""
    text = (
        "A 36-year-old Australian man died on Friday after falling 150 meters from a ridge in "
        "Aoraki/Mt. Cook National Park, police said.  Rescuers found him on Saturday."
    )
    got = split_sentences("mt", text)
    assert [s.text for s in got] == [
        "A 36-year-old Australian man died on Friday after falling 150 meters from a ridge in "
        "Aoraki/Mt. Cook National Park, police said.",
        "Rescuers found him on Saturday.",
    ]
    for s in got:
        assert text[s.start : s.end] == s.text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Multi-News: "…lost the ratings battle … during the 8 p.m." was written as a sentence.
        (
            "NBC lost the ratings battle during the 8 p.m. ET primetime slot on Monday night. "
            "ABC won.",
            [
                "NBC lost the ratings battle during the 8 p.m. ET primetime slot on Monday night.",
                "ABC won.",
            ],
        ),
        (
            "The vote is set for 5 p.m. Tuesday, officials said. Polls open at 7.",
            ["The vote is set for 5 p.m. Tuesday, officials said.", "Polls open at 7."],
        ),
        (
            "It aired at 10:30 p.m. local time on Friday. Few watched.",
            ["It aired at 10:30 p.m. local time on Friday.", "Few watched."],
        ),
        # The time ends the sentence: a name, or a weekday's possessive, starts the next.
        (
            "The shooting happened at 3 a.m. Police said two men fled.",
            ["The shooting happened at 3 a.m.", "Police said two men fled."],
        ),
        (
            "The strike began at 6 a.m. Monday's rally was calm.",
            ["The strike began at 6 a.m.", "Monday's rally was calm."],
        ),
    ],
)
def test_a_clock_time_runs_on_into_its_zone_or_day(text: str, expected: list[str]) -> None:
    got = split_sentences("clock", text)
    assert [s.text for s in got] == expected
    for s in got:
        assert text[s.start : s.end] == s.text


@pytest.mark.parametrize(
    "text",
    [
        "According to police, Kimani Gray had a .38 caliber revolver and pointed it. He fled.",
        "He carried a. 38 caliber revolver, police said. He fled.",  # ECB+'s tokenisation
    ],
)
def test_no_sentence_ends_on_an_article(text: str) -> None:
    """The demo's Kimani Gray story told "According to police, Kimani Gray had a." and "38
    caliber Rohm's Industry revolver and he allegedly pointed it…" as two sentences."""
    got = split_sentences("caliber", text)
    assert len(got) == 2, [s.text for s in got]
    assert got[1].text == "He fled."
    for s in got:
        assert text[s.start : s.end] == s.text


def test_a_quote_stays_with_its_speaker() -> None:
    assert texts('"At times it looked a little bleak, " Owen said.') == [
        '"At times it looked a little bleak, " Owen said.'
    ]
    assert texts("\u201cI don't need to do anything anymore.\u201d She smiled.") == [
        "\u201cI don't need to do anything anymore.\u201d",
        "She smiled.",
    ]


def test_no_sentence_spans_two_paragraphs() -> None:
    assert texts("Headline without a stop\nBody text. More body.") == [
        "Headline without a stop",
        "Body text.",
        "More body.",
    ]


def test_evidence_ids_round_trip() -> None:
    assert parse_evidence_id("0123abcd:17") == ("0123abcd", 17)


def test_html_to_text_keeps_paragraphs_and_drops_scripts() -> None:
    html = "<p>First <b>bold</b> line.</p><script>alert(1)</script><p>Second&nbsp;line</p>"
    assert html_to_text(html) == "First bold line.\nSecond line"
    assert normalize_text("  a \u00a0 b \r\n\r\n\n c\u00ad d ") == "a b\nc d"


def test_content_hash_ignores_case_spacing_and_punctuation() -> None:
    assert content_hash("The Budget, passed!") == content_hash("the budget passed")
    assert content_hash("The budget passed") != content_hash("The budget failed")


def test_canonical_urls() -> None:
    assert (
        canonical_url("HTTPS://WWW.Example.com:443/a?utm_source=x&id=3#top")
        == "https://www.example.com/a?id=3"
    )
    assert canonical_url("file:///tmp/x.html") == "file:///tmp/x.html"
    assert article_id("https://example.com/a?utm_medium=rss") == article_id("https://example.com/a")


def test_json_feed_and_atom_and_opml() -> None:
    jf = parse_feed(
        b'{"version": "https://jsonfeed.org/version/1", "title": "J", "items": ['
        b'{"id": "1", "url": "/a", "content_html": "<p>x</p>",'
        b' "date_published": "2024-01-02T03:04:05+02:00"}, {"id": "2"}]}',
        "https://j.example/feed.json",
    )
    assert jf.kind == "jsonfeed1"
    assert [i.url for i in jf.items] == ["https://j.example/a"]
    assert jf.items[0].published is not None
    assert jf.items[0].published.isoformat() == "2024-01-02T03:04:05+02:00"  # its own clock
    assert "without a link" in jf.warnings[0]
    atom = parse_feed(
        b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">'
        b"<title>A</title><entry><id>urn:1</id><title>T</title>"
        b'<link href="https://a.example/1"/><updated>2024-05-01T00:00:00Z</updated>'
        b"<summary>S</summary></entry><entry><id>urn:2</id><title>Evening</title>"
        b'<link href="https://a.example/2"/><updated>2024-05-01T20:30:00-04:00</updated>'
        b"<summary>S</summary></entry></feed>"
    )
    stamped = [i.published.isoformat() if i.published else None for i in atom.items]
    assert stamped == ["2024-05-01T00:00:00+00:00", "2024-05-01T20:30:00-04:00"]
    assert (atom.kind, atom.items[0].url, atom.items[0].guid) == (
        "atom10",
        "https://a.example/1",
        "urn:1",
    )
    assert parse_opml(b'<opml><body><outline xmlUrl="https://x/f" title="X"/></body></opml>') == [
        ("https://x/f", "X")
    ]


def test_public_api() -> None:
    import types

    import newsdesk

    public = {
        name
        for name in dir(newsdesk)
        if not name.startswith("_") and not isinstance(getattr(newsdesk, name), types.ModuleType)
    }
    assert public | {"__version__"} == set(newsdesk.__all__)


def test_errors_keep_their_fields_across_processes() -> None:
    import pickle

    from newsdesk.errors import ExtractError, HTTPStatusError

    err = pickle.loads(pickle.dumps(ExtractError("thin page", reason="malformed-html")))
    assert (type(err), str(err), err.reason) == (ExtractError, "thin page", "malformed-html")
    http = pickle.loads(pickle.dumps(HTTPStatusError("gone", url="https://x/", status=410)))
    assert (http.status, http.url, http.reason) == (410, "https://x/", "http-410")
