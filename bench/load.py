"""Load: N concurrent sessions against one server, or through HAProxy to several, each session
editing its own canvas.

    python -m bench.load [--client ws|browser] [--sessions 1 5 10 25] [--edits 12]
                         [--think 3 1] [--repeats 3]
    python -m bench.load --servers 1 2 3 [--sessions 1 25 50 100] [--edits 12] [--think 3 1]
                         [--repeats 1]

Each session opens its own canvas on the Goal step and renames the business `--edits` times
(type, Enter), thinking `--think` s (±50%) between edits, all on 127.0.0.1. Each pace in `--think`
is a sweep over `--sessions`; the whole set runs `--repeats` times, interleaved, so slow spells on a
shared machine spread over every row, and the rows pool all repeats. Two kinds of client:

- `ws` (default): bench/ws_client.py, one websocket per session speaking Streamlit's own protocol
  (BackMsg / ForwardMsg protobufs), all in one asyncio loop in this process; no browser, so the
  figures are the server's. Latency = the `rerun_script` with the new name sent until that run's
  `script_finished` arrived (saved, rerun, every delta received); the sidebar must then show the
  new name.
- `browser`: one headless Chromium (system binary), one context per session. Latency = from Enter
  until the sidebar shows the new name, timed inside the page. On a small machine the renderers
  take most of the CPU, so this measures the browsers as much as the server.

After each round the store is checked: every canvas must hold its last name and one revision per
edit. Server memory is VmRSS from /proc, CPU from /proc/<pid>/stat. Writes docs/bench/load.json
(results per client; the other client's last results are kept) and docs/bench/load.md (both).

With `--servers`, the hosted mode instead (ws client only): for each number of app servers in
turn, a practice as `scripts/serve-practice` starts it (hosting/serve.py: PostgreSQL, app servers
with sign-in, HAProxy in front, the local OpenID Connect provider), every session a different
client who signs in through the proxy as a browser does (`HostedTarget`), and the edits read back
from PostgreSQL. CPU is also counted for PostgreSQL and HAProxy, and which server HAProxy gave
each session. Writes docs/bench/load-hosted.json and docs/bench/load-hosted.md.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.ws_client import WsSession
from canvas.core.document import as_new_canvas
from canvas.storage import open_store
from canvas.storage.files import load_sample
from tests.support.browser import find_chromium, launch_chromium
from tests.support.runs import wait_for_app
from tests.support.server import ROOT, Server

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


def alive_cpu(pids: list[int]) -> dict[int, float]:
    """CPU seconds so far of each of `pids` still running."""
    found = {}
    for pid in pids:
        with contextlib.suppress(OSError):
            found[pid] = cpu_seconds(pid)
    return found


def cpu_delta(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU used between two `alive_cpu` readings by the processes alive at both."""
    return sum(after[pid] - before[pid] for pid in before.keys() & after.keys())


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def new_canvases(store, sessions: int) -> list[str]:
    return [store.create(as_new_canvas(load_sample("bakery"))).canvas.id for _ in range(sessions)]


def edit_name(index: int, edit: int) -> str:
    return f"Load s{index} e{edit}"


def lost_edits(store, canvases: list[str], edits: int, only: set[int] | None = None) -> int:
    """Canvases that do not hold their last name, or not exactly one revision per edit (of the
    sessions in `only`, when given: those that opened)."""
    lost = 0
    for index, canvas_id in enumerate(canvases):
        if only is not None and index not in only:
            continue
        saved = store.load(canvas_id)
        if saved.canvas.business_name != edit_name(index, edits) or saved.revision != edits + 1:
            lost += 1
    return lost


@dataclass
class Round:
    """What one round measured, raw, so rounds of several repeats can be pooled."""

    sessions: int
    latencies: list[float]
    errors: list[str]
    lost: int
    cpu_server: float
    cpu_machine: float
    cpu_client: float | None
    wall: float
    rss_idle: int
    peak: int
    cpu_other: float | None = None  # PostgreSQL and HAProxy, behind the proxy
    placed: dict[str, int] = field(default_factory=dict)  # sessions per app server (proxy)


