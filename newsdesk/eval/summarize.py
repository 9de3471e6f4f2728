"""ROUGE of the written stories on real multi-document sets, against same-run baselines.

For each cluster of Multi-News dev100 and NeuS AllSides dev: the `standard`
story's lede and body (one sentence per line), cut to the reference's length
in words, scored with the ``rouge-score`` package (ROUGE-1/2/Lsum F1,
stemmed). Baselines on the same clusters and the same cut: lead (the first
words of the concatenated articles, as in ../shared/data/README.md), and
LexRank and TextRank from ``sumy`` (their top sentences in document order).
"""

from __future__ import annotations

import json
import math
import statistics
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsdesk.analyze.facts import SourceDoc
from newsdesk.text import normalize_text, split_sentences
from newsdesk.verify.report import Report
from newsdesk.write.cascade import Cascade
from newsdesk.write.compose import compose

SYSTEMS = ("newsdesk", "lead", "lexrank", "textrank")


@dataclass(slots=True)
class Cluster:
    id: str
    docs: list[SourceDoc]
    reference: str


@dataclass(slots=True)
class Scores:
    name: str
    clusters: int = 0
    rouge: dict[str, dict[str, float]] = field(default_factory=dict)  # system -> metric -> F1
    seconds_per_story: list[float] = field(default_factory=list)
    # The verifier on the writer's own drafts: sentences it wrote, and of them those the
    # evidence did not support, in its first draft and after the revision; stories that fell
    # back to the extractive writer.
    written_first: int = 0
    unsupported_first: int = 0
    written_final: int = 0
    unsupported_final: int = 0
    fallbacks: int = 0

    def unsupported_share(self) -> tuple[float, float]:
        return (
            self.unsupported_first / max(self.written_first, 1),
            self.unsupported_final / max(self.written_final, 1),
        )

    def count(self, report: Report) -> None:
        tries = [a for a in report.attempts if "sentences" in a]
        own = [a for a in tries if not a["writer"].startswith("extractive")] or tries
        if own:
            self.written_first += own[0]["sentences"]
            self.unsupported_first += own[0]["unsupported"]
            best = min(own, key=lambda a: a["unsupported"] / max(a["sentences"], 1))
            self.written_final += best["sentences"]
            self.unsupported_final += best["unsupported"]
        self.fallbacks += report.fallback is not None


def load(path: Path) -> Iterator[Cluster]:
    """Multi-News (documents: strings; ``summary``) or NeuS (documents: {title, text};
    ``reference``: {title, text})."""
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            ref = row.get("summary") or row.get("reference") or ""
            if isinstance(ref, dict):
                ref = ref.get("text", "")
            docs = []
            for i, d in enumerate(row["documents"], start=1):
                d = {"text": d} if isinstance(d, str) else d
                docs.append(
                    SourceDoc(
                        article_id=f"{row['id']}-{i}",
                        text=normalize_text(d.get("text", "")),
                        title=d.get("title") or "",
                    )
                )
            yield Cluster(str(row["id"]), docs, normalize_text(ref))


def cut(text: str, words: int) -> str:
    """The first ``words`` words, sentence lines kept (ROUGE-Lsum splits on newlines)."""
    out, left = [], words
    for line in text.split("\n"):
        tokens = line.split()
        if not tokens:
            continue
        out.append(" ".join(tokens[:left]))
        left -= min(left, len(tokens))
        if left <= 0:
            break
    return "\n".join(out)


def _sentences(docs: list[SourceDoc]) -> list[str]:
    return [s.text for d in docs for s in split_sentences(d.article_id, d.text)]


def lead(c: Cluster) -> str:
    return "\n".join(_sentences(c.docs))


class _Tokenizer:
    """Hands sumy newsdesk's sentence split (sumy's own needs NLTK data downloads)."""

    language = "english"

    def to_sentences(self, paragraph: str) -> list[str]:
        return [s.text for s in split_sentences("x", paragraph)]

    def to_words(self, sentence: str) -> list[str]:
        import re

        return re.findall(r"\w+(?:'\w+)?", sentence)


def _sumy(kind: str) -> Callable[[Cluster, int], str]:
    from sumy.nlp.stemmers import Stemmer
    from sumy.parsers.plaintext import PlaintextParser
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer
    from sumy.utils import get_stop_words

    summarizer: Any = (LexRankSummarizer if kind == "lexrank" else TextRankSummarizer)(
        Stemmer("english")
    )
    summarizer.stop_words = get_stop_words("english")

    def run(c: Cluster, words: int) -> str:
        sentences = _sentences(c.docs)
        if not sentences:
            return ""
        mean = statistics.mean(len(s.split()) for s in sentences)
        count = min(len(sentences), math.ceil(words / max(mean, 1.0)) + 2)
        parser = PlaintextParser.from_string("\n".join(sentences), _Tokenizer())
        return "\n".join(str(s) for s in summarizer(parser.document, count))

    return run


def evaluate(
    path: Path, name: str, limit: int | None = None, cascade: Cascade | None = None
) -> Scores:
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeLsum"], use_stemmer=True)
    sums: dict[str, dict[str, list[float]]] = {
        s: {"rouge1": [], "rouge2": [], "rougeLsum": []} for s in SYSTEMS
    }
    baselines = {"lexrank": _sumy("lexrank"), "textrank": _sumy("textrank")}
    scores = Scores(name)
    for n, c in enumerate(load(path)):
        if limit is not None and n >= limit:
            break
        words = len(c.reference.split())
        if not words:
            continue
        started = time.perf_counter()
        composed = compose(c.docs, story=c.id, styles=["standard"], cascade=cascade)
        drafts = composed.drafts
        scores.seconds_per_story.append(time.perf_counter() - started)
        scores.count(composed.reports["standard"])
        outputs = {
            "newsdesk": drafts["standard"].text(),
            "lead": lead(c),
            **{k: f(c, words) for k, f in baselines.items()},
        }
        reference = "\n".join(s.text for s in split_sentences("ref", c.reference))
        for system, text in outputs.items():
            result = scorer.score(reference, cut(text, words))
            for metric, value in result.items():
                sums[system][metric].append(value.fmeasure)
        scores.clusters += 1
    scores.rouge = {
        s: {m: 100 * statistics.mean(v) if v else 0.0 for m, v in metrics.items()}
        for s, metrics in sums.items()
    }
    return scores


def all_sets(data: Path) -> list[tuple[Path, str]]:
    return [
        (data / "mds" / "multinews_dev100.jsonl", "Multi-News dev100"),
        (data / "mds" / "neus_allsides_dev.jsonl", "NeuS AllSides dev"),
    ]
