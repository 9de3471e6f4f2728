"""Story clustering: the B-cubed scorer, the online clusterer, `newsdesk group`."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from newsdesk.cli import app
from newsdesk.cluster import Doc, Featurizer, OnlineClusterer, ScoreModel
from newsdesk.cluster.online import FEATURE_NAMES, date_words, figures
from newsdesk.eval import clustering, datasets
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
    first, second, third = c.add_all(
        Featurizer().featurize(
            [
                Doc("q1", QUAKE, "Earthquake kills 12 in Valdora"),
                Doc("q2", QUAKE2, "Valdora quake toll rises to 15"),
                Doc("v1", VOTE, "Estmark passes budget"),
            ]
        )
    )
    assert first.new
    assert (second.story, second.new) == (first.story, False)
    assert second.score >= 0.0
    assert third.new
    assert third.story != first.story


def test_features_are_cached_and_entities_found() -> None:
    featurizer = Featurizer()
    [f] = featurizer.featurize([Doc("q1", QUAKE, "Earthquake kills 12 in Valdora")])
    assert f.embedding.shape == (384,)
    assert abs(float(f.embedding @ f.embedding) - 1.0) < 1e-4
    assert ("valdora", "GPE") in f.entities
    featurizer.embed = None  # type: ignore[method-assign,assignment]  # a second call must not embed
    [again] = featurizer.featurize([Doc("other-id", QUAKE, "Earthquake kills 12 in Valdora")])
    assert (again.embedding == f.embedding).all()


def test_time_window_keeps_old_stories_out() -> None:
    from datetime import UTC, datetime, timedelta

    t0 = datetime(2024, 1, 1, tzinfo=UTC)
    c = OnlineClusterer(window_days=7)
    docs = [
        Doc("q1", QUAKE, "Earthquake kills 12 in Valdora", t0),
        Doc("q2", QUAKE2, "Valdora quake toll rises to 15", t0 + timedelta(days=1)),
        Doc("q3", QUAKE2, "Valdora quake toll rises to 15", t0 + timedelta(days=30)),
    ]
    a, b, late = c.add_all(Featurizer().featurize(docs))
    assert b.story == a.story
    assert late.new  # a month later, the same words are another event


def test_shipped_model_is_valid() -> None:
    model = ScoreModel.shipped()
    assert len(model.weights) == len(FEATURE_NAMES) + len(model.by_size)
    assert model.related < 0.0
    with pytest.raises(ValueError, match="features"):
        ScoreModel.from_dict({"features": ["x"], "weights": [1], "bias": 0, "related": -1})
    raw = {"features": list(FEATURE_NAMES), "bias": 0, "related": -1}
    with pytest.raises(ValueError, match="weights"):
        ScoreModel.from_dict({**raw, "weights": [1] * len(FEATURE_NAMES), "by_size": ["tfidf"]})
    with pytest.raises(ValueError, match="by_size"):
        ScoreModel.from_dict({**raw, "weights": [1] * 8, "by_size": ["log_size"]})


def test_a_signal_by_size_weighs_more_as_the_story_grows() -> None:
    n = len(FEATURE_NAMES)
    size, tfidf = FEATURE_NAMES.index("log_size"), FEATURE_NAMES.index("tfidf")
    model = ScoreModel((0.0,) * n + (1.0,), 0.0, -1.0, ("tfidf",))
    rows = np.zeros((2, n))
    rows[:, tfidf] = 0.5
    rows[:, size] = [0.0, 2.0]
    assert model.margin(rows).tolist() == [0.0, 1.0]
    assert model.margin(np.zeros((0, n))).shape == (0,)


def test_stated_months_and_years_tell_like_events_apart() -> None:
    assert date_words("Jobs report", "Employers added 200,000 jobs in March 2019, up 3%.") == (
        frozenset({"mar"}),
        frozenset({"2019"}),
    )
    # "may" the verb, a percentage and a count are not dates; "Sept." and "May 3" are.
    assert date_words(
        "", "Prices may rise 2020 percent; 1,999 people came on Sept. 4 and May 3."
    ) == (
        frozenset({"sep", "may"}),
        frozenset(),
    )
    rows, margins = _same_and_other(
        "Employers added 200,000 jobs in March, the Labor Department said on Friday.",
        "Employers added 200,000 jobs in April, the Labor Department said on Friday.",
    )
    assert rows[:, FEATURE_NAMES.index("months")].tolist() == [1.0, -1.0]
    # Every other signal is nearly the same; the stated month decides.
    assert margins[0] > margins[1]


def _same_and_other(text: str, other: str) -> tuple[np.ndarray, np.ndarray]:
    """The signals and the shipped model's margins of ``text`` again, against a story of
    ``text`` and one of ``other``."""
    f, g, again = Featurizer().featurize([Doc("a", text), Doc("b", other), Doc("a2", text)])
    c = OnlineClusterer()
    stories = [c.open_story(x, c.observe(x)) for x in (f, g)]
    rows = c.features(again, c.observe(again), stories)
    return rows, c.model.margin(rows)


def test_stated_figures_tell_like_events_apart() -> None:
    text = (
        "Employers added 196,000 jobs in March 2019 and the jobless rate held at 3.8 percent, "
        "the department said at 8:30 a.m.; three people and 24 agencies were named."
    )
    # years, clock times and numbers under ten are left to other signals
    assert figures("Jobs report: 196,000", text) == frozenset({"196000", "24"})
    rows, margins = _same_and_other(
        "Employers added 196,000 jobs, the Labor Department said on Friday in Washington.",
        "Employers added 20,000 jobs, the Labor Department said on Friday in Washington.",
    )
    assert rows[:, FEATURE_NAMES.index("figures")].tolist() == [1.0, -1.0]
    assert margins[0] > margins[1]


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


@pytest.mark.slow
def test_ecbplus_clustering_floor() -> None:
    ds = datasets.ecbplus(shared_data())
    result = clustering.score(ds, clustering.featurize(ds, Featurizer()))
    # Measured 0.872 with the shipped model (scripts/train_cluster_model.py); the published
    # floor is 0.870. This catches a regression, not run-to-run noise.
    assert result.f1 >= 0.870


def _seeds() -> list[Path]:
    seeds = sorted((ROOT.parent / "shared" / "seeds").glob("*.txt"))
    if len(seeds) != 3:
        pytest.skip("the seed documents are not beside the repo")
    return seeds


def test_dated_seed_strikes_are_separate_events_of_one_storyline() -> None:
    """Seeds 001 and 003 date themselves (Jan 6, 2024; "BAGHDAD, Feb. 21", a Friday:
    2025). Their words are those of one event; their dates are not, so they
    become two stories, linked as related within a storyline horizon that spans them."""
    _, s001, s003 = _seeds()
    docs = [
        Doc(s001.name, s001.read_text(), "", datetime(2024, 1, 6, tzinfo=UTC)),
        Doc(s003.name, s003.read_text(), "", datetime(2025, 2, 21, tzinfo=UTC)),
    ]
    c = OnlineClusterer(related_days=500)
    first, second = c.add_all(Featurizer().featurize(docs))
    assert second.new
    assert second.story != first.story
    assert [story for story, _ in second.related] == [first.story]
    # With the default 90-day horizon, a year apart is no longer one storyline.
    first, second = OnlineClusterer().add_all(Featurizer().featurize(docs))
    assert second.new
    assert not second.related


@pytest.mark.xfail(
    strict=True,
    reason="seed 000 gives no date, no named victim and no place finer than "
    "Baghdad: text alone cannot tell its strike from seed 001's",
)
def test_the_three_seed_strikes_stay_apart_on_text_alone() -> None:
    seeds = _seeds()
    c = OnlineClusterer()
    docs = [Doc(p.name, p.read_text(), p.read_text().splitlines()[0]) for p in seeds]
    stories = {a.story for a in c.add_all(Featurizer().featurize(docs))}
    assert len(stories) == 3
