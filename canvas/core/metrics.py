"""Derived figures of METHOD §2.4. Computed from the canvas on demand, never stored."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from canvas.core.model import Canvas, CustomerGroup, NpsMode
from canvas.core.thresholds import NPS_MIN_SAMPLE


def annual_revenue(group: CustomerGroup) -> float:
    return group.avg_order_value * group.purchases_per_year


def annual_margin(group: CustomerGroup) -> float:
    """Margin per customer per year, after cost to serve. May be negative."""
    return (
        annual_revenue(group) * group.contribution_margin_pct / 100 - group.cost_to_serve_per_year
    )


def in_kind_value(group: CustomerGroup, canvas: Canvas) -> float:
    """What one supporter gives in kind a year: volunteer hours at the canvas's hourly value, plus
    gifts in kind. A replacement cost, never cash (METHOD: in-kind basis)."""
    hours = (group.volunteer_hours_per_year or 0.0) * canvas.volunteer_hour_value
    return hours + (group.in_kind_value_per_year or 0.0)


def expected_lifetime_years(retention_pct: float) -> float:
    return 1 / (1 - retention_pct / 100)


def clv_from_today(margin: float, retention_pct: float, discount_rate_pct: float) -> float:
    """This year's margin plus the discounted margin of the years after: m(1+d)/(1+d-r)."""
    r, d = retention_pct / 100, discount_rate_pct / 100
    return margin * (1 + d) / (1 + d - r)


def clv_future_only(margin: float, retention_pct: float, discount_rate_pct: float) -> float:
    """The textbook retention form m·r/(1+d-r): the value of future years only."""
    r, d = retention_pct / 100, discount_rate_pct / 100
    return margin * r / (1 + d - r)


def clv_undiscounted(margin: float, retention_pct: float) -> float:
    return margin * expected_lifetime_years(retention_pct)


def clv_truncated(
    margin: float, retention_pct: float, discount_rate_pct: float, years: int
) -> float:
    """Value over the next `years` years only: m(1-q^T)/(1-q) with q = r/(1+d)."""
    q = (retention_pct / 100) / (1 + discount_rate_pct / 100)
    return margin * (1 - q**years) / (1 - q)


@dataclass(frozen=True)
class Nps:
    score: float
    margin: float | None  # 95% margin of error in points; None for a manual estimate
    respondents: int
    is_estimate: bool

    @property
    def is_indicative(self) -> bool:
        return self.is_estimate or self.respondents < NPS_MIN_SAMPLE


def nps_from_counts(promoters: int, passives: int, detractors: int) -> Nps | None:
    n = promoters + passives + detractors
    if n == 0:
        return None
    p, q = promoters / n, detractors / n
    margin = 196 * math.sqrt(max(p + q - (p - q) ** 2, 0.0) / n)
    # whole numbers first, one division last: 15, 9 and 2 give exactly 50, not 49.999…
    score = 100 * (promoters - detractors) / n
    return Nps(score=score, margin=margin, respondents=n, is_estimate=False)


def group_nps(group: CustomerGroup) -> Nps | None:
    if group.nps_mode == NpsMode.counts:
        return nps_from_counts(group.nps_promoters, group.nps_passives, group.nps_detractors)
    if group.nps_mode == NpsMode.score and group.nps_score_manual is not None:
        return Nps(
            score=float(group.nps_score_manual), margin=None, respondents=0, is_estimate=True
        )
    return None


def largest_remainder(values: Sequence[float], decimals: int = 1) -> list[float]:
    """Round shares that add to 100 so that the rounded figures also add to exactly 100."""
    total = sum(values)
    if total <= 0:
        return [0.0 for _ in values]
    unit = 10**decimals
    exact = [v / total * 100 * unit for v in values]
    floors = [math.floor(x) for x in exact]
    missing = 100 * unit - sum(floors)
    # ties (equal remainders) go to the larger value, so the result does not depend on order
    order = sorted(
        range(len(values)), key=lambda i: (round(exact[i] - floors[i], 9), values[i]), reverse=True
    )
    for i in order[:missing]:
        floors[i] += 1
    return [f / unit for f in floors]


