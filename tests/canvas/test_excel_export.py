from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from canvas.core.colors import group_colors
from canvas.core.model import Canvas
from canvas.outputs.excel import export_workbook, import_workbook
from canvas.outputs.excel import layout as S
from canvas.storage.files import scaled_sample

INTERNAL_WORDS = (
    "Below zero",
    "Most valuable",
    "Most growable",
    "Sweet spot",
    "Value leak",
    "At risk",
    "Poor fit",
)


def load(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def all_text(wb: openpyxl.Workbook) -> str:
    return "\n".join(
        str(c.value)
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for c in row
        if c.value is not None
    )


@pytest.mark.parametrize("name", ["bakery", "it_services", "blank"])
def test_every_sheet_is_there(name: str, request: pytest.FixtureRequest) -> None:
    wb = load(export_workbook(request.getfixturevalue(name)))
    assert wb.sheetnames == [
        S.STRATEGY, S.SETTINGS, S.GROUPS, S.VTC, S.VTB, S.INTENTS, S.PORTFOLIO, S.VALUE_MAP,
        S.PROPOSITIONS, S.HANGOUTS, S.LIFECYCLE, S.CHECKS, S.ABOUT, S.LISTS, "Extras",
    ]  # fmt: skip
    assert wb[S.LISTS].sheet_state == "hidden"
    assert wb["Extras"].sheet_state == "hidden"
    for sheet in (S.GROUPS, S.VTC, S.VTB, S.INTENTS, S.PORTFOLIO, S.HANGOUTS, S.SETTINGS):
        ws = wb[sheet]
        assert ws.tables, sheet
        assert ws.freeze_panes, sheet


def test_strategy_prints_on_one_landscape_page(bakery: Canvas) -> None:
    ws = load(export_workbook(bakery))[S.STRATEGY]
    assert ws.page_setup.orientation == "landscape"
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 1)
    assert ws.print_title_rows
    assert "Crumb && Co." in ws.oddHeader.left.text  # '&' is a header code, so it is doubled
    assert ws["A1"].value == "Crumb & Co."
    assert ws["B3"].value == bakery.business_goal


def test_one_colour_per_group_everywhere(bakery: Canvas) -> None:
    wb = load(export_workbook(bakery))
    colors = group_colors(bakery)
    strategy = wb[S.STRATEGY]
    for index, group in enumerate(bakery.groups, start=2):
        assert strategy.cell(row=6, column=index).fill.start_color.rgb.endswith(
            colors[group.id].lstrip("#")
        )
    bubble = wb[S.VALUE_MAP]._charts[0]
    assert [s.graphicalProperties.solidFill.srgbClr for s in bubble.series] == [
        colors[g.id].lstrip("#") for g in bakery.groups
    ]


def test_dropdowns_for_every_choice_column(bakery: Canvas) -> None:
    wb = load(export_workbook(bakery))
    for sheet, columns in S.BUSINESS.input_sheets:
        formulas = {dv.formula1 for dv in wb[sheet].data_validations.dataValidation}
        for column in columns:
            if column.list_name:
                assert f"={column.list_name}" in formulas, (sheet, column.header)
                assert column.list_name in wb.defined_names


def test_number_formats_and_derived_cells(bakery: Canvas) -> None:
    ws = load(export_workbook(bakery))[S.VTB]
    headers = {c.value: c.column for c in ws[S.HEADER_ROW]}
    retention = ws.cell(row=5, column=headers["Retention %"])
    assert retention.value == pytest.approx(0.6) and "%" in retention.number_format
    sale = ws.cell(row=5, column=headers["Average sale"])
    assert '"$"' in sale.number_format
    clv = ws.cell(row=5, column=headers["Lifetime value (from today)"])
    assert clv.font.italic and clv.fill.start_color.rgb.endswith("EEF0F3")


def test_user_text_never_becomes_a_formula(bakery: Canvas) -> None:
    group = bakery.groups[0].model_copy(
        update={"name": "=1+1", "description": "@SUM(A1)", "behaviour": "-2"}
    )
    canvas = Canvas.model_validate(
        {
            **bakery.model_dump(),
            "business_name": "+cmd",
            "groups": [group.model_dump(), *[g.model_dump() for g in bakery.groups[1:]]],
        }
    )
    wb = load(export_workbook(canvas))
    risky = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith(("=", "+", "-", "@")):
                    assert cell.data_type == "s", (ws.title, cell.coordinate)
                    assert cell.quotePrefix, (ws.title, cell.coordinate)
                    risky += 1
    assert risky >= 4
    assert import_workbook(export_workbook(canvas)) == canvas


def test_customer_safe_leaves_internal_labels_out(bakery: Canvas) -> None:
    safe = load(export_workbook(bakery, customer_safe=True))
    text = all_text(safe)
    for word in INTERNAL_WORDS:
        assert word not in text, word
    for group in bakery.groups:
        if group.value_to_customer_evidence:
            assert group.value_to_customer_evidence not in text
        if group.vtb_override_reason:
            assert group.vtb_override_reason not in text
    assert S.CHECKS not in safe.sheetnames
    full = all_text(load(export_workbook(bakery)))
    assert "Sweet spot" in full and "Below zero" in full


def test_workbook_properties(bakery: Canvas) -> None:
    props = load(export_workbook(bakery)).properties
    assert props.title == "Customer strategy: Crumb & Co."
    assert props.creator == "Customer strategy canvas"


def test_many_groups_export_and_come_back() -> None:
    canvas = scaled_sample("bakery", 60)
    assert import_workbook(export_workbook(canvas)) == canvas


needs_soffice = pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice is not installed"
)


@needs_soffice
def test_libreoffice_opens_saves_and_we_read_it_back(bakery: Canvas, tmp_path: Path) -> None:
    source = tmp_path / "bakery.xlsx"
    source.write_bytes(export_workbook(bakery))
    out = tmp_path / "out"
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to", "xlsx", "--outdir", str(out), str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    assert import_workbook((out / "bakery.xlsx").read_bytes()) == bakery
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to", "pdf", "--outdir", str(out), str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    assert (out / "bakery.pdf").stat().st_size > 10_000


def test_fields_without_a_sheet_still_round_trip(bakery: Canvas) -> None:
    from canvas.outputs.excel.layout import SHOWN_FIELDS, extra_fields

    assert set(extra_fields()) | SHOWN_FIELDS == set(Canvas.model_fields)
    if "session_notes" not in Canvas.model_fields:
        pytest.skip("this model version has no fields beyond the sheets")
    data = bakery.model_dump(mode="json")
    data["session_notes"] = [
        {"text": "=check " + "x" * 250, "kind": "verify", "group_id": "commuters"}
    ]
    canvas = Canvas.model_validate(data)
    assert import_workbook(export_workbook(canvas)) == canvas
