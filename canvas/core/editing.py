"""Edits to a canvas, as pure functions: every change goes through the model's validation.

Each table of the app is a `Table`: how to read its rows from a canvas and how to write edited rows
back into a new, validated canvas (`canvas.core.table_edits` applies the grid's edits through them).
Nothing here imports Streamlit, so it is all unit-tested.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from canvas.core.document import describe_validation_error
from canvas.core.metrics import compute, largest_remainder
from canvas.core.model import (
    ECONOMIC_FIELDS,
    Canvas,
    CustomerGroup,
    IntentType,
    ResultComparison,
    ResultMetric,
    new_id,
    utc_now,
)

Row = dict[str, Any]  # one table row: column key -> value (the one row type of canvas/)


class EditError(ValueError):
    """An edit the model refuses. The message says why in plain words; nothing was changed."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(" ".join(problems))
        self.problems = problems


def validated(document: dict[str, Any]) -> Canvas:
    try:
        return Canvas.model_validate(document)
    except ValidationError as exc:
        raise EditError(describe_validation_error(exc, document)) from None


def with_changes(canvas: Canvas, **changes: Any) -> Canvas:
    """A new canvas with top-level fields changed, validated as a whole."""
    document = canvas.model_dump() | changes | {"updated_at": utc_now()}
    return validated(document)


def with_group_changes(canvas: Canvas, group_id: str, **changes: Any) -> Canvas:
    groups = [
        g.model_dump() | changes if g.id == group_id else g.model_dump() for g in canvas.groups
    ]
    return with_changes(canvas, groups=groups)


def split_list(text: Any) -> list[str]:
    """'speed, consistency' -> ['speed', 'consistency'] (blank parts dropped). Every part is kept:
    more parts than a list holds are refused by the model with a message, never dropped."""
    if text is None:
        return []
    if isinstance(text, list):
        parts = [str(p).strip() for p in text]
    else:
        parts = [p.strip() for p in str(text).split(",")]
    parts = [p for p in parts if p]
    return parts


LIST_JOINER = ", "  # how a list is shown as one text to type in ("speed, consistency")


def join_list(items: Iterable[str]) -> str:
    return LIST_JOINER.join(items)


def _number(value: Any, default: float | None = 0.0) -> Any:
    return default if value is None or value == "" else value


@dataclass(frozen=True)
class Table:
    """One editable table: how to draw rows from a canvas and how to write them back."""

    read: Callable[[Canvas], list[Row]]
    write: Callable[[Canvas, list[Row]], Canvas]
    defaults: Row


# ---------- S2: customer groups ----------


def group_rows(canvas: Canvas) -> list[Row]:
    return [
        {
            "id": g.id,
            "name": g.name,
            "kind": g.kind.value,
            "relationship_type": g.relationship_type.value,
            "customer_count": g.customer_count,
            "behaviour": g.behaviour,
            "description": g.description,
            "value_drivers": join_list(g.value_drivers),
            "how_identified": g.how_identified,
            "role": g.role.value if g.role else None,
        }
        for g in canvas.groups
    ]


def _group_identity(row: Row) -> Row:
    return {
        "name": row.get("name") or "",
        "kind": row.get("kind") or "current",
        "relationship_type": row.get("relationship_type") or "repeat",
        "customer_count": _number(row.get("customer_count"), 0),
        "behaviour": row.get("behaviour") or "",
        "description": row.get("description") or "",
        "value_drivers": split_list(row.get("value_drivers")),
        "how_identified": row.get("how_identified") or "",
        "role": row.get("role") or None,
    }


def write_groups(canvas: Canvas, rows: list[Row]) -> Canvas:
    existing = {g.id: g for g in canvas.groups}
    groups = []
    for row in rows:
        identity = _group_identity(row)
        if row.get("id") in existing:
            groups.append(existing[row["id"]].model_dump() | identity)
        else:
            groups.append(CustomerGroup().model_dump() | identity | {"id": new_id("grp")})
    return _without_dangling_links(canvas, groups)


