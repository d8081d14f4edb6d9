"""The checks of step 4: the value to the business (counts, retention, margin, lifetime value,
recommendation, concentration)."""

from __future__ import annotations

from collections.abc import Iterator

from canvas.core import thresholds as T
from canvas.core.checks.findings import Context, Finding, Step, rule
from canvas.core.labels import wording
from canvas.core.metrics import annual_revenue
from canvas.core.model import CustomerGroup, GroupKind, SupporterRole

S4 = Step("S4")

# ---------- S4 value to the business ----------


@rule
def v05_count(ctx: Context) -> Iterator[Finding]:
    for group in ctx.canvas.groups:
        if group.kind == GroupKind.current and group.customer_count == 0:
            yield S4.error(
                "V05",
                group.id,
                f"'{ctx.name(group)}' are current {wording(ctx.canvas).customers}, so enter how many "
                f"there are under {ctx.label('customer_count')} (active in the last 12 months). If "
                "none yet, change the kind.",
                field="customer_count",
            )


@rule
def v06_v07_retention(ctx: Context) -> Iterator[Finding]:
    for group in ctx.canvas.groups:
        r = group.retention_pct
        if r > T.MAX_RETENTION_PCT:
            yield S4.error(
                "V06",
                group.id,
                f"{ctx.label('retention_pct')} for '{ctx.name(group)}' is {r:g}. Use "
                f"{T.MAX_RETENTION_PCT}% at most: near 100% the lifetime value becomes endless.",
                field="retention_pct",
            )
        elif r >= T.HIGH_RETENTION_PCT:
            years = 1 / (1 - r / 100)
            yield S4.warning(
                "V07",
                group.id,
                f"{ctx.label('retention_pct')} for '{ctx.name(group)}' is {r:g}: the average "
                f"customer would stay {years:.0f} years. Is that real?",
                field="retention_pct",
            )


@rule
def v08_ranges(ctx: Context) -> Iterator[Finding]:
    for group in ctx.canvas.groups:
        problems: list[tuple[str, str]] = []  # (field, what is wrong)
        if not 0 <= group.purchases_per_year <= T.MAX_PURCHASES_PER_YEAR:
            problems.append(
                (
                    "purchases_per_year",
                    f"must be 0 to {T.MAX_PURCHASES_PER_YEAR} (now {group.purchases_per_year:g})",
                )
            )
        if group.avg_order_value < 0:
            problems.append(
                ("avg_order_value", f"cannot be negative (now {group.avg_order_value:g})")
            )
        if group.cost_to_serve_per_year < 0:
            problems.append(
                (
                    "cost_to_serve_per_year",
                    f"cannot be negative (now {group.cost_to_serve_per_year:g})",
                )
            )
        if problems:
            said = "; ".join(f"{ctx.label(field)} {problem}" for field, problem in problems)
            yield S4.error(
                "V08",
                group.id,
                f"'{ctx.name(group)}': {said}.",
                field=problems[0][0],
            )


def _has_economics(group: CustomerGroup) -> bool:
    return group.is_in_portfolio or group.avg_order_value * group.purchases_per_year > 0


@rule
def v09_margin(ctx: Context) -> Iterator[Finding]:
    for group in ctx.canvas.groups:
        if not _has_economics(group):
            continue
        g = group.contribution_margin_pct
        ceiling = T.MAX_MARGIN_PCT_NONPROFIT if ctx.canvas.is_nonprofit else T.MAX_MARGIN_PCT
        if g > ceiling or g < 0:
            yield S4.warning(
                "V09",
                group.id,
                f"{ctx.label('contribution_margin_pct')} for '{ctx.name(group)}' is {g:g}, which "
                "looks unusual. Use what is left after stock, ingredients, commissions and direct "
                f"labour, not the sale price (software can run above {T.MAX_MARGIN_PCT}%).",
                field="contribution_margin_pct",
            )


@rule
def v10_below_zero(ctx: Context) -> Iterator[Finding]:
    """A group that costs more than it brings in; a group valued in kind is judged in kind."""
    words = wording(ctx.canvas)
    for group in ctx.canvas.groups:
        gm = ctx.metrics.of(group)
        if not _has_economics(group) or gm.net_value_per_customer > 0:
            continue
        if gm.value_basis == "in_kind":
            if gm.net_value_per_customer == 0:
                continue  # their time covers what they cost: not below zero
            yield S4.warning(
                "V10",
                group.id,
                f"'{ctx.name(group)}' give about {ctx.money(gm.in_kind_per_customer)} each a year "
                f"in time and gifts in kind, but supporting them costs more: "
                f"{ctx.money(gm.net_value_per_customer)} net per {words.customer} a year, valued "
                f"in kind. Check {ctx.label('volunteer_hours_per_year')} and "
                f"{ctx.label('cost_to_serve_per_year')}.",
                field="cost_to_serve_per_year",
            )
        else:
            yield S4.warning(
                "V10",
                group.id,
                f"'{ctx.name(group)}' cost more than they bring in: "
                f"{ctx.money(gm.margin_per_customer)} {words.margin} per {words.customer} a year. "
                f"This is a below-zero group: check {ctx.label('contribution_margin_pct')} and "
                f"{ctx.label('cost_to_serve_per_year')}.",
                field="contribution_margin_pct",
            )


