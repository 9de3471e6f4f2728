"""newsdesk: scan breaking news, group it into stories, write cited articles.

The importable API::

    from newsdesk import load_settings, open_store, Ingestor

    settings = load_settings()
    store = open_store(settings.store_url)
    report = Ingestor(store, settings).ingest_path(Path("saved-pages"))
"""

__version__ = "0.1.0"

from newsdesk.errors import NewsdeskError
from newsdesk.ingest.pipeline import Ingestor, IngestReport
from newsdesk.models import Article, Extracted, Sentence, evidence_id
from newsdesk.settings import Settings, load_settings
from newsdesk.store import Store, open_store

__all__ = [
    "Article",
    "Extracted",
    "IngestReport",
    "Ingestor",
    "NewsdeskError",
    "Sentence",
    "Settings",
    "Store",
    "__version__",
    "evidence_id",
    "load_settings",
    "open_store",
]
