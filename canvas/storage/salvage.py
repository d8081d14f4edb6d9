"""Salvage of a damaged store file: every canvas revision that still reads and parses, first
through SQLite, then page by page (`salvage_pages`) for what SQLite can no longer reach."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import closing, suppress
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

from canvas.core.document import CanvasFileError, canvas_from_json
from canvas.core.model import Canvas
from canvas.storage.revisions import looks_like_id, parse_time, unpack_body
from canvas.storage.salvage_pages import scan


class SalvagedRevision(NamedTuple):
    canvas: Canvas
    revision: int
    saved_at: datetime
    note: str
    body: str


def salvage(aside: Path, insert: Callable[[str, list[SalvagedRevision]], bool]) -> str:
    """Best effort: copy every revision of every live canvas that still reads and parses,
    first through SQLite, then page by page for what SQLite can no longer reach.
    `insert` adds one canvas's revisions to the new store (False if it could not). Returns a
    sentence on what came back."""
    latest: dict[str, int | None] = {}
    found: dict[str, dict[int, SalvagedRevision]] = {}
    try:
        source = sqlite3.connect(aside, isolation_level=None)
        source.execute("PRAGMA query_only = ON")
        source.execute("PRAGMA writable_schema = ON")
    except sqlite3.Error:
        source = None
    if source is not None:
        with closing(source):
            latest = salvage_ids(source)
            for canvas_id in latest:
                rows = salvage_revisions(source, canvas_id)
                found[canvas_id] = {row.revision: row for row in rows}
    certain = {canvas_id for canvas_id, revision in latest.items() if revision is not None}
    pages = scan_salvage(aside, found)
    for canvas_id in pages.deleted:  # a deletion is final, wherever it was read
        latest.pop(canvas_id, None)
        found.pop(canvas_id, None)
    for canvas_id, revision in pages.latest.items():
        if canvas_id not in pages.deleted and looks_like_id(canvas_id):
            latest[canvas_id] = max(latest.get(canvas_id) or 0, revision)
    for canvas_id in found:
        latest.setdefault(canvas_id, None)
    saved = older = unsure = 0
    for canvas_id, by_revision in found.items():
        rows = [by_revision[number] for number in sorted(by_revision)]
        if not rows or not insert(canvas_id, rows):
            continue
        saved += 1
        revision = latest.get(canvas_id)
        if revision is not None and rows[-1].revision < revision:
            older += 1
        elif canvas_id not in certain and (revision is None or pages.cut_short):
            unsure += 1
    if not latest:
        return ""
    words = f" {saved} of {len(latest)} canvases were recovered from it."
    if older:
        words += f" {older} of them came back without their most recent changes."
    if unsure:
        words += (
            f" {unsure} of them may be missing their most recent changes: the store could "
            "no longer tell which were the latest."
        )
    if saved < len(latest) or older or unsure:
        words += (
            " If you downloaded a canvas or its workbook earlier, open that file again to get "
            "it back as it was. Keep the set-aside file: more may still be read from it."
        )
    return words


def salvage_ids(source: sqlite3.Connection) -> dict[str, int | None]:
    """Live canvas ids and their latest revision, from the canvases table or, failing that, the
    ids found in the revisions table (latest unknown)."""
    for query in (
        "SELECT id, revision FROM canvases WHERE deleted_at IS NULL",
        "SELECT DISTINCT canvas_id, NULL FROM revisions",
    ):
        found: dict[str, int | None] = {}
        try:
            for canvas_id, revision in source.execute(query):
                if looks_like_id(canvas_id):
                    found[canvas_id] = revision if type(revision) is int else None
        except sqlite3.Error:
            if not found:
                continue
        return found
    return {}


def salvage_revisions(source: sqlite3.Connection, canvas_id: str) -> list[SalvagedRevision]:
    numbers: list[int] = []
    with suppress(sqlite3.Error):
        for (number,) in source.execute(
            "SELECT revision FROM revisions WHERE canvas_id = ? ORDER BY revision", (canvas_id,)
        ):
            numbers.append(number)
    rows = [salvage_revision(source, canvas_id, number) for number in numbers]
    return [row for row in rows if row is not None]


def salvage_revision(
    source: sqlite3.Connection, canvas_id: str, revision: object
) -> SalvagedRevision | None:
    if type(revision) is not int:
        return None
    try:
        row = source.execute(
            "SELECT saved_at, note, body FROM revisions WHERE canvas_id = ? AND revision = ?",
            (canvas_id, revision),
        ).fetchone()
        saved, note, stored = row
        body = unpack_body(stored)
        if body is None:
            return None
        canvas = canvas_from_json(body)
    except (sqlite3.Error, CanvasFileError, TypeError, ValueError):
        return None
    saved_at = parse_time(saved) or canvas.updated_at
    if canvas.id != canvas_id:
        return None
    return SalvagedRevision(canvas, revision, saved_at, str(note), body)


@dataclass
class PageSalvage:
    """Revisions read page by page, with what the canvases table's pages still said."""

    rows: dict[str, dict[int, SalvagedRevision]]
    latest: dict[str, int]
    deleted: set[str]
    cut_short: bool


def scan_salvage(aside: Path, found: dict[str, dict[int, SalvagedRevision]]) -> PageSalvage:
    """Add to `found` the revisions read page by page that SQLite could not give (e.g. a broken
    header, or a file cut short), for canvases not marked deleted."""
    try:
        pages = scan(aside)
    except OSError:
        return PageSalvage(found, {}, set(), cut_short=False)
    for canvas_id, revision, saved, _name, note, stored in pages.revisions:
        if (
            canvas_id in pages.deleted
            or revision in found.get(canvas_id, {})
            or not looks_like_id(canvas_id)
        ):
            continue
        body = unpack_body(stored)
        if body is None:
            continue
        try:
            canvas = canvas_from_json(body)
        except CanvasFileError:
            continue
        if canvas.id == canvas_id:
            saved_at = parse_time(saved) or canvas.updated_at
            row = SalvagedRevision(canvas, revision, saved_at, note, body)
            found.setdefault(canvas_id, {})[revision] = row
    return PageSalvage(found, pages.latest, pages.deleted, pages.cut_short)
