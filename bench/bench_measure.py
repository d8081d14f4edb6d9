"""Measuring a sales export against pandas `read_csv` of the same file, in the same run.

Run on demand: `python bench/bench_measure.py [--runs N]`. Not part of CI. For 100k and 1M rows
of a plain export (customer email, date, amount with a currency symbol, group), it times
`read_sales` + `measure` against a bare `pd.read_csv` of the file, in turns, median of several
runs each (wall clock, the goal, and CPU time of all threads), and the peak memory of each in a
fresh process (maximum resident size less the size after the imports). pandas 3.1 reads a local
file of 5 MB or more on several threads (up to the cores it may use); `measure` runs on one, so
the bench also times `read_csv` held to one thread (`mode.max_threads` = 1) for a like-for-like
ratio. Goals (issue #13): at most 3x the (bare) read_csv time and 500 MB at 1M rows.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from canvas.measure.figures import measure
from canvas.measure.reading import read_sales

SIZES = (100_000, 1_000_000)
GROUPS = ("Weekday commuters", "Weekend brunch families", "Office catering accounts")
GOAL_RATIO, GOAL_MB = 3.0, 500


def write_export(path: Path, rows: int, seed: int = 13) -> None:
    rng = random.Random(seed)
    first = date(2024, 1, 1)
    customers = max(1000, rows // 40)
    lines = ["customer,date,amount,group"]
    for _ in range(rows):
        who = rng.randrange(customers)
        day = first + timedelta(days=rng.randrange(730))
        lines.append(
            f"c{who}@mail.test,{day.isoformat()},${rng.uniform(3, 400):,.2f},"
            f"{GROUPS[who % len(GROUPS)]}"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def ours(path: Path) -> None:
    measure(read_sales(path.read_bytes(), path.name))


def baseline(path: Path) -> None:
    pd.read_csv(path)


def baseline_one_thread(path: Path) -> None:
    with pd.option_context("mode.max_threads", 1):
        pd.read_csv(path)


def timed(run, path: Path) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Wall-clock seconds and CPU seconds (all threads) of one run."""
    start, start_cpu = time.perf_counter(), time.process_time()
    run(path)
    return time.perf_counter() - start, time.process_time() - start_cpu


Times = tuple[float, float]


def side_by_side(path: Path, runs: int) -> tuple[Times, Times, Times]:
    """Median (wall, CPU) seconds of read_csv, of read_csv on one thread and of ours, run in
    turns so that a busy spell on the machine slows each."""
    base, one, mine = [], [], []
    for _ in range(runs):
        base.append(timed(baseline, path))
        one.append(timed(baseline_one_thread, path))
        mine.append(timed(ours, path))
    return _medians(base), _medians(one), _medians(mine)


def _medians(times: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(t[0] for t in times), statistics.median(t[1] for t in times)


PEAK_CHILD = """
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from bench.bench_measure import baseline, ours
Path("/proc/self/clear_refs").write_text("5")  # reset the peak (VmHWM) after the imports
start = {k: int(v.split()[0]) for k, v in
         (line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines())
         if k in ("VmRSS",)}["VmRSS"]
{which}(Path(sys.argv[2]))
peak = [int(line.split()[1]) for line in Path("/proc/self/status").read_text().splitlines()
        if line.startswith("VmHWM")][0]
print((peak - start) / 1024)
"""


def peak_mb(which: str, path: Path) -> float:
    """Peak resident memory of one run in a fresh process, above its size after the imports
    (Linux: the peak is reset through /proc/self/clear_refs)."""
    root = str(Path(__file__).resolve().parent.parent)
    done = subprocess.run(
        [sys.executable, "-c", PEAK_CHILD.replace("{which}", which), root, str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    return float(done.stdout.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(
        f"python {platform.python_version()} · pandas {pd.__version__} · nproc {os.cpu_count()} "
        f"· median of {args.runs} runs · peak memory above the imports, in a fresh process"
    )
    print(
        f"{'rows':>9} {'MB':>5} {'read_csv s':>10} {'measure s':>9} {'ratio':>6} "
        f"{'cpu ratio':>9} {'1-thread s':>10} {'ratio':>6} {'read_csv MB':>11} "
        f"{'measure MB':>10} {'ratio':>6}"
    )
    with tempfile.TemporaryDirectory() as folder:
        for rows in SIZES:
            path = Path(folder) / f"sales_{rows}.csv"
            write_export(path, rows)
            (base, base_cpu), (one, _), (mine, mine_cpu) = side_by_side(path, args.runs)
            base_mb, mine_mb = peak_mb("baseline", path), peak_mb("ours", path)
            print(
                f"{rows:>9,} {path.stat().st_size / 2**20:>5.0f} {base:>10.3f} {mine:>9.3f} "
                f"{mine / base:>6.2f} {mine_cpu / base_cpu:>9.2f} {one:>10.3f} "
                f"{mine / one:>6.2f} {base_mb:>11.0f} {mine_mb:>10.0f} {mine_mb / base_mb:>6.2f}"
            )
    print(f"goals at 1M rows: ratio <= {GOAL_RATIO}, measure peak <= {GOAL_MB} MB")
    print(
        "ratio: wall-clock time against read_csv, the goal; cpu ratio: CPU time of all threads "
        "(read_csv may use several, measure uses one); 1-thread: read_csv held to one thread, "
        "and measure's wall-clock time against it"
    )


if __name__ == "__main__":
    main()
