"""The expert checks of METHOD §2.6 (V01-V32) as findings in plain words.

Findings never block saving. `Severity` E means "fix before you rely on this or export it", W a
warning, I a nudge. V11, V17 and V19 are enforced by the model itself (a canvas that breaks them cannot be
loaded or saved), so they never appear here; see `ENFORCED_BY_MODEL`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from enum import StrEnum

from canvas.core import thresholds as T
from canvas.core.classify import Placement, Quadrant, Tier, place
from canvas.core.labels import group_label, money, number, wording
from canvas.core.metrics import CanvasMetrics, compute
from canvas.core.model import (
    Canvas,
    CustomerGroup,
    Direction,
    GroupKind,
    Intent,
    IntentType,
    JobKind,
    ResultMetric,
)

ENFORCED_BY_MODEL = {
    "V11": "Recommendation counts cannot be negative and an estimated score stays within -100..100.",
    "V17": "Choose one or two intents per group, at most.",
    "V19": "Grow and retire, or maintain and retire, cannot be chosen together.",
}


class Severity(StrEnum):
    """How urgent a finding is. The values are the letters of the JSON and CLI output; the members
    are listed most urgent first, which is the order findings are sorted in."""

    error = "E"
    warning = "W"
    note = "I"

    @property
    def words(self) -> str:
        """What the app and the workbook call it."""
        return _SEVERITY_WORDS[self]

    @property
    def rank(self) -> int:
        return list(Severity).index(self)


_SEVERITY_WORDS = {Severity.error: "Fix", Severity.warning: "Check", Severity.note: "Idea"}


@dataclass(frozen=True)
class Finding:
    id: str
    severity: Severity
    step: str  # "S1".."S9"
    group: str | None  # group id
    message: str

    def to_dict(self) -> dict[str, str | None]:
        return asdict(self)


@dataclass(frozen=True)
class Context:
    canvas: Canvas
    metrics: CanvasMetrics
    placements: dict[str, Placement]

    def name(self, group: CustomerGroup) -> str:
        return group_label(group.name)

    def money(self, amount: float | None) -> str:
        return money(amount, self.canvas.currency)


Rule = Callable[[Context], Iterator[Finding]]
RULES: list[Rule] = []


def rule(func: Rule) -> Rule:
    RULES.append(func)
    return func


def run_checks(canvas: Canvas, metrics: CanvasMetrics | None = None) -> list[Finding]:
    metrics = metrics or compute(canvas)
    ctx = Context(canvas, metrics, place(canvas, metrics))
    findings = [finding for check in RULES for finding in check(ctx)]
    return sorted(findings, key=lambda f: (f.step, f.severity.rank))


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity == Severity.error for f in findings)


# ---------- S1 goal ----------


@rule
def g01_goal(ctx: Context) -> Iterator[Finding]:
    if len(ctx.canvas.business_goal) < T.GOAL_MIN_CHARS:
        yield Finding(
            "G01",
            Severity.warning,
            "S1",
            None,
            "Write your business goal in a sentence: what must be true in 12 to 24 months? "
            "Everything else in the canvas serves it.",
        )


# ---------- S2 groups ----------


@rule
def v01_names(ctx: Context) -> Iterator[Finding]:
    seen: dict[str, str] = {}
    for group in ctx.canvas.groups:
        key = group.name.casefold()
        if not key:
            yield Finding(
                "V01",
                Severity.error,
                "S2",
                group.id,
                "Each group needs a name. One group has none yet.",
            )
        elif key in seen:
            yield Finding(
                "V01",
                Severity.error,
                "S2",
                group.id,
                f"Two groups are called '{group.name}'. Give each group its own name.",
            )
        seen.setdefault(key, group.id)


@rule
def v02_group_count(ctx: Context) -> Iterator[Finding]:
    n = len(ctx.canvas.groups)
    few, many = T.TYPICAL_GROUPS
    if n < T.MIN_GROUPS:
        yield Finding(
            "V02",
            Severity.warning,
            "S2",
            None,
            f"You have {n} customer group{'s' if n != 1 else ''}. Most small businesses land on "
            f"{few} to {many}: with fewer, real differences between customers stay hidden.",
        )
    elif n > T.MAX_GROUPS_ON_A_PAGE:
        yield Finding(
            "V02",
            Severity.warning,
            "S2",
            None,
            f"You have {n} customer groups. Most small businesses land on {few} to {many}; more "
            f"than {T.MAX_GROUPS_ON_A_PAGE} will not fit on one page. Can some be merged?",
        )


BEHAVIOUR_WORDS = re.compile(
    r"\b(buy|buys|bought|order|orders|ordering|pay|pays|spend|spends|book|books|visit|visits|"
    r"use|uses|call|calls|come|comes|stay|stays|recommend|recommends|refer|refers|review|"
    r"reviews|post|posts|renew|renews|shop|shops|subscribe|subscribes|return|returns|ask|asks|"
    r"give|gives|donate|donates|volunteer|volunteers|attend|attends|per|week|month|year|daily|"
    r"weekly|monthly|times|online|invoice|invoiced|quote|quotes|price-shop|sign|signs)\b",
    re.IGNORECASE,
)


def _behaviour_is_thin(text: str) -> bool:
    return len(text.split()) < T.BEHAVIOUR_MIN_WORDS or not BEHAVIOUR_WORDS.search(text)


@rule
def v03_behaviour(ctx: Context) -> Iterator[Finding]:
    for group in ctx.canvas.groups:
        if group.kind != GroupKind.current:
            continue
        if not group.behaviour:
            yield Finding(
                "V03",
                Severity.warning,
                "S2",
                group.id,
                f"Describe how '{ctx.name(group)}' buy, spend and recommend you, not just who they are.",
            )
        elif _behaviour_is_thin(group.behaviour):
            yield Finding(
                "V03",
                Severity.warning,
                "S2",
                group.id,
                f"'{ctx.name(group)}': the description says who they are, but not how they buy, "
                "how often, what they spend or whether they recommend you.",
            )


@rule
def v04_non_customers(ctx: Context) -> Iterator[Finding]:
    outside = {GroupKind.prospective, GroupKind.future, GroupKind.non_customer}
    if ctx.canvas.groups and not any(g.kind in outside for g in ctx.canvas.groups):
        yield Finding(
            "V04",
            Severity.note,
            "S2",
            None,
            f"Who is not a {wording(ctx.canvas).customer} yet, but should be? Add a group of "
            "prospects, future customers or people who buy from someone else today.",
        )


# ---------- S3 value to the customer ----------


@rule
def v29_profile(ctx: Context) -> Iterator[Finding]:
    for group in ctx.canvas.groups:
        name = ctx.name(group)
        if group.jobs and all(j.kind == JobKind.functional for j in group.jobs):
            yield Finding(
                "V29",
                Severity.warning,
                "S3",
                group.id,
                f"All jobs of '{name}' are practical ones. What do they want to feel, or how do "
                "they want to look to others?",
            )
        if not group.pains and not group.gains:
            yield Finding(
                "V29",
                Severity.warning,
                "S3",
                group.id,
                f"'{name}' has no pains or gains yet. Add at least the biggest frustration and "
                "the outcome they want most.",
            )
        top = group.top_pain()
        if top is not None and not any(top.id in r.pain_ids for r in group.pain_relievers):
            yield Finding(
                "V29",
                Severity.warning,
                "S3",
                group.id,
                f"The biggest pain of '{name}' ('{top.text}') has nothing that relieves it yet.",
            )


def _nps_score(ctx: Context, group: CustomerGroup) -> float | None:
    nps = ctx.metrics.of(group).nps
    return nps.score if nps else None


@rule
def v14_v15_vtc_vs_behaviour(ctx: Context) -> Iterator[Finding]:
    for group in ctx.canvas.groups:
        vtc = group.value_to_customer_score
        if vtc is None:
            continue
        nps = _nps_score(ctx, group)
        low_retention = group.is_in_portfolio and group.retention_pct < T.LOW_RETENTION_PCT
        if vtc >= T.HIGH_SCORE and ((nps is not None and nps < 0) or low_retention):
            evidence = (
                f"a recommendation score of {nps:+.0f}"
                if nps is not None and nps < 0
                else f"retention of {group.retention_pct:.0f}%"
            )
            yield Finding(
                "V14",
                Severity.warning,
                "S3",
                group.id,
                f"You rate the value '{ctx.name(group)}' get at {vtc:g} of 5, but {evidence} "
                "says otherwise. Is the rating optimistic?",
            )
        if vtc <= T.LOW_SCORE and nps is not None and nps >= T.HIGH_NPS:
            yield Finding(
                "V15",
                Severity.note,
                "S3",
                group.id,
                f"'{ctx.name(group)}' seem happier than your rating of {vtc:g} suggests "
                f"(recommendation score {nps:+.0f}).",
            )


# ---------- S4 value to the business ----------


@rule
def v05_count(ctx: Context) -> Iterator[Finding]:
    for group in ctx.canvas.groups:
        if group.kind == GroupKind.current and group.customer_count == 0:
            yield Finding(
                "V05",
                Severity.error,
                "S4",
                group.id,
                f"'{ctx.name(group)}' are current {wording(ctx.canvas).customers}, so enter how many "
                "there are (active in the last 12 months). If none yet, change the kind.",
            )


@rule
def v06_v07_retention(ctx: Context) -> Iterator[Finding]:
    for group in ctx.canvas.groups:
        r = group.retention_pct
        if r > T.MAX_RETENTION_PCT:
            yield Finding(
                "V06",
                Severity.error,
                "S4",
                group.id,
                f"Retention for '{ctx.name(group)}' is {r:g}%. Use {T.MAX_RETENTION_PCT}% at most: "
                "near 100% the lifetime value becomes endless.",
            )
        elif r >= T.HIGH_RETENTION_PCT:
            years = 1 / (1 - r / 100)
            yield Finding(
                "V07",
                Severity.warning,
                "S4",
                group.id,
                f"At {r:g}% retention the average customer in '{ctx.name(group)}' stays "
                f"{years:.0f} years. Is that real?",
            )


@rule
def v08_ranges(ctx: Context) -> Iterator[Finding]:
    for group in ctx.canvas.groups:
        problems = []
        if not 0 <= group.purchases_per_year <= T.MAX_PURCHASES_PER_YEAR:
            problems.append(
                f"purchases per year must be 0 to {T.MAX_PURCHASES_PER_YEAR} "
                f"(now {group.purchases_per_year:g})"
            )
        if group.avg_order_value < 0:
            problems.append(f"the average sale cannot be negative (now {group.avg_order_value:g})")
        if group.cost_to_serve_per_year < 0:
            problems.append(
                f"cost to serve cannot be negative (now {group.cost_to_serve_per_year:g})"
            )
        if problems:
            yield Finding(
                "V08",
                Severity.error,
                "S4",
                group.id,
                f"'{ctx.name(group)}': {'; '.join(problems)}.",
            )


def _has_economics(group: CustomerGroup) -> bool:
    return group.is_in_portfolio or group.avg_order_value * group.purchases_per_year > 0


@rule
def v09_v10_margin(ctx: Context) -> Iterator[Finding]:
    words = wording(ctx.canvas)
    for group in ctx.canvas.groups:
        if not _has_economics(group):
            continue
        g = group.contribution_margin_pct
        ceiling = T.MAX_MARGIN_PCT_NONPROFIT if ctx.canvas.is_nonprofit else T.MAX_MARGIN_PCT
        if g > ceiling or g < 0:
            yield Finding(
                "V09",
                Severity.warning,
                "S4",
                group.id,
                f"A margin of {g:g}% for '{ctx.name(group)}' looks unusual. Use what is left after "
                "stock, ingredients, commissions and direct labour, not the sale price "
                f"(software can run above {T.MAX_MARGIN_PCT}%).",
            )
        m = ctx.metrics.of(group).margin_per_customer
        if m < 0 or (m == 0 and not group.in_kind_value_per_year):
            yield Finding(
                "V10",
                Severity.warning,
                "S4",
                group.id,
                f"'{ctx.name(group)}' cost more than they bring in: {ctx.money(m)} {words.margin} "
                f"per {words.customer} a year. This is a below-zero group.",
            )


@rule
def v12_nps_sample(ctx: Context) -> Iterator[Finding]:
    for group in ctx.canvas.groups:
        nps = ctx.metrics.of(group).nps
        if nps is None:
            continue
        if nps.is_estimate:
            yield Finding(
                "V12",
                Severity.warning,
                "S4",
                group.id,
                f"The recommendation score for '{ctx.name(group)}' ({nps.score:+.0f}) is an "
                f"estimate. Treat it as a hint, and ask a few {wording(ctx.canvas).customers} "
                "when you can.",
            )
        elif nps.respondents < T.NPS_MIN_SAMPLE and nps.margin is not None:
            yield Finding(
                "V12",
                Severity.warning,
                "S4",
                group.id,
                f"The recommendation score for '{ctx.name(group)}' ({nps.score:+.0f}) comes from "
                f"{nps.respondents} answers, so it could be {nps.margin:.0f} points either way. "
                "Read what they say, not just the score.",
            )


@rule
def v13_clv_cac(ctx: Context) -> Iterator[Finding]:
    for group in ctx.canvas.groups:
        ratio = ctx.metrics.of(group).clv_cac
        if ratio is None:
            continue
        if ratio < T.CLV_CAC_LOSS:
            yield Finding(
                "V13",
                Severity.warning,
                "S4",
                group.id,
                f"Each new customer in '{ctx.name(group)}' costs more to win "
                f"({ctx.money(group.acquisition_cost)}) than they are worth "
                f"({ctx.money(ctx.metrics.of(group).clv)}). Growing this group loses money.",
            )
        elif ratio < T.CLV_CAC_HEALTHY:
            yield Finding(
                "V13",
                Severity.note,
                "S4",
                group.id,
                f"'{ctx.name(group)}' barely pay back what it costs to win them: lifetime value is "
                f"{ratio:.1f} times the cost of winning one. About {T.CLV_CAC_HEALTHY:g} times is a "
                "healthy rule of thumb.",
            )


@rule
def v16_vtb_reason(ctx: Context) -> Iterator[Finding]:
    for group in ctx.canvas.groups:
        score = group.value_to_business_score
        placement = ctx.placements[group.id]
        if score is None or group.vtb_override_reason:
            continue
        if abs(score - placement.vtb_suggested) >= T.VTB_OVERRIDE_GAP:
            yield Finding(
                "V16",
                Severity.warning,
                "S4",
                group.id,
                f"You rate '{ctx.name(group)}' at {score:g} for value to the business; the numbers "
                f"suggest {placement.vtb_suggested:g}. Say in a few words why.",
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
            yield Finding(
                "V31",
                Severity.warning,
                "S4",
                group.id,
                f"{few} {words.customer if few == 1 else words.customers} in '{ctx.name(group)}' "
                f"bring {share:.0f}% of your {income}. What happens if one of them leaves?",
            )


@rule
def v32_in_kind(ctx: Context) -> Iterator[Finding]:
    value = ctx.metrics.portfolio.in_kind_value
    if ctx.canvas.is_nonprofit and value > 0:
        yield Finding(
            "V32",
            Severity.note,
            "S4",
            None,
            f"Volunteer and other in-kind help is worth about {ctx.money(value)} a year. It is "
            "shown on its own and never added to cash totals.",
        )


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
            yield Finding(
                "V18",
                Severity.warning,
                "S6",
                group.id,
                f"Choose an intent for '{ctx.name(group)}': grow, maintain, re-engineer or retire. "
                "Even 'maintain' is a decision.",
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
        yield Finding(
            "V20",
            Severity.error,
            "S6",
            None,
            f"Your target mix adds up to {total:.1f}%. It must add up to 100%.",
        )


@rule
def v21_target_direction(ctx: Context) -> Iterator[Finding]:
    for group in ctx.canvas.groups:
        target = group.target_share_pct
        share_rule = _share_rule(group)
        if target is None or share_rule is None:
            continue
        now = ctx.metrics.of(group).share_now_pct
        name = ctx.name(group)
        if share_rule == "grow_share" and target <= now:
            message = f"You want to grow '{name}', but the target share ({target:g}%) is not above today's {now:g}%."
        elif share_rule == "retire" and target >= now:
            message = f"You plan to retire '{name}', but the target share ({target:g}%) is not below today's {now:g}%."
        elif share_rule == "maintain" and abs(target - now) > T.MAINTAIN_BAND_POINTS:
            message = (
                f"You plan to maintain '{name}', but the target share moves from {now:g}% to "
                f"{target:g}%. Maintaining means within {T.MAINTAIN_BAND_POINTS} points of today."
            )
        else:
            continue
        yield Finding("V21", Severity.warning, "S6", group.id, message)


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
            if not intent.expected_results:
                yield Finding(
                    "V22",
                    Severity.warning,
                    "S6",
                    group.id,
                    f"How will you know '{label}' worked for '{ctx.name(group)}'? Add an expected "
                    "result with a number and a date.",
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
                yield Finding(
                    "V22",
                    Severity.warning,
                    "S6",
                    group.id,
                    f"'{ctx.name(group)}', {label}: {problem} "
                    f"({number(result.baseline, 1)} → {number(result.target, 1)}).",
                )


@rule
def v23_growth_focus(ctx: Context) -> Iterator[Finding]:
    groups = ctx.canvas.groups
    if not groups or not any(g.intents for g in groups):
        return
    growing = sum(1 for g in groups if g.has_grow_share)
    if growing / len(groups) >= T.GROWTH_FOCUS_SHARE and len(groups) >= T.MIN_GROUPS:
        yield Finding(
            "V23",
            Severity.warning,
            "S6",
            None,
            f"{growing} of {len(groups)} groups are set to grow. Which one or two are the best "
            "ones to grow? Focus beats spreading thin.",
        )
    elif not any(g.has_grow_share or g.has_grow_value for g in groups):
        yield Finding(
            "V23",
            Severity.warning,
            "S6",
            None,
            "No group is set to grow. Where will growth come from?",
        )


@rule
def v24_at_risk_growth(ctx: Context) -> Iterator[Finding]:
    for group in ctx.canvas.groups:
        at_risk = ctx.placements[group.id].quadrant == Quadrant.at_risk
        if at_risk and group.has_grow_share and IntentType.re_engineer not in group.intent_types:
            yield Finding(
                "V24",
                Severity.warning,
                "S6",
                group.id,
                f"'{ctx.name(group)}' are at risk: valuable to you, but they get less than they "
                "could. Fix what they get (re-engineer) before growing this group.",
            )


@rule
def v25_retire_big(ctx: Context) -> Iterator[Finding]:
    for group in ctx.canvas.groups:
        if not group.is_retired:
            continue
        margin_share = ctx.metrics.of(group).margin_share_pct
        vtb = ctx.placements[group.id].vtb
        if margin_share >= T.RETIRE_BIG_MARGIN_SHARE_PCT or vtb >= T.HIGH_SCORE:
            yield Finding(
                "V25",
                Severity.warning,
                "S6",
                group.id,
                f"Retiring '{ctx.name(group)}' removes a large part of your profit "
                f"({margin_share:.0f}% of annual {wording(ctx.canvas).margin}, value score {vtb:g}). "
                "Is that the plan?",
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
            yield Finding(
                "V26",
                Severity.note,
                "S6",
                group.id,
                f"'{name}' are in your sweet spot, yet the plan only changes or ends the "
                "relationship. Check this runs the way you want.",
            )
        if placement.tier == Tier.BZ and group.has_grow_share:
            yield Finding(
                "V26",
                Severity.note,
                "S6",
                group.id,
                f"'{name}' cost more than they bring in, yet the plan is to win more of them. "
                "Fix the economics first.",
            )


# ---------- S7 value propositions ----------


@rule
def v27_propositions(ctx: Context) -> Iterator[Finding]:
    for group in ctx.canvas.groups:
        if group.is_retired:
            continue
        missing = [
            part
            for part, text in (
                ("a why (what you stand for, for them)", group.proposition.why_for_group),
                ("a what (what you offer them)", group.proposition.what),
            )
            if not text
        ]
        if missing:
            yield Finding(
                "V27",
                Severity.warning,
                "S7",
                group.id,
                f"'{ctx.name(group)}' still needs {' and '.join(missing)}.",
            )


OFFER_WORDS = re.compile(
    r"\b(price|prices|priced|pricing|cheap|cheaper|discount|discounts|offer|deal|deals|product|"
    r"products|\$|€|£|%|free|sale|fee|fees|cost|costs)\b",
    re.IGNORECASE,
)


def _mostly_offer_words(text: str) -> bool:
    words = re.findall(r"[\w$€£%]+", text)
    return bool(words) and len(OFFER_WORDS.findall(text)) / len(words) >= T.OFFER_WORDS_SHARE


def _names_an_offer(group: CustomerGroup) -> bool:
    what = group.proposition.what.casefold()
    if not group.products_services:
        return len(what.split()) >= T.OFFER_MIN_WORDS
    term = re.compile(rf"\w{{{T.OFFER_TERM_MIN_CHARS},}}")
    terms = {w for p in group.products_services for w in term.findall(p.casefold())}
    return any(term in what for term in terms)


@rule
def v28_levels(ctx: Context) -> Iterator[Finding]:
    for group in ctx.canvas.groups:
        prop = group.proposition
        if prop.why_for_group and _mostly_offer_words(prop.why_for_group):
            yield Finding(
                "V28",
                Severity.note,
                "S7",
                group.id,
                f"The why for '{ctx.name(group)}' talks mostly about price or product. The why "
                "should say what you stand for; the what says what you offer.",
            )
        if prop.what and not _names_an_offer(group):
            yield Finding(
                "V28",
                Severity.note,
                "S7",
                group.id,
                f"The what for '{ctx.name(group)}' does not name a product or service you offer them.",
            )


# ---------- S8 hangouts ----------


@rule
def v30_hangouts(ctx: Context) -> Iterator[Finding]:
    for group in ctx.canvas.groups:
        if not group.has_grow_share:
            continue
        places = ctx.canvas.hangouts_for(group.id)
        if not places:
            yield Finding(
                "V30",
                Severity.warning,
                "S8",
                group.id,
                f"You want more of '{ctx.name(group)}'. Where do they gather? Start with places "
                "in person, then online.",
            )
        elif all(h.direction == Direction.we_broadcast for h in places):
            yield Finding(
                "V30",
                Severity.warning,
                "S8",
                group.id,
                f"Every place listed for '{ctx.name(group)}' is one where you broadcast. Add a "
                "place where they come to you, or where you meet and talk.",
            )
