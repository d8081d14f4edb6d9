"""The canvas as rows: one dict per table row, keyed by the column keys of `spec`."""

from __future__ import annotations

from typing import Any

from canvas.core import labels as L
from canvas.core.classify import Placement
from canvas.core.editing import Row, target_count
from canvas.core.metrics import CanvasMetrics
from canvas.core.model import ECONOMIC_FIELDS, Canvas, CustomerGroup
from canvas.outputs.excel.layout import BUSINESS, LIST_SEPARATOR

KEYS = BUSINESS  # only the columns' keys are used here: the same in every wording

PLAIN_SKIP = {"group_id", "group_name", "nps_mode"}


def _pad(items: list[str], size: int) -> list[str]:
    return [*items, *[""] * (size - len(items))]


def group_rows(canvas: Canvas) -> list[Row]:
    rows = []
    for g in canvas.groups:
        drivers = _pad(list(g.value_drivers), 3)
        rows.append(
            {
                "id": g.id,
                "name": g.name,
                "kind": g.kind.value,
                "relationship_type": g.relationship_type.value,
                "role": g.role.value if g.role else None,
                "description": g.description,
                "behaviour": g.behaviour,
                "value_driver_1": drivers[0],
                "value_driver_2": drivers[1],
                "value_driver_3": drivers[2],
                "how_identified": g.how_identified,
                "color": g.color or "",
                "value_to_customer_score": g.value_to_customer_score,
                "value_to_customer_evidence": g.value_to_customer_evidence,
            }
        )
    return rows


def _line(g: CustomerGroup, line: str, **values: Any) -> Row:
    return {"group_id": g.id, "group_name": g.name, "line": line, **values}


def vtc_rows(canvas: Canvas) -> list[Row]:
    rows: list[Row] = []
    for g in canvas.groups:
        for job in g.jobs:
            rows.append(
                _line(
                    g,
                    "job",
                    ref=job.id,
                    text=job.text,
                    job_kind=job.kind.value if job.kind else None,
                    rank=job.importance,
                )
            )
        rows += [_line(g, "pain", ref=p.id, text=p.text, rank=p.severity) for p in g.pains]
        rows += [_line(g, "gain", ref=x.id, text=x.text, rank=x.importance) for x in g.gains]
        rows += [_line(g, "product", text=text) for text in g.products_services]
        rows += [
            _line(g, "reliever", ref=r.id, text=r.text, links=LIST_SEPARATOR.join(r.pain_ids))
            for r in g.pain_relievers
        ]
        rows += [
            _line(g, "creator", ref=c.id, text=c.text, links=LIST_SEPARATOR.join(c.gain_ids))
            for c in g.gain_creators
        ]
    return rows


def vtb_rows(canvas: Canvas, metrics: CanvasMetrics, placements: dict[str, Placement]) -> list[Row]:
    rows = []
    for g in canvas.groups:
        gm = metrics.of(g)
        pl = placements[g.id]
        row: Row = {"group_id": g.id, "group_name": g.name}
        for column in KEYS.vtb_inputs:
            if column.key not in PLAIN_SKIP and "." not in column.key:
                row[column.key] = getattr(g, column.key)
        row["nps_mode"] = g.nps_mode.value
        for field in ECONOMIC_FIELDS:
            row[f"confidence.{field}"] = getattr(g.confidence, field).value
        row.update(
            d_revenue=gm.revenue_per_customer,
            d_margin=gm.margin_per_customer,
            d_lifetime=gm.lifetime_years,
            d_clv=gm.clv,
            d_basis=L.VALUE_BASES[gm.value_basis],
            d_in_kind_net=gm.in_kind_net_per_customer,
            d_in_kind_clv=gm.in_kind_clv,
            d_clv_future=gm.clv_future_only,
            d_clv_undiscounted=gm.clv_undiscounted,
            d_clv_truncated=gm.clv_truncated,
            d_group_value=gm.group_value,
            d_nps=gm.nps.score if gm.nps else None,
            d_nps_margin=gm.nps.margin if gm.nps else None,
            d_clv_cac=gm.clv_cac,
            d_payback=gm.payback_years,
            d_potential=gm.potential_value,
            d_suggested=pl.vtb_suggested,
            d_tier=L.wording(canvas).tiers[pl.tier.value],
        )
        rows.append(row)
    return rows


