"""Turning the text of sales cells into dates, amounts and statuses, one whole column at a time.

A file has one date format: it is inferred from a sample of the column (the format that reads the
most of it; when day/month and month/day both read everything, the system's own habit decides,
else day/month) and then applied to every row. Times are ignored: figures are per day.
Amounts may carry currency symbols, thousands separators, a decimal comma or accounting brackets.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

DATE_SAMPLE = 2000


@dataclass(frozen=True)
class DateFormat:
    pattern: str  # strptime pattern of the date part
    label: str  # what the person reads, e.g. "DD/MM/YYYY"


def _format(pattern: str) -> DateFormat:
    label = pattern
    for code, word in (("%Y", "YYYY"), ("%y", "YY"), ("%m", "MM"), ("%d", "DD"), ("%b", "Mon")):
        label = label.replace(code, word)
    return DateFormat(pattern, label)


ISO = _format("%Y-%m-%d")
DAY_FIRST = tuple(_format(p) for p in ("%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d-%m-%y"))
MONTH_FIRST = tuple(_format(p) for p in ("%m/%d/%Y", "%m/%d/%y", "%m-%d-%Y", "%m-%d-%y"))
OTHERS = tuple(
    _format(p) for p in ("%Y/%m/%d", "%d.%m.%Y", "%d.%m.%y", "%Y%m%d", "%d-%b-%Y", "%d-%b-%y")
)

REFUND_WORDS = frozenset({"refund", "refunded", "return", "returned"})
NOT_COMPLETED_WORDS = frozenset(
    {
        "failed",
        "canceled",
        "cancelled",
        "voided",
        "void",
        "declined",
        "pending",
        "authorized",
        "expired",
        "draft",
        "on-hold",
        "on hold",
        "trash",
        "checkout-draft",
        "uncaptured",
        "incomplete",
        "requires payment method",
    }
)

CURRENCY_MARKS = "$€£¥₹ \u00a0"  # trimmed from around an amount before reading it whole
TIME_SEPARATOR = r"[ T]"
NOT_NUMBER = r"[^0-9,.\-()]"
DECIMAL_COMMA = r",\d{1,2}$"
FORMULA_TEXT = r"^(?:[=@]|[+\-]\s*[A-Za-z(])"
FORMULA_NUMBER = r"^[=@]"
FORMULA_STARTS = ("=", "@", "+", "-")  # the first characters both patterns need


def date_part(column: pd.Series) -> pd.Series:
    """'2025-03-04 10:22:01 -0500' -> '2025-03-04': the text before a time."""
    if not column.str.contains(TIME_SEPARATOR, regex=True).any():
        return column
    return column.str.split(TIME_SEPARATOR, n=1, regex=True).str[0]


def _candidates(month_first: bool) -> tuple[DateFormat, ...]:
    first, second = (MONTH_FIRST, DAY_FIRST) if month_first else (DAY_FIRST, MONTH_FIRST)
    return (ISO, *first, *second, *OTHERS)


def infer_date_format(column: pd.Series, month_first: bool = False) -> DateFormat:
    """The one format that reads the most of a sample of the column's dates."""
    filled = column[column != ""]
    step = max(1, len(filled) // DATE_SAMPLE)
    sample = date_part(filled.iloc[::step].head(DATE_SAMPLE))
    best, best_read = ISO, -1
    for candidate in _candidates(month_first):
        read = int(pd.to_datetime(sample, format=candidate.pattern, errors="coerce").notna().sum())
        if read > best_read:
            best, best_read = candidate, read
    return best


def iso_days(cells: pa.ChunkedArray) -> np.ndarray | None:
    """Every cell read as an ISO day ('2025-03-04', strictly: no time, no spaces) in one pass;
    None when any cell is not one. Then ISO is the format that reads the most of any sample,
    and the first tried, so `infer_date_format` would choose it and read the same days."""
    try:
        days = cells.cast(pa.date32())
    except pa.ArrowInvalid:
        return None
    return days.to_numpy().astype("datetime64[D]", copy=False)


def parse_dates(column: pd.Series, date_format: DateFormat) -> pd.Series:
    """Dates as datetime64 (day); NaT where a cell is blank or does not fit the format."""
    return pd.to_datetime(date_part(column), format=date_format.pattern, errors="coerce")


def _decimal_comma(cleaned: pd.Series) -> bool:
    """A file writes decimals one way: '1.234,50' and '12,5' use a comma, '1,234.50' a point."""
    both = cleaned[cleaned.str.contains(",", regex=False) & cleaned.str.contains(".", regex=False)]
    if len(both):
        first = both.iloc[0]
        return first.rfind(",") > first.rfind(".")
    return bool(cleaned.str.contains(DECIMAL_COMMA, regex=True).any())


def parse_amounts(column: pd.Series) -> pd.Series:
    """Money as floats; NaN where a cell is blank or not a number. '$1,234.50', '1.234,50 €',
    '(12.00)' and '-12' all read."""
    sample = column.head(DATE_SAMPLE)
    plain = pd.to_numeric(sample, errors="coerce").notna() | (sample == "")
    values = pd.to_numeric(column if plain.all() else column.head(0), errors="coerce")
    values = values.reindex(column.index)
    messy = values.isna().to_numpy() & (column != "").to_numpy()
    if not messy.any():
        return values.astype(float)
    text = column[messy].str.replace(NOT_NUMBER, "", regex=True)
    negative = (text.str.startswith("(") & text.str.endswith(")")) | text.str.startswith("-")
    text = text.str.replace(r"[()\-]", "", regex=True)
    if _decimal_comma(text):
        text = text.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
    else:
        text = text.str.replace(",", "", regex=False)
    cleaned = pd.to_numeric(text.where(text != "", None), errors="coerce")
    cleaned = cleaned.where(~negative, -cleaned)
    values = values.astype(float)
    values[messy] = cleaned.to_numpy(dtype=float)
    return values


def plain_amounts(cells: pa.ChunkedArray) -> np.ndarray | None:
    """Every cell read as a plain number ('12.50', '-3', '1e3'), perhaps after a currency symbol
    or spaces around it ('$12.50', '12.50 €'), in one pass; None when any cell is not one, or
    is not finite: `parse_amounts` then reads the column's distinct values. A cell that reads
    here reads the same there (no thousands separator, no decimal comma, no brackets)."""
    for attempt in (cells, None):
        try:
            values = (attempt or pc.utf8_trim(cells, CURRENCY_MARKS)).cast(pa.float64())
        except pa.ArrowInvalid:
            continue
        numbers = values.to_numpy()
        return numbers if np.isfinite(numbers).all() else None
    return None


def looks_like_formula(column: pd.Series, numeric: bool = False) -> np.ndarray:
    """Cells a spreadsheet would run as a formula: '=...', '@...', and for text '+A1', '-cmd'."""
    pattern = FORMULA_NUMBER if numeric else FORMULA_TEXT
    found = np.zeros(len(column), dtype=bool)
    maybe = column.str.startswith(FORMULA_STARTS).to_numpy(dtype=bool)  # fast: no regex
    if maybe.any():
        found[maybe] = column[maybe].str.contains(pattern, regex=True).to_numpy(dtype=bool)
    return found


def status_kind(column: pd.Series) -> pd.Series:
    """'refund', 'not_completed' or 'sale' per row, from a status column's words."""
    words = column.str.lower().str.strip().str.removeprefix("wc-").str.replace("_", " ")
    kinds = np.where(
        words.isin(REFUND_WORDS),
        "refund",
        np.where(words.isin(NOT_COMPLETED_WORDS), "not_completed", "sale"),
    )
    return pd.Series(kinds, index=column.index)
