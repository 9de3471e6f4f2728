"""The cluster stage: articles to event stories, online and time-aware.

``features`` computes what is known about each article (embedding, entities),
``online`` assigns articles to stories one at a time, ``stage`` runs that
over the store. See ``online`` for the method.
"""

from newsdesk.cluster.features import Doc, DocFeatures, Featurizer, FileCache, MemoryCache
from newsdesk.cluster.online import Assignment, OnlineClusterer, ScoreModel

__all__ = [
    "Assignment",
    "Doc",
    "DocFeatures",
    "Featurizer",
    "FileCache",
    "MemoryCache",
    "OnlineClusterer",
    "ScoreModel",
]
