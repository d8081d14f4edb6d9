"""The parts of a hosted practice on one machine: the database roles, the sign-in settings every
app server shares, the app servers, and HAProxy in front of them.

- The database owner (the admin URL) runs the migrations; the app servers log in as
  `canvas_web`, a member of `canvas_app`, so PostgreSQL's row-level security applies to them.
- Every server gets the same `[auth]` secrets (the same cookie secret), so a person signed in
  through one server is signed in on all of them.
- HAProxy keeps a browser on one server (cookie SRV; a Streamlit session lives in one process's
  memory), passes websockets (/_stcore/stream), checks /_stcore/health, and sends a browser whose
  server is down to another one (option redispatch).
"""

from __future__ import annotations

import http.client
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
APP_ROLE = "canvas_web"
START_TIMEOUT_S = 60.0
POLL_S = 0.1


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def wait_for(check: object, timeout: float, what: str) -> None:
    """Poll `check()` until true; TimeoutError naming `what` otherwise."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():  # type: ignore[operator]
            return
        time.sleep(POLL_S)
    raise TimeoutError(f"{what} did not happen within {timeout:.0f} s")


def answers_ok(port: int, path: str = "/_stcore/health") -> bool:
    try:
        conn = http.client.HTTPConnection(HOST, port, timeout=2)
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status == 200 and response.read().strip() == b"ok"
    except OSError:
        return False


# --- the database ----------------------------------------------------------------------------


def with_user(url: str, user: str, password: str) -> str:
    parts = urlsplit(url)
    host = parts.netloc.rsplit("@", 1)[-1]
    return urlunsplit(parts._replace(netloc=f"{user}:{password}@{host}"))


def prepare_database(admin_url: str, password: str, owners: str = "") -> str:
    """Migrate the database as its owner, add the practice owners (emails, comma-separated), and
    (re)make the app's login role with `password`; the URL the app servers use."""
    import psycopg
    from psycopg import sql

    from canvas.storage.postgres import PostgresStore
    from canvas.storage.practice import add_owners

    store = PostgresStore(admin_url)  # opening migrates
    try:
        add_owners(store, owners.split(","))
    finally:
        store.close()
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (APP_ROLE,)).fetchone()
        verb = "ALTER" if exists else "CREATE"
        conn.execute(
            sql.SQL(verb + " ROLE {} LOGIN PASSWORD {}").format(
                sql.Identifier(APP_ROLE), sql.Literal(password)
            )
        )
        conn.execute(sql.SQL("GRANT canvas_app TO {}").format(sql.Identifier(APP_ROLE)))
    return with_user(admin_url, APP_ROLE, password)


# --- sign-in ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SignIn:
    """The OpenID Connect client settings all app servers share (Streamlit's [auth] section)."""

    server_metadata_url: str
    client_id: str
    client_secret: str = field(repr=False)
    cookie_secret: str = field(default_factory=lambda: secrets.token_urlsafe(32), repr=False)

    def secrets_toml(self, public_url: str) -> str:
        def quoted(value: str) -> str:
            return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'

        lines = {
            "redirect_uri": f"{public_url.rstrip('/')}/oauth2callback",
            "cookie_secret": self.cookie_secret,
            "client_id": self.client_id,
            "client_secret": self.client_secret,
            "server_metadata_url": self.server_metadata_url,
        }
        return "[auth]\n" + "".join(f"{key} = {quoted(value)}\n" for key, value in lines.items())


def start_mock_provider(port: int, log: Path) -> subprocess.Popen[bytes]:
    """A local OpenID Connect provider for a trial or the tests (oidc-provider-mock, from
    requirements-dev.txt): its sign-in page asks for an email and signs that person in."""
    with log.open("ab") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "oidc_provider_mock", "--host", HOST, "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    path = "/.well-known/openid-configuration"
    wait_for(lambda: _answers(port, path), START_TIMEOUT_S, "The sign-in provider starting")
    return process


def _answers(port: int, path: str) -> bool:
    try:
        conn = http.client.HTTPConnection(HOST, port, timeout=2)
        conn.request("GET", path)
        return conn.getresponse().status == 200
    except OSError:
        return False


# --- app servers and the proxy ---------------------------------------------------------------


@dataclass
class AppServer:
    name: str
    port: int
    command: list[str]
    env: dict[str, str]
    log: Path
    process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                self.command, cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT
            )
        wait_for(lambda: answers_ok(self.port), START_TIMEOUT_S, f"App server {self.name} starting")

    def kill(self) -> None:
        """Gone at once, as when a machine fails (SIGKILL)."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()


def app_server(
    number: int, run_dir: Path, database_url: str, secrets_file: Path, owners: str
) -> AppServer:
    port = free_port()
    command = [
        sys.executable, "-m", "streamlit", "run", "app.py",
        "--server.headless", "true",
        "--server.address", HOST,
        "--server.port", str(port),
        "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
        "--secrets.files", str(secrets_file),
    ]  # fmt: skip
    env = {
        **os.environ,
        "CANVAS_HOSTED": "1",
        "CANVAS_STORE": database_url,
        "CANVAS_OWNERS": owners,
    }
    return AppServer(f"app{number}", port, command, env, run_dir / f"app{number}.log")


def haproxy_config(port: int, servers: list[AppServer], bind: str = HOST) -> str:
    """HAProxy in front of the app servers: sticky by cookie, websockets, health checks."""
    lines = [
        "global",
        "    maxconn 4000",
        "defaults",
        "    mode http",
        "    option redispatch  # a browser whose server is down goes to another one",
        "    retries 2",
        "    timeout connect 5s",
        "    timeout client 60s",
        "    timeout server 60s",
        "    timeout tunnel 1h  # the websocket a Streamlit page keeps open",
        "    # A health check may wait 5 s for its answer: a busy server answers late (its page runs",
        "    # hold the Python lock), and taking it out would turn newcomers away with 503; a dead",
        "    # server refuses the connection at once and is still out after two checks (~2 s).",
        "    timeout check 5s",
        "    timeout http-keep-alive 10s",
        "frontend canvas",
        f"    bind {bind}:{port}",
        "    default_backend streamlit",
        "backend streamlit",
        "    balance roundrobin",
        "    cookie SRV insert indirect nocache httponly",
        "    option httpchk GET /_stcore/health",
        "    http-check expect string ok",
        "    default-server check inter 1s fall 2 rise 2",
    ]
    lines += [f"    server {s.name} {HOST}:{s.port} cookie {s.name}" for s in servers]
    return "\n".join(lines) + "\n"


def haproxy_binary() -> str:
    found = shutil.which("haproxy") or (
        "/usr/sbin/haproxy" if Path("/usr/sbin/haproxy").exists() else None
    )
    if found is None:
        raise FileNotFoundError("HAProxy is not installed (Debian: apt-get install haproxy).")
    return found


def start_haproxy(config: Path, port: int, log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        process = subprocess.Popen(
            [haproxy_binary(), "-f", str(config), "-db"], stdout=out, stderr=subprocess.STDOUT
        )
    wait_for(lambda: answers_ok(port), START_TIMEOUT_S, "HAProxy passing requests on")
    return process