def intent_rows(canvas: Canvas) -> list[Row]:
    rows: list[Row] = []
    for g in canvas.groups:
        for intent in g.intents:
            head = {
                "group_id": g.id,
                "group_name": g.name,
                "type": intent.type.value,
                "objectives": LIST_SEPARATOR.join(
                    L.objectives(canvas)[o] for o in intent.objectives
                ),
                "rationale": intent.rationale,
            }
            if not intent.expected_results:
                rows.append(head)
            for index, result in enumerate(intent.expected_results):
                row = (
                    dict(head)
                    if index == 0
                    else {k: head[k] for k in ("group_id", "group_name", "type")}
                )
                row.update(
                    result_id=result.id,
                    metric=result.metric.value,
                    custom_label=result.custom_label,
                    unit=result.unit,
                    baseline=result.baseline,
                    target=result.target,
                    due_in_months=result.due_in_months,
                    due_by=result.due_by,
                    comparison=result.comparison.value,
                )
                rows.append(row)
    return rows


def portfolio_rows(canvas: Canvas, metrics: CanvasMetrics) -> list[Row]:
    rows = []
    for g in canvas.groups:
        gm = metrics.of(g)
        target = g.target_share_pct
        rows.append(
            {
                "group_id": g.id,
                "group_name": g.name,
                "d_customers": g.customer_count,
                "d_share_now": gm.share_now_pct,
                "target_share_pct": target,
                "d_change": None if target is None else target - gm.share_now_pct,
                "d_target_count": target_count(canvas, target),
                "d_intents": ", ".join(L.INTENTS[i.type] for i in g.intents),
            }
        )
    return rows


def proposition_rows(canvas: Canvas) -> list[Row]:
    rows = []
    for g in canvas.groups:
        p = g.proposition
        proofs = _pad(list(p.proof_points), 3)
        rows.append(
            {
                "group_id": g.id,
                "group_name": g.name,
                "why_for_group": p.why_for_group,
                "what": p.what,
                "proof_1": proofs[0],
                "proof_2": proofs[1],
                "proof_3": proofs[2],
                "addresses": LIST_SEPARATOR.join(p.addresses),
            }
        )
    return rows


def hangout_rows(canvas: Canvas) -> list[Row]:
    names = {g.id: g.name for g in canvas.groups}
    return [
        {
            "id": h.id,
            "group_ids": LIST_SEPARATOR.join(h.group_ids),
            "name": h.name,
            "kind": h.kind.value if h.kind else None,
            "direction": h.direction.value,
            "groups": LIST_SEPARATOR.join(names[i] for i in h.group_ids),
            "stages": LIST_SEPARATOR.join(L.STAGES[s] for s in h.stages),
            "note": h.note,
        }
        for h in canvas.hangouts
    ]


def lifecycle_rows(canvas: Canvas) -> list[Row]:
    names = {g.id: g.name for g in canvas.groups}
    return [
        {
            "id": n.id,
            "group_id": n.group_id,
            "group_name": names[n.group_id],
            "stage": n.stage.value,
            "knowledge_they_need": n.knowledge_they_need,
            "what_we_can_learn": n.what_we_can_learn,
            "moment_that_matters": n.moment_that_matters,
        }
        for n in canvas.lifecycle_notes
    ]


def settings_values(canvas: Canvas) -> dict[str, Any]:
    values: dict[str, Any] = {}
    padded = _pad(list(canvas.values), 5)
    for setting in KEYS.settings_rows:
        key = setting.key
        if key.startswith("value_"):
            values[key] = padded[int(key.removeprefix("value_")) - 1]
        elif key.startswith("thresholds."):
            values[key] = getattr(canvas.thresholds, key.removeprefix("thresholds."))
        else:
            value = getattr(canvas, key)
            values[key] = value.value if hasattr(value, "value") else value
    values["strategy_horizon_months"] = str(canvas.strategy_horizon_months)
    return values
