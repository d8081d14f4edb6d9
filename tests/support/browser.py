"""Chromium for the browser tests and benches: finding it, launching it, and page contexts.

Without Chromium a test skips with a reason, except where CI=true: there it fails.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright

from tests.support.runs import RUN_COUNTER_JS

CHROMIUM_CANDIDATES = ("chromium", "/usr/bin/chromium", "chromium-browser")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
MISSING = "Chromium is not installed (Debian: apt-get install -y chromium); browser tests need it"


def find_chromium() -> str | None:
    """The Chromium executable on this machine, or None."""
    for candidate in CHROMIUM_CANDIDATES:
        found = shutil.which(candidate)
        if found:
            return found
    return None


def require_chromium() -> str:
    """The Chromium executable. Missing: a failure where CI=true, else a skip."""
    path = find_chromium()
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{MISSING}. CI=true, so this is a failure, not a skip.")
        pytest.skip(MISSING)
    return path


def launch_chromium(playwright: Playwright, executable: str | None = None) -> Browser:
    """Headless Chromium with the arguments every test and bench uses."""
    return playwright.chromium.launch(
        executable_path=executable or require_chromium(), headless=True, args=CHROMIUM_ARGS
    )


def counting_context(browser: Browser, **options: Any) -> BrowserContext:
    """A new browser context whose pages count finished script runs (see `runs.rerun`)."""
    context = browser.new_context(**options)
    context.add_init_script(RUN_COUNTER_JS)
    return context


def counting_page(browser: Browser, **options: Any) -> Page:
    """A page in a context of its own that counts finished script runs."""
    return counting_context(browser, **options).new_page()


def run_in_thread(work: Callable[[], None]) -> None:
    """Run `work` in a fresh thread and re-raise what it raised. Playwright's sync API refuses to
    start inside a thread whose asyncio loop is running (another suite's browser may hold it)."""
    failure: list[BaseException] = []

    def target() -> None:
        try:
            work()
        except BaseException as exc:
            failure.append(exc)

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if failure:
        raise failure[0]
