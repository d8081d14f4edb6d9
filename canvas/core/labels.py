"""Every word the canvas shows about its own data: field labels, option names, money, and the
nonprofit wording. The app, the workbook and the CLI all take their words from here."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from canvas.core.metrics import GroupMetrics
from canvas.core.model import (
    BusinessType,
    Canvas,
    Confidence,
    Direction,
    GroupKind,
    HangoutKind,
    IntentType,
    JobKind,
    NpsMode,
    Objective,
    RelationshipType,
    ResultComparison,
    ResultMetric,
    Stage,
    SupporterRole,
    Thresholds,
)


@dataclass(frozen=True)
class Term:
    """A word of the method: the one name every screen and file gives it, and what it means in
    a sentence or two, for the help tooltips and the workbook's notes."""

    name: str
    explain: str


# The method's words, one name each: every screen, chart, sheet and the one-page strategy call a
# concept by its `name` here, and the app's help tooltips explain it with `explain`. Intents,
# quadrants and tiers are here too, built from their tables above. `glossary(canvas)` gives the
# canvas's wording (a nonprofit's supporters).
METHOD_TERMS = {
    "recommendation_score": Term(
        "Recommendation score",
        "The Net Promoter Score: ask 'How likely are you to recommend us?' (0 to 10). The score is "
        "the % who answer 9 or 10 minus the % who answer 0 to 6, from -100 to +100.",
    ),
    "give_or_take": Term(
        "give or take",
        "How far the score could be from the truth because only some people answered (a 95% "
        "margin of error). Few answers make it wide.",
    ),
    "rough_guide": Term(
        "a rough guide",
        "Fewer than 30 people answered, or the score is an estimate: read it as a hint, not a "
        "measurement.",
    ),
    "lifetime_value": Term(
        "Lifetime value",
        "What one {customer} is worth to you: this year's {margin} plus the {margin} of the years "
        "they are likely to stay, discounted.",
    ),
    "value_per_cost_to_win": Term(
        "Return on the cost to win",
        "Lifetime value divided by what it costs to win one new {customer}: 3 times or more is "
        "healthy; below 1, winning them loses money.",
    ),
    "fit": Term(
        "Fit",
        "How many of the group's most important job, pain and gain your offer answers: the more, "
        "the stronger the proposition.",
    ),
    "covered": Term(
        "Top pains and gains covered",
        "Of the group's three worst pains and three most wanted gains, how many something you "
        "offer eases or brings about: the pain relievers and gain creators listed for them. Fit, "
        "on the propositions step, is a different count: which top needs the offer itself answers.",
    ),
    "line": Term(
        "The line",
        "The map splits each score at {line:g} of 5: above it is high, below it low. Scores from "
        "{low:g} to {high:g} are near the line, so a small change could move the group across.",
    ),
    "quadrant": Term(
        "Corner of the map",
        "Where a group sits on the value-exchange map: how much it gets from you against how much "
        "it gives back.",
    ),
    "tier": Term(
        "Value tier",
        "Groups sorted by lifetime value (after Peppers & Rogers): most valuable, most growable, "
        "middle and below zero.",
    ),
    "intent": Term(
        "Intent",
        "What you mean to do with a group: grow, maintain, re-engineer or retire. One or two each.",
    ),
}


BUSINESS_TYPES = {
    BusinessType.b2c_retail_hospitality: "Shop, café or hospitality",
    BusinessType.b2c_services: "Services to consumers",
    BusinessType.b2b_services: "Services to businesses",
    BusinessType.b2b_products: "Products to businesses",
    BusinessType.coaching_professional: "Coaching or professional practice",
    BusinessType.nonprofit: "Nonprofit or charity",
    BusinessType.other: "Something else",
}

GROUP_KINDS = {
    GroupKind.current: "Current customers",
    GroupKind.emerging: "Emerging (just starting to buy)",
    GroupKind.prospective: "Prospective (not yet customers)",
    GroupKind.future: "Future (in a year or two)",
    GroupKind.non_customer: "Buy from someone else today",
    GroupKind.lapsed: "Lapsed (used to buy)",
}

