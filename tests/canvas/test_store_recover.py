"""Page-by-page recovery of a store SQLite refuses to open, or that was cut short."""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from canvas.core.document import as_new_canvas
from canvas.core.model import Canvas
from canvas.storage import open_store
from canvas.storage import sqlite as store_module
from canvas.storage.files import load_sample
from canvas.storage.revisions import unpack_body
from canvas.storage.salvage_pages import guess_page_size, scan, scan_deleted_ids, scan_revisions
from tests.support.stores import writing_as_version_1

# (page size, bodies compressed): today's files, version 1 files (text), and a larger page size
# as another build or a future version may write (read back when the header is gone)
LAYOUTS = {"compressed": (4096, True), "text-v1": (4096, False), "16k-pages": (16384, True)}


@pytest.fixture(params=list(LAYOUTS))
def layout(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Stores written while this fixture is active use the layout; reading needs nothing."""
    page_size, compressed = LAYOUTS[request.param]
    with monkeypatch.context() as patch:
        patch.setattr(store_module, "PAGE_SIZE", page_size)
        if not compressed:
            patch.setattr(store_module, "pack_body", lambda body: body)
        yield request.param


def checkpoint(path: Path) -> None:
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _filled(path: Path, bakery: Canvas, it_services: Canvas) -> tuple[str, str, str]:
    store = open_store(path)
    kept = store.create(as_new_canvas(bakery)).canvas
    store.save(kept.model_copy(update={"business_name": "Crumb & Co. (edited)"}), base_revision=1)
    other = store.create(as_new_canvas(it_services)).canvas.id
    gone = store.create(as_new_canvas(bakery)).canvas.id
    store.delete(gone)
    checkpoint(path)
    return kept.id, other, gone


def test_scan_reads_every_revision_of_an_intact_file(
    tmp_path: Path, bakery: Canvas, it_services: Canvas, layout: str
) -> None:
    path = tmp_path / "canvas.db"
    kept, other, gone = _filled(path, bakery, it_services)
    rows = {(r[0], r[1]): r for r in scan_revisions(path)}
    assert {(kept, 1), (kept, 2), (other, 1), (gone, 1)} <= set(rows)
    body = rows[kept, 2][5]
    assert isinstance(body, bytes if layout != "text-v1" else str)
    assert '"Crumb & Co. (edited)"' in unpack_body(body)
    assert scan_deleted_ids(path) == {gone}
    assert scan(path).latest == {kept: 2, other: 1, gone: 1}
    assert not scan(path).cut_short


def test_a_broken_header_gives_back_every_live_canvas(
    tmp_path: Path, bakery: Canvas, it_services: Canvas, layout: str
) -> None:
    path = tmp_path / "canvas.db"
    kept, other, gone = _filled(path, bakery, it_services)
    data = bytearray(path.read_bytes())
    data[:100] = b"\x00" * 100  # SQLite no longer recognises the file, nor its page size
    path.write_bytes(bytes(data))
    assert guess_page_size(bytes(data)) == LAYOUTS[layout][0]
    store = open_store(path)
    assert store.recovery_note and "2 of 2 canvases were recovered" in store.recovery_note
    assert store.load(kept).canvas.business_name == "Crumb & Co. (edited)"
    assert store.load(kept).revision == 2
    assert store.load_revision(kept, 1).business_name == bakery.business_name
    assert store.load(other) is not None
    assert store.load(gone) is None  # deleted stays deleted


def test_old_text_rows_and_compressed_rows_read_back_from_one_file(
    tmp_path: Path, bakery: Canvas, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A version 1 store carried on by this version holds both kinds of body."""
    path = tmp_path / "canvas.db"
    with writing_as_version_1(monkeypatch):
        first = open_store(path).create(as_new_canvas(bakery)).canvas
    second = open_store(path).save(first.model_copy(update={"business_goal": "Now"}), 1).canvas
    checkpoint(path)
    with open(path, "r+b") as file:
        file.write(b"\xff" * 100)
    store = open_store(path)
    assert store.load(first.id).canvas == second
    assert store.load_revision(first.id, 1) == first


def test_garbage_is_not_a_canvas(tmp_path: Path) -> None:
    path = tmp_path / "noise.db"
    path.write_bytes(bytes(range(256)) * 64)
    assert list(scan_revisions(path)) == []
    assert scan_deleted_ids(path) == set()


# --- a file cut short -----------------------------------------------------------------------


def history_store(path: Path, canvases: int = 10, edits: int = 2) -> dict[str, list[Canvas]]:
    """`canvases` canvases (the four fuller samples in turn) edited `edits` times each, the edits
    interleaved as several people would make them; checkpointed. Ids -> every saved version."""
    samples = ("bakery", "it_services", "nonprofit", "coaching")
    store = open_store(path)
    latest = [store.create(as_new_canvas(load_sample(samples[n % 4]))) for n in range(canvases)]
    history = {stored.canvas.id: [stored.canvas] for stored in latest}
    for edit in range(edits):
        for n, stored in enumerate(latest):
            change = stored.canvas.model_copy(update={"business_goal": f"Goal {edit}"})
            latest[n] = store.save(change, stored.revision)
            history[stored.canvas.id].append(latest[n].canvas)
    checkpoint(path)
    return history


@pytest.mark.parametrize("share", [0.9, 0.6, 0.4])
def test_a_file_cut_short_gives_back_every_revision_it_still_holds(
    tmp_path: Path, share: float
) -> None:
    path = tmp_path / "canvas.db"
    history = history_store(path)
    where = scan(path).pages  # (id, revision) -> the pages that row was read from
    assert {(i, r + 1) for i, versions in history.items() for r in range(3)} == set(where)
    os.truncate(path, int(path.stat().st_size * share))
    kept = path.stat().st_size / 4096  # pages, the last one perhaps in part
    whole = {row for row, pages in where.items() if max(pages) <= kept}
    partly = {row for row, pages in where.items() if max(pages) < kept + 1}
    assert len(whole) >= {0.9: 24, 0.6: 14, 0.4: 8}[share]  # measured: 26, 16 and 9 of 30

    store = open_store(path)
    back = {(s.id, r.revision) for s in store.list_canvases() for r in store.revisions(s.id)}
    assert whole <= back <= partly  # all that survived (rows on the page cut in two may too)
    for canvas_id, revision in back:  # nothing invented
        assert store.load_revision(canvas_id, revision) == history[canvas_id][revision - 1]
    canvases = {canvas_id for canvas_id, _ in back}
    older = sum(max(r for i, r in back if i == canvas_id) < 3 for canvas_id in canvases)
    note = store.recovery_note or ""
    assert f" {len(canvases)} of 10 canvases were recovered from it." in note
    if older:
        assert f" {older} of them came back without their most recent changes." in note
    else:
        assert "most recent changes" not in note


def test_a_deleted_canvas_stays_deleted_when_cut_short(tmp_path: Path) -> None:
    path = tmp_path / "canvas.db"
    history = history_store(path, canvases=6, edits=0)
    gone = next(iter(history))
    open_store(path).delete(gone)
    checkpoint(path)
    os.truncate(path, path.stat().st_size * 9 // 10)
    assert scan(path).cut_short
    store = open_store(path)
    assert store.load(gone) is None
    assert gone not in {s.id for s in store.list_canvases()}
    assert re.search(r" \d of 5 canvases were recovered", store.recovery_note or "")


def test_without_the_canvases_table_the_note_says_changes_may_be_missing(
    tmp_path: Path, bakery: Canvas, it_services: Canvas
) -> None:
    path = tmp_path / "canvas.db"
    kept, _, _ = _filled(path, bakery, it_services)
    data = bytearray(path.read_bytes())
    data[:100] = b"\x00" * 100
    data[4096:8192] = b"\x00" * 4096  # page 2: the canvases table (which revision is the latest)
    path.write_bytes(bytes(data))
    assert scan(path).latest == {}
    store = open_store(path)
    note = store.recovery_note or ""
    # the deleted canvas's mark was on that page too, so it comes back: nothing says it was deleted
    assert " 3 of 3 canvases were recovered from it." in note
    assert " 3 of them may be missing their most recent changes" in note
    assert store.load(kept).revision == 2
