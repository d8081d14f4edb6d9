"""Browser helpers: a real Streamlit server, waiting on Streamlit's run state, data-editor cells.

Nothing here sleeps for a fixed time: every wait is on something Streamlit or the store reports.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from playwright.sync_api import Locator, Page, expect

from canvas.model import Canvas
from canvas.store import SqliteStore, open_store

ROOT = Path(__file__).resolve().parents[2]
APP_TIMEOUT_MS = 30_000
SERVER_START_TIMEOUT_S = 60.0

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

T = TypeVar("T")


# ---------- the server ----------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    port: int
    store_path: Path
    log_path: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def store(self) -> SqliteStore:
        """A second handle on the server's store file (SQLite in WAL mode allows it)."""
        return open_store(self.store_path)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=15)


def start_server(workdir: Path) -> Server:
    """Start `streamlit run app.py` on a free port with its own store; return once it is healthy."""
    workdir.mkdir(parents=True, exist_ok=True)
    store_path = workdir / "store.db"
    log_path = workdir / "server.log"
    port = free_port()
    env = os.environ | {"CANVAS_STORE": str(store_path), "PYTHONUNBUFFERED": "1"}
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "app.py",
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--browser.gatherUsageStats",
        "false",
        # Other people edit the sources while tests run: don't watch them.
        "--server.fileWatcherType",
        "none",
    ]
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    server = Server(process, port, store_path, log_path)
    try:
        wait_healthy(server)
    except BaseException:
        server.stop()
        raise
    return server


def wait_healthy(server: Server, timeout: float = SERVER_START_TIMEOUT_S) -> None:
    deadline = time.monotonic() + timeout
    last_error = ""
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(
                f"streamlit exited with {server.process.returncode}:\n{server.log()[-3000:]}"
            )
        try:
            with urllib.request.urlopen(f"{server.url}/_stcore/health", timeout=2) as response:
                if response.read().decode().strip() == "ok":
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError) as exc:
            last_error = str(exc)
        time.sleep(0.1)  # polling interval of a bounded loop, not a wait for the app
    raise TimeoutError(
        f"streamlit not healthy after {timeout:.0f}s ({last_error}):\n{server.log()[-3000:]}"
    )


# ---------- waiting on Streamlit ----------


def wait_for_app(page: Page, timeout: int = APP_TIMEOUT_MS) -> None:
    """Wait until the script run has finished and nothing is still a skeleton placeholder."""
    page.wait_for_selector(IDLE_APP, timeout=timeout)
    expect(page.locator('[data-testid="stSkeleton"]')).to_have_count(0, timeout=timeout)
    # the run may have ended between the two checks and a new one started: check again
    page.wait_for_selector(IDLE_APP, timeout=timeout)


def assert_no_exception(page: Page) -> None:
    exceptions = page.locator('[data-testid="stException"]')
    if exceptions.count():
        raise AssertionError(f"Streamlit exception on {page.url}:\n{exceptions.first.inner_text()}")


def runs(page: Page) -> int:
    return page.evaluate("window.__stRuns || 0")


def rerun(page: Page, action: Callable[[], Any], timeout: int = APP_TIMEOUT_MS) -> None:
    """Do `action`, then wait for the script run it triggers to start and to finish."""
    before = runs(page)
    action()
    page.wait_for_function("n => (window.__stRuns || 0) > n", arg=before, timeout=timeout)
    # let React render what the run sent before looking at the run state
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => setTimeout(done)))")
    wait_for_app(page, timeout)


def open_url(page: Page, url: str) -> None:
    page.goto(url)
    wait_for_app(page)
    assert_no_exception(page)


def eventually(check: Callable[[], T], timeout: float = 15.0, what: str = "condition") -> T:
    """Poll `check` (bounded) until it returns something truthy; return that."""
    deadline = time.monotonic() + timeout
    result = check()
    while not result:
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")
        time.sleep(0.1)  # polling interval of a bounded loop
        result = check()
    return result


def stored(server: Server, canvas_id: str) -> Canvas:
    loaded = server.store().load(canvas_id)
    assert loaded is not None, f"canvas {canvas_id} is not in the store"
    return loaded.canvas


