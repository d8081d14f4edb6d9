"""The measured figures of each group, for the 12 months up to an as-of date.

Words, each used once and the same everywhere:
- the period: the 12 months up to and including the as-of date (default: the last date in the file);
- the earlier year: the 12 months before the period;
- active: bought at least once (a refund is not a purchase);
- customers: active in the period; purchases: sales in the period (refunds are netted into net
  sales, never counted as purchases); average sale = net sales / purchases; purchases a year =
  purchases / customers;
- retention: of the customers active in the earlier year, the share active in the period (None
  when the file does not reach back over the earlier year);
- a customer's group: the group on their latest sale in the file (METHOD: customer_count is the
  customers active in the last 12 months).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from canvas.measure import limits
from canvas.measure.errors import SalesFileError
from canvas.measure.records import SalesRecords


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    @classmethod
    def ending(cls, end: date) -> Period:
        """The 12 months up to and including `end` (2025-06-30 -> 2024-07-01 .. 2025-06-30)."""
        return cls(_year_before(end) + timedelta(days=1), end)

    def before(self) -> Period:
        return Period.ending(self.start - timedelta(days=1))


def _year_before(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


@dataclass(frozen=True)
class GroupFigures:
    group: str
    customers: int
    purchases: int
    net_sales: float
    avg_sale: float | None
    purchases_per_year: float | None
    retention_pct: float | None
    revenue_share_pct: float | None


@dataclass(frozen=True)
class Measurement:
    """What one sales file says about each group. Aggregates only: no customer ids."""

    file_name: str
    layout: str
    rows: int
    rows_used: int
    rows_skipped: dict[str, int]
    date_format: str
    walk_in_sales: float
    refunds: int
    period: Period
    has_earlier_year: bool
    customers: int
    net_sales: float
    top20_share_pct: float | None
    groups: list[GroupFigures]

    def group(self, name: str) -> GroupFigures | None:
        return next((g for g in self.groups if g.group == name), None)


@dataclass(frozen=True)
class CustomerTotals:
    """Per customer (index = customer number): purchases and net sales in a period."""

    purchases: np.ndarray
    net_sales: np.ndarray

    @property
    def active(self) -> np.ndarray:
        return self.purchases > 0


def last_date(records: SalesRecords) -> date:
    if records.rows == 0:
        raise SalesFileError("This file has no sales rows under its column names.")
    if records.table.empty:
        raise SalesFileError(
            "No row of this file could be used: "
            + "; ".join(f"{n:,} × {reason}" for reason, n in records.rows_skipped.items())
            + "."
        )
    return records.table["date"].max().date()


def totals_in(records: SalesRecords, period: Period) -> CustomerTotals:
    return _totals(records, [period])[0]


def _totals(records: SalesRecords, periods: list[Period]) -> list[CustomerTotals]:
    """Each period's totals in one pass over the rows; the periods follow one another without a
    gap (the earlier year, then the period)."""
    table = records.table
    size = _customers(records)
    edges = [p.start for p in periods] + [periods[-1].end + timedelta(days=1)]
    # each row's place: 0 before the first period, 1.. in a period, len(periods) + 1 after
    dates = table["date"].to_numpy()
    times = dates.view(np.int64)  # compared as numbers: numpy compares dates 10x slower
    place = np.zeros(len(dates), dtype=np.int8)
    for edge in np.array(edges, dtype=dates.dtype).view(np.int64):
        place += (times >= edge).view(np.int8)
    width = len(periods) + 2
    key = table["customer"].to_numpy() * width + place  # customer and place together
    purchases = np.bincount(key[table["purchase"].to_numpy()], minlength=size * width)
    net = np.bincount(key, weights=table["amount"].to_numpy(), minlength=size * width)
    purchases, net = purchases.reshape(size, width), net.reshape(size, width)
    return [
        CustomerTotals(purchases[:, place].astype(np.int64), np.ascontiguousarray(net[:, place]))
        for place in range(1, len(periods) + 1)
    ]


def _customers(records: SalesRecords) -> int:
    table = records.table
    return int(table["customer"].max()) + 1 if len(table) else 0


def groups_from_file(records: SalesRecords) -> np.ndarray:
    """Each customer's group name: the group on their latest row (or one group for everyone)."""
    table = records.table
    size = _customers(records)
    if not records.has_groups:
        return np.full(size, limits.ALL_CUSTOMERS, dtype=object)
    customers = table["customer"].to_numpy()
    rows = len(customers)
    # each row's day and place in the file as one number: a customer's largest is their latest row
    days = table["date"].to_numpy().astype("datetime64[D]").view(np.int64)
    order = days * rows + np.arange(rows)
    unset = np.iinfo(np.int64).min
    latest = np.full(size, unset)
    np.maximum.at(latest, customers, order)
    groups = table["group"].cat
    labels = np.array([str(c) or limits.NO_GROUP for c in groups.categories], dtype=object)
    names = np.full(size, limits.NO_GROUP, dtype=object)
    seen = latest != unset
    names[seen] = labels[groups.codes.to_numpy()[latest[seen] % rows]]
    return names


