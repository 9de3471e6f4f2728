"""A publication date written in an article's text: its stamp line.

Pasted and exported articles (a ``.txt`` file, a JSON line from a corpus) often
lose their metadata but keep the line a site prints above or below the story:

    First Published: June 13, 2013 4:59 PM EDT
    PUBLISHED: 02:31 GMT, 12 March 2013 | UPDATED: 22:19 GMT, 12 March 2013
    AFP, Tuesday 2 Jul 2013
    WASHINGTON, DC, April 28, 2009

``text_date`` finds such a line among the first and last lines of a text and
reads the first full date on it (day, month and year; the original date, not an
update). A sentence is never a stamp ("Reid checked herself in on Tuesday,
December 9, 2008." tells when something happened, not when the report was
filed), nor is a year alone or a month without its day: a date is taken only
when the text states it whole, so nothing is guessed.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from newsdesk.analyze.dates import MONTH_NUMBER

HEAD_LINES = 8  # a stamp sits above the story …
TAIL_LINES = 5  # … or below it
MAX_WORDS = 18  # a longer line is prose
MAX_OTHER_WORDS = 4  # words besides the date, time, markers: an outlet, a place

_MONTH = "|".join(sorted(MONTH_NUMBER, key=len, reverse=True))
_YEAR = r"(?:19[89]\d|20\d\d)"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_DATES = (
    # June 13, 2013 · Sep 18, 2013 · Dec 23 2012 · March 08, 2013 · Sept. 4th, 2012
    re.compile(rf"\b(?P<m>{_MONTH})\.?\s+(?P<d>{_DAY}),?\s+(?P<y>{_YEAR})\b", re.I),
    # 12 March 2013 · 2 Jul 2013 · 16 September, 2013
    re.compile(rf"\b(?P<d>{_DAY})\s+(?P<m>{_MONTH})\.?,?\s+(?P<y>{_YEAR})\b", re.I),
    # 2013-09-28
    re.compile(rf"\b(?P<y>{_YEAR})-(?P<m>\d\d)-(?P<d>\d\d)\b"),
    # 03/08/2013 · 2/29/2012 (month first, as US sites write it)
    re.compile(rf"(?<![\d/])(?P<m>\d{{1,2}})/(?P<d>\d{{1,2}})/(?P<y>{_YEAR})\b"),
)
# What else a stamp line holds besides its date.
_FILLER = re.compile(
    r"\b(?:first|last|originally|published|posted|updated?|created|released?|release|"
    r"modified|found|filed|story|date|dated|on|at|by|and|\d{1,2}[:.]\d\d(?:[:.]\d\d)?\s*"
    r"(?:[ap]\.?m\.?|[ap])?|[ap]\.?m\.?|gmt|utc|bst|cet|cest|ist|aest|local(?:\s+time)?|"
    r"[ecmpa]k?[sd]t|hst|monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\b\.?",
    re.I,
)
_WORD = re.compile(r"[^\W\d_][\w'\u2019.-]*")


def _date(match: re.Match[str]) -> datetime | None:
    month = match.group("m")
    m = int(month) if month.isdigit() else MONTH_NUMBER[month.lower().rstrip(".")]
    day = int(match.group("d").rstrip("stndrh"))  # "4th"
    try:
        return datetime(int(match.group("y")), m, day, 12, tzinfo=UTC)
    except ValueError:  # 2/30/2013
        return None


def stamp_date(line: str) -> datetime | None:
    """The first full date on ``line`` if the line is a stamp, not a sentence."""
    words = line.split()
    if not words or len(words) > MAX_WORDS:
        return None
    found = sorted(
        (m for pattern in _DATES for m in pattern.finditer(line)), key=lambda m: m.start()
    )
    if not found:
        return None
    rest = line
    for m in found:
        rest = rest.replace(m.group(0), " ")
    others = _WORD.findall(_FILLER.sub(" ", rest))
    # What is left is an outlet or a place ("AFP", "SUNNYVALE, Calif."), written as a name.
    if len(others) > MAX_OTHER_WORDS or any(w[0].islower() for w in others):
        return None
    return _date(found[0])


def text_date(text: str, now: datetime | None = None) -> datetime | None:
    """The publication date a text's stamp line gives (noon UTC that day), or None.

    The first stamp among the text's opening lines wins, then the closing lines; a date
    after ``now`` (default: the present) is no publication date.
    """
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) > HEAD_LINES + TAIL_LINES:
        lines = lines[:HEAD_LINES] + lines[-TAIL_LINES:]
    limit = now or datetime.now(UTC)
    for line in lines:
        when = stamp_date(line)
        if when is not None and when.date() <= limit.date():
            return when
    return None
