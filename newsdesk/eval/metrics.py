"""Scores used by `newsdesk eval`."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Mapping


def bcubed(predicted: Mapping[str, Hashable], gold: Mapping[str, Hashable]) -> dict[str, float]:
    """B-cubed precision, recall and F1 (Bagga & Baldwin 1998) over the items of ``gold``.

    For each item: precision is the share of its predicted cluster that shares its
    gold label, recall the share of its gold cluster that shares its predicted
    cluster; both are averaged over items.
    """
    if set(predicted) != set(gold):
        missing = len(set(gold) - set(predicted))
        extra = len(set(predicted) - set(gold))
        raise ValueError(f"items differ: {missing} without a prediction, {extra} not in gold")
    pairs: Counter[tuple[Hashable, Hashable]] = Counter((predicted[i], gold[i]) for i in gold)
    pred_size: defaultdict[Hashable, int] = defaultdict(int)
    gold_size: defaultdict[Hashable, int] = defaultdict(int)
    for (p, g), n in pairs.items():
        pred_size[p] += n
        gold_size[g] += n
    total = len(gold)
    precision = sum(n * n / pred_size[p] for (p, g), n in pairs.items()) / total
    recall = sum(n * n / gold_size[g] for (p, g), n in pairs.items()) / total
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}