def wait_stored(
    server: Server, canvas_id: str, check: Callable[[Canvas], Any], what: str
) -> Canvas:
    """Wait until the store's latest revision of the canvas passes `check` (autosave done)."""

    def latest() -> Canvas | None:
        canvas = stored(server, canvas_id)
        return canvas if check(canvas) else None

    return eventually(latest, what=what)


def canvas_id_of(page: Page) -> str:
    return page.url.split("canvas=", 1)[1].split("&", 1)[0]


def title(page: Page) -> Locator:
    return page.locator('[data-testid="stMain"] h1')


# ---------- widgets ----------


def commit_text(page: Page, label: str, value: str, *, area: bool = False, nth: int = 0) -> None:
    """Type into a text input (Enter commits) or a text area (leaving it commits)."""
    field = page.get_by_label(label, exact=True).nth(nth)
    field.fill(value)
    rerun(page, lambda: field.press("Tab" if area else "Enter"))


def pick_segment(page: Page, label: str, option: str) -> None:
    """Click an option of the `st.segmented_control` whose label is `label`."""
    choice = (
        page.get_by_test_id("stButtonGroup")
        .filter(has_text=label)
        .get_by_role("radio", name=option, exact=True)
    )
    rerun(page, choice.click)
    expect(choice).to_have_attribute("aria-checked", "true")


# ---------- st.data_editor (a glide data grid drawn on a canvas) ----------

ROW_PX = 35
HEADER_PX = 35
FIRST_COLUMN_X = 60  # past the row-marker column of dynamic tables, inside the first column
EDITOR_INPUT = '#portal [id^="gdg-overlay"] input, #portal [id^="gdg-overlay"] textarea'


def grid(page: Page, index: int = 0) -> Locator:
    return page.locator('[data-testid="stDataFrame"]').nth(index)


def grid_text(table: Locator) -> str:
    """The grid's cell texts, from the accessible table glide keeps next to its canvas."""
    return table.locator("table").first.inner_text()


def select_cell(page: Page, table: Locator, row: int, column: int) -> None:
    """Select a cell: click the row's first column, move right with the arrow keys, and wait for
    glide's accessible table to report that very cell selected (the cell selected before, e.g.
    the one Enter moved to, may sit in the same row)."""
    table.scroll_into_view_if_needed()
    box = table.bounding_box()
    assert box is not None
    cells = table.locator(f'td[data-testid^="glide-cell-"][data-testid$="-{row}"]')
    first = int((cells.first.get_attribute("data-testid") or "").split("-")[2])
    page.keyboard.press("Escape")  # a click on a selected cell would open its editor
    page.mouse.click(box["x"] + FIRST_COLUMN_X, box["y"] + HEADER_PX + row * ROW_PX + ROW_PX / 2)
    expect(table.get_by_test_id(f"glide-cell-{first}-{row}")).to_have_attribute(
        "aria-selected", "true"
    )
    for _ in range(column):
        page.keyboard.press("ArrowRight")
    expect(table.get_by_test_id(f"glide-cell-{first + column}-{row}")).to_have_attribute(
        "aria-selected", "true"
    )


def type_in_open_editor(page: Page, value: str) -> None:
    editor = page.locator(EDITOR_INPUT).first
    expect(editor).to_be_visible()
    editor.fill(value)
    page.keyboard.press("Enter")
    expect(page.locator(EDITOR_INPUT)).to_have_count(0)


def edit_cell(page: Page, table: Locator, row: int, column: int, value: str) -> None:
    """Edit a text or number cell; the caller waits for whatever the edit triggers."""
    select_cell(page, table, row, column)
    page.keyboard.press("Enter")  # opens the cell's editor with its current value
    type_in_open_editor(page, value)


def start_new_row(page: Page, table: Locator, rows_now: int, first_value: str) -> None:
    """Click the empty row at the bottom: glide adds a row and opens its first cell's editor."""
    table.scroll_into_view_if_needed()
    box = table.bounding_box()
    assert box is not None
    page.mouse.click(
        box["x"] + FIRST_COLUMN_X, box["y"] + HEADER_PX + rows_now * ROW_PX + ROW_PX / 2
    )
    type_in_open_editor(page, first_value)
