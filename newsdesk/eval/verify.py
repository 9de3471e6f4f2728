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
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.metrics import balanced_accuracy_score, roc_auc_score

from newsdesk.verify.summary import check_summary, document_index, read_pairs, summary_sentences
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


def oracle(y: np.ndarray, score: np.ndarray) -> float:
    return float(max(balanced_accuracy_score(y, score >= t) for t in np.unique(score)))


def _pairs(path: Path) -> Iterator[tuple[str, EvidenceIndex, str, int]]:
    """(id, document index, summary, label) per pair; a document shared by several pairs (one
    article, many systems' summaries) is indexed once."""
    cache: dict[str, EvidenceIndex] = {}
    with path.open(encoding="utf-8") as fh:
        for ident, document, summary, label in read_pairs(fh, path.name):
            if document not in cache:
                cache[document] = document_index(document)
            yield ident, cache[document], summary, int(label)


def pair_features(path: Path) -> tuple[np.ndarray, np.ndarray]:
    """The support features of each pair's weakest sentence, and its label (1 = consistent)."""
    rows, labels = [], []
    for _ident, index, summary, label in _pairs(path):
        found = worst([features(t, index) for t in summary_sentences(summary)])
        rows.append([found[k] for k in FEATURES])
        labels.append(label)
    return np.array(rows), np.array(labels)


def evaluate(path: Path, name: str) -> VerifyScores:
    scores, labels, verdicts = [], [], []
    sentences = 0
    started = time.perf_counter()
    for ident, index, summary, label in _pairs(path):
        result = check_summary(index, summary, ident)
        sentences += len(result.sentences)
        scores.append(result.support)
        verdicts.append(result.consistent)
        labels.append(label)
    seconds = time.perf_counter() - started
    y, s, v = np.array(labels), np.array(scores), np.array(verdicts)
    return VerifyScores(
        name=name,
        pairs=len(y),
        consistent=int(y.sum()),
        balanced_accuracy=float(balanced_accuracy_score(y, v)),
        auc=float(roc_auc_score(y, s)),
        oracle=oracle(y, s),
        sentences=sentences,
        seconds=seconds,
    )


def all_sets(data: Path) -> list[tuple[Path, str]]:
    return [(data / "factuality" / f, name) for f, name in SETS]
