"""The stable metrics contract (`python -m canvas metrics --json`): one dict of plain numbers."""

from __future__ import annotations

from typing import Any

from canvas.core.classify import place
from canvas.core.metrics import compute
from canvas.core.model import Canvas


def _r(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


def metrics_report(canvas: Canvas) -> dict[str, Any]:
    metrics = compute(canvas)
    placements = place(canvas, metrics)
    portfolio = metrics.portfolio
    groups = []
    for group in canvas.groups:
        gm = metrics.of(group)
        pl = placements[group.id]
        groups.append(
            {
                "id": group.id,
                "name": group.name,
                "kind": group.kind.value,
                "customers": group.customer_count,
                "revenue_per_customer": _r(gm.revenue_per_customer),
                "margin_per_customer": _r(gm.margin_per_customer),
                "lifetime_years": _r(gm.lifetime_years),
                "clv": _r(gm.clv),
                "clv_future_only": _r(gm.clv_future_only),
                "clv_undiscounted": _r(gm.clv_undiscounted),
                "clv_truncated": _r(gm.clv_truncated),
                "group_value": _r(gm.group_value),
                "nps": _r(gm.nps.score, 1) if gm.nps else None,
                "nps_margin": _r(gm.nps.margin, 1) if gm.nps else None,
                "nps_is_estimate": gm.nps.is_estimate if gm.nps else None,
                "clv_cac": _r(gm.clv_cac),
                "payback_years": _r(gm.payback_years),
                "potential_value": _r(gm.potential_value),
                "share_now_pct": gm.share_now_pct,
                "margin_share_pct": _r(gm.margin_share_pct, 1),
                "target_share_pct": group.target_share_pct,
                "quadrant": pl.quadrant.value if pl.quadrant else None,
                "near_line": pl.near_line,
                "tier": pl.tier.value,
                "growable": pl.growable,
                "suggested_vtb": pl.vtb_suggested,
                "value_to_customer": group.value_to_customer_score,
                "value_to_business": group.value_to_business_score,
                "value_basis": gm.value_basis,
                "in_kind_net_per_customer": _r(gm.in_kind_net_per_customer),
                "in_kind_clv": _r(gm.in_kind_clv),
            }
        )
    return {
        "canvas": {"name": canvas.business_name, "currency": canvas.currency},
        "portfolio": {
            "customers": portfolio.customers,
            "annual_revenue": _r(portfolio.annual_revenue),
            "annual_margin": _r(portfolio.annual_margin),
            "average_clv": _r(portfolio.average_clv),
            "portfolio_value": _r(portfolio.portfolio_value),
            "mix_margin_now": _r(portfolio.mix_margin_now),
            "mix_margin_target": _r(portfolio.mix_margin_target),
            "mix_effect_pct": _r(portfolio.mix_effect_pct, 1),
            "target_share_total": _r(portfolio.target_share_total, 1),
            "in_kind_value": _r(portfolio.in_kind_value),
        },
        "groups": groups,
        "pareto": [
            {
                "group_id": p.group_id,
                "customers_pct": _r(p.customers_pct, 1),
                "margin_pct": _r(p.margin_pct, 1),
            }
            for p in metrics.pareto
        ],
    }
