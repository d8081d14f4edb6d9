"""Per group, from behaviour: the chance a customer is still active, and the purchases and spend
to expect over the next 12 months (BG/NBD with Gamma-Gamma), averaged over the group's customers
active in the period. Without a fit, the method's retention formula gives the same figures:
still active = retention, purchases next year = purchases a year × retention.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from canvas.measure import bgnbd
from canvas.measure.figures import GroupFigures, Measurement, totals_in
from canvas.measure.records import SalesRecords


@dataclass(frozen=True)
class GroupBehaviour:
    group: str
    p_alive_avg: float | None
    expected_purchases_12m: float | None
    expected_spend_12m: float | None
    source: str  # "bgnbd" or "retention formula"


@dataclass(frozen=True)
class Behaviour:
    fit: bgnbd.Fit
    groups: list[GroupBehaviour]

    def group(self, name: str) -> GroupBehaviour | None:
        return next((g for g in self.groups if g.group == name), None)


FORMULA = "retention formula"


def behaviour(records: SalesRecords, measurement: Measurement, names: np.ndarray) -> Behaviour:
    """Fit on every purchase up to the end of the period; average per group."""
    end = pd.Timestamp(measurement.period.end)
    table = records.table
    sales = table[table["purchase"].to_numpy() & (table["date"] <= end).to_numpy()]
    customers, summary = bgnbd.summarise(sales["date"], sales["customer"], sales["amount"], end)
    fitted = bgnbd.fit(summary)
    if fitted.bgnbd is None:
        return Behaviour(fitted, [_from_formula(g) for g in measurement.groups])
    active = totals_in(records, measurement.period).active
    alive = bgnbd.p_alive(fitted.bgnbd, summary)
    purchases = bgnbd.expected_purchases(fitted.bgnbd, summary)
    spend = purchases * bgnbd.expected_sale(fitted.spend, summary) if fitted.spend else None
    in_period = active[customers]
    member_names = names[customers]
    groups = []
    for figures in measurement.groups:
        members = in_period & (member_names == figures.group)
        groups.append(
            GroupBehaviour(
                group=figures.group,
                p_alive_avg=_mean(alive, members),
                expected_purchases_12m=_mean(purchases, members),
                expected_spend_12m=_mean(spend, members) if spend is not None else None,
                source="bgnbd",
            )
        )
    return Behaviour(fitted, groups)


def _mean(values: np.ndarray, members: np.ndarray) -> float | None:
    return float(values[members].mean()) if members.any() else None


def _from_formula(figures: GroupFigures) -> GroupBehaviour:
    if figures.retention_pct is None or figures.purchases_per_year is None:
        return GroupBehaviour(figures.group, None, None, None, FORMULA)
    kept = figures.retention_pct / 100
    purchases = figures.purchases_per_year * kept
    spend = purchases * figures.avg_sale if figures.avg_sale is not None else None
    return GroupBehaviour(figures.group, kept, purchases, spend, FORMULA)
