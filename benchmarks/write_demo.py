"""Per-stage time and write latency per story on the bundled demo corpus.

    python -m benchmarks.write_demo [--out benchmarks/out/write_demo.json]

Ingests the demo corpus (496 ECB+ articles) into a fresh SQLite store,
clusters it, then analyses and writes every story in the three styles,
timing each stage and each story (p50/p95), and the peak resident memory;
also counts what the fact sheets call a disagreement.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import tempfile
import time
from collections import Counter
from pathlib import Path

from newsdesk.analyze.facts import FactSheet
from newsdesk.cli import demo_corpus
from newsdesk.cluster.stage import cluster_store
from newsdesk.ingest.pipeline import Ingestor
from newsdesk.settings import load_settings
from newsdesk.store import open_store
from newsdesk.write.compose import write_stories


def _quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("benchmarks/out/write_demo.json"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        settings = load_settings(home=Path(home))
        store = open_store(f"sqlite:///{home}/bench.db")
        t0 = time.perf_counter()
        ingest = Ingestor(store, settings).ingest_path(demo_corpus(), allow_undated=True)
        t1 = time.perf_counter()
        clustered = cluster_store(store, settings)
        t2 = time.perf_counter()
        written = write_stories(store)
        t3 = time.perf_counter()
        # What the fact sheets call a disagreement: a reader sees each under "Sources
        # disagree", and a source in an incompatible pair is kept out of the account.
        disagreements: Counter[str] = Counter()
        incompatible = stories_with = 0
        for sid in store.story_ids():
            latest = store.latest_facts(sid)
            if latest is None:
                continue
            sheet = FactSheet.from_json(json.loads(latest[0]))
            disagreements.update(c.kind for c in sheet.conflicts)
            incompatible += len(sheet.incompatible)
            stories_with += bool(sheet.conflicts)
        store.close()
    per = written.per_story
    result = {
        "articles": ingest.articles_added,
        "stories": clustered.opened,
        "versions": written.written,
        "seconds": {
            "ingest": round(t1 - t0, 1),
            "cluster": round(t2 - t1, 1),
            "analyze": round(written.stage_seconds.get("analyze", 0.0), 1),
            "write+verify": round(written.stage_seconds.get("write+verify", 0.0), 1),
            "load": round(written.stage_seconds.get("load", 0.0), 1),
            "analyze+write total": round(t3 - t2, 1),
        },
        "per_story_seconds": {
            "p50": round(_quantile(per, 0.5), 3),
            "p95": round(_quantile(per, 0.95), 3),
            "max": round(max(per, default=0.0), 3),
            "mean": round(statistics.mean(per), 3) if per else 0.0,
        },
        "verifier_verdicts": written.verdicts,
        "disagreements": {
            "by_kind": dict(sorted(disagreements.items())),
            "stories_with_any": stories_with,
            "incompatible_source_pairs": incompatible,
        },
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
