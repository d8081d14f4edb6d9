"""Reading a sales export (CSV or XLSX) into clean sales records, counting every row left out.

The file is checked before it is parsed (size, kind, rows, columns); a file we will not read raises
`SalesFileError` with one plain sentence, and nothing else happens. A file whose columns we cannot
tell apart raises `NeedsMapping` with its headers and first rows, so the person can say which
column is which. Customer ids stay inside the returned `SalesRecords` (as numbers): they never
reach a canvas or the store.
"""

from __future__ import annotations

import csv
import gzip
import io
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace

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
from canvas.measure.errors import NeedsMapping, SalesFileError
from canvas.measure.layouts import CUSTOM, ColumnMap, Layout, detect_layout
from canvas.measure.limits import SkipReason
from canvas.measure.workbook import read_xlsx_table

GROUP_NAME_CHARS = max_length(CustomerGroup, "name")
SEPARATORS = (",", ";", "\t", "|")
NUL = b"\x00"
BINARY_MAGIC = {
    b"%PDF": "a PDF document",
    b"\x89PNG": "a picture (PNG)",
    b"\xff\xd8\xff": "a picture (JPEG)",
    b"GIF8": "a picture (GIF)",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1": "an old Excel 97-2003 file or a password-protected file",
    b"SQLite format 3": "a database file",
}
ZIP_MAGIC = b"PK\x03\x04"
GZIP_MAGIC = b"\x1f\x8b"
SNIFF_BYTES = 64 * 1024


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

    @property
    def rows_used(self) -> int:
        return len(self.table)

    @property
    def has_groups(self) -> bool:
        return self.columns.group is not None


@dataclass(frozen=True)
class RawTable:
    frame: pd.DataFrame  # every cell as text
    bad_lines: int


def read_sales(
    data: bytes,
    file_name: str,
    columns: ColumnMap | None = None,
    group_column: str | None = None,
) -> SalesRecords:
    """Read a sales export. `columns` maps the roles when the file matches no known layout;
    `group_column` names the column that holds each sale's group (segment, tag)."""
    source = _open_table(data)
    layout, columns = _choose_columns(source, columns)
    if group_column is not None:
        columns = _with_group(columns, group_column, source.headers)
    raw = source.load(sorted(set(columns.used().values())))
    return clean_records(raw, columns, layout, file_name)


# --- the file: kind, size, separator, header ------------------------------------------------


@dataclass(frozen=True)
class Source:
    """An opened file: its headers, and how to load the columns we need."""

    headers: list[str]
    load: Callable[[list[str]], RawTable]

    def preview(self) -> list[list[str]]:
        return self.load(self.headers).frame.head(limits.PREVIEW_ROWS).to_numpy().tolist()


def _open_table(data: bytes) -> Source:
    if data.startswith(GZIP_MAGIC):
        data = _gunzip(data)
    if data.startswith(ZIP_MAGIC):
        frame = read_xlsx_table(data)
        headers = [str(h) for h in frame.columns]
        _check_headers(headers)
        return Source(headers, lambda wanted: RawTable(frame.loc[:, wanted], bad_lines=0))
    _check_csv(data)
    encoding = _encoding(data)
    text = data[:SNIFF_BYTES].decode(encoding, errors="replace")
    separator = _separator(text)
    headers = _header_row(text, separator)
    _check_headers(headers)
    return Source(headers, lambda wanted: _read_csv(data, encoding, separator, wanted))


def _gunzip(data: bytes) -> bytes:
    """A gzipped CSV (.csv.gz), unpacked no further than the CSV size cap."""
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as packed:
            text = packed.read(limits.MAX_CSV_BYTES + 1)
    except (OSError, EOFError, zlib.error):
        raise SalesFileError(
            "This compressed file (.gz) is damaged or incomplete. Export the sales again."
        ) from None
    if len(text) > limits.MAX_CSV_BYTES:
        raise SalesFileError(
            f"This compressed file unpacks to more than {limits.MAX_CSV_BYTES // limits.MB} MB, "
            "more than a sales file can be. Export a shorter period (two years is enough)."
        )
    return text


