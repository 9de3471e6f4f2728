"""Article-body extraction quality on the 181 pages of ../shared/data/extraction.

    python -m benchmarks.extraction [--data ../shared/data/extraction] [--json OUT]

Scoring follows that benchmark's method (scrapinghub/article-extraction-benchmark):
texts are tokenized on \\w+, compared as bags of word 4-shingles; each page's
true/false positives and false negatives are normalized to sum to one; precision
and recall are the means over pages; F1 is computed from those two means.
The published figure for trafilatura 2.0 on this set is F1 0.958.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

from newsdesk.errors import ExtractError
from newsdesk.ingest.extract import extract_page, read_html_file

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "extraction"
_TOKEN = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text or "")
    return Counter(
        tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i : i + n]
    )


def page_counts(truth: str, pred: str) -> tuple[float, float, float]:
    t, p = shingles(truth), shingles(pred)
    tp = sum((t & p).values())
    fp = sum((p - t).values())
    fn = sum((t - p).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _ratio(a: float, b: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return a / (a + b) if a + b else 0.0


def score(pairs: list[tuple[str, str]]) -> dict[str, float]:
    counts = [page_counts(truth, pred) for truth, pred in pairs]
    precision = statistics.mean(_ratio(tp, fp, fp, fn) for tp, fp, fn in counts if tp + fp > 0)
    recall = statistics.mean(_ratio(tp, fn, fp, fn) for tp, fp, fn in counts if tp + fn > 0)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"f1": f1, "precision": precision, "recall": recall}


def run(data: Path) -> dict[str, object]:
    truth = json.loads((data / "ground-truth.json").read_text("utf-8"))
    pairs = []
    failures = 0
    started = time.perf_counter()
    for key, item in sorted(truth.items()):
        html = read_html_file(data / "html" / f"{key}.html.gz")
        try:
            text = extract_page(html, item.get("url", ""), min_chars=0).text
        except ExtractError:
            text, failures = "", failures + 1
        pairs.append((item.get("articleBody", ""), text))
    seconds = time.perf_counter() - started
    return {
        "pages": len(pairs),
        "no_text": failures,
        "seconds": round(seconds, 2),
        "pages_per_second": round(len(pairs) / seconds, 2),
        **{k: round(v, 4) for k, v in score(pairs).items()},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--json", type=Path, help="write the figures here too")
    args = parser.parse_args()
    if not (args.data / "ground-truth.json").exists():
        sys.exit(f"no extraction benchmark data at {args.data}")
    result = run(args.data)
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
