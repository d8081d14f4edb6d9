"""Hostile sales files: each is refused with a clear message, and nothing changes."""

from __future__ import annotations

import gzip
import io
import random
import zipfile
from functools import cache
from pathlib import Path

import pytest

from canvas.cli import EXIT_BAD_FILE, main
from canvas.measure import limits
from canvas.measure.errors import SalesFileError
from canvas.measure.limits import SkipReason
from canvas.measure.reading import read_sales
from canvas.storage.files import SAMPLES_DIR
from tests.measure.files import csv_bytes, measured, read, xlsx_bytes
from tests.reliability.hostile import incompressible, macro_workbook, zip_bomb

HEADER = ["customer", "date", "amount", "group"]
ROW = b"c1,2025-01-03,5.00,Regulars\n"


@cache
def million_and_one_rows() -> bytes:
    return b"customer,date,amount,group\n" + ROW * (limits.MAX_ROWS + 1)


def over_the_csv_cap() -> bytes:
    return b"customer,date,amount,group\n" + b"x" * limits.MAX_CSV_BYTES


def binary_junk() -> bytes:
    return random.Random(13).randbytes(64 * 1024)


def gzip_bomb() -> bytes:
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", mtime=0) as packed:
        packed.write(b"customer,date,amount\n")
        zeros = b"0" * limits.MB
        for _ in range(limits.MAX_CSV_BYTES // limits.MB + 1):
            packed.write(zeros)
    return out.getvalue()


def damaged_workbook() -> bytes:
    good = xlsx_bytes(HEADER, [["a", "2025-01-03", 5, "x"]])
    return good[: len(good) // 2]


def many_groups() -> bytes:
    return csv_bytes(HEADER, [[f"c{i}", "2025-01-03", "5", f"id-{i}"] for i in range(500)])


HOSTILE = {
    "over the size cap (.csv)": (over_the_csv_cap, "a sales file can be at most 100 MB"),
    "over the size cap (.xlsx)": (
        lambda: incompressible(limits.MAX_XLSX_BYTES + 1),
        "an Excel sales file can be at most 10 MB",
    ),
    "a million and one rows": (million_and_one_rows, "at most 1,000,000"),
    "binary junk named .csv": (binary_junk, "not a text file"),
    "a PDF named .csv": (lambda: b"%PDF-1.7\n" + b"x" * 100, "This is a PDF document"),
    "an old .xls": (lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "97-2003"),
    "a zip bomb named .xlsx": (zip_bomb, "zip bomb"),
    "a gzip bomb": (gzip_bomb, "unpacks to more than 100 MB"),
    "a macro workbook": (macro_workbook, "macros"),
    "a damaged workbook": (damaged_workbook, "damaged"),
    "an empty file": (lambda: b"  \n", "empty"),
    "thousands of columns": (lambda: b",".join(b"c%d" % i for i in range(1000)) + b"\n", "columns"),
    "a group column of ids": (many_groups, "500 different values"),
}


@pytest.fixture(scope="module", params=list(HOSTILE))
def hostile(request: pytest.FixtureRequest) -> tuple[bytes, str]:
    make, message = HOSTILE[request.param]
    return make(), message


def test_refused_with_a_clear_message(hostile: tuple[bytes, str]) -> None:
    data, message = hostile
    with pytest.raises(SalesFileError) as caught:
        read_sales(data, "sales.csv")
    assert message in str(caught.value)
    assert "Traceback" not in str(caught.value) and len(str(caught.value)) < 300


def test_cli_refuses_and_changes_nothing(
    hostile: tuple[bytes, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, message = hostile
    sales = tmp_path / "sales.csv"
    sales.write_bytes(data)
    canvas_in = tmp_path / "in.json"
    canvas_in.write_bytes((SAMPLES_DIR / "bakery.json").read_bytes())
    before = canvas_in.read_bytes()
    out = tmp_path / "out.json"
    code = main(["measure", str(sales), "--canvas", str(canvas_in), "-o", str(out)])
    captured = capsys.readouterr()
    assert code == EXIT_BAD_FILE
    assert message in captured.err and captured.out == ""
    assert not out.exists() and canvas_in.read_bytes() == before


def test_formulas_in_text_cells_are_left_out_never_used() -> None:
    rows = [
        ["a", "2025-01-03", "5", "Regulars"],
        ["b", "2025-01-03", "5", '=HYPERLINK("evil","x")'],
        ["@SUM(1+1)", "2025-01-03", "5", "Regulars"],
        ["c", "2025-01-03", "=1+1", "Regulars"],
        ["+cmd|' /C calc'!A0", "2025-01-03", "5", "Regulars"],
    ]
    for data, name in ((csv_bytes(HEADER, rows), "s.csv"), (xlsx_bytes(HEADER, rows), "s.xlsx")):
        records = read(data, name)
        assert records.rows_skipped == {SkipReason.formula.value: 4}
        assert [g.group for g in measured(data, name).groups] == ["Regulars"]


def test_a_real_formula_cell_in_a_workbook_is_never_run() -> None:
    data = xlsx_bytes(
        HEADER, [["a", "2025-01-03", "=2*500", "Regulars"], ["b", "2025-01-03", 5, "Regulars"]]
    )
    records = read(data, "s.xlsx")
    assert records.rows_skipped == {SkipReason.formula.value: 1}
    assert records.table["amount"].tolist() == [5.0]


def test_a_zip_that_is_no_workbook() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("notes.txt", "hello")
    with pytest.raises(SalesFileError, match="not an Excel workbook"):
        read_sales(out.getvalue(), "sales.xlsx")
