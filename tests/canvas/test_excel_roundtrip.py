from __future__ import annotations

import pytest

from canvas.core.model import Canvas
from canvas.outputs.excel import export_workbook, import_workbook
from canvas.outputs.report import metrics_report
from tests.canvas.excel_helpers import column, edit, next_row, row_of, set_cell


@pytest.mark.parametrize("name", ["bakery", "it_services", "blank", "nonprofit"])
def test_round_trip_is_exact(name: str, request: pytest.FixtureRequest) -> None:
    canvas: Canvas = request.getfixturevalue(name)
    first = export_workbook(canvas)
    back = import_workbook(first)
    assert back == canvas
    assert back.id == canvas.id
    assert metrics_report(back) == metrics_report(canvas)
    again = import_workbook(export_workbook(back))
    assert again == canvas
    assert metrics_report(again) == metrics_report(canvas)


def test_awkward_values_round_trip(bakery: Canvas) -> None:
    group = bakery.groups[0]
    odd = group.model_copy(
        update={
            "name": "=cmd|' /C calc'!A0",
            "description": "+ tricky; with semicolons\nand a new line",
            "retention_pct": 33.33333333333333,
            "contribution_margin_pct": -12.5,
            "share_of_wallet_pct": None,
            "color": "#123456",
        }
    )
    canvas = bakery.model_copy(
        update={
            "groups": [odd, *bakery.groups[1:]],
            "clv_horizon_years": 10,
            "target_total_customers": 3000,
            "business_name": "@Home & Co",
        }
    )
    canvas = Canvas.model_validate(canvas.model_dump())
    assert import_workbook(export_workbook(canvas)) == canvas


def test_user_edits_come_back(bakery: Canvas) -> None:
    def change(wb) -> None:  # type: ignore[no-untyped-def]
        vtb = wb["Value to business"]
        set_cell(vtb, row_of(vtb, "Group", "Weekday commuters"), "Retention %", 0.65)
        groups = wb["Groups"]
        new = next_row(groups)
        set_cell(groups, new, "Name", "Tourists")
        set_cell(groups, new, "Kind", "Prospective (not yet customers)")
        set_cell(groups, new, "Who they are", "Visitors staying nearby")
        vtb_new = next_row(vtb)
        set_cell(vtb, vtb_new, "Group", "Tourists")
        set_cell(vtb, vtb_new, "Average sale", 18.5)
        hangouts = wb["Hangouts"]
        hangouts.delete_rows(row_of(hangouts, "Place", "Station forecourt"))
        items = wb["Value to customer"]
        line = next_row(items)
        set_cell(items, line, "Group", "Tourists")
        set_cell(items, line, "Line", "Job")
        set_cell(items, line, "Text", "Find a good breakfast")

    canvas = import_workbook(edit(export_workbook(bakery), change))
    assert canvas.group("commuters").retention_pct == 65
    tourists = canvas.groups[-1]
    assert tourists.name == "Tourists" and tourists.kind == "prospective"
    assert tourists.avg_order_value == 18.5
    assert [j.text for j in tourists.jobs] == ["Find a good breakfast"]
    assert "Station forecourt" not in [h.name for h in canvas.hangouts]
    assert len(canvas.hangouts) == len(bakery.hangouts) - 1
    assert canvas.id == bakery.id


def test_deleting_a_group_takes_its_rows_with_it(bakery: Canvas) -> None:
    def change(wb) -> None:  # type: ignore[no-untyped-def]
        groups = wb["Groups"]
        groups.delete_rows(row_of(groups, "Name", "Laptop campers"))

    canvas = import_workbook(edit(export_workbook(bakery), change))
    assert "campers" not in [g.id for g in canvas.groups]
    assert all("campers" not in h.group_ids for h in canvas.hangouts)


def test_renaming_a_group_keeps_its_figures(bakery: Canvas) -> None:
    def change(wb) -> None:  # type: ignore[no-untyped-def]
        groups = wb["Groups"]
        set_cell(groups, row_of(groups, "Name", "Laptop campers"), "Name", "Remote workers")

    canvas = import_workbook(edit(export_workbook(bakery), change))
    assert canvas.group("campers").name == "Remote workers"
    assert canvas.group("campers").customer_count == bakery.group("campers").customer_count
    assert canvas.group("campers").intents == bakery.group("campers").intents


def test_percent_typed_as_text_and_derived_columns_ignored(bakery: Canvas) -> None:
    def change(wb) -> None:  # type: ignore[no-untyped-def]
        vtb = wb["Value to business"]
        row = row_of(vtb, "Group", "Weekday commuters")
        set_cell(vtb, row, "Margin %", "61%")
        set_cell(vtb, row, "Lifetime value (from today)", 1)  # calculated: ignored
        assert column(vtb, "Lifetime value (from today)")

    canvas = import_workbook(edit(export_workbook(bakery), change))
    assert canvas.group("commuters").contribution_margin_pct == 61


def test_a_small_target_typed_as_a_count_survives_the_workbook(nonprofit: Canvas) -> None:
    """#12 item 6: 14 sponsors of 1,774 come back as 14, in the share and in the count column."""
    from canvas.core import editing as E

    canvas = E.with_changes(nonprofit, target_total_customers=1774)
    rows = [r | {"target_count": 14} if r["id"] == "sponsors" else r for r in E.target_rows(canvas)]
    canvas = E.write_targets(canvas, rows)
    back = import_workbook(export_workbook(canvas))
    assert back.group("sponsors").target_share_pct == canvas.group("sponsors").target_share_pct
    assert E.target_count(back, back.group("sponsors").target_share_pct) == 14
