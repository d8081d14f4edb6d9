"""Faults against a real server in a real browser, with results written to docs/bench/faults.md.

    python -m bench.faults [--kills 5] [--only full,read_only]

1. SIGKILL mid-edit, `--kills` times: two edits autosaved, a third half-typed, kill -9, restart.
2. A full disk and 3. a read-only disk: the store lives on a small tmpfs (needs root and mount;
   skipped otherwise); the disk is filled while a person edits / remounted read-only: while the
   app runs if mount allows it (it refuses while a file on the disk is open for writing, and the
   app holds its store open), else before the app starts. Then a new visitor opens the home page
   and a canvas link, and the disk comes back.
3b. A disk the kernel makes read-only under the running app (ext4 errors=remount-ro on a loop
   device, made to err through trigger_fs_error; needs root): the edit stays, new visitors read.
4. A damaged store file: truncated and overwritten while the server is down.
5. Two sessions on one canvas: the second save gets the conflict banner.
Only 127.0.0.1 is used. Exit status 1 if any scenario fails.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, sync_playwright

from canvas.core.document import as_new_canvas, canvas_from_json
from canvas.storage import SqliteStore, StoreUnavailable, open_store
from canvas.storage.files import load_sample
from tests.support.browser import counting_page, find_chromium, launch_chromium
from tests.support.disks import ext4_that_errs, fill, remount
from tests.support.runs import wait_for_app
from tests.support.server import ROOT, Server
from tests.support.widgets import commit_text, text_field

GOAL = "Business goal"  # the start of the text area's label

OUT = ROOT / "docs" / "bench"
ERROR = '[data-testid="stAlertContentError"]'
WARNING = '[data-testid="stAlertContentWarning"]'


def wait_for(check: Callable[[], bool], timeout: float = 15) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.05)
    return False


def texts_with(page: Page, selector: str, words: str, timeout: float = 15) -> list[str]:
    """The texts of `selector` once one of them holds `words` (or whatever is there at timeout)."""
    wait_for(lambda: any(words in t for t in page.locator(selector).all_inner_texts()), timeout)
    return page.locator(selector).all_inner_texts()


def integrity(path: Path) -> str:
    with sqlite3.connect(path) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]


def open_goal(browser, server: Server, canvas_id: str) -> Page:  # type: ignore[no-untyped-def]
    page = counting_page(browser, accept_downloads=True)
    page.goto(f"{server.url}/goal?canvas={canvas_id}")
    wait_for_app(page)
    return page


def sigkill(browser, tmp: Path, kills: int) -> dict:  # type: ignore[no-untyped-def]
    path = tmp / "kill.db"
    store = open_store(path)
    canvas_id = store.create(as_new_canvas(load_sample("blank"))).canvas.id
    server = Server(path).start()
    lost, restarts = 0, []
    try:
        for round_ in range(1, kills + 1):
            page = open_goal(browser, server, canvas_id)
            base = store.load(canvas_id).revision
            commit_text(page, "Business name", f"Kill round {round_}")
            commit_text(page, GOAL, f"Goal of round {round_}", area=True, exact=False)
            wait_for(lambda b=base: store.load(canvas_id).revision >= b + 2)
            page.get_by_label("What you stand for", exact=False).first.click()
            page.keyboard.type("half-typed when the server died")
            server.kill()
            page.context.close()
            started = time.monotonic()
            server.start()  # the same port and store
            restarts.append(time.monotonic() - started)
            saved = SqliteStore(path)
            canvas = saved.load(canvas_id).canvas
            if (
                saved.recovery_note
                or integrity(path) != "ok"
                or canvas.business_name != f"Kill round {round_}"
                or canvas.business_goal != f"Goal of round {round_}"
            ):
                lost += 1
    finally:
        server.stop()
    return {
        "scenario": "SIGKILL mid-edit",
        "ok": lost == 0,
        "detail": f"{kills} kills; autosaved edits lost in {lost}; store integrity_check ok after "
        f"every kill; restart to healthy {max(restarts):.1f} s at most",
    }


def mounted_tmpfs(size: str) -> Path | None:
    if os.geteuid() != 0:
        return None
    where = Path(tempfile.mkdtemp(prefix="canvas-disk-"))
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)])
    return where if done.returncode == 0 else None


def new_visitor(browser, server: Server, canvas_id: str) -> tuple[bool, bool]:  # type: ignore[no-untyped-def]
    """Can someone who comes now read? (The home page lists the canvas; its link opens it.)"""
    home = browser.new_page()
    home.goto(server.url)
    wait_for_app(home)
    listed = home.get_by_text("Crumb & Co.").count() > 0 and not (
        home.locator('[data-testid="stException"]').count()
        or any("could not be read" in t for t in home.locator(ERROR).all_inner_texts())
    )
    home.close()
    page = browser.new_page()
    page.goto(f"{server.url}/goal?canvas={canvas_id}")
    wait_for_app(page)
    name = text_field(page, "Business name")
    opened = name.count() > 0 and name.input_value() == "Crumb & Co."
    page.close()
    return listed, opened


def unwritable(browser, kind: str) -> dict:  # type: ignore[no-untyped-def]
    """The disk fills up while a person edits; or (read-only) it is remounted read-only: while
    the app runs if mount allows it, else before the app starts."""
    title = "disk full" if kind == "full" else "read-only disk"
    disk = mounted_tmpfs("4m")
    if disk is None:
        return {"scenario": title, "ok": None, "detail": "skipped: needs root and mount"}
    path = disk / "canvas.db"
    log = Path(tempfile.gettempdir()) / f"faults-{kind}.log"
    server = None
    notes = []
    try:
        store = open_store(path)
        canvas_id = store.create(as_new_canvas(load_sample("bakery"))).canvas.id
        before = store.load(canvas_id).revision
        store.close()
        server = Server(path, log_path=log).start()
        page = open_goal(browser, server, canvas_id)
        filler = None
        if kind == "full":
            filler = fill(disk)
        else:
            refused = remount(disk, "ro")
            if refused != "ok":  # the app holds its store open: start it on a read-only disk
                notes.append(f"remount read-only while the app runs: refused ({refused})")
                page.context.close()
                server.stop()
                subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
                server.start()
                page = open_goal(browser, server, canvas_id)
                notes.append("so the app was started on the read-only disk")
        # on a full disk SQLite may still commit into -wal space it already has: edit until the
        # banner shows (each edit that was saved is safe, and counted)
        early = 0
        for attempt in range(6):
            goal = "Edited while the disk was unwritable" + " again" * attempt
            commit_text(page, GOAL, goal, area=True, exact=False)
            banner = texts_with(page, ERROR, "could not be saved", timeout=5)
            if any("could not be saved" in t for t in banner):
                break
            early += store.load(canvas_id).canvas.business_goal == goal
        before += early
        said = " ".join(banner)
        clear = "could not be saved" in said and ("full" in said or "read-only" in said)
        with page.expect_download() as download:
            page.get_by_text("Download this canvas (JSON)").click()
        downloaded = canvas_from_json(Path(download.value.path()).read_bytes())
        kept = downloaded.business_goal == goal
        listed, opened = new_visitor(browser, server, canvas_id)
        # the disk comes back: the next edit saves both
        if filler is not None:
            filler.unlink()
        else:
            subprocess.run(["mount", "-o", "remount,rw", str(disk)], check=True)
        commit_text(page, "Business name", "Back on disk")
        saved = wait_for(lambda: store.load(canvas_id).canvas.business_name == "Back on disk")
        at_once = not any("could not be saved" in t for t in page.locator(ERROR).all_inner_texts())
        wait_for_app(page)  # the run that saved has finished: stale elements are gone
        banner_gone = not any(
            "could not be saved" in t for t in page.locator(ERROR).all_inner_texts()
        )
        latest = store.load(canvas_id)
        unchanged = latest.revision == before + 1  # nothing was half-written while unwritable
        both = saved and latest.canvas.business_goal == goal
        ok = clear and kept and unchanged and both and banner_gone and listed and opened
        if kind == "full":
            notes.append(f"edits still saved after the disk filled (into -wal space): {early}")
        notes += [
            f'banner: "{said[:100]}…"',
            f"download holds the unsaved edit: {kept}",
            f"store untouched meanwhile: {unchanged}",
            f"a new visitor's home page lists the canvas: {listed}",
            f"its link opens it: {opened}",
            f"saved again once writable: {both}",
            f"banner gone once that run finished: {banner_gone} (already while it ran: {at_once})",
        ]
        return {"scenario": title, "ok": ok, "detail": "; ".join(notes)}
    finally:
        if server:
            server.stop()
        if subprocess.run(["umount", str(disk)], check=False).returncode == 0:
            disk.rmdir()


def forced_read_only(browser) -> dict:  # type: ignore[no-untyped-def]
    """The kernel makes the disk read-only under the running app, as ext4 (errors=remount-ro)
    does after an I/O error: a loop device, forced read-only through trigger_fs_error."""
    title = "read-only by the kernel while running"
    try:
        disk_cm = ext4_that_errs()
        disk, fail = disk_cm.__enter__()
    except pytest.skip.Exception as exc:
        return {"scenario": title, "ok": None, "detail": f"skipped: {exc}"}
    server = None
    try:
        path = disk / "canvas.db"
        store = open_store(path)
        canvas_id = store.create(as_new_canvas(load_sample("bakery"))).canvas.id
        before = store.load(canvas_id).revision
        store.close()
        server = Server(path, log_path=Path(tempfile.gettempdir()) / "faults-forced.log").start()
        page = open_goal(browser, server, canvas_id)
        fail()
        commit_text(page, GOAL, "Edited after the disk went read-only", area=True, exact=False)
        said = " ".join(texts_with(page, ERROR, "could not be saved"))
        clear = "could not be saved" in said and "read-only" in said
        with page.expect_download() as download:
            page.get_by_text("Download this canvas (JSON)").click()
        downloaded = canvas_from_json(Path(download.value.path()).read_bytes())
        kept = downloaded.business_goal == "Edited after the disk went read-only"
        listed, opened = new_visitor(browser, server, canvas_id)
        try:
            unchanged = store.load(canvas_id).revision == before
        except StoreUnavailable:
            unchanged = False  # not even this process could read it
        return {
            "scenario": title,
            "ok": clear and kept and listed and opened and unchanged,
            "detail": f'banner: "{said[:100]}…"; download holds the unsaved edit: {kept}; store '
            f"untouched: {unchanged}; a new visitor's home page lists the canvas: {listed}; its "
            f"link opens it: {opened} (such a disk needs fsck and a remount before it is "
            "writable again: not part of this run)",
        }
    finally:
        if server:
            server.stop()
        disk_cm.__exit__(None, None, None)


def damaged_file(browser, tmp: Path) -> dict:  # type: ignore[no-untyped-def]
    results = []
    for how in ("truncated to 60%", "pages overwritten in the middle"):
        path = tmp / f"damaged-{len(results)}.db"
        store = open_store(path)
        store.ensure_samples()
        for number in range(6):
            canvas = as_new_canvas(load_sample("bakery"))
            canvas.business_name = f"Shop {number}"
            store.create(canvas)
        store.close()  # damaged while nothing has the file open
        size = path.stat().st_size
        with path.open("r+b") as file:
            if how.startswith("truncated"):
                file.truncate(size * 6 // 10)
            else:
                file.seek(size // 2)
                file.write(b"\xde\xad\xbe\xef" * 2048)
        server = Server(path).start()
        try:
            page = browser.new_page()
            page.goto(server.url)
            wait_for_app(page)
            warned = any("damaged" in t for t in page.locator(WARNING).all_inner_texts())
            crashed = page.locator('[data-testid="stException"]').count() > 0
            names = {c.business_name for c in SqliteStore(path).list_canvases()}
            listed = len({f"Shop {n}" for n in range(6)} & names)
            page.close()
        finally:
            server.stop()
        results.append((how, warned and not crashed, listed))
    return {
        "scenario": "damaged store file",
        "ok": all(ok for _, ok, _ in results),
        "detail": "; ".join(
            f"{how}: starts and says so: {ok}, own canvases recovered {listed} of 6"
            for how, ok, listed in results
        ),
    }


def two_sessions(browser, tmp: Path) -> dict:  # type: ignore[no-untyped-def]
    path = tmp / "two.db"
    store = open_store(path)
    canvas_id = store.create(as_new_canvas(load_sample("bakery"))).canvas.id
    server = Server(path).start()
    try:
        alice, bob = open_goal(browser, server, canvas_id), open_goal(browser, server, canvas_id)
        commit_text(alice, GOAL, "Alice's goal", area=True, exact=False)
        wait_for(lambda: store.load(canvas_id).canvas.business_goal == "Alice's goal")
        commit_text(bob, GOAL, "Bob's goal", area=True, exact=False)
        warned = any("Someone else saved" in t for t in texts_with(bob, WARNING, "Someone else"))
        not_overwritten = store.load(canvas_id).canvas.business_goal == "Alice's goal"
        bob.get_by_text("Use the other version, keep mine as a copy").click()
        wait_for(lambda: len(store.list_canvases()) == 2)
        goals = {store.load(s.id).canvas.business_goal for s in store.list_canvases()}
        both = {"Alice's goal", "Bob's goal"} <= goals
    finally:
        server.stop()
    return {
        "scenario": "two sessions, one canvas",
        "ok": warned and not_overwritten and both,
        "detail": f"second writer warned: {warned}; first version not overwritten: "
        f"{not_overwritten}; both versions kept after 'keep mine as a copy': {both}",
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=5)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument(
        "--only",
        default="",
        help="comma-separated: sigkill,full,read_only,damaged,two "
        "(results are then printed, not written)",
    )
    args = parser.parse_args()
    only = set(filter(None, args.only.split(",")))
    chromium = find_chromium()
    if chromium is None:
        print("Chromium is missing (apt-get install -y chromium)", file=sys.stderr)
        return 2
    results = []
    with tempfile.TemporaryDirectory() as name, sync_playwright() as play:
        tmp = Path(name)
        browser = launch_chromium(play, chromium)
        scenarios = {
            "sigkill": lambda: sigkill(browser, tmp, args.kills),
            "full": lambda: unwritable(browser, "full"),
            "read_only": lambda: unwritable(browser, "read_only"),
            "forced": lambda: forced_read_only(browser),
            "damaged": lambda: damaged_file(browser, tmp),
            "two": lambda: two_sessions(browser, tmp),
        }
        for name, run in scenarios.items():
            if only and name not in only:
                continue
            try:
                result = run()
            except Exception as exc:
                result = {
                    "scenario": "?",
                    "ok": False,
                    "detail": f"{type(exc).__name__}: {exc}"[:300],
                }
            print(json.dumps(result), flush=True)
            results.append(result)
        browser.close()
    words = {True: "pass", False: "**FAIL**", None: "skipped"}
    lines = [
        "# Faults against a real server",
        "",
        f"Run by `python -m bench.faults` on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}: "
        "a real `streamlit run` on 127.0.0.1, driven by headless Chromium.",
        "",
        "| Scenario | Result | What happened |",
        "|---|---|---|",
        *[f"| {r['scenario']} | {words[r['ok']]} | {r['detail']} |" for r in results],
    ]
    if not only:
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "faults.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    return 1 if any(r["ok"] is False for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
