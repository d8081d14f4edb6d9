"""Waiting on Streamlit's run state in a page, the way Streamlit's own e2e suite does.

Nothing here sleeps for a fixed time: every wait is on something Streamlit reports.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from playwright.sync_api import Locator, Page, expect

APP_TIMEOUT_MS = 30_000

APP = '[data-testid="stApp"]'
IDLE_APP = '[data-testid="stApp"][data-test-script-state="notRunning"]'

# Counts finished script runs. The page's WebSocket is wrapped (installed with
# `context.add_init_script`, so it is in place before the app connects, and after every reload) and
# each ForwardMsg is read just far enough to see its top-level `script_finished` field (number 6,
# an enum; 2 = FINISHED_EARLY_FOR_RERUN is not a finished run). Watching the `stApp` run-state
# attribute alone misses short runs: React may render "running" and "notRunning" in one go.
RUN_COUNTER_JS = """
(() => {
  window.__stRuns = 0;
  const finishesRun = (data) => {
    const b = new Uint8Array(data);
    let i = 0;
    const varint = () => {
      let value = 0, scale = 1, byte;
      do { byte = b[i++]; value += (byte & 0x7f) * scale; scale *= 128; } while (byte & 0x80 && i < b.length);
      return value;
    };
    while (i < b.length) {
      const tag = varint(), field = Math.floor(tag / 8), wire = tag % 8;
      if (field === 6 && wire === 0) return varint() !== 2;
      if (wire === 0) varint();
      else if (wire === 2) { const n = varint(); i += n; }
      else if (wire === 1) i += 8;
      else if (wire === 5) i += 4;
      else return false;
    }
    return false;
  };
  const Native = window.WebSocket;
  class CountingWebSocket extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (event) => {
        if (event.data instanceof ArrayBuffer && finishesRun(event.data)) window.__stRuns += 1;
      });
    }
  }
  window.WebSocket = CountingWebSocket;
})();
"""


def wait_for_app(page: Page, timeout: int = APP_TIMEOUT_MS) -> None:
    """Wait until the script run has finished and nothing is still a skeleton placeholder."""
    page.wait_for_selector(IDLE_APP, timeout=timeout)
    expect(page.locator('[data-testid="stSkeleton"]')).to_have_count(0, timeout=timeout)
    # the run may have ended between the two checks and a new one started: check again
    page.wait_for_selector(IDLE_APP, timeout=timeout)


def assert_no_exception(page: Page) -> None:
    """Fail with the text of the first exception Streamlit shows on the page, if any."""
    exceptions = page.locator('[data-testid="stException"]')
    if exceptions.count():
        raise AssertionError(f"Streamlit exception on {page.url}:\n{exceptions.first.inner_text()}")


def runs(page: Page) -> int:
    """How many script runs the page has seen finish (needs RUN_COUNTER_JS in its context)."""
    return page.evaluate("window.__stRuns || 0")


def rerun(page: Page, action: Callable[[], Any], timeout: int = APP_TIMEOUT_MS) -> None:
    """Do `action`, then wait for the script run it triggers to start and to finish.

    The page's context must have RUN_COUNTER_JS installed (`browser.counting_context`)."""
    before = runs(page)
    action()
    page.wait_for_function("n => (window.__stRuns || 0) > n", arg=before, timeout=timeout)
    # let React render what the run sent before looking at the run state
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => setTimeout(done)))")
    wait_for_app(page, timeout)


def open_url(page: Page, url: str) -> None:
    """Go to `url`, wait for the app's run to finish, and fail on any exception it shows."""
    page.goto(url)
    wait_for_app(page)
    assert_no_exception(page)


def canvas_id_of(page: Page) -> str:
    """The canvas id in the page's address."""
    return page.url.split("canvas=", 1)[1].split("&", 1)[0]


def title(page: Page) -> Locator:
    """The page's main heading."""
    return page.locator('[data-testid="stMain"] h1')
