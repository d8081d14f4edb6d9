"""Excel export and import time against a raw openpyxl dump of the same cells.

Run on demand: `python bench/bench_excel.py`. Not part of CI; prints medians of several runs.
"""

from __future__ import annotations

import io
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import openpyxl

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from canvas.outputs.excel import export_workbook, import_workbook
from canvas.storage.files import scaled_sample

RUNS = 7
SIZES = (6, 60, 300)


def cells_of(data: bytes) -> dict[str, list[tuple[object, ...]]]:
    wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    cells = {
        ws.title: [tuple(row) for row in ws.iter_rows(values_only=True)] for ws in wb.worksheets
    }
    wb.close()
    return cells


def raw_dump(cells: dict[str, list[tuple[object, ...]]]) -> bytes:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in cells.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def raw_read(data: bytes) -> int:
    wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    count = sum(1 for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for _ in row)
    wb.close()
    return count


def median_time(func: Callable[[], object]) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    print(
        f"python {platform.python_version()} · nproc {os.cpu_count()} · openpyxl {openpyxl.__version__} · median of {RUNS} runs"
    )
    print(
        f"{'groups':>6} {'cells':>7} {'export s':>9} {'raw dump s':>10} {'ratio':>6} {'import s':>9} {'raw read s':>10} {'ratio':>6}"
    )
    for size in SIZES:
        canvas = scaled_sample("bakery", size)
        book = export_workbook(canvas)
        cells = cells_of(book)
        count = sum(len(row) for rows in cells.values() for row in rows)
        raw = raw_dump(cells)
        export_s = median_time(lambda c=canvas: export_workbook(c))
        dump_s = median_time(lambda c=cells: raw_dump(c))
        import_s = median_time(lambda b=book: import_workbook(b))
        read_s = median_time(lambda r=raw: raw_read(r))
        print(
            f"{size:>6} {count:>7} {export_s:>9.3f} {dump_s:>10.3f} {export_s / dump_s:>6.2f} "
            f"{import_s:>9.3f} {read_s:>10.3f} {import_s / read_s:>6.2f}"
        )


if __name__ == "__main__":
    main()