NONPROFIT_GROUP_KINDS = {
    GroupKind.current: "Current supporters",
    GroupKind.emerging: "Emerging (just started giving)",
    GroupKind.prospective: "Prospective (not supporters yet)",
    GroupKind.future: "Future (in a year or two)",
    GroupKind.non_customer: "Support another cause today",
    GroupKind.lapsed: "Lapsed (used to give)",
}


RELATIONSHIPS = {
    RelationshipType.one_off: "One-off",
    RelationshipType.occasional: "Occasional",
    RelationshipType.repeat: "Repeat",
    RelationshipType.subscription_contract: "Subscription or contract",
    RelationshipType.partnership: "Partnership",
}

JOB_KINDS = {
    JobKind.functional: "Practical",
    JobKind.social: "Social (how they look to others)",
    JobKind.emotional: "Emotional (how they feel)",
}

CONFIDENCE = {
    Confidence.measured: "Measured",
    Confidence.estimated: "Estimated",
    Confidence.guess: "Guess",
}

NPS_MODES = {
    NpsMode.counts: "Survey answers (counts)",
    NpsMode.score: "A score I estimate",
    NpsMode.unknown: "Not known yet",
}

INTENTS = {
    IntentType.grow: "Grow",
    IntentType.maintain: "Maintain",
    IntentType.re_engineer: "Re-engineer",
    IntentType.retire: "Retire",
}

INTENT_HELP = {
    IntentType.grow: "More of these customers, or more from each of them.",
    IntentType.maintain: "Keep the relationship as it is and keep them.",
    IntentType.re_engineer: "Change how you work with them so both sides get more.",
    IntentType.retire: "End the relationship respectfully, or move them elsewhere.",
}

NONPROFIT_INTENT_HELP = INTENT_HELP | {
    IntentType.grow: "More of these supporters, or more from each of them.",
}

OBJECTIVES = {
    Objective.acquire: "Win new customers like these",
    Objective.retain: "Keep them longer",
    Objective.win_back: "Win back those who left",
    Objective.eliminate_unprofitable: "Stop serving at a loss",
    Objective.upsell: "Sell them more or better",
    Objective.cross_sell: "Sell them other things we offer",
    Objective.referrals: "Get more referrals",
    Objective.reduce_cost_to_serve: "Cost less to serve",
}

NONPROFIT_OBJECTIVES = OBJECTIVES | {
    Objective.acquire: "Win new supporters like these",
    Objective.eliminate_unprofitable: "Stop relationships that cost more than they give",
    Objective.upsell: "Invite them to give more or more often",
    Objective.cross_sell: "Invite them to help in other ways too",
}

RESULT_METRICS = {
    ResultMetric.customer_count: "Number of customers",
    ResultMetric.portfolio_share_pct: "Share of all customers (%)",
    ResultMetric.retention_pct: "Retention (%)",
    ResultMetric.purchases_per_year: "Purchases per year",
    ResultMetric.avg_order_value: "Average sale",
    ResultMetric.contribution_margin_pct: "Margin (%)",
    ResultMetric.cost_to_serve_per_year: "Cost to serve per year",
    ResultMetric.nps: METHOD_TERMS["recommendation_score"].name,
    ResultMetric.referrals_per_10_per_year: "Referrals per 10 customers a year",
    ResultMetric.clv: "Lifetime value",
    ResultMetric.upgrades: "Supporters giving at a higher level",
    ResultMetric.second_gift_90_days_pct: "Second gift within 90 days (%)",
    ResultMetric.custom: "Something else",
}

NONPROFIT_RESULT_METRICS = RESULT_METRICS | {
    ResultMetric.customer_count: "Number of supporters",
    ResultMetric.portfolio_share_pct: "Share of all supporters (%)",
    ResultMetric.purchases_per_year: "Gifts per year",
    ResultMetric.avg_order_value: "Average gift",
    ResultMetric.contribution_margin_pct: "Net contribution (%)",
    ResultMetric.referrals_per_10_per_year: "Referrals per 10 supporters a year",
}

RESULT_COMPARISONS = {
    ResultComparison.reach: "Reach the target",
    ResultComparison.at_least: "At least the target (a floor)",
    ResultComparison.at_most: "At most the target (a ceiling)",
}

