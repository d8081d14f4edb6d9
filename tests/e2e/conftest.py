"""Fixtures for the browser tests: a real `streamlit run` server and Debian's Chromium.

Without Chromium the tests skip with a reason, except where CI=true: there they fail.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from tests.support.browser import counting_context, launch_chromium, require_chromium
from tests.support.server import ROOT, Server, start_server

VIEWPORT = {"width": 1440, "height": 900}
ARTIFACTS = ROOT / "artifacts"


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """Debian's Chromium (a skip without it, a failure where CI=true)."""
    return require_chromium()


@pytest.fixture(scope="session")
def browser(chromium_path: str) -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright, chromium_path)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory, chromium_path: str) -> Iterator[Server]:
    """One server for the tests that don't care what the server saw before them."""
    running = start_server(tmp_path_factory.mktemp("shared-server"))
    yield running
    running.stop()


@pytest.fixture
def fresh_server(tmp_path: Path, chromium_path: str) -> Iterator[Callable[[], Server]]:
    """Start a new server on demand (after the test has prepared its store file)."""
    started: list[Server] = []

    def start() -> Server:
        started.append(start_server(tmp_path / f"server-{len(started)}"))
        return started[-1]

    yield start
    for running in started:
        running.stop()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    ctx = counting_context(browser, viewport=VIEWPORT, accept_downloads=True)
    ctx.set_default_timeout(30_000)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context: BrowserContext, request: pytest.FixtureRequest) -> Iterator[Page]:
    page = context.new_page()
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed and not page.is_closed():
        failures = ARTIFACTS / "failures"
        failures.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(failures / f"{request.node.name}.png"), full_page=True)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report
