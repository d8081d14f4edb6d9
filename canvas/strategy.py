"""The one-page customer strategy (METHOD §3 S9): a column per group, a row per question."""

from __future__ import annotations

from dataclasses import dataclass

from canvas.classify import place
from canvas.labels import (
    DIRECTIONS,
    INTENTS,
    OBJECTIVES,
    QUADRANTS,
    RESULT_METRICS,
    TIERS,
    group_label,
    money,
    number,
    wording,
)
from canvas.metrics import compute
from canvas.model import Canvas, CustomerGroup, ExpectedResult


@dataclass(frozen=True)
class OnePage:
    title: str
    goal: str
    why: str
    groups: list[str]  # column headings
    rows: list[tuple[str, list[str]]]  # (row heading, one cell per group)
    first_moves: str


def result_text(result: ExpectedResult, currency: str) -> str:
    label = result.custom_label or RESULT_METRICS[result.metric]
    unit = f" {result.unit}" if result.unit else ""
    if result.metric in ("avg_order_value", "cost_to_serve_per_year", "clv"):
        change = f"{money(result.baseline, currency)} → {money(result.target, currency)}"
    else:
        change = f"{number(result.baseline, 1).removesuffix('.0')} → {number(result.target, 1).removesuffix('.0')}{unit}"
    return f"{label}: {change} in {result.due_in_months} months"


def _intents(group: CustomerGroup) -> str:
    parts = []
    for intent in group.intents:
        how = ", ".join(OBJECTIVES[o].lower() for o in intent.objectives)
        parts.append(f"{INTENTS[intent.type]}" + (f" ({how})" if how else ""))
    return "; ".join(parts) or "not chosen yet"


def one_page(canvas: Canvas, *, customer_safe: bool = False) -> OnePage:
    """The strategy on one page. The customer-safe version leaves out internal labels: group
    names (often nicknames), value tiers and quadrants."""
    metrics = compute(canvas)
    placements = place(canvas, metrics)
    words = wording(canvas)
    cur = canvas.currency
    columns: dict[str, list[str]] = {}
    for group in canvas.groups:
        gm = metrics.of(group)
        pl = placements[group.id]
        nps = "—" if gm.nps is None else f"{gm.nps.score:+.0f}"
        value = f"Lifetime value {money(gm.clv, cur)} per {words.customer}"
        if gm.group_value is not None:
            value += f"; group {money(gm.group_value, cur)}"
        value += f"; recommendation {nps}"
        results = [result_text(r, cur) for i in group.intents for r in i.expected_results]
        places = [
            f"{h.name} ({DIRECTIONS[h.direction].lower()})" for h in canvas.hangouts_for(group.id)
        ]
        target = "—" if group.target_share_pct is None else f"{group.target_share_pct:g}%"
        cells = {
            "Who they are": " ".join(filter(None, (group.description, group.behaviour))),
            "What they value": ", ".join(group.value_drivers),
            "Value to us": value,
            "Where they sit": (
                f"{QUADRANTS.get(pl.quadrant or '', 'not scored')} · {TIERS[pl.tier]}"
            ),
            "Intent": _intents(group),
            "Expected results": "; ".join(results),
            "Share now → target": f"{gm.share_now_pct:g}% → {target}",
            "Why": group.proposition.why_for_group,
            "What we offer": group.proposition.what,
            "Where they gather": "; ".join(places),
        }
        if customer_safe:
            cells.pop("Where they sit")
        for heading, text in cells.items():
            columns.setdefault(heading, []).append(text)
    return OnePage(
        title=f"{canvas.business_name or 'Our'} customer strategy",
        goal=canvas.business_goal,
        why=canvas.why_statement,
        groups=[
            f"Group {n}" if customer_safe else group_label(g.name)
            for n, g in enumerate(canvas.groups, start=1)
        ],
        rows=list(columns.items()),
        first_moves=canvas.first_moves,
    )
