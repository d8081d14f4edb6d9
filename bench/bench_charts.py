"""Chart spec build time per chart, for the bakery and IT samples and a 60-group canvas.

Each figure is the median time to build one complete Vega-Lite spec (a dict, as the pages get it).
Beside it, the same chart from the altair version of `canvas/charts.py` as it was at git revision
ALTAIR_REV (built, then `to_dict(validate=False)` as the pages did), loaded from git history into a
throwaway module and timed in the same run, interleaved, so machine load hits both alike.
Goal: every chart <= 10 ms on the samples and <= 25 ms at 60 groups.

Run: .venv/bin/python bench/bench_charts.py [--runs 7] [--no-compare] [--against REV]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from canvas.core.classify import place  # noqa: E402
from canvas.core.metrics import compute  # noqa: E402
from canvas.core.model import Canvas  # noqa: E402
from canvas.outputs import charts  # noqa: E402
from canvas.storage.files import load_sample, scaled_sample  # noqa: E402

ALTAIR_REV = "1585618"  # the last revision whose charts were built with altair
GOALS_MS = {"bakery": 10.0, "IT": 10.0, "60 groups": 25.0}


def builders(module: Any, canvas: Canvas) -> dict[str, Callable[[], Any]]:
    metrics = compute(canvas)
    placements = place(canvas, metrics)
    return {
        "portfolio mix": lambda: module.portfolio_mix_chart(canvas, metrics),
        "  by margin": lambda: module.portfolio_mix_chart(canvas, metrics, "annual_margin"),
        "value to customer": lambda: module.value_to_customer_chart(canvas),
        "lifetime value": lambda: module.clv_chart(canvas, metrics),
        "pareto": lambda: module.pareto_chart(canvas, metrics),
        "nps": lambda: module.nps_chart(canvas, metrics),
        "value map": lambda: module.value_map_chart(canvas, metrics, placements),
        "  by margin ": lambda: module.value_map_chart(canvas, metrics, placements, "margin"),
        "target mix": lambda: module.target_mix_chart(canvas, metrics),
        "hangouts": lambda: module.hangout_matrix_chart(canvas),
    }


def altair_module(rev: str) -> types.ModuleType | None:
    """`canvas/charts.py` as it was at `rev`, or None when git cannot give it."""
    try:
        source = subprocess.run(
            ["git", "show", f"{rev}:canvas/charts.py"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError) as error:
        print(f"(no comparison: cannot read canvas/charts.py at {rev}: {error})")
        return None
    module = types.ModuleType("charts_altair")
    module.__file__ = f"{rev}:canvas/charts.py"
    exec(compile(source, module.__file__, "exec"), module.__dict__)
    return module


def as_spec(chart: Any) -> dict[str, Any]:
    return chart if isinstance(chart, dict) else chart.to_dict(validate=False)


def median_ms(build: Callable[[], Any], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        as_spec(build())
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--against", default=ALTAIR_REV, help="git revision of the altair charts")
    parser.add_argument("--no-compare", action="store_true", help="time the current charts only")
    args = parser.parse_args()

    old = None if args.no_compare else altair_module(args.against)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"machine: {os.cpu_count()} cores · Python {platform.python_version()} · "
        f"load average {load:.1f}"
    )
    print(f"Chart spec build time, median of {args.runs} (ms); goal per chart: ", end="")
    print(", ".join(f"{k} <= {v:g}" for k, v in GOALS_MS.items()))
    canvases = {
        "bakery": load_sample("bakery"),
        "IT": load_sample("it_services"),
        "60 groups": scaled_sample("bakery", 60),
    }
    width = 27 if old else 10
    header = f"{'chart':<20}" + "".join(f"{name:>{width}}" for name in canvases)
    print()
    if old:
        print(f"{'':<20}" + f"{'now   altair   ratio':>{width}}" * len(canvases))
    print(header)
    print("-" * len(header))
    worst = dict.fromkeys(canvases, 0.0)
    table: dict[str, list[str]] = {}
    for canvas_name, canvas in canvases.items():
        new_builders = builders(charts, canvas)
        old_builders = builders(old, canvas) if old else {}
        for chart_name, build in new_builders.items():
            build()  # warm
            now = median_ms(build, args.runs)
            worst[canvas_name] = max(worst[canvas_name], now)
            if old:
                old_builders[chart_name]()  # warm
                before = median_ms(old_builders[chart_name], args.runs)
                cell = f"{now:7.2f} {before:8.1f} {before / now:6.0f}x"
            else:
                cell = f"{now:7.2f}"
            table.setdefault(chart_name, []).append(f"{cell:>{width}}")
    for chart_name, cells in table.items():
        print(f"{chart_name:<20}" + "".join(cells))
    print("-" * len(header))
    misses = 0
    for canvas_name, slowest in worst.items():
        verdict = "meets" if slowest <= GOALS_MS[canvas_name] else "MISSES"
        misses += verdict == "MISSES"
        print(
            f"  {canvas_name}: slowest chart {slowest:.2f} ms, "
            f"goal {GOALS_MS[canvas_name]:g} ms -> {verdict}"
        )
    return 1 if misses else 0


if __name__ == "__main__":
    raise SystemExit(main())
