"""Online, time-aware assignment of articles to event stories.

Each story keeps running sums of what its articles say: their embeddings,
their hashed TF-IDF term counts, their entities, and the span of their
publication times. A new article is compared with the stories whose newest
article lies within ``window`` of it (all stories, when times are unknown):

1. the stories are ranked by the mean cosine of the article's embedding to
   their articles' embeddings, and the ``shortlist`` best are kept;
2. for each of those, eight signals are computed — that embedding
   similarity, the cosine to the story's nearest article, the TF-IDF cosine
   to the story centroid (title counted twice, capitalized names added as
   extra terms, running IDF), the cosine of IDF-weighted entity bags (people,
   organisations, places from spaCy), the story's size, and whether the
   article and the story state the same months, years and figures — and a learned
   logistic model (``model.json``, fitted on the dev halves by
   ``scripts/train_cluster_model.py``, as in Miranda et al. 2018) turns them,
   and each similarity times the story's log size, into a score;
3. the article joins the best story when its score is positive, else it
   opens a new story. Stories the article came close to (a score above
   ``related``, but not a join) are returned as related, and so are similar
   stories older than the window but within ``related_days``: the same words
   weeks later are a later event of one storyline.

Stories never change id: a story grows, and nothing is reshuffled. They stay
in memory for the life of the clusterer; the store stage builds one per run
from the last ``related_days`` of articles.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from importlib import resources
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, HashingVectorizer

from newsdesk.cluster.features import EMBED_DIM, DocFeatures

N_TERMS = 2**18
TFIDF_WORDS = 400
FEATURE_NAMES = (
    "embedding",
    "embedding_max",
    "tfidf",
    "entities",
    "log_size",
    "months",
    "years",
    "figures",
)
# Months by name ("March", "Sept.") and years ("2019") that an article states: a jobs report
# for March and one for February, or a quake in 2009 and one in 2011, are different events
# even when every other word is shared. "May" counts only before a day or a year.
_DATE_WORDS = re.compile(
    r"\b(January|February|March|April|June|July|August|September|October|November|December"
    r"|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\."
    r"|May(?=\s+(?:\d{1,2}\b|(?:19|20)\d\d\b)))"
    r"|\b((?:19|20)\d\d)\b(?!\s*(?:%|percent))"
)


def date_words(title: str, text: str) -> tuple[frozenset[str], frozenset[str]]:
    """The months (first three letters, lower case) and years a title and lead state."""
    months, years = set(), set()
    for m in _DATE_WORDS.finditer(f"{title}\n{' '.join(text.split()[:TFIDF_WORDS])}"):
        if m.group(1):
            months.add(m.group(1)[:3].lower())
        else:
            years.add(m.group(2))
    return frozenset(months), frozenset(years)


_CLOCK = re.compile(r"\b\d{1,2}:\d\d\b")
_FIGURE = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w]|[.,]\d)")
NUMBER_WORDS = 200


def figures(title: str, text: str) -> frozenset[str]:
    """The figures a title and lead state (a toll, a score, a count, an amount), years and
    numbers under 10 aside: reports of one event give the same ones, and a March jobs
    report's "added 196,000 jobs" is not February's "20,000"."""
    lead = _CLOCK.sub(" ", f"{title}\n{' '.join(text.split()[:NUMBER_WORDS])}")
    out = set()
    for m in _FIGURE.finditer(lead):
        value = m.group(1).replace(",", "")
        if re.fullmatch(r"(?:19|20)\d\d", value) or float(value) < 10:
            continue
        out.add(value)
    return frozenset(out)


def _agreement(mine: frozenset[str], theirs: Counter[str]) -> float:
    """1 when the article and the story share a month (or a year, or a figure), -1 when
    both state some and share none, 0 when either states none."""
    if not mine or not theirs:
        return 0.0
    return 1.0 if any(theirs[w] for w in mine) else -1.0


_CAPITALIZED = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)*)")


@dataclass(frozen=True, slots=True)
class ScoreModel:
    """A logistic model over FEATURE_NAMES and, with ``by_size``, each of the named signals
    times the story's log size (how far a signal must go to join a story depends on how big
    the story has grown); a positive margin means 'same event'."""

    weights: tuple[float, ...]
    bias: float
    related: float  # margins at or above this (but below 0) link stories as related
    by_size: tuple[str, ...] = ()  # signals that also enter multiplied by log_size

    @classmethod
    def shipped(cls) -> ScoreModel:
        raw = json.loads(resources.files("newsdesk.cluster").joinpath("model.json").read_text())
        return cls.from_dict(raw)

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> ScoreModel:
        if tuple(raw["features"]) != FEATURE_NAMES:
            raise ValueError(f"model features {raw['features']} are not {FEATURE_NAMES}")
        by_size = tuple(raw.get("by_size", ()))
        unknown = [f for f in by_size if f not in FEATURE_NAMES or f == "log_size"]
        if unknown:
            raise ValueError(f"by_size names {unknown}, not signals of {FEATURE_NAMES}")
        if len(raw["weights"]) != len(FEATURE_NAMES) + len(by_size):
            raise ValueError(
                f"{len(raw['weights'])} weights for {len(FEATURE_NAMES)} features and "
                f"{len(by_size)} by_size terms"
            )
        return cls(
            tuple(float(w) for w in raw["weights"]),
            float(raw["bias"]),
            float(raw["related"]),
            by_size,
        )

    def terms(self, features: np.ndarray) -> np.ndarray:
        """The model's inputs: the signals, then each ``by_size`` signal times log_size."""
        features = np.atleast_2d(features)
        if not self.by_size:
            return features
        size = features[:, [FEATURE_NAMES.index("log_size")]]
        picked = features[:, [FEATURE_NAMES.index(f) for f in self.by_size]]
        return np.hstack([features, picked * size])

    def margin(self, features: np.ndarray) -> np.ndarray:
        return np.asarray(self.terms(features) @ np.asarray(self.weights) + self.bias)


