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
)

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
    ResultMetric.nps: "Net Promoter Score",
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
)
WORDINGS = (BUSINESS_WORDS, NONPROFIT_WORDS)


def wording(canvas: Canvas | None) -> Wording:
    """The canvas's words: a nonprofit's supporters, gifts and net contribution, or a business's
    customers, sales and margin (also when there is no canvas)."""
    return NONPROFIT_WORDS if canvas is not None and canvas.is_nonprofit else BUSINESS_WORDS


def field_label(field: str, canvas: Canvas | None = None) -> str:
    """The on-screen label of a field (a key of `FIELD_LABELS`), in the canvas's wording."""
    return wording(canvas).field_labels[field]


def group_kinds(canvas: Canvas | None) -> Mapping[GroupKind, str]:
    """The kinds of group, worded for the canvas: customers, or a nonprofit's supporters."""
    return wording(canvas).group_kinds


def objectives(canvas: Canvas | None) -> Mapping[Objective, str]:
    return wording(canvas).objectives


def result_metrics(canvas: Canvas | None) -> Mapping[ResultMetric, str]:
    return wording(canvas).result_metrics


CURRENCY_SYMBOLS = {"USD": "$", "AUD": "$", "NZD": "$", "CAD": "$", "EUR": "€", "GBP": "£"}


def money(amount: float | None, currency: str, decimals: int | None = None) -> str:
    """Money in the canvas currency, with a minus sign for negatives: '-$1,739' or '-1,739 SEK'.
    Small amounts keep their cents unless `decimals` says otherwise."""
    if amount is None:
        return "—"
    if decimals is None:
        decimals = 2 if abs(amount) < 100 and round(amount, 2) != round(amount) else 0
    body = f"{abs(amount):,.{decimals}f}"
    sign = "-" if round(amount, decimals) < 0 else ""
    symbol = CURRENCY_SYMBOLS.get(currency)
    return f"{sign}{symbol}{body}" if symbol else f"{sign}{body} {currency}"


VALUE_BASES = {"cash": "Cash", "in_kind": "In kind"}  # GroupMetrics.value_basis


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
