"""The day a report's "today" is, named as a story that outlives the day must name it.

A report dates its news by the day it was filed on: "today", "yesterday afternoon",
"tonight". A story told from several reports, filed on different days and read on a day
after them, cannot: one report's "The quake struck today" and the next day's "The quake
struck yesterday afternoon" say the same day in one story, and a reader takes both for
their own day. So the story names the day, as wire copy does: "on Tuesday", "Monday
afternoon", "Tuesday's move"; a day a week or more before the story's own date by its
date, "on April 28".

The day comes from the report's own time on its writer's clock (as the fact sheet
resolves "today" for the timeline); a report with no time keeps its words. Words inside a
quotation are the speaker's and stay as they are.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from datetime import date, timedelta

from newsdesk.analyze import extract
from newsdesk.analyze.dates import WEEKDAYS, ResolvedDate, label

# A day named by its weekday while the story's date is less than this many days after it;
# a week on, "Tuesday" would read as the latest Tuesday, so the date names it.
WEEKDAY_DAYS = 7

_DAY = re.compile(
    r"\b(?:(?P<word>today|tonight|yesterday|tomorrow)"
    r"(?:\s+(?P<part>morning|afternoon|evening|night))?"
    r"|(?P<this>this|last)\s+(?P<thispart>morning|afternoon|evening|night))"
    r"(?P<own>['\u2019]s\b)?\b",
    re.IGNORECASE,
)
_OFFSET = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}
# Words after which a day is named bare ("since Monday", "until Friday"), not "on" it.
_BARE_AFTER = frozenset(
    [
        *("on", "since", "until", "till", "by", "from", "before", "after", "through", "of"),
        *("for", "at", "as", "than", "to", "between", "early", "late", "earlier", "later"),
    ]
)
_WORD_BEFORE = re.compile(r"([A-Za-z]+)\W*$")
# "today" for these days, not for one day: "still stands today", "in today's world".
_NOWADAYS_BEFORE = re.compile(r"\b(?:still|even|remains?|remained|now)\b(?:\W+\w+){0,4}\W*$", re.I)
_NOWADAYS_NOUN = re.compile(
    r"\s+(?:world|society|economy|youth|young|kids|children|generation|standards|technology|"
    r"markets?|culture|politics|climate|era|age|media|America|environment)\b",
    re.IGNORECASE,
)


def _day_phrase(day: date, part: str | None, story_day: date | None, own: bool) -> str | None:
    """How the story names ``day`` (and the part of it); None where no phrase fits."""
    gap = (story_day - day).days if story_day is not None else 0
    if -WEEKDAY_DAYS < gap < WEEKDAY_DAYS:
        name = WEEKDAYS[day.weekday()].capitalize()
        phrase = f"{name} {part}" if part else name
        return phrase + "'s" if own else phrase
    if own:
        return None  # "the April 28 move" would recast the sentence
    same_year = story_day is not None and day.year == story_day.year
    when = label(ResolvedDate(None if same_year else day.year, day.month, day.day, "day"))
    return f"the {part} of {when}" if part else when


def name_days(
    text: str, filed: date | None, story_day: date | None, resolved: Collection[str] = ()
) -> str:
    """``text`` from a report filed on ``filed`` (its writer's day), with its relative day
    words named for a story dated ``story_day``. Only a day the fact sheet resolved the
    sentence to (``resolved``, ISO dates) is named, so the story and its timeline never
    disagree on a day and the verifier can check each one."""
    if filed is None:
        return text
    out: list[str] = []
    at = 0
    for m in _DAY.finditer(text):
        if extract.quotation_open(text[: m.start()]):
            continue  # the speaker's words
        if m.group("word"):
            word = m.group("word").lower()
            day = filed + timedelta(days=_OFFSET[word])
            part = (m.group("part") or ("night" if word == "tonight" else "")).lower() or None
        else:
            last = m.group("this").lower() == "last"
            part = m.group("thispart").lower()
            if last and part != "night":
                continue  # "last evening" is rare and ambiguous; leave it
            if not last and part == "night":
                continue  # "this night": not how news dates a day
            day = filed - timedelta(days=1) if last else filed
        if day.isoformat() not in resolved:
            continue
        own = bool(m.group("own"))
        if _NOWADAYS_BEFORE.search(text[: m.start()]) or (
            own and _NOWADAYS_NOUN.match(text, m.end())
        ):
            continue
        phrase = _day_phrase(day, part, story_day, own)
        if phrase is None:
            continue
        before = _WORD_BEFORE.search(text[: m.start()])
        bare = own or (before is not None and before.group(1).lower() in _BARE_AFTER)
        if not bare:
            phrase = "on " + phrase
        if not text[: m.start()].strip(" \"'*\u201c\u2018"):
            phrase = phrase[0].upper() + phrase[1:]  # it opens the sentence
        out.append(text[at : m.start()] + phrase)
        at = m.end()
    return "".join(out) + text[at:] if out else text
