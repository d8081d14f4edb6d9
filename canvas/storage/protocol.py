"""What the app needs from a store, and what a store gives back."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple, Protocol

from canvas.core.model import Canvas


class StoredCanvas(NamedTuple):
    canvas: Canvas
    revision: int

    def __repr__(self) -> str:  # the canvas holds its id, a bearer secret
        return f"StoredCanvas(revision={self.revision})"


@dataclass(frozen=True)
class CanvasSummary:
    id: str = field(repr=False)
    business_name: str
    updated_at: datetime
    revision: int
    groups: int


@dataclass(frozen=True)
class RevisionInfo:
    revision: int
    saved_at: datetime
    business_name: str
    note: str


class CanvasStore(Protocol):
    """What the app needs from a store: SqliteStore (a file) and PostgresStore (a shared database)."""

    recovery_note: str | None

    def create(self, canvas: Canvas, note: str = "Created") -> StoredCanvas: ...
    def load(self, canvas_id: str) -> StoredCanvas | None: ...
    def save(self, canvas: Canvas, base_revision: int, note: str = "Edited") -> StoredCanvas: ...
    def list_canvases(self) -> list[CanvasSummary]: ...
    def rename(self, canvas_id: str, business_name: str, base_revision: int) -> StoredCanvas: ...
    def duplicate(self, canvas_id: str) -> StoredCanvas: ...
    def delete(self, canvas_id: str) -> None: ...
    def revisions(self, canvas_id: str) -> list[RevisionInfo]: ...
    def load_revision(self, canvas_id: str, revision: int) -> Canvas | None: ...
    def restore(self, canvas_id: str, revision: int, base_revision: int) -> StoredCanvas: ...
    def ensure_samples(self) -> None: ...
    def close(self) -> None: ...
