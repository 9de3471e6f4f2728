"""Balanced accuracy of the support check on human-labelled (document, summary) pairs.

FRANK valid, XSumFaith val and SummEdits news dev (../shared/data/factuality),
through ``check_summary``, the path ``newsdesk check`` takes, with the shipped
model and threshold (both chosen on FRANK valid only). Also reported, and
named as such: ROC AUC (threshold-free) and the balanced accuracy the best
threshold for that set would give (an oracle, to separate ranking from
calibration), and throughput in sentence checks per second on this machine.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from newsdesk.text import split_sentences
from newsdesk.verify.summary import check_summary, document_index, read_pairs
from newsdesk.verify.support import FEATURES, EvidenceIndex, features, worst

SETS = (
    ("frank_valid.jsonl", "FRANK valid"),
    ("xsumfaith_val.jsonl", "XSumFaith val"),
    ("summedits_news_dev.jsonl", "SummEdits news dev"),
)
# Published test-split figures (../shared/data/README.md) and this project's targets.
ANCHORS = {
    "FRANK valid": "SummaC-Conv 0.816",
    "XSumFaith val": "SummaC-Conv 0.664",
    "SummEdits news dev": "QAFactEval 0.744, GPT-4 0.833",
}
TARGETS = {"FRANK valid": 0.82, "XSumFaith val": 0.70, "SummEdits news dev": 0.75}


@dataclass(slots=True)
class VerifyScores:
    name: str
    pairs: int
    consistent: int
    balanced_accuracy: float
    auc: float
    oracle: float
    sentences: int
    seconds: float

    @property
    def per_second(self) -> float:
        return self.sentences / self.seconds if self.seconds else 0.0


def balanced_accuracy(y: np.ndarray, predicted: np.ndarray) -> float:
    pos, neg = y == 1, y == 0
    tpr = float(predicted[pos].mean()) if pos.any() else 0.0
    tnr = float((~predicted[neg]).mean()) if neg.any() else 0.0
    return (tpr + tnr) / 2


def auc(y: np.ndarray, score: np.ndarray) -> float:
    """Probability that a consistent pair scores above an inconsistent one (ties half)."""
    pos, neg = score[y == 1], score[y == 0]
    if not len(pos) or not len(neg):
        return float("nan")
    order = np.argsort(np.concatenate([pos, neg]), kind="mergesort")
    ranks = np.empty(len(order))
    values = np.concatenate([pos, neg])[order]
    i = 0
    while i < len(values):  # average ranks over ties
        j = i
        while j + 1 < len(values) and values[j + 1] == values[i]:
            j += 1
        ranks[order[i : j + 1]] = (i + j) / 2 + 1
        i = j + 1
    return float((ranks[: len(pos)].sum() - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg)))


def oracle(y: np.ndarray, score: np.ndarray) -> float:
    return max(balanced_accuracy(y, score >= t) for t in np.unique(score))


def _indexes() -> dict[str, EvidenceIndex]:
    return {}


def pair_features(path: Path) -> tuple[np.ndarray, np.ndarray]:
    """The support features of each pair's weakest sentence, and its label (1 = consistent)."""
    rows, labels = [], []
    cache = _indexes()
    with path.open(encoding="utf-8") as fh:
        for _id, document, summary, label in read_pairs(fh, path.name):
            index = cache.get(document) or cache.setdefault(document, document_index(document))
            texts = [s.text for s in split_sentences("summary", summary)] or [summary]
            found = worst([features(t, index) for t in texts])
            rows.append([found[k] for k in FEATURES])
            labels.append(int(label))
    return np.array(rows), np.array(labels)


def evaluate(path: Path, name: str) -> VerifyScores:
    scores, labels, verdicts = [], [], []
    sentences = 0
    cache = _indexes()
    started = time.perf_counter()
    with path.open(encoding="utf-8") as fh:
        for ident, document, summary, label in read_pairs(fh, path.name):
            index = cache.get(document) or cache.setdefault(document, document_index(document))
            result = check_summary(index, summary, ident)
            sentences += len(result.sentences)
            scores.append(result.support)
            verdicts.append(result.consistent)
            labels.append(int(label))
    seconds = time.perf_counter() - started
    y, s, v = np.array(labels), np.array(scores), np.array(verdicts)
    return VerifyScores(
        name=name,
        pairs=len(y),
        consistent=int(y.sum()),
        balanced_accuracy=balanced_accuracy(y, v),
        auc=auc(y, s),
        oracle=oracle(y, s),
        sentences=sentences,
        seconds=seconds,
    )


def all_sets(data: Path) -> list[tuple[Path, str]]:
    return [(data / "factuality" / f, name) for f, name in SETS]
