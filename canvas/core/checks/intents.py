"""The checks of step 6: intents, expected results and the target mix."""

from __future__ import annotations

from collections.abc import Iterator

from canvas.core import thresholds as T
from canvas.core.checks.findings import Context, Finding, Step, rule
from canvas.core.classify import Quadrant, Tier
from canvas.core.labels import INTENTS, number, percent, wording
from canvas.core.model import CustomerGroup, GroupKind, Intent, IntentType, ResultMetric

S6 = Step("S6")

# ---------- S6 intent, results and target mix ----------


def _share_rule(group: CustomerGroup) -> str | None:
    """The share-bearing intent, by precedence retire > grow (share) > maintain."""
    if group.is_retired:
        return "retire"
    if group.has_grow_share:
        return "grow_share"
    if IntentType.maintain in group.intent_types:
        return "maintain"
    return None


@rule
def v18_intent_missing(ctx: Context) -> Iterator[Finding]:
    for group in ctx.canvas.groups:
        if group.kind == GroupKind.current and not group.intents:
            yield S6.warning(
                "V18",
                group.id,
                f"Choose one or two {ctx.label('intents')} for '{ctx.name(group)}': grow, maintain, "
                "re-engineer or retire. Even 'maintain' is a decision.",
                field="intents",
            )


def _intent_targets(ctx: Context) -> bool:
    return any(g.intents for g in ctx.canvas.groups) or any(
        g.target_share_pct is not None for g in ctx.canvas.groups
    )


@rule
def v20_target_total(ctx: Context) -> Iterator[Finding]:
    if not _intent_targets(ctx):
        return
    total = sum(g.target_share_pct or 0.0 for g in ctx.canvas.groups)
    if not T.adds_up_to_100(total):
        yield S6.error(
            "V20",
            None,
            f"Your target mix ({ctx.label('target_share_pct')} of all groups) adds up to "
            f"{percent(total)}. It must add up to 100%.",
            field="target_share_pct",
        )


@rule
def v21_target_direction(ctx: Context) -> Iterator[Finding]:
    for group in ctx.canvas.groups:
        target = group.target_share_pct
        share_rule = _share_rule(group)
        if target is None or share_rule is None:
            continue
        now = ctx.metrics.of(group).share_now_pct
        name, label = ctx.name(group), ctx.label("target_share_pct")
        if share_rule == "grow_share" and target <= now:
            message = f"You want to grow '{name}', but its {label} ({target:g}) is not above today's {now:g}%."
        elif share_rule == "retire" and target > 0 and target >= now:  # 0 is as low as it goes
            message = f"You plan to retire '{name}', but its {label} ({target:g}) is not below today's {now:g}%."
        elif share_rule == "maintain" and abs(target - now) > T.MAINTAIN_BAND_POINTS:
            message = (
                f"You plan to maintain '{name}', but its {label} moves from today's {now:g}% to "
                f"{target:g}%. Maintaining means within {T.MAINTAIN_BAND_POINTS} points of today."
            )
        else:
            continue
        yield S6.warning("V21", group.id, message, field="target_share_pct")


LOWER_IS_BETTER = {ResultMetric.cost_to_serve_per_year}
SIZE_METRICS = {ResultMetric.customer_count, ResultMetric.portfolio_share_pct}


def _expected_direction(intent: Intent, metric: ResultMetric) -> int:
    """+1 if the result should rise for this intent, -1 if fall, 0 if either is fine."""
    if metric == ResultMetric.custom:
        return 0
    if metric in SIZE_METRICS:
        if intent.type == IntentType.retire:
            return -1
        if intent.type == IntentType.grow and intent.is_grow_share:
            return 1
        return 0
    if intent.type == IntentType.retire:
        return 0
    return -1 if metric in LOWER_IS_BETTER else 1


