"""A publication date read from a stamp line in an article's text."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from newsdesk.ingest.stamp import stamp_date, text_date

NOON = {"hour": 12, "tzinfo": UTC}


@pytest.mark.parametrize(
    ("line", "day"),
    [
        # stamp lines as real articles print them (ECB+ corpus texts)
        ("First Published: June 13, 2013 4:59 PM EDT", (2013, 6, 13)),
        ("Story Created: Aug 7, 2012 at 9:56 AM AKDT", (2012, 8, 7)),
        ("PUBLISHED: 02:31 GMT, 12 March 2013 | UPDATED: 22:19 GMT, 14 March 2013", (2013, 3, 12)),
        ("on September 14, 2013 11:41am | Updated on September 15, 2013 11:41am", (2013, 9, 14)),
        ("8:05am UK, Monday 16 September 2013", (2013, 9, 16)),
        ("Reuters Sep 18, 2013, 02.16PM IST", (2013, 9, 18)),
        ("on Dec 23 2012, 5:03p", (2012, 12, 23)),
        ("Release: 03/08/2013", (2013, 3, 8)),
        ("Thursday, Apr 2, 2009 | Updated 1:32 PM PDT", (2009, 4, 2)),
        ("AFP, Tuesday 2 Jul 2013", (2013, 7, 2)),
        ("SUNNYVALE, Calif. —2/29/2012", (2012, 2, 29)),
        ("Released 2013-09-28 05:08:35 GMT", (2013, 9, 28)),
        ("WASHINGTON, DC, April 28, 2009", (2009, 4, 28)),
        ("Posted Sept. 4th, 2012", (2012, 9, 4)),
    ],
)
def test_a_stamp_line_gives_its_first_full_date(line: str, day: tuple[int, int, int]) -> None:
    assert stamp_date(line) == datetime(*day, **NOON)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "line",
    [
        "Reid checked herself in on Tuesday, December 9, 2008.",  # when it happened
        "Jackson's court date is set for February 17, 2009.",  # a date to come
        "On February 29, 2012, AMD announced a definitive agreement to acquire SeaMicro.",
        "Tara, 33, was previously engaged to MTV host Carson Daly in 2001.",  # a year alone
        "Updated March 2013",  # no day
        "Release: 2/30/2013",  # no such day
        "Found 2,290 points, 1978",
    ],
)
def test_a_sentence_or_a_partial_date_is_no_stamp(line: str) -> None:
    assert stamp_date(line) is None


def test_the_stamp_is_sought_above_and_below_the_story_only() -> None:
    body = [f"Paragraph {i} of the story tells what happened and who said it." for i in range(20)]
    below = "\n".join([*body, "Posted: Jan. 5, 2014 10:02 AM"])
    assert text_date(below) == datetime(2014, 1, 5, **NOON)  # type: ignore[arg-type]
    inside = "\n".join([*body[:10], "AFP, Tuesday 2 Jul 2013", *body[10:]])
    assert text_date(inside) is None
    assert text_date("\n".join(body)) is None


def test_a_stamp_after_now_is_no_publication_date() -> None:
    text = "Published: March 3, 2031\nThe story."
    assert text_date(text, now=datetime(2026, 11, 23, tzinfo=UTC)) is None
    assert text_date(text, now=datetime(2031, 3, 3, 8, tzinfo=UTC)) is not None
