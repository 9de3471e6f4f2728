"""The language-model writers behind the verifier: the ``openai`` backend against a real
OpenAI-compatible server on loopback (recorded responses), the cascade's revision and
fallback, budgets, secrets, plugins and the CLI."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newsdesk.analyze.facts import FactSheet
from newsdesk.analyze.sheet import analyze
from newsdesk.errors import ConfigError
from newsdesk.hookspecs import hookimpl
from newsdesk.write import backend
from newsdesk.write.backend import Writer, get_writer, writers
from newsdesk.write.cascade import Cascade
from newsdesk.write.compose import write_verified
from newsdesk.write.draft import Draft, DraftSentence
from newsdesk.write.extractive import ExtractiveWriter
from newsdesk.write.llm.openai import OpenAIWriter
from newsdesk.write.llm.parse import read_json
from newsdesk.write.llm.prompt import SYSTEM
from tests.helpers import demo_event, run_cli
from tests.llm_server import ChatServer, Turn, faithful, pack_of, recorded

KEY = "sk-test-0123456789abcdefSECRETcret"
INVENTED = "The death toll rose to 412 after a second blast in Paris, police said."


@pytest.fixture(scope="module")
def sheet() -> FactSheet:
    return analyze(demo_event("1_ecb"), story="tara-reid")


@pytest.fixture
def chat() -> Iterator[ChatServer]:
    with ChatServer() as server:
        yield server


@pytest.fixture
def key(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("NEWSDESK_TEST_KEY", KEY)
    return KEY


def _writer(chat: ChatServer, **options: Any) -> OpenAIWriter:
    defaults = {"base_url": chat.base_url, "model": "test-model", "key_env": "NEWSDESK_TEST_KEY"}
    w = OpenAIWriter(defaults | {"backoff": 0.01} | options)
    w.today = "2026-11-23"
    return w


def _invented(request: dict[str, Any]) -> str:
    first = pack_of(request)["evidence"][0]["id"]
    return faithful(request, extra=[{"text": INVENTED, "evidence": [first]}])


def test_openai_writer_drafts_cites_and_revises_what_the_verifier_rejects(
    chat: ChatServer, key: str, sheet: FactSheet
) -> None:
    chat.script = [Turn(model=_invented), Turn(model=faithful)]
    writer = _writer(chat)
    out = write_verified(sheet, ["standard"], Cascade(writer))
    draft, report = out.drafts["standard"], out.reports["standard"]

    # the request: the model, the draft schema as a strict response format, the key
    first, second = chat.requests
    assert first["model"] == "test-model"
    assert first["response_format"]["type"] == "json_schema"
    assert first["response_format"]["json_schema"]["strict"] is True
    assert chat.headers[0]["Authorization"] == f"Bearer {key}"
    assert first["messages"][0] == {"role": "system", "content": SYSTEM}
    # the revision carries the verifier's finding about the invented sentence
    assert second["messages"][2]["role"] == "assistant"
    assert INVENTED in second["messages"][2]["content"]
    assert INVENTED in second["messages"][3]["content"]
    assert "412" in second["messages"][3]["content"]

    assert draft.writer == "openai:test-model"
    assert "second blast" not in json.dumps(draft.to_json())
    assert report.fallback is None
    assert [a["writer"] for a in report.attempts] == [
        "openai:test-model",
        "openai:test-model (revision)",
    ]
    assert report.attempts[0]["unsupported"] >= 1
    assert report.attempts[1]["unsupported"] == 0
    evidence = sheet.evidence_by_id()
    for s in draft.body():
        assert s.evidence, s
        assert all(i in evidence for i in s.evidence), s
    # what a model may not write comes from the store, as the extractive draft has it
    base = ExtractiveWriter().write(sheet, "standard")
    assert draft.sources == base.sources
    assert draft.timeline == base.timeline
    assert draft.dateline_date == base.dateline_date
    assert "language model (test-model)" in draft.disclaimer
    assert writer.usage.requests == 2
    assert writer.usage.tokens == 2 * 1163  # the recorded usage, counted


def test_a_server_without_json_schema_is_asked_again_and_almost_json_is_read(
    chat: ChatServer, key: str, sheet: FactSheet
) -> None:
    def fenced(request: dict[str, Any]) -> str:
        text = faithful(request)
        return "```json\n" + text[:-1] + ",}\n```"  # a fence and a trailing comma

    chat.script = [Turn(400, recorded("openai_error_invalid_schema.json")), Turn(model=fenced)]
    out = write_verified(sheet, ["brief"], Cascade(_writer(chat)))
    assert [r.get("response_format", {}).get("type") for r in chat.requests] == [
        "json_schema",
        "json_object",
    ]
    assert out.drafts["brief"].writer == "openai:test-model"
    assert out.reports["brief"].fallback is None
    assert len(out.drafts["brief"].sections) <= 1  # a brief is one block of text


def test_rate_limits_and_server_errors_are_retried(
    chat: ChatServer, key: str, sheet: FactSheet
) -> None:
    chat.script = [
        Turn(429, recorded("openai_error_rate_limit.json"), headers={"Retry-After": "0"}),
        Turn(503, {"error": {"message": "overloaded"}}),
        Turn(model=faithful),
    ]
    writer = _writer(chat, retries=2)
    draft = writer.write(sheet, "brief")
    assert len(chat.requests) == 3
    assert draft.writer == "openai:test-model"


@pytest.mark.parametrize(
    ("turns", "options", "reason"),
    [
        ([], {"base_url": "http://127.0.0.1:9/v1", "retries": 1}, "ConnectError"),
        ([Turn(model=faithful, delay=1.5)], {"timeout": 0.3, "retries": 0}, "ReadTimeout"),
        ([Turn(401, recorded("openai_error_invalid_key.json"))], {}, "refused the credentials"),
        ([Turn(200, {"choices": []})], {}, "not a chat completion"),
        ([Turn(model=lambda r: "I cannot help with that.")], {}, "holds no JSON object"),
    ],
    ids=["unreachable", "timeout", "bad-key", "not-a-completion", "no-json"],
)
def test_a_failing_backend_falls_back_to_extractive_and_the_report_says_why(
    chat: ChatServer,
    key: str,
    sheet: FactSheet,
    caplog: pytest.LogCaptureFixture,
    turns: list[Turn],
    options: dict[str, Any],
    reason: str,
) -> None:
    chat.script = turns
    caplog.set_level(logging.DEBUG)
    out = write_verified(sheet, ["brief"], Cascade(_writer(chat, **options)))
    draft, report = out.drafts["brief"], out.reports["brief"]
    assert draft.writer == "extractive"
    assert report.publishable
    assert report.fallback is not None
    assert reason in report.fallback
    assert report.attempts[0]["writer"] == "openai:test-model"
    assert reason in report.attempts[0]["error"]
    # the key is never written anywhere newsdesk writes
    assert KEY not in json.dumps(report.to_json())
    assert KEY not in caplog.text


def test_a_draft_the_evidence_does_not_support_falls_back(
    chat: ChatServer, key: str, sheet: FactSheet
) -> None:
    def fiction(request: dict[str, Any]) -> str:
        ids = [e["id"] for e in pack_of(request)["evidence"][:4]]
        lines = [
            "Officials in Lyon confirmed 412 arrests on Monday, Mayor Jean Dupont said.",
            "The ministry ordered 37 schools in Marseille closed until 2031.",
            "Prime Minister Olaf Weber flew to Oslo to sign the treaty.",
        ]
        sentences = [{"text": t, "evidence": [i]} for t, i in zip(lines, ids, strict=False)]
        return json.dumps(
            {
                "headline": sentences[0],
                "lede": sentences[:1],
                "sections": [{"heading": "Events", "kind": "main", "sentences": sentences[1:]}],
            }
        )

    chat.script = [Turn(model=fiction), Turn(model=fiction)]
    out = write_verified(sheet, ["standard"], Cascade(_writer(chat)))
    report = out.reports["standard"]
    assert out.drafts["standard"].writer == "extractive"
    assert report.fallback is not None
    assert "not supported by the evidence" in report.fallback
    assert len(chat.requests) == 2  # one revision, no more
    text = json.dumps(out.drafts["standard"].to_json())
    assert "Dupont" not in text
    assert "412" not in text


def test_the_token_budget_stops_requests_for_the_rest_of_the_run(
    chat: ChatServer, key: str, sheet: FactSheet
) -> None:
    chat.script = [Turn(model=faithful, usage=(9000, 1500)), Turn(model=faithful)]
    cascade = Cascade(_writer(chat, token_budget=10_000))
    first = write_verified(sheet, ["brief"], cascade)
    second = write_verified(sheet, ["standard"], cascade)
    assert first.drafts["brief"].writer == "openai:test-model"
    assert second.drafts["standard"].writer == "extractive"
    assert "token budget (10,000) is spent" in (second.reports["standard"].fallback or "")
    assert len(chat.requests) == 1


def test_styles_are_requested_concurrently_within_the_limit(
    chat: ChatServer, key: str, sheet: FactSheet
) -> None:
    chat.script = [Turn(model=faithful, delay=0.5) for _ in range(3)]
    out = write_verified(
        sheet, ["brief", "standard", "in-depth"], Cascade(_writer(chat, concurrency=3))
    )
    assert {d.writer for d in out.drafts.values()} == {"openai:test-model"}
    assert len(chat.requests) == 3


def test_answer_reading_is_forgiving_only_where_no_fact_changes(sheet: FactSheet) -> None:
    assert read_json('Here you go:\n```json\n{"a": [1, 2,]}\n```') == {"a": [1, 2]}
    assert read_json('{"headline": {"text": "Cut off') == {"headline": {"text": "Cut off"}}
    with pytest.raises(ValueError, match="no JSON object"):
        read_json("Sorry, no.")
    with pytest.raises(ValueError, match="not an object"):
        read_json("[1, 2]")


# -- plugins and options -------------------------------------------------------------------


class EchoWriter(Writer):
    """A third party's writer: the lede is the first usable evidence sentence."""

    name = "echo"

    class Options(Writer.Options):
        shout: bool = False

    def write(self, sheet: FactSheet, style: str) -> Draft:
        draft = ExtractiveWriter().write(sheet, style)
        draft.writer = self.name
        return draft


