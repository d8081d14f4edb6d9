"""Every file is hostile: each of these gets a clear, plain reason and changes nothing."""

from __future__ import annotations

import io
import random
import struct
import zipfile
from collections.abc import Callable

import openpyxl
import pytest

from canvas.core.document import CanvasFileError
from canvas.core.model import Canvas
from canvas.outputs.excel import ExcelImportError, export_workbook, import_workbook
from canvas.outputs.excel.safety import MAX_FILE_BYTES
from tests.canvas.excel_helpers import edit, next_row, row_of, set_cell


@pytest.fixture
def good(bakery: Canvas) -> bytes:
    return export_workbook(bakery)


def refused(data: bytes) -> ExcelImportError:
    with pytest.raises(ExcelImportError) as caught:
        import_workbook(data)
    error = caught.value
    assert isinstance(error, CanvasFileError)
    assert error.problems and all(isinstance(p, str) and p for p in error.problems)
    assert "Traceback" not in str(error)
    return error


def rezip(
    data: bytes, change: Callable[[str, bytes], bytes | None], extra: dict[str, bytes] | None = None
) -> bytes:
    """Copy an archive, changing (or dropping, with None) members on the way."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            content = change(info.filename, src.read(info))
            if content is not None:
                dst.writestr(info.filename, content)
        for name, content in (extra or {}).items():
            dst.writestr(name, content)
    return out.getvalue()


def test_defusedxml_is_in_effect() -> None:
    assert openpyxl.DEFUSEDXML is True


BOMB_PROLOG = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
)


@pytest.mark.parametrize("part", ["xl/worksheets/sheet3.xml", "xl/workbook.xml", "xl/styles.xml"])
def test_entity_expansion_is_refused(good: bytes, part: str) -> None:
    def change(name: str, content: bytes) -> bytes:
        if name != part:
            return content
        body = content.split(b"?>", 1)[-1]
        return BOMB_PROLOG + body.replace(
            b"</sheetData>",
            b'<row r="999"><c r="A999" t="inlineStr"><is><t>&lol2;</t></is></c></row></sheetData>',
        )

    assert "unsafe" in str(refused(rezip(good, change)))


def test_openpyxl_itself_refuses_entities() -> None:
    from openpyxl.xml.functions import fromstring

    with pytest.raises(Exception, match=r"(?i)entit"):
        fromstring(BOMB_PROLOG + b"<a>&lol2;</a>")


def test_zip_bomb_by_ratio_is_refused(good: bytes) -> None:
    data = rezip(good, lambda n, c: c, {"xl/media/padding.xml": b"0" * (20 * 1024 * 1024)})
    assert "zip bomb" in str(refused(data))


def _patch_sizes(data: bytes, name: bytes, size: int) -> bytes:
    """Make the archive lie about how big one member unpacks to (local and central headers)."""
    raw = bytearray(data)
    local = raw.find(b"PK\x03\x04" + raw[4:4])
    while local != -1:
        name_len = struct.unpack_from("<H", raw, local + 26)[0]
        if raw[local + 30 : local + 30 + name_len] == name:
            struct.pack_into("<I", raw, local + 22, size)
        local = raw.find(b"PK\x03\x04", local + 4)
    central = raw.find(b"PK\x01\x02")
    while central != -1:
        name_len = struct.unpack_from("<H", raw, central + 28)[0]
        if raw[central + 46 : central + 46 + name_len] == name:
            struct.pack_into("<I", raw, central + 24, size)
        central = raw.find(b"PK\x01\x02", central + 4)
    return bytes(raw)


def test_member_that_unpacks_to_more_than_it_declares_is_refused(good: bytes) -> None:
    rng = random.Random(7)
    noise = "".join(rng.choice("abcdefghij <>/") for _ in range(300_000)).encode()
    data = rezip(good, lambda n, c: c, {"xl/media/noise.xml": noise})
    message = str(refused(_patch_sizes(data, b"xl/media/noise.xml", 1000)))
    # decompression stops at the declared size, so the lie shows up as a damaged part
    assert "more data than it says" in message or "damaged" in message


def test_huge_declared_size_is_refused(good: bytes) -> None:
    data = rezip(good, lambda n, c: c, {"xl/media/big.xml": b"x" * 10})
    assert "zip bomb" in str(refused(_patch_sizes(data, b"xl/media/big.xml", 2_000_000_000)))


def test_too_many_members_is_refused(good: bytes) -> None:
    extra = {f"xl/media/part{i}.xml": b"<a/>" for i in range(400)}
    assert "parts" in str(refused(rezip(good, lambda n, c: c, extra)))


def test_truncated_zip_is_refused(good: bytes) -> None:
    assert "damaged or incomplete" in str(refused(good[: len(good) // 2]))


def test_csv_renamed_xlsx_is_refused() -> None:
    assert "not an Excel workbook" in str(refused(b"name,customers\nCommuters,900\n"))


def test_empty_file_is_refused() -> None:
    assert "not an Excel workbook" in str(refused(b""))


def test_oversized_file_is_refused() -> None:
    assert "MB" in str(refused(b"PK\x03\x04" + b"\0" * (MAX_FILE_BYTES + 1)))


def test_macro_content_type_is_refused(good: bytes) -> None:
    def change(name: str, content: bytes) -> bytes:
        if name == "[Content_Types].xml":
            return content.replace(b"sheet.main+xml", b"sheet.macroEnabled.main+xml")
        return content

    assert "macros" in str(refused(rezip(good, change)))


def test_vba_project_is_refused(good: bytes) -> None:
    data = rezip(good, lambda n, c: c, {"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0 fake"})
    assert "macros" in str(refused(data))


def test_encrypted_ole_file_is_refused() -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4096
    assert "password" in str(refused(ole))


def test_workbook_made_elsewhere_is_refused() -> None:
    wb = openpyxl.Workbook()
    wb.active.append(["Name", "Customers"])
    out = io.BytesIO()
    wb.save(out)
    assert "not made by the customer strategy canvas" in str(refused(out.getvalue()))


def test_renamed_sheet_is_reported(good: bytes) -> None:
    def change(wb: openpyxl.Workbook) -> None:
        wb["Groups"].title = "Segments"

    assert "'Groups'" in str(refused(edit(good, change)))


def test_future_schema_version_is_refused(good: bytes) -> None:
    def change(wb: openpyxl.Workbook) -> None:
        ws = wb["Settings"]
        set_settings(ws, "schema_version", 99)

    assert "newer version" in str(refused(edit(good, change)))


def set_settings(ws, key: str, value: object) -> None:  # type: ignore[no-untyped-def]
    for row in ws.iter_rows(min_row=1):
        if row[0].value == key:
            row[2].value = value
            return
    raise KeyError(key)


def test_customer_safe_copy_is_refused(bakery: Canvas) -> None:
    assert "customer-safe" in str(refused(export_workbook(bakery, customer_safe=True)))


def test_wrong_types_and_ranges_are_all_reported_at_once(good: bytes) -> None:
    def change(wb: openpyxl.Workbook) -> None:
        vtb = wb["Value to business"]
        row = row_of(vtb, "Group", "Weekday commuters")
        set_cell(vtb, row, "Retention %", 1.2)
        set_cell(vtb, row, "Customers", "lots")
        groups = wb["Groups"]
        set_cell(groups, row_of(groups, "Name", "Laptop campers"), "Kind", "Hipsters")

    error = refused(edit(good, change))
    row = 5
    assert (
        f"Sheet 'Value to business', row {row}, Retention %: must be between 0 and 99."
        in error.problems
    )
    assert any("Customers: must be a number" in p for p in error.problems)
    assert any("Sheet 'Groups'" in p and "Kind" in p and "Hipsters" in p for p in error.problems)
    assert len(error.problems) >= 3


def test_model_rules_are_reported_with_their_cell(good: bytes) -> None:
    def change(wb: openpyxl.Workbook) -> None:
        intents = wb["Intents & results"]
        new = next_row(intents)
        set_cell(intents, new, "Group", "Delivery-app bargain buyers")
        set_cell(intents, new, "Intent", "Grow")

    error = refused(edit(good, change))
    assert any(
        p.startswith("Sheet 'Intents & results', row") and "contradict" in p for p in error.problems
    )


def test_unknown_group_on_a_new_row_is_reported(good: bytes) -> None:
    def change(wb: openpyxl.Workbook) -> None:
        vtb = wb["Value to business"]
        set_cell(vtb, next_row(vtb), "Group", "Nobody")

    assert any(
        "'Nobody' is not on the Groups sheet" in p for p in refused(edit(good, change)).problems
    )


def test_formula_in_a_number_cell_is_reported_with_its_text(good: bytes) -> None:
    def change(wb: openpyxl.Workbook) -> None:
        vtb = wb["Value to business"]
        set_cell(vtb, row_of(vtb, "Group", "Weekday commuters"), "Customers", "=SUM(1,2)")

    error = refused(edit(good, change))
    assert any(
        "holds a formula (=SUM(1,2))" in p and "row 5, Customers" in p for p in error.problems
    )


def test_formula_in_a_text_cell_is_read_as_text_and_written_back_as_text(good: bytes) -> None:
    attack = '=HYPERLINK("http://example.invalid","click")'

    def change(wb: openpyxl.Workbook) -> None:
        groups = wb["Groups"]
        set_cell(groups, row_of(groups, "Name", "Laptop campers"), "Who they are", attack)

    canvas = import_workbook(edit(good, change))
    assert canvas.group("campers").description == attack
    again = openpyxl.load_workbook(io.BytesIO(export_workbook(canvas)))
    for ws in again.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value == attack:
                    assert cell.data_type == "s" and cell.quotePrefix


def test_hundred_thousand_rows_are_refused(good: bytes) -> None:
    def change(name: str, content: bytes) -> bytes:
        if name != "xl/worksheets/sheet6.xml":  # Intents & results
            return content
        rows = b"".join(
            b'<row r="%d"><c r="C%d" t="inlineStr"><is><t>x</t></is></c></row>' % (r, r)
            for r in range(200, 100_200)
        )
        return content.replace(b"</sheetData>", rows + b"</sheetData>")

    error = refused(rezip(good, change))
    assert any("more than 20,000 rows" in p for p in error.problems)


def test_one_megabyte_cell_is_refused(good: bytes) -> None:
    def change(wb: openpyxl.Workbook) -> None:
        groups = wb["Groups"]
        set_cell(groups, row_of(groups, "Name", "Laptop campers"), "Who they are", "x" * 1_048_576)

    assert any("Who they are: is far too long" in p for p in refused(edit(good, change)).problems)


def test_missing_column_is_reported(good: bytes) -> None:
    def change(wb: openpyxl.Workbook) -> None:
        vtb = wb["Value to business"]
        set_cell(vtb, 4, "Retention %", "Loyalty")

    assert any(
        "the column 'Retention %' is missing" in p for p in refused(edit(good, change)).problems
    )


def test_failed_import_changes_nothing(bakery: Canvas, good: bytes) -> None:
    before = bakery.model_dump()
    refused(good[:1000])
    assert bakery.model_dump() == before
    assert import_workbook(good) == bakery
