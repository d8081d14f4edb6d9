"""The measurement as a plain dict: the JSON contract of `python -m canvas measure --json`.

Keys (stable): rows, rows_used, rows_skipped (reason -> count), customers, period {start, end},
date_format, top20_share_pct, groups [{group, customers, purchases, net_sales, avg_sale,
purchases_per_year, retention_pct (None without an earlier year), revenue_share_pct}]; with
behaviour, a `bgnbd` object {r, alpha, a, b, time_unit} and per group p_alive_avg and
expected_purchases_12m. Extra keys may be added; these are never renamed.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from canvas.measure.behaviour import Behaviour
from canvas.measure.bgnbd import TIME_UNIT
from canvas.measure.figures import GroupFigures, Measurement


def _rounded(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


def measurement_report(m: Measurement, behaviour: Behaviour | None = None) -> dict[str, Any]:
    report: dict[str, Any] = {
        "file": m.file_name,
        "layout": m.layout,
        "rows": m.rows,
        "rows_used": m.rows_used,
        "rows_skipped": dict(m.rows_skipped),
        "refunds": m.refunds,
        "walk_in_sales": round(m.walk_in_sales, 2),
        "customers": m.customers,
        "net_sales": round(m.net_sales, 2),
        "period": {"start": m.period.start.isoformat(), "end": m.period.end.isoformat()},
        "date_format": m.date_format,
        "top20_share_pct": _rounded(m.top20_share_pct, 1),
        "groups": [_group(g) for g in m.groups],
    }
    if behaviour is not None:
        report["bgnbd"] = _model(behaviour)
        for group in report["groups"]:
            found = behaviour.group(group["group"])
            group["p_alive_avg"] = _rounded(found.p_alive_avg, 3) if found else None
            group["expected_purchases_12m"] = (
                _rounded(found.expected_purchases_12m) if found else None
            )
            group["expected_spend_12m"] = _rounded(found.expected_spend_12m) if found else None
    return report


def _group(g: GroupFigures) -> dict[str, Any]:
    data = asdict(g)
    for key in ("net_sales", "avg_sale", "purchases_per_year"):
        data[key] = _rounded(data[key])
    for key in ("retention_pct", "revenue_share_pct"):
        data[key] = _rounded(data[key], 1)
    return data


def _model(behaviour: Behaviour) -> dict[str, Any]:
    fit = behaviour.fit
    model = fit.bgnbd
    data: dict[str, Any] = {
        "fitted": model is not None,
        "r": _rounded(model.r, 4) if model else None,
        "alpha": _rounded(model.alpha, 4) if model else None,
        "a": _rounded(model.a, 4) if model else None,
        "b": _rounded(model.b, 4) if model else None,
        "time_unit": TIME_UNIT,
        "repeat_buyers": fit.repeat_buyers,
    }
    if fit.reason:
        data["reason"] = fit.reason
    return data