def _check_csv(data: bytes) -> None:
    if not data.strip():
        raise SalesFileError("This file is empty.")
    if len(data) > limits.MAX_CSV_BYTES:
        raise SalesFileError(
            f"This file is {len(data) / limits.MB:.0f} MB; a sales file can be at most "
            f"{limits.MAX_CSV_BYTES // limits.MB} MB. Export a shorter period (two years is "
            "enough) and try again."
        )
    for magic, kind in BINARY_MAGIC.items():
        if data.startswith(magic):
            raise SalesFileError(
                f"This is {kind}, not a sales export. Export your sales as CSV or Excel (.xlsx)."
            )
    if NUL in data[:SNIFF_BYTES]:
        raise SalesFileError(
            "This is not a text file, so it is not a CSV sales export. Export your sales as CSV "
            "or Excel (.xlsx) and try again."
        )
    rows = _line_count(data) - 1
    if rows > limits.MAX_ROWS:
        raise SalesFileError(
            f"This file has {rows:,} rows; a sales file can have at most "
            f"{limits.MAX_ROWS:,}. Export a shorter period (two years is enough) and try again."
        )


def _line_count(data: bytes) -> int:
    return data.count(b"\n") + (not data.endswith(b"\n"))


def _encoding(data: bytes) -> str:
    try:
        data[:SNIFF_BYTES].decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if exc.start < SNIFF_BYTES - 4:  # not just a character cut at the end of the sample
            return "cp1252"
    return "utf-8-sig"


def _separator(text: str) -> str:
    first = text.lstrip("\ufeff").lstrip("\r\n").splitlines()[0] if text.strip() else ""
    counts = {sep: first.count(sep) for sep in SEPARATORS}
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] else ","


def _header_row(text: str, separator: str) -> list[str]:
    lines = text.lstrip("\ufeff").lstrip("\r\n").splitlines()
    row = next(csv.reader(lines[:1], delimiter=separator), [])
    return [h.strip() for h in row]


def _check_headers(headers: list[str]) -> None:
    if len(headers) > limits.MAX_COLUMNS:
        raise SalesFileError(
            f"This file has {len(headers):,} columns; a sales export has far fewer (at most "
            f"{limits.MAX_COLUMNS}). Is it the right file?"
        )
    if not any(headers):
        raise SalesFileError(
            "The first row of this file is empty: a sales export starts with a row of column "
            "names (such as customer, date, amount)."
        )


def _read_csv(data: bytes, encoding: str, separator: str, wanted: list[str]) -> RawTable:
    try:
        frame = pd.read_csv(
            io.BytesIO(data),
            sep=separator,
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=False,
            encoding=encoding,
            encoding_errors="replace",
            on_bad_lines="skip",
            usecols=lambda name: name.strip() in wanted,
            engine="c",
        )
    except (pd.errors.ParserError, ValueError, UnicodeError) as exc:
        raise SalesFileError(
            f"This file could not be read as a CSV table ({exc.__class__.__name__}). Export it "
            "again as CSV, or save it as an Excel workbook (.xlsx)."
        ) from None
    frame.columns = [c.strip() for c in frame.columns]
    data_lines = _line_count(data.rstrip(b"\r\n")) - 1
    return RawTable(frame, bad_lines=max(0, data_lines - len(frame)))


# --- which column is which -------------------------------------------------------------------


def _choose_columns(source: Source, columns: ColumnMap | None) -> tuple[Layout, ColumnMap]:
    if columns is not None:
        missing = [h for h in columns.used().values() if h not in source.headers]
        if missing:
            raise SalesFileError(
                f"This file has no column named {', '.join(repr(m) for m in missing)}. Its "
                f"columns are: {', '.join(source.headers)}."
            )
        return CUSTOM, columns
    found = detect_layout(source.headers)
    if found is None:
        raise NeedsMapping(
            "The columns of this file were not recognised. Say which column holds the customer "
            "(id or email), the date and the amount.",
            source.headers,
            source.preview(),
        )
    return found


def _with_group(columns: ColumnMap, group_column: str, headers: list[str]) -> ColumnMap:
    if group_column not in headers:
        raise SalesFileError(
            f"This file has no column named '{group_column}'. Its columns are: "
            f"{', '.join(headers)}."
        )
    return replace(columns, group=group_column)