class EchoPlugin:
    @hookimpl
    def register_writers(self, register: Any) -> None:
        register(EchoWriter)


def test_a_third_party_writer_registers_through_the_hook(sheet: FactSheet) -> None:
    pm = backend.plugin_manager()
    plugin = EchoPlugin()
    pm.register(plugin, name="echo-test")
    try:
        assert writers()["echo"] is EchoWriter
        w = get_writer("echo", {"shout": True})
        assert w.options.shout is True  # type: ignore[attr-defined]
        out = write_verified(sheet, ["brief"], Cascade(w))
        assert out.drafts["brief"].writer == "echo"
        with pytest.raises(ConfigError, match=r"\[write.echo\]: volume"):
            get_writer("echo", {"volume": 11})
    finally:
        pm.unregister(plugin)
    assert "echo" not in writers()
    assert {"extractive", "openai", "local"} <= set(writers())
    with pytest.raises(ConfigError, match="unknown writer 'echo'"):
        get_writer("echo")


def test_options_are_validated_and_keys_are_not_options() -> None:
    with pytest.raises(ConfigError, match=r"\[write.openai\]: api_key"):
        get_writer("openai", {"api_key": KEY})
    with pytest.raises(ConfigError, match="temperature"):
        get_writer("openai", {"temperature": 9})
    with pytest.raises(ConfigError, match=r"\[write.extractive\]: paraphrase"):
        get_writer("extractive", {"paraphrase": 2})