@dataclass(slots=True)
class Assignment:
    doc_id: str
    story: int
    score: float  # the model's margin for the story it joined; 0.0 when it opened one
    new: bool
    related: list[tuple[int, float]] = field(default_factory=list)  # (story, margin)


@dataclass(slots=True)
class Story:
    id: int
    row: int  # row in the clusterer's embedding matrix
    terms: sparse.csr_matrix
    entities: Counter[str]
    first: datetime | None
    last: datetime | None
    members: list[str] = field(default_factory=list)
    months: Counter[str] = field(default_factory=Counter)
    years: Counter[str] = field(default_factory=Counter)
    figures: Counter[str] = field(default_factory=Counter)
    vectors: list[int] = field(default_factory=list)  # rows of the members' embeddings

    def add_time(self, when: datetime | None) -> None:
        if when is None:
            return
        self.first = when if self.first is None else min(self.first, when)
        self.last = when if self.last is None else max(self.last, when)


@dataclass(frozen=True, slots=True)
class Observed:
    """What one arriving article says, read once: its sublinear hashed term counts and the
    months, years and figures it states (scoring and joining both use them)."""

    tf: sparse.csr_matrix
    months: frozenset[str]
    years: frozenset[str]
    figures: frozenset[str]


def _term_text(title: str, text: str) -> str:
    lead = " ".join(text.split()[:TFIDF_WORDS])
    names = " ".join("ENT_" + e.replace(" ", "_").lower() for e in _CAPITALIZED.findall(lead))
    return f"{title} {title} {lead} {names}"


