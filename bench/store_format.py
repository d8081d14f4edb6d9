"""The store's file format side by side: save and load time, file size, and what a file cut
short gives back, for the version 1 layout (4 KB pages, JSON as text) and compressed bodies in
4, 8 and 16 KB pages.

    python -m bench.store_format [--saves 60]

Every variant is the same `SqliteStore` code; only `PAGE_SIZE` and the body packing differ (the
version 1 variant writes exactly what version 1 wrote). Saves are timed in interleaved rounds (one
save of each variant per round) so the shared machine's noise falls on all of them alike; ratios
are to the version 1 layout of the same run. Results: docs/reliability.md, "A damaged file".
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from canvas.core.document import as_new_canvas
from canvas.storage import open_store
from canvas.storage import sqlite as store_module
from canvas.storage.files import load_sample

VARIANTS = {  # label -> (page size, compressed bodies)
    "v1: 4 KB pages, text": (4096, False),
    "4 KB pages, compressed": (4096, True),
    "8 KB pages, compressed": (8192, True),
    "16 KB pages, compressed": (16384, True),
}
CUTS = (0.9, 0.6, 0.4)


@contextlib.contextmanager
def layout(page_size: int, compressed: bool) -> Iterator[None]:
    saved = store_module.PAGE_SIZE, store_module.pack_body
    store_module.PAGE_SIZE = page_size
    if not compressed:
        store_module.pack_body = lambda body: body  # type: ignore[assignment,return-value]
    try:
        yield
    finally:
        store_module.PAGE_SIZE, store_module.pack_body = saved


def timed(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def speed(folder: Path, saves: int) -> dict[str, tuple[float, float]]:
    """Median save and load time (seconds) per variant, measured in interleaved rounds."""
    stores, latest = {}, {}
    for label, (size, packed) in VARIANTS.items():
        with layout(size, packed):
            store = open_store(folder / f"speed-{size}-{packed}.db")
            latest[label] = store.create(as_new_canvas(load_sample("bakery")))
            stores[label] = store
    save_times: dict[str, list[float]] = {label: [] for label in VARIANTS}
    load_times: dict[str, list[float]] = {label: [] for label in VARIANTS}
    for number in range(saves):
        for label, (size, packed) in VARIANTS.items():
            store, current = stores[label], latest[label]
            canvas = current.canvas.model_copy(update={"business_goal": f"Goal {number}"})
            with layout(size, packed):
                save_times[label].append(
                    timed(lambda s=store, c=canvas, r=current.revision: s.save(c, r))
                )
                latest[label] = store.load(canvas.id)
                store._known_good.clear()
                load_times[label].append(timed(lambda s=store, c=canvas: s.load(c.id)))
    return {
        label: (statistics.median(save_times[label]), statistics.median(load_times[label]))
        for label in VARIANTS
    }


SAMPLES = ("bakery", "it_services", "nonprofit", "coaching")


def filled(path: Path, canvases: int, edits: int) -> set[tuple[str, int]]:
    """A store of `canvases` canvases (the samples in turn) edited `edits` times each,
    interleaved; checkpointed. Returns every (canvas id, revision) saved."""
    store = open_store(path)
    latest = [store.create(as_new_canvas(load_sample(SAMPLES[n % 4]))) for n in range(canvases)]
    saved = {(stored.canvas.id, 1) for stored in latest}
    for edit in range(edits):
        for n, stored in enumerate(latest):
            canvas = stored.canvas.model_copy(update={"business_goal": f"Goal {edit}"})
            latest[n] = store.save(canvas, stored.revision)
            saved.add((canvas.id, latest[n].revision))
    with contextlib.closing(store._connect()) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return saved


def cut(folder: Path, source: Path, saved: set[tuple[str, int]], share: float) -> str:
    """Truncate a copy to `share` of its size and open it: 'canvases back / revisions back'."""
    target = folder / f"cut-{share}-{source.name}"
    shutil.copyfile(source, target)
    os.truncate(target, int(target.stat().st_size * share))
    store = open_store(target)
    back = set()
    for canvas_id in {canvas_id for canvas_id, _ in saved}:
        back |= {(canvas_id, info.revision) for info in store.revisions(canvas_id)}
    assert back <= saved
    return f"{len({canvas_id for canvas_id, _ in back})} / {len(back)}"


def recovery(folder: Path, canvases: int, edits: int) -> dict[str, tuple[int, list[str]]]:
    """File size and, per cut, 'canvases back / revisions back'."""
    results = {}
    for label, (size, packed) in VARIANTS.items():
        with layout(size, packed):
            path = folder / f"full-{size}-{packed}-{canvases}-{edits}.db"
            saved = filled(path, canvases, edits)
            results[label] = (path.stat().st_size, [cut(folder, path, saved, s) for s in CUTS])
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=60)
    args = parser.parse_args()
    logging.disable(logging.WARNING)  # each recovery logs a line
    print(f"{platform.python_version()}, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory(dir=Path(__file__).resolve().parent.parent) as name:
        folder = Path(name)
        times = speed(folder, args.saves)
        base_save, base_load = times["v1: 4 KB pages, text"]
        print(f"\nMedian of {args.saves} saves / loads of the bakery sample, interleaved:")
        print("| Layout | Save | × v1 | Load | × v1 |\n|---|---:|---:|---:|---:|")
        for label, (save, load) in times.items():
            print(
                f"| {label} | {save * 1000:.1f} ms | {save / base_save:.2f} | "
                f"{load * 1000:.1f} ms | {load / base_load:.2f} |"
            )
        for canvases, edits in ((8, 0), (30, 0), (20, 9)):
            print(
                f"\n{canvases} canvases, {edits + 1} revision(s) each ({canvases * (edits + 1)} "
                "revisions); canvases / revisions back after a cut to 90, 60 and 40 %:"
            )
            print("| Layout | File | 90 % | 60 % | 40 % |\n|---|---:|---:|---:|---:|")
            for label, (size, backs) in recovery(folder, canvases, edits).items():
                print(f"| {label} | {size / 1024:.0f} KB | " + " | ".join(backs) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