@rule
def v22_results(ctx: Context) -> Iterator[Finding]:
    for group in ctx.canvas.groups:
        for intent in group.intents:
            label = intent.type.value.replace("_", "-")
            results = ctx.label("expected_results")
            if not intent.expected_results:
                yield S6.warning(
                    "V22",
                    group.id,
                    f"How will you know '{label}' worked for '{ctx.name(group)}'? Add one of its "
                    f"{results}, with a number and a date.",
                    field="expected_results",
                )
                continue
            for result in intent.expected_results:
                direction = _expected_direction(intent, result.metric)
                moved = result.target - result.baseline
                if moved == 0 and intent.type != IntentType.maintain:
                    problem = "the target equals today's figure"
                elif direction and moved * direction < 0:
                    problem = "the target moves the wrong way for this intent"
                else:
                    continue
                yield S6.warning(
                    "V22",
                    group.id,
                    f"'{ctx.name(group)}', {label}, {results}: {problem} "
                    f"({number(result.baseline, 1)} → {number(result.target, 1)}).",
                    field="expected_results",
                )


@rule
def v23_growth_focus(ctx: Context) -> Iterator[Finding]:
    groups = ctx.canvas.groups
    if not groups or not any(g.intents for g in groups):
        return
    growing = sum(1 for g in groups if g.has_grow_share)
    if growing / len(groups) >= T.GROWTH_FOCUS_SHARE and len(groups) >= T.MIN_GROUPS:
        yield S6.warning(
            "V23",
            None,
            f"{growing} of {len(groups)} groups are set to grow. Which one or two are the best "
            "ones to grow? Focus beats spreading thin.",
            field=None,
        )
    elif not any(g.has_grow_share or g.has_grow_value for g in groups):
        yield S6.warning(
            "V23",
            None,
            "No group is set to grow. Where will growth come from?",
            field=None,
        )


@rule
def v24_at_risk_growth(ctx: Context) -> Iterator[Finding]:
    for group in ctx.canvas.groups:
        at_risk = ctx.placements[group.id].quadrant == Quadrant.at_risk
        if at_risk and group.has_grow_share and IntentType.re_engineer not in group.intent_types:
            yield S6.warning(
                "V24",
                group.id,
                f"'{ctx.name(group)}' are at risk: valuable to you, but they get less than they "
                f"could. Fix what they get ('{INTENTS[IntentType.re_engineer]}' among their "
                f"{ctx.label('intents')}) before growing this group.",
                field="intents",
            )


@rule
def v25_retire_big(ctx: Context) -> Iterator[Finding]:
    for group in ctx.canvas.groups:
        if not group.is_retired:
            continue
        margin_share = ctx.metrics.of(group).margin_share_pct
        vtb = ctx.placements[group.id].vtb
        if margin_share >= T.RETIRE_BIG_MARGIN_SHARE_PCT or vtb >= T.HIGH_SCORE:
            yield S6.warning(
                "V25",
                group.id,
                f"'{INTENTS[IntentType.retire]}' among the {ctx.label('intents')} for "
                f"'{ctx.name(group)}' removes a large part of your profit ({margin_share:.0f}% of "
                f"annual {wording(ctx.canvas).margin}, value score {vtb:g}). Is that the plan?",
                field="intents",
            )


@rule
def v26_against_exchange(ctx: Context) -> Iterator[Finding]:
    for group in ctx.canvas.groups:
        placement = ctx.placements[group.id]
        types = group.intent_types
        name = ctx.name(group)
        if (
            placement.quadrant == Quadrant.sweet_spot
            and types
            and types <= {IntentType.retire, IntentType.re_engineer}
        ):
            yield S6.note(
                "V26",
                group.id,
                f"'{name}' are in your sweet spot, yet their {ctx.label('intents')} only change "
                "or end the relationship. Check this runs the way you want.",
                field="intents",
            )
        if placement.tier == Tier.BZ and group.has_grow_share:
            costs = (
                "cost more to support than the time and gifts they give"
                if ctx.metrics.of(group).value_basis == "in_kind"
                else "cost more than they bring in"
            )
            yield S6.note(
                "V26",
                group.id,
                f"'{name}' {costs}, yet their {ctx.label('intents')} are to win more of them. "
                "Fix the economics first.",
                field="intents",
            )
