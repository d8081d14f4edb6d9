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
import warnings
import zlib
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as arrow_csv

from canvas.measure import limits
from canvas.measure.errors import NeedsMapping, SalesFileError
from canvas.measure.layouts import CUSTOM, ColumnMap, Layout, detect_layout
from canvas.measure.records import RawTable, SalesRecords, clean_records
from canvas.measure.workbook import read_xlsx_table

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
UTF8 = "utf-8-sig"  # UTF-8, with or without a byte order mark
COUNT_CHUNK_BYTES = 4 * 1024 * 1024
NEWLINE = ord("\n")
QUOTE = b'"'


def read_sales(
    data: bytes,
    file_name: str,
    columns: ColumnMap | None = None,
    group_column: str | None = None,
    *,
    arrow: bool = True,
) -> SalesRecords:
    """Read a sales export. `columns` maps the roles when the file matches no known layout;
    `group_column` names the column that holds each sale's group (segment, tag). A CSV is
    parsed by Arrow when it can be (`_read_plain_csv`); `arrow=False` parses it with pandas
    only, the road every file can take (the tests and the bench compare the two)."""
    source = _open_table(data, arrow)
    layout, columns = _choose_columns(source, columns)
    if group_column is not None:
        columns = _with_group(columns, group_column, source.headers)
    ids = [h for h in (columns.customer, columns.order_id) if h]
    raw = source.load(sorted(set(columns.used().values())), ids)
    records = clean_records(raw, columns, layout, file_name)
    records.headers = list(source.headers)
    return records


# --- the file: kind, size, separator, header ------------------------------------------------


@dataclass(frozen=True)
class Source:
    """An opened file: its headers, and how to load the columns we need."""

    headers: list[str]
    load: Callable[[list[str], list[str]], RawTable]  # (wanted, id columns kept as text)

    def preview(self) -> list[list[str]]:
        return self.load(self.headers, []).head(limits.PREVIEW_ROWS)


def _open_table(data: bytes, arrow: bool = True) -> Source:
    if data.startswith(GZIP_MAGIC):
        data = _gunzip(data)
    if data.startswith(ZIP_MAGIC):
        frame = read_xlsx_table(data)
        headers = [str(h) for h in frame.columns]
        _check_headers(headers)
        return Source(headers, lambda wanted, _: RawTable.of_frame(frame, wanted, 0))
    _check_csv(data)
    encoding = _encoding(data)
    text = data[:SNIFF_BYTES].decode(encoding, errors="replace")
    separator = _separator(text)
    raw_headers = _header_row(text, separator)
    headers = [h.strip() for h in raw_headers]
    _check_headers(headers)
    named = _named_once(headers, raw_headers) if arrow else None
    return Source(
        headers, lambda wanted, ids: _read_csv(data, encoding, separator, wanted, ids, named)
    )


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
    if not data or data.isspace():
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
    """Lines holding anything (a last line without its newline counts; trailing empty ones not)."""
    tail = data[-1024:]
    end = len(data) - (len(tail) - len(tail.rstrip(b"\r\n")))
    if end < COUNT_CHUNK_BYTES:
        return data.count(b"\n", 0, end) + (end > 0)
    body = np.frombuffer(data, dtype=np.uint8, count=end)
    newlines = sum(
        int(np.count_nonzero(body[at : at + COUNT_CHUNK_BYTES] == NEWLINE))
        for at in range(0, end, COUNT_CHUNK_BYTES)
    )  # numpy, a chunk at a time: twice as fast as bytes.count on a 60 MB file
    return newlines + 1


def _encoding(data: bytes) -> str:
    try:
        data[:SNIFF_BYTES].decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if exc.start < SNIFF_BYTES - 4:  # not just a character cut at the end of the sample
            return "cp1252"
    return UTF8


def _separator(text: str) -> str:
    first = text.lstrip("\ufeff").lstrip("\r\n").splitlines()[0] if text.strip() else ""
    counts = {sep: first.count(sep) for sep in SEPARATORS}
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] else ","


def _header_row(text: str, separator: str) -> list[str]:
    """The column names as written (surrounding spaces kept)."""
    lines = text.lstrip("\ufeff").lstrip("\r\n").splitlines()
    return next(csv.reader(lines[:1], delimiter=separator), [])


def _named_once(headers: list[str], raw_headers: list[str]) -> dict[str, str] | None:
    """Each column name (stripped) to the name as written, when no two columns share a name."""
    if len(set(headers)) < len(headers) or len(set(raw_headers)) < len(raw_headers):
        return None
    return dict(zip(headers, raw_headers, strict=True))


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


FALLBACK_ENCODINGS = ("cp1252", "latin-1")  # Excel on Windows; latin-1 reads any byte
SKIPPED_LINE = "Skipping line"  # how pandas words a line with too many fields