# --- cleaning ---------------------------------------------------------------------------------


def clean_records(
    raw: RawTable, columns: ColumnMap, layout: Layout, file_name: str
) -> SalesRecords:
    frame = raw.frame
    text = {role: frame[header].str.strip() for role, header in columns.used().items()}
    count = len(frame)
    reasons = np.zeros(count, dtype=np.int8)
    order = list(SkipReason)

    def mark(mask: np.ndarray | pd.Series, reason: SkipReason) -> None:
        reasons[(reasons == 0) & np.asarray(mask, dtype=bool)] = order.index(reason) + 1

    mark(_blank(text, count), SkipReason.blank)
    if "order_id" in text:
        ids = text["order_id"]
        mark((ids != "") & ids.duplicated(), SkipReason.repeated_order)
    kinds = status_kind(text["status"]) if "status" in text else None
    if kinds is not None:
        mark(kinds == "not_completed", SkipReason.not_completed)
    mark(_formulas(text), SkipReason.formula)
    date_format = infer_date_format(text["date"][reasons == 0], month_first=layout.month_first)
    dates = parse_dates(text["date"], date_format)
    mark(dates.isna(), SkipReason.bad_date)
    amounts = parse_amounts(text["amount"])
    mark(amounts.isna(), SkipReason.bad_amount)
    refunded = parse_amounts(text["refunded"]).fillna(0.0) if "refunded" in text else 0.0
    net = amounts - refunded
    is_refund = (net < 0) | ((net == 0) & (refunded > 0))
    if kinds is not None:
        refund_status = (kinds == "refund").to_numpy()
        net = net.where(~refund_status, -net.abs())
        is_refund = is_refund | refund_status
    mark((net == 0) & ~is_refund, SkipReason.zero_amount)
    walk_in = text["customer"] == ""
    walk_in_sales = float(net[(reasons == 0) & walk_in.to_numpy()].sum())
    mark(walk_in, SkipReason.walk_in)
    used = reasons == 0
    table = _table(text, dates, net, used)
    skipped = {
        reason.value: int(n)
        for reason, n in zip(order, np.bincount(reasons, minlength=len(order) + 1)[1:], strict=True)
        if n
    }
    if raw.bad_lines:
        skipped[SkipReason.bad_line.value] = raw.bad_lines
    return SalesRecords(
        file_name=file_name,
        layout=layout.label,
        columns=columns,
        rows=count + raw.bad_lines,
        rows_skipped=skipped,
        date_format=date_format.label,
        walk_in_sales=walk_in_sales,
        refunds=int((~table["purchase"]).sum()),
        table=table,
    )


def _blank(text: dict[str, pd.Series], count: int) -> np.ndarray:
    blank = np.ones(count, dtype=bool)
    for column in text.values():
        blank &= (column == "").to_numpy()
    return blank


def _formulas(text: dict[str, pd.Series]) -> np.ndarray:
    found = np.zeros(len(text["customer"]), dtype=bool)
    for role, column in text.items():
        found |= looks_like_formula(column, numeric=role in ("amount", "refunded", "margin"))
    return found


def _table(
    text: dict[str, pd.Series], dates: pd.Series, net: pd.Series, used: np.ndarray
) -> pd.DataFrame:
    customers = text["customer"][used].str.lower()
    codes, _ = pd.factorize(customers)
    groups = text["group"][used] if "group" in text else pd.Series("", index=customers.index)
    groups = groups.str.slice(0, GROUP_NAME_CHARS).str.strip().astype("category")
    if len(groups.cat.categories) > limits.MAX_GROUPS:
        raise SalesFileError(
            f"The group column has {len(groups.cat.categories):,} different values; a group "
            f"column names a few groups (at most {limits.MAX_GROUPS}). Choose another column, "
            "or none."
        )
    return pd.DataFrame(
        {
            "customer": codes.astype(np.int64),
            "date": dates[used].dt.normalize().to_numpy(),
            "amount": net[used].to_numpy(dtype=float),
            "purchase": (net[used] > 0).to_numpy(),
            "group": groups.to_numpy(),
        }
    )
