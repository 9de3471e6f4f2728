"""Support: is a sentence backed by the evidence it cites?

A lexical alignment, not a neural entailment model (no NLI model ships in a
PyPI package yet; see benchmarks/REPORT.md for what was measured). Each
sentence is aligned with its evidence, and seven features describe how well:

- ``coverage``: rarity-weighted share of the sentence's content stems found
  anywhere in the evidence;
- ``window``: the same share within the best single window (one evidence
  sentence, or two adjacent ones of the same article) — a fact is stated in
  one place, not assembled from words scattered over an article;
- ``bigrams``: share of the sentence's stem bigrams the evidence contains (word
  order: "A beat B" is not "B beat A");
- ``novel_rarity``, ``novel_numbers``, ``novel_words``: what the evidence does
  not contain — the summed rarity of those words, how many are numbers, how many
  in all;
- ``negation``: 1 when the sentence negates and its best window does not, or the
  other way round.

A logistic model (``support_model.json``, fitted by
``scripts/fit_support_model.py`` on FRANK valid only) turns them into a
probability; ``threshold`` was chosen on the same set.
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from newsdesk.verify.lexicon import NEGATIONS, content, is_number, rarity, stem, tokens

FEATURES = (
    "coverage",
    "window",
    "bigrams",
    "novel_rarity",
    "novel_numbers",
    "novel_words",
    "negation",
)
MODEL_PATH = Path(__file__).with_name("support_model.json")


class EvidenceIndex:
    """Evidence sentences, grouped by article, prepared once for many sentences."""

    def __init__(self, articles: Sequence[Sequence[str]]) -> None:
        self.texts: list[str] = []
        self.article: list[int] = []
        self.stems: list[frozenset[str]] = []
        self.negates: list[bool] = []
        self.all_stems: set[str] = set()
        self.bigrams: set[tuple[str, str]] = set()
        for a, sentences in enumerate(articles):
            for text in sentences:
                words = tokens(text)
                stems = [stem(w) for w in words]
                self.texts.append(text)
                self.article.append(a)
                self.stems.append(frozenset(stems))
                self.negates.append(any(w in NEGATIONS for w in words))
                self.all_stems.update(stems)
                self.bigrams.update(itertools.pairwise(stems))

    def __len__(self) -> int:
        return len(self.texts)

    def window(self, i: int) -> frozenset[str]:
        if i + 1 < len(self.texts) and self.article[i + 1] == self.article[i]:
            return self.stems[i] | self.stems[i + 1]
        return self.stems[i]

    def window_negates(self, i: int) -> bool:
        nxt = i + 1 < len(self.texts) and self.article[i + 1] == self.article[i]
        return self.negates[i] or (nxt and self.negates[i + 1])


@dataclass(slots=True)
class Alignment:
    features: dict[str, float]
    best: int | None  # index into the EvidenceIndex of the best window's first sentence
    novel: list[str] = field(default_factory=list)  # content words no evidence has
    probability: float = 0.0


def features(sentence: str, index: EvidenceIndex) -> Alignment:
    words = tokens(sentence)
    words_c = content(words)
    stems_c = [stem(w) for w in words_c]
    weights = [1.0 + rarity(w) for w in words_c]
    total = sum(weights) or 1.0
    coverage = (
        sum(w for w, s in zip(weights, stems_c, strict=False) if s in index.all_stems) / total
    )
    best, best_i = 0.0, None
    for i in range(len(index)):
        win = index.window(i)
        share = sum(w for w, s in zip(weights, stems_c, strict=False) if s in win) / total
        if share > best:
            best, best_i = share, i
    stems = [stem(w) for w in words]
    pairs = list(itertools.pairwise(stems))
    bigrams = sum(p in index.bigrams for p in pairs) / len(pairs) if pairs else 1.0
    novel = [w for w, s in zip(words_c, stems_c, strict=False) if s not in index.all_stems]
    negates = any(w in NEGATIONS for w in words)
    window_negates = best_i is not None and index.window_negates(best_i)
    values = {
        "coverage": coverage if words_c else 1.0,
        "window": best if words_c else 1.0,
        "bigrams": bigrams,
        "novel_rarity": sum(rarity(w) for w in novel),
        "novel_numbers": float(sum(is_number(w) for w in novel)),
        "novel_words": float(len(novel)),
        "negation": float(negates != window_negates),
    }
    return Alignment(values, best_i, novel)


def worst(alignments: Sequence[Alignment]) -> dict[str, float]:
    """Features of a text of several sentences: its weakest value of each."""
    if not alignments:
        return {"coverage": 1.0, "window": 1.0, "bigrams": 1.0} | dict.fromkeys(FEATURES[3:], 0.0)
    out = {}
    for k in FEATURES:
        values = [a.features[k] for a in alignments]
        out[k] = min(values) if k in ("coverage", "window", "bigrams") else max(values)
    return out


@dataclass(frozen=True, slots=True)
class SupportModel:
    weights: tuple[float, ...]
    bias: float
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    threshold: float
    trained_on: str = ""

    def probability(self, values: dict[str, float]) -> float:
        z = self.bias
        for k, w, m, s in zip(FEATURES, self.weights, self.mean, self.scale, strict=False):
            z += w * (values[k] - m) / s
        return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))

    def supported(self, values: dict[str, float]) -> bool:
        return self.probability(values) >= self.threshold

    def to_json(self) -> dict[str, object]:
        return {
            "features": list(FEATURES),
            "weights": list(self.weights),
            "bias": self.bias,
            "mean": list(self.mean),
            "scale": list(self.scale),
            "threshold": self.threshold,
            "trained_on": self.trained_on,
        }

    @classmethod
    def from_json(cls, data: dict[str, object]) -> SupportModel:
        if tuple(data["features"]) != FEATURES:  # type: ignore[arg-type]
            raise ValueError(f"support model features {data['features']} are not {FEATURES}")
        return cls(
            weights=tuple(float(x) for x in data["weights"]),  # type: ignore[attr-defined]
            bias=float(data["bias"]),  # type: ignore[arg-type]
            mean=tuple(float(x) for x in data["mean"]),  # type: ignore[attr-defined]
            scale=tuple(float(x) for x in data["scale"]),  # type: ignore[attr-defined]
            threshold=float(data["threshold"]),  # type: ignore[arg-type]
            trained_on=str(data.get("trained_on", "")),
        )


@cache
def default_model() -> SupportModel:
    return SupportModel.from_json(json.loads(MODEL_PATH.read_text()))


def align(sentence: str, index: EvidenceIndex, model: SupportModel | None = None) -> Alignment:
    found = features(sentence, index)
    found.probability = (model or default_model()).probability(found.features)
    return found
