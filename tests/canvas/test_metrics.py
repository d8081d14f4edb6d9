from __future__ import annotations

import pytest

from canvas.core import metrics as M
from canvas.core.model import Canvas, CustomerGroup, NpsMode


def test_margin_uses_margin_not_revenue() -> None:
    """C-16: 58% margin, AOV 6.20 x 110 gives m = 395.6, not 682."""
    g = CustomerGroup(avg_order_value=6.20, purchases_per_year=110, contribution_margin_pct=58)
    assert M.annual_revenue(g) == pytest.approx(682)
    assert M.annual_margin(g) == pytest.approx(395.56)


def test_cost_to_serve_can_make_margin_negative() -> None:
    """C-22: 14% margin with 20 a year to serve flips the group below zero."""
    g = CustomerGroup(
        avg_order_value=24,
        purchases_per_year=5,
        contribution_margin_pct=14,
        cost_to_serve_per_year=20,
    )
    assert M.annual_margin(g) == pytest.approx(-3.2)
    assert M.clv_from_today(-3.2, 25, 10) == pytest.approx(-4.141, abs=1e-3)


def test_clv_from_today_matches_purchase_form_without_discount() -> None:
    """C-17: with d = 0 and no cost to serve, CLV equals AOV x freq x margin x 1/(1-r) to the cent."""
    aov, freq, margin, r = 6.20, 110, 58, 60
    m = aov * freq * margin / 100
    assert round(M.clv_from_today(m, r, 0), 2) == round(
        aov * freq * margin / 100 / (1 - r / 100), 2
    )
    assert M.clv_future_only(m, r, 10) == pytest.approx(M.clv_from_today(m, r, 10) - m)


def test_clv_variants() -> None:
    assert M.clv_undiscounted(100, 80) == pytest.approx(500)
    assert M.expected_lifetime_years(80) == pytest.approx(5)
    assert M.clv_truncated(100, 0, 10, 5) == pytest.approx(100)
    # margin multiple at r=80%, d=10%: 2.67
    assert M.clv_future_only(1, 80, 10) == pytest.approx(2.6667, abs=1e-4)


def buying(
    customers: int, sale: float, per_year: float, margin_pct: float, **more: object
) -> CustomerGroup:
    """A group of `customers` who each buy `per_year` times a year at `sale`, at `margin_pct`."""
    return CustomerGroup(
        customer_count=customers,
        avg_order_value=sale,
        purchases_per_year=per_year,
        contribution_margin_pct=margin_pct,
        **more,
    )


def test_discount_rate_changes_clv() -> None:
    """C-24: the discount rate is on the canvas and changes CLV."""
    g = buying(10, 100, 10, 50, retention_pct=80)
    low = M.compute(Canvas(groups=[g], discount_rate_pct=0)).of(g).clv
    high = M.compute(Canvas(groups=[g], discount_rate_pct=30)).of(g).clv
    assert low > high


@pytest.mark.parametrize(
    ("counts", "score", "margin"),
    [((12, 5, 3), 45, 32), ((33, 19, 12), 33, 19), ((15, 9, 2), 50, 24)],
)
def test_nps_and_margin(counts: tuple[int, int, int], score: int, margin: int) -> None:
    """C-20: 12/5/3 gives +45 ±32 at n = 20; 33/19/12 gives +33 ±19."""
    nps = M.nps_from_counts(*counts)
    assert nps is not None
    assert round(nps.score) == score
    assert round(nps.margin) == margin
    assert nps.is_indicative == (sum(counts) < 30)


def test_nps_edge_cases() -> None:
    assert M.nps_from_counts(0, 0, 0) is None
    assert M.nps_from_counts(10, 0, 0).score == 100
    assert M.nps_from_counts(10, 0, 0).margin == 0
    g = CustomerGroup(nps_mode=NpsMode.score, nps_score_manual=-10)
    nps = M.group_nps(g)
    assert nps.score == -10 and nps.is_estimate and nps.margin is None and nps.is_indicative
    assert M.group_nps(CustomerGroup(nps_mode=NpsMode.unknown, nps_score_manual=5)) is None


