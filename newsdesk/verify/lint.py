"""Deterministic text lint: the failures a reader spots at once.

Each rule names a failure seen in machine-written news (../shared/seeds):
empty attribution slots (",," / "According to ," / "Meanwhile,, a"), prompt
or meta text that leaked into the story ("This story synthesizes…", "As an
AI"), self-corrections, placeholders, Markdown debris, one person described
as two, and a sentence that cites nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsdesk.analyze.extract import INSTRUCTION, strip_quotes

_NAME = (
    r"(?:[A-Z][\w'\u2019-]+)(?:\s+(?:(?:al|el|bin|ibn|de|van|von|der|da|du)[-\s])?"
    r"[A-Z][\w'\u2019-]+)+"
)


@dataclass(frozen=True, slots=True)
class Finding:
    kind: str
    detail: str


_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("instruction", INSTRUCTION),
    (
        "empty_attribution",
        re.compile(
            r",\s*,|^\s*[,;:]|\b(?:according to|reported by|via)\s*[,.;:]|\(\s*\)"
            r"|[\"\u201c]\s*[\"\u201d]\s*[,.;:]",
            re.IGNORECASE,
        ),
    ),
    (
        "meta_text",
        re.compile(
            r"\b(?:this|the) (?:story|article|summary|piece|report) (?:synthesi[sz]es|aims|"
            r"leads with|summari[sz]es|combines|draws on|provides|is based on)|"
            r"\bas an ai\b|\blanguage model\b|\bi (?:cannot|can't|am unable)\b|"
            r"\b(?:written|generated) (?:by|with) (?:an? )?(?:ai|bot|aibot|chatgpt|gpt)|"
            r"\bthe timeline (?:adds|provides|shows)\b|"
            r"\bhere is (?:a|the) (?:summary|story|article)|"
            r"\bdistills? (?:multiple )?news articles\b|\bscans breaking news\b|"
            r"\bdouble[- ]check any facts\b|\bknowledge cutoff\b",
            re.IGNORECASE,
        ),
    ),
    (
        "self_correction",
        re.compile(
            r"\b(?:correction|edit|update|note)\s*:|\bi apologi[sz]e\b|\bsorry,|\bwait,|"
            r"\blet me (?:correct|rephrase|clarify)|\bi mean\b|\bscratch that\b",
            re.IGNORECASE,
        ),
    ),
    (
        "placeholder",
        re.compile(
            r"\[(?:insert|name|date|source|citation|todo|tbd|placeholder|x+)[^\]]*\]|"
            r"\{\{?[^}]*\}\}?|<(?:name|date|source|insert)[^>]*>|\bTBD\b|\bTODO\b|XXX|"
            r"lorem ipsum|\bN/A\b",
            re.IGNORECASE,
        ),
    ),
    (
        "markdown",
        re.compile(
            r"\*\*\w[^*]*\*\*|__\w|^\s*#{1,6}\s|^\s*[-*+]\s|```|\[[^\]]+\]\([^)]+\)|\|\s*-{3,}|^\s*>\s"
        ),
    ),
)
_OUTSIDE_QUOTES = {"meta_text", "self_correction"}
_DOUBLED = re.compile(rf"\b({_NAME})\b(?P<between>.+?)\b\1\b(?![ -]+[A-Z])")
_COORDINATION = re.compile(r"\b(?:as well as|and|along with|together with|plus)\b")
_ALIAS = re.compile(
    r"\b(?:known (?:by|as)|nom de guerre|also called|alias|aka|dubbed|named|identified as)\b"
    r"[^,.;]{0,30}$"
)
_OTHER_NAME = re.compile(_NAME)


def doubled_person(text: str) -> str | None:
    """A name that a sentence gives to two people it lists: "the commander, X, as well as the
    founder, Y, known by his nom de guerre X" (seed 001)."""
    for m in _DOUBLED.finditer(text):
        between = m.group("between")
        others = [n for n in _OTHER_NAME.findall(between) if m.group(1) not in n]
        first_apposed = text[: m.start()].rstrip().endswith(",") and between.startswith(",")
        if _COORDINATION.search(between) and others and (_ALIAS.search(between) or first_apposed):
            return f"{m.group(1)!r} names two people: {m.group(1)} and {others[-1]}"
    return None


def lint(text: str, cited: bool) -> list[Finding]:
    """Every rule the sentence breaks; ``cited``: whether it carries at least one citation."""
    unquoted = strip_quotes(text)
    found = [
        Finding(kind, m.group().strip() or m.group())
        for kind, rule in _RULES
        # What a source is quoted saying ("I can't speak for…", "I am sorry, …") is theirs,
        # not the writer talking about itself.
        if (m := rule.search(unquoted if kind in _OUTSIDE_QUOTES else text))
    ]
    if (doubled := doubled_person(text)) is not None:
        found.append(Finding("doubled_person", doubled))
    if not cited:
        found.append(Finding("uncited", "the sentence cites no evidence"))
    return found
