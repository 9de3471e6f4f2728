"""Loaders for the clustering evaluation sets in ../shared/data (dev halves).

Each returns articles in a realistic arrival order — by publication time where
the data gives one, the rest shuffled with a fixed seed — and the gold labels.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path

from newsdesk.cluster.features import Doc

SEED = 13


@dataclass(slots=True)
class ClusteringSet:
    name: str
    docs: list[Doc]
    gold: dict[str, str]


def _ordered(docs: list[Doc]) -> list[Doc]:
    rng = random.Random(SEED)
    undated = [d for d in docs if d.published is None]
    rng.shuffle(undated)
    dated = sorted((d for d in docs if d.published is not None), key=lambda d: d.published)  # type: ignore[arg-type,return-value]
    return dated + undated if dated else undated


def ecbplus(data: Path, level: str = "event_label") -> ClusteringSet:
    docs, gold = [], {}
    for line in (data / "clustering" / "ecbplus_dev.jsonl").open(encoding="utf-8"):
        row = json.loads(line)
        docs.append(Doc(row["doc_id"], row["text"]))
        gold[row["doc_id"]] = str(row[level])
    name = "ECB+ dev events" if level == "event_label" else "ECB+ dev topics"
    return ClusteringSet(name, _ordered(docs), gold)


def _pooled(path: Path, name: str) -> ClusteringSet:
    docs, gold = [], {}
    for line in path.open(encoding="utf-8"):
        row = json.loads(line)
        for i, doc in enumerate(row["documents"]):
            doc_id = f"{row['id']}#{i}"
            if isinstance(doc, dict):
                docs.append(Doc(doc_id, str(doc.get("text", "")), str(doc.get("title", ""))))
            else:
                docs.append(Doc(doc_id, str(doc)))
            gold[doc_id] = str(row["id"])
    return ClusteringSet(name, _ordered(docs), gold)


def neus(data: Path) -> ClusteringSet:
    return _pooled(data / "mds" / "neus_allsides_dev.jsonl", "NeuS AllSides dev (pooled)")


def multinews(data: Path) -> ClusteringSet:
    return _pooled(data / "mds" / "multinews_dev100.jsonl", "Multi-News dev100 (pooled)")