def test_largest_remainder_adds_to_exactly_100() -> None:
    shares = M.largest_remainder([28, 9, 12, 70, 1])
    assert round(sum(shares), 6) == 100.0
    assert shares == [23.3, 7.5, 10.0, 58.4, 0.8]
    assert M.largest_remainder([]) == []
    assert M.largest_remainder([0, 0]) == [0.0, 0.0]
    assert M.largest_remainder([1, 1, 1]) == [33.4, 33.3, 33.3]


def test_prospects_are_left_out_of_shares_and_averages(it_services: Canvas) -> None:
    """C-12: count 0 is excluded from current shares and the average CLV."""
    metrics = M.compute(it_services)
    assert metrics.groups["startups"].share_now_pct == 0
    assert metrics.groups["startups"].group_value is None
    without = it_services.model_copy(
        update={"groups": [g for g in it_services.groups if g.id != "startups"]}
    )
    assert M.compute(without).portfolio.average_clv == pytest.approx(metrics.portfolio.average_clv)


def test_clv_cac_payback_and_potential() -> None:
    g = buying(5, 100, 10, 50, retention_pct=0, acquisition_cost=250, share_of_wallet_pct=25)
    gm = M.compute(Canvas(groups=[g], discount_rate_pct=0)).of(g)
    assert gm.clv == pytest.approx(500)
    assert gm.clv_cac == pytest.approx(2)
    assert gm.payback_years == pytest.approx(0.5)
    assert gm.potential_value == pytest.approx(2000)
    assert gm.unrealised_potential == pytest.approx(1500)


def test_clv_cac_is_blank_without_acquisition_cost() -> None:
    """C-21: CAC 0 or blank shows no ratio (not infinity)."""
    for cac in (None, 0):
        g = buying(1, 10, 1, 50, acquisition_cost=cac)
        assert M.compute(Canvas(groups=[g])).of(g).clv_cac is None


def test_margin_share_and_target_counts() -> None:
    a = buying(3, 100, 1, 100, target_share_pct=50)
    b = buying(1, 100, 1, 100, target_share_pct=50)
    canvas = Canvas(groups=[a, b], target_total_customers=10)
    metrics = M.compute(canvas)
    assert metrics.of(a).margin_share_pct == pytest.approx(75)
    assert metrics.portfolio.mix_margin_now == pytest.approx(100)
    assert metrics.portfolio.mix_margin_target == pytest.approx(100)
    assert metrics.portfolio.projected_annual_margin == pytest.approx(1000)
    assert metrics.portfolio.target_share_total == pytest.approx(100)


def test_empty_canvas_has_no_averages(blank: Canvas) -> None:
    p = M.compute(blank).portfolio
    assert p.customers == 0 and p.average_clv is None and p.mix_margin_now is None
    assert p.mix_margin_target is None and p.mix_effect_pct is None
    assert M.compute(blank).pareto == []


def test_proposition_fit_counts_the_top_job_pain_and_gain_it_addresses(bakery) -> None:
    commuters = bakery.group("commuters")
    assert M.proposition_fit(commuters) == (3, 3)
    unlinked = commuters.model_copy(
        update={"proposition": commuters.proposition.model_copy(update={"addresses": []})}
    )
    assert M.proposition_fit(unlinked) == (0, 3)
    assert M.proposition_fit(CustomerGroup()) is None


@pytest.mark.parametrize(
    ("kind", "counts"),
    [
        ("current", True),
        ("emerging", True),
        ("prospective", False),
        ("future", False),
        ("non_customer", False),
        ("lapsed", False),
    ],
)
def test_a_group_s_kind_decides_whether_it_is_in_today_s_portfolio(kind: str, counts: bool) -> None:
    """#12: prospects, future customers and those who buy elsewhere never count, nor do lapsed
    ones (nothing bought in the last 12 months), whatever number is typed in."""
    regulars = CustomerGroup(
        name="Regulars",
        customer_count=100,
        avg_order_value=10,
        purchases_per_year=10,
        contribution_margin_pct=50,
        retention_pct=50,
    )
    other = regulars.model_copy(update={"id": "other", "name": "Other", "kind": kind})
    metrics = M.compute(Canvas(groups=[regulars, other]))
    assert metrics.portfolio.customers == (200 if counts else 100)
    assert (metrics.of(other).share_now_pct == 50.0) is counts
    assert (metrics.of(other).group_value is not None) is counts
