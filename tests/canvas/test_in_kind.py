"""#12: a group that gives time or goods is valued in kind, never in cash totals (METHOD, in-kind
basis): the issue's own figures, the checks that see it, and what the report says."""

from __future__ import annotations

import pytest

from canvas.core.checks import run_checks
from canvas.core.classify import Tier, place, suggested_intents
from canvas.core.metrics import compute
from canvas.core.model import (
    BusinessType,
    Canvas,
    CustomerGroup,
    Intent,
    IntentType,
    Objective,
    SupporterRole,
)
from canvas.outputs.report import metrics_report


def _group(**fields: object) -> CustomerGroup:
    return CustomerGroup.model_validate({"name": "Group", "retention_pct": 50, **fields})


DONORS = _group(
    id="donors",
    name="Monthly givers",
    role="donors",
    customer_count=300,
    avg_order_value=25,
    purchases_per_year=12,
    contribution_margin_pct=92,
    retention_pct=82,
)
VOLUNTEERS = _group(
    id="volunteers",
    name="Regular volunteers",
    role="volunteers",
    customer_count=85,
    volunteer_hours_per_year=100,
    cost_to_serve_per_year=450,
    retention_pct=65,
)
TEAMS = _group(
    id="teams",
    name="Corporate volunteer teams",
    role="volunteers",
    customer_count=6,
    volunteer_hours_per_year=72,
    cost_to_serve_per_year=2600,
    retention_pct=50,
)


def charity(*groups: CustomerGroup) -> Canvas:
    return Canvas(
        business_type=BusinessType.nonprofit,
        volunteer_hour_value=31.80,
        discount_rate_pct=10,
        groups=list(groups or (DONORS, VOLUNTEERS, TEAMS)),
    )


def test_volunteers_are_valued_in_kind_and_not_below_zero() -> None:
    canvas = charity()
    gm = compute(canvas).of(VOLUNTEERS)
    assert gm.value_basis == "in_kind"
    assert gm.in_kind_per_customer == pytest.approx(3180)
    assert gm.in_kind_net_per_customer == pytest.approx(2730)
    assert gm.in_kind_clv == pytest.approx(6673.33, abs=0.01)
    assert gm.margin_per_customer == pytest.approx(-450)  # the cash side is still shown as it is
    placement = place(canvas, compute(canvas))[VOLUNTEERS.id]
    assert placement.tier != Tier.BZ
    assert "retire" not in suggested_intents(placement)
    volunteer_findings = [f for f in run_checks(canvas) if f.group == VOLUNTEERS.id]
    assert not [f for f in volunteer_findings if f.id in {"V10", "V26"}]
    assert not [f for f in volunteer_findings if "economics" in f.message]


def test_a_group_that_costs_more_than_its_time_is_below_zero_in_kind() -> None:
    canvas = charity()
    gm = compute(canvas).of(TEAMS)
    assert gm.in_kind_net_per_customer == pytest.approx(72 * 31.80 - 2600)  # about -310
    assert round(gm.in_kind_net_per_customer) == -310
    assert place(canvas, compute(canvas))[TEAMS.id].tier == Tier.BZ
    v10 = [f for f in run_checks(canvas) if f.id == "V10" and f.group == TEAMS.id]
    assert v10 and "valued in kind" in v10[0].message and "-$310" in v10[0].message


def test_in_kind_value_never_touches_cash_figures() -> None:
    with_time = compute(charity())
    without_time = compute(
        charity(
            DONORS,
            VOLUNTEERS.model_copy(update={"volunteer_hours_per_year": None}),
            TEAMS.model_copy(update={"volunteer_hours_per_year": None}),
        )
    )
    for key in ("customers", "annual_revenue", "annual_margin", "average_clv", "portfolio_value"):
        assert getattr(with_time.portfolio, key) == getattr(without_time.portfolio, key)
    for group in (DONORS, VOLUNTEERS, TEAMS):
        assert with_time.of(group).revenue_share_pct == without_time.of(group).revenue_share_pct
    assert with_time.portfolio.in_kind_value == pytest.approx(85 * 3180 + 6 * 72 * 31.80)
    assert without_time.portfolio.in_kind_value == 0
    v31 = {f.message for f in run_checks(charity()) if f.id == "V31"}
    assert v31 == {
        f.message
        for f in run_checks(
            charity(DONORS, VOLUNTEERS.model_copy(update={"volunteer_hours_per_year": None}), TEAMS)
        )
        if f.id == "V31"
    }


