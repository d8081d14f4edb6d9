"""Start a whole practice on one machine for a trial (`scripts/serve-practice`): PostgreSQL (its
own throwaway cluster, unless $CANVAS_STORE names a database), 2–3 app servers with the same
sign-in settings, and HAProxy in front. The tests in tests/e2e start the same thing.

    scripts/serve-practice --owners owner@practice.test --mock-sign-in
    CANVAS_STORE=postgresql://owner@db/canvas CANVAS_AUTH_METADATA_URL=... scripts/serve-practice ...
"""

from __future__ import annotations

import argparse
import contextlib
import os
import secrets
import shutil
import signal
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from hosting.deploy import (
    HOST,
    AppServer,
    SignIn,
    app_server,
    free_port,
    haproxy_config,
    prepare_database,
    start_haproxy,
    start_mock_provider,
)
from hosting.postgres_cluster import PostgresCluster, start_cluster

AUTH_ENV = ("CANVAS_AUTH_METADATA_URL", "CANVAS_AUTH_CLIENT_ID", "CANVAS_AUTH_CLIENT_SECRET")


@dataclass
class Trial:
    """A running practice: `url` is the proxy's address, the one people open."""

    run_dir: Path
    port: int
    servers: list[AppServer]
    database_url: str  # as the app servers connect (the canvas_web role)
    admin_url: str
    cluster: PostgresCluster | None = None
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def stop(self) -> None:
        for server in self.servers:
            server.stop()
        for process in reversed(self.processes):
            if process.poll() is None:
                process.terminate()
                with contextlib.suppress(subprocess.TimeoutExpired):
                    process.wait(10)
        if self.cluster is not None:
            self.cluster.remove()


def start_trial(
    run_dir: Path,
    *,
    servers: int = 2,
    owners: str = "",
    sign_in: SignIn | None = None,
    admin_url: str | None = None,
    port: int | None = None,
) -> Trial:
    """Start everything (a local sign-in provider when `sign_in` is None); stop with `.stop()`."""
    run_dir.mkdir(parents=True, exist_ok=True)
    cluster = None
    if admin_url is None:
        cluster = start_cluster()
        admin_url = cluster.url()
    trial = Trial(run_dir, port or free_port(), [], "", admin_url, cluster)
    try:
        trial.database_url = prepare_database(admin_url, secrets.token_urlsafe(16), owners)
        if sign_in is None:
            provider_port = free_port()
            trial.processes.append(start_mock_provider(provider_port, run_dir / "sign-in.log"))
            metadata = f"http://{HOST}:{provider_port}/.well-known/openid-configuration"
            sign_in = SignIn(metadata, "canvas-trial", secrets.token_urlsafe(16))
        secrets_file = run_dir / "secrets.toml"
        secrets_file.write_text(sign_in.secrets_toml(trial.url))
        secrets_file.chmod(0o600)
        trial.servers = [
            app_server(n, run_dir, trial.database_url, secrets_file, owners)
            for n in range(1, servers + 1)
        ]
        for server in trial.servers:
            server.start()
        config = run_dir / "haproxy.cfg"
        config.write_text(haproxy_config(trial.port, trial.servers))
        trial.processes.append(start_haproxy(config, trial.port, run_dir / "haproxy.log"))
    except BaseException:
        trial.stop()
        raise
    return trial


def sign_in_from_env() -> SignIn | None:
    values = [os.environ.get(name, "") for name in AUTH_ENV]
    if not all(values):
        return None
    return SignIn(*values)


def main() -> int:
    parser = argparse.ArgumentParser(description="Start a practice on this machine for a trial.")
    parser.add_argument("--servers", type=int, default=2, choices=(1, 2, 3))
    parser.add_argument("--port", type=int, default=8600, help="where HAProxy listens")
    parser.add_argument("--owners", default="", help="the practice owners' emails, comma-separated")
    parser.add_argument(
        "--mock-sign-in",
        action="store_true",
        help="sign in through a local test provider (anyone can be anyone: trials only)",
    )
    args = parser.parse_args()
    sign_in = sign_in_from_env()
    if sign_in is None and not args.mock_sign_in:
        parser.error(f"set {', '.join(AUTH_ENV)} for your sign-in provider, or use --mock-sign-in")
    run_dir = Path(tempfile.mkdtemp(prefix="canvas-practice-"))
    trial = start_trial(
        run_dir,
        servers=args.servers,
        owners=args.owners,
        sign_in=sign_in,
        admin_url=os.environ.get("CANVAS_STORE") or None,
        port=args.port,
    )
    print(f"The practice is at {trial.url} ({args.servers} app servers behind HAProxy).")
    print(f"Logs and settings: {run_dir}. Press Ctrl-C to stop.")
    stop_signals = {signal.SIGINT, signal.SIGTERM}
    try:
        signal.pthread_sigmask(signal.SIG_BLOCK, stop_signals)  # now, so children don't inherit it
        signal.sigwait(stop_signals)
    finally:
        trial.stop()
        shutil.rmtree(run_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