def reaches_back(records: SalesRecords, earlier: Period) -> bool:
    first = records.table["date"].min().date()
    return first <= earlier.start + timedelta(days=limits.EARLIER_YEAR_GRACE_DAYS)


def top_share_pct(net_sales: np.ndarray) -> float | None:
    """Share of net sales from the top 20% of customers (by net sales), in %."""
    total = float(net_sales.sum())
    if len(net_sales) == 0 or total <= 0:
        return None
    top = math.ceil(limits.TOP_SHARE * len(net_sales))
    return 100.0 * float(np.sort(net_sales)[::-1][:top].sum()) / total


def measure(
    records: SalesRecords,
    as_of: date | None = None,
    groups: np.ndarray | Mapping[int, str] | None = None,
) -> Measurement:
    """The figures of each group. `groups`: each customer's group name (default: from the file)."""
    end = as_of or last_date(records)
    period = Period.ending(end)
    earlier_period = period.before()
    has_earlier = reaches_back(records, earlier_period)
    if has_earlier:
        earlier, now = _totals(records, [earlier_period, period])
    else:
        earlier, now = None, totals_in(records, period)
    names = _group_names(records, groups)
    active = now.active
    total_net = float(now.net_sales.sum())
    figures = [
        _group_figures(name, names == name, now, earlier, total_net)
        for name in _ordered(names, now)
    ]
    return Measurement(
        file_name=records.file_name,
        layout=records.layout,
        rows=records.rows,
        rows_used=records.rows_used,
        rows_skipped=dict(records.rows_skipped),
        date_format=records.date_format,
        walk_in_sales=records.walk_in_sales,
        refunds=records.refunds,
        period=period,
        has_earlier_year=has_earlier,
        customers=int(active.sum()),
        net_sales=total_net,
        top20_share_pct=top_share_pct(now.net_sales[active]),
        groups=figures,
    )


def _group_names(
    records: SalesRecords, groups: np.ndarray | Mapping[int, str] | None
) -> np.ndarray:
    if groups is None:
        return groups_from_file(records)
    if isinstance(groups, Mapping):
        size = int(records.table["customer"].max()) + 1
        names = np.full(size, limits.NO_GROUP, dtype=object)
        for customer, name in groups.items():
            names[customer] = name
        return names
    return np.asarray(groups, dtype=object)


def _ordered(names: np.ndarray, now: CustomerTotals) -> list[str]:
    """Groups with customers in the period, largest first (ties by name)."""
    counts = pd.Series(now.active).groupby(names).sum()
    counts = counts[counts > 0]
    return sorted(counts.index, key=lambda n: (-int(counts[n]), str(n)))


def _group_figures(
    name: str,
    members: np.ndarray,
    now: CustomerTotals,
    earlier: CustomerTotals | None,
    total_net: float,
) -> GroupFigures:
    customers = int((now.active & members).sum())
    purchases = int(now.purchases[members].sum())
    net = float(now.net_sales[members].sum())
    return GroupFigures(
        group=str(name),
        customers=customers,
        purchases=purchases,
        net_sales=net,
        avg_sale=net / purchases if purchases else None,
        purchases_per_year=purchases / customers if customers else None,
        retention_pct=_retention_pct(members, now, earlier),
        revenue_share_pct=100.0 * net / total_net if total_net > 0 else None,
    )


def _retention_pct(
    members: np.ndarray, now: CustomerTotals, earlier: CustomerTotals | None
) -> float | None:
    if earlier is None:
        return None
    before = earlier.active & members
    if not before.any():
        return None
    return 100.0 * float((before & now.active).sum()) / float(before.sum())
