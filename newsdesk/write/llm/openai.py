"""The ``openai`` writer: any OpenAI-compatible chat endpoint.

OpenAI, Ollama, llama.cpp's server, vLLM, LM Studio … anything that serves
``POST {base_url}/chat/completions``. Steps for one request:

1. Ask for structured output: a ``json_schema`` response format (strict).
   A server that rejects it (400/422, or any error that names the response
   format: llama.cpp's server answers 500) is asked again with a
   ``json_object`` carrying the schema (llama.cpp's grammar), then a plain
   ``json_object``, then no format; the level that worked is kept for the run.
   The answer is read tolerantly either way (``parse.read_json``).
2. Timeouts, connection failures, 429 and 5xx are retried with exponential
   backoff, honouring ``Retry-After`` up to ``max_retry_after``.
3. 401/403/404 and other client errors are not retried: they raise
   WriterError, and the story falls back to the extractive writer.

The key is read from the environment variable ``key_env`` names, sent only
in the Authorization header, and scrubbed from every message newsdesk
writes; it is never logged, stored or put in a report.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from typing import Any

import httpx
from pydantic import Field

from newsdesk import __version__
from newsdesk.hookspecs import hookimpl
from newsdesk.write.backend import Writer, WriterError
from newsdesk.write.llm.base import Completion, LLMWriter

log = logging.getLogger(__name__)
# What to ask for, best first: OpenAI's strict JSON schema; llama.cpp's JSON object with a
# schema (its grammar); a plain JSON object; nothing (the prompt alone asks for JSON).
FORMATS = ("json_schema", "json_object+schema", "json_object", "none")


class OpenAIWriter(LLMWriter):
    """Drafts from an OpenAI-compatible chat-completions server."""

    name = "openai"

    class Options(LLMWriter.Options):
        base_url: str = "https://api.openai.com/v1"
        model: str = "gpt-4o-mini"
        key_env: str = Field(
            "OPENAI_API_KEY", description="environment variable holding the key; '' for none"
        )
        structured: str = Field(
            "auto", pattern=r"^(auto|json_schema|json_object\+schema|json_object|none)$"
        )
        connect_timeout: float = Field(10.0, gt=0)
        timeout: float = Field(180.0, gt=0, description="seconds to wait for an answer")
        retries: int = Field(3, ge=0)
        backoff: float = Field(2.0, ge=0)
        max_retry_after: float = Field(60.0, ge=0)
        concurrency: int = Field(4, ge=1, description="requests in flight at most")

    options: Options

    def __init__(self, options: Any = None) -> None:
        super().__init__(options)
        o = self.options
        self._key = os.environ.get(o.key_env, "") if o.key_env else ""
        self._format = 0 if o.structured == "auto" else FORMATS.index(o.structured)
        self._slots = threading.BoundedSemaphore(o.concurrency)
        self._client = httpx.Client(
            base_url=o.base_url.rstrip("/") + "/",
            timeout=httpx.Timeout(o.timeout, connect=o.connect_timeout),
            headers={"User-Agent": f"newsdesk/{__version__}"},
        )

    @property
    def model(self) -> str:
        return self.options.model

    @property
    def concurrency(self) -> int:
        return self.options.concurrency

    def close(self) -> None:
        self._client.close()

    def _scrub(self, text: str) -> str:
        return text.replace(self._key, "[key]") if self._key else text

    def _body(
        self, chat: list[dict[str, str]], schema: dict[str, Any], level: int
    ) -> dict[str, Any]:
        o = self.options
        body: dict[str, Any] = {
            "model": o.model,
            "messages": chat,
            "temperature": o.temperature,
            "max_tokens": o.max_tokens,
        }
        if o.seed is not None:
            body["seed"] = o.seed
        fmt = FORMATS[level]
        if fmt == "json_schema":
            body["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": "news_draft", "strict": True, "schema": schema},
            }
        elif fmt == "json_object+schema":
            body["response_format"] = {"type": "json_object", "schema": schema}
        elif fmt == "json_object":
            body["response_format"] = {"type": "json_object"}
        return body

    def _delay(self, attempt: int, response: httpx.Response | None) -> float:
        o = self.options
        if response is not None and (after := response.headers.get("retry-after")):
            try:
                return min(max(float(after), 0.0), o.max_retry_after)
            except ValueError:
                pass  # an HTTP date: use our own backoff
        return float(o.backoff * 2**attempt)

    def _error(self, response: httpx.Response) -> str:
        try:
            message = response.json().get("error", {})
            message = message.get("message", "") if isinstance(message, dict) else str(message)
        except (ValueError, AttributeError):
            message = response.text
        return self._scrub(" ".join(str(message).split())[:300])

    def complete(self, messages: list[dict[str, str]], schema: dict[str, Any]) -> Completion:
        headers = {"Authorization": f"Bearer {self._key}"} if self._key else {}
        attempt = 0
        with self._slots:
            while True:
                level = self._format  # another thread may lower it meanwhile
                body = self._body(messages, schema, level)
                response: httpx.Response | None = None
                try:
                    response = self._client.post("chat/completions", json=body, headers=headers)
                except httpx.TransportError as exc:
                    problem = f"{type(exc).__name__}: {self._scrub(str(exc))}"
                else:
                    if response.status_code == 200:
                        return self._completion(response)
                    problem = f"HTTP {response.status_code}: {self._error(response)}"
                    status = response.status_code
                    if (
                        self.options.structured == "auto"
                        and level < len(FORMATS) - 1
                        and (status in (400, 422) or "response_format" in problem)
                    ):
                        self._format = max(self._format, level + 1)
                        log.info(
                            "%s: the server refused %s (%s); asking with %s",
                            self.label,
                            FORMATS[level],
                            problem,
                            FORMATS[self._format],
                        )
                        continue
                    if status in (401, 403):
                        raise WriterError(
                            f"{self.label}: the server refused the credentials ({problem}); "
                            f"check ${self.options.key_env}"
                        )
                    if status != 429 and status < 500:
                        raise WriterError(f"{self.label}: {problem}")
                if attempt >= self.options.retries:
                    raise WriterError(
                        f"{self.label}: no answer after {attempt + 1} attempts ({problem})"
                    )
                delay = self._delay(attempt, response)
                log.warning("%s: %s; retrying in %.1fs", self.label, problem, delay)
                time.sleep(delay)
                attempt += 1

    def _completion(self, response: httpx.Response) -> Completion:
        try:
            data = response.json()
            choice = data["choices"][0]
            message = choice["message"]
        except (ValueError, KeyError, IndexError, TypeError) as exc:
            raise WriterError(f"{self.label}: not a chat completion ({exc!r})") from exc
        content = message.get("content")
        if not content:
            refusal = message.get("refusal")
            raise WriterError(
                f"{self.label}: "
                + (f"the model refused: {refusal}" if refusal else "the answer is empty")
            )
        usage = data.get("usage") or {}
        return Completion(
            content=str(content),
            prompt_tokens=int(usage.get("prompt_tokens") or 0),
            completion_tokens=int(usage.get("completion_tokens") or 0),
            finish_reason=choice.get("finish_reason"),
        )


@hookimpl
def register_writers(register: Callable[[type[Writer]], None]) -> None:
    register(OpenAIWriter)
