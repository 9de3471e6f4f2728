"""Date expressions resolved to absolute dates against an article's publication time.

News writes dates relative to the day of publication: "on Friday" is the
Friday on or before the article's date, "last week" the week before it, "Jan.
3" the most recent January 3. ``resolve`` turns one expression (a spaCy DATE
span) into a :class:`ResolvedDate` with the precision the text supports, or
``None`` when it cannot be resolved without guessing: durations ("three
years"), vague spans ("recent months"), and anything relative when the
article's time is unknown. A month and day without a year and without a
publication time keep ``year=None`` rather than an invented year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# The words that date the news by its day ("on Sunday", "today", "this morning"): how
# reporters date what is new, where what happened long ago gets its year.
DAY_WORD = re.compile(
    rf"\b(?:{'|'.join(WEEKDAYS)}|yesterday|today|tonight|tomorrow|"
    r"this (?:week|morning|afternoon|evening))\b",
    re.IGNORECASE,
)
# What names a month or a day besides a bare year: without one, "18, 2013" is no day in
# November (the publication's month), and "12 2013" no December.
_FINER_THAN_A_YEAR = (
    rf"\b({_MONTHS})\b|\b({'|'.join(WEEKDAYS)})\b|\b(yesterday|today|tonight|tomorrow)\b"
    r"|\b(last|this|next|past)\s+(week|month|year|weekend)\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b"
    r"|\b(?:1[89]|20)\d\d-\d\d\b"
)
_YEAR = r"\b(?:1[89]|20)\d\d\b"
# A part of the report's own day, or of the night before it: "this morning", "late last
# night" (times to the tagger, days to a reader).
_DAY_PART = re.compile(
    r"(?:(?:early|late|earlier|later)\s+)?(?:(this)\s+(?:morning|afternoon|evening)|(last)\s+night"
    r"|(tonight))",
    re.IGNORECASE,
)
# From this hour (UTC) on, the next day has begun where much news is written (UTC+12 at
# noon, Australia's east by 14:00, East Asia by 16:00): a weekday naming that next day
# may be the writer's today.
AHEAD_OF_UTC = 12
_FINER = re.compile(_FINER_THAN_A_YEAR, re.IGNORECASE)
_ANCHORED = re.compile(f"{_FINER_THAN_A_YEAR}|{_YEAR}", re.IGNORECASE)  # names a time at all
_MONTH_DAY = re.compile(
    rf"\b({_MONTHS})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?!,?\s*\d{{4}})", re.IGNORECASE
)
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTHS})\b(?!\.?,?\s*\d{{4}})", re.I)
MONTH_NUMBER = {
    name: i
    for i, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
# Words around a date that carry no date: "the early hours of Friday morning".
_NOISE = re.compile(
    r"\b(on|in|at|by|since|until|from|the|early|late|hours?|of|morning|afternoon|evening|night|"
    r"overnight|midday|noon|dawn|as|earlier|later|around|about|before|after)\b",
    re.IGNORECASE,
)
# "2007-08", "2010/11": a season or a fiscal year, never August 2007 or November 2010.
_SEASON = re.compile(r"\b(?:1[89]|20)(\d\d)\s*[-/\u2013]\s*(\d\d)\b(?![-/]\d)")
_VAGUE = re.compile(r"\b(recent|coming|several|few|past \w+ (days|weeks|months|years))\b", re.I)
PRECISIONS = ("day", "week", "month", "year")


@dataclass(frozen=True, slots=True)
class ResolvedDate:
    """An absolute date at some precision; ``year`` is None only for a bare month and day."""

    year: int | None
    month: int
    day: int
    precision: str  # day | week | month | year

    @property
    def iso(self) -> str:
        """ISO text at the date's own precision: 2024-01-03, 2024-01, 2024 or --01-03."""
        if self.year is None:
            return f"--{self.month:02d}-{self.day:02d}"
        if self.precision == "year":
            return f"{self.year:04d}"
        if self.precision == "month":
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def as_date(self) -> date | None:
        return date(self.year, self.month, self.day) if self.year is not None else None

    def days_from(self, other: ResolvedDate) -> int | None:
        """Distance in days between two day-precision dates (month-day only if a year is
        missing), or None when either is coarser than a day."""
        if self.precision != "day" or other.precision != "day":
            return None
        if self.year is None or other.year is None:
            a = date(2000, self.month, self.day)
            b = date(2000, other.month, other.day)
            gap = abs((a - b).days)
            return min(gap, 366 - gap)
        return abs(
            (date(self.year, self.month, self.day) - date(other.year, other.month, other.day)).days
        )


def label(d: ResolvedDate) -> str:
    """How a date reads in a story: "Jan. 3, 2024", "January 2024", "2024", "Jan. 3"."""
    months = (
        "Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.",
        "Nov.", "Dec.",
    )  # fmt: skip
    full = (
        "January", "February", "March", "April", "May", "June", "July", "August", "September",
        "October", "November", "December",
    )  # fmt: skip
    if d.year is None:
        return f"{months[d.month - 1]} {d.day}"
    if d.precision == "year":
        return str(d.year)
    if d.precision == "month":
        return f"{full[d.month - 1]} {d.year}"
    if d.precision == "week":
        return f"week of {months[d.month - 1]} {d.day}, {d.year}"
    return f"{months[d.month - 1]} {d.day}, {d.year}"


@lru_cache(maxsize=1)
def _parser() -> Any:
    from dateparser.date import DateDataParser

    return DateDataParser(languages=["en"])


@lru_cache(maxsize=256)
def _relative_parser(day: date, prefer: str) -> Any:
    """A parser that reads relative dates from noon of ``day``, preferring past or future."""
    from dateparser.date import DateDataParser

    return DateDataParser(
        languages=["en"],
        settings={
            "RELATIVE_BASE": datetime(day.year, day.month, day.day, 12),
            "PREFER_DATES_FROM": prefer,
            "RETURN_AS_TIMEZONE_AWARE": False,
        },
    )