@dataclass(frozen=True)
class GroupMetrics:
    group_id: str
    revenue_per_customer: float
    margin_per_customer: float
    lifetime_years: float
    clv: float
    clv_future_only: float
    clv_undiscounted: float
    clv_truncated: float | None
    group_value: float | None  # None for prospects (no customers yet)
    group_revenue: float
    group_margin: float
    nps: Nps | None
    clv_cac: float | None
    payback_years: float | None
    potential_value: float | None
    unrealised_potential: float | None
    share_now_pct: float  # by customers, largest-remainder rounded; 0 for prospects
    margin_share_pct: float  # by annual margin; can be negative
    revenue_share_pct: float
    in_kind_per_customer: float  # in-kind value one supporter gives a year (0: gives only cash)
    # Valued in kind: the cash net above plus the in-kind value (None for a cash group)
    in_kind_net_per_customer: float | None
    in_kind_clv: float | None

    @property
    def is_prospect(self) -> bool:
        return self.group_value is None

    @property
    def value_basis(self) -> str:
        """'in_kind' for a group that gives time or goods, else 'cash'."""
        return "cash" if self.in_kind_net_per_customer is None else "in_kind"

    @property
    def net_value_per_customer(self) -> float:
        """The yearly figure that ranks the group: net in-kind contribution or cash margin."""
        net = self.in_kind_net_per_customer
        return self.margin_per_customer if net is None else net

    @property
    def valued_clv(self) -> float:
        """The lifetime value that decides tier, suggested score and intents, on the group's basis."""
        return self.clv if self.in_kind_clv is None else self.in_kind_clv


@dataclass(frozen=True)
class ParetoPoint:
    group_id: str
    customers_pct: float  # cumulative, x
    margin_pct: float  # cumulative, y


@dataclass(frozen=True)
class PortfolioMetrics:
    customers: int
    annual_revenue: float
    annual_margin: float
    average_clv: float | None
    portfolio_value: float
    mix_margin_now: float | None  # average annual margin per customer today
    mix_margin_target: float | None  # the same at the target mix, today's per-customer economics
    target_share_total: float | None
    projected_annual_margin: float | None  # when a target number of customers is set
    in_kind_value: float  # today's supporters' time and gifts in kind a year, never in cash totals

    @property
    def mix_effect_pct(self) -> float | None:
        if self.mix_margin_now in (None, 0) or self.mix_margin_target is None:
            return None
        return (self.mix_margin_target - self.mix_margin_now) / abs(self.mix_margin_now) * 100


@dataclass(frozen=True)
class CanvasMetrics:
    groups: dict[str, GroupMetrics]
    portfolio: PortfolioMetrics
    pareto: list[ParetoPoint]

    def of(self, group: CustomerGroup) -> GroupMetrics:
        return self.groups[group.id]


def _group_metrics(
    canvas: Canvas,
    group: CustomerGroup,
    share_now: float,
    margin_total: float,
    revenue_total: float,
) -> GroupMetrics:
    d = canvas.discount_rate_pct
    r = group.retention_pct
    m = annual_margin(group)
    clv = clv_from_today(m, r, d)
    count = group.customer_count
    in_portfolio = group.is_in_portfolio
    cac = group.acquisition_cost
    sow = group.share_of_wallet_pct
    potential = clv / (sow / 100) if sow else None
    kind_value = in_kind_value(group, canvas)
    kind_net = m + kind_value if kind_value > 0 else None
    return GroupMetrics(
        group_id=group.id,
        revenue_per_customer=annual_revenue(group),
        margin_per_customer=m,
        lifetime_years=expected_lifetime_years(r),
        clv=clv,
        clv_future_only=clv_future_only(m, r, d),
        clv_undiscounted=clv_undiscounted(m, r),
        clv_truncated=(
            clv_truncated(m, r, d, canvas.clv_horizon_years) if canvas.clv_horizon_years else None
        ),
        group_value=clv * count if in_portfolio else None,
        group_revenue=annual_revenue(group) * count,
        group_margin=m * count,
        nps=group_nps(group),
        clv_cac=clv / cac if cac else None,
        payback_years=cac / m if cac and m > 0 else None,
        potential_value=potential,
        unrealised_potential=potential - clv if potential is not None else None,
        share_now_pct=share_now,
        margin_share_pct=(m * count / margin_total * 100) if margin_total else 0.0,
        revenue_share_pct=(
            annual_revenue(group) * count / revenue_total * 100 if revenue_total else 0.0
        ),
        in_kind_per_customer=kind_value,
        in_kind_net_per_customer=kind_net,
        in_kind_clv=clv_from_today(kind_net, r, d) if kind_net is not None else None,
    )


