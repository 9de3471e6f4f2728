"""The verification report kept with every story version (machine-readable).

Per sentence: where it stands in the draft, its text, the evidence it cites,
each check with its outcome and score, and the verdict — ``kept``,
``recited`` (supported, but by other evidence than it cited: citations
corrected), ``replaced`` (by the source sentence that supports it) or
``dropped``. Story-wide checks (dateline, timeline, published date) follow.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

VERIFY_VERSION = 6  # 6: no writer's opinion in the story's own voice
# 3: a replaced headline is a title that reads as one
# 2: meta text and self-corrections are looked for outside quotations
VERDICTS = ("kept", "recited", "replaced", "dropped")
# the parts a writer words (quotes etc. are the store's)
_WRITTEN = ("headline", "lede", "section", "heading")


@dataclass(slots=True)
class Check:
    name: str
    passed: bool
    score: float | None = None
    detail: str = ""


@dataclass(slots=True)
class SentenceReport:
    # headline | lede | heading | section:<heading> | quote | timeline | disagreement
    part: str
    text: str
    evidence: list[str]
    checks: list[Check]
    verdict: str = "kept"
    replacement: str | None = None
    new_evidence: list[str] | None = None

    @property
    def failed(self) -> list[str]:
        return [c.name for c in self.checks if not c.passed]


@dataclass(slots=True)
class Report:
    story: str
    style: str
    writer: str
    sentences: list[SentenceReport] = field(default_factory=list)
    story_checks: list[Check] = field(default_factory=list)
    fixes: list[str] = field(default_factory=list)  # story-wide repairs made
    publishable: bool = True
    version: int = VERIFY_VERSION
    # How the draft came to be: each writer's try (writer, what the verifier made of it, or the
    # error), and why the story fell back to the extractive writer, when it did.
    attempts: list[dict[str, Any]] = field(default_factory=list)
    fallback: str | None = None

    def unsupported(self) -> int:
        """Sentences of the running text (headline, lede, sections) the evidence did not
        support as written: replaced by a source sentence, or dropped."""
        return sum(
            1
            for s in self.sentences
            if s.verdict in ("replaced", "dropped") and s.part.split(":")[0] in _WRITTEN
        )

    def written(self) -> int:
        return sum(1 for s in self.sentences if s.part.split(":")[0] in _WRITTEN)

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(VERDICTS, 0)
        for s in self.sentences:
            out[s.verdict] += 1
        return out

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["counts"] = self.counts()
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Report:
        return cls(
            story=data["story"],
            style=data["style"],
            writer=data["writer"],
            sentences=[
                SentenceReport(
                    part=s["part"],
                    text=s["text"],
                    evidence=list(s["evidence"]),
                    checks=[Check(**c) for c in s["checks"]],
                    verdict=s["verdict"],
                    replacement=s.get("replacement"),
                    new_evidence=s.get("new_evidence"),
                )
                for s in data.get("sentences", [])
            ],
            story_checks=[Check(**c) for c in data.get("story_checks", [])],
            fixes=list(data.get("fixes", [])),
            publishable=bool(data.get("publishable", True)),
            version=int(data.get("version", VERIFY_VERSION)),
            attempts=list(data.get("attempts", [])),
            fallback=data.get("fallback"),
        )