def test_the_hourly_value_is_the_canvas_s_and_can_change() -> None:
    canvas = charity().model_copy(update={"volunteer_hour_value": 20.0})
    assert compute(canvas).of(VOLUNTEERS).in_kind_per_customer == pytest.approx(2000)
    assert Canvas().volunteer_hour_value == pytest.approx(31.80)
    assert "Independent Sector" in Canvas().volunteer_hour_source


def test_a_group_with_gifts_and_hours_shows_both() -> None:
    both = VOLUNTEERS.model_copy(
        update={"avg_order_value": 20, "purchases_per_year": 6, "contribution_margin_pct": 90}
    )
    gm = compute(charity(DONORS, both)).of(both)
    assert gm.margin_per_customer == pytest.approx(108 - 450)  # cash: gifts less support
    assert gm.in_kind_net_per_customer == pytest.approx(108 - 450 + 3180)  # plus their time


def test_time_typed_in_as_cash_is_questioned() -> None:
    doubled = VOLUNTEERS.model_copy(
        update={"avg_order_value": 3180, "purchases_per_year": 1, "contribution_margin_pct": 100}
    )
    found = [f for f in run_checks(charity(DONORS, doubled)) if f.id == "V33"]
    assert found and found[0].severity == "W" and "counted twice" in found[0].message
    uncounted = VOLUNTEERS.model_copy(update={"volunteer_hours_per_year": None})
    found = [f for f in run_checks(charity(DONORS, uncounted)) if f.id == "V33"]
    assert found and found[0].field == "volunteer_hours_per_year"
    assert not [f for f in run_checks(charity()) if f.id == "V33"]
    assert uncounted.role == SupporterRole.volunteers


def test_sweet_spot_in_kind_group_with_grow_share_is_not_told_to_fix_economics() -> None:
    growing = TEAMS.model_copy(
        update={"intents": [Intent(type=IntentType.grow, objectives=[Objective.acquire])]}
    )
    v26 = [f for f in run_checks(charity(DONORS, growing)) if f.id == "V26"]
    assert v26 and "time and gifts they give" in v26[0].message


def test_the_report_adds_the_in_kind_keys_and_keeps_the_others() -> None:
    report = metrics_report(charity())
    by_id = {g["id"]: g for g in report["groups"]}
    assert by_id["volunteers"]["value_basis"] == "in_kind"
    assert by_id["volunteers"]["in_kind_net_per_customer"] == pytest.approx(2730)
    assert by_id["volunteers"]["in_kind_clv"] == pytest.approx(6673.33, abs=0.01)
    assert by_id["volunteers"]["margin_per_customer"] == pytest.approx(-450)
    assert by_id["donors"]["value_basis"] == "cash"
    assert by_id["donors"]["in_kind_net_per_customer"] is None
    assert by_id["donors"]["in_kind_clv"] is None
    assert report["portfolio"]["in_kind_value"] == pytest.approx(85 * 3180 + 6 * 72 * 31.80)


def test_the_one_page_strategy_values_an_in_kind_group_in_kind() -> None:
    """The one-pager shows a volunteer group's worth in kind, never its cash cost as its value."""
    from canvas.core.strategy import one_page

    page = one_page(charity())
    cells = dict(page.rows)["Value to the organisation"]
    volunteers = cells[[g.name for g in charity().groups].index(VOLUNTEERS.name)]
    assert "Lifetime value in kind $6,673" in volunteers
    assert "Group value in kind $567,233" in volunteers  # 85 x $6,673.33
    assert "-$" not in volunteers
