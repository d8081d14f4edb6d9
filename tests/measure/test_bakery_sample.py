"""The generated bakery export: its measured figures, checked against figures computed here in
plain Python from the CSV text (not the code path under test), and near the bakery sample's own."""

from __future__ import annotations

import csv
import gzip
import io
from collections import defaultdict
from datetime import date, timedelta
from functools import cache
from pathlib import Path

import pytest

from canvas.measure.figures import Measurement, measure
from canvas.measure.reading import read_sales
from canvas.storage.files import load_sample

SALES = Path(__file__).resolve().parents[2] / "sample_data" / "sales" / "bakery_sales.csv.gz"


@cache
def measured() -> Measurement:
    return measure(read_sales(SALES.read_bytes(), SALES.name))


@cache
def independent() -> dict[str, dict[str, float | None]]:
    """Per segment, by hand: the last 365 days, the 365 before, each customer's latest segment."""
    rows = list(csv.DictReader(io.StringIO(gzip.decompress(SALES.read_bytes()).decode())))
    sales = [
        (date.fromisoformat(r["date"]), r["customer"], float(r["amount"]), r["segment"])
        for r in rows
        if r["customer"]
    ]
    end = max(day for day, *_ in sales)
    start = end.replace(year=end.year - 1) + timedelta(days=1)
    earlier_start = start.replace(year=start.year - 1)
    segment: dict[str, str] = {}
    for _day, customer, _, group in sorted(sales, key=lambda s: s[0]):
        segment[customer] = group
    buys: dict[str, int] = defaultdict(int)
    net: dict[str, float] = defaultdict(float)
    earlier: set[str] = set()
    for day, customer, value, _ in sales:
        if start <= day <= end:
            net[customer] += value
            buys[customer] += value > 0
        elif earlier_start <= day < start and value > 0:
            earlier.add(customer)
    figures = {}
    for group in set(segment.values()):
        members = [c for c in segment if segment[c] == group]
        active = [c for c in members if buys[c] > 0]
        purchases = sum(buys[c] for c in members)
        sold = sum(net[c] for c in members)
        before = [c for c in members if c in earlier]
        figures[group] = {
            "customers": len(active),
            "purchases": purchases,
            "net_sales": sold,
            "avg_sale": sold / purchases,
            "purchases_per_year": purchases / len(active),
            "retention_pct": 100 * sum(buys[c] > 0 for c in before) / len(before),
        }
    return figures


def test_measured_figures_match_an_independent_count() -> None:
    m, expected = measured(), independent()
    assert {g.group for g in m.groups} == set(expected)
    for g in m.groups:
        want = expected[g.group]
        assert g.customers == want["customers"]
        assert g.purchases == want["purchases"]
        assert g.net_sales == pytest.approx(want["net_sales"])
        assert g.avg_sale == pytest.approx(want["avg_sale"])
        assert g.purchases_per_year == pytest.approx(want["purchases_per_year"])
        assert g.retention_pct == pytest.approx(want["retention_pct"])
    assert sum(g.revenue_share_pct or 0 for g in m.groups) == pytest.approx(100)


def test_figures_land_near_the_bakery_sample() -> None:
    by_name = {g.group: g for g in measured().groups}
    for group in load_sample("bakery").groups:
        got = by_name[group.name]
        assert got.customers == group.customer_count
        assert got.avg_sale == pytest.approx(group.avg_order_value, rel=0.05)
        assert got.purchases_per_year == pytest.approx(group.purchases_per_year, rel=0.1)
        assert got.retention_pct == pytest.approx(group.retention_pct, abs=3)


def test_the_export_reports_its_walk_ins_and_refunds() -> None:
    m = measured()
    assert set(m.rows_skipped) == {"no customer (walk-in sale)"}
    assert m.refunds > 0 and m.walk_in_sales > 0
    assert m.rows == m.rows_used + sum(m.rows_skipped.values())
