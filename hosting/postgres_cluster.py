"""A PostgreSQL cluster of its own in a temporary folder: Debian's binaries, a free loopback port, a
password. For the tests (tests/support/postgres.py) and for a trial of a hosted practice on one
machine (`scripts/serve-practice`).

`initdb` refuses to run as root, so as root the cluster is made and run by the `postgres` user
(the Debian package creates it); otherwise by the current user.

`PostgresCluster.stop()` and `.start()` take the database away and bring it back on the same port.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

SEARCH = "/usr/lib/postgresql/*/bin"
SERVER_SETTINGS = (
    "-c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off "
    "-c full_page_writes=off -c max_connections=200"
)


class NoPostgres(Exception):
    """No PostgreSQL cluster can be started here; the message says why."""


def binaries() -> Path:
    """The newest `bin` folder holding initdb and pg_ctl."""
    found = sorted(
        (folder for folder in Path("/").glob(SEARCH.lstrip("/")) if (folder / "initdb").exists()),
        key=lambda folder: int(folder.parent.name) if folder.parent.name.isdigit() else 0,
    )
    if not found:
        raise NoPostgres(f"PostgreSQL is not installed (no initdb in {SEARCH}).")
    return found[-1]


def cluster_user() -> str | None:
    """The user to run PostgreSQL as: `postgres` when we are root, else None (ourselves)."""
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        raise NoPostgres("Running as root, and there is no 'postgres' user to run it.") from None
    return "postgres"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PostgresCluster:
    """One temporary cluster: `url(name)` to reach a database, `new_database()` for a fresh one."""

    def __init__(self, bin_dir: Path, user: str | None) -> None:
        self.bin_dir = bin_dir
        self.user = user
        self.folder = Path(tempfile.mkdtemp(prefix="canvas-pg-"))
        self.data = self.folder / "data"
        self.port = free_port()
        self.password = secrets.token_urlsafe(12)
        self._databases = 0
        if user is not None:
            shutil.chown(self.folder, user)

    def _run(self, *args: str) -> None:
        """A PostgreSQL program, as the cluster's user; NoPostgres with its output if it fails."""
        done = subprocess.run(
            [str(self.bin_dir / args[0]), *args[1:]],
            cwd=self.folder,
            user=self.user,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        if done.returncode != 0:
            raise NoPostgres(f"{args[0]} failed: {(done.stderr or done.stdout).strip()[-500:]}")

    def create(self) -> None:
        secret = self.folder / "password"
        secret.write_text(self.password)
        if self.user is not None:
            shutil.chown(secret, self.user)
        self._run(
            "initdb", "-D", str(self.data), "-U", "postgres", "--auth=scram-sha-256",
            f"--pwfile={secret}", "-E", "UTF8", "--locale=C", "--no-sync",
        )  # fmt: skip
        secret.unlink()

    def start(self) -> None:
        options = f"-p {self.port} -k {self.folder} {SERVER_SETTINGS}"
        log = str(self.folder / "server.log")
        self._run(
            "pg_ctl", "-D", str(self.data), "-o", options, "-l", log, "-w", "-t", "30", "start"
        )

    def stop(self) -> None:
        """Stop at once ('fast': open connections are cut, as when a server goes down)."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def remove(self) -> None:
        with contextlib.suppress(NoPostgres):  # already stopped
            self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres:{self.password}@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        """The URL of a new, empty database."""
        import psycopg

        self._databases += 1
        name = f"canvas_{self._databases}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        return self.url(name)


def start_cluster() -> PostgresCluster:
    try:
        import psycopg  # noqa: F401
    except ImportError:
        raise NoPostgres("psycopg is not installed (requirements.txt).") from None
    cluster = PostgresCluster(binaries(), cluster_user())
    try:
        cluster.create()
        cluster.start()
    except (NoPostgres, OSError, subprocess.SubprocessError) as exc:
        shutil.rmtree(cluster.folder, ignore_errors=True)
        raise NoPostgres(str(exc)) from None
    return cluster
