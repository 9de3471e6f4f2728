"""Grounding: every name, role, number, year and place a sentence states is in its evidence.

Support is a matter of degree; these are not. A sentence that names a person
its sources do not name, gives someone a title the sources do not give,
states a number or a year no source states, or puts the event in a part of a
city the sources do not, fails here whatever else it shares with them (seed
001 moved a 2020 death into 2024 and gave one man's name to two people; the
seeds together put one strike in "western" and in "east" Baghdad).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from newsdesk.analyze.dates import MONTH_NUMBER, WEEKDAYS
from newsdesk.analyze.extract import ROLE_WORDS, fine_places, headline_like, number_value
from newsdesk.analyze.facts import FactSheet, Source
from newsdesk.verify.lexicon import is_number, stem, tokens
from newsdesk.verify.report import Check

_ACRONYM = re.compile(r"\b(?:[A-Z]\.){2,}")
_CAPITALIZED = re.compile(r"(?<![\w'\u2019-])[A-Z][\w'\u2019-]*")
_ORDINARY = re.compile(r"(?<![\w'\u2019-])[a-z][a-z]+")  # a word in lower case
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
# A link or a bare web address ("example.com/page", "www.x.org"): never invented, only quoted.
_LINK = re.compile(
    r"(?:\b[a-z][a-z0-9+.-]*://|\bwww\.)\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|io|info|"
    r"gov|edu|co|uk|ru|cn|xyz|biz|ly|me)(?:/\S*)?\b",
    re.IGNORECASE,
)
_ROLE_NAME = re.compile(
    r"\b((?:[A-Z][a-z]+\.?\s+){0,2}(?:"
    + "|".join(sorted((re.escape(w.title()) for w in ROLE_WORDS), key=len, reverse=True))
    + r"))\s+((?:[A-Z][\w'\u2019-]+)"
    + r"(?:\s+(?:(?:al|el|bin|ibn|de|van|von)[-\s])?[A-Z][\w'\u2019-]+){0,3})"
)
# Month and weekday names are dates, checked as dates (a writer may give "September" as "Sept.").
_DATE_WORDS = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "mon",
        "tue",
        "tues",
        "wed",
        "thu",
        "thur",
        "thurs",
        "fri",
        "sat",
        "sun",
    ]
)
_WEEKDAY = re.compile(r"\b(" + "|".join(WEEKDAYS) + r")\b", re.IGNORECASE)
_ISO_DAY = re.compile(r"\d{4}-\d\d-\d\d")
# A month and its day: "Nov. 30", "April 28".
_MONTH_DAY = re.compile(
    r"\b(" + "|".join(sorted(MONTH_NUMBER, key=len, reverse=True)) + r")\.?\s+(\d{1,2})\b",
    re.IGNORECASE,
)
_OPENERS = re.compile(r"(?:^|[.!?:;\"\u201c\u2014(]\s*)$")


def _undot(text: str) -> str:
    """ "U.S." as "US", so an acronym reads the same however a source writes it."""
    return _ACRONYM.sub(lambda m: m.group().replace(".", ""), text)


def _words(text: str) -> set[str]:
    return set(tokens(_undot(text)))


def _lower(text: str) -> str:
    return re.sub(r"\s+", " ", _undot(text)).lower()


def names(text: str) -> list[str]:
    """Capitalised words that are not capitalised only for opening a sentence or a quote."""
    out = []
    text = _undot(text)  # one text for matching and for looking back from each match
    for m in _CAPITALIZED.finditer(text):
        if _OPENERS.search(text[: m.start()]):
            continue
        word = tokens(m.group())
        if word and word[0] != "i" and word[0] not in _DATE_WORDS:
            out.append(word[0])
    return out


def check_grounding(
    sentence: str,
    evidence: list[str],
    *,
    dates: Iterable[str] = (),
    roles: Iterable[tuple[str, str]] = (),
) -> list[Check]:
    """``evidence``: the texts the sentence cites (and those that resolve its references);
    ``dates``: ISO dates resolved from them; ``roles``: (role, name) pairs the sheet records."""
    known = _words(" ".join(evidence))
    flat = _lower(" ".join(evidence))
    dates = list(dates)  # read by the numbers, days and years checks
    checks = []

    missing = sorted({n for n in names(sentence) if n not in known})
    checks.append(Check("names", not missing, detail=", ".join(missing)))

    # a day of a month that a date the evidence states falls on ("today" in a report filed on
    # Nov. 30, told as "on Nov. 30") is grounded as that date
    days = [d for d in dates if _ISO_DAY.fullmatch(d)]
    stated_days = {d[5:] for d in days}

    def undated(m: re.Match[str]) -> str:
        day = f"{MONTH_NUMBER[m.group(1).lower()]:02d}-{int(m.group(2)):02d}"
        return m.group(1) if day in stated_days else m.group()

    counted = _MONTH_DAY.sub(undated, sentence)
    numbers = [w for w in tokens(counted) if is_number(w) and not _YEAR.fullmatch(w)]
    values = {number_value(w) for w in known if is_number(w)}  # "three" states 3
    missing = sorted(
        {n for n in numbers if n not in known and n.replace(",", "") not in known}
        - {n for n in numbers if number_value(n) in values}
    )
    checks.append(Check("numbers", not missing, detail=", ".join(missing)))

    # a weekday is the evidence's own word or the weekday of a day it states ("today" in a
    # report filed on a Tuesday is Tuesday)
    weekdays = {WEEKDAYS[date.fromisoformat(d).weekday()] for d in days}
    missing = sorted({w.lower() for w in _WEEKDAY.findall(sentence)} - known - weekdays)
    checks.append(Check("days", not missing, detail=", ".join(missing)))

    given = set(_YEAR.findall(" ".join(evidence))) | {d[:4] for d in dates if d[:1].isdigit()}
    missing = sorted(set(_YEAR.findall(sentence)) - given)
    checks.append(Check("years", not missing, detail=", ".join(missing)))

    recorded = {(r.lower(), n.lower()) for r, n in roles}
    wrong = []
    for m in _ROLE_NAME.finditer(sentence):
        role, name = m.group(1).strip(), m.group(2).strip()
        if _lower(f"{role} {name}") in flat or (role.lower(), name.lower()) in recorded:
            continue
        # the sources may give the role in other words of the same sentence ("X, the prime
        # minister"): the role's words and the name must meet in one evidence sentence
        if not any(
            _lower(name) in _lower(e) and all(w.lower() in _words(e) for w in tokens(role))
            for e in evidence
        ):
            wrong.append(f"{role} {name}")
    checks.append(Check("roles", not wrong, detail="; ".join(wrong)))

    stated = [p for e in evidence for p in fine_places(e, [])]
    clash = [
        str(p)
        for p in fine_places(sentence, [])
        if not any(p.compatible(q) for q in stated)
        and (p.direction is not None or p.name.lower() not in flat)
    ]
    checks.append(Check("places", not clash, detail=", ".join(clash)))

    joined = " ".join(evidence).lower()
    links = sorted({m.group().rstrip(".,;:)") for m in _LINK.finditer(sentence)})
    missing = [u for u in links if u.lower() not in joined]
    checks.append(Check("links", not missing, detail=", ".join(missing)))
    return checks


def check_heading(
    heading: str,
    evidence: list[str],
    *,
    dates: Iterable[str] = (),
    roles: Iterable[tuple[str, str]] = (),
) -> list[Check]:
    """The grounding checks for a subheading, a label often written in title case ("Iraq
    Condemns US Strike"): a capitalised word the evidence uses as an ordinary word (its stem
    in lower case) is read as one, so "Condemns" stands on "condemned" and "Commander
    Killed" is no role and name; a name the evidence lacks, or capitalises ("Prime Minister
    X"), is checked as a name."""
    ordinary = {stem(w) for w in _ORDINARY.findall(_undot(" ".join(evidence)))}
    plain = _CAPITALIZED.sub(
        lambda m: m.group().lower() if stem(m.group().lower()) in ordinary else m.group(),
        _undot(heading),
    )
    return check_grounding(plain, evidence, dates=dates, roles=roles)


def fitting_titles(sheet: FactSheet, anchor: int) -> list[Source]:
    """The reports' own headlines that may head a story led from report ``anchor``: its
    own, and any other whose names, numbers, years, roles and places (:func:`check_heading`)
    that report also gives. An opinion piece's title heads no story.

    A story that holds two events (two quakes, two castings of one role) must not run one
    event's headline over the other's lede: "Peter Capaldi takes over Doctor Who" over
    "Matt Smith will take over the title role"."""
    texts = [e.text for e in sheet.evidence if e.ref == anchor]
    return [
        s
        for s in sheet.sources
        if s.title
        and not s.opinion
        and headline_like(s.title)
        and (s.ref == anchor or all(c.passed for c in check_heading(s.title, texts)))
    ]
