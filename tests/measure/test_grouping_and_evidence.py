"""Groups from rules or a value proposal, and the evidence tables (cohorts, Pareto)."""

from __future__ import annotations

import itertools
from collections import Counter
from datetime import date

import pandas as pd
import pytest

from canvas.measure.evidence import cohort_table, pareto_curve
from canvas.measure.figures import Period, measure
from canvas.measure.grouping import (
    EVERYONE_ELSE,
    SLIPPING_AWAY,
    VALUE_BANDS,
    Rule,
    groups_from_rules,
    propose_value_groups,
    rfm_scores,
)
from tests.measure.files import csv_bytes, read

HEADER = ["customer", "date", "amount"]
PERIOD = Period(date(2025, 1, 1), date(2025, 12, 31))


def spenders(count: int = 20):  # type: ignore[no-untyped-def]
    """Customer i spends (i + 1) × 10 once, in March; customer 19 also bought in January."""
    rows = [[f"c{i}", "2025-03-01", str((i + 1) * 10)] for i in range(count)]
    rows.append(["c19", "2025-01-02", "5"])
    return read(csv_bytes(HEADER, rows))


def test_value_proposal_bands_by_spend() -> None:
    records = spenders()
    names = propose_value_groups(records, PERIOD)
    counts = Counter(names)
    assert counts[VALUE_BANDS[0][1]] == 2  # the top 10% of 20
    assert counts[VALUE_BANDS[1][1]] == 4
    assert counts[VALUE_BANDS[2][1]] == 6
    assert counts[VALUE_BANDS[3][1]] == 8
    m = measure(records, as_of=PERIOD.end, groups=names)
    assert sum(g.customers for g in m.groups) == 20


def test_slipping_away_are_big_spenders_not_seen_lately() -> None:
    rows = [[f"c{i}", "2025-12-20", "10"] for i in range(8)]
    rows += [["big1", "2025-01-05", "900"], ["big2", "2025-12-28", "950"]]
    records = read(csv_bytes(HEADER, rows))
    names = dict(
        zip(
            records.table["customer"],
            propose_value_groups(records, PERIOD)[records.table["customer"]],
            strict=False,
        )
    )
    first_big = records.table["customer"].iloc[8]
    assert names[first_big] == SLIPPING_AWAY
    rfm = rfm_scores(records, PERIOD)
    assert set(rfm.recency) <= {1, 2, 3, 4, 5} and rfm.monetary.max() == 5


def test_rules_first_match_wins() -> None:
    records = spenders()
    names = groups_from_rules(
        records,
        PERIOD,
        [Rule("Regulars", min_purchases=2), Rule("Big spenders", min_net_sales=150)],
    )
    counts = Counter(names)
    assert counts["Regulars"] == 1  # c19 bought twice
    assert counts["Big spenders"] == 5  # 150..190, without c19
    assert counts[EVERYONE_ELSE] == 14


def test_pareto_curve_runs_from_zero_to_all_and_matches_the_top_20_share() -> None:
    records = spenders()
    points = pareto_curve(records, PERIOD)
    assert (points[0].customers_pct, points[0].sales_pct) == (0, 0)
    assert points[-1].sales_pct == pytest.approx(100)
    assert all(a.sales_pct <= b.sales_pct for a, b in itertools.pairwise(points))
    at_20 = next(p for p in points if p.customers_pct == 20)
    m = measure(records, as_of=PERIOD.end)
    assert at_20.sales_pct == pytest.approx(m.top20_share_pct)


def test_cohort_table() -> None:
    rows = [
        ["a", "2025-01-10", "5"],
        ["a", "2025-04-10", "5"],
        ["b", "2025-02-10", "5"],
        ["c", "2025-04-11", "5"],
        ["c", "2025-04-12", "5"],
    ]
    cells = cohort_table(read(csv_bytes(HEADER, rows)), pd.Timestamp("2025-12-31"))
    got = {(c.cohort, c.quarter): (c.customers, c.active_pct) for c in cells}
    assert got == {
        ("2025 Q1", 0): (2, 100.0),
        ("2025 Q1", 1): (2, 50.0),
        ("2025 Q2", 0): (1, 100.0),
    }
