"""Time and peak memory to cluster 10,000 articles online, on this machine.

The articles are the real texts of the three clustering dev sets (ECB+,
NeuS, Multi-News; ../shared/data), 1,708 of them, replayed six times as a
stream: copy k is dated k×30 days later (plus up to three days of jitter) and
starts at its (k mod n)-th sentence, so every copy is embedded anew and the
7-day window sees a realistic load. Measures featurizing (embeddings + NER)
and assignment separately, and the process's peak RSS.

    python -m benchmarks.cluster_10k --data ../shared/data [--n 10000]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import torch

from newsdesk.cluster import Doc, Featurizer, OnlineClusterer
from newsdesk.eval import datasets
from newsdesk.text import split_sentences

OUT = Path(__file__).parent / "out"


def stream(data: Path, n: int) -> list[Doc]:
    base = [
        d
        for ds in (datasets.ecbplus(data), datasets.neus(data), datasets.multinews(data))
        for d in ds.docs
    ]
    rng = random.Random(13)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    docs: list[Doc] = []
    copy = 0
    while len(docs) < n:
        for d in base:
            sents = [s.text for s in split_sentences("x", d.text)] or [d.text]
            k = copy % len(sents)
            text = " ".join(sents[k:] + sents[:k])
            when = start + timedelta(days=30 * copy, seconds=rng.uniform(0, 3 * 86400))
            docs.append(Doc(f"{copy}:{d.doc_id}", text, d.title, when))
        copy += 1
    docs = docs[:n]
    docs.sort(key=lambda d: d.published or start)
    return docs


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=Path("../shared/data"))
    ap.add_argument("--n", type=int, default=10_000)
    args = ap.parse_args()
    torch.set_num_threads(2)
    docs = stream(args.data, args.n)
    featurizer = Featurizer(batch_size=64)
    clusterer = OnlineClusterer()
    t0 = time.perf_counter()
    featurizer.featurize(docs[:8])  # load the models
    load_s = time.perf_counter() - t0
    feat_s = assign_s = 0.0
    assignments = []
    for start in range(0, len(docs), 256):
        t = time.perf_counter()
        feats = featurizer.featurize(docs[start : start + 256])
        feat_s += time.perf_counter() - t
        t = time.perf_counter()
        assignments.extend(clusterer.add_all(feats))
        assign_s += time.perf_counter() - t
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result = {
        "articles": len(docs),
        "stories": len(clusterer.stories),
        "model_load_s": round(load_s, 1),
        "featurize_s": round(feat_s, 1),
        "assign_s": round(assign_s, 1),
        "total_s": round(load_s + feat_s + assign_s, 1),
        "articles_per_s": round(len(docs) / (load_s + feat_s + assign_s), 1),
        "assign_ms_per_article": round(1000 * assign_s / len(docs), 2),
        "peak_rss_mb": round(rss_mb),
        "threads": torch.get_num_threads(),
    }
    print(json.dumps(result, indent=2))
    OUT.mkdir(exist_ok=True)
    (OUT / "cluster_10k.json").write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
