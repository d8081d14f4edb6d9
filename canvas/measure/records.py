"""From a table of cells to clean sales records, counting every row left out by its reason.

Each text column is first reduced to its distinct values (`Coded`): a file of a million rows
holds a few thousand customers, a few hundred dates and a handful of groups, so each value is
stripped, checked and parsed once, not once per row. Customer ids become numbers here and go no
further.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from canvas.core.limits import max_length
from canvas.core.model import CustomerGroup
from canvas.measure import limits
from canvas.measure.cleaning import (
    infer_date_format,
    looks_like_formula,
    parse_amounts,
    parse_dates,
    status_kind,
)
from canvas.measure.errors import SalesFileError
from canvas.measure.layouts import ColumnMap, Layout
from canvas.measure.limits import SkipReason

GROUP_NAME_CHARS = max_length(CustomerGroup, "name")
MONEY_ROLES = ("amount", "refunded", "margin")
REASONS = list(SkipReason)


@dataclass(frozen=True)
class RawTable:
    frame: pd.DataFrame  # the file's cells (text, or numbers where a whole column is numbers)
    bad_lines: int


@dataclass
class SalesRecords:
    """The usable rows of one sales file, and what was left out and why.

    `table` has one row per used sale or refund: `customer` (a number, not the id in the file),
    `date` (day), `amount` (net, negative for refunds), `purchase` (True for a sale) and `group`
    (the file's group column, or empty)."""

    file_name: str
    layout: str
    columns: ColumnMap
    rows: int
    rows_skipped: dict[str, int]
    date_format: str
    walk_in_sales: float
    refunds: int
    table: pd.DataFrame = field(repr=False)
    headers: list[str] = field(default_factory=list)  # every column name of the file

    @property
    def rows_used(self) -> int:
        return len(self.table)

    @property
    def has_groups(self) -> bool:
        return self.columns.group is not None


@dataclass(frozen=True)
class Coded:
    """A column as codes into its distinct values, stripped of surrounding spaces."""

    codes: np.ndarray
    values: pd.Series

    @classmethod
    def of(cls, column: pd.Series) -> Coded:
        codes, uniques = pd.factorize(column, use_na_sentinel=False)
        return cls(codes, pd.Series(uniques).astype(str).str.strip())

    def rows(self, per_value: np.ndarray | pd.Series) -> np.ndarray:
        return np.asarray(per_value)[self.codes]


class Reasons:
    """Each row's first reason to be left out (0: used)."""

    def __init__(self, count: int) -> None:
        self.codes = np.zeros(count, dtype=np.int8)

    def mark(self, mask: np.ndarray, reason: SkipReason) -> None:
        self.codes[(self.codes == 0) & mask] = REASONS.index(reason) + 1

    @property
    def used(self) -> np.ndarray:
        return self.codes == 0

    def counts(self) -> dict[str, int]:
        counted = np.bincount(self.codes, minlength=len(REASONS) + 1)[1:]
        return {r.value: int(n) for r, n in zip(REASONS, counted, strict=True) if n}


def clean_records(
    raw: RawTable, columns: ColumnMap, layout: Layout, file_name: str
) -> SalesRecords:
    frame = raw.frame
    roles = columns.used()
    text = {
        role: Coded.of(frame[header])
        for role, header in roles.items()
        if role not in MONEY_ROLES or not pd.api.types.is_numeric_dtype(frame[header])
    }
    reasons = Reasons(len(frame))
    reasons.mark(_blank(text, len(frame)), SkipReason.blank)
    if "order_id" in text:
        ids = text["order_id"]
        filled = ids.rows(ids.values != "")
        reasons.mark(
            filled & pd.Series(ids.codes).duplicated().to_numpy(), SkipReason.repeated_order
        )
    kinds = text["status"].rows(status_kind(text["status"].values)) if "status" in text else None
    if kinds is not None:
        reasons.mark(kinds == "not_completed", SkipReason.not_completed)
    reasons.mark(_formulas(text, len(frame)), SkipReason.formula)
    dates_text = text["date"]
    date_format = infer_date_format(dates_text.values, month_first=layout.month_first)
    dates = dates_text.rows(parse_dates(dates_text.values, date_format))
    reasons.mark(np.isnat(dates), SkipReason.bad_date)
    amounts = _money(frame, roles, text, "amount")
    reasons.mark(np.isnan(amounts), SkipReason.bad_amount)
    refunded = np.nan_to_num(_money(frame, roles, text, "refunded")) if "refunded" in roles else 0.0
    net = amounts - refunded
    is_refund = (net < 0) | ((net == 0) & (refunded > 0))
    if kinds is not None:
        refund_status = kinds == "refund"
        net = np.where(refund_status, -np.abs(net), net)
        is_refund |= refund_status
    reasons.mark((net == 0) & ~is_refund, SkipReason.zero_amount)
    walk_in = text["customer"].rows(text["customer"].values == "")
    walk_in_sales = float(net[reasons.used & walk_in].sum())
    reasons.mark(walk_in, SkipReason.walk_in)
    table = _table(text, dates, net, reasons.used)
    skipped = reasons.counts()
    if raw.bad_lines:
        skipped[SkipReason.bad_line.value] = raw.bad_lines
    return SalesRecords(
        file_name=file_name,
        layout=layout.label,
        columns=columns,
        rows=len(frame) + raw.bad_lines,
        rows_skipped=skipped,
        date_format=date_format.label,
        walk_in_sales=walk_in_sales,
        refunds=int((~table["purchase"]).sum()),
        table=table,
    )


def _money(
    frame: pd.DataFrame, roles: dict[str, str], text: dict[str, Coded], role: str
) -> np.ndarray:
    if role in text:
        return text[role].rows(parse_amounts(text[role].values))
    return frame[roles[role]].to_numpy(dtype=float)


def _blank(text: dict[str, Coded], count: int) -> np.ndarray:
    blank = np.ones(count, dtype=bool)
    for column in text.values():
        blank &= column.rows(column.values == "")
    return blank


def _formulas(text: dict[str, Coded], count: int) -> np.ndarray:
    found = np.zeros(count, dtype=bool)
    for role, column in text.items():
        found |= column.rows(looks_like_formula(column.values, numeric=role in MONEY_ROLES))
    return found


def _customer_numbers(customers: Coded) -> np.ndarray:
    """One number per customer, the same for 'Ann@mail.test' and 'ann@mail.test'."""
    codes, _ = pd.factorize(customers.values.str.lower())
    return customers.rows(codes)


def _groups(text: dict[str, Coded], used: np.ndarray) -> pd.Categorical:
    if "group" not in text:
        return pd.Categorical([""] * int(used.sum()))
    column = text["group"]
    names = column.values.str.slice(0, GROUP_NAME_CHARS).str.strip()
    codes, categories = pd.factorize(names)
    row_codes = column.rows(codes)[used]
    present = np.unique(row_codes)
    if len(present) > limits.MAX_GROUPS:
        raise SalesFileError(
            f"The group column has {len(present):,} different values; a group column names a "
            f"few groups (at most {limits.MAX_GROUPS}). Choose another column, or none."
        )
    return pd.Categorical.from_codes(row_codes, categories=pd.Index(categories, dtype=object))


def _table(
    text: dict[str, Coded], dates: np.ndarray, net: np.ndarray, used: np.ndarray
) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "customer": _customer_numbers(text["customer"])[used].astype(np.int64),
            "date": dates[used].astype("datetime64[s]"),
            "amount": net[used].astype(float),
            "purchase": net[used] > 0,
            "group": _groups(text, used),
        }
    )
