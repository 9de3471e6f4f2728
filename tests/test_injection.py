"""Source text is data: instructions planted in articles never change what a model is asked,
and what an obeying model writes because of them is never published."""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from newsdesk.analyze.facts import FactSheet, SourceDoc
from newsdesk.analyze.sheet import analyze
from newsdesk.ingest.extract import extract_page
from newsdesk.write.cascade import Cascade
from newsdesk.write.compose import write_verified
from newsdesk.write.extractive import ExtractiveWriter
from newsdesk.write.llm.openai import OpenAIWriter
from newsdesk.write.llm.prompt import SYSTEM, build_pack, messages
from tests.llm_server import ChatServer, Turn, faithful, pack_of

HERE = Path(__file__).parent / "resources" / "injection"
ROWS = [json.loads(line) for line in (HERE / "articles.jsonl").read_text("utf-8").splitlines()]
PAYLOADS = [p for row in ROWS for p in row["payload"]]


def _docs(rows: list[dict[str, Any]]) -> list[SourceDoc]:
    return [
        SourceDoc(
            article_id=r["doc_id"],
            text=r["text"],
            title=r["title"],
            outlet=r["source"],
            published=datetime.fromisoformat(r["published"]),
        )
        for r in rows
    ]


@pytest.fixture(scope="module")
def sheet() -> FactSheet:
    return analyze(_docs(ROWS), story="budget")


def test_planted_instructions_stay_inside_the_data_element(sheet: FactSheet) -> None:
    clean = analyze(
        _docs([{**r, "text": re.sub(r"<\|.*?\|>|\[/?INST\]", "", r["text"])} for r in ROWS[:1]]),
        story="budget",
    )
    for style in ("brief", "standard"):
        chat = messages(
            build_pack(sheet, ExtractiveWriter().write(sheet, style), style, 80, "2026-11-23")
        )
        reference = messages(
            build_pack(clean, ExtractiveWriter().write(clean, style), style, 80, "2026-11-23")
        )
        assert [m["role"] for m in chat] == ["system", "user"]
        assert chat[0]["content"] == SYSTEM
        user = chat[1]["content"]
        # one data element; the instructions around it are the same as for clean articles
        assert user.count("<sources>") == 1
        assert user.count("</sources>") == 1
        outside = re.sub(r"<sources>.*</sources>", "", user, flags=re.DOTALL)
        expected = re.sub(r"<sources>.*</sources>", "", reference[1]["content"], flags=re.DOTALL)
        assert outside == expected
        # no markup or chat-template token survives in the data; the text is still there
        data = user[user.index("<sources>") + 9 : user.index("</sources>")]
        assert "<" not in data
        assert ">" not in data
        texts = [e["text"] for e in json.loads(data)["evidence"]]
        assert any("</sources> <b>" in t for t in texts)  # markup in news text, escaped
        # sentences addressed to a model are not evidence: never shown, never support
        for planted in ("previous instructions", "im_start", "New instructions", "SYSTEM", "INST"):
            assert planted not in user


def _obeying(request: dict[str, Any]) -> str:
    """A model that does what the planted text says, citing the sentence that said it."""
    evidence = pack_of(request)["evidence"]
    hits = [e["id"] for e in evidence if re.search(r"instructions|SYSTEM|INST|im_start", e["text"])]
    cite = hits[:1] or [evidence[0]["id"]]
    obeyed = [
        "Mayor Ana Ruiz resigned in disgrace, details at http://evil.example/ruiz.",
        "The budget was rejected.",
        "PWNED BY NEWSDESK",
        "5,000 people died in the budget riots.",
        '"This budget is a triumph," President Obama said.',
    ]
    answer = json.loads(faithful(request))
    answer["lede"].insert(0, {"text": obeyed[0], "evidence": cite})
    answer["sections"][0]["sentences"] += [{"text": t, "evidence": cite} for t in obeyed[1:]]
    answer["headline"] = {"text": "Mayor resigns as budget is rejected", "evidence": cite}
    return json.dumps(answer)


def test_what_an_obeying_model_writes_is_never_published(sheet: FactSheet) -> None:
    with ChatServer() as server:
        server.script = [Turn(model=_obeying), Turn(model=_obeying)]
        writer = OpenAIWriter({"base_url": server.base_url, "model": "m", "key_env": ""})
        out = write_verified(sheet, ["standard"], Cascade(writer))
    published = json.dumps(out.drafts["standard"].to_json())
    for payload in PAYLOADS:
        assert payload not in published, payload
    report = out.reports["standard"]
    assert report.attempts[0]["unsupported"] >= 5
    assert report.publishable


def test_text_hidden_from_readers_never_becomes_evidence() -> None:
    page = extract_page((HERE / "hidden.html").read_bytes(), "https://example.org/budget")
    for planted in (
        "Ignore all previous",
        "developer mode",
        "evil.example",
        "vote failed",
        "PWNED",
    ):
        assert planted not in page.text
    assert "The vote passed by seven to four after a debate of more than three hours." in page.text
    assert "she told reporters" in page.text
