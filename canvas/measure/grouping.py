"""Groups when the file has none: from rules the person sets, or a proposal by value.

Both return each customer's group name (indexed by customer number), for `figures.measure`.

- RFM scores, 1 (low) to 5 (high), by quintile over every customer who bought up to the end of
  the period: recency (days since the last purchase; fewer is higher), frequency (purchases) and
  monetary value (net sales), over the whole file up to then. Customers who stopped buying keep
  their band, so a band's retention means something.
- The proposal: value bands by that net sales (the top 10%, the next 20%, the middle 30%, the
  lower 40%), and "Slipping away" for customers of the top two spend quintiles who have not
  bought lately (recency score 1). The person renames and edits them.
- Rules: the first rule a customer meets names their group; the rest are "Everyone else".
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from canvas.measure.figures import CustomerTotals, Period, totals_in
from canvas.measure.records import SalesRecords

VALUE_BANDS = (  # (share of customers from the top, name)
    (0.10, "Top 10% by spend"),
    (0.30, "Next 20% by spend"),
    (0.60, "Middle 30% by spend"),
    (1.00, "Lower 40% by spend"),
)
SLIPPING_AWAY = "Slipping away"
EVERYONE_ELSE = "Everyone else"
NOT_ACTIVE = "No purchase yet"
SCORES = 5


@dataclass(frozen=True)
class Rfm:
    """Per customer who bought up to the end of the period (`customer` = their number)."""

    customer: np.ndarray
    recency: np.ndarray
    frequency: np.ndarray
    monetary: np.ndarray


def _quintile_scores(values: np.ndarray) -> np.ndarray:
    """1..5 by rank (ties share their average rank)."""
    if len(values) == 0:
        return np.zeros(0, dtype=int)
    ranks = pd.Series(values).rank(method="average", pct=True).to_numpy()
    return np.clip(np.ceil(ranks * SCORES), 1, SCORES).astype(int)


def _history(records: SalesRecords, period: Period) -> CustomerTotals:
    """Totals over the whole file up to the end of the period."""
    first = records.table["date"].min().date() if len(records.table) else period.start
    return totals_in(records, Period(min(first, period.start), period.end))


def rfm_scores(records: SalesRecords, period: Period) -> Rfm:
    history = _history(records, period)
    buyers = np.flatnonzero(history.active)
    table = records.table
    sales = table[table["purchase"].to_numpy() & (table["date"] <= pd.Timestamp(period.end))]
    last = sales.groupby("customer")["date"].max()
    days_since = (pd.Timestamp(period.end) - last.reindex(buyers)).dt.days.to_numpy()
    return Rfm(
        customer=buyers,
        recency=_quintile_scores(-days_since.astype(float)),
        frequency=_quintile_scores(history.purchases[buyers].astype(float)),
        monetary=_quintile_scores(history.net_sales[buyers]),
    )


def _size(records: SalesRecords) -> int:
    return int(records.table["customer"].max()) + 1 if len(records.table) else 0


def propose_value_groups(records: SalesRecords, period: Period) -> np.ndarray:
    """Each customer's proposed group name (NOT_ACTIVE for those with refunds only)."""
    names = np.full(_size(records), NOT_ACTIVE, dtype=object)
    rfm = rfm_scores(records, period)
    if len(rfm.customer) == 0:
        return names
    net = _history(records, period).net_sales[rfm.customer]
    order = np.argsort(-net, kind="stable")
    rank_share = np.empty(len(order))
    rank_share[order] = (np.arange(len(order)) + 1) / len(order)
    band = np.full(len(order), VALUE_BANDS[-1][1], dtype=object)
    for top_share, name in reversed(VALUE_BANDS):
        band[rank_share <= top_share] = name
    slipping = (rfm.monetary >= SCORES - 1) & (rfm.recency == 1)
    band[slipping] = SLIPPING_AWAY
    names[rfm.customer] = band
    return names


@dataclass(frozen=True)
class Rule:
    """A group for customers who, in the period, made at least `min_purchases` purchases and
    spent at least `min_net_sales`."""

    group: str
    min_purchases: int = 0
    min_net_sales: float = 0.0


def groups_from_rules(records: SalesRecords, period: Period, rules: list[Rule]) -> np.ndarray:
    now = totals_in(records, period)
    names = np.full(_size(records), EVERYONE_ELSE, dtype=object)
    unassigned = np.ones(len(names), dtype=bool)
    for rule in rules:
        meets = (
            unassigned
            & (now.purchases >= rule.min_purchases)
            & (now.net_sales >= rule.min_net_sales)
        )
        names[meets] = rule.group
        unassigned &= ~meets
    return names