def _read_csv(
    data: bytes,
    encoding: str,
    separator: str,
    wanted: list[str],
    as_text: list[str],
    named: dict[str, str] | None,
) -> RawTable:
    """The wanted columns: as text by Arrow's reader when the file is UTF-8 with one name per
    column, else by pandas. Id columns (`as_text`) that pandas read as numbers (or as
    Python ints, past 64 bits) are read again as text, so '0123' stays itself and a long card
    number loses no digit."""
    if encoding == UTF8 and named is not None:
        table = _read_plain_csv(data, separator, {h: named[h] for h in wanted})
        if table is not None:
            return table
    frame, bad_lines = _parse_any_encoding(data, encoding, separator, {})
    numeric = [h for h in as_text if not isinstance(frame[h].dtype, pd.StringDtype)]
    if numeric:
        raw_names = {c.strip(): c for c in _raw_columns(data, encoding, separator)}
        text_types = {raw_names.get(h, h): str for h in numeric}
        frame, bad_lines = _parse_any_encoding(data, encoding, separator, text_types)
    return RawTable.of_frame(frame, wanted, bad_lines)


def _read_plain_csv(data: bytes, separator: str, wanted: dict[str, str]) -> RawTable | None:
    """The wanted columns (name -> name as written) as text, read by Arrow, and only those
    columns (on one core: on a busy machine, Arrow's threads made it slower, not faster). None when the file needs pandas: text that is not UTF-8, a line with
    fewer fields than the header (pandas fills it with empty cells), or a header Arrow reads
    differently. A line with more fields is left out and counted, as pandas does; a blank line
    is a row of empty cells, as in pandas."""
    longer: list[int] = []

    def on_wrong_width(row: arrow_csv.InvalidRow) -> str:
        if row.actual_columns > row.expected_columns:
            longer.append(row.number or 0)
            return "skip"
        return "error"

    raw = list(wanted.values())
    try:
        table = arrow_csv.read_csv(
            pa.py_buffer(data),
            read_options=arrow_csv.ReadOptions(use_threads=False),  # see docs/bench/measure.md
            parse_options=arrow_csv.ParseOptions(
                delimiter=separator,
                newlines_in_values=QUOTE in data,  # only a quoted cell can hold a line break
                ignore_empty_lines=False,
                invalid_row_handler=on_wrong_width,
            ),
            convert_options=arrow_csv.ConvertOptions(
                include_columns=raw,
                column_types=dict.fromkeys(raw, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
                check_utf8=not _valid_utf8(data),  # checked whole at once: 8 ms, not 70
            ),
        )
    except pa.ArrowException:
        return None
    cells = {name: table.column(written) for name, written in wanted.items()}
    return RawTable(cells, table.num_rows, bad_lines=len(longer))


def _valid_utf8(data: bytes) -> bool:
    """The whole file is UTF-8 (a check over all the bytes at once, with no copy). Then so is
    every cell, since cells are cut at ASCII bytes (separators, quotes, line ends), which are
    never part of a longer character."""
    offsets = pa.array([0, len(data)], pa.int64()).buffers()[1]
    text = pa.Array.from_buffers(pa.large_string(), 1, [None, offsets, pa.py_buffer(data)])
    try:
        text.validate(full=True)
    except pa.ArrowInvalid:
        return False
    return True


def _raw_columns(data: bytes, encoding: str, separator: str) -> list[str]:
    return list(pd.read_csv(io.BytesIO(data), sep=separator, nrows=0, encoding=encoding).columns)


def _parse_any_encoding(
    data: bytes, encoding: str, separator: str, dtypes: dict[str, type]
) -> tuple[pd.DataFrame, int]:
    for attempt in (encoding, *FALLBACK_ENCODINGS):
        try:
            frame, bad_lines = _parse_csv(data, attempt, separator, dtypes)
        except UnicodeDecodeError:
            continue
        frame.columns = [str(c).strip() for c in frame.columns]
        return frame, bad_lines
    raise SalesFileError("This file's text could not be read.")  # latin-1 reads anything


def _parse_csv(
    data: bytes, encoding: str, separator: str, dtypes: dict[str, type]
) -> tuple[pd.DataFrame, int]:
    """Cells as text, or as numbers where a whole column is numbers (pandas' fast path), and
    the count of lines with more fields than the header (left out)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", pd.errors.ParserWarning)
        try:
            frame = pd.read_csv(
                io.BytesIO(data),
                sep=separator,
                keep_default_na=False,
                na_filter=False,
                skip_blank_lines=False,
                encoding=encoding,
                on_bad_lines="warn",
                dtype=dtypes or None,
                engine="c",
            )
        except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as exc:
            if isinstance(exc, UnicodeDecodeError):
                raise
            raise SalesFileError(
                "This file could not be read as a CSV table. Export it again as CSV, or save it "
                "as an Excel workbook (.xlsx)."
            ) from None
    bad_lines = sum(str(w.message).count(SKIPPED_LINE) for w in caught)
    return frame, bad_lines


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
