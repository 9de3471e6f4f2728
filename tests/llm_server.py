"""An OpenAI-compatible chat server on loopback that replays recorded responses.

It is a real HTTP server: the ``openai`` writer talks to it over a socket
with its real client, exactly as it talks to OpenAI, Ollama or llama.cpp.
Each request is answered by the next turn of a script: a recorded error
body, or a recorded completion envelope (tests/resources/llm/) whose message
text a *model* function writes from the request it received — the seam we
do not own, replaced by a stand-in that reads the same prompt a model reads.
"""

from __future__ import annotations

import copy
import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

RESOURCES = Path(__file__).parent / "resources" / "llm"


def recorded(name: str) -> dict[str, Any]:
    return json.loads((RESOURCES / name).read_text("utf-8"))  # type: ignore[no-any-return]


@dataclass
class Turn:
    """One answer: a status and a JSON body, or a completion whose text ``model`` writes."""

    status: int = 200
    body: dict[str, Any] | None = None
    model: Callable[[dict[str, Any]], str] | None = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    usage: tuple[int, int] | None = None  # prompt, completion tokens (else the recording's)


def completion(text: str, usage: tuple[int, int] | None = None) -> dict[str, Any]:
    out = copy.deepcopy(recorded("openai_chat_completion.json"))
    out["choices"][0]["message"]["content"] = text
    if usage is not None:
        out["usage"].update(
            prompt_tokens=usage[0], completion_tokens=usage[1], total_tokens=sum(usage)
        )
    return out


class ChatServer:
    """Serves ``POST /v1/chat/completions`` from ``script``; keeps every request."""

    def __init__(self) -> None:
        self.script: list[Turn] = []
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                outer.requests.append(body)
                outer.headers.append(dict(self.headers.items()))
                if self.path != "/v1/chat/completions":
                    turn = Turn(404, {"error": {"message": f"no route {self.path}"}})
                elif outer.script:
                    turn = outer.script.pop(0)
                else:
                    turn = Turn(500, {"error": {"message": "the test script ran out"}})
                if turn.delay:
                    time.sleep(turn.delay)
                if turn.model is not None:
                    payload = completion(turn.model(body), turn.usage)
                else:
                    payload = turn.body or {}
                data = json.dumps(payload).encode()
                try:
                    self.send_response(turn.status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    for k, v in turn.headers.items():
                        self.send_header(k, v)
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test)

        class Server(ThreadingHTTPServer):
            def handle_error(self, request: object, client_address: object) -> None:
                pass

        self.httpd = Server(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> ChatServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


# -- reading the prompt as a model would --------------------------------------------------

_SOURCES = re.compile(r"<sources>\s*(.*?)\s*</sources>", re.DOTALL)


def pack_of(request: dict[str, Any]) -> dict[str, Any]:
    """The evidence document of the first user message."""
    user = next(m["content"] for m in request["messages"] if m["role"] == "user")
    found = _SOURCES.search(user)
    assert found is not None, "the prompt holds no <sources> element"
    return json.loads(found.group(1))  # type: ignore[no-any-return]


def faithful(request: dict[str, Any], extra: list[dict[str, Any]] | None = None) -> str:
    """A model that restates evidence sentences (as they read), citing them; ``extra``
    sentences are added to its first section (a test's invented claims)."""
    evidence = pack_of(request)["evidence"]
    usable = [e for e in evidence if len(e["text"].split()) >= 8 and '"' not in e["text"]]
    sent = [{"text": e["text"], "evidence": [e["id"]]} for e in usable[:8]]
    assert sent, "no evidence to restate"
    return json.dumps(
        {
            "headline": {
                "text": " ".join(sent[0]["text"].split()[:10]),
                "evidence": [sent[0]["evidence"][0]],
            },
            "lede": sent[:1],
            "sections": [
                {
                    "heading": "What happened",
                    "kind": "main",
                    "sentences": sent[1:5] + (extra or []),
                },
                {"heading": "Background", "kind": "background", "sentences": sent[5:]},
            ],
        }
    )
