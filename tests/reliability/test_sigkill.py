"""SIGKILL in the middle of editing: every autosaved edit survives and the store is not corrupt."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from canvas.core.document import as_new_canvas
from canvas.storage import SqliteStore, open_store
from canvas.storage.files import load_sample
from tests.support.browser import counting_page, launch_chromium, require_chromium, run_in_thread
from tests.support.runs import wait_for_app
from tests.support.server import ROOT, Server, eventually
from tests.support.widgets import commit_text, text_field


def integrity(path: Path) -> str:
    with sqlite3.connect(path) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]


def test_writer_killed_mid_save_loses_no_committed_revision(
    tmp_path: Path, fuzz_rng: random.Random
) -> None:
    """A second process saves as fast as it can; we SIGKILL it at random moments, three times."""
    path = tmp_path / "canvas.db"
    canvas_id = open_store(path).create(as_new_canvas(load_sample("bakery"))).canvas.id
    rng = fuzz_rng
    for _ in range(3):
        writer = subprocess.Popen(
            [sys.executable, "-m", "tests.reliability.writer", str(path), canvas_id],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert writer.stdout is not None
        first = writer.stdout.readline()  # it is saving
        assert first.strip().isdigit()
        time.sleep(rng.uniform(0.05, 0.4))
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait(10)
        reported = [int(line) for line in [first, *writer.stdout.read().split()] if line.strip()]
        confirmed = max(reported)

        store = SqliteStore(path)  # opening runs quick_check and would set a damaged file aside
        assert store.recovery_note is None
        assert integrity(path) == "ok"
        latest = store.load(canvas_id)
        assert latest is not None
        assert latest.revision >= confirmed  # nothing the writer was told is saved went missing
        assert latest.canvas.business_goal == f"edit {latest.revision}"
        assert not list(tmp_path.glob("*.corrupt-*"))


@pytest.mark.e2e
def test_server_killed_mid_edit_keeps_every_autosaved_edit(tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    chromium = require_chromium()
    path = tmp_path / "canvas.db"
    store = open_store(path)
    canvas_id = store.create(as_new_canvas(load_sample("blank"))).canvas.id
    server = Server(path).start()

    def drive() -> None:  # a thread of its own: the e2e suite's playwright loop may be running
        with sync_playwright() as play:
            browser = launch_chromium(play, chromium)
            page = counting_page(browser)
            page.goto(f"{server.url}/goal?canvas={canvas_id}")
            wait_for_app(page)
            commit_text(page, "Business name", "Kill Nine Bakery")
            commit_text(page, "Business goal", "Survive a crash", area=True, exact=False)
            eventually(lambda: store.load(canvas_id).revision >= 3, what="both autosaves")
            assert store.load(canvas_id).revision == 3, "both edits autosaved before the kill"

            # typing, not yet left the field: then the server dies
            text_field(page, "What you stand for", exact=False).click()
            page.keyboard.type("half-typed, never committed")
            server.kill()

            server.start()  # the same port and store
            assert integrity(path) == "ok"
            reopened = SqliteStore(path)
            assert reopened.recovery_note is None
            saved = reopened.load(canvas_id)
            assert saved.canvas.business_name == "Kill Nine Bakery"
            assert saved.canvas.business_goal == "Survive a crash"

            page = counting_page(browser)
            page.goto(f"{server.url}/goal?canvas={canvas_id}")
            wait_for_app(page)
            assert text_field(page, "Business name").input_value() == "Kill Nine Bakery"
            assert page.get_by_text("We couldn't find that canvas").count() == 0
            assert page.locator('[data-testid="stException"]').count() == 0
            browser.close()

    try:
        run_in_thread(drive)
    finally:
        server.stop()
