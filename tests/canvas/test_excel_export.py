from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from canvas.core import labels as L
from canvas.core.classify import place
from canvas.core.colors import group_colors
from canvas.core.metrics import compute
from canvas.core.model import Canvas
from canvas.outputs.charts import target_mix_chart, value_map_chart
from canvas.outputs.excel import export_workbook, import_workbook
from canvas.outputs.excel import layout as S
from canvas.outputs.excel.layout import LIST_SEPARATOR
from canvas.outputs.excel.write.charts import chart_words
from canvas.outputs.excel.write.styles import readable_fill
from canvas.storage.files import load_sample, scaled_sample
from tests.support.office import convert, require_soffice

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


def test_strategy_prints_on_landscape_pages_the_width_of_the_page(bakery: Canvas) -> None:
    """Fitted to the page's width, breaking between rows with the groups' names on top of each
    page (one page when it fits at a legible scale: test_excel_print checks the text size)."""
    ws = load(export_workbook(bakery))[S.STRATEGY]
    assert ws.page_setup.orientation == "landscape"
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.fitToWidth == 1
    assert ws.print_title_rows
    assert "Crumb && Co." in ws.oddHeader.left.text  # '&' is a header code, so it is doubled
    assert ws["A1"].value == "Crumb & Co."
    assert ws["B3"].value == bakery.business_goal


def test_one_colour_per_group_everywhere(bakery: Canvas) -> None:
    wb = load(export_workbook(bakery))
    colors = group_colors(bakery)
    strategy = wb[S.STRATEGY]
    for index, group in enumerate(bakery.groups, start=2):
        fill, _ = readable_fill(colors[group.id])  # the colour, lightened where text needs it
        assert strategy.cell(row=6, column=index).fill.start_color.rgb.endswith(fill)
    bubble = wb[S.VALUE_MAP]._charts[0]
    groups = bubble.series[: len(bakery.groups)]  # then the quadrant names' invisible points
    outlines = [s.graphicalProperties.line.solidFill.srgbClr for s in groups]
    assert outlines == [colors[g.id].lstrip("#") for g in bakery.groups]


def _title(title: object) -> str:
    return "".join(run.t for p in title.tx.rich.p for run in (p.r or []))  # type: ignore[attr-defined]


@pytest.mark.parametrize("safe", [False, True])
def test_charts_say_what_the_app_charts_say(bakery: Canvas, safe: bool) -> None:
    """Titles, axis names, the quadrant lines and names, estimates dashed, and a legend for now
    against target, in the words of the app's charts."""
    metrics = compute(bakery)
    placements = place(bakery, metrics)
    app_map = chart_words(value_map_chart(bakery, metrics, placements))
    app_mix = chart_words(target_mix_chart(bakery, metrics))
    wb = load(export_workbook(bakery, customer_safe=safe))
    bubble = wb[S.VALUE_MAP]._charts[0]
    assert _title(bubble.title) == app_map.title
    assert (_title(bubble.x_axis.title), _title(bubble.y_axis.title)) == (
        app_map.axes["x"],
        app_map.axes["y"],
    )
    line = bakery.thresholds.quadrant_line
    assert bubble.x_axis.crossesAt == bubble.y_axis.crossesAt == line
    names = [s.tx.v for s in bubble.series if s.tx.v]
    assert (set(L.QUADRANTS.values()) <= set(names)) is not safe
    estimates = [g for g in bakery.groups if placements[g.id].is_estimate]
    assert estimates
    for group, series in zip(bakery.groups, bubble.series, strict=False):
        dashed = series.graphicalProperties.line.prstDash == "dash"
        assert dashed == (group in estimates), group.name
    mix = wb[S.PORTFOLIO]._charts[0]
    assert _title(mix.title) == app_mix.title
    assert mix.legend is not None
    assert [s.tx.v for s in mix.series] == [
        app_mix.tooltips["now_text"],
        app_mix.tooltips["target_text"],
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


def test_libreoffice_opens_saves_and_we_read_it_back(bakery: Canvas, tmp_path: Path) -> None:
    """A workbook LibreOffice opened and saved comes back as it went (printing it to PDF is
    tested in test_excel_print.py)."""
    soffice = require_soffice()
    source = tmp_path / "bakery.xlsx"
    source.write_bytes(export_workbook(bakery))
    out = tmp_path / "out"
    (saved,) = convert(soffice, [source], "xlsx", out, tmp_path / "profile")
    assert import_workbook(saved.read_bytes()) == bakery


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


NEUTRAL_ID = re.compile(r"^(group-\d+(-[a-z]+-\d+)?|place-\d+|stage-note-\d+)$")
ID_COLUMNS = {
    "Id",
    "Group id",
    "Group ids",
    "Result id",
    "Ref",
    "Links to (refs)",
    "Addresses (refs)",
}


def _item_ids(canvas: Canvas) -> list[str]:
    ids = [canvas.id]
    for g in canvas.groups:
        ids.append(g.id)
        ids += [x.id for x in (*g.jobs, *g.pains, *g.gains, *g.pain_relievers, *g.gain_creators)]
        ids += [r.id for i in g.intents for r in i.expected_results]
    ids += [h.id for h in canvas.hangouts] + [n.id for n in canvas.lifecycle_notes]
    return ids


@pytest.mark.parametrize("name", ["bakery", "it_services", "nonprofit"])
def test_customer_safe_ids_say_nothing_of_the_groups(name: str) -> None:
    """Ids are made from nicknames ('commuters-job1'): the safe copy numbers them instead, in
    every id and reference cell, and no id of the canvas is left anywhere in the file."""
    canvas = load_sample(name)
    data = export_workbook(canvas, customer_safe=True)
    wb = load(data)
    checked = 0
    for ws in wb.worksheets:
        headers = {c.column: c.value for c in ws[S.HEADER_ROW]}
        for row in ws.iter_rows(min_row=S.HEADER_ROW + 1):
            for cell in row:
                if headers.get(cell.column) in ID_COLUMNS and cell.value:
                    for ref in str(cell.value).split(LIST_SEPARATOR):
                        assert NEUTRAL_ID.match(ref), (ws.title, cell.coordinate, ref)
                        checked += 1
    assert checked > 20
    with zipfile.ZipFile(io.BytesIO(data)) as parts:
        raw = "\n".join(parts.read(p).decode("utf-8", "replace") for p in parts.namelist())
    compound = [i for i in _item_ids(canvas) if not i.isalpha()]  # plain words may be in text
    assert compound
    leaked = [i for i in compound if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", raw)]
    assert not leaked
