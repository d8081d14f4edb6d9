"""A real `streamlit run` server on a free loopback port with its own store.

Used by the browser tests, the reliability tests and the bench scripts. Nothing here sleeps for a
fixed time: every wait is a bounded poll on something the server or the store reports.
"""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from canvas.core.model import Canvas
from canvas.storage import SqliteStore, open_store

ROOT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"
SERVER_START_TIMEOUT_S = 60.0
SERVER_STOP_TIMEOUT_S = 15.0
POLL_S = 0.05  # the interval of a bounded polling loop, never a wait for the app itself

T = TypeVar("T")


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def streamlit_command(script: str, port: int) -> list[str]:
    """The command line that serves `script` headless on HOST:port, not watching any source."""
    return [
        sys.executable, "-m", "streamlit", "run", script,
        "--server.headless", "true",
        "--server.address", HOST,
        "--server.port", str(port),
        "--browser.gatherUsageStats", "false",
        # Other people edit the sources while tests run: don't watch them.
        "--server.fileWatcherType", "none",
    ]  # fmt: skip


class Server:
    """One `streamlit run` process serving `script` with the store at `store_path`.

    `start` returns once the server reports healthy; `stop` ends it gently (SIGTERM, then SIGKILL),
    `kill` with SIGKILL at once (no cleanup, no atexit, no flush) and `restart` starts it again on
    the same port, store and log. The log is appended to, so a restarted server keeps what the
    earlier process wrote. `env` adds to (or overrides) the environment the server gets.
    """

    def __init__(
        self,
        store_path: Path,
        *,
        port: int | None = None,
        log_path: Path | None = None,
        env: Mapping[str, str] | None = None,
        script: str | Path = "app.py",
    ) -> None:
        self.store_path = store_path
        self.port = port or free_port()
        self.log_path = log_path or store_path.with_suffix(".server.log")
        self.env = dict(env or {})
        self.script = str(script)
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        """The address a browser opens."""
        return f"http://{HOST}:{self.port}"

    @property
    def running(self) -> bool:
        """Whether the server process is alive."""
        return self.process is not None and self.process.poll() is None

    def start(self, timeout: float = SERVER_START_TIMEOUT_S) -> Server:
        """Start the process and wait until it is healthy; stop it again if it never is."""
        if self.running:
            raise RuntimeError(f"the server on port {self.port} is already running")
        env = {
            **os.environ,
            "CANVAS_STORE": str(self.store_path),
            "PYTHONUNBUFFERED": "1",
            **self.env,
        }
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                streamlit_command(self.script, self.port),
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        try:
            self.wait_healthy(timeout)
        except BaseException:
            self.stop()
            raise
        return self

    def wait_healthy(self, timeout: float = SERVER_START_TIMEOUT_S) -> None:
        """Poll `/_stcore/health` (bounded) until it answers `ok`; fail early if the process ends."""
        deadline = time.monotonic() + timeout
        problem: str | None = "not asked yet"
        while time.monotonic() < deadline:
            if not self.running:
                code = self.process.returncode if self.process else None
                raise RuntimeError(f"streamlit exited with {code}:\n{self.log()[-3000:]}")
            problem = self.health_problem()
            if problem is None:
                return
            time.sleep(POLL_S)
        raise TimeoutError(
            f"streamlit not healthy after {timeout:.0f}s ({problem}):\n{self.log()[-3000:]}"
        )

    def health_problem(self) -> str | None:
        """None when the health endpoint answers `ok`; else what it answered or what failed."""
        try:
            with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as reply:
                answer = reply.read().decode().strip()
        except (OSError, http.client.HTTPException) as exc:
            return str(exc) or type(exc).__name__
        return None if answer == "ok" else f"health said {answer!r}"

    def kill(self) -> None:
        """SIGKILL: no cleanup, no atexit, no flush."""
        if self.process is not None and self.running:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait(SERVER_STOP_TIMEOUT_S)

    def stop(self) -> None:
        """SIGTERM, and SIGKILL if the process has not ended in time."""
        if self.process is None or not self.running:
            return
        self.process.terminate()
        try:
            self.process.wait(SERVER_STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            self.kill()

    def restart(self, timeout: float = SERVER_START_TIMEOUT_S) -> Server:
        """Stop the server if it still runs, then start it again on the same port and store."""
        self.stop()
        return self.start(timeout)

    def store(self) -> SqliteStore:
        """A second handle on the server's store file (SQLite in WAL mode allows it)."""
        return open_store(self.store_path)

    def log(self) -> str:
        """Everything the server processes wrote so far."""
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def rss_kib(self) -> int:
        """Resident memory of the server process, from /proc."""
        assert self.process is not None
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        return 0


def start_server(workdir: Path, env: Mapping[str, str] | None = None) -> Server:
    """Start a server whose store (`store.db`) and log (`server.log`) live in `workdir`."""
    workdir.mkdir(parents=True, exist_ok=True)
    return Server(workdir / "store.db", log_path=workdir / "server.log", env=env).start()


def eventually(check: Callable[[], T], timeout: float = 15.0, what: str = "condition") -> T:
    """Poll `check` (bounded) until it returns something truthy; return that."""
    deadline = time.monotonic() + timeout
    result = check()
    while not result:
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")
        time.sleep(POLL_S)
        result = check()
    return result


def stored(server: Server, canvas_id: str) -> Canvas:
    """The latest revision of the canvas in the server's store."""
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
