"""Story clustering: the B-cubed scorer, the online clusterer, `newsdesk group`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsdesk.cli import app
from newsdesk.cluster import OnlineClusterer
from newsdesk.eval import datasets
from newsdesk.eval.metrics import bcubed
from tests.conftest import ROOT, shared_data

QUAKE = (
    "A magnitude 6.1 earthquake struck near the coastal city of Valdora on Monday, "
    "collapsing buildings and killing at least 12 people, officials said."
)
QUAKE2 = (
    "Rescuers searched collapsed buildings in Valdora after Monday's magnitude 6.1 "
    "earthquake; the death toll rose to 15, officials said."
)
VOTE = (
    "Parliament in Estmark approved the national budget on Tuesday after a long debate "
    "over pension reform and defence spending."
)


def test_bcubed_known_values() -> None:
    gold = {"a": "x", "b": "x", "c": "y", "d": "y"}
    assert bcubed(gold, gold) == {"precision": 1.0, "recall": 1.0, "f1": 1.0}
    one = bcubed(dict.fromkeys(gold, 0), gold)
    assert (one["precision"], one["recall"]) == (0.5, 1.0)
    singletons = bcubed({k: k for k in gold}, gold)
    assert (singletons["precision"], singletons["recall"]) == (1.0, 0.5)
    with pytest.raises(ValueError, match="without a prediction"):
        bcubed({"a": 1}, gold)


def test_same_event_joins_and_another_opens_a_story() -> None:
    c = OnlineClusterer()
    first, second, third = (
        c.add("q1", QUAKE, "Earthquake kills 12 in Valdora"),
        c.add("q2", QUAKE2, "Valdora quake toll rises to 15"),
        c.add("v1", VOTE, "Estmark passes budget"),
    )
    assert first.new
    assert (second.story, second.new) == (first.story, False)
    assert second.score >= c.threshold
    assert third.new
    assert third.story != first.story


def test_group_command_prints_one_line_per_article(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    rows = [
        {"doc_id": "q1", "text": QUAKE, "title": "Earthquake kills 12"},
        {"doc_id": "v1", "sentences": [VOTE], "published": "2024-03-05"},
        {"doc_id": "q2", "text": QUAKE2},
    ]
    src.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    result = CliRunner().invoke(app, ["group", str(src)])
    assert result.exit_code == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["doc_id"] for o in out] == ["q1", "v1", "q2"]
    assert out[0]["story"] == out[2]["story"] != out[1]["story"]


def test_ecbplus_clustering_floor() -> None:
    ds = datasets.ecbplus(shared_data())
    c = OnlineClusterer()
    pred = {
        a.doc_id: a.story
        for a in c.add_all((d.doc_id, d.text, d.title, d.published) for d in ds.docs)
    }
    # Measured 0.890 with the shipped defaults; the published floor to beat is 0.870.
    assert bcubed(pred, ds.gold)["f1"] >= 0.885


@pytest.mark.xfail(
    strict=True,
    reason="issue 3: bag-of-words merges the three seed strikes; "
    "places, people and dates must keep distinct events apart",
)
def test_the_three_seed_strikes_stay_apart() -> None:
    seeds = sorted((ROOT.parent / "shared" / "seeds").glob("*.txt"))
    if len(seeds) != 3:
        pytest.skip("the seed documents are not beside the repo")
    c = OnlineClusterer()
    stories = {c.add(p.name, p.read_text(), p.read_text().splitlines()[0]).story for p in seeds}
    assert len(stories) == 3