def _clean(expression: str) -> str:
    text = _NOISE.sub(" ", expression.replace("\u2019s", "").replace("'s", ""))
    return re.sub(r"\s+", " ", text).strip(" ,.-")


def names_a_day(expression: str) -> bool:
    """Whether a time expression names the day it falls on: "tonight", "late last night",
    "this morning" do; "3 p.m." and "hours later" do not."""
    return bool(DAY_WORD.search(expression) or _DAY_PART.search(expression))


def resolve(
    expression: str, published: datetime | None, *, ahead: bool = False
) -> ResolvedDate | None:
    """The absolute date an expression names, seen from ``published`` (naive or aware).

    ``ahead``: the sentence speaks of what is to come ("must respond by July 26"), so a
    date without a year is the next one, not the last."""
    part = _DAY_PART.fullmatch(expression.strip())
    if part is not None:
        if published is None:
            return None
        day = published.replace(tzinfo=None) - timedelta(days=1 if part.group(2) else 0)
        return ResolvedDate(day.year, day.month, day.day, "day")
    if not _ANCHORED.search(expression) or _VAGUE.search(expression):
        return None
    if any(int(m[2]) == (int(m[1]) + 1) % 100 for m in _SEASON.finditer(expression)):
        return None
    if not _FINER.search(expression) and len(re.findall(r"\d+", expression)) > len(
        re.findall(_YEAR, expression)
    ):
        return None  # a year and other numbers: a day or a month we would have to guess
    text = _clean(expression)
    if not text:
        return None
    lowered = text.lower()
    if published is None:
        return _resolve_absolute(text)
    base = published.replace(tzinfo=None)
    # The tagger sometimes takes the noun before a bare weekday into the date: "sparked
    # landslides Tuesday" gives "landslides Tuesday", which is Tuesday.
    glued = re.fullmatch(
        rf"(?:(?!last |this |next )[a-z]+ )+((?:last |this |next )?(?:{'|'.join(WEEKDAYS)}))",
        lowered,
    )
    if glued and text.split()[0].islower():
        lowered = glued.group(1)
    weekday = next(
        (w for w in WEEKDAYS if re.fullmatch(rf"(last |this |next )?{w}", lowered)), None
    )
    if weekday is not None:
        # News convention: a bare weekday is the latest such day on or before publication;
        # in a sentence about what is to come, the next such day from publication on. The
        # publication's own weekday is that day either way ("will get a stadium after the
        # council approved it on Friday", published on a Friday); "next Friday" looks ahead.
        target = WEEKDAYS.index(weekday)
        if lowered.startswith("next ") or (ahead and not lowered.startswith("last ")):
            step = (target - base.weekday()) % 7
            if lowered.startswith("next "):
                step = step or 7
            day = base + timedelta(days=step)
        else:
            if (
                target == (base.weekday() + 1) % 7
                and base.hour >= AHEAD_OF_UTC
                and not published.utcoffset()  # in UTC (or naive): the local day unknown
                and not lowered.startswith("last ")
            ):
                # Filed Sunday 23:26 UTC, "police said Monday": six days back where the
                # report was written behind UTC, but today in New Zealand, where it is
                # already Monday morning. A report that states its offset is read on its
                # writer's clock (the store keeps it); one in UTC leaves which unknown.
                return None
            day = base - timedelta(days=(base.weekday() - target) % 7)
            if lowered.startswith("last ") and day.date() == base.date():
                day -= timedelta(days=7)
        return ResolvedDate(day.year, day.month, day.day, "day")
    try:
        data = _relative_parser(base.date(), "future" if ahead else "past").get_date_data(text)
    except (ValueError, OverflowError):
        return None
    period = "day" if data.period == "time" else data.period
    if data.date_obj is None or period not in PRECISIONS:
        return None
    value = data.date_obj
    if ahead and period in ("day", "month") and not _has_year(text):
        # The publication's own day (or month) is not past: "elections will be held …,
        # ITAR-TASS reported September 26", filed on September 26, is of that day, not the
        # next year's. The parser reads from noon, so it puts that day a year on.
        try:
            earlier = value.replace(year=value.year - 1)
        except ValueError:  # February 29
            earlier = value
        own = earlier.date() >= base.date() if period == "day" else (
            (earlier.year, earlier.month) >= (base.year, base.month))  # fmt: skip
        if own:
            value = earlier
    return ResolvedDate(value.year, value.month, value.day if period in ("day", "week") else 1,
                        period)  # fmt: skip


def _has_year(text: str) -> bool:
    return re.search(r"\b(1[89]\d\d|20\d\d)\b", text) is not None


def _resolve_absolute(text: str) -> ResolvedDate | None:
    """Without a publication time only what the text states is kept, year or not."""
    month_day = _MONTH_DAY.search(text) or _DAY_MONTH.search(text)
    if month_day is not None and not _has_year(text):
        a, b = month_day.groups()
        month_name, day_text = (a, b) if a[0].isalpha() else (b, a)
        month, day = MONTH_NUMBER[month_name.lower().rstrip(".")], int(day_text)
        try:
            date(2000, month, day)
        except ValueError:
            return None
        return ResolvedDate(None, month, day, "day")
    if not _has_year(text):
        return None  # "Friday", "last week": relative to a time we do not know
    data = _parser().get_date_data(text)
    if data.date_obj is None or data.period not in PRECISIONS:
        return None
    value = data.date_obj
    return ResolvedDate(value.year, value.month, value.day if data.period == "day" else 1,
                        data.period)  # fmt: skip
