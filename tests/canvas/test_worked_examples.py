"""The derived tables of METHOD §4.1 and §4.2, reproduced from the sample canvases."""

from __future__ import annotations

import pytest

from canvas.core.classify import Quadrant, Tier, place
from canvas.core.metrics import compute
from canvas.core.model import Canvas

BAKERY = {
    # id: (m, CLV, CLV future-only, group value, NPS, ±, VtB, quadrant, tier, %now, %margin, CLV:CAC)
    "commuters": (395.6, 870.2, 474.7, 783_209, 33, 19, 4.0, "sweet_spot", "MVC", 44.6, 75.2, 72.5),
    "brunch": (178.6, 357.1, 178.6, 124_992, 54, 19, 3.5, "sweet_spot", "MGC", 17.3, 13.2, 14.3),
    "catering": (1817.2, 6663.1, 4845.9, 119_935, 18, 49, 5.0, "at_risk", "MVC", 0.9, 6.9, 22.2),
    "cakes": (63.0, 106.6, 43.6, 23_455, 68, 18, 3.0, "value_leak", "middle", 10.9, 2.9, 3.6),
    "campers": (88.0, 215.1, 127.1, 23_662, 26, 35, 2.0, "value_leak", "middle", 5.5, 2.0, None),
    "delivery": (-3.2, -4.1, -0.9, -1_739, -10, None, 1.0, "poor_fit", "BZ", 20.8, -0.3, -1.0),
}

IT = {
    "offices": (
        16_284,
        99_513,
        83_229,
        2_786_373,
        50,
        24,
        5.0,
        "sweet_spot",
        "MVC",
        23.3,
        64.0,
        16.6,
    ),
    "medical": (16_880, 84_400, 67_520, 759_600, 22, 51, 5.0, "sweet_spot", "MVC", 7.5, 21.3, 10.5),
    "projects": (5_832, 8_554, 2_722, 102_643, 40, 41, 2.0, "value_leak", "MGC", 10.0, 9.8, 3.4),
    "breakfix": (184, 405, 221, 28_336, -4, 31, 1.5, "poor_fit", "middle", 58.4, 1.8, 1.0),
    "distributor": (21_744, 79_728, 57_984, 79_728, -25, 81, 4.5, "at_risk", "MVC", 0.8, 3.1, None),
    "startups": (
        11_400,
        50_160,
        38_760,
        None,
        None,
        None,
        4.0,
        "sweet_spot",
        "prospect",
        0.0,
        0.0,
        7.2,
    ),
}


def _check_table(canvas: Canvas, table: dict) -> None:
    metrics = compute(canvas)
    placements = place(canvas, metrics)
    for group_id, expected in table.items():
        m, clv, fut, value, nps, margin, vtb, quadrant, tier, now, mshare, ratio = expected
        gm = metrics.groups[group_id]
        pl = placements[group_id]
        assert gm.margin_per_customer == pytest.approx(m, abs=0.05), group_id
        assert gm.clv == pytest.approx(clv, abs=0.6), group_id
        assert gm.clv_future_only == pytest.approx(fut, abs=0.6), group_id
        if value is None:
            assert gm.group_value is None
        else:
            assert gm.group_value == pytest.approx(value, abs=1), group_id
        if nps is None:
            assert gm.nps is None
        else:
            assert round(gm.nps.score) == nps, group_id
            if margin is None:
                assert gm.nps.is_estimate and gm.nps.margin is None
            else:
                assert round(gm.nps.margin) == margin, group_id
        assert pl.vtb_suggested == vtb, group_id
        assert pl.quadrant == Quadrant(quadrant), group_id
        assert pl.tier == Tier(tier), group_id
        assert gm.share_now_pct == now, group_id
        assert round(gm.margin_share_pct, 1) == mshare, group_id
        if ratio is None:
            assert gm.clv_cac is None
        else:
            assert round(gm.clv_cac, 1) == ratio, group_id


def test_bakery_derived_table(bakery: Canvas) -> None:
    _check_table(bakery, BAKERY)


def test_it_derived_table(it_services: Canvas) -> None:
    _check_table(it_services, IT)


# figure: (bakery, IT services), each as METHOD.md's worked examples give it (rounded as there)
PORTFOLIO = {
    "customers": (2018, 120),
    "annual_revenue": (1_064_220, 1_912_800),
    "annual_margin": (473_405.6, 712_480),
    "average_clv": (532, 31_306),
    "portfolio_value": (1_073_514, 3_756_681),
    "mix_margin_now": (234.6, 5_937),
    "mix_margin_target": (267.3, 7_969),
    "mix_effect_pct": (14.0, 34.2),
}


@pytest.mark.parametrize("figure", list(PORTFOLIO))
def test_portfolio_figures(figure: str, bakery: Canvas, it_services: Canvas) -> None:
    for canvas, expected in zip((bakery, it_services), PORTFOLIO[figure], strict=True):
        actual = getattr(compute(canvas).portfolio, figure)
        digits = len(str(expected).partition(".")[2]) if isinstance(expected, float) else 0
        assert round(actual, digits) == pytest.approx(expected), (canvas.business_name, figure)


def test_growable_badge_on_office_catering(bakery: Canvas) -> None:
    placements = place(bakery, compute(bakery))
    assert placements["catering"].growable
    assert not placements["commuters"].growable


def test_near_the_line_flags(bakery: Canvas) -> None:
    placements = place(bakery, compute(bakery))
    assert placements["commuters"].vtc_near_line and not placements["commuters"].vtb_near_line
    assert placements["brunch"].vtb_near_line
    assert placements["cakes"].vtb_near_line
    assert not placements["campers"].near_line


def test_bakery_pareto_points(bakery: Canvas) -> None:
    pareto = compute(bakery).pareto
    assert [p.group_id for p in pareto[:2]] == ["catering", "commuters"]
    assert (round(pareto[0].customers_pct, 1), round(pareto[0].margin_pct, 1)) == (0.9, 6.9)
    assert (round(pareto[1].customers_pct, 1), round(pareto[1].margin_pct, 1)) == (45.5, 82.1)
    assert pareto[-1].customers_pct == pytest.approx(100)
    assert pareto[-1].margin_pct == pytest.approx(100)


def test_it_pareto_points(it_services: Canvas) -> None:
    pareto = compute(it_services).pareto
    third = pareto[2]
    assert [p.group_id for p in pareto[:3]] == ["distributor", "medical", "offices"]
    assert (round(third.customers_pct, 1), round(third.margin_pct, 1)) == (31.7, 88.4)
    assert "startups" not in [p.group_id for p in pareto]


def test_professional_offices_clv_variants(it_services: Canvas) -> None:
    """C-18: CLV 99,513; future-only 83,229; undiscounted 203,550; 10-year 82,847."""
    canvas = it_services.model_copy(update={"clv_horizon_years": 10})
    gm = compute(canvas).groups["offices"]
    assert round(gm.clv) == 99_513
    assert round(gm.clv_future_only) == 83_229
    assert round(gm.clv_undiscounted) == 203_550
    assert round(gm.clv_truncated) == 82_847
    assert gm.lifetime_years == pytest.approx(12.5)
