"""Where canvases are kept: the SQLite store with its revisions, the salvage of a damaged store
file, the PostgreSQL store for hosting (`postgres`), and canvas files on disk (`files`). The
store's API is importable from here:

    from canvas.storage import SqliteStore, open_store, StoreUnavailable, ...
"""

from canvas.storage.errors import CanvasNotFound, ConflictError, StoreUnavailable
from canvas.storage.opening import is_database_url, open_store
from canvas.storage.protocol import CanvasStore, CanvasSummary, RevisionInfo, StoredCanvas
from canvas.storage.sqlite import DEFAULT_PATH, SqliteStore

__all__ = [
    "DEFAULT_PATH",
    "CanvasNotFound",
    "CanvasStore",
    "CanvasSummary",
    "ConflictError",
    "RevisionInfo",
    "SqliteStore",
    "StoreUnavailable",
    "StoredCanvas",
    "is_database_url",
    "open_store",
]
