"""The evidence behind the figures, as aggregates a chart can draw (no customer ids):

- a cohort retention table: customers grouped by the quarter of their first purchase, and the
  share of each cohort that bought in each later quarter;
- a Pareto curve: the share of net sales from the top x% of customers (by net sales in the
  period), every 5%.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from canvas.measure.figures import Period, totals_in
from canvas.measure.records import SalesRecords

PARETO_STEP_PCT = 5


@dataclass(frozen=True)
class CohortCell:
    cohort: str  # "2025 Q1": the quarter of the first purchase
    quarter: int  # quarters since then (0: the first quarter itself)
    customers: int  # the cohort's size
    active_pct: float  # of the cohort, the share who bought in that quarter


@dataclass(frozen=True)
class ParetoPoint:
    customers_pct: float
    sales_pct: float


def cohort_table(records: SalesRecords, end: pd.Timestamp | None = None) -> list[CohortCell]:
    table = records.table
    sales = table[table["purchase"].to_numpy()]
    if end is not None:
        sales = sales[sales["date"] <= end]
    if sales.empty:
        return []
    quarters = sales["date"].dt.year.to_numpy() * 4 + (sales["date"].dt.quarter.to_numpy() - 1)
    bought = pd.DataFrame({"customer": sales["customer"].to_numpy(), "quarter": quarters})
    bought = bought.drop_duplicates()
    first = bought.groupby("customer")["quarter"].transform("min")
    bought["cohort"] = first
    bought["since"] = bought["quarter"] - first
    sizes = bought[bought["since"] == 0].groupby("cohort").size()
    active = bought.groupby(["cohort", "since"]).size()
    return [
        CohortCell(
            cohort=f"{cohort // 4} Q{cohort % 4 + 1}",
            quarter=int(since),
            customers=int(sizes[cohort]),
            active_pct=100.0 * int(count) / int(sizes[cohort]),
        )
        for (cohort, since), count in active.items()
    ]


def pareto_curve(records: SalesRecords, period: Period) -> list[ParetoPoint]:
    now = totals_in(records, period)
    net = np.sort(now.net_sales[now.active])[::-1]
    total = float(net.sum())
    if len(net) == 0 or total <= 0:
        return []
    cumulative = np.concatenate([[0.0], np.cumsum(net)]) / total * 100
    points = []
    for pct in range(0, 101, PARETO_STEP_PCT):
        count = round(len(net) * pct / 100)
        points.append(ParetoPoint(float(pct), float(cumulative[count])))
    return points
