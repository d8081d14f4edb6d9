"""The embedded canvas store: revisions, conflicts, damage and a full or read-only disk."""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
import threading
import zlib
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from canvas.core.document import MAX_JSON_BYTES, CanvasFileError, as_new_canvas, canvas_to_json
from canvas.core.model import SCHEMA_VERSION, Canvas, new_canvas_id
from canvas.storage import (
    CanvasNotFound,
    ConflictError,
    SqliteStore,
    StoredCanvas,
    StoreUnavailable,
    open_store,
)
from canvas.storage import sqlite as store_module
from canvas.storage.files import scaled_sample
from canvas.storage.sqlite import read_only_connection
from tests.support.disks import UnwritableDisk, ext4_that_errs, fill, real_tmpfs, remount
from tests.support.fuzz import seeded
from tests.support.stores import writing_as_version_1


@pytest.fixture
def store(tmp_path: Path) -> SqliteStore:
    return open_store(tmp_path / "canvas.db")


def edited(canvas: Canvas, goal: str) -> Canvas:
    copy = canvas.model_copy(deep=True)
    copy.business_goal = goal
    return copy


def raw(store: SqliteStore, sql: str, *params: object) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(store.path)) as conn, conn:  # closed, not left to the GC
        return conn.execute(sql, params).fetchall()


def with_pragma(monkeypatch: pytest.MonkeyPatch, pragma: str) -> None:
    """Every connection the store opens from now on runs `pragma` first."""
    original: Callable[[SqliteStore], sqlite3.Connection] = SqliteStore._connect

    def connect(self: SqliteStore) -> sqlite3.Connection:
        conn = original(self)
        conn.execute(pragma)
        return conn

    monkeypatch.setattr(SqliteStore, "_connect", connect)


# --- create, load, save ------------------------------------------------------------------------


def test_create_then_load_gives_back_the_same_canvas(store: SqliteStore, bakery: Canvas) -> None:
    created = store.create(bakery)
    loaded = store.load(bakery.id)
    assert created.revision == 1
    assert loaded == created
    assert canvas_to_json(loaded.canvas) == canvas_to_json(created.canvas)
    assert created.canvas.model_dump(exclude={"updated_at"}) == bakery.model_dump(
        exclude={"updated_at"}
    )


def test_create_with_a_taken_id_stores_under_a_fresh_one(
    store: SqliteStore, bakery: Canvas
) -> None:
    first = store.create(bakery)
    second = store.create(bakery)
    assert second.canvas.id != first.canvas.id
    assert store.load(first.canvas.id).canvas.business_name == "Crumb & Co."
    assert store.load(second.canvas.id) == second


def test_save_writes_the_next_revision_and_stamps_the_canvas(
    store: SqliteStore, bakery: Canvas
) -> None:
    canvas = store.create(bakery).canvas
    canvas.business_goal = "Grow the weekday trade"
    canvas.updated_at = canvas.updated_at.replace(year=2001)
    saved = store.save(canvas, base_revision=1)
    assert saved.revision == 2
    assert saved.canvas is canvas
    assert canvas.updated_at.year > 2001
    assert store.load(canvas.id) == StoredCanvas(canvas, 2)
    assert store.load_revision(canvas.id, 1).business_goal == bakery.business_goal


def test_a_stale_save_conflicts_and_stores_nothing(store: SqliteStore, bakery: Canvas) -> None:
    original = store.create(bakery)
    mine = edited(original.canvas, "Mine")
    theirs = store.save(edited(original.canvas, "Theirs"), base_revision=1)
    with pytest.raises(ConflictError) as caught:
        store.save(mine, base_revision=1)
    assert caught.value.latest == theirs
    assert mine.id not in str(caught.value)
    assert [r.revision for r in store.revisions(mine.id)] == [2, 1]
    assert store.load_revision(mine.id, 1) == original.canvas
    assert store.load_revision(mine.id, 2).business_goal == "Theirs"
    assert store.load_revision(mine.id, 3) is None
    assert store.save(mine, base_revision=caught.value.latest.revision).revision == 3


