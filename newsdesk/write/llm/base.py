"""What every language-model writer shares: prompts, answer reading, usage and budget.

A backend implements one method, ``complete(messages, schema)``: send a chat
and return the answer's text and its token counts. Everything else — the
evidence pack, the schema, reading and assembling the answer, the one
revision with the verifier's findings, and the per-run token and cost
budget — is here, the same for every backend.
"""

from __future__ import annotations

import threading
from abc import abstractmethod
from dataclasses import dataclass
from typing import Any, ClassVar

from pydantic import Field

from newsdesk.analyze.facts import FactSheet
from newsdesk.write.backend import Writer, WriterError
from newsdesk.write.draft import STYLES, Draft
from newsdesk.write.extractive import ExtractiveWriter
from newsdesk.write.llm.parse import AnswerError, answer_of, assemble, read_json
from newsdesk.write.llm.prompt import Pack, build_pack, draft_schema, messages, revision


@dataclass(slots=True)
class Completion:
    content: str
    prompt_tokens: int = 0
    completion_tokens: int = 0
    finish_reason: str | None = None


@dataclass(slots=True)
class Usage:
    requests: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost: float = 0.0  # in the currency of the configured prices

    @property
    def tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens


class LLMWriter(Writer):
    """A writer that asks a language model for the draft; subclasses implement ``complete``."""

    generative = True
    disclaimer: ClassVar[str] = (
        "This story was written by a language model ({model}) from the reports listed under "
        "Sources. Every sentence was checked against the reports it cites, and what they do "
        "not support was removed. Check them before relying on a detail."
    )

    class Options(Writer.Options):
        max_tokens: int = Field(2048, ge=64, description="longest answer, in tokens")
        temperature: float = Field(0.2, ge=0, le=2)
        seed: int | None = 0
        max_evidence: int = Field(80, ge=5, description="evidence sentences shown at most")
        token_budget: int = Field(0, ge=0, description="tokens per run at most; 0: no limit")
        cost_budget: float = Field(0.0, ge=0, description="cost per run at most; 0: no limit")
        input_price: float = Field(0.0, ge=0, description="cost of a million prompt tokens")
        output_price: float = Field(0.0, ge=0, description="cost of a million answer tokens")

    options: Options

    def __init__(self, options: Any = None) -> None:
        super().__init__(options)
        self.usage = Usage()
        self._usage_lock = threading.Lock()
        self.today: str | None = None  # the date the model is told (None: today, UTC)

    @property
    def model(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        return f"{self.name}:{self.model}"

    @abstractmethod
    def complete(self, messages: list[dict[str, str]], schema: dict[str, Any]) -> Completion:
        """Send the chat; return the answer. Raise WriterError when there is none."""

    # -- budget ------------------------------------------------------------------------------

    def _spend(self, c: Completion) -> None:
        o = self.options
        with self._usage_lock:
            self.usage.requests += 1
            self.usage.prompt_tokens += c.prompt_tokens
            self.usage.completion_tokens += c.completion_tokens
            self.usage.cost += (
                c.prompt_tokens * o.input_price + c.completion_tokens * o.output_price
            ) / 1e6

    def _check_budget(self) -> None:
        o, u = self.options, self.usage
        if o.token_budget and u.tokens >= o.token_budget:
            raise WriterError(f"the run's token budget ({o.token_budget:,}) is spent")
        if o.cost_budget and u.cost >= o.cost_budget:
            raise WriterError(f"the run's cost budget ({o.cost_budget:g}) is spent")

    def _ask(self, chat: list[dict[str, str]]) -> dict[str, Any]:
        self._check_budget()
        c = self.complete(chat, draft_schema())
        self._spend(c)
        try:
            return read_json(c.content)
        except AnswerError as exc:
            cut = " (the answer was cut at max_tokens)" if c.finish_reason == "length" else ""
            raise WriterError(f"{self.label}: {exc}{cut}") from exc

    # -- drafts ------------------------------------------------------------------------------

    def _frame(self, sheet: FactSheet, style: str) -> tuple[Draft, Pack]:
        if style not in STYLES:
            raise ValueError(f"unknown style {style!r}: choose one of {', '.join(STYLES)}")
        base = ExtractiveWriter().write(sheet, style)
        return base, build_pack(sheet, base, style, self.options.max_evidence, self.today)

    def _draft(self, answer: dict[str, Any], pack: Pack, base: Draft) -> Draft:
        try:
            draft = assemble(answer, pack, base, self.label)
        except AnswerError as exc:
            raise WriterError(f"{self.label}: {exc}") from exc
        draft.disclaimer = self.disclaimer.format(model=self.model)
        return draft

    def write(self, sheet: FactSheet, style: str) -> Draft:
        base, pack = self._frame(sheet, style)
        if not pack.ids:
            raise WriterError("no evidence fit to write from")
        return self._draft(self._ask(messages(pack)), pack, base)

    def revise(self, sheet: FactSheet, draft: Draft, findings: list[str]) -> Draft:
        base, pack = self._frame(sheet, draft.style)
        return self._draft(self._ask(revision(pack, answer_of(draft, pack), findings)), pack, base)
