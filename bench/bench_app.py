"""App speed, measured side by side with a bare Streamlit page in the same run.

1. Server-side rerun time of every page (AppTest), for the bakery and IT samples and a generated
   60-group canvas, beside a bare two-widget page measured between the pages (so both see the same
   machine load). Goals, for a plain rerun and after an edit: every page <= 15x the bare page on
   the samples, <= 30x at 60 groups.
2. Cold start to first rendered page in headless Chromium, beside a bare hello page. Goal: <= 1.3x.

Run: .venv/bin/python bench/bench_app.py [--reruns 15] [--starts 3]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402

from canvas.core.document import as_new_canvas  # noqa: E402
from canvas.core.progress import STEPS  # noqa: E402
from canvas.storage import open_store  # noqa: E402
from canvas.storage.files import load_sample, scaled_sample  # noqa: E402
from tests.support.browser import find_chromium, launch_chromium  # noqa: E402
from tests.support.runs import IDLE_APP  # noqa: E402
from tests.support.server import Server  # noqa: E402

BARE_PAGE = """
import streamlit as st
st.title("Hello")
name = st.text_input("Name", "world")
count = st.slider("Count", 1, 10, 3)
st.write(f"Hello {name} x{count}")
"""


GOALS = {"bakery": 15, "IT": 15, "60 groups": 30}  # slowest page, times the bare page
COLD_START_GOAL = 1.3  # times a hello page


def median_rerun(app: AppTest, reruns: int, edit: bool = False) -> float:
    """Median rerun time in ms. With `edit`, every rerun sees a new canvas version (as after a
    real edit), so nothing cached for the previous version can be reused."""
    app.run()  # warm
    times = []
    for n in range(reruns):
        if edit:
            canvas = app.session_state["_canvas"]
            app.session_state["_canvas"] = canvas.model_copy(update={"first_moves": f"edit {n}"})
        start = time.perf_counter()
        app.run()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def page_app(canvas_id: str, slug: str) -> AppTest:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    app.query_params["canvas"] = canvas_id
    app.run()
    app.switch_page(f"pages/{slug}.py")
    return app


def rerun_table(reruns: int) -> None:
    store_dir = tempfile.mkdtemp()
    os.environ["CANVAS_STORE"] = f"{store_dir}/bench.db"
    store = open_store()
    canvases = {
        "bakery": store.create(as_new_canvas(load_sample("bakery"))).canvas.id,
        "IT": store.create(as_new_canvas(load_sample("it_services"))).canvas.id,
        "60 groups": store.create(as_new_canvas(scaled_sample("bakery", 60))).canvas.id,
    }
    bare_file = Path(store_dir) / "bare.py"
    bare_file.write_text(BARE_PAGE)
    bare_app = AppTest.from_file(str(bare_file))
    bare_times = [median_rerun(bare_app, reruns)]
    print(f"\nServer-side rerun, median of {reruns} (ms) and the ratio to the bare two-widget page")
    for edit in (False, True):
        what = "after an edit (new canvas version each time)" if edit else "rerun, canvas unchanged"
        print(f"\n{what}")
        header = f"{'page':20}" + "".join(f"{name:>16}" for name in canvases)
        print(header)
        print("-" * len(header))
        worst = dict.fromkeys(canvases, 0.0)
        for step in STEPS:
            bare_times.append(median_rerun(bare_app, reruns))
            bare = statistics.median(bare_times)
            cells = []
            for name, canvas_id in canvases.items():
                ms = median_rerun(page_app(canvas_id, step.slug), reruns, edit)
                worst[name] = max(worst[name], ms / bare)
                cells.append(f"{ms:8.1f} ({ms / bare:4.1f}x)")
            print(f"{step.slug:20}" + "".join(f"{c:>16}" for c in cells))
        print("-" * len(header))
        print(f"{'slowest page':20}" + "".join(f"{worst[n]:>15.1f}x" for n in canvases))
        print(f"  bare two-widget page: median {statistics.median(bare_times):.1f} ms")
        for name, limit in GOALS.items():
            verdict = "meets" if worst[name] <= limit else "MISSES"
            print(
                f"  {name}: slowest page {worst[name]:.1f}x the bare page, goal {limit}x -> {verdict}"
            )


def cold_start(script: Path, path: str, env: dict[str, str]) -> float:
    """Seconds from launching the server to the first page rendered in headless Chromium."""
    from playwright.sync_api import sync_playwright

    work = Path(tempfile.mkdtemp())
    server = Server(Path(env["CANVAS_STORE"]), log_path=work / "server.log", env=env, script=script)
    start = time.perf_counter()
    try:
        server.start()
        with sync_playwright() as p:
            browser = launch_chromium(p)
            page = browser.new_page()
            page.goto(f"{server.url}{path}")
            page.wait_for_selector(IDLE_APP, timeout=60_000)
            page.wait_for_selector("h1", timeout=60_000)
            elapsed = time.perf_counter() - start
            browser.close()
        return elapsed
    finally:
        server.kill()


def cold_start_table(starts: int) -> None:
    if not find_chromium():
        print("\nCold start: skipped (no chromium on PATH)")
        return
    work = Path(tempfile.mkdtemp())
    bare_file = work / "hello.py"
    bare_file.write_text(BARE_PAGE)
    env = os.environ | {"CANVAS_STORE": str(work / "cold.db")}
    ours, bare = [], []
    for _ in range(starts):  # interleaved, so both see the same machine load
        bare.append(cold_start(bare_file, "/", env))
        ours.append(cold_start(ROOT / "app.py", "/", env))
    b, o = statistics.median(bare), statistics.median(ours)
    print(f"\nCold start to first rendered page, median of {starts} (s)")
    print(
        f"  bare hello page {b:.2f} s · our library page {o:.2f} s · ratio {o / b:.2f}x (goal <= {COLD_START_GOAL}x)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--reruns", type=int, default=15)
    parser.add_argument("--starts", type=int, default=3)
    args = parser.parse_args()
    print(
        f"machine: {os.cpu_count()} cores · Python {platform.python_version()} · {platform.platform()}"
    )
    rerun_table(args.reruns)
    if args.starts:
        cold_start_table(args.starts)


if __name__ == "__main__":
    main()
