"""Page-by-page recovery of a store SQLite refuses to open."""

from __future__ import annotations

from pathlib import Path

from canvas.io import as_new_canvas
from canvas.model import Canvas
from canvas.store import open_store
from canvas.store_recover import scan_deleted_ids, scan_revisions


def _filled(path: Path, bakery: Canvas, it_services: Canvas) -> tuple[str, str, str]:
    store = open_store(path)
    kept = store.create(as_new_canvas(bakery)).canvas
    store.save(kept.model_copy(update={"business_name": "Crumb & Co. (edited)"}), base_revision=1)
    other = store.create(as_new_canvas(it_services)).canvas.id
    gone = store.create(as_new_canvas(bakery)).canvas.id
    store.delete(gone)
    with __import__("sqlite3").connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return kept.id, other, gone


def test_scan_reads_every_revision_of_an_intact_file(
    tmp_path: Path, bakery: Canvas, it_services: Canvas
) -> None:
    kept, other, gone = _filled(tmp_path / "canvas.db", bakery, it_services)
    rows = {(r[0], r[1]) for r in scan_revisions(tmp_path / "canvas.db")}
    assert {(kept, 1), (kept, 2), (other, 1), (gone, 1)} <= rows
    assert scan_deleted_ids(tmp_path / "canvas.db") == {gone}


def test_a_broken_header_gives_back_every_live_canvas(
    tmp_path: Path, bakery: Canvas, it_services: Canvas
) -> None:
    path = tmp_path / "canvas.db"
    kept, other, gone = _filled(path, bakery, it_services)
    data = bytearray(path.read_bytes())
    data[:100] = b"\x00" * 100  # SQLite no longer recognises the file
    path.write_bytes(bytes(data))
    store = open_store(path)
    assert store.recovery_note and "2 of 2 canvases were recovered" in store.recovery_note
    assert store.load(kept).canvas.business_name == "Crumb & Co. (edited)"
    assert store.load(kept).revision == 2
    assert store.load(other) is not None
    assert store.load(gone) is None  # deleted stays deleted


def test_garbage_is_not_a_canvas(tmp_path: Path) -> None:
    path = tmp_path / "noise.db"
    path.write_bytes(bytes(range(256)) * 64)
    assert list(scan_revisions(path)) == []
    assert scan_deleted_ids(path) == set()
