"""The cluster stage: articles to event stories, online and time-aware.

A first, model-free clusterer (the embedding signal of issue 3 comes next):
each article is a TF-IDF vector over its title (counted twice) and lead, with
named-entity-like tokens (capitalized word runs) added as extra features; the
IDF is a running one, learned from the articles seen so far, as in a stream.
A new article joins the most similar recent story (cosine to the story's
centroid) when the similarity reaches ``threshold``, else it opens a story.
Stories whose newest article is more than ``window_days`` older (or newer)
than the article are not candidates, when both times are known.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, HashingVectorizer

N_FEATURES = 2**18
LEAD_WORDS = 400
_ENTITY = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)*)")


@dataclass(slots=True)
class Assignment:
    doc_id: str
    story: int
    score: float  # similarity to the story it joined; 0.0 for a new story
    new: bool


@dataclass(slots=True)
class _Story:
    id: int
    centroid: sparse.csr_matrix
    last: datetime | None
    members: list[str] = field(default_factory=list)


def _features(title: str, text: str) -> str:
    lead = " ".join(text.split()[:LEAD_WORDS])
    entities = " ".join("ENT_" + e.replace(" ", "_").lower() for e in _ENTITY.findall(lead))
    return f"{title} {title} {lead} {entities}"


class OnlineClusterer:
    def __init__(self, threshold: float = 0.25, window_days: float = 7.0) -> None:
        self.threshold = threshold
        self.window = timedelta(days=window_days)
        self._vectorizer = HashingVectorizer(
            n_features=N_FEATURES,
            alternate_sign=False,
            norm=None,
            stop_words=sorted(ENGLISH_STOP_WORDS),
            token_pattern=r"(?u)\b\w\w+\b",
            lowercase=True,
        )
        self._df = np.zeros(N_FEATURES, dtype=np.float64)
        self._n = 0
        self.stories: list[_Story] = []

    def _idf(self) -> np.ndarray:
        return np.log((1.0 + self._n) / (1.0 + self._df)) + 1.0

    def add(
        self, doc_id: str, text: str, title: str = "", published: datetime | None = None
    ) -> Assignment:
        tf = self._vectorizer.transform([_features(title, text)]).tocsr()
        tf.data = 1.0 + np.log(tf.data)  # sublinear term frequency
        self._n += 1
        self._df[tf.indices] += 1.0
        idf = self._idf()
        doc = tf.multiply(idf).tocsr()
        doc_norm = math.sqrt(doc.multiply(doc).sum()) or 1.0
        best, best_score = None, 0.0
        candidates = [s for s in self.stories if self._in_window(s, published)]
        if candidates:
            stacked = sparse.vstack([s.centroid for s in candidates]).tocsr()
            weighted = stacked.multiply(idf).tocsr()
            norms = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1)).ravel())
            dots = np.asarray((weighted @ doc.T).todense()).ravel()
            scores = dots / (np.where(norms > 0, norms, 1.0) * doc_norm)
            i = int(np.argmax(scores))
            best, best_score = candidates[i], float(scores[i])
        if best is not None and best_score >= self.threshold:
            best.centroid = (best.centroid + tf).tocsr()
            best.members.append(doc_id)
            if published and (best.last is None or published > best.last):
                best.last = published
            return Assignment(doc_id, best.id, best_score, new=False)
        story = _Story(len(self.stories), tf, published, [doc_id])
        self.stories.append(story)
        return Assignment(doc_id, story.id, 0.0, new=True)

    def _in_window(self, story: _Story, published: datetime | None) -> bool:
        if published is None or story.last is None:
            return True
        return abs(published - story.last) <= self.window

    def add_all(self, docs: Iterable[tuple[str, str, str, datetime | None]]) -> list[Assignment]:
        return [self.add(doc_id, text, title, published) for doc_id, text, title, published in docs]
