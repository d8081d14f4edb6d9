"""A store on a full or read-only disk: simulated for CI, and real (a small tmpfs) where root.

On a real full or read-only disk, measured with SQLite 3.40 on a tmpfs (bench/faults.py): a WAL
store whose -wal/-shm files are gone (every connection closed) cannot be opened normally, nor
with `mode=ro` ("unable to open database file", or "disk I/O error" on a full disk: SQLite can
neither create nor size them); only `immutable=1` opens it. While any connection holds the files,
new connections open and read, and writes fail. The simulation reproduces the first case.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

REAL_CONNECT = sqlite3.connect


class UnwritableDisk:
    """While active, connections to `path` fail as they do on a real full or read-only disk
    without -wal/-shm files (unless `immutable=1`), and the disk says it is full or read-only."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, path: Path, kind: str) -> None:
        self.path, self.kind, self.active = path, kind, True
        read_only, full = kind == "read_only", kind == "full"
        real_statvfs = os.statvfs

        def statvfs(folder: object) -> object:
            stats = real_statvfs(folder)  # type: ignore[arg-type]
            if not self.active or Path(str(folder)) != path.parent:
                return stats

            class Stats:
                f_flag = stats.f_flag | (os.ST_RDONLY if read_only else 0)
                f_bavail = 0 if full else stats.f_bavail
                f_frsize = stats.f_frsize

            return Stats()

        def connect(database: object, *args: object, **kwargs: object) -> sqlite3.Connection:
            target = str(database)
            ours = target == str(path) or target.startswith(path.absolute().as_uri() + "?")
            if self.active and ours and "immutable=1" not in target:
                if full:
                    raise sqlite3.OperationalError("disk I/O error")
                raise sqlite3.OperationalError("unable to open database file")
            return REAL_CONNECT(database, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(os, "statvfs", statvfs)
        monkeypatch.setattr(sqlite3, "connect", connect)

    def writable(self) -> None:
        """The disk has room and takes writes again."""
        self.active = False


def _mount(*args: str) -> subprocess.CompletedProcess[str]:
    """Run `mount` with `args`, capturing what it says."""
    return subprocess.run(["mount", *args], capture_output=True, text=True, check=False)


@contextmanager
def real_tmpfs(size: str = "4m") -> Iterator[Path]:
    """A small real disk (root only; skips otherwise), unmounted afterwards."""
    if os.geteuid() != 0:
        pytest.skip("mounting a disk needs root")
    where = Path(tempfile.mkdtemp(prefix="canvas-disk-"))
    done = _mount("-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where))
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield where
    finally:
        if subprocess.run(["umount", str(where)], check=False).returncode != 0:
            subprocess.run(["umount", "-l", str(where)], check=False)  # a file is still open
        where.rmdir()


def remount(disk: Path, mode: str) -> str:
    """'ok', or mount's reason for refusing (busy, while a file is open for writing)."""
    done = _mount("-o", f"remount,{mode}", str(disk))
    return "ok" if done.returncode == 0 else (done.stderr.strip().splitlines() or ["failed"])[0]


def fill(disk: Path) -> Path:
    """Fill the disk up (again); returns the filler file (delete it to free the space)."""
    filler = disk / "filler"
    with filler.open("ab", buffering=0) as out:
        for block in (65536, 4096, 512):
            try:
                while True:
                    out.write(b"\0" * block)
            except OSError:
                pass
    return filler


@contextmanager
def ext4_that_errs(size_mb: int = 32) -> Iterator[tuple[Path, Callable[[], None]]]:
    """A real ext4 disk (a loop device, root only; skips otherwise) mounted errors=remount-ro, and
    a function that makes the kernel force it read-only as after an I/O error, whatever is open
    on it (ext4's trigger_fs_error). Mount refuses to do that while a file is open for writing."""
    if os.geteuid() != 0:
        pytest.skip("a loop device needs root")
    work = Path(tempfile.mkdtemp(prefix="canvas-ext4-"))
    image, where = work / "disk.img", work / "mnt"
    where.mkdir()
    with image.open("wb") as out:
        out.truncate(size_mb * 1024 * 1024)
    attach = subprocess.run(
        ["losetup", "-f", "--show", str(image)], capture_output=True, text=True, check=False
    )
    device = attach.stdout.strip()
    try:
        if attach.returncode != 0 or not device:
            pytest.skip(f"no loop device here: {attach.stderr.strip()}")
        subprocess.run(["mkfs.ext4", "-q", device], check=True)
        if _mount("-o", "errors=remount-ro", device, str(where)).returncode != 0:
            pytest.skip("cannot mount ext4 here")
        trigger = Path("/sys/fs/ext4") / Path(device).name / "trigger_fs_error"
        try:
            if not trigger.exists():
                pytest.skip("this kernel has no ext4 trigger_fs_error")
            yield where, lambda: trigger.write_text("canvas store test\n")
        finally:
            if subprocess.run(["umount", str(where)], check=False).returncode != 0:
                subprocess.run(["umount", "-l", str(where)], check=False)
    finally:
        if device:
            subprocess.run(["losetup", "-d", device], check=False)
        image.unlink(missing_ok=True)
        where.rmdir()
        work.rmdir()
