"""The SQLite store's own matters: a damaged or salvaged file, a full or read-only disk, where the
file lives. What every store promises is in test_store_contract.py."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pytest

from canvas.core.document import as_new_canvas
from canvas.core.model import Canvas
from canvas.storage import (
    SqliteStore,
    StoreUnavailable,
    open_store,
)
from canvas.storage import sqlite as store_module
from canvas.storage.files import scaled_sample
from canvas.storage.sqlite import read_only_connection
from tests.support.disks import UnwritableDisk, ext4_that_errs, fill, real_tmpfs, remount
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


# --- damaged rows and files ----------------------------------------------------------------------


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


@contextmanager
def read_only_file(path: Path) -> Iterator[None]:
    """The file made read-only: by its permissions, or for root (who writes through them) by a
    read-only bind mount of the file onto itself."""
    if os.geteuid() != 0:
        path.chmod(0o444)
        try:
            yield
        finally:
            path.chmod(0o644)
        return
    subprocess.run(["mount", "--bind", str(path), str(path)], check=True)
    try:
        subprocess.run(["mount", "-o", "remount,bind,ro", str(path)], check=True)
        yield
    finally:
        subprocess.run(["umount", str(path)], check=True)


def test_a_store_opened_on_a_read_only_file_refuses_saves_and_still_reads(
    store: SqliteStore, bakery: Canvas
) -> None:
    store.create(bakery)
    store.close()
    with read_only_file(store.path):
        again = open_store(store.path)
        try:
            assert again.load(bakery.id).revision == 1
            with pytest.raises(StoreUnavailable):
                again.save(edited(bakery, "Refused"), base_revision=1)
            assert again.load(bakery.id).revision == 1
        finally:
            again.close()


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
