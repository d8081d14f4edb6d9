from __future__ import annotations

import pytest

from canvas.core.classify import (
    Quadrant,
    Tier,
    place,
    quadrant_of,
    suggested_intents,
    suggested_vtb,
)
from canvas.core.metrics import compute
from canvas.core.model import Canvas, CustomerGroup, NpsMode, Thresholds


@pytest.mark.parametrize(
    ("vtc", "vtb", "quadrant"),
    [
        (4, 4, "sweet_spot"),
        (4, 2, "value_leak"),
        (2, 4, "at_risk"),
        (2, 2, "poor_fit"),
        (3.5, 3.5, "sweet_spot"),
        (3.0, 3.5, "at_risk"),
    ],
)
def test_quadrants(vtc: float, vtb: float, quadrant: str) -> None:
    assert quadrant_of(vtc, vtb, Thresholds()) == Quadrant(quadrant)


def test_thresholds_live_on_the_canvas() -> None:
    assert quadrant_of(3.5, 3.5, Thresholds(quadrant_line=4.0)) == Quadrant.poor_fit


def _group(clv_margin: float, **kw) -> CustomerGroup:
    return CustomerGroup(
        customer_count=10,
        avg_order_value=clv_margin,
        purchases_per_year=1,
        contribution_margin_pct=100,
        retention_pct=0,
        **kw,
    )


@pytest.mark.parametrize(
    ("margin", "base"), [(-1, 1.0), (40, 2.0), (90, 3.0), (150, 4.0), (250, 5.0)]
)
def test_suggested_vtb_bands(margin: float, base: float) -> None:
    """C-23: the suggestion follows the published bands (average CLV 100 here, d = 0)."""
    target = _group(margin)
    canvas = Canvas(groups=[target], discount_rate_pct=0)
    gm = compute(canvas).of(target)
    assert suggested_vtb(gm, target, 100.0) == base


def test_suggested_vtb_advocacy_adjustments() -> None:
    promoters = _group(
        90, nps_mode=NpsMode.counts, nps_promoters=8, nps_passives=2, referrals_per_10_per_year=2
    )
    detractors = _group(40, nps_mode=NpsMode.score, nps_score_manual=-5)
    canvas = Canvas(groups=[promoters, detractors], discount_rate_pct=0)
    metrics = compute(canvas)
    assert suggested_vtb(metrics.of(promoters), promoters, 100.0) == 4.0  # 3 + 0.5 + 0.5
    assert suggested_vtb(metrics.of(detractors), detractors, 100.0) == 1.5  # 2 - 0.5
    worst = _group(-5, nps_mode=NpsMode.score, nps_score_manual=-50)
    assert suggested_vtb(compute(Canvas(groups=[worst])).of(worst), worst, 100.0) == 1.0


def test_tiers() -> None:
    mvc = _group(300, share_of_wallet_pct=40)
    mgc = _group(60, share_of_wallet_pct=20)
    middle = _group(60, share_of_wallet_pct=90)
    bz = _group(-10)
    prospect = CustomerGroup(
        customer_count=0, avg_order_value=100, purchases_per_year=1, contribution_margin_pct=50
    )
    canvas = Canvas(groups=[mvc, mgc, middle, bz, prospect], discount_rate_pct=0)
    placements = place(canvas, compute(canvas))
    assert placements[mvc.id].tier == Tier.MVC and placements[mvc.id].growable
    assert placements[mgc.id].tier == Tier.MGC
    assert placements[middle.id].tier == Tier.middle
    assert placements[bz.id].tier == Tier.BZ
    assert placements[prospect.id].tier == Tier.prospect
    assert placements[prospect.id].is_estimate


def test_unscored_group_has_no_quadrant_and_uses_suggested_vtb() -> None:
    g = _group(100)
    canvas = Canvas(groups=[g])
    pl = place(canvas, compute(canvas))[g.id]
    assert pl.quadrant is None
    assert pl.vtb_is_suggestion and pl.vtb == pl.vtb_suggested


def test_suggested_intents(bakery: Canvas, it_services: Canvas) -> None:
    """C-04 and C-06: value leaks get re-engineer or grow (value), never retire; MGC grow (value)."""
    placements = place(bakery, compute(bakery))
    for leak in ("cakes", "campers"):
        s = suggested_intents(placements[leak])
        assert "retire" not in s and {"re-engineer", "grow (value)"} <= set(s)
    assert "retire" in suggested_intents(placements["delivery"])
    it_placements = place(it_services, compute(it_services))
    assert "grow (value)" in suggested_intents(it_placements["projects"])


def test_measured_figures_make_a_guessed_group_s_place_known(bakery: Canvas) -> None:
    """#13: accepted sales figures show solid on the map and every chart, even where the margin is
    still the owner's guess."""
    from datetime import date

    from canvas.core.classify import is_estimate
    from canvas.core.model import MeasuredFrom

    campers = next(g for g in bakery.groups if g.id == "campers")
    assert is_estimate(campers)  # its figures are a guess
    source = MeasuredFrom(
        file_name="sales.csv",
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        rows_used=900,
        fields=["customer_count"],
    )
    assert not is_estimate(campers.model_copy(update={"measured": source}))