def summary(rounds: list[Round]) -> dict:
    """One row for rounds with the same session count (one per repeat), their interactions pooled."""
    latencies = [x for r in rounds for x in r.latencies]
    errors = [e for r in rounds for e in r.errors]
    wall = sum(r.wall for r in rounds)
    cpu_server = sum(r.cpu_server for r in rounds)
    clients = [r.cpu_client for r in rounds if r.cpu_client is not None]
    return {
        "sessions": rounds[0].sessions,
        "interactions": len(latencies),
        "median_s": statistics.median(latencies) if latencies else float("nan"),
        "p95_s": percentile(latencies, 0.95),
        "max_s": max(latencies) if latencies else float("nan"),
        "p95_s_per_repeat": [percentile(r.latencies, 0.95) for r in rounds],
        "median_s_per_repeat": [
            statistics.median(r.latencies) if r.latencies else float("nan") for r in rounds
        ],
        "errors": len(errors),
        "error_detail": errors[:5],
        "canvases_with_lost_edits": sum(r.lost for r in rounds),
        "server_cpu_ms_per_interaction": round(1000 * cpu_server / max(1, len(latencies)), 1),
        "server_cpu_share": round(cpu_server / wall, 2),
        "client_cpu_share": round(sum(clients) / wall, 2) if clients else None,
        "machine_busy_share": round(
            sum(r.cpu_machine for r in rounds) / wall / (os.cpu_count() or 1), 2
        ),
        "other_cpu_share": (
            round(sum(r.cpu_other or 0.0 for r in rounds) / wall, 2)
            if any(r.cpu_other is not None for r in rounds)
            else None
        ),
        "sessions_per_server": [dict(sorted(r.placed.items())) for r in rounds if r.placed],
        "rss_idle_mib": round(min(r.rss_idle for r in rounds) / 1024, 1),
        "rss_peak_mib": round(max(r.peak for r in rounds) / 1024, 1),
    }


class LocalTarget:
    """One `streamlit run` server on a SQLite file, reached directly (the laptop's set-up)."""

    def __init__(self, server: Server, store) -> None:
        self.server, self.store = server, store
        self.port = server.port

    def new_canvases(self, sessions: int) -> list[str]:
        return new_canvases(self.store, sessions)

    async def open(self, index: int, canvas_id: str) -> WsSession:
        client = WsSession(self.port, "goal", f"canvas={canvas_id}", timeout=60)
        await client.__aenter__()
        await client.start()
        return client

    def pids(self) -> list[int]:
        assert self.server.process is not None
        return [self.server.process.pid]

    def rss_kib(self) -> int:
        return self.server.rss_kib()

    def other_pids(self) -> list[int]:
        return []

    def placed(self) -> dict[str, int]:
        return {}


OWNER = "owner@load.test"


def client_email(index: int) -> str:
    return f"load{index}@client.test"


def cookie_values(http) -> dict[str, str]:
    """The cookies a browser at the proxy's address would send (ports do not divide cookies)."""
    return {cookie.name: cookie.value for cookie in http.cookies.jar}