SUPPORTER_ROLES = {
    SupporterRole.donors: "Donors",
    SupporterRole.volunteers: "Volunteers",
    SupporterRole.funders: "Grant funders",
    SupporterRole.sponsors: "Sponsors",
    SupporterRole.members: "Members",
    SupporterRole.partners: "Partners",
}

HANGOUT_KINDS = {
    HangoutKind.physical_place: "A physical place",
    HangoutKind.event: "An event",
    HangoutKind.online_community: "An online community",
    HangoutKind.social_platform: "A social or review platform",
    HangoutKind.marketplace_or_app: "A marketplace or app",
    HangoutKind.partner_or_referrer: "A partner or referrer",
    HangoutKind.owned_channel: "Our own channel",
}

DIRECTIONS = {
    Direction.we_broadcast: "We broadcast to them",
    Direction.they_come_to_us: "They come to us",
    Direction.shared_meeting_place: "We meet and talk there",
}

STAGES = {
    Stage.discover: "Find us",
    Stage.explore: "Compare",
    Stage.buy: "Buy",
    Stage.use: "Use",
    Stage.ask: "Get help",
    Stage.engage: "Stay and recommend",
}

QUADRANTS = {
    "sweet_spot": "Sweet spot",
    "value_leak": "Value leak",
    "at_risk": "At risk",
    "poor_fit": "Poor fit",
}

QUADRANT_HELP = {
    "sweet_spot": "They get a lot from you and are worth a lot to you.",
    "value_leak": "They love what you do, but you keep little of the value.",
    "at_risk": "They are worth a lot to you, but get less than they could.",
    "poor_fit": "Little value either way.",
}

TIERS = {
    "MVC": "Most valuable",
    "MGC": "Most growable",
    "BZ": "Below zero",
    "middle": "Middle",
    "prospect": "Not yet a customer",
}

TIER_HELP = {
    "MVC": "Lifetime value well above your average: keep them.",
    "MGC": "Profitable, and they spend most of their money elsewhere: room to grow.",
    "BZ": "They cost more to serve than they bring in.",
    "middle": "Profitable, neither top value nor much room to grow.",
    "prospect": "No customers yet: figures are estimates.",
}

NONPROFIT_TIERS = TIERS | {"prospect": "Not yet a supporter"}

NONPROFIT_TIER_HELP = TIER_HELP | {
    "MGC": "They give more than they cost, and give most of what they give elsewhere: room to grow.",
    "middle": "They give more than they cost, neither top value nor much room to grow.",
    "prospect": "No supporters yet: figures are estimates.",
}

# What the value map's suggestions (canvas.core.classify.suggested_intents) mean, as plain words.
SUGGESTED_INTENTS = {
    "grow (share)": "grow by winning more like them",
    "grow (value)": "grow what each of them brings",
    "maintain": "maintain",
    "re-engineer": "re-engineer",
    "retire": "retire",
}


def _terms(
    intent_help: Mapping[IntentType, str], tiers: Mapping[str, str], tier_help: Mapping[str, str]
) -> dict[str, Term]:
    """The whole glossary: the method's words, then each intent, corner and tier by its key."""
    return (
        METHOD_TERMS
        | {f"intent:{i.value}": Term(INTENTS[i], intent_help[i]) for i in IntentType}
        | {f"quadrant:{q}": Term(QUADRANTS[q], QUADRANT_HELP[q]) for q in QUADRANTS}
        | {f"tier:{t}": Term(tiers[t], tier_help[t]) for t in tiers}
    )


# The step names that speak of customers, as a nonprofit canvas shows them (the rest are in
# canvas.core.progress.STEPS).
NONPROFIT_STEP_TITLES = {
    "S2": "Supporter groups",
    "S3": "Value to the supporter",
    "S4": "Value to the organisation",
}

