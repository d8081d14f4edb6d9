"""A real `streamlit run` server on a free loopback port with its own store, and a browser.

Shared by the reliability tests and the bench scripts (bench/faults.py, bench/load.py).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser")


def chromium_path() -> str | None:
    for candidate in CHROMIUM_CANDIDATES:
        found = shutil.which(candidate)
        if found:
            return found
    return None


def require_chromium() -> str:
    """The Chromium executable. Missing: a failure where CI=true, else a skip."""
    path = chromium_path()
    if path is None:
        message = "Chromium is not installed (Debian: apt-get install -y chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(message + "; browser tests must run in CI")
        pytest.skip(message)
    return path


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class Server:
    """One `streamlit run app.py` process; `start`, `kill` (SIGKILL), `stop`, `rss_kib`."""

    def __init__(self, store: Path, port: int | None = None, log: Path | None = None) -> None:
        self.store = store
        self.port = port or free_port()
        self.log = log or store.with_suffix(".server.log")
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def start(self, timeout: float = 30) -> Server:
        env = {**os.environ, "CANVAS_STORE": str(self.store), "PYTHONUNBUFFERED": "1"}
        command = [
            sys.executable, "-m", "streamlit", "run", "app.py",
            "--server.headless", "true",
            "--server.address", HOST,
            "--server.port", str(self.port),
            "--server.fileWatcherType", "none",
            "--browser.gatherUsageStats", "false",
        ]  # fmt: skip
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited early:\n{self.log.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=1) as reply:
                    if reply.read() == b"ok":
                        return self
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("server did not become healthy in time")

    def kill(self) -> None:
        """SIGKILL: no cleanup, no atexit, no flush."""
        if self.process and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()

    def rss_kib(self) -> int:
        """Resident memory of the server process, from /proc."""
        assert self.process is not None
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        return 0


@contextmanager
def running_server(store: Path) -> Iterator[Server]:
    server = Server(store).start()
    try:
        yield server
    finally:
        server.stop()


# --- driving a page the way Streamlit's own e2e suite does ----------------------------------

IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def wait_idle(page, timeout_ms: int = 20_000) -> None:  # page: playwright Page
    """Wait until the script run has finished and no skeleton is left."""
    page.wait_for_selector(IDLE, timeout=timeout_ms)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stSkeleton\"]')", timeout=timeout_ms
    )


def text_field(page, label: str):  # -> playwright Locator
    return page.get_by_label(label, exact=False).first


def commit_text(page, label: str, value: str) -> None:
    """Type into a text input or area and leave it (Tab): that is when the app autosaves."""
    field = text_field(page, label)
    field.click()
    field.fill(value)
    field.press("Tab")


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
