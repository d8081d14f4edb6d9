"""Reading the first sheet of an Excel sales export (.xlsx), as text, safely.

The archive is checked before openpyxl sees it (parts, declared sizes, compression ratio, macros,
encryption), like the canvas workbook import (`canvas.outputs.excel.safety`, which this layer may
not import); the sheet is then streamed (read-only) and stops at the row cap. Formulas are never
run: a formula cell reads as its text ('=SUM(...)'), which the cleaning step leaves out.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime

import pandas as pd

from canvas.measure import limits
from canvas.measure.errors import SalesFileError

MACRO_MARKERS = ("vbaproject", "macroenabled", "vbadata", "xl/macrosheets/")


def _refuse(message: str) -> SalesFileError:
    return SalesFileError(message)


def check_archive(data: bytes) -> None:
    """Refuse a workbook too large, damaged, macro-enabled, encrypted or a 'zip bomb'."""
    if len(data) > limits.MAX_XLSX_BYTES:
        raise _refuse(
            f"This workbook is {len(data) / limits.MB:.1f} MB; an Excel sales file can be at most "
            f"{limits.MAX_XLSX_BYTES // limits.MB} MB. Export the sales as CSV instead, or a "
            "shorter period."
        )
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, OSError):
        raise _refuse(
            "This workbook is damaged or incomplete. Save it again from Excel, or export the "
            "sales as CSV."
        ) from None
    names = [m.filename.lower() for m in members]
    if any(marker in name for name in names for marker in MACRO_MARKERS):
        raise _refuse(
            "This workbook contains macros. For your safety it was not opened: save it as an "
            "ordinary Excel workbook (.xlsx) or as CSV."
        )
    if any(m.flag_bits & 0x1 for m in members):
        raise _refuse("This workbook is encrypted. Remove the password and try again.")
    unpacked = sum(m.file_size for m in members)
    squeezed = any(
        m.file_size > limits.XLSX_RATIO_FLOOR_BYTES
        and m.file_size > limits.MAX_XLSX_RATIO * max(m.compress_size, 1)
        for m in members
    )
    if unpacked > limits.MAX_XLSX_UNPACKED_BYTES or squeezed:
        raise _refuse(
            "This workbook unpacks to far more data than a sales export holds, so it was not "
            "opened (it may be a 'zip bomb')."
        )
    if len(members) > limits.MAX_XLSX_MEMBERS or "xl/workbook.xml" not in names:
        raise _refuse("This is not an Excel workbook (.xlsx). Export the sales as CSV or .xlsx.")


def _as_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_xlsx_table(data: bytes) -> pd.DataFrame:
    """The first sheet as text: its first row the headers, at most MAX_ROWS rows after it."""
    import openpyxl

    check_archive(data)
    try:
        book = openpyxl.load_workbook(
            io.BytesIO(data), read_only=True, data_only=False, keep_links=False
        )
    except Exception:  # openpyxl raises many kinds on a damaged file
        raise _refuse(
            "This workbook could not be opened. Save it again from Excel, or export the sales "
            "as CSV."
        ) from None
    try:
        rows = book.worksheets[0].iter_rows(values_only=True)
        headers = [_as_text(h).strip() for h in next(rows, ())]
        body: list[list[str]] = []
        for row in rows:
            if len(body) >= limits.MAX_ROWS:
                raise _refuse(
                    f"This workbook has more than {limits.MAX_ROWS:,} rows; a sales file can "
                    "have at most that many. Export a shorter period and try again."
                )
            body.append([_as_text(v) for v in row[: len(headers)]])
    finally:
        book.close()
    width = len(headers)
    body = [cells + [""] * (width - len(cells)) for cells in body]
    return pd.DataFrame(body, columns=_unique(headers), dtype=str)


def _unique(headers: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    names = []
    for header in headers:
        seen[header] = seen.get(header, 0) + 1
        names.append(header if seen[header] == 1 else f"{header} ({seen[header]})")
    return names