def _without_dangling_links(canvas: Canvas, groups: list[Row]) -> Canvas:
    """Deleting a group also takes it out of places and lifecycle notes."""
    kept = {g["id"] for g in groups}
    hangouts = []
    for hangout in canvas.hangouts:
        ids = [i for i in hangout.group_ids if i in kept]
        hangouts.append(hangout.model_dump() | {"group_ids": ids})
    notes = [n.model_dump() for n in canvas.lifecycle_notes if n.group_id in kept]
    pins = [
        p.model_dump() | ({} if p.group_id in kept else {"group_id": None})
        for p in canvas.session_notes
    ]
    return with_changes(
        canvas, groups=groups, hangouts=hangouts, lifecycle_notes=notes, session_notes=pins
    )


GROUPS = Table(
    read=group_rows,
    write=write_groups,
    defaults={"kind": "current", "relationship_type": "repeat", "customer_count": 0},
)


# ---------- S4: value to the business ----------

# The model's economic inputs as number columns: "nps" is its own columns (NPS_COLUMNS), and
# referrals, which carry no confidence, come last.
ECONOMICS_COLUMNS = (
    *(f for f in ECONOMIC_FIELDS if f != "nps"),
    "referrals_per_10_per_year",
)
OPTIONAL_NUMBERS = {"acquisition_cost", "share_of_wallet_pct", "referrals_per_10_per_year"}
NPS_COLUMNS = ("nps_mode", "nps_promoters", "nps_passives", "nps_detractors", "nps_score_manual")


def economics_rows(canvas: Canvas) -> list[Row]:
    rows = []
    for g in canvas.groups:
        row: Row = {"id": g.id, "name": g.name}
        row |= {c: getattr(g, c) for c in ECONOMICS_COLUMNS}
        row |= {c: getattr(g, c) for c in NPS_COLUMNS}
        row["nps_mode"] = g.nps_mode.value
        row["confidence"] = g.confidence.weakest.value
        row["value_to_business_score"] = g.value_to_business_score
        row["vtb_override_reason"] = g.vtb_override_reason
        rows.append(row)
    return rows


def write_economics(canvas: Canvas, rows: list[Row]) -> Canvas:
    by_id = {r.get("id"): r for r in rows}
    groups = []
    for g in canvas.groups:
        row = by_id.get(g.id)
        doc = g.model_dump()
        if row is not None:
            for column in (*ECONOMICS_COLUMNS, *NPS_COLUMNS):
                if column not in row:
                    continue
                optional = column in OPTIONAL_NUMBERS or column == "nps_score_manual"
                doc[column] = _number(row[column], None if optional else 0)
            if row.get("confidence") and row["confidence"] != g.confidence.weakest.value:
                doc["confidence"] = g.confidence.set_all(row["confidence"]).model_dump()
            doc["value_to_business_score"] = _number(row.get("value_to_business_score"), None)
            doc["vtb_override_reason"] = row.get("vtb_override_reason") or ""
        groups.append(doc)
    return with_changes(canvas, groups=groups)


ECONOMICS = Table(read=economics_rows, write=write_economics, defaults={})

# What a group gives in kind (nonprofits): its role, volunteer hours and gifts in kind, each a year.
IN_KIND_COLUMNS = ("volunteer_hours_per_year", "in_kind_value_per_year")


def in_kind_rows(canvas: Canvas) -> list[Row]:
    return [
        {"id": g.id, "name": g.name, "role": g.role.value if g.role else None}
        | {c: getattr(g, c) for c in IN_KIND_COLUMNS}
        for g in canvas.groups
    ]


def write_in_kind(canvas: Canvas, rows: list[Row]) -> Canvas:
    by_id = {r.get("id"): r for r in rows}
    groups = []
    for g in canvas.groups:
        doc = g.model_dump()
        row = by_id.get(g.id)
        if row is not None:
            doc["role"] = row.get("role") or None
            doc |= {c: _number(row.get(c), None) for c in IN_KIND_COLUMNS}
        groups.append(doc)
    return with_changes(canvas, groups=groups)


IN_KIND = Table(read=in_kind_rows, write=write_in_kind, defaults={})


# ---------- S6: target mix ----------


# Target shares worked out from counts keep this many decimals: exact enough for any count, and
# short enough to come back unchanged from a workbook's percentage cell.
SHARE_DECIMALS = 9


