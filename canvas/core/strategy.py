"""The one-page customer strategy (METHOD §3 S9): a column per group, a row per question.

The app's summary, the workbook's Strategy sheet and the one-page picture all take their words from
`StrategyText`, so the three always say the same thing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from canvas.core import labels as L
from canvas.core.classify import Placement, place
from canvas.core.metrics import CanvasMetrics, GroupMetrics, compute
from canvas.core.model import (
    Canvas,
    CustomerGroup,
    ExpectedResult,
    IntentType,
    ResultComparison,
)


def neutral_names(canvas: Canvas) -> Canvas:
    """Group names are often internal nicknames ('bargain buyers'); outside the business each
    group is called 'Group 1', 'Group 2', ... (C-36)."""
    groups = [
        g.model_copy(update={"name": f"Group {n}"}) for n, g in enumerate(canvas.groups, start=1)
    ]
    return canvas.model_copy(update={"groups": groups})


class StrategyText:
    """The words in each cell of the strategy, for one group."""

    def __init__(
        self, canvas: Canvas, metrics: CanvasMetrics, placements: dict[str, Placement], safe: bool
    ) -> None:
        self.canvas = canvas
        self.metrics = metrics
        self.placements = placements
        self.safe = safe
        self.words = L.wording(canvas)

    def money(self, amount: float | None) -> str:
        return L.money(amount, self.canvas.currency)

    def who(self, g: CustomerGroup) -> str:
        head = f"{self.words.group_kinds[g.kind]} · {L.RELATIONSHIPS[g.relationship_type].lower()}"
        return "\n".join(x for x in (head, g.description) if x)

    def values(self, g: CustomerGroup) -> str:
        drivers = ", ".join(g.value_drivers)
        job = g.top_job()
        return "\n".join(x for x in (drivers, f"Job: {job.text}" if job and job.text else "") if x)

    def value_to_us(self, g: CustomerGroup) -> str:
        gm: GroupMetrics = self.metrics.of(g)
        lines = [L.lifetime_value(gm, self.canvas.currency)]
        if gm.group_value is None:
            lines.append(f"Not yet a {self.words.customer}: figures are estimates")
        elif gm.in_kind_clv is not None:  # valued in kind: the group's worth on the same basis
            lines.append(f"Group value in kind {self.money(gm.in_kind_clv * g.customer_count)}")
        else:
            lines.append(f"Group value {self.money(gm.group_value)}")
        if gm.nps is not None:
            score = L.recommendation(
                gm.nps.score, gm.nps.margin, gm.nps.is_indicative, gm.nps.is_estimate
            )
            lines.append(f"{L.term('recommendation_score', self.canvas).name} {score}")
        return "\n".join(lines)

    def exchange(self, g: CustomerGroup) -> str:
        pl = self.placements[g.id]
        scores = f"To them {L.number(pl.vtc, 1)} · to us {L.number(pl.vtb, 1)}"
        if self.safe:
            return scores
        quadrant = L.QUADRANTS[pl.quadrant.value] if pl.quadrant else "Not scored yet"
        return f"{quadrant} · {self.words.tiers[pl.tier.value]}\n{scores}"

    def intents(self, g: CustomerGroup) -> str:
        lines = []
        for intent in sorted(g.intents, key=lambda i: list(IntentType).index(i.type)):
            objectives = ", ".join(self.words.objectives[o].lower() for o in intent.objectives)
            lines.append(L.INTENTS[intent.type] + (f": {objectives}" if objectives else ""))
        return "\n".join(lines) or "No intent chosen yet"

    def result_lines(self, g: CustomerGroup) -> list[str]:
        return [result_text(r, self.canvas) for i in g.intents for r in i.expected_results]

    def results(self, g: CustomerGroup) -> str:
        return "\n".join(self.result_lines(g))

    def share(self, g: CustomerGroup) -> str:
        now = self.metrics.of(g).share_now_pct
        target = "not set" if g.target_share_pct is None else L.percent(g.target_share_pct)
        return f"{L.percent(now)} → {target}"

    def why_what(self, g: CustomerGroup) -> str:
        p = g.proposition
        parts = [
            f"Why: {p.why_for_group}" if p.why_for_group else "",
            f"What: {p.what}" if p.what else "",
        ]
        return "\n".join(x for x in parts if x)

    def gather(self, g: CustomerGroup) -> str:
        return ", ".join(h.name for h in self.canvas.hangouts_for(g.id))

    def glance(self, g: CustomerGroup) -> list[str]:
        """The lines a reader needs first: what you mean to do with the group, where it stands,
        the share you aim for, and the first result you expect (with how many more follow)."""
        gm, pl = self.metrics.of(g), self.placements[g.id]
        standing = [L.lifetime_value(gm, self.canvas.currency)]
        if pl.quadrant and not self.safe:
            standing.insert(0, L.QUADRANTS[pl.quadrant.value])
        lines = [
            L.intent_names([i.type for i in g.intents]) or "No intent chosen yet",
            " · ".join(standing),
            f"{self.share(g)} of {self.words.customers}",
        ]
        results = self.result_lines(g)
        if results:
            more = f" (and {len(results) - 1} more)" if len(results) > 1 else ""
            lines.append(results[0] + more)
        return lines

    def rows(self) -> list[tuple[str, Callable[[CustomerGroup], str]]]:
        return [
            ("Who they are", self.who),
            ("What they value", self.values),
            (
                f"Value to {('the ' + self.words.business) if self.canvas.is_nonprofit else 'us'}",
                self.value_to_us,
            ),
            ("Value scores" if self.safe else "Value exchange", self.exchange),
            ("Our intent", self.intents),
            ("Expected results", self.results),
            (f"Share of {self.words.customers} now → target", self.share),
            ("Why and what", self.why_what),
            ("Where they gather", self.gather),
        ]


MONEY_METRICS = {"avg_order_value", "cost_to_serve_per_year", "clv"}


COMPARISON_WORDS = {  # how a ceiling or a floor reads before its target
    ResultComparison.reach: "",
    ResultComparison.at_most: "at most ",
    ResultComparison.at_least: "at least ",
}


def result_text(result: ExpectedResult, canvas: Canvas) -> str:
    """'Retention (%): 60 → 65 in 12 months', 'Grants (%): 48 → at most 35 by 31 Dec 2027', in
    the canvas's words and currency."""
    currency = canvas.currency
    name = result.custom_label or L.result_metrics(canvas)[result.metric]
    is_money = result.metric in MONEY_METRICS or result.unit in (
        currency,
        *L.CURRENCY_SYMBOLS.values(),
    )
    if is_money:
        now, target = L.money(result.baseline, currency), L.money(result.target, currency)
    else:
        unit = f" {result.unit}" if result.unit and result.unit != "%" else result.unit
        now, target = f"{result.baseline:g}", f"{result.target:g}{unit}"
    when = (
        f"by {result.due_by.day} {result.due_by:%b %Y}"
        if result.due_by
        else f"in {result.due_in_months} months"
    )
    return f"{name}: {now} → {COMPARISON_WORDS[result.comparison]}{target} {when}"


@dataclass(frozen=True)
class OnePage:
    title: str
    goal: str
    why: str
    groups: list[str]  # column headings
    rows: list[tuple[str, list[str]]]  # (row heading, one cell per group)
    glance: list[list[str]]  # per group, the few lines to read first (StrategyText.glance)


def one_page(canvas: Canvas, *, customer_safe: bool = False) -> OnePage:
    """The strategy on one page. The customer-safe version leaves out internal labels: group
    nicknames, value tiers and quadrants."""
    if customer_safe:
        canvas = neutral_names(canvas)
    metrics = compute(canvas)
    text = StrategyText(canvas, metrics, place(canvas, metrics), customer_safe)
    return OnePage(
        title=f"{canvas.business_name or 'Our'} {L.wording(canvas).strategy.lower()}",
        goal=canvas.business_goal,
        why=canvas.why_statement,
        groups=[L.group_label(g.name) for g in canvas.groups],
        rows=[(label, [describe(g) for g in canvas.groups]) for label, describe in text.rows()],
        glance=[text.glance(g) for g in canvas.groups],
    )
