"""What every store does alike on top of its own reads and writes: the limits of a revision, the
body it stores, how a stored body is read back, and rename, duplicate and restore."""

from __future__ import annotations

import threading

from pydantic import ValidationError

from canvas.core.document import (
    MAX_JSON_BYTES,
    CanvasFileError,
    as_new_canvas,
    canvas_from_json,
    canvas_to_json,
    describe_validation_error,
)
from canvas.core.model import Canvas
from canvas.storage.errors import CanvasNotFound, damaged
from canvas.storage.protocol import CanvasSummary, StoredCanvas
from canvas.storage.revisions import parse_time, unpack_body

KEEP_REVISIONS = 200
MAX_NOTE = 200
MAX_NAME = 80  # Canvas.business_name
COPY_SUFFIX = " (copy)"
SAMPLE_NAMES = ("it_services", "bakery")  # the last one created is listed first


def copy_name(name: str) -> str:
    return name[: MAX_NAME - len(COPY_SUFFIX)].rstrip() + COPY_SUFFIX


def canvas_body(canvas: Canvas) -> str:
    body = canvas_to_json(canvas)
    if len(body) > MAX_JSON_BYTES:
        raise CanvasFileError(
            f"This canvas is too big to save ({len(body) / 1024 / 1024:.1f} MB; at most "
            f"{MAX_JSON_BYTES // 1024 // 1024} MB). Remove some groups, places or notes."
        )
    return body


def summary_from_row(row: tuple[str, str, object, int, int]) -> CanvasSummary | None:
    canvas_id, name, updated, revision, groups = row
    updated_at = parse_time(updated)
    if updated_at is None:
        return None
    return CanvasSummary(canvas_id, name, updated_at, revision, groups)


class RevisionedStore:
    """The part of a `CanvasStore` that is the same in every store: a subclass gives `create`,
    `load`, `save` and `load_revision`, and gets the rest."""

    def __init__(self) -> None:
        self.recovery_note: str | None = None
        self._known_good: set[tuple[str, int]] = set()
        self._lock = threading.Lock()

    def create(self, canvas: Canvas, note: str = "Created") -> StoredCanvas:
        raise NotImplementedError

    def load(self, canvas_id: str) -> StoredCanvas | None:
        raise NotImplementedError

    def save(self, canvas: Canvas, base_revision: int, note: str = "Edited") -> StoredCanvas:
        raise NotImplementedError

    def load_revision(self, canvas_id: str, revision: int) -> Canvas | None:
        raise NotImplementedError

    # parsing

    def _parse(self, canvas_id: str, revision: int, stored: object, what: str) -> Canvas:
        """The canvas in a stored body; CanvasFileError (plain, saying `what`) if it does not
        unpack, parse, or belong to `canvas_id`."""
        body = unpack_body(stored)
        if body is None:
            raise damaged(what)
        try:
            canvas = canvas_from_json(body)
        except CanvasFileError as exc:
            raise CanvasFileError(str(damaged(what)), exc.problems) from None
        if canvas.id != canvas_id:
            raise damaged(what)
        with self._lock:
            self._known_good.add((canvas_id, revision))
        return canvas

    def _is_known_good(self, canvas_id: str, revision: int) -> bool:
        with self._lock:
            return (canvas_id, revision) in self._known_good

    def _parses(self, canvas_id: str, revision: int, stored: object) -> bool:
        try:
            self._parse(canvas_id, revision, stored, "")
        except CanvasFileError:
            return False
        return True

    # built on the above

    def rename(self, canvas_id: str, business_name: str, base_revision: int) -> StoredCanvas:
        """A new revision with another business name. ValueError (plain) if the name is refused."""
        canvas = self._require(canvas_id).canvas
        try:
            canvas.business_name = business_name
        except ValidationError as exc:
            problems = describe_validation_error(exc, {"business_name": business_name})
            raise ValueError("That name cannot be used. " + " ".join(problems)) from None
        return self.save(canvas, base_revision, note="Renamed")

    def duplicate(self, canvas_id: str) -> StoredCanvas:
        original = self._require(canvas_id).canvas
        copy = as_new_canvas(original)
        copy.business_name = copy_name(original.business_name)
        return self.create(copy, note="Created as a copy")

    def restore(self, canvas_id: str, revision: int, base_revision: int) -> StoredCanvas:
        """Save an earlier revision's content as the new latest revision."""
        old = self.load_revision(canvas_id, revision)
        if old is None:
            raise CanvasNotFound("That saved version of the canvas is no longer kept.")
        return self.save(old, base_revision, note=f"Restored revision {revision}")

    def _require(self, canvas_id: str) -> StoredCanvas:
        stored = self.load(canvas_id)
        if stored is None:
            raise CanvasNotFound("This canvas does not exist, or was deleted.")
        return stored
