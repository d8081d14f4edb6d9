"""From a table of cells to clean sales records, counting every row left out by its reason.

Each text column is first reduced to its distinct values (`Coded`): a file of a million rows
holds a few thousand customers, a few hundred dates and a handful of groups, so each value is
stripped, checked and parsed once, not once per row. A date or amount column whose every cell
is plain (ISO days; numbers, perhaps with a currency symbol) is read whole in one pass instead,
which is faster still. Customer ids become numbers here and go no further.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from canvas.core.limits import max_length
from canvas.core.model import CustomerGroup
from canvas.measure import limits
from canvas.measure.cleaning import (
    ISO,
    DateFormat,
    infer_date_format,
    iso_days,
    looks_like_formula,
    parse_amounts,
    parse_dates,
    plain_amounts,
    status_kind,
)
from canvas.measure.errors import SalesFileError
from canvas.measure.layouts import ColumnMap, Layout
from canvas.measure.limits import SkipReason

GROUP_NAME_CHARS = max_length(CustomerGroup, "name")
MONEY_ROLES = ("amount", "refunded", "margin")
REASONS = list(SkipReason)


Cells = pd.Series | pa.ChunkedArray


@dataclass(frozen=True)
class RawTable:
    """The cells of a file's wanted columns, each a pandas column (text, or numbers where a
    whole column is numbers) or Arrow text, and the lines left out for too many fields."""

    columns: dict[str, Cells]
    rows: int
    bad_lines: int

    @classmethod
    def of_frame(cls, frame: pd.DataFrame, wanted: list[str], bad_lines: int) -> RawTable:
        return cls({h: frame[h] for h in wanted}, len(frame), bad_lines)

    def head(self, count: int) -> list[list[str]]:
        frame = pd.DataFrame(
            {
                header: cells.slice(0, count).to_pandas()
                if isinstance(cells, pa.ChunkedArray)
                else cells.head(count).reset_index(drop=True)
                for header, cells in self.columns.items()
            }
        )
        return frame.astype(str).to_numpy().tolist()


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
    """A text column as codes into its distinct values, stripped of surrounding spaces."""

    codes: np.ndarray
    values: pd.Series

    @classmethod
    def of(cls, column: Cells) -> Coded:
        cells = arrow_text(column)
        if cells is None:
            codes, uniques = pd.factorize(column, use_na_sentinel=False)
            return cls(codes, pd.Series(uniques).astype(str).str.strip())
        encoded = pc.dictionary_encode(cells)  # one dictionary, shared by every chunk
        if encoded.num_chunks == 0:
            return cls(np.zeros(0, dtype=np.int32), pd.Series([], dtype=str))
        codes = np.concatenate([chunk.indices.to_numpy() for chunk in encoded.chunks])
        return cls(codes, encoded.chunk(0).dictionary.to_pandas().str.strip())

    def rows(self, per_value: np.ndarray | pd.Series) -> np.ndarray:
        return np.asarray(per_value)[self.codes]

    def rows_where(self, per_value: np.ndarray | pd.Series) -> np.ndarray | None:
        """Each row's flag from its value's, or None when no value is flagged (no row is)."""
        flags = np.asarray(per_value, dtype=bool)
        return flags[self.codes] if flags.any() else None


def arrow_text(column: Cells) -> pa.ChunkedArray | None:
    """A text column as Arrow strings (pandas keeps text in Arrow), blanks as ''; None for a
    column that is not text in Arrow."""
    if isinstance(column, pd.Series):
        if not (isinstance(column.dtype, pd.StringDtype) and column.dtype.storage == "pyarrow"):
            return None
        column = column.array.__arrow_array__()  # the Arrow protocol: the data, not a copy
    if column.type != pa.string():
        column = column.cast(pa.string())  # pandas' large strings hash at half the speed
    return column.fill_null("") if column.null_count else column


class Reasons:
    """Each row's first reason to be left out (0: used)."""

    def __init__(self, count: int) -> None:
        self.codes = np.zeros(count, dtype=np.int8)

    def mark(self, mask: np.ndarray | None, reason: SkipReason) -> None:
        """Mark the rows of `mask` not marked yet; None (or no row) marks nothing."""
        if mask is not None and mask.any():
            self.codes[(self.codes == 0) & mask] = REASONS.index(reason) + 1

    @property
    def used(self) -> np.ndarray:
        return self.codes == 0

    def counts(self) -> dict[str, int]:
        counted = np.bincount(self.codes, minlength=len(REASONS) + 1)[1:]
        return {r.value: int(n) for r, n in zip(REASONS, counted, strict=True) if n}


@dataclass(frozen=True)
class Columns:
    """The used columns of a table: text ones as `Coded`, and those read whole in one pass
    (every cell a plain number, or every date an ISO day) as per-row values."""

    text: dict[str, Coded]
    whole: dict[str, np.ndarray]

    @classmethod
    def of(cls, raw: RawTable, roles: dict[str, str]) -> Columns:
        read = {role: _column(raw.columns[header], role) for role, header in roles.items()}
        return cls(
            text={role: column for role, column in read.items() if isinstance(column, Coded)},
            whole={role: cells for role, cells in read.items() if isinstance(cells, np.ndarray)},
        )


def _column(cells: Cells, role: str) -> Coded | np.ndarray:
    read = _read_whole(cells, role)
    return Coded.of(cells) if read is None else read


def _read_whole(column: Cells, role: str) -> np.ndarray | None:
    if role != "date" and role not in MONEY_ROLES:
        return None
    numeric = isinstance(column, pd.Series) and pd.api.types.is_numeric_dtype(column)
    if numeric and role in MONEY_ROLES:
        return column.to_numpy(dtype=float)
    cells = arrow_text(column)
    if cells is None:
        return None
    if role == "date":
        return iso_days(cells)
    if role in MONEY_ROLES:
        return plain_amounts(cells)
    return None


