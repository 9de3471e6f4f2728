"""One-shot checking of a (document, summary) pair: ``newsdesk check``.

The same support model and lint as the pipeline's verifier, applied to a
summary that cites nothing: every summary sentence is aligned with the whole
document. The summary's score is its weakest sentence's (a summary with one
invented fact is not consistent), and its verdict compares that score with the
model's threshold.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from typing import Any, TextIO

from newsdesk.errors import NewsdeskError
from newsdesk.text import json_objects, split_sentences
from newsdesk.verify.lint import lint
from newsdesk.verify.support import EvidenceIndex, SupportModel, align, default_model, worst


class CheckInputError(NewsdeskError):
    """A JSON line that is not a (document, summary) pair."""


@dataclass(slots=True)
class SentenceCheck:
    text: str
    support: float
    novel: list[str]
    evidence: str | None  # the document sentence that best supports it
    lint: list[str] = field(default_factory=list)


@dataclass(slots=True)
class SummaryCheck:
    id: str
    support: float  # the weakest sentence's support probability
    consistent: bool
    sentences: list[SentenceCheck]

    def failing(self, threshold: float) -> list[SentenceCheck]:
        return [s for s in self.sentences if s.support < threshold or s.lint]

    def to_json(self, threshold: float) -> dict[str, Any]:
        return {
            "id": self.id,
            "support": round(self.support, 4),
            "verdict": "consistent" if self.consistent else "inconsistent",
            "failing": [asdict(s) for s in self.failing(threshold)],
        }


def document_index(document: str) -> EvidenceIndex:
    return EvidenceIndex([[s.text for s in split_sentences("document", document)]])


def summary_sentences(summary: str) -> list[str]:
    return [s.text for s in split_sentences("summary", summary)] or [summary]


def check_summary(
    document: str | EvidenceIndex,
    summary: str,
    id: str = "",
    model: SupportModel | None = None,
) -> SummaryCheck:
    model = model or default_model()
    index = document if isinstance(document, EvidenceIndex) else document_index(document)
    texts = summary_sentences(summary)
    aligned = [align(t, index, model) for t in texts]
    sentences = [
        SentenceCheck(
            text=t,
            support=round(a.probability, 4),
            novel=a.novel,
            evidence=index.texts[a.best] if a.best is not None else None,
            lint=[f.kind for f in lint(t, cited=True)],
        )
        for t, a in zip(texts, aligned, strict=False)
    ]
    support = model.probability(worst(aligned))
    consistent = support >= model.threshold and not any(s.lint for s in sentences)
    return SummaryCheck(id, support, consistent, sentences)


DOCUMENT_KEYS = ("document", "article", "doc")


def read_pairs(stream: TextIO, name: str = "<stdin>") -> Iterator[tuple[str, str, str, Any]]:
    """(id, document, summary, label or None) per JSON line; a bad line raises CheckInputError."""
    for where, number, row in json_objects(stream, name, CheckInputError):
        document = next((row[k] for k in DOCUMENT_KEYS if isinstance(row.get(k), str)), None)
        summary = row.get("summary")
        if document is None or not isinstance(summary, str):
            raise CheckInputError(
                f"{where}: expected a text 'summary' and one of "
                + ", ".join(repr(k) for k in DOCUMENT_KEYS)
            )
        ident = str(row.get("id") or row.get("hash") or row.get("bbcid") or number)
        label = row.get("label", row.get("label_summac"))
        yield ident, document, summary, label
