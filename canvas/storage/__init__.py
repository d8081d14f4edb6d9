"""Where canvases are kept: the SQLite store with its revisions, the salvage of a damaged store
file, and canvas files on disk (`files`). The store's API is importable from here:

    from canvas.storage import SqliteStore, open_store, StoreUnavailable, ...
"""

from canvas.storage.errors import CanvasNotFound, ConflictError, StoreUnavailable
from canvas.storage.protocol import CanvasStore, CanvasSummary, RevisionInfo, StoredCanvas
from canvas.storage.sqlite import DEFAULT_PATH, SqliteStore
from canvas.storage.sqlite import open_sqlite_store as open_store

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
    "open_store",
]