# Each field of the model, by its name, and the label it has on screen: the step screens
# (ui/steps), the expert checks' messages (a finding's `field` is a key of this table) and the
# plain-words errors of `document` all take a field's name from here. A name is a field of the
# canvas, of a group, or of an item in one of their lists (a job's or a place's "kind" is "Kind" as
# a group's is); a finding's step and group say whose field it is. Labels that change with the
# nonprofit wording are in `NONPROFIT_FIELD_LABELS`; ask `field_label` for the one a canvas shows.
FIELD_LABELS = {
    "business_name": "Business name",
    "business_type": "Type of business",
    "currency": "Currency",
    "business_goal": "Business goal",
    "why_statement": "What you stand for",
    "values": "Values",
    "strategy_horizon_months": "Strategy horizon",
    "discount_rate_pct": "Discount rate %",
    "clv_horizon_years": "Lifetime value horizon (years)",
    "target_total_customers": "Target number of customers",
    "first_moves": "First moves",
    "share_basis": "Share basis",
    "groups": "Customer groups",
    "hangouts": "Where they gather",
    "lifecycle_notes": "Lifecycle notes",
    "name": "Name",
    "kind": "Kind",
    "description": "Who they are",
    "behaviour": "How they buy, spend and recommend",
    "relationship_type": "Relationship",
    "value_drivers": "What they value",
    "how_identified": "How you recognise them",
    "color": "Colour",
    "jobs": "Jobs",
    "pains": "Pains",
    "gains": "Gains",
    "products_services": "Products and services",
    "pain_relievers": "Pain relievers",
    "gain_creators": "Gain creators",
    "value_to_customer_score": "Value to the customer",
    "value_to_customer_evidence": "Evidence",
    "customer_count": "Customers",
    "avg_order_value": "Average sale",
    "purchases_per_year": "Purchases per year",
    "contribution_margin_pct": "Margin %",
    "cost_to_serve_per_year": "Cost to serve per year",
    "retention_pct": "Retention %",
    "acquisition_cost": "Cost to win a customer",
    "share_of_wallet_pct": "Share of their spend %",
    "nps_mode": "Recommendation score source",
    "nps_promoters": "Promoters (9–10)",
    "nps_passives": "Passives (7–8)",
    "nps_detractors": "Detractors (0–6)",
    "nps_score_manual": "Estimated score",
    "nps_source": "Where the estimate comes from",
    "referrals_per_10_per_year": "Referrals per 10 customers a year",
    "role": "What they give",
    "volunteer_hours_per_year": "Volunteer hours a year, each",
    "in_kind_value_per_year": "Gifts in kind a year, each",
    "volunteer_hour_value": "Value of a volunteer hour",
    "volunteer_hour_source": "Where the hourly value comes from",
    "measured": "Measured from",
    "value_to_business_score": "Value to the business",
    "vtb_override_reason": "Why you rate them differently",
    "confidence": "Confidence",
    "intents": "Intents",
    "target_share_pct": "Target share %",
    "proposition": "Value proposition",
    "why_for_group": "Why",
    "what": "What",
    "proof_points": "Proof points",
    "addresses": "Addresses",
    "objectives": "Objectives",
    "rationale": "Why this intent",
    "expected_results": "Expected results",
    "metric": "Measure",
    "custom_label": "Measure name",
    "unit": "Unit",
    "baseline": "Now",
    "target": "Target",
    "due_in_months": "Due in months",
    "due_by": "Due by",
    "comparison": "How the target is meant",
    "text": "Text",
    "importance": "Importance",
    "severity": "Severity",
    "pain_ids": "Pains it relieves",
    "gain_ids": "Gains it creates",
    "direction": "How it works",
    "group_ids": "Groups",
    "stages": "Stages",
    "note": "Note",
    "stage": "Stage",
    "group_id": "Group",
    "schema_version": "File version",
    "id": "Id",
    "thresholds": "Thresholds",
    "created_at": "Created",
    "updated_at": "Updated",
}


# The labels that say "customer", "sale", "purchases" or "margin", as a nonprofit canvas shows them.
NONPROFIT_FIELD_LABELS = FIELD_LABELS | {
    "target_total_customers": "Target number of supporters",
    "behaviour": "How they give and recommend",
    "customer_count": "Supporters",
    "avg_order_value": "Average gift",
    "purchases_per_year": "Gifts per year",
    "contribution_margin_pct": "Net contribution %",
    "acquisition_cost": "Cost to win a supporter",
    "referrals_per_10_per_year": "Referrals per 10 supporters a year",
}