class HostedTarget:
    """A practice on this machine as `scripts/serve-practice` starts it (hosting/serve.py): app
    servers with sign-in on one PostgreSQL database, HAProxy in front, the local sign-in provider.

    Session i is client i of the practice, opening a canvas of their own. Like a browser, it asks
    the proxy for /_stcore/health (HAProxy's SRV cookie, Streamlit's XSRF cookie), opens the page
    (the sign-in page), presses Sign in, follows the redirect to the provider, submits its form
    with its email, comes back through the proxy's /oauth2callback (the signed sign-in cookie) and
    opens the page again, signed in, over a websocket through HAProxy to the server its SRV cookie
    names. Nothing is made up on the side: cookies, tokens and sessions are the app's own."""

    def __init__(self, trial, admin, sessions: int) -> None:
        from canvas.storage.access import Caller
        from canvas.storage.practice import Practice

        self.trial, self.store = trial, admin
        self.port = trial.port
        self.origin = trial.url
        self._placed: dict[str, int] = {}
        owner = Practice(admin, Caller(OWNER))
        for index in range(sessions):
            owner.add_person(client_email(index), "client")

    def new_canvases(self, sessions: int) -> list[str]:
        from canvas.storage.access import Caller

        self._placed = {}
        return [
            self.store.for_caller(Caller(client_email(index)))
            .create(as_new_canvas(load_sample("bakery")))
            .canvas.id
            for index in range(sessions)
        ]

    async def open(self, index: int, canvas_id: str) -> WsSession:
        import httpx

        from bench.ws_client import ProtocolError

        email, query = client_email(index), f"canvas={canvas_id}"
        # A new connection for every request: a kept-alive one the proxy closes as the next
        # request goes out fails without an answer, which a browser retries and httpx does not.
        fresh = httpx.Limits(max_keepalive_connections=0)
        async with httpx.AsyncClient(base_url=self.origin, timeout=60, limits=fresh) as http:
            (await http.get("/_stcore/health")).raise_for_status()
            cookies = cookie_values(http)
            async with WsSession(self.port, "goal", query, timeout=60, cookies=cookies,
                                 xsrf=cookies.get("_streamlit_xsrf")) as page:  # fmt: skip
                await page.start()
                await page.click("Sign in")
            if page.redirect is None:
                raise ProtocolError("Sign in did not send the browser to the sign-in provider")
            form = await http.get(page.redirect, follow_redirects=True)
            form.raise_for_status()
            back = await http.post(str(form.url), data={"sub": email}, follow_redirects=True)
            back.raise_for_status()
            cookies = cookie_values(http)
        if "_streamlit_user" not in cookies:
            raise ProtocolError(f"session {index}: no sign-in cookie after the provider's form")
        client = WsSession(self.port, "goal", query, timeout=60, cookies=cookies,
                           xsrf=cookies.get("_streamlit_xsrf"))  # fmt: skip
        await client.__aenter__()
        await client.start()
        shown = " ".join(client.texts(root=1)).replace("\\", "")
        if f"Signed in as {email}" not in shown:
            await client.__aexit__(None, None, None)
            raise ProtocolError(f"session {index}: the page does not say it is signed in")
        server = cookies.get("SRV", "?")
        self._placed[server] = self._placed.get(server, 0) + 1
        return client

    def pids(self) -> list[int]:
        return [s.process.pid for s in self.trial.servers if s.process is not None]

    def rss_kib(self) -> int:
        return sum(rss_kib(pid) for pid in self.pids())

    def other_pids(self) -> list[int]:
        """HAProxy and every PostgreSQL process (the postmaster and its children)."""
        proxies = [p.pid for p in self.trial.processes if "haproxy" in str(p.args)]
        return proxies + postgres_pids(self.trial.admin_url)

    def placed(self) -> dict[str, int]:
        return dict(self._placed)


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def postgres_pids(admin_url: str) -> list[int]:
    """The postmaster of the database at `admin_url` and its children (backends, writers)."""
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        row = conn.execute("SHOW data_directory").fetchone()
    assert row is not None
    main = int((Path(row[0]) / "postmaster.pid").read_text().split()[0])
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == main:
                children.append(int(stat.parent.name))
    return [main, *children]


def ws_round(target, sessions: int, edits: int, think: float, rng: random.Random) -> Round:
    return asyncio.run(_ws_round(target, sessions, edits, think, rng))


async def _ws_round(target, sessions: int, edits: int, think: float,
                    rng: random.Random) -> Round:  # fmt: skip
    canvases = target.new_canvases(sessions)
    errors: list[str] = []
    latencies: list[float] = []
    clients: list[WsSession] = []
    try:
        # Open every session first (not timed), a few at a time, as people arriving.
        gate = asyncio.Semaphore(5)

        async def open_one(index: int, canvas_id: str) -> tuple[int, WsSession] | None:
            async with gate:
                try:
                    client = await target.open(index, canvas_id)
                except Exception as exc:  # a session that cannot open or sign in is an error
                    errors.append(
                        f"session {index} did not open: {type(exc).__name__}: {exc}"[:200]
                    )
                    return None
                clients.append(client)
                return index, client

        opened = [
            found
            for found in await asyncio.wait_for(
                asyncio.gather(*(open_one(i, c) for i, c in enumerate(canvases))),
                60 + 5 * sessions,
            )
            if found is not None
        ]
        rss_idle = peak = target.rss_kib()
        pids, others = target.pids(), target.other_pids()
        cpu_server = sum(cpu_seconds(pid) for pid in pids)
        cpu_other = alive_cpu(others)
        cpu_machine = cpu_seconds()
        cpu_client, wall = time.process_time(), time.monotonic()

        async def drive(index: int, client: WsSession) -> None:
            await asyncio.sleep(rng.uniform(0, think))
            for edit in range(1, edits + 1):
                name = edit_name(index, edit)
                try:
                    run = await client.set_text("Business name", name)
                except Exception as exc:  # every failure is a counted error
                    errors.append(f"session {index}: {type(exc).__name__}: {exc}"[:200])
                    return
                if run.exceptions:
                    errors.append(f"session {index}: page showed {run.exceptions[0]}")
                    return
                if name not in client.texts(root=1):
                    errors.append(f"session {index}: sidebar does not show {name!r}")
                latencies.append(run.seconds)
                await asyncio.sleep(rng.uniform(0.5 * think, 1.5 * think))

        async def sample_rss(stop: asyncio.Event) -> None:
            nonlocal peak
            while not stop.is_set():
                peak = max(peak, target.rss_kib())
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), 0.05)

        stop = asyncio.Event()
        sampler = asyncio.create_task(sample_rss(stop))
        try:
            await asyncio.wait_for(
                asyncio.gather(*(drive(i, c) for i, c in opened)),
                120 + sessions * edits * 2,
            )
        except TimeoutError:
            errors.append("round timed out")
        stop.set()
        await sampler
        wall = time.monotonic() - wall
        cpu_client = time.process_time() - cpu_client
        cpu_server = sum(cpu_seconds(pid) for pid in pids) - cpu_server
        cpu_machine = cpu_seconds() - cpu_machine
        cpu_other = cpu_delta(cpu_other, alive_cpu(others)) if others else None
    finally:
        for client in clients:
            await client.__aexit__(None, None, None)
    lost = lost_edits(target.store, canvases, edits, {index for index, _ in opened})
    return Round(sessions, latencies, errors, lost, cpu_server, cpu_machine, cpu_client, wall,
                 rss_idle, peak, cpu_other, target.placed())  # fmt: skip