def test_the_fallback_takes_the_extractive_writer_s_options(tmp_path: Path) -> None:
    from newsdesk.settings import load_settings
    from newsdesk.write.cascade import from_settings

    settings = load_settings(
        home=tmp_path, overrides={"write": {"extractive": {"paraphrase": 0.9}}}
    )
    for writer in ("extractive", "openai"):
        cascade = from_settings(settings, writer)
        assert cascade.fallback.options.paraphrase == 0.9  # type: ignore[attr-defined]
    plain = from_settings(settings)
    assert plain.writer is plain.fallback  # one extractive writer: its styles share its work


def test_summarize_cli_with_the_openai_writer(chat: ChatServer, key: str, tmp_path: Path) -> None:
    chat.script = [Turn(model=faithful)]
    (tmp_path / "newsdesk.toml").write_text(
        f'[write]\nwriter = "openai"\n[write.openai]\nbase_url = "{chat.base_url}"\n'
        'model = "test-model"\nkey_env = "NEWSDESK_TEST_KEY"\n'
    )
    docs = [{"text": d.text} for d in demo_event("1_ecb", 5)]
    (tmp_path / "in.jsonl").write_text(json.dumps({"id": "reid", "documents": docs}) + "\n")
    env = {"NEWSDESK_HOME": str(tmp_path), "NEWSDESK_TEST_KEY": KEY}
    done = run_cli("summarize", str(tmp_path / "in.jsonl"), "--style", "brief", env=env)
    assert done.returncode == 0, done.stderr
    row = json.loads(done.stdout)
    assert row["writer"] == "openai:test-model"
    assert row["verification"]["attempts"][0]["writer"] == "openai:test-model"
    assert KEY not in done.stdout + done.stderr

    bad = run_cli("summarize", str(tmp_path / "in.jsonl"), "--writer", "gpt9", env=env)
    assert bad.returncode != 0
    assert "unknown writer 'gpt9'" in bad.stderr
    assert "extractive" in bad.stderr
    assert "openai" in bad.stderr