@dataclass(frozen=True)
class Wording:
    """Every word that changes with the kind of canvas: a few nouns for sentences, and the labels
    and option lists that hold them. `wording(canvas)` picks the canvas's; the app, the workbook
    and the one-page strategy take their words from it."""

    customers: str
    customer: str
    margin: str
    sale: str
    purchases: str
    business: str
    revenue: str
    strategy: str  # what the one-page strategy is called: "Customer strategy"
    safe_copy: str  # the copy of the workbook made for sharing outside
    field_labels: Mapping[str, str]
    group_kinds: Mapping[GroupKind, str]
    objectives: Mapping[Objective, str]
    result_metrics: Mapping[ResultMetric, str]
    intent_help: Mapping[IntentType, str]
    tiers: Mapping[str, str]
    tier_help: Mapping[str, str]
    step_titles: Mapping[str, str]  # step code -> title, where it differs from the usual
    glossary: Mapping[str, Term]  # the method's words, explained (see METHOD_TERMS)


BUSINESS_WORDS = Wording(
    customers="customers",
    customer="customer",
    margin="margin",
    sale="sale",
    purchases="purchases",
    business="business",
    revenue="revenue",
    strategy="Customer strategy",
    safe_copy="Customer-safe copy",
    field_labels=FIELD_LABELS,
    group_kinds=GROUP_KINDS,
    objectives=OBJECTIVES,
    result_metrics=RESULT_METRICS,
    intent_help=INTENT_HELP,
    tiers=TIERS,
    tier_help=TIER_HELP,
    step_titles={},
    glossary=_terms(INTENT_HELP, TIERS, TIER_HELP),
)
NONPROFIT_WORDS = Wording(
    customers="supporters",
    customer="supporter",
    margin="net contribution",
    sale="gift",
    purchases="gifts",
    business="organisation",
    revenue="income",
    strategy="Supporter strategy",
    safe_copy="Copy to share",
    field_labels=NONPROFIT_FIELD_LABELS,
    group_kinds=NONPROFIT_GROUP_KINDS,
    objectives=NONPROFIT_OBJECTIVES,
    result_metrics=NONPROFIT_RESULT_METRICS,
    intent_help=NONPROFIT_INTENT_HELP,
    tiers=NONPROFIT_TIERS,
    tier_help=NONPROFIT_TIER_HELP,
    step_titles=NONPROFIT_STEP_TITLES,
    glossary=_terms(NONPROFIT_INTENT_HELP, NONPROFIT_TIERS, NONPROFIT_TIER_HELP),
)
WORDINGS = (BUSINESS_WORDS, NONPROFIT_WORDS)


def wording(canvas: Canvas | None) -> Wording:
    """The canvas's words: a nonprofit's supporters, gifts and net contribution, or a business's
    customers, sales and margin (also when there is no canvas)."""
    return NONPROFIT_WORDS if canvas is not None and canvas.is_nonprofit else BUSINESS_WORDS


def field_label(field: str, canvas: Canvas | None = None) -> str:
    """The on-screen label of a field (a key of `FIELD_LABELS`), in the canvas's wording."""
    return wording(canvas).field_labels[field]


def term(key: str, canvas: Canvas | None = None) -> Term:
    """A word of the method (a key of `Wording.glossary`: "recommendation_score", "fit",
    "intent:grow", "quadrant:value_leak", "tier:MGC"...) with its explanation, in the canvas's
    wording and with the canvas's own lines."""
    words = wording(canvas)
    found = words.glossary[key]
    limits = canvas.thresholds if canvas is not None else Thresholds()
    explain = found.explain.format(
        customer=words.customer,
        margin=words.margin,
        line=limits.quadrant_line,
        low=limits.near_line_low,
        high=limits.near_line_high,
    )
    return Term(found.name, explain)


def term_help(key: str, canvas: Canvas | None = None) -> str:
    """A help tooltip for a word of the method: '**Value leak**: They love what you do...'."""
    found = term(key, canvas)
    return f"**{found.name[:1].upper()}{found.name[1:]}**: {found.explain}"


