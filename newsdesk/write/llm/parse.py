"""A model's answer to a draft: tolerant JSON reading, then strict assembly.

Reading is forgiving where that changes no fact: a code fence around the
JSON, trailing commas, a truncated tail (repaired with json-repair), ids
written as ``"E1, E3"`` or ``[1, 3]``, citation marks left in the text.
Assembly is strict: an id the pack did not show is dropped, a sentence left
with no evidence keeps an empty list (the verifier drops it as uncited), and
every part a model must not write — dateline, quotes block, timeline,
disagreement notes, sources — comes from the store's draft, not the answer.
"""

from __future__ import annotations

import dataclasses
import json
import re
from typing import Any

import json_repair

from newsdesk.write.draft import Draft, DraftSentence, Section
from newsdesk.write.llm.prompt import SECTION_KINDS, Pack

_FENCE = re.compile(r"^\s*```(?:json)?\s*|\s*```\s*$", re.IGNORECASE)
_ID = re.compile(r"\bE?(\d{1,4})\b", re.IGNORECASE)
# "[E3]", "[3, 4]", "(E3; E4)": citation marks a model left in its text ("(2024)" is not one)
_MARKS = re.compile(
    r"\s*(?:\[E?\d{1,4}(?:\s*[,;]\s*E?\d{1,4})*\]|\(E\d{1,4}(?:\s*[,;]\s*E\d{1,4})*\))",
    re.IGNORECASE,
)
_MARKDOWN = re.compile(r"(\*\*|__|^#+\s*|^\s*[-*]\s+)", re.MULTILINE)


class AnswerError(ValueError):
    """The answer holds no draft that can be read."""


def read_json(content: str) -> dict[str, Any]:
    """The JSON object in a model's answer, repaired if it must be."""
    text = _FENCE.sub("", content.strip())
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        start = text.find("{")
        if start < 0:
            raise AnswerError("the answer holds no JSON object") from None
        value = json_repair.loads(text[start:])
    if not isinstance(value, dict):
        raise AnswerError(f"the answer is JSON, but not an object ({type(value).__name__})")
    return value


def _ids(value: Any, pack: Pack) -> list[str]:
    items = value if isinstance(value, list) else [value]
    out: list[str] = []
    for item in items:
        for m in _ID.finditer(str(item)):
            full = pack.ids.get(f"E{int(m.group(1))}")
            if full is not None and full not in out:
                out.append(full)
    return out


def _sentence(value: Any, pack: Pack) -> DraftSentence | None:
    if isinstance(value, str):
        value = {"text": value, "evidence": []}
    if not isinstance(value, dict):
        return None
    raw = str(value.get("text") or "")
    evidence = _ids(value.get("evidence") or [], pack)
    if not evidence:  # ids left inline only: "… [E3]"
        evidence = [i for m in _MARKS.finditer(raw) for i in _ids(m.group(), pack)]
    text = " ".join(_MARKDOWN.sub("", _MARKS.sub("", raw)).split())
    return DraftSentence(text, evidence) if text else None


def _sentences(value: Any, pack: Pack) -> list[DraftSentence]:
    items = value if isinstance(value, list) else [value]
    return [s for item in items if (s := _sentence(item, pack)) is not None]


def assemble(answer: dict[str, Any], pack: Pack, base: Draft, writer: str) -> Draft:
    """The model's headline, lede and sections in the frame of the store's draft ``base``."""
    headline = _sentence(answer.get("headline"), pack)
    lede = _sentences(answer.get("lede") or [], pack)
    sections = []
    for raw in answer.get("sections") or []:
        if not isinstance(raw, dict):
            continue
        sentences = _sentences(raw.get("sentences") or [], pack)
        kind = str(raw.get("kind") or "main")
        if sentences:
            heading = " ".join(_MARKDOWN.sub("", str(raw.get("heading") or "")).split())
            sections.append(Section(heading, kind if kind in SECTION_KINDS else "main", sentences))
    if headline is None or not lede:
        raise AnswerError("the answer has no headline or no lede")
    if pack.style == "brief":  # one block of text, as the extractive brief
        merged = [s for sec in sections for s in sec.sentences]
        sections = [Section("", "main", merged)] if merged else []
    # The model's words in the store's frame: everything else is the base draft's.
    return dataclasses.replace(
        base, writer=writer, headline=headline, headline_from=None, lede=lede, sections=sections
    )


def answer_of(draft: Draft, pack: Pack) -> dict[str, Any]:
    """A draft back in the model's schema (its short ids): the turn a revision answers."""
    short = pack.short()

    def sent(s: DraftSentence) -> dict[str, Any]:
        return {"text": s.text, "evidence": [short.get(i, i) for i in s.evidence]}

    return {
        "headline": sent(draft.headline),
        "lede": [sent(s) for s in draft.lede],
        "sections": [
            {
                "heading": sec.heading,
                "kind": sec.kind,
                "sentences": [sent(s) for s in sec.sentences],
            }
            for sec in draft.sections
        ],
    }
