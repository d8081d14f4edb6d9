"""Load: N concurrent browser sessions against one server, each editing its own canvas.

    /work/venv/bin/python -m bench.load [--sessions 1 5 10 25] [--edits 8] [--think 1.0]

One headless Chromium (system binary), one context per session, all on 127.0.0.1. Each session
opens its own canvas on the Goal step and renames the business `--edits` times (type, Enter).
Latency of one interaction = from Enter until the sidebar shows the new name (the server saved
the edit, reran the page and the browser drew it), timed inside the page. After each round the store is checked: every
canvas must hold its last name and one revision per edit. Server memory is VmRSS from /proc.
Writes docs/bench/load.md (and .json).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from canvas.io import as_new_canvas, load_sample
from canvas.store import open_store
from tests.reliability.server import ROOT, Server, chromium_path, wait_idle

OUT = ROOT / "docs" / "bench"
SIDEBAR_NAME = '[data-testid="stSidebar"] h3'

# Timed inside the page, so the driver's own turn-taking does not count: the moment Enter goes
# down in the name field, and the moment the sidebar first shows that name.
PROBE = """
() => {
  if (window.__probe) return;
  window.__probe = true; window.__pressed = {}; window.__shown = {};
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && e.target && e.target.value) window.__pressed[e.target.value] = performance.now();
  }, true);
  new MutationObserver(() => {
    const h = document.querySelector('[data-testid="stSidebar"] h3');
    if (h && !(h.innerText in window.__shown)) window.__shown[h.innerText] = performance.now();
  }).observe(document.body, {subtree: true, childList: true, characterData: true});
}
"""
RESULT = "(name) => [window.__pressed[name] ?? null, window.__shown[name] ?? null]"


def cpu_seconds(pid: int | None = None) -> float:
    """CPU time used so far by one process (utime + stime), or by the whole machine (busy time)."""
    ticks = os.sysconf("SC_CLK_TCK")
    if pid is None:
        fields = [int(v) for v in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
        return (sum(fields) - fields[3] - fields[4]) / ticks  # all but idle and iowait
    stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(stat[11]) + int(stat[12])) / ticks


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def run_round(browser, server: Server, store, sessions: int, edits: int, think: float,
              rng: random.Random) -> dict:  # fmt: skip
    canvases = [
        store.create(as_new_canvas(load_sample("bakery"))).canvas.id for _ in range(sessions)
    ]
    pages, errors = [], []
    for canvas_id in canvases:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.goto(f"{server.url}/goal?canvas={canvas_id}")
        pages.append((context, page, canvas_id))
    for _, page, _ in pages:
        wait_idle(page, 60_000)
        page.evaluate(PROBE)
    rss_idle = server.rss_kib()
    assert server.process is not None
    cpu_server, cpu_machine, wall = cpu_seconds(server.process.pid), cpu_seconds(), time.monotonic()

    # The sync API is single-threaded, so sessions are interleaved: each session has a next-due
    # time (think time after its last edit); we fire every due edit, then wait for each result
    # concurrently by polling all outstanding pages.
    latencies: list[float] = []
    done = [0] * sessions
    due = [time.monotonic() + rng.uniform(0, think) for _ in range(sessions)]
    pending: dict[int, tuple[float, str]] = {}
    peak = rss_idle
    deadline = time.monotonic() + 120 + sessions * edits * 2
    while (any(d < edits for d in done) or pending) and time.monotonic() < deadline:
        now = time.monotonic()
        for index, (_, page, _) in enumerate(pages):
            if index in pending or done[index] >= edits or due[index] > now:
                continue
            name = f"Load s{index} e{done[index] + 1}"
            field = page.get_by_label("Business name").first
            try:
                field.fill(name)
                field.press("Enter")
            except Exception as exc:
                errors.append(f"session {index}: {type(exc).__name__}")
                done[index] = edits
                continue
            pending[index] = (time.monotonic(), name)
        for index, (started, name) in list(pending.items()):
            page = pages[index][1]
            pressed, shown = page.evaluate(RESULT, name)
            if pressed is not None and shown is not None:
                latencies.append(max(0.0, shown - pressed) / 1000)
                del pending[index]
                done[index] += 1
                due[index] = time.monotonic() + rng.uniform(0.5 * think, 1.5 * think)
            elif time.monotonic() - started > 30:
                errors.append(f"session {index}: no result after 30 s")
                del pending[index]
                done[index] = edits
        if page_errors := [
            p for _, p, _ in pages if p.locator('[data-testid="stException"]').count()
        ]:
            errors.append(f"{len(page_errors)} page(s) showed an exception")
            break
        peak = max(peak, server.rss_kib())
        time.sleep(0.01)
    if any(d < edits for d in done):
        errors.append("round timed out")
    wall = time.monotonic() - wall
    cpu_server = cpu_seconds(server.process.pid) - cpu_server
    cpu_machine = cpu_seconds() - cpu_machine

    lost = 0
    for index, canvas_id in enumerate(canvases):
        saved = store.load(canvas_id)
        if saved.canvas.business_name != f"Load s{index} e{edits}" or saved.revision != edits + 1:
            lost += 1
    for context, _, _ in pages:
        context.close()
    return {
        "sessions": sessions,
        "interactions": len(latencies),
        "median_s": statistics.median(latencies) if latencies else float("nan"),
        "p95_s": percentile(latencies, 0.95),
        "max_s": max(latencies) if latencies else float("nan"),
        "errors": len(errors),
        "error_detail": errors[:5],
        "canvases_with_lost_edits": lost,
        "server_cpu_ms_per_interaction": round(1000 * cpu_server / max(1, len(latencies)), 1),
        "server_cpu_share": round(cpu_server / wall, 2),
        "machine_busy_share": round(cpu_machine / wall / (os.cpu_count() or 1), 2),
        "rss_idle_mib": round(rss_idle / 1024, 1),
        "rss_peak_mib": round(peak / 1024, 1),
    }


def report(rounds: list[dict], args: argparse.Namespace, machine: dict) -> str:
    base = rounds[0]["median_s"]
    lines = [
        "# Load: concurrent sessions against one server",
        "",
        f"Run by `python -m bench.load` on {machine['when']}: {machine['cpus']} CPUs, Python "
        f"{machine['python']}, one headless Chromium with one context per session, all on "
        f"127.0.0.1. Each session renames its own canvas {args.edits} times, thinking "
        f"{args.think:g} s (±50%) between edits. Latency = Enter pressed until the sidebar shows "
        "the new name (saved, rerun, drawn), timed inside the page. Baseline = the one-session median of this run.",
        "",
        "| Sessions | Interactions | Median | p95 | Max | p95 / baseline | Errors | Lost edits | "
        "Server RSS idle → peak | Server CPU per edit | Server CPU | Machine busy |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rounds:
        lines.append(
            f"| {r['sessions']} | {r['interactions']} | {r['median_s'] * 1000:.0f} ms | "
            f"{r['p95_s'] * 1000:.0f} ms | {r['max_s'] * 1000:.0f} ms | "
            f"{r['p95_s'] / base:.2f}× | {r['errors']} | {r['canvases_with_lost_edits']} | "
            f"{r['rss_idle_mib']:.0f} → {r['rss_peak_mib']:.0f} MiB | "
            f"{r['server_cpu_ms_per_interaction']:.0f} ms | {r['server_cpu_share']:.0%} of a core | "
            f"{r['machine_busy_share']:.0%} |"
        )
    top = rounds[-1]
    verdict = (
        top["p95_s"] <= 3 * base and top["errors"] == 0 and top["canvases_with_lost_edits"] == 0
    )
    lines += [
        "",
        f"Goal at {top['sessions']} sessions (p95 ≤ 3× baseline median, no errors, no lost "
        f"edits): **{'met' if verdict else 'NOT met'}**.",
    ]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, nargs="+", default=[1, 5, 10, 25])
    parser.add_argument("--edits", type=int, default=8)
    parser.add_argument("--think", type=float, default=1.0)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    if max(args.sessions) > 40:
        parser.error("at most 40 sessions: this is a small machine")
    chromium = chromium_path()
    if chromium is None:
        print("Chromium is missing (apt-get install -y chromium)", file=sys.stderr)
        return 2
    machine = {
        "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "cpus": subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip(),
        "python": platform.python_version(),
    }
    rng = random.Random(6)
    rounds = []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "canvas.db"
        store = open_store(path)
        server = Server(path).start()
        try:
            with sync_playwright() as play:
                browser = play.chromium.launch(executable_path=chromium)
                for sessions in args.sessions:
                    result = run_round(
                        browser, server, store, sessions, args.edits, args.think, rng
                    )
                    print(json.dumps(result), flush=True)
                    rounds.append(result)
                browser.close()
        finally:
            server.stop()
    args.out.mkdir(parents=True, exist_ok=True)
    text = report(rounds, args, machine)
    (args.out / "load.md").write_text(text)
    (args.out / "load.json").write_text(
        json.dumps({"machine": machine, "rounds": rounds}, indent=2)
    )
    print(text)
    top = rounds[-1]
    ok = top["errors"] == 0 and top["canvases_with_lost_edits"] == 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