def test_headline_and_sentences_keep_no_citation_marks_or_markdown(
    chat: ChatServer, key: str, sheet: FactSheet
) -> None:
    def marked(request: dict[str, Any]) -> str:
        answer = json.loads(faithful(request))
        s = answer["lede"][0]
        s["text"] = "**" + s["text"].rstrip(".") + f" [{s['evidence'][0]}]."
        s["evidence"] = "E999"  # an id the pack never showed: the inline mark is used
        return json.dumps(answer)

    chat.script = [Turn(model=marked)]
    draft = _writer(chat).write(sheet, "standard")
    lede: DraftSentence = draft.lede[0]
    assert "[" not in lede.text
    assert "*" not in lede.text
    assert lede.evidence
    assert all(":" in i for i in lede.evidence)


def test_a_recorded_llamacpp_answer_is_read_and_verified(
    chat: ChatServer, sheet: FactSheet
) -> None:
    """SmolLM2-135M through llama.cpp's server, recorded: valid JSON in the draft's shape, and
    much of it unfounded (a date for a headline); the verifier keeps none of that."""
    small = analyze(demo_event("1_ecb", 5), story="tara-reid")
    chat.script = [Turn(body=recorded("llamacpp_chat_completion.json"))] * 2
    writer = _writer(chat, key_env="", max_evidence=12)
    out = write_verified(small, ["brief"], Cascade(writer))
    report = out.reports["brief"]
    first = report.attempts[0]
    assert first["writer"] == "openai:test-model"
    assert "sentences" in first
    assert writer.usage.prompt_tokens == 2 * 1349
    assert "2026-11-23" not in json.dumps(out.drafts["brief"].to_json())
    assert report.publishable
    assert "Authorization" not in chat.headers[0]  # key_env "": no key is sent
