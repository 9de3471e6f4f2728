"""Score the store's clustering of the bundled demo corpus against ECB+'s gold events.

The demo corpus is ECB+ with its gold ``event_label`` kept, so it measures what
``newsdesk run --demo`` groups: articles arrive in time order, each undated one
at the fetch time the store would give it, through the online clusterer. Run
with and without the dates ingestion reads from stamp lines
(``newsdesk/ingest/stamp.py``) to see what they change.

    python scripts/score_demo_clusters.py
"""

from __future__ import annotations

import gzip
import json
from datetime import UTC, datetime

from newsdesk.cli import demo_corpus
from newsdesk.cluster import Featurizer, OnlineClusterer
from newsdesk.cluster.features import Doc
from newsdesk.eval.metrics import bcubed
from newsdesk.ingest.stamp import text_date

FETCHED = datetime(2026, 11, 23, tzinfo=UTC)


def score(rows: list[dict[str, object]], featurizer: Featurizer, stamps: bool) -> str:
    def published(r: dict[str, object]) -> datetime:
        if r["published"]:
            return datetime.fromisoformat(str(r["published"]))
        found = text_date(str(r["text"]), FETCHED) if stamps else None
        return found or FETCHED

    ordered = sorted(rows, key=published)
    docs = [
        Doc(
            str(r["doc_id"]),
            str(r["text"]),
            str(r["title"] or ""),
            published(r),
            str(r["outlet"] or ""),
        )
        for r in ordered
    ]
    clusterer = OnlineClusterer()
    pred = {a.doc_id: a.story for a in clusterer.add_all(featurizer.featurize(docs))}
    gold = {str(r["doc_id"]): str(r["event_label"]) for r in rows}
    s = bcubed(pred, gold)
    return (
        f"P {s['precision']:.3f}  R {s['recall']:.3f}  F1 {s['f1']:.3f}  "
        f"{len(clusterer.stories)} stories ({len(set(gold.values()))} gold events)"
    )


def main() -> None:
    with gzip.open(demo_corpus(), "rt", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    featurizer = Featurizer()
    print("undated at fetch time:     ", score(rows, featurizer, stamps=False))
    print("dated from stamp lines too:", score(rows, featurizer, stamps=True))


if __name__ == "__main__":
    main()