def test_saves_racing_from_the_same_revision_have_one_winner(
    store: SqliteStore, bakery: Canvas
) -> None:
    base = store.create(bakery).canvas
    contenders = 8
    barrier = threading.Barrier(contenders)
    won: list[StoredCanvas] = []
    lost: list[ConflictError] = []

    def attempt(n: int) -> None:
        mine = edited(base, f"Goal {n}")
        barrier.wait()
        try:
            won.append(store.save(mine, base_revision=1))
        except ConflictError as exc:
            lost.append(exc)

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(contenders)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(won) == 1
    assert len(lost) == contenders - 1
    assert all(exc.latest == won[0] for exc in lost)
    assert [r.revision for r in store.revisions(base.id)] == [2, 1]
    assert store.load(base.id) == won[0]


def test_writers_that_retry_on_conflict_lose_no_update(store: SqliteStore, bakery: Canvas) -> None:
    canvas_id = store.create(edited(bakery, "")).canvas.id
    writers = 6
    barrier = threading.Barrier(writers)

    def append(n: int) -> None:
        latest = store.load(canvas_id)
        barrier.wait()
        while True:
            mine = edited(latest.canvas, f"{latest.canvas.business_goal} w{n}")
            try:
                store.save(mine, latest.revision)
                return
            except ConflictError as exc:
                latest = exc.latest

    threads = [threading.Thread(target=append, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    final = store.load(canvas_id)
    assert final.revision == writers + 1
    assert sorted(final.canvas.business_goal.split()) == [f"w{n}" for n in range(writers)]


# --- list, rename, duplicate, delete, revisions, restore -----------------------------------------


def test_list_shows_live_canvases_newest_first(
    store: SqliteStore, bakery: Canvas, it_services: Canvas
) -> None:
    store.create(bakery)
    store.create(it_services)
    assert [s.business_name for s in store.list_canvases()] == ["Northgate IT", "Crumb & Co."]
    store.save(bakery, base_revision=1)
    first = store.list_canvases()[0]
    assert (first.id, first.business_name, first.revision) == (bakery.id, "Crumb & Co.", 2)
    assert first.groups == len(bakery.groups)
    assert bakery.id not in repr(first)


def test_rename_is_a_new_revision(store: SqliteStore, bakery: Canvas) -> None:
    store.create(bakery)
    renamed = store.rename(bakery.id, "  Crumb & Sons  ", base_revision=1)
    assert (renamed.revision, renamed.canvas.business_name) == (2, "Crumb & Sons")
    assert store.revisions(bakery.id)[0].note == "Renamed"
    assert store.list_canvases()[0].business_name == "Crumb & Sons"
    with pytest.raises(ConflictError):
        store.rename(bakery.id, "Stale", base_revision=1)
    with pytest.raises(ValueError, match="1 more than the 80 it can hold"):
        store.rename(bakery.id, "x" * 81, base_revision=2)
    assert store.load(bakery.id).revision == 2


def test_duplicate_makes_an_independent_copy(store: SqliteStore, bakery: Canvas) -> None:
    store.create(bakery)
    copy = store.duplicate(bakery.id)
    assert copy.canvas.id != bakery.id
    assert copy.revision == 1
    assert copy.canvas.business_name == "Crumb & Co. (copy)"
    assert copy.canvas.groups == bakery.groups
    store.save(edited(copy.canvas, "Only the copy"), base_revision=1)
    assert store.load(bakery.id).canvas.business_goal == bakery.business_goal
    assert len(store.list_canvases()) == 2


def test_duplicate_of_a_long_name_still_fits(store: SqliteStore, bakery: Canvas) -> None:
    store.create(bakery)
    store.rename(bakery.id, "N" * 80, base_revision=1)
    name = store.duplicate(bakery.id).canvas.business_name
    assert len(name) <= 80
    assert name.endswith(" (copy)")


def test_a_deleted_canvas_is_gone_everywhere(
    store: SqliteStore, bakery: Canvas, it_services: Canvas
) -> None:
    store.create(bakery)
    store.create(it_services)
    store.delete(bakery.id)
    store.delete(bakery.id)
    assert store.load(bakery.id) is None
    assert store.revisions(bakery.id) == []
    assert store.load_revision(bakery.id, 1) is None
    assert [s.id for s in store.list_canvases()] == [it_services.id]
    with pytest.raises(CanvasNotFound):
        store.save(bakery, base_revision=1)
    with pytest.raises(CanvasNotFound):
        store.duplicate(bakery.id)


def test_restore_saves_an_old_revision_as_the_latest(store: SqliteStore, bakery: Canvas) -> None:
    first = store.create(bakery).canvas
    latest = store.save(edited(first, "Second"), base_revision=1)
    latest = store.save(edited(latest.canvas, "Third"), base_revision=2)
    restored = store.restore(bakery.id, revision=1, base_revision=3)
    assert restored.revision == 4
    assert restored.canvas.model_dump(exclude={"updated_at"}) == first.model_dump(
        exclude={"updated_at"}
    )
    history = store.revisions(bakery.id)
    assert [(r.revision, r.note) for r in history] == [
        (4, "Restored revision 1"),
        (3, "Edited"),
        (2, "Edited"),
        (1, "Created"),
    ]
    assert history[0].saved_at >= history[-1].saved_at
    with pytest.raises(ConflictError):
        store.restore(bakery.id, revision=2, base_revision=3)
    with pytest.raises(CanvasNotFound):
        store.restore(bakery.id, revision=99, base_revision=4)


def test_only_the_newest_revisions_are_kept(
    store: SqliteStore, bakery: Canvas, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "KEEP_REVISIONS", 3)
    latest = store.create(bakery)
    for n in range(5):
        latest = store.save(edited(latest.canvas, f"Goal {n}"), latest.revision)
    assert [r.revision for r in store.revisions(bakery.id)] == [6, 5, 4]
    assert store.load_revision(bakery.id, 3) is None
    assert store.load_revision(bakery.id, 4).business_goal == "Goal 2"


# --- the worked examples -----------------------------------------------------------------------


def test_samples_are_added_to_an_empty_store_once(store: SqliteStore) -> None:
    store.ensure_samples()
    store.ensure_samples()
    listed = store.list_canvases()
    assert [s.business_name for s in listed] == ["Crumb & Co.", "Northgate IT"]
    assert all(s.groups > 0 for s in listed)
    for summary in listed:
        store.delete(summary.id)
    store.ensure_samples()
    assert store.list_canvases() == []


def test_samples_stay_out_of_a_store_already_in_use(store: SqliteStore, blank: Canvas) -> None:
    store.create(blank)
    store.ensure_samples()
    assert [s.id for s in store.list_canvases()] == [blank.id]


def test_samples_added_from_many_threads_appear_once(store: SqliteStore) -> None:
    threads = [threading.Thread(target=store.ensure_samples) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(store.list_canvases()) == 2


# --- ids are secrets: guesses find nothing -------------------------------------------------------

GUESSES = [
    "",
    "x",
    new_canvas_id(),
    "' OR '1'='1",
    "x'; DROP TABLE canvases; --",
    "%%%%%%%%%%%%%%%%",
    "________________",
    "../../../etc/passwd",
    "..%2F..%2Fcanvas.db",
    "a" * 10_000,
    "abcdefghijklmnop\x00",
    "ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰ",
    None,
    42,
]


@pytest.mark.parametrize("guess", GUESSES)
def test_a_guessed_or_malformed_id_finds_nothing(
    store: SqliteStore, bakery: Canvas, guess: str
) -> None:
    store.create(bakery)
    assert store.load(guess) is None
    assert store.revisions(guess) == []
    assert store.load_revision(guess, 1) is None
    store.delete(guess)
    with pytest.raises(CanvasNotFound):
        store.rename(guess, "Mine now", base_revision=1)
    with pytest.raises(CanvasNotFound):
        store.duplicate(guess)
    assert [s.id for s in store.list_canvases()] == [bakery.id]
    assert raw(store, "SELECT count(*) FROM revisions") == [(1,)]


@seeded
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(guess=st.text(max_size=80))
def test_any_text_as_an_id_finds_nothing(store: SqliteStore, guess: str) -> None:
    assert store.load(guess) is None
    assert store.load_revision(guess, 1) is None


@seeded
@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=st.text(max_size=80))
def test_any_name_survives_rename_and_reload(store: SqliteStore, blank: Canvas, name: str) -> None:
    created = store.create(as_new_canvas(blank))
    renamed = store.rename(created.canvas.id, name, created.revision)
    expected = blank.model_copy(deep=True)
    expected.business_name = name  # the model's own whitespace rules
    assert store.load(created.canvas.id) == renamed
    assert renamed.canvas.business_name == expected.business_name
    assert expected.business_name in [s.business_name for s in store.list_canvases()]


def test_nothing_secret_in_reprs_or_logs(
    store: SqliteStore, bakery: Canvas, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    stored = store.create(bakery)
    store.load(bakery.id)
    store.save(bakery, base_revision=1)
    assert bakery.id not in repr(stored)
    assert bakery.id not in caplog.text


# --- damaged rows and files ----------------------------------------------------------------------


def test_a_damaged_revision_is_skipped_and_explained(
    store: SqliteStore, bakery: Canvas, it_services: Canvas
) -> None:
    store.create(bakery)
    store.save(edited(bakery, "Later"), base_revision=1)
    store.create(it_services)
    raw(
        store,
        "UPDATE revisions SET body = '{not json' WHERE canvas_id = ? AND revision = 2",
        bakery.id,
    )
    store = open_store(store.path)
    assert [s.id for s in store.list_canvases()] == [it_services.id]
    assert store.load(it_services.id).canvas.business_name == it_services.business_name
    with pytest.raises(CanvasFileError, match=r"damaged.*restore") as caught:
        store.load(bakery.id)
    assert bakery.id not in str(caught.value)
    with pytest.raises(CanvasFileError):
        store.save(edited(bakery, "Stale"), base_revision=1)
    assert store.revisions(bakery.id)[0].revision == 2
    restored = store.restore(bakery.id, revision=1, base_revision=2)
    assert store.load(bakery.id) == restored
    assert len(store.list_canvases()) == 2


def test_a_revision_from_a_newer_app_is_not_opened(store: SqliteStore, bakery: Canvas) -> None:
    store.create(bakery)
    body = canvas_to_json(bakery).replace(
        f'"schema_version": {SCHEMA_VERSION}', '"schema_version": 99'
    )
    raw(store, "UPDATE revisions SET body = ? WHERE canvas_id = ?", body, bakery.id)
    fresh = open_store(store.path)
    assert fresh.list_canvases() == []
    with pytest.raises(CanvasFileError, match="newer version"):
        fresh.load(bakery.id)


def test_a_file_that_is_not_a_database_is_set_aside(tmp_path: Path, bakery: Canvas) -> None:
    path = tmp_path / "canvas.db"
    path.write_bytes(b"this is not a database, just some words" * 100)
    store = open_store(path)
    assert store.recovery_note is not None
    assert "was damaged, so it was set aside as 'canvas.db.corrupt-" in store.recovery_note
    [aside] = tmp_path.glob("canvas.db.corrupt-*")
    assert aside.read_bytes().startswith(b"this is not a database")
    assert store.list_canvases() == []
    store.create(bakery)
    assert store.load(bakery.id).canvas.business_name == "Crumb & Co."
    assert open_store(path).recovery_note is None


def test_a_store_with_a_wrecked_header_starts_afresh_and_reads_back_its_pages(
    store: SqliteStore, bakery: Canvas
) -> None:
    store.create(bakery)
    store.close()  # the last connection closing moves everything into the main file
    with open(store.path, "r+b") as file:
        file.write(b"\xff" * 100)
    again = open_store(store.path)
    assert again.recovery_note is not None
    recovered = again.load(bakery.id)
    assert recovered is not None and recovered.canvas.groups == bakery.groups


def filled_store(path: Path, sample: Canvas, count: int = 6) -> dict[str, list[Canvas]]:
    """A store holding `count` canvases of three revisions each, every WAL frame checkpointed."""
    store = open_store(path)
    history: dict[str, list[Canvas]] = {}
    for _ in range(count):
        latest = store.create(as_new_canvas(sample))
        versions = [latest.canvas.model_copy(deep=True)]
        for n in range(2):
            latest = store.save(edited(latest.canvas, f"Goal {n}"), latest.revision)
            versions.append(latest.canvas.model_copy(deep=True))
        history[latest.canvas.id] = versions
    store.close()  # the last connection closing moves everything into the main file
    assert not Path(f"{path}-wal").exists()
    return history


def assert_only_true_copies(store: SqliteStore, history: dict[str, list[Canvas]]) -> int:
    """Whatever came back is exactly one of the versions that was saved."""
    listed = store.list_canvases()
    for summary in listed:
        for info in store.revisions(summary.id):
            canvas = store.load_revision(summary.id, info.revision)
            assert canvas == history[summary.id][info.revision - 1]
    return len(listed)


def test_a_truncated_store_is_set_aside_and_salvaged(tmp_path: Path, bakery: Canvas) -> None:
    path = tmp_path / "canvas.db"
    history = filled_store(path, bakery)
    os.truncate(path, path.stat().st_size * 9 // 10)
    store = open_store(path)
    assert store.recovery_note is not None
    assert "canvases were recovered from it" in store.recovery_note
    assert assert_only_true_copies(store, history) >= 1


@pytest.mark.parametrize("where", [0.3, 0.5, 0.7, 0.9])
def test_a_damaged_page_never_crashes_and_never_invents(
    tmp_path: Path, bakery: Canvas, where: float
) -> None:
    path = tmp_path / "canvas.db"
    history = filled_store(path, bakery)
    page = 4096
    with open(path, "r+b") as file:
        file.seek(int(path.stat().st_size * where) // page * page)
        file.write(bytes(range(256)) * (page // 256))
    store = open_store(path)
    assert assert_only_true_copies(store, history) >= 1
    store.create(as_new_canvas(bakery))


def version_1_store(path: Path, canvas: Canvas, monkeypatch: pytest.MonkeyPatch) -> SqliteStore:
    """A store holding `canvas` as version 1 wrote it: bodies as text, user_version 1."""
    with writing_as_version_1(monkeypatch):
        old = open_store(path)
        old.create(canvas)
        raw(old, "PRAGMA user_version = 1")
    return old


def test_bodies_are_stored_compressed_and_version_1_text_bodies_still_read(
    tmp_path: Path, bakery: Canvas, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "canvas.db"
    version_1_store(path, bakery, monkeypatch)
    store = open_store(path)
    assert raw(store, "PRAGMA user_version") == [(store_module.STORE_VERSION,)]
    assert store.load(bakery.id).canvas.business_name == "Crumb & Co."
    store.save(edited(bakery, "Compressed from now on"), base_revision=1)
    types = raw(store, "SELECT revision, typeof(body), length(body) FROM revisions ORDER BY 1")
    assert [(revision, kind) for revision, kind, _ in types] == [(1, "text"), (2, "blob")]
    assert types[1][2] < types[0][2] / 3  # the JSON compresses to well under a third
    assert store.load(bakery.id).canvas.business_goal == "Compressed from now on"
    assert store.load_revision(bakery.id, 1).business_name == "Crumb & Co."
    assert [s.revision for s in open_store(path).list_canvases()] == [2]


def test_a_body_that_unpacks_too_big_or_not_at_all_is_damaged(
    store: SqliteStore, bakery: Canvas, it_services: Canvas
) -> None:
    store.create(bakery)
    store.create(it_services)
    bomb = zlib.compress(b" " * (MAX_JSON_BYTES + 1))
    raw(store, "UPDATE revisions SET body = ? WHERE canvas_id = ?", bomb, bakery.id)
    raw(store, "UPDATE revisions SET body = ? WHERE canvas_id = ?", b"\x78\x9cnot", it_services.id)
    fresh = open_store(store.path)
    assert fresh.list_canvases() == []
    for canvas_id in (bakery.id, it_services.id):
        with pytest.raises(CanvasFileError, match="damaged"):
            fresh.load(canvas_id)


def test_a_store_from_a_newer_app_is_refused_plainly(store: SqliteStore) -> None:
    raw(store, "PRAGMA user_version = 99")
    with pytest.raises(StoreUnavailable, match="newer version of the app"):
        open_store(store.path)


# --- a full or read-only disk --------------------------------------------------------------------


def test_a_full_disk_refuses_the_save_and_keeps_the_last_revision(
    store: SqliteStore, bakery: Canvas, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.create(bakery)
    pages = raw(store, "PRAGMA page_count")[0][0]
    with_pragma(monkeypatch, f"PRAGMA max_page_count = {pages}")
    bigger = scaled_sample("bakery", 150)  # more than the free space left in the file's pages
    assert bigger.id == bakery.id
    with pytest.raises(StoreUnavailable) as caught:
        store.save(bigger, base_revision=1)
    assert caught.value.kind == "full"
    assert str(caught.value).startswith("Your changes could not be saved: the disk is full.")
    assert store.load(bakery.id).revision == 1
    monkeypatch.undo()
    assert store.save(bigger, base_revision=1).revision == 2


def test_a_disk_full_error_anywhere_in_the_write_is_plain(
    store: SqliteStore, bakery: Canvas, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.create(bakery)

    def full(*_: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(store_module, "write_revision", full)
    for attempt in (
        lambda: store.save(bakery, base_revision=1),
        lambda: store.create(as_new_canvas(bakery)),
        lambda: store.duplicate(bakery.id),
    ):
        with pytest.raises(StoreUnavailable, match=r"^Your changes could not be saved: the disk"):
            attempt()
    assert [r.revision for r in store.revisions(bakery.id)] == [1]
    assert len(store.list_canvases()) == 1


def test_a_read_only_store_still_reads(
    store: SqliteStore, bakery: Canvas, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.create(bakery)
    with_pragma(monkeypatch, "PRAGMA query_only = ON")
    with pytest.raises(StoreUnavailable, match="read-only") as caught:
        store.save(bakery, base_revision=1)
    assert caught.value.kind == "read_only"
    with pytest.raises(StoreUnavailable, match="read-only"):
        store.rename(bakery.id, "New", base_revision=1)
    assert store.load(bakery.id).revision == 1
    store.ensure_samples()
    reopened = open_store(store.path)
    assert [s.id for s in reopened.list_canvases()] == [bakery.id]


def test_the_store_holds_its_wal_files_while_open(store: SqliteStore, bakery: Canvas) -> None:
    """So a new connection never has to create them, which a full or read-only disk refuses."""
    store.create(bakery)
    with closing(sqlite3.connect(store.path)) as other:  # the last other connection closes
        other.execute("SELECT count(*) FROM canvases").fetchone()
    assert Path(f"{store.path}-wal").exists() and Path(f"{store.path}-shm").exists()
    store.close()
    assert not Path(f"{store.path}-wal").exists()
    store.save(edited(bakery, "Held again"), base_revision=1)
    assert Path(f"{store.path}-wal").exists()


def test_a_copy_of_the_file_alone_holds_every_save(
    store: SqliteStore, bakery: Canvas, tmp_path: Path
) -> None:
    store.create(bakery)
    store.save(edited(bakery, "Latest"), base_revision=1)
    shutil.copyfile(store.path, tmp_path / "copy.db")  # without its -wal
    assert open_store(tmp_path / "copy.db").load(bakery.id).canvas.business_goal == "Latest"


@pytest.mark.parametrize(("kind", "words"), [("read_only", "read-only"), ("full", "disk is full")])
def test_a_store_opened_on_an_unwritable_disk_reads_and_refuses_writes(
    tmp_path: Path, bakery: Canvas, monkeypatch: pytest.MonkeyPatch, kind: str, words: str
) -> None:
    path = tmp_path / "canvas.db"
    made = open_store(path)
    made.create(bakery)
    made.save(edited(bakery, "Latest"), base_revision=1)
    made.close()
    disk = UnwritableDisk(monkeypatch, path, kind)  # and no -wal/-shm: only immutable opens
    store = open_store(path)
    assert store.recovery_note is None
    assert [s.id for s in store.list_canvases()] == [bakery.id]
    assert store.load(bakery.id).canvas.business_goal == "Latest"
    assert [r.revision for r in store.revisions(bakery.id)] == [2, 1]
    assert store.load_revision(bakery.id, 1).business_goal == bakery.business_goal
    store.ensure_samples()  # reads, finds canvases, writes nothing
    with pytest.raises(StoreUnavailable, match=f"could not be saved: .*{words}") as caught:
        store.save(edited(bakery, "Refused"), base_revision=2)
    assert caught.value.kind == kind
    disk.writable()
    assert store.save(edited(bakery, "Back"), base_revision=2).revision == 3
    assert Path(f"{path}-wal").exists()  # held from the first write on


def test_a_version_1_store_on_an_unwritable_disk_is_read_and_upgraded_at_the_first_write(
    tmp_path: Path, bakery: Canvas, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "canvas.db"
    version_1_store(path, bakery, monkeypatch).close()
    disk = UnwritableDisk(monkeypatch, path, "read_only")
    store = open_store(path)
    assert store.load(bakery.id).canvas.business_name == "Crumb & Co."
    with pytest.raises(StoreUnavailable, match="read-only"):
        store.save(edited(bakery, "Refused"), base_revision=1)
    disk.writable()
    store.save(edited(bakery, "Upgraded first"), base_revision=1)
    assert raw(store, "PRAGMA user_version") == [(store_module.STORE_VERSION,)]
    assert raw(store, "SELECT typeof(body) FROM revisions ORDER BY revision") == [
        ("text",),
        ("blob",),
    ]


def test_an_unwritable_disk_is_not_read_past_changes_only_the_wal_holds(
    tmp_path: Path, bakery: Canvas, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Immutable reads ignore the -wal file, so they are used only when it holds nothing."""
    path = tmp_path / "canvas.db"
    made = open_store(path)
    made.create(bakery)
    made.close()
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.execute("UPDATE canvases SET business_name = 'Only in the WAL'")
    disk = UnwritableDisk(monkeypatch, path, "read_only")
    assert read_only_connection(path) is None
    with pytest.raises(StoreUnavailable, match="could not be read"):
        SqliteStore(path)
    disk.writable()
    writer.close()  # the last connection: its changes go into the main file, the -wal goes
    disk.active = True
    with closing(read_only_connection(path)) as conn:
        assert conn.execute("SELECT business_name FROM canvases").fetchone() == ("Only in the WAL",)


@pytest.mark.parametrize("kind", ["read_only", "full"])
def test_on_a_real_unwritable_disk_reads_keep_working(bakery: Canvas, kind: str) -> None:
    """A real tmpfs (root only): made read-only or filled up, with the store open and at start."""
    with real_tmpfs() as disk:
        path = disk / "canvas.db"
        running = open_store(path)
        running.create(bakery)
        words = "read-only" if kind == "read_only" else "disk is full"
        if kind == "read_only":
            # the running store holds its files open for writing: the disk cannot be remounted
            assert "busy" in remount(disk, "ro")
            running.close()
            assert remount(disk, "ro") == "ok"
        else:
            filler = fill(disk)
            bigger = scaled_sample("bakery", 150)  # more than the -wal file's room
            with pytest.raises(StoreUnavailable, match=words):  # while running
                running.save(bigger, base_revision=1)
            assert [s.id for s in running.list_canvases()] == [bakery.id]
            running.close()  # its -wal and -shm files go, and their space is free again
            fill(disk)
        started = open_store(path)  # the app starts on the unwritable disk
        try:
            assert [s.id for s in started.list_canvases()] == [bakery.id]
            assert started.load(bakery.id).revision == 1
            with pytest.raises(StoreUnavailable, match=words) as caught:
                started.save(edited(bakery, "Refused"), base_revision=1)
            assert caught.value.kind == kind
            if kind == "read_only":
                assert remount(disk, "rw") == "ok"
            else:
                filler.unlink()
            assert started.save(edited(bakery, "Back"), base_revision=1).revision == 2
        finally:
            started.close()
            running.close()


def test_when_the_kernel_makes_the_disk_read_only_reads_keep_working(bakery: Canvas) -> None:
    """ext4 mounted errors=remount-ro goes read-only on an error, with the store open (root)."""
    with ext4_that_errs() as (disk, fail):
        path = disk / "canvas.db"
        running = open_store(path)
        try:
            running.create(bakery)
            fail()
            with pytest.raises(StoreUnavailable, match="read-only") as caught:
                running.save(edited(bakery, "Refused"), base_revision=1)
            assert caught.value.kind == "read_only"
            assert [s.id for s in running.list_canvases()] == [bakery.id]
            assert running.load(bakery.id).revision == 1
            running.close()  # the app restarts on the disk: its -wal file is still there
            again = open_store(path)
            assert again.load(bakery.id).revision == 1
            again.close()
        finally:
            running.close()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through file permissions")
def test_a_read_only_file_refuses_saves(store: SqliteStore, bakery: Canvas) -> None:
    store.create(bakery)
    store.path.chmod(0o444)
    try:
        with pytest.raises(StoreUnavailable):
            store.save(bakery, base_revision=1)
    finally:
        store.path.chmod(0o644)


def test_a_store_that_cannot_be_opened_says_so(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    with pytest.raises(StoreUnavailable, match="folder could not be created"):
        open_store(blocker / "canvas.db")
    (tmp_path / "dir.db").mkdir()
    with pytest.raises(StoreUnavailable, match="could not be opened"):
        open_store(tmp_path / "dir.db")


# --- where the store lives -----------------------------------------------------------------------


def test_the_store_lives_where_canvas_store_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "deep" / "er" / "mine.db"
    monkeypatch.setenv("CANVAS_STORE", str(target))
    assert open_store().path == target
    assert target.exists()
    assert raw(open_store(), "PRAGMA journal_mode") == [("wal",)]


def test_without_a_setting_the_store_is_in_the_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CANVAS_STORE", raising=False)
    monkeypatch.setattr(store_module, "DEFAULT_PATH", tmp_path / "data" / "canvas.db")
    assert open_store().path == tmp_path / "data" / "canvas.db"
    assert store_module.DEFAULT_PATH.parent.is_dir()


def test_a_full_or_read_only_disk_is_named_as_such(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a real disk SQLite only says it could not open its files; the disk says why."""
    import os
    import sqlite3

    from canvas.storage.errors import unavailable

    class Stats:
        f_flag = os.ST_RDONLY
        f_bavail = 10_000
        f_frsize = 4096

    monkeypatch.setattr(os, "statvfs", lambda _: Stats())
    error = sqlite3.OperationalError("unable to open database file")
    assert unavailable(error, True, tmp_path).kind == "read_only"
    Stats.f_flag, Stats.f_bavail = 0, 1
    assert unavailable(error, True, tmp_path).kind == "full"
    assert "disk is full" in str(unavailable(error, True, tmp_path))
    Stats.f_bavail = 10_000
    assert unavailable(error, False, tmp_path).kind == "unreachable"