@rule
def v12_nps_sample(ctx: Context) -> Iterator[Finding]:
    for group in ctx.canvas.groups:
        nps = ctx.metrics.of(group).nps
        if nps is None:
            continue
        if nps.is_estimate:
            yield S4.warning(
                "V12",
                group.id,
                f"The recommendation score for '{ctx.name(group)}' ({nps.score:+.0f}) is your "
                f"{ctx.label('nps_score_manual')}. Treat it as a hint, and ask a few "
                f"{wording(ctx.canvas).customers} when you can.",
                field="nps_score_manual",
            )
        elif nps.respondents < T.NPS_MIN_SAMPLE and nps.margin is not None:
            yield S4.warning(
                "V12",
                group.id,
                f"The recommendation score for '{ctx.name(group)}' ({nps.score:+.0f}) comes from "
                f"{nps.respondents} answers ({ctx.label('nps_promoters')}, "
                f"{ctx.label('nps_passives')} and {ctx.label('nps_detractors')}), so it could be "
                f"{nps.margin:.0f} points either way. Read what they say, not just the score.",
                field="nps_promoters",
            )


@rule
def v13_clv_cac(ctx: Context) -> Iterator[Finding]:
    for group in ctx.canvas.groups:
        ratio = ctx.metrics.of(group).clv_cac
        if ratio is None:
            continue
        if ratio < T.CLV_CAC_LOSS:
            yield S4.warning(
                "V13",
                group.id,
                f"Each new customer in '{ctx.name(group)}' costs more to win "
                f"({ctx.label('acquisition_cost')}: {ctx.money(group.acquisition_cost)}) than they "
                f"are worth ({ctx.money(ctx.metrics.of(group).clv)}). Growing this group loses "
                "money.",
                field="acquisition_cost",
            )
        elif ratio < T.CLV_CAC_HEALTHY:
            yield S4.note(
                "V13",
                group.id,
                f"'{ctx.name(group)}' barely pay back what it costs to win them: lifetime value is "
                f"{ratio:.1f} times their {ctx.label('acquisition_cost')}. About "
                f"{T.CLV_CAC_HEALTHY:g} times is a healthy rule of thumb.",
                field="acquisition_cost",
            )


@rule
def v16_vtb_reason(ctx: Context) -> Iterator[Finding]:
    for group in ctx.canvas.groups:
        score = group.value_to_business_score
        placement = ctx.placements[group.id]
        if score is None or group.vtb_override_reason:
            continue
        if abs(score - placement.vtb_suggested) >= T.VTB_OVERRIDE_GAP:
            yield S4.warning(
                "V16",
                group.id,
                f"You rate '{ctx.name(group)}' at {score:g} for value to the business; the numbers "
                f"suggest {placement.vtb_suggested:g}. Say in a few words why, under "
                f"{ctx.label('vtb_override_reason')}.",
                field="vtb_override_reason",
            )


@rule
def v31_concentration(ctx: Context) -> Iterator[Finding]:
    words = wording(ctx.canvas)
    for group in ctx.canvas.groups:
        if not group.is_in_portfolio:
            continue
        share = ctx.metrics.of(group).revenue_share_pct
        few = group.customer_count
        if any(few <= most and share >= pct for most, pct in T.CONCENTRATION):
            income = "cash income" if ctx.canvas.is_nonprofit else "revenue"
            leaves = (
                f"that {words.customer} leaves"
                if few == 1
                else f"one of those {words.customers} leaves"
            )
            yield S4.warning(
                "V31",
                group.id,
                f"'{ctx.name(group)}': {ctx.label('customer_count')} is {few}, and "
                f"{f'that {words.customer} brings' if few == 1 else 'they bring'} "
                f"{share:.0f}% of your {income}. What happens if {leaves}?",
                field="customer_count",
            )


@rule
def v33_time_typed_as_cash(ctx: Context) -> Iterator[Finding]:
    """Volunteer time typed in as cash gifts, or volunteers whose time is not counted at all."""
    rate = ctx.canvas.volunteer_hour_value
    for group in ctx.canvas.groups:
        hours = group.volunteer_hours_per_year or 0.0
        gifts = annual_revenue(group)
        if (
            hours
            and gifts
            and rate
            and abs(gifts - hours * rate) <= T.SAME_AMOUNT_PCT / 100 * gifts
        ):
            yield S4.warning(
                "V33",
                group.id,
                f"'{ctx.name(group)}' give {ctx.money(gifts)} each a year in cash, the same as their "
                f"{ctx.label('volunteer_hours_per_year')} at {ctx.money(rate)} an hour. Is their time "
                f"counted twice? Time belongs under {ctx.label('volunteer_hours_per_year')} only; "
                f"{ctx.label('avg_order_value')} is for cash gifts.",
                field="avg_order_value",
            )
        elif (
            ctx.canvas.is_nonprofit
            and group.role == SupporterRole.volunteers
            and group.is_in_portfolio
            and not ctx.metrics.of(group).in_kind_per_customer
        ):
            yield S4.note(
                "V33",
                group.id,
                f"'{ctx.name(group)}' are volunteers, but no time is counted for them. Enter their "
                f"{ctx.label('volunteer_hours_per_year')} so their time is valued in kind, apart "
                "from cash.",
                field="volunteer_hours_per_year",
            )


@rule
def v32_in_kind(ctx: Context) -> Iterator[Finding]:
    value = ctx.metrics.portfolio.in_kind_value
    if ctx.canvas.is_nonprofit and value > 0:
        yield S4.note(
            "V32",
            None,
            f"Volunteer and other in-kind help is worth about {ctx.money(value)} a year. It is "
            "shown on its own and never added to cash totals.",
            field=None,
        )
