"""Quotes: text in quotation marks must be a source's words, from the speaker it names.

A quotation matches when its words appear in a cited source sentence in the
same order, modulo whitespace, quote style, dashes and an ellipsis (which may
stand for any words the writer left out). Its speaker matches when every name
the sentence gives near the quote is one the source gives for it: in the
cited sentence, in the sentence that resolved a "he said", or as the speaker
the fact sheet recorded for that evidence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from newsdesk.verify.report import Check

_QUOTED = re.compile(r"[\"\u201c\u201e]([^\"\u201c\u201d\u201e]+?)[\"\u201d]")
_ELLIPSIS = re.compile(r"\s*(?:\.\.\.|\u2026|\[\u2026\]|\[\.\.\.\])\s*")
_NAME = re.compile(
    r"\b[A-Z][\w'\u2019-]+(?:\s+(?:(?:al|el|bin|ibn|de|van|von)[-\s])?[A-Z][\w'\u2019-]+)+"
)
_FOLD = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-",
                       "\u2014": "-", "\u00a0": " "})  # fmt: skip


def normalize(text: str) -> str:
    return re.sub(r"\s+", " ", text.translate(_FOLD)).strip().lower()


def quoted(text: str) -> list[str]:
    """The quotations in a sentence: at least two words inside quotation marks."""
    return [m.group(1) for m in _QUOTED.finditer(text) if len(m.group(1).split()) >= 2]


def verbatim(quote: str, sources: Iterable[str]) -> bool:
    pieces = [normalize(p).strip(" ,.;:") for p in _ELLIPSIS.split(quote)]
    pieces = [p for p in pieces if p]
    for source in sources:
        text, at = normalize(source), 0
        for piece in pieces:
            found = text.find(piece, at)
            if found < 0:
                break
            at = found + len(piece)
        else:
            return True
    return False


def check_quotes(sentence: str, sources: list[str], speakers: Iterable[str]) -> list[Check]:
    """One check per quotation in ``sentence``; ``sources``: the cited evidence texts (and the
    sentences that resolved their speakers); ``speakers``: speakers recorded for them."""
    found = quoted(sentence)
    if not found:
        return []
    checks = []
    for q in found:
        ok = verbatim(q, sources)
        checks.append(Check("quote_verbatim", ok, detail="" if ok else q))
    outside = _QUOTED.sub(" ", sentence)
    known = normalize(" ".join([*sources, *speakers]))
    names = [n for n in _NAME.findall(outside) if normalize(n) not in known]
    # a name may be given in part ("al-Sudani" for "Mohammed Shia al-Sudani"): every word known
    wrong = [n for n in names if not all(w.lower() in known for w in n.split())]
    checks.append(
        Check(
            "quote_speaker",
            not wrong,
            detail=f"speaker not in the source: {wrong[0]}" if wrong else "",
        )
    )
    return checks
