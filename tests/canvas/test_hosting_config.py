"""The HAProxy configuration a practice runs with (hosting/deploy.py) is one HAProxy accepts, and
says what the deployment relies on: sticky cookies, websockets kept open, health checks."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from hosting.deploy import AppServer, SignIn, haproxy_binary, haproxy_config


def servers() -> list[AppServer]:
    return [AppServer(f"app{n}", 8500 + n, [], {}, Path("/dev/null")) for n in (1, 2, 3)]


def test_the_proxy_keeps_a_browser_on_one_server_and_checks_health() -> None:
    config = haproxy_config(8600, servers())
    assert "cookie SRV insert indirect nocache" in config
    assert "option httpchk GET /_stcore/health" in config
    assert "timeout tunnel" in config and "option redispatch" in config
    assert config.count(" cookie app") == 3


def test_haproxy_accepts_the_configuration(tmp_path: Path) -> None:
    try:
        binary = haproxy_binary()
    except FileNotFoundError as exc:
        pytest.skip(str(exc))
    config = tmp_path / "haproxy.cfg"
    config.write_text(haproxy_config(8600, servers()))
    checked = subprocess.run([binary, "-c", "-f", str(config)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_every_server_gets_the_same_sign_in_secrets_and_none_are_shown() -> None:
    sign_in = SignIn("http://127.0.0.1:9/.well-known/openid-configuration", "canvas", "s3cret")
    toml = sign_in.secrets_toml("https://canvas.practice.test/")
    assert 'redirect_uri = "https://canvas.practice.test/oauth2callback"' in toml
    assert sign_in.cookie_secret in toml
    assert "s3cret" not in repr(sign_in) and sign_in.cookie_secret not in repr(sign_in)