def recommendation(score: float | None, margin: float | None, rough: bool, estimate: bool) -> str:
    """A recommendation score as a sentence fragment: '+18, give or take 49 (a rough guide)',
    '+30 (an estimate)'; blank when there is none."""
    if score is None:
        return ""
    text = f"{score:+.0f}"
    if estimate:
        return f"{text} (an estimate)"
    if margin is not None:
        text += f", {METHOD_TERMS['give_or_take'].name} {margin:.0f}"
    return text + (f" ({METHOD_TERMS['rough_guide'].name})" if rough else "")


def suggestions(ideas: list[str]) -> str:
    """The value map's suggested intents as a sentence: 'Worth considering: grow by winning more
    like them, or maintain.'"""
    named = [SUGGESTED_INTENTS.get(idea, idea) for idea in ideas]
    if not named:
        return ""
    listed = named[0] if len(named) == 1 else f"{', '.join(named[:-1])}, or {named[-1]}"
    return f"Worth considering: {listed}."


def intent_list(types: list[IntentType]) -> list[str]:
    """A group's intents by name, in the order the app lists them: Grow before Maintain."""
    return [INTENTS[t] for t in IntentType if t in types]


def intent_names(types: list[IntentType]) -> str:
    """A group's intents in the order the app lists them: 'Grow + Maintain', never the reverse."""
    return " + ".join(intent_list(types))


def group_kinds(canvas: Canvas | None) -> Mapping[GroupKind, str]:
    """The kinds of group, worded for the canvas: customers, or a nonprofit's supporters."""
    return wording(canvas).group_kinds


def objectives(canvas: Canvas | None) -> Mapping[Objective, str]:
    return wording(canvas).objectives


def result_metrics(canvas: Canvas | None) -> Mapping[ResultMetric, str]:
    return wording(canvas).result_metrics


CURRENCY_SYMBOLS = {"USD": "$", "AUD": "$", "NZD": "$", "CAD": "$", "EUR": "€", "GBP": "£"}


CENTS_BELOW = 10  # money under this many units shows its cents


def money(amount: float | None, currency: str, decimals: int | None = None) -> str:
    """Money in the canvas currency, with a minus sign for negatives: '-$1,739' or '-1,739 SEK'.
    Whole units, except that an amount under 10 keeps its cents ('$6.20', a coffee), unless
    `decimals` says otherwise: one format for money on every screen and in every output."""
    if amount is None:
        return "—"
    if decimals is None:
        decimals = 2 if abs(amount) < CENTS_BELOW and round(amount, 2) != round(amount) else 0
    body = f"{abs(amount):,.{decimals}f}"
    sign = "-" if round(amount, decimals) < 0 else ""
    symbol = CURRENCY_SYMBOLS.get(currency)
    return f"{sign}{symbol}{body}" if symbol else f"{sign}{body} {currency}"


VALUE_BASES = {"cash": "Cash", "in_kind": "In kind"}  # GroupMetrics.value_basis


def percent(value: float | None, decimals: int = 1) -> str:
    """A percentage with at most `decimals` decimals and no trailing zeros: '44.6%', '22%',
    '—' when there is none. One format for shares and targets on every screen and in every
    output."""
    if value is None:
        return "—"
    text = f"{value:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{'0' if text == '-0' else text}%"


def lifetime_value(gm: GroupMetrics, currency: str) -> str:
    """'Lifetime value $1,061', or for a group valued in kind 'Lifetime value in kind $16,575'."""
    if gm.value_basis == "in_kind":
        return f"Lifetime value in kind {money(gm.in_kind_clv, currency)}"
    return f"Lifetime value {money(gm.clv, currency)}"


def number(value: float | None, decimals: int = 0) -> str:
    return "—" if value is None else f"{value:,.{decimals}f}"


def group_label(name: str) -> str:
    return name or "A group without a name"


def display_names(canvas: Canvas) -> dict[str, str]:
    """Group id -> the name shown in charts; unique, so one name always means one colour."""
    names: dict[str, str] = {}
    seen: dict[str, int] = defaultdict(int)
    for group in canvas.groups:
        base = group_label(group.name)
        seen[base] += 1
        names[group.id] = base if seen[base] == 1 else f"{base} ({seen[base]})"
    return names
