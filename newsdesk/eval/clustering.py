"""Scoring story clustering on the evaluation sets, through the online path users get."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from newsdesk.cluster import DocFeatures, Featurizer, FileCache, OnlineClusterer, ScoreModel
from newsdesk.eval import datasets
from newsdesk.eval.metrics import bcubed

# Plain TF-IDF + average linkage, threshold tuned on each set (../shared/data/README.md).
FLOORS = {
    "ECB+ dev events": 0.870,
    "NeuS AllSides dev (pooled)": 0.851,
    "Multi-News dev100 (pooled)": 0.837,
}


@dataclass(slots=True)
class Result:
    name: str
    articles: int
    gold: int
    stories: int
    precision: float
    recall: float
    f1: float

    @property
    def floor(self) -> float | None:
        return FLOORS.get(self.name)


def all_sets(data: Path) -> list[datasets.ClusteringSet]:
    return [
        datasets.ecbplus(data),
        datasets.ecbplus(data, "topic"),
        datasets.neus(data),
        datasets.multinews(data),
    ]


def featurize(ds: datasets.ClusteringSet, featurizer: Featurizer) -> list[DocFeatures]:
    return featurizer.featurize(ds.docs)


def score(
    ds: datasets.ClusteringSet,
    features: list[DocFeatures],
    model: ScoreModel | None = None,
) -> Result:
    clusterer = OnlineClusterer(model)
    pred = {a.doc_id: a.story for a in clusterer.add_all(features)}
    s = bcubed(pred, ds.gold)
    return Result(
        ds.name,
        len(ds.docs),
        len(set(ds.gold.values())),
        len(clusterer.stories),
        s["precision"],
        s["recall"],
        s["f1"],
    )


def evaluate(data: Path, cache: Path | None = None) -> list[Result]:
    file_cache = FileCache(cache) if cache else None
    featurizer = Featurizer(file_cache)
    results = [score(ds, featurize(ds, featurizer)) for ds in all_sets(data)]
    if file_cache is not None:
        file_cache.save()
    return results