def target_count(canvas: Canvas, share_pct: float | None) -> int | None:
    """A target share as a number of customers, when the canvas has a target total."""
    total = canvas.target_total_customers
    if share_pct is None or total is None:
        return None
    return round(share_pct / 100 * total)


def target_rows(canvas: Canvas) -> list[Row]:
    figures = compute(canvas).groups
    return [
        {
            "id": g.id,
            "name": g.name,
            "share_now_pct": figures[g.id].share_now_pct,
            "target_share_pct": g.target_share_pct,
            "target_count": target_count(canvas, g.target_share_pct),
        }
        for g in canvas.groups
    ]


def _target_share(canvas: Canvas, group: CustomerGroup, row: Row) -> float | None:
    """The share a row asks for: its share if that changed, else its count as a share of the
    target total (kept unrounded, so 14 of 1,774 stays 14, not 0.8% of them)."""
    share = _number(row.get("target_share_pct"), None)
    count = _number(row.get("target_count"), None)
    total = canvas.target_total_customers
    share_changed = share != group.target_share_pct
    count_changed = "target_count" in row and count != target_count(canvas, group.target_share_pct)
    if count_changed and not share_changed and total:
        return None if count is None else round(min(count / total * 100, 100.0), SHARE_DECIMALS)
    return share


def write_targets(canvas: Canvas, rows: list[Row]) -> Canvas:
    by_id = {r.get("id"): r for r in rows}
    groups = [
        g.model_dump()
        | ({"target_share_pct": _target_share(canvas, g, by_id[g.id])} if g.id in by_id else {})
        for g in canvas.groups
    ]
    return with_changes(canvas, groups=groups)


TARGETS = Table(read=target_rows, write=write_targets, defaults={})


# ---------- S3: a group's jobs, pains, gains, relievers and creators ----------


def item_rows(group: CustomerGroup, field: str) -> list[Row]:
    rows = []
    for item in getattr(group, field):
        row = item.model_dump(mode="json")
        if field == "pain_relievers":
            row["pain_ids"] = row["pain_ids"][0] if row["pain_ids"] else None
        if field == "gain_creators":
            row["gain_ids"] = row["gain_ids"][0] if row["gain_ids"] else None
        rows.append(row)
    return rows


ITEM_PREFIX = {
    "jobs": "job",
    "pains": "pain",
    "gains": "gain",
    "pain_relievers": "rel",
    "gain_creators": "cre",
}
ITEM_DEFAULTS: dict[str, Row] = {
    "jobs": {"importance": 3},  # no kind until the person picks one
    "pains": {"severity": 3},
    "gains": {"importance": 3},
    "pain_relievers": {},
    "gain_creators": {},
}


def write_items(canvas: Canvas, group_id: str, field: str, rows: list[Row]) -> Canvas:
    """Replace one list of a group (e.g. its pains); links to removed items are dropped."""
    items = []
    for row in rows:
        if not (row.get("text") or "").strip():
            continue
        item = {k: v for k, v in row.items() if v is not None}
        item["id"] = row.get("id") or new_id(ITEM_PREFIX[field])
        for link in ("pain_ids", "gain_ids"):
            if link in row:
                item[link] = [row[link]] if row[link] else []
        items.append(ITEM_DEFAULTS[field] | item)
    group = canvas.group(group_id).model_dump() | {field: items}
    kept = {i["id"] for key in ("jobs", "pains", "gains") for i in group[key]}
    group["pain_relievers"] = [
        r | {"pain_ids": [p for p in r["pain_ids"] if p in kept]} for r in group["pain_relievers"]
    ]
    group["gain_creators"] = [
        c | {"gain_ids": [g for g in c["gain_ids"] if g in kept]} for c in group["gain_creators"]
    ]
    proposition = group["proposition"]
    proposition["addresses"] = [a for a in proposition["addresses"] if a in kept]
    return with_group_changes(canvas, group_id, **group)


def items_table(group_id: str, field: str) -> Table:
    """A group's jobs, pains, gains, relievers or creators as a table."""
    return Table(
        read=lambda c: item_rows(c.group(group_id), field),
        write=lambda c, rows: write_items(c, group_id, field, rows),
        defaults=ITEM_DEFAULTS[field],
    )


