"""The fast roads read every file the same as the careful ones.

A UTF-8 CSV is parsed by Arrow, only its used columns (pandas parses it with
`arrow=False`, and whenever Arrow cannot read it the same way); a column whose every cell is an ISO
day or a plain number is read whole in one pass (else its distinct values are read one by one).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from canvas.measure.cleaning import (
    infer_date_format,
    iso_days,
    parse_amounts,
    parse_dates,
    plain_amounts,
)
from canvas.measure.errors import SalesFileError
from canvas.measure.limits import SkipReason
from canvas.measure.reading import read_sales
from canvas.measure.records import SalesRecords
from tests.measure.files import SHOPIFY_HEADER, csv_bytes, shopify_rows

HEADER = ["customer", "date", "amount"]


def many_rows(count: int = 5000, seed: int = 13) -> bytes:
    """Emails, ISO days, amounts with a currency symbol, a group; some walk-ins and refunds."""
    rng = random.Random(seed)
    rows = []
    for _ in range(count):
        who = rng.randrange(300)
        day = date(2024, 1, 1) + timedelta(days=rng.randrange(730))
        amount = rng.uniform(-20, 400)
        rows.append(
            [
                "" if who < 5 else f"C{who}@Mail.test" if who % 7 else f"c{who}@mail.test",
                day.isoformat(),
                f"${amount:.2f}" if amount >= 0 else f"-{-amount:.2f}",
                ("Regulars", "Families", "Offices")[who % 3],
            ]
        )
    return csv_bytes([*HEADER, "group"], rows)


FILES: dict[str, Callable[[], bytes]] = {
    "many rows": many_rows,
    "plain numbers and ISO days": lambda: csv_bytes(
        HEADER, [["a", "2025-01-03", "5"], ["b", "2025-01-04", "-2.5"], ["a", "2025-02-01", "1e2"]]
    ),
    "currency symbols and thousands separators": lambda: csv_bytes(
        HEADER, [["a", "2025-01-03", "$1,234.50"], ["b", "2025-01-04", "(3.50)"]]
    ),
    "blank lines, a BOM and CRLF": lambda: (
        b"\xef\xbb\xbfcustomer,date,amount\r\na,2025-01-03,5\r\n\r\n,,\r\nb,2025-01-04,6\r\n\r\n"
    ),
    "a quoted line break and a line with too many fields": lambda: (
        b'customer,date,amount\n"Ann\nSmith",2025-01-03,5\nBob,2025-01-03,1,234.50\n'
    ),
    "a line with too few fields": lambda: b"customer,date,amount\na,2025-01-03\nb,2025-01-04,5\n",
    "a line of spaces": lambda: b"customer,date,amount\n   \na,2025-01-03,5\n",
    "semicolons and decimal commas": lambda: csv_bytes(
        HEADER, [["a", "03/01/2025", "1.234,50"], ["b", "04/01/2025", "12,5"]], sep=";"
    ),
    "a Shopify export": lambda: csv_bytes(
        SHOPIFY_HEADER,
        [
            *shopify_rows(
                "#1", "ann@mail.test", "paid", "2025-01-03 10:22:01 -0500", "50.00", "", 3
            ),
            *shopify_rows(
                "#2", "ANN@mail.test", "refunded", "2025-02-03 11:00:00", "80.00", "80", 1
            ),
            *shopify_rows("#3", "bob@mail.test", "pending", "2025-02-05 11:00:00", "30.00", "", 1),
        ],
    ),
    "walk-ins, formulas, bad dates and amounts": lambda: csv_bytes(
        HEADER,
        [
            ["", "2025-01-03", "5"],
            ["=HYPERLINK(1)", "2025-01-03", "5"],
            ["b", "not a date", "5"],
            ["c", "2025-01-03", "five"],
            ["d", "2025-01-03", "0"],
            ["e", "2025-01-03", "@SUM(A1)"],
        ],
    ),
    "names with spaces around them": lambda: b" customer , date ,amount\na,2025-01-03,5\n",
    "two columns with one name": lambda: b"customer,date,amount,note,note\na,2025-01-03,5,x,y\n",
    "blank lines before the names": lambda: b"\n\ncustomer,date,amount\na,2025-01-03,5\n",
    "ids that look like numbers": lambda: csv_bytes(
        HEADER, [["0123", "2025-01-03", "5"], ["123", "2025-01-03", "5"]]
    ),
    "only the names": lambda: b"customer,date,amount\n",
    "UTF-8 beyond ASCII": lambda: csv_bytes(
        [*HEADER, "group"],
        [
            ["zoë@mail.test", "2025-01-03", "5 €", "Crème brûlée fans"],
            ["ZOË@mail.test", "2025-01-04", "£6", "São Paulo 🥐"],
            ["jörg", "2025-01-05", "7", "Crème brûlée fans"],
        ],
    ),
    "not UTF-8 in a column not used": lambda: (
        b"customer,date,amount,note\n" + "a,2025-01-03,5,René\n".encode("cp1252")
    ),
    "not UTF-8 past the first 64 KB": lambda: (
        b"customer,date,amount\n"
        + b"a,2025-01-03,5\n" * 5000
        + "René,2025-01-04,6\n".encode("cp1252")
    ),
}


def outcome(data: bytes, arrow: bool) -> SalesRecords | str:
    try:
        return read_sales(data, "sales.csv", arrow=arrow)
    except SalesFileError as error:
        return str(error)


@pytest.mark.parametrize("name", list(FILES))
def test_arrow_reads_each_file_as_pandas_does(name: str) -> None:
    data = FILES[name]()
    fast, careful = outcome(data, arrow=True), outcome(data, arrow=False)
    if isinstance(careful, str):
        assert fast == careful
        return
    assert isinstance(fast, SalesRecords)
    summary = ("rows", "rows_skipped", "date_format", "walk_in_sales", "refunds", "layout")
    assert {k: getattr(fast, k) for k in summary} == {k: getattr(careful, k) for k in summary}
    pd.testing.assert_frame_equal(fast.table, careful.table)


def test_the_many_rows_file_is_read_in_full() -> None:
    records = read_sales(many_rows(), "sales.csv")
    walk_ins = records.rows_skipped[SkipReason.walk_in.value]
    assert records.rows == 5000 and records.rows_used + walk_ins == 5000
    assert records.table["customer"].nunique() == 295  # 'C8@Mail.test' is 'c8@mail.test'


def arrow(cells: list[str]) -> pa.ChunkedArray:
    return pa.chunked_array([pa.array(cells, type=pa.string())])


def test_iso_days_read_whole_as_the_inferred_format_reads_them() -> None:
    cells = ["2025-01-31", "2024-02-29", "1999-12-01", "2025-01-31"]
    careful = parse_dates(pd.Series(cells), infer_date_format(pd.Series(cells)))
    assert infer_date_format(pd.Series(cells)).label == "YYYY-MM-DD"
    np.testing.assert_array_equal(iso_days(arrow(cells)), careful.to_numpy(dtype="datetime64[D]"))


@pytest.mark.parametrize(
    "cells",
    [["2025-1-3"], ["2025-01-03 10:00"], [""], ["31/01/2025"], ["2025-02-30"], [" 2025-01-03"]],
)
def test_dates_not_all_iso_days_are_read_one_value_at_a_time(cells: list[str]) -> None:
    assert iso_days(arrow(["2025-01-03", *cells])) is None


def test_plain_amounts_read_whole_as_each_value_reads_alone() -> None:
    rng = random.Random(7)
    marks = [("", ""), ("$", ""), ("€ ", ""), ("£", ""), ("", " €"), ("$", " "), (" ", "")]
    cells = []
    for _ in range(2000):
        before, after = rng.choice(marks)
        sign = rng.choice(["", "", "-"]) if not before else rng.choice(["", "-"])
        number = f"{rng.uniform(0, 999):.{rng.choice([0, 1, 2])}f}"
        cells.append(
            f"{sign}{before}{number}{after}" if not before else f"{before}{sign}{number}{after}"
        )
    fast = plain_amounts(arrow(cells))
    assert fast is not None
    np.testing.assert_array_equal(fast, parse_amounts(pd.Series(cells)).to_numpy())


@pytest.mark.parametrize(
    "cells",
    [["1,234.50"], ["12,5"], ["(3.50)"], ["AUD 7"], [""], ["inf"], ["nan"], ["-$5"], ["five"]],
)
def test_amounts_not_all_plain_are_read_one_value_at_a_time(cells: list[str]) -> None:
    assert plain_amounts(arrow(["5.00", *cells])) is None
