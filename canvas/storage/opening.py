"""Which store the app uses: CANVAS_STORE=postgresql://… (or postgres://…) is the shared
PostgreSQL store; anything else is the path of an SQLite file (default data/canvas.db)."""

from __future__ import annotations

import os
from pathlib import Path

from canvas.storage.protocol import CanvasStore
from canvas.storage.sqlite import open_sqlite_store

DATABASE_SCHEMES = ("postgresql://", "postgres://")


def is_database_url(where: object) -> bool:
    return isinstance(where, str) and where.lower().startswith(DATABASE_SCHEMES)


def open_store(where: str | Path | None = None) -> CanvasStore:
    """The store at `where`, else $CANVAS_STORE, else data/canvas.db: a PostgresStore for a
    postgresql:// URL, else a SqliteStore (creating its folder)."""
    target = where or os.environ.get("CANVAS_STORE")
    if is_database_url(target):
        from canvas.storage.postgres import PostgresStore  # psycopg only when it is used

        return PostgresStore(str(target))
    return open_sqlite_store(target)