# ---------- S8: where they gather ----------


def hangout_rows(canvas: Canvas) -> list[Row]:
    return [
        {
            "id": h.id,
            "name": h.name,
            "kind": h.kind.value if h.kind else None,
            "direction": h.direction.value,
            "group_ids": list(h.group_ids),
            "stages": [s.value for s in h.stages],
            "note": h.note,
        }
        for h in canvas.hangouts
    ]


def write_hangouts(canvas: Canvas, rows: list[Row]) -> Canvas:
    known = {g.id for g in canvas.groups}
    hangouts = [
        {
            "id": row.get("id") or new_id("hang"),
            "name": row["name"],
            "kind": row.get("kind") or None,
            "direction": row.get("direction") or "shared_meeting_place",
            "group_ids": [i for i in split_list(row.get("group_ids")) if i in known],
            "stages": split_list(row.get("stages")),
            "note": row.get("note") or "",
        }
        for row in rows
        if (row.get("name") or "").strip()
    ]
    return with_changes(canvas, hangouts=hangouts)


HANGOUTS = Table(
    read=hangout_rows,
    write=write_hangouts,
    defaults={
        "direction": "shared_meeting_place",
        "group_ids": [],
        "stages": [],
    },
)


LIFECYCLE_TEXT = ("knowledge_they_need", "what_we_can_learn", "moment_that_matters")


def lifecycle_rows(canvas: Canvas) -> list[Row]:
    return [n.model_dump(mode="json") for n in canvas.lifecycle_notes]


def write_lifecycle(canvas: Canvas, rows: list[Row]) -> Canvas:
    """Lifecycle notes; a row is kept once it names a group and a stage."""
    known = {g.id for g in canvas.groups}
    notes = [
        {
            "id": row.get("id") or new_id("note"),
            "group_id": row["group_id"],
            "stage": row["stage"],
            **{column: row.get(column) or "" for column in LIFECYCLE_TEXT},
        }
        for row in rows
        if row.get("group_id") in known and row.get("stage")
    ]
    return with_changes(canvas, lifecycle_notes=notes)


LIFECYCLE = Table(read=lifecycle_rows, write=write_lifecycle, defaults={})


# ---------- S6: intents ----------


def intent_blocked_reason(group: CustomerGroup, option: IntentType) -> str | None:
    """Why an intent can't be ticked now (one or two at most, no contradictions), or None."""
    chosen = group.intent_types
    if option in chosen:
        return None
    if len(chosen) >= 2:
        return "Choose one or two intents, at most. Untick one to pick this."
    if option == IntentType.retire and chosen & {IntentType.grow, IntentType.maintain}:
        return "Retire can't go with grow or maintain."
    if option in (IntentType.grow, IntentType.maintain) and IntentType.retire in chosen:
        return "This can't go with retire."
    return None


def set_intents(canvas: Canvas, group_id: str, intent_types: list[str]) -> Canvas:
    """Choose a group's intents, keeping objectives and results of those that stay."""
    group = canvas.group(group_id)
    kept = {i.type.value: i.model_dump() for i in group.intents}
    intents = [kept.get(t, {"type": t}) for t in intent_types]
    return with_group_changes(canvas, group_id, intents=intents)


def update_intent(canvas: Canvas, group_id: str, intent_type: str, **changes: Any) -> Canvas:
    group = canvas.group(group_id)
    intents = [
        i.model_dump() | changes if i.type.value == intent_type else i.model_dump()
        for i in group.intents
    ]
    return with_group_changes(canvas, group_id, intents=intents)


def result_rows(canvas: Canvas, group_id: str, intent_type: str) -> list[Row]:
    for intent in canvas.group(group_id).intents:
        if intent.type.value == intent_type:
            return [
                r.model_dump(mode="json") | {"due_by": r.due_by} for r in intent.expected_results
            ]
    return []


