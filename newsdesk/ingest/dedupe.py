"""Seen before? Canonical URLs and stable ids (the same article is stored once),
and near-duplicate texts from other outlets (wire copies, reprints), found with
MinHash LSH over word 5-shingles (datasketch) and linked to the first copy.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable
from urllib.parse import urlsplit, urlunsplit

import courlan
import numpy as np
from datasketch import MinHash, MinHashLSH

from newsdesk.text import words

log = logging.getLogger(__name__)

NUM_PERM = 128
SCHEME = "affine32"  # datasketch 2 hashing scheme; stored signatures depend on it
SHINGLE = 5


def canonical_url(url: str) -> str:
    """Normalize a URL: lower-case host, default port, sorted query without trackers
    (utm_*, fbclid …), no fragment. ``file:`` URLs are kept as they are."""
    url = url.strip()
    if not url.lower().startswith(("http://", "https://")):
        return url
    try:
        normalized = courlan.normalize_url(url, strict=False)
    except ValueError:
        normalized = url
    parts = urlsplit(normalized)
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", parts.query, ""))


def article_id(url: str) -> str:
    """A stable 16-hex-digit id from the canonical URL: the same on every store."""
    return hashlib.sha256(canonical_url(url).encode("utf-8")).hexdigest()[:16]


def minhash(text: str) -> MinHash:
    tokens = words(text)
    if len(tokens) >= SHINGLE:
        shingles = {" ".join(tokens[i : i + SHINGLE]) for i in range(len(tokens) - SHINGLE + 1)}
    else:
        shingles = {" ".join(tokens)}
    mh = MinHash(num_perm=NUM_PERM, scheme=SCHEME)
    mh.update_batch([s.encode("utf-8") for s in shingles])
    return mh


def minhash_bytes(mh: MinHash) -> bytes:
    return bytes(np.asarray(mh.hashvalues, dtype=np.uint64).tobytes())


def minhash_from_bytes(data: bytes) -> MinHash:
    return MinHash(
        num_perm=NUM_PERM, scheme=SCHEME, hashvalues=np.frombuffer(data, dtype=np.uint64)
    )


class ReprintIndex:
    """Finds the earlier article a new text is a near-copy of.

    Holds the MinHashes of recent articles in an LSH index; ``match`` returns
    the root article (the first copy, never a reprint itself) and the estimated
    Jaccard similarity, when it is at least ``threshold``.
    """

    def __init__(self, threshold: float = 0.8) -> None:
        self.threshold = threshold
        self._lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self._hashes: dict[str, MinHash] = {}
        self._root: dict[str, str] = {}
        self._order: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self._hashes)

    def load(self, rows: Iterable[tuple[str, str | None, bytes]]) -> None:
        for article, root, data in rows:
            self.add(article, minhash_from_bytes(data), root)

    def add(self, article: str, mh: MinHash, reprint_of: str | None = None) -> None:
        if article in self._hashes:
            return
        self._lsh.insert(article, mh)
        self._hashes[article] = mh
        self._root[article] = reprint_of or article
        self._order[article] = len(self._order)

    def match(self, mh: MinHash) -> tuple[str, float] | None:
        best: tuple[str, float] | None = None
        for candidate in self._lsh.query(mh):
            score = float(mh.jaccard(self._hashes[candidate]))
            if score < self.threshold:
                continue
            root = self._root[candidate]
            if (
                best is None
                or score > best[1]
                or (score == best[1] and self._order[root] < self._order[best[0]])
            ):
                best = (root, score)
        return best
