"""The load bench's own machinery, small: concurrent protocol-level sessions on a real server.

The figures belong to `python -m bench.load` (docs/bench/load.md); this only proves, in CI, that
sessions editing their own canvases at once lose nothing and that the bench still measures.
"""

from __future__ import annotations

import argparse
from concurrent.futures import ThreadPoolExecutor

from bench.load import measure, per_repeat, verdict


def test_concurrent_sessions_lose_no_edit_and_rounds_pool_their_repeats() -> None:
    args = argparse.Namespace(
        client="ws", sessions=[1, 4], edits=3, think=[0.2], repeats=2, out=None
    )
    # In its own thread: the browser tests' Playwright keeps an event loop running in this one.
    with ThreadPoolExecutor(1) as pool:
        (sweep,) = pool.submit(measure, args, None).result()
    assert sweep["think"] == 0.2
    one, four = sweep["rounds"]
    assert (one["sessions"], four["sessions"]) == (1, 4)
    assert (one["interactions"], four["interactions"]) == (1 * 3 * 2, 4 * 3 * 2)
    for row in (one, four):
        assert row["errors"] == 0, row["error_detail"]
        assert row["canvases_with_lost_edits"] == 0
        assert len(row["p95_s_per_repeat"]) == 2
        assert 0 < row["median_s"] <= row["p95_s"] <= row["max_s"]
        assert row["server_cpu_ms_per_interaction"] > 0
    ok, words = verdict(sweep["rounds"])
    assert ("**met**" in words) == ok
    assert per_repeat(sweep["rounds"]).count("×") == 2