def write_results(canvas: Canvas, group_id: str, intent_type: str, rows: list[Row]) -> Canvas:
    horizon = canvas.strategy_horizon_months
    kept = {r["id"]: r for r in result_rows(canvas, group_id, intent_type)}
    results = []
    for row in rows:
        if not row.get("metric"):
            continue
        today = current_value(canvas, group_id, row["metric"])
        baseline = row.get("baseline")
        earlier = kept.get(row.get("id"))
        if earlier and earlier["metric"] != row["metric"] and baseline == earlier["baseline"]:
            baseline = None  # a new measure: its own figure today, never one in another unit
        results.append(
            {
                "id": row.get("id") or new_id("res"),
                "metric": row["metric"],
                "custom_label": row.get("custom_label") or "",
                "unit": row.get("unit") or "",
                "baseline": _number(baseline, today or 0.0),
                "target": _number(row.get("target"), 0.0),
                "due_in_months": _number(row.get("due_in_months"), horizon),
                "due_by": row.get("due_by") or None,
                "comparison": row.get("comparison") or ResultComparison.reach.value,
            }
        )
    return update_intent(canvas, group_id, intent_type, expected_results=results)


def results_table(group_id: str, intent_type: str, horizon_months: int) -> Table:
    """The expected results of one of a group's intents as a table."""
    return Table(
        read=lambda c: result_rows(c, group_id, intent_type),
        write=lambda c, rows: write_results(c, group_id, intent_type, rows),
        defaults={"due_in_months": horizon_months},
    )


def _result_target(group: CustomerGroup, metric: ResultMetric) -> float | None:
    """The target of the group's expected result on `metric` (a grow or maintain one first)."""
    for intent in sorted(group.intents, key=lambda i: i.type == IntentType.retire):
        for result in intent.expected_results:
            if result.metric == metric:
                return result.target
    return None


def _rule_share(group: CustomerGroup, now: float) -> float:
    """Targets from intents alone: grow (share) +5 points, retire halves, others stay."""
    if group.is_retired:
        return now / 2
    if group.has_grow_share:
        return now + 5
    return now


def suggest_targets(canvas: Canvas, share_now: dict[str, float]) -> dict[str, float]:
    """Target shares from the intents and their expected results. A group whose results name a
    share of all customers, or a number of customers, gets that share (the numbers against the
    total they add up to); the others follow the intents and fill what is left."""
    counts = {g.id: _result_target(g, ResultMetric.customer_count) for g in canvas.groups}
    shares = {g.id: _result_target(g, ResultMetric.portfolio_share_pct) for g in canvas.groups}
    projected_total = sum(
        counts[g.id]
        if counts[g.id] is not None
        else g.customer_count * (0.5 if g.is_retired else 1)
        for g in canvas.groups
        if g.is_in_portfolio or counts[g.id] is not None
    )
    fixed: dict[str, float] = {}
    for group in canvas.groups:
        if shares[group.id] is not None:
            fixed[group.id] = shares[group.id]
        elif counts[group.id] is not None and projected_total > 0:
            fixed[group.id] = counts[group.id] / projected_total * 100
    room = max(100.0 - sum(fixed.values()), 0.0)
    rest = {
        g.id: _rule_share(g, share_now.get(g.id, 0.0)) for g in canvas.groups if g.id not in fixed
    }
    if sum(rest.values()) <= 0:
        rest = dict.fromkeys(rest, 1.0)
    scaled = (
        dict(
            zip(rest, [v / 100 * room for v in largest_remainder(list(rest.values()))], strict=True)
        )
        if rest
        else {}
    )
    return {g.id: round((fixed | scaled)[g.id], SHARE_DECIMALS) for g in canvas.groups}


def current_value(canvas: Canvas, group_id: str, metric: str) -> float | None:
    """Today's figure for an expected-result measure, to pre-fill its baseline."""
    group = canvas.group(group_id)
    gm = compute(canvas).groups[group_id]
    values: dict[str, float | None] = {
        "customer_count": group.customer_count,
        "portfolio_share_pct": gm.share_now_pct,
        "retention_pct": group.retention_pct,
        "purchases_per_year": group.purchases_per_year,
        "avg_order_value": group.avg_order_value,
        "contribution_margin_pct": group.contribution_margin_pct,
        "cost_to_serve_per_year": group.cost_to_serve_per_year,
        "nps": round(gm.nps.score) if gm.nps else None,
        "referrals_per_10_per_year": group.referrals_per_10_per_year,
        "clv": round(gm.clv, 2),
    }
    return values.get(metric)