def pareto_curve(canvas: Canvas) -> list[ParetoPoint]:
    """Groups sorted by margin per customer, highest first; cumulative % customers vs % margin.
    Groups that lose money come last, so the curve ends by falling back to 100%."""
    current = [g for g in canvas.groups if g.is_in_portfolio]
    total_customers = sum(g.customer_count for g in current)
    total_margin = sum(annual_margin(g) * g.customer_count for g in current)
    if not total_customers or not total_margin:
        return []
    points: list[ParetoPoint] = []
    customers = margin = 0.0
    for group in sorted(current, key=annual_margin, reverse=True):
        customers += group.customer_count
        margin += annual_margin(group) * group.customer_count
        points.append(
            ParetoPoint(group.id, customers / total_customers * 100, margin / total_margin * 100)
        )
    return points


def money_losers(canvas: Canvas) -> list[CustomerGroup]:
    """Groups of today's customers whose cash margin per customer is below zero (a group valued
    in kind may still give more than it costs)."""
    return [g for g in canvas.groups if g.is_in_portfolio and annual_margin(g) < 0]


def compute(canvas: Canvas) -> CanvasMetrics:
    current = [g for g in canvas.groups if g.is_in_portfolio]
    customers = sum(g.customer_count for g in current)
    revenue = sum(annual_revenue(g) * g.customer_count for g in current)
    margin = sum(annual_margin(g) * g.customer_count for g in current)
    shares = dict(
        zip(
            (g.id for g in current),
            largest_remainder([g.customer_count for g in current]),
            strict=True,
        )
    )
    groups = {
        g.id: _group_metrics(canvas, g, shares.get(g.id, 0.0), margin, revenue)
        for g in canvas.groups
    }
    portfolio_value = sum(groups[g.id].group_value or 0.0 for g in current)
    targets = [g.target_share_pct for g in canvas.groups]
    has_targets = any(t is not None for t in targets)
    target_total = sum(t or 0.0 for t in targets) if has_targets else None
    mix_target = (
        sum((g.target_share_pct or 0.0) / 100 * annual_margin(g) for g in canvas.groups)
        if has_targets
        else None
    )
    projected = (
        sum(
            (g.target_share_pct or 0.0) / 100 * canvas.target_total_customers * annual_margin(g)
            for g in canvas.groups
        )
        if has_targets and canvas.target_total_customers is not None
        else None
    )
    portfolio = PortfolioMetrics(
        customers=customers,
        annual_revenue=revenue,
        annual_margin=margin,
        average_clv=portfolio_value / customers if customers else None,
        portfolio_value=portfolio_value,
        mix_margin_now=margin / customers if customers else None,
        mix_margin_target=mix_target,
        target_share_total=target_total,
        projected_annual_margin=projected,
        in_kind_value=sum(in_kind_value(g, canvas) * g.customer_count for g in current),
    )
    return CanvasMetrics(groups=groups, portfolio=portfolio, pareto=pareto_curve(canvas))


TOP_N_FIT = 3  # "top-ranked": the three highest-ranked pains and the three highest-ranked gains


def proposition_fit(group: CustomerGroup) -> tuple[int, int] | None:
    """How many of the group's most important job, pain and gain its value proposition addresses,
    out of how many it has; None when it has none of them yet."""
    top = [x for x in (group.top_job(), group.top_pain(), group.top_gain()) if x is not None]
    if not top:
        return None
    return sum(x.id in group.proposition.addresses for x in top), len(top)


def needs_answered(group: CustomerGroup) -> tuple[int, int] | None:
    """How many of the group's top-ranked pains and gains have a linked reliever or creator, out
    of how many there are (METHOD S3's badge); None when the group has no pains and no gains yet.

    Top-ranked = the three most severe pains and the three most important gains (ties keep the
    order the owner wrote them in).
    """
    pains = sorted(group.pains, key=lambda p: -p.severity)[:TOP_N_FIT]
    gains = sorted(group.gains, key=lambda g: -g.importance)[:TOP_N_FIT]
    if not pains and not gains:
        return None
    relieved = {pid for r in group.pain_relievers for pid in r.pain_ids}
    created = {gid for c in group.gain_creators for gid in c.gain_ids}
    answered = sum(p.id in relieved for p in pains) + sum(g.id in created for g in gains)
    return answered, len(pains) + len(gains)