def clean_records(
    raw: RawTable, columns: ColumnMap, layout: Layout, file_name: str
) -> SalesRecords:
    cells = Columns.of(raw, columns.used())
    text = cells.text
    reasons = Reasons(raw.rows)
    reasons.mark(_blank(cells, raw.rows), SkipReason.blank)
    if "order_id" in text:
        ids = text["order_id"]
        filled = ids.rows(ids.values != "")
        reasons.mark(
            filled & pd.Series(ids.codes).duplicated().to_numpy(), SkipReason.repeated_order
        )
    kinds = text["status"].rows(status_kind(text["status"].values)) if "status" in text else None
    if kinds is not None:
        reasons.mark(kinds == "not_completed", SkipReason.not_completed)
    reasons.mark(_formulas(text), SkipReason.formula)
    dates, date_format = _dates(cells, layout)
    reasons.mark(np.isnat(dates), SkipReason.bad_date)
    amounts = _money(cells, "amount")
    reasons.mark(np.isnan(amounts), SkipReason.bad_amount)
    refunded = np.nan_to_num(_money(cells, "refunded")) if "refunded" in columns.used() else 0.0
    net = amounts - refunded
    is_refund = (net < 0) | ((net == 0) & (refunded > 0))
    if kinds is not None:
        refund_status = kinds == "refund"
        net = np.where(refund_status, -np.abs(net), net)
        is_refund |= refund_status
    reasons.mark((net == 0) & ~is_refund, SkipReason.zero_amount)
    walk_in = text["customer"].rows_where(text["customer"].values == "")
    walk_in_sales = float(net[reasons.used & walk_in].sum()) if walk_in is not None else 0.0
    reasons.mark(walk_in, SkipReason.walk_in)
    table = _table(text, dates, net, reasons.used)
    skipped = reasons.counts()
    if raw.bad_lines:
        skipped[SkipReason.bad_line.value] = raw.bad_lines
    return SalesRecords(
        file_name=file_name,
        layout=layout.label,
        columns=columns,
        rows=raw.rows + raw.bad_lines,
        rows_skipped=skipped,
        date_format=date_format.label,
        walk_in_sales=walk_in_sales,
        refunds=int((~table["purchase"]).sum()),
        table=table,
    )


def _dates(cells: Columns, layout: Layout) -> tuple[np.ndarray, DateFormat]:
    if "date" in cells.whole:
        return cells.whole["date"], ISO  # every cell an ISO day: the format that reads them all
    dates_text = cells.text["date"]
    date_format = infer_date_format(dates_text.values, month_first=layout.month_first)
    return dates_text.rows(parse_dates(dates_text.values, date_format)), date_format


def _money(cells: Columns, role: str) -> np.ndarray:
    if role in cells.whole:
        return cells.whole[role]
    return cells.text[role].rows(parse_amounts(cells.text[role].values))


def _blank(cells: Columns, count: int) -> np.ndarray | None:
    """Rows whose every used cell is empty. A column read whole has no empty cell, so then
    no row is blank."""
    if cells.whole:
        return None
    blank = np.ones(count, dtype=bool)
    for column in cells.text.values():
        empty = column.rows_where(column.values == "")
        if empty is None:
            return None
        blank &= empty
    return blank


def _formulas(text: dict[str, Coded]) -> np.ndarray | None:
    found: np.ndarray | None = None
    for role, column in text.items():
        rows = column.rows_where(looks_like_formula(column.values, numeric=role in MONEY_ROLES))
        if rows is not None:
            found = rows if found is None else found | rows
    return found


def _customer_numbers(customers: Coded) -> np.ndarray:
    """One number per customer, the same for 'Ann@mail.test' and 'ann@mail.test'."""
    codes, _ = pd.factorize(customers.values.str.lower())
    return customers.rows(codes.astype(np.int64, copy=False))


def _groups(text: dict[str, Coded], used: np.ndarray) -> pd.Categorical:
    if "group" not in text:
        return pd.Categorical([""] * int(used.sum()))
    column = text["group"]
    names = column.values.str.slice(0, GROUP_NAME_CHARS).str.strip()
    codes, categories = pd.factorize(names)
    small = np.int8 if len(categories) < np.iinfo(np.int8).max else np.int32
    row_codes = _kept(column.rows(codes.astype(small)), used)
    present = int(np.count_nonzero(np.bincount(row_codes, minlength=len(categories))))
    if present > limits.MAX_GROUPS:
        raise SalesFileError(
            f"The group column has {present:,} different values; a group column names a "
            f"few groups (at most {limits.MAX_GROUPS}). Choose another column, or none."
        )
    return pd.Categorical.from_codes(
        row_codes,
        categories=pd.Index(categories, dtype=object),
        validate=False,  # codes of pd.factorize: each a category
    )


def _table(
    text: dict[str, Coded], dates: np.ndarray, net: np.ndarray, used: np.ndarray
) -> pd.DataFrame:
    net = _kept(net, used)
    return pd.DataFrame(
        {
            "customer": _kept(_customer_numbers(text["customer"]), used),
            "date": _kept(dates, used).astype("datetime64[s]"),
            "amount": net.astype(float, copy=False),
            "purchase": net > 0,
            "group": _groups(text, used),
        },
        copy=False,  # the arrays are new: no second copy
    )


def _kept(per_row: np.ndarray, used: np.ndarray) -> np.ndarray:
    """The used rows (the array itself when every row is used)."""
    return per_row if used.all() else per_row[used]