class OnlineClusterer:
    def __init__(
        self,
        model: ScoreModel | None = None,
        window_days: float = 7.0,
        shortlist: int = 10,
        first_id: int = 0,
        related_days: float = 90.0,
    ) -> None:
        self.model = model or ScoreModel.shipped()
        self.window = timedelta(days=window_days)
        self.related_window = timedelta(days=max(related_days, window_days))
        self.shortlist = shortlist
        self._next_id = first_id
        self._vectorizer = HashingVectorizer(
            n_features=N_TERMS,
            alternate_sign=False,
            norm=None,
            stop_words=sorted(ENGLISH_STOP_WORDS),
            token_pattern=r"(?u)\b\w\w+\b",
        )
        self._term_df = np.zeros(N_TERMS, dtype=np.float64)
        self._entity_df: Counter[str] = Counter()
        self._n = 0
        self._sums = np.zeros((64, EMBED_DIM), dtype=np.float32)  # embedding sums, by row
        self._sizes = np.zeros(64, dtype=np.float32)
        self._last = np.full(64, np.nan)  # newest publication time (epoch s) by row
        self._vectors = np.zeros((256, EMBED_DIM), dtype=np.float32)  # every article's
        self._n_vectors = 0
        self.stories: list[Story] = []
        self.by_id: dict[int, Story] = {}

    # -- the signals -------------------------------------------------------

    def observe(self, f: DocFeatures) -> Observed:
        """Count one arriving article in the running document frequencies.

        Returns what scoring and joining read from it: its sublinear term counts (hashed)
        and the months, years and figures it states.
        """
        tf = self._vectorizer.transform([_term_text(f.doc.title, f.doc.text)]).tocsr()
        tf.data = 1.0 + np.log(tf.data)
        self._n += 1
        self._term_df[tf.indices] += 1.0
        self._entity_df.update({e for e, _ in f.entities})
        months, years = date_words(f.doc.title, f.doc.text)
        return Observed(tf, months, years, figures(f.doc.title, f.doc.text))

    def _entity_weights(self, counts: Counter[str]) -> dict[str, float]:
        n = self._n
        return {
            e: (1.0 + math.log(c)) * (math.log((1.0 + n) / (1.0 + self._entity_df[e])) + 1.0)
            for e, c in counts.items()
            if c > 0
        }

    def features(self, f: DocFeatures, seen: Observed, candidates: Sequence[Story]) -> np.ndarray:
        """One row of FEATURE_NAMES per candidate story."""
        if not candidates:
            return np.zeros((0, len(FEATURE_NAMES)))
        rows = np.array([s.row for s in candidates])
        emb = (self._sums[rows] @ f.embedding) / self._sizes[rows]
        idf = np.log((1.0 + self._n) / (1.0 + self._term_df)) + 1.0
        doc = seen.tf.multiply(idf).tocsr()
        doc_norm = math.sqrt(float(doc.multiply(doc).sum())) or 1.0
        stacked = sparse.vstack([s.terms for s in candidates]).tocsr().multiply(idf).tocsr()
        norms = np.sqrt(np.asarray(stacked.multiply(stacked).sum(axis=1)).ravel())
        dots = np.asarray((stacked @ doc.T).todense()).ravel()
        tfidf = dots / (np.where(norms > 0, norms, 1.0) * doc_norm)
        mine = self._entity_weights(Counter(e for e, _ in f.entities))
        mine_norm = math.sqrt(sum(v * v for v in mine.values())) or 1.0
        ents = np.zeros(len(candidates))
        for i, story in enumerate(candidates):
            theirs = self._entity_weights(story.entities)
            dot = sum(w * theirs.get(e, 0.0) for e, w in mine.items())
            if dot:
                ents[i] = dot / (
                    mine_norm * (math.sqrt(sum(v * v for v in theirs.values())) or 1.0)
                )
        nearest = np.array(
            [float(np.max(self._vectors[s.vectors] @ f.embedding)) for s in candidates]
        )
        size = np.log(self._sizes[rows])
        month_agree = np.array([_agreement(seen.months, s.months) for s in candidates])
        year_agree = np.array([_agreement(seen.years, s.years) for s in candidates])
        figure_agree = np.array([_agreement(seen.figures, s.figures) for s in candidates])
        return np.column_stack(
            [emb, nearest, tfidf, ents, size, month_agree, year_agree, figure_agree]
        )

    def candidates(self, f: DocFeatures, *, older: bool = False) -> list[Story]:
        """The ``shortlist`` in-window stories closest to the article's embedding.

        With ``older``: the closest stories beyond the window but within
        ``related_window`` instead (candidates for a related link, never a join).
        """
        count = len(self.stories)
        if not count:
            return []
        sims = (self._sums[:count] @ f.embedding) / self._sizes[:count]
        when = f.doc.published
        if when is not None:
            gap = np.abs(self._last[:count] - when.timestamp())  # NaN when the story is undated
            if older:
                keep = (gap > self.window.total_seconds()) & (
                    gap <= self.related_window.total_seconds()
                )
                sims = np.where(keep, sims, -np.inf)
            else:
                sims = np.where(gap > self.window.total_seconds(), -np.inf, sims)  # NaN passes
        elif older:
            return []
        k = min(self.shortlist, count)
        best = np.argpartition(-sims, k - 1)[:k]
        best = best[np.argsort(-sims[best])]
        return [self.stories[i] for i in best if np.isfinite(sims[i])]

    # -- growing stories ---------------------------------------------------

    def _grow(self) -> None:
        size = len(self._sizes) * 2
        sums = np.zeros((size, EMBED_DIM), dtype=np.float32)
        sums[: len(self._sums)] = self._sums
        self._sums = sums
        self._sizes = np.concatenate([self._sizes, np.zeros(size - len(self._sizes), np.float32)])
        self._last = np.concatenate([self._last, np.full(size - len(self._last), np.nan)])

    def open_story(self, f: DocFeatures, seen: Observed, story_id: int | None = None) -> Story:
        if len(self.stories) == len(self._sizes):
            self._grow()
        if story_id is None:
            story_id = self._next_id
        self._next_id = max(self._next_id, story_id + 1)
        row = len(self.stories)
        story = Story(story_id, row, seen.tf.copy(), Counter(), None, None)
        self._sums[row] = 0.0
        self._sizes[row] = 0.0
        self.stories.append(story)
        self.by_id[story_id] = story
        self.join(story, f, seen)
        return story

    def join(self, story: Story, f: DocFeatures, seen: Observed) -> None:
        if story.members:
            story.terms = (story.terms + seen.tf).tocsr()
        story.entities.update(e for e, _ in f.entities)
        story.members.append(f.doc.doc_id)
        story.months.update(seen.months)
        story.years.update(seen.years)
        story.figures.update(seen.figures)
        if self._n_vectors == len(self._vectors):
            grown = np.zeros((2 * len(self._vectors), EMBED_DIM), dtype=np.float32)
            grown[: self._n_vectors] = self._vectors
            self._vectors = grown
        self._vectors[self._n_vectors] = f.embedding
        story.vectors.append(self._n_vectors)
        self._n_vectors += 1
        story.add_time(f.doc.published)
        self._sums[story.row] += f.embedding
        self._sizes[story.row] += 1.0
        if story.last is not None:
            self._last[story.row] = story.last.timestamp()

    def add(self, f: DocFeatures) -> Assignment:
        """Assign one article: join the best story, or open a new one."""
        seen = self.observe(f)
        shortlist = self.candidates(f)
        margins = self.model.margin(self.features(f, seen, shortlist)) if shortlist else np.zeros(0)
        order = np.argsort(-margins)
        related = [
            (shortlist[i].id, float(margins[i]))
            for i in order
            if self.model.related <= margins[i] < 0.0
        ]
        if len(order) and margins[order[0]] >= 0.0:
            best = shortlist[order[0]]
            self.join(best, f, seen)
            return Assignment(f.doc.doc_id, best.id, float(margins[order[0]]), False)
        older = self.candidates(f, older=True)
        if older:
            # Beyond the window the same words mean a later event of one storyline.
            for story, margin in zip(
                older, self.model.margin(self.features(f, seen, older)), strict=True
            ):
                if margin >= self.model.related:
                    related.append((story.id, float(margin)))
        story = self.open_story(f, seen)
        return Assignment(f.doc.doc_id, story.id, 0.0, True, related)

    def restore(self, story_id: int, f: DocFeatures) -> None:
        """Replay an article already assigned to ``story_id`` (resuming from the store)."""
        seen = self.observe(f)
        story = self.by_id.get(story_id)
        if story is None:
            self.open_story(f, seen, story_id)
        else:
            self.join(story, f, seen)

    def add_all(self, features: Iterable[DocFeatures]) -> list[Assignment]:
        return [self.add(f) for f in features]