def browser_round(browser, server: Server, store, sessions: int, edits: int, think: float,
                  rng: random.Random) -> Round:  # fmt: skip
    canvases = new_canvases(store, sessions)
    pages, errors = [], []
    for canvas_id in canvases:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.goto(f"{server.url}/goal?canvas={canvas_id}")
        pages.append((context, page, canvas_id))
    for _, page, _ in pages:
        wait_for_app(page, 60_000)
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
            name = edit_name(index, done[index] + 1)
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
    lost = lost_edits(store, canvases, edits)
    for context, _, _ in pages:
        context.close()
    return Round(sessions, latencies, errors, lost, cpu_server, cpu_machine, None, wall,
                 rss_idle, peak)  # fmt: skip


HOW = {
    "ws": (
        "Protocol-level client (`--client ws`, bench/ws_client.py): one websocket per session "
        "speaking Streamlit's own protocol, all sessions in one asyncio loop in the bench "
        "process, no browser. Latency = the `rerun_script` BackMsg with the new name sent until "
        "that run's `script_finished` arrived (edit saved, page rerun, every delta received); "
        "after each edit the sidebar must show the new name."
    ),
    "browser": (
        "Headless Chromium (`--client browser`): one browser context per session. Latency = Enter "
        "pressed until the sidebar shows the new name (saved, rerun, drawn), timed inside the page. "
        "The renderers share the machine with the server."
    ),
}
TITLE = {
    "ws": "Server, measured with the protocol-level client",
    "browser": "Headless browsers (the renderers share the 2-core machine)",
}


PACES = {1.0: "stress pace", 3.0: "brisk pace"}


def pace_words(think: float) -> str:
    name = PACES.get(think)
    return f"one edit every {think:g} s per session" + (f" ({name})" if name else "")


def verdict(rounds: list[dict]) -> tuple[bool, str]:
    base, top = rounds[0]["median_s"], rounds[-1]
    ok = top["p95_s"] <= 3 * base and top["errors"] == 0 and top["canvases_with_lost_edits"] == 0
    return ok, (
        f"Goal at {top['sessions']} sessions (p95 ≤ 3× baseline median, no errors, no lost "
        f"edits): **{'met' if ok else 'NOT met'}** (p95 {top['p95_s'] / base:.2f}× baseline)."
    )


def per_repeat(rounds: list[dict]) -> str:
    """p95 at the most sessions over the one-session median, repeat by repeat."""
    bases, tops = rounds[0].get("median_s_per_repeat", []), rounds[-1].get("p95_s_per_repeat", [])
    if len(tops) < 2 or len(bases) != len(tops):
        return ""
    ratios = ", ".join(f"{top / base:.2f}×" for base, top in zip(bases, tops, strict=True))
    return f"Each repeat on its own, p95 at {rounds[-1]['sessions']} sessions ÷ its baseline: {ratios}."


