"""The load bench through the proxy, small: a few signed-in sessions over HAProxy to two app
servers on PostgreSQL, each editing its own canvas at once.

The figures belong to `python -m bench.load --servers 1 2 3` (docs/bench/load-hosted.md); this
only proves, in CI, that the path stays working: every session signs in through the proxy and the
local OpenID Connect provider, the sessions are spread over both servers, no edit fails and every
edit is read back from the store. Without HAProxy it skips, except where CI=true: there it fails.
"""

from __future__ import annotations

import argparse
import os
from concurrent.futures import ThreadPoolExecutor

import pytest

from bench.load import measure_hosted, verdict
from hosting.deploy import haproxy_binary
from hosting.postgres_cluster import PostgresCluster

SESSIONS, EDITS = 4, 3


def require_haproxy() -> None:
    try:
        haproxy_binary()
    except FileNotFoundError as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{exc} CI=true, so this is a failure, not a skip.", pytrace=False)
        pytest.skip(str(exc))


def test_signed_in_sessions_through_the_proxy_lose_no_edit(
    postgres_cluster: PostgresCluster,
) -> None:
    require_haproxy()
    args = argparse.Namespace(
        servers=[2], sessions=[1, SESSIONS], edits=EDITS, think=[0.2], repeats=1
    )
    # In its own thread: the browser tests' Playwright keeps an event loop running in this one.
    with ThreadPoolExecutor(1) as pool:
        (block,) = pool.submit(measure_hosted, args, postgres_cluster).result(timeout=120)
    assert block["servers"] == 2
    (sweep,) = block["sweeps"]
    one, several = sweep["rounds"]
    for row, sessions in ((one, 1), (several, SESSIONS)):
        assert row["errors"] == 0, row["error_detail"]
        assert row["canvases_with_lost_edits"] == 0
        assert row["interactions"] == sessions * EDITS
        assert 0 < row["median_s"] <= row["p95_s"] <= row["max_s"]
        (spread,) = row["sessions_per_server"]
        assert sum(spread.values()) == sessions  # every session signed in and opened
    (spread,) = several["sessions_per_server"]
    assert set(spread) == {"app1", "app2"}, spread  # HAProxy spread them over both servers
    assert several["server_cpu_ms_per_interaction"] > 0
    assert several["other_cpu_share"] is not None
    ok, words = verdict(sweep["rounds"])
    assert ("**met**" in words) == ok