def round_cells(r: dict, base: float) -> str:
    """The first cells of a round's row, shared by the one-server and the hosted tables: sessions,
    timings against the baseline median, errors, lost edits, memory and the servers' CPU."""
    return (
        f"| {r['sessions']} | {r['interactions']} | {r['median_s'] * 1000:.0f} ms | "
        f"{r['p95_s'] * 1000:.0f} ms | {r['max_s'] * 1000:.0f} ms | "
        f"{r['p95_s'] / base:.2f}× | {r['errors']} | {r['canvases_with_lost_edits']} | "
        f"{r['rss_idle_mib']:.0f} → {r['rss_peak_mib']:.0f} MiB | "
        f"{r['server_cpu_ms_per_interaction']:.0f} ms | {r['server_cpu_share']:.0%} of a core | "
    )


def table(sweep: dict) -> list[str]:
    rounds = sweep["rounds"]
    base = rounds[0]["median_s"]
    lines = [
        f"### {pace_words(sweep['think']).capitalize()}",
        "",
        "| Sessions | Interactions | Median | p95 | Max | p95 / baseline | Errors | Lost edits | "
        "Server RSS idle → peak | Server CPU per edit | Server CPU | Client CPU | Machine busy |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rounds:
        client_cpu = r.get("client_cpu_share")
        lines.append(
            round_cells(r, base)
            + ("browsers: n/a" if client_cpu is None else f"{client_cpu:.0%} of a core")
            + f" | {r['machine_busy_share']:.0%} |"
        )
    details = [f"{r['sessions']} sessions: {d}" for r in rounds for d in r["error_detail"]]
    if details:
        lines += ["", "Errors (first few per round): " + "; ".join(details[:10])]
    lines += ["", " ".join(part for part in (verdict(rounds)[1], per_repeat(rounds)) if part)]
    return lines


def client_section(run: dict) -> list[str]:
    machine, client = run["machine"], run["client"]
    load = " / ".join(f"{v:g}" for v in machine.get("load_average_at_start", [])) or "not recorded"
    repeats = run.get("repeats", 1)
    pooled = (
        f" Every round ran {repeats} times, interleaved (all paces and session counts, then "
        "again); the table pools the interactions of all repeats."
        if repeats > 1
        else ""
    )
    lines = [
        f"Run by `python -m bench.load --client {client}` on {machine['when']}: "
        f"{machine['cpus']} CPUs (load average {load} at the start), Python {machine['python']}, "
        "one `streamlit run` server on 127.0.0.1. Each session renames its own canvas "
        f"{run['edits']} times on the Goal step (a rename changes the sidebar, so the whole "
        "page reruns), thinking between edits as the heading says (±50%). "
        f"{HOW[client]} Baseline = the one-session median of the same pace in this run.{pooled} "
        "Machine busy = all CPUs, everything running on the box.",
    ]
    for sweep in run["sweeps"]:
        lines += ["", *table(sweep)]
    return lines


def report(results: dict) -> str:
    lines = ["# Load: concurrent sessions against one server", ""]
    for client in ("ws", "browser"):
        if client in results:
            lines += [f"## {TITLE[client]}", "", *client_section(results[client]), ""]
    return "\n".join(lines)


def previous_results(path: Path) -> dict:
    """load.json as {client: run}. Older layouts (one pace, no repeats; before that, the browser
    bench alone) are read as one sweep."""
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return {}
    if isinstance(data, dict) and "rounds" in data:
        data = {"browser": {"client": "browser", "edits": 8, "think": 1.0, **data}}
    needed = {"sessions", "median_s", "p95_s", "server_cpu_ms_per_interaction", "rss_peak_mib"}
    found = {}
    for client, run in data.items() if isinstance(data, dict) else ():
        if client not in HOW or not isinstance(run, dict):
            continue
        if "rounds" in run:
            run = {**run, "sweeps": [{"think": run.get("think", 1.0), "rounds": run["rounds"]}]}
        sweeps = run.get("sweeps") or []
        if sweeps and all(
            s["rounds"] and all(needed <= set(r) for r in s["rounds"]) for s in sweeps
        ):
            found[client] = run
    return found


def meets(row: dict, base: float) -> bool:
    """The goal: p95 within 3× the one-session median, no errors, no lost edits."""
    return row["p95_s"] <= 3 * base and row["errors"] == 0 and row["canvases_with_lost_edits"] == 0


def sessions_words(count: int) -> str:
    return f"{count} session{'s' if count != 1 else ''}"


def reach(sweep: dict) -> str:
    """How many sessions this set-up holds at this pace before it misses the goal."""
    rounds = sweep["rounds"]
    base = rounds[0]["median_s"]
    held = [r["sessions"] for r in rounds if meets(r, base)]
    missed = [r["sessions"] for r in rounds if not meets(r, base)]
    if not missed:
        return f"holds the goal up to {sessions_words(rounds[-1]['sessions'])}, the most measured"
    if not held or missed[0] < held[0]:
        return f"misses the goal from {sessions_words(missed[0])}"
    below = max(n for n in held if n < missed[0])
    return f"holds the goal at {sessions_words(below)}, misses it at {missed[0]}"


def hosted_table(block: dict, sweep: dict) -> list[str]:
    rounds = sweep["rounds"]
    base = rounds[0]["median_s"]
    servers = block["servers"]
    lines = [
        f"### {servers} app server{'s' if servers > 1 else ''}, {pace_words(sweep['think'])}",
        "",
        "| Sessions | Interactions | Median | p95 | Max | p95 / baseline | Errors | Lost edits | "
        "App servers' RSS idle → peak | App CPU per edit | App servers' CPU | PostgreSQL + HAProxy "
        "CPU | Bench client CPU | Machine busy | Sessions per server |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in rounds:
        placed = "; ".join(
            ", ".join(f"{name} {count}" for name, count in spread.items())
            for spread in r.get("sessions_per_server", [])
        )
        lines.append(
            round_cells(r, base) + f"{(r.get('other_cpu_share') or 0):.0%} of a core | "
            f"{(r.get('client_cpu_share') or 0):.0%} of a core | {r['machine_busy_share']:.0%} | "
            f"{placed} |"
        )
    details = [f"{r['sessions']} sessions: {d}" for r in rounds for d in r["error_detail"]]
    if details:
        lines += ["", "Errors (first few per round): " + "; ".join(details[:10])]
    lines += ["", " ".join(part for part in (verdict(rounds)[1], per_repeat(rounds)) if part)]
    return lines


def hosted_summary(blocks: list[dict]) -> list[str]:
    """p95 / baseline for every pace, session count and number of servers, side by side."""
    header = " | ".join(f"{b['servers']} server{'s' if b['servers'] > 1 else ''}" for b in blocks)
    lines = [
        f"| Pace | Sessions | {header} |",
        "|---|---:|" + "---:|" * len(blocks),
    ]
    for index, sweep in enumerate(blocks[0]["sweeps"]):
        for row, first in enumerate(sweep["rounds"]):
            cells = []
            for block in blocks:
                rounds = block["sweeps"][index]["rounds"]
                r, base = rounds[row], rounds[0]["median_s"]
                mark = "" if meets(r, base) else " ✗"
                cells.append(f"{r['p95_s'] / base:.2f}×{mark}")
            pace = PACES.get(sweep["think"], f"{sweep['think']:g} s").replace(" pace", "")
            lines.append(f"| {pace} ({sweep['think']:g} s) | {first['sessions']} | "
                         + " | ".join(cells) + " |")  # fmt: skip
    lines += [""]
    for block in blocks:
        for sweep in block["sweeps"]:
            lines.append(
                f"- {block['servers']} app server{'s' if block['servers'] > 1 else ''}, "
                f"{pace_words(sweep['think'])}: {reach(sweep)} "
                f"(one-session median {sweep['rounds'][0]['median_s'] * 1000:.0f} ms)."
            )
    return lines


def demand(block: dict, sweep: dict) -> str:
    """What the most sessions asked of the app servers, against what the machine gave them."""
    top = sweep["rounds"][-1]
    rate = top["sessions"] / sweep["think"]
    asked = rate * top["server_cpu_ms_per_interaction"] / 1000
    return (
        f"{block['servers']} server{'s' if block['servers'] > 1 else ''}, {top['sessions']} "
        f"sessions at one edit every {sweep['think']:g} s: {rate:.0f} edits a second asked "
        f"× {top['server_cpu_ms_per_interaction']:.0f} ms of app CPU each = {asked:.1f} cores of "
        f"page runs; the app servers got {top['server_cpu_share']:.2f} of a core, PostgreSQL "
        f"and HAProxy {(top.get('other_cpu_share') or 0):.2f}, the bench client "
        f"{(top.get('client_cpu_share') or 0):.2f}; the machine was "
        f"{top['machine_busy_share']:.0%} busy."
    )


def hosted_report(run: dict) -> str:
    machine = run["machine"]

    def loads(values: list[float]) -> str:
        return " / ".join(f"{v:g}" for v in values) or "not recorded"

    order = run.get("order") or [b["servers"] for b in run["blocks"]]
    started = ", ".join(
        f"{b['servers']} server{'s' if b['servers'] > 1 else ''}: "
        f"{loads(b.get('load_average_at_start', []))}"
        for b in sorted(run["blocks"], key=lambda b: order.index(b["servers"]))
    )
    lines = [
        "# Load across servers: signed-in sessions through HAProxy",
        "",
        f"Run by `python -m bench.load --servers {' '.join(map(str, order))} --repeats "
        f"{run['repeats']}` on {machine['when']}: {machine['cpus']} CPUs, Python "
        f"{machine['python']}. The numbers of servers ran one after the other in that order, "
        f"each on a practice of its own as `scripts/serve-practice` starts it "
        "(hosting/serve.py): `streamlit run` servers with sign-in (CANVAS_HOSTED=1) on one "
        "PostgreSQL database (a fresh one each), HAProxy in front (sticky by cookie), the local "
        "OpenID Connect provider. Each session is a different client of the practice: it signs "
        "in through the proxy as a browser does (the app's Sign in button, the provider's form, "
        "/oauth2callback), then opens its own canvas over a websocket through HAProxy, and "
        f"renames it {run['edits']} times on the Goal step, thinking between edits as the "
        f"heading says (±50%). {HOW['ws']} Sign-in and opening are not timed. Baseline = the "
        "one-session median of the same pace and number of servers, measured minutes before "
        "the other rows of its table. After each round every canvas is read back from "
        "PostgreSQL: it must hold its last name and exactly one revision per edit. "
        + (
            f"Every round ran {run['repeats']} times, interleaved within each number of "
            "servers; the tables pool the repeats. "
            if run["repeats"] > 1
            else ""
        )
        + "Machine busy = all CPUs, everything running on the box, other people's work included.",
        "",
        f"**The machine.** {machine['cpus']} CPUs shared with other work running at the same "
        f"time. Load average (1 / 5 / 15 min) as each number of servers started: {started}; at "
        f"the end: {loads(machine.get('load_average_at_end', []))}. Every app server, "
        "PostgreSQL, HAProxy, the sign-in provider and the bench share these CPUs, so more app "
        "servers cannot add CPU here: what more servers can change is only how page runs queue "
        "(one Python process runs one page at a time, holding its lock).",
        "",
        "## p95 / one-session median (✗: goal missed: over 3×, or an error, or a lost edit)",
        "",
        *hosted_summary(run["blocks"]),
        "",
        "## CPU asked and given, at the most sessions",
        "",
        *(f"- {demand(b, sweep)}" for b in run["blocks"] for sweep in b["sweeps"]),
    ]
    for block in run["blocks"]:
        for sweep in block["sweeps"]:
            lines += ["", *hosted_table(block, sweep)]
    return "\n".join(lines) + "\n"


def measure(args: argparse.Namespace, chromium: str | None) -> list[dict]:
    """Every (pace, session count) round, `args.repeats` times, on one server; pooled."""
    rng = random.Random(6)
    raw: dict[tuple[float, int], list[Round]] = {}
    with contextlib.ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        store = open_store(tmp / "canvas.db")
        server = Server(tmp / "canvas.db").start()
        stack.callback(server.stop)
        target = LocalTarget(server, store)
        browser = None
        if args.client == "browser":
            from playwright.sync_api import sync_playwright

            browser = launch_chromium(stack.enter_context(sync_playwright()), chromium)
        for repeat in range(args.repeats):
            for think in args.think:
                for sessions in args.sessions:
                    if browser is None:
                        result = ws_round(target, sessions, args.edits, think, rng)
                    else:
                        result = browser_round(
                            browser, server, store, sessions, args.edits, think, rng
                        )
                    raw.setdefault((think, sessions), []).append(result)
                    print(
                        f"repeat {repeat + 1}, {pace_words(think)}, {sessions} sessions: "
                        f"{json.dumps(summary([result]))}",
                        flush=True,
                    )
    return [
        {"think": think, "rounds": [summary(raw[think, n]) for n in args.sessions]}
        for think in args.think
    ]


def measure_hosted(args: argparse.Namespace, cluster=None, on_block=None) -> list[dict]:
    """For each count in `args.servers`, a practice of that many app servers behind HAProxy on
    one PostgreSQL cluster (a fresh database each; `cluster`, or a throwaway one), then every
    (pace, session count) round `args.repeats` times, interleaved, as `measure` does on one
    server. `on_block(blocks)` is called as each number of servers is done."""
    from canvas.storage.postgres import PostgresStore
    from hosting.postgres_cluster import start_cluster
    from hosting.serve import start_trial

    rng = random.Random(6)
    found = []
    with contextlib.ExitStack() as stack:
        if cluster is None:
            cluster = start_cluster()
            stack.callback(cluster.remove)
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        for servers in args.servers:
            load = [round(v, 1) for v in os.getloadavg()]
            trial = start_trial(tmp / f"servers-{servers}", servers=servers, owners=OWNER,
                                admin_url=cluster.new_database())  # fmt: skip
            admin = PostgresStore(trial.admin_url)
            try:
                target = HostedTarget(trial, admin, max(args.sessions))
                raw: dict[tuple[float, int], list[Round]] = {}
                for repeat in range(args.repeats):
                    for think in args.think:
                        for sessions in args.sessions:
                            result = ws_round(target, sessions, args.edits, think, rng)
                            raw.setdefault((think, sessions), []).append(result)
                            print(
                                f"{servers} server(s), repeat {repeat + 1}, {pace_words(think)}, "
                                f"{sessions} sessions: {json.dumps(summary([result]))}",
                                flush=True,
                            )
            finally:
                admin.close()
                trial.stop()
            sweeps = [
                {"think": think, "rounds": [summary(raw[think, n]) for n in args.sessions]}
                for think in args.think
            ]
            found.append({"servers": servers, "load_average_at_start": load, "sweeps": sweeps})
            if on_block is not None:
                on_block(found)
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--client", choices=["ws", "browser"], default="ws")
    parser.add_argument(
        "--servers",
        type=int,
        nargs="+",
        choices=(1, 2, 3),
        help="through HAProxy to this many app servers with sign-in and PostgreSQL, in turn",
    )
    parser.add_argument("--sessions", type=int, nargs="+")
    parser.add_argument("--edits", type=int, default=12)
    parser.add_argument("--think", type=float, nargs="+", default=[3.0, 1.0])
    parser.add_argument("--repeats", type=int, help="3 on one server, 1 through the proxy")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    hosted = args.servers is not None
    args.sessions = args.sessions or ([1, 25, 50, 100] if hosted else [1, 5, 10, 25])
    args.repeats = args.repeats or (1 if hosted else 3)
    if max(args.sessions) > (100 if hosted else 40):
        parser.error("at most 40 sessions on one server, 100 through the proxy: a small machine")
    if hosted and args.client != "ws":
        parser.error("through the proxy the bench drives the ws client only")
    if args.repeats < 1 or args.edits < 1 or min(args.think) <= 0:
        parser.error("--repeats and --edits must be at least 1, --think above 0")
    chromium = find_chromium()
    if args.client == "browser" and chromium is None:
        print("Chromium is missing (apt-get install -y chromium)", file=sys.stderr)
        return 2
    machine = {
        "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "cpus": subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip(),
        "python": platform.python_version(),
        "load_average_at_start": [round(v, 1) for v in os.getloadavg()],
    }
    args.out.mkdir(parents=True, exist_ok=True)
    if hosted:
        return main_hosted(args, machine)
    sweeps = measure(args, chromium)
    results = previous_results(args.out / "load.json")
    results[args.client] = {
        "client": args.client,
        "edits": args.edits,
        "repeats": args.repeats,
        "machine": machine,
        "sweeps": sweeps,
    }
    text = report(results)
    (args.out / "load.md").write_text(text)
    (args.out / "load.json").write_text(json.dumps(results, indent=2))
    print(text)
    ok = all(
        r["errors"] == 0 and r["canvases_with_lost_edits"] == 0
        for sweep in sweeps
        for r in sweep["rounds"]
    )
    return 0 if ok else 1


def main_hosted(args: argparse.Namespace, machine: dict) -> int:
    # Stopped with SIGTERM, still stop the practice it started (servers, proxy, database).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    run = {"client": "ws", "edits": args.edits, "repeats": args.repeats, "machine": machine,
           "order": args.servers}  # fmt: skip

    def write(blocks: list[dict]) -> str:
        """The report so far (each number of servers as it is done)."""
        machine["load_average_at_end"] = [round(v, 1) for v in os.getloadavg()]
        run["blocks"] = sorted(blocks, key=lambda block: block["servers"])
        text = hosted_report(run)
        (args.out / "load-hosted.md").write_text(text)
        (args.out / "load-hosted.json").write_text(json.dumps(run, indent=2))
        return text

    blocks = measure_hosted(args, on_block=write)
    print(write(blocks))
    ok = all(
        r["errors"] == 0 and r["canvases_with_lost_edits"] == 0
        for block in blocks
        for sweep in block["sweeps"]
        for r in sweep["rounds"]
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
