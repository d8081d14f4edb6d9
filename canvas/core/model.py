"""The canvas data model (METHOD.md §2): one pydantic tree, saved as JSON.

Only rules that would make the numbers meaningless are enforced here (a third intent, contradictory
intents, retention of 100% or more, negative counts, dangling references). Everything else an owner
may leave half-done is reported by `canvas.core.checks`, which never blocks saving.
"""

from __future__ import annotations

import secrets
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

SCHEMA_VERSION = 4
MAX_GROUPS = 500
MAX_HANGOUTS = 500
# The value of an hour of volunteer time the canvas starts with (METHOD 1G): a replacement cost, not cash.
VOLUNTEER_HOUR_VALUE = 31.80
VOLUNTEER_HOUR_SOURCE = "Independent Sector's national US estimate (average wage plus benefits)"


def new_id(prefix: str) -> str:
    """A short random id for an item inside a canvas (unique within it)."""
    return f"{prefix}-{secrets.token_hex(5)}"


def new_canvas_id() -> str:
    """A canvas id: 128 random bits, URL-safe. It is a bearer secret."""
    return secrets.token_urlsafe(16)


def utc_now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


class Base(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, validate_assignment=True)


class BusinessType(StrEnum):
    b2c_retail_hospitality = "b2c_retail_hospitality"
    b2c_services = "b2c_services"
    b2b_services = "b2b_services"
    b2b_products = "b2b_products"
    coaching_professional = "coaching_professional"
    nonprofit = "nonprofit"
    other = "other"


class GroupKind(StrEnum):
    current = "current"
    emerging = "emerging"
    prospective = "prospective"
    future = "future"
    non_customer = "non_customer"
    lapsed = "lapsed"


PORTFOLIO_KINDS = frozenset({GroupKind.current, GroupKind.emerging})


class RelationshipType(StrEnum):
    one_off = "one_off"
    occasional = "occasional"
    repeat = "repeat"
    subscription_contract = "subscription_contract"
    partnership = "partnership"


class JobKind(StrEnum):
    functional = "functional"
    social = "social"
    emotional = "emotional"


class Confidence(StrEnum):
    measured = "measured"
    estimated = "estimated"
    guess = "guess"


class NpsMode(StrEnum):
    counts = "counts"
    score = "score"
    unknown = "unknown"


class IntentType(StrEnum):
    grow = "grow"
    maintain = "maintain"
    re_engineer = "re_engineer"
    retire = "retire"


class Objective(StrEnum):
    acquire = "acquire"
    retain = "retain"
    win_back = "win_back"
    eliminate_unprofitable = "eliminate_unprofitable"
    upsell = "upsell"
    cross_sell = "cross_sell"
    referrals = "referrals"
    reduce_cost_to_serve = "reduce_cost_to_serve"


SHARE_OBJECTIVES = frozenset({Objective.acquire, Objective.referrals, Objective.win_back})


class ResultMetric(StrEnum):
    customer_count = "customer_count"
    portfolio_share_pct = "portfolio_share_pct"
    retention_pct = "retention_pct"
    purchases_per_year = "purchases_per_year"
    avg_order_value = "avg_order_value"
    contribution_margin_pct = "contribution_margin_pct"
    cost_to_serve_per_year = "cost_to_serve_per_year"
    nps = "nps"
    referrals_per_10_per_year = "referrals_per_10_per_year"
    clv = "clv"
    upgrades = "upgrades"
    second_gift_90_days_pct = "second_gift_90_days_pct"
    custom = "custom"


class ResultComparison(StrEnum):
    """How the target is meant: reach it, stay at or below it (a ceiling), or at or above (a floor)."""

    reach = "reach"
    at_most = "at_most"
    at_least = "at_least"


class SupporterRole(StrEnum):
    """What a nonprofit's group gives or does (the group's kind still says where it stands)."""

    donors = "donors"
    volunteers = "volunteers"
    funders = "funders"
    sponsors = "sponsors"
    members = "members"
    partners = "partners"


class HangoutKind(StrEnum):
    physical_place = "physical_place"
    event = "event"
    online_community = "online_community"
    social_platform = "social_platform"
    marketplace_or_app = "marketplace_or_app"
    partner_or_referrer = "partner_or_referrer"
    owned_channel = "owned_channel"


class Direction(StrEnum):
    we_broadcast = "we_broadcast"
    they_come_to_us = "they_come_to_us"
    shared_meeting_place = "shared_meeting_place"


class Stage(StrEnum):
    discover = "discover"
    explore = "explore"
    buy = "buy"
    use = "use"
    ask = "ask"
    engage = "engage"


class ShareBasis(StrEnum):
    customers = "customers"
    annual_margin = "annual_margin"


Score = Annotated[float, Field(ge=1.0, le=5.0, multiple_of=0.5)]
Rank = Annotated[int, Field(ge=1, le=5)]
ShortText = Annotated[str, Field(max_length=40)]
ItemId = Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9_-]+$")]


class Job(Base):
    id: ItemId = Field(default_factory=lambda: new_id("job"))
    text: str = Field(default="", max_length=120)
    kind: JobKind | None = None  # not chosen yet: a new job has no kind until the person picks
    importance: Rank = 3


class Pain(Base):
    id: ItemId = Field(default_factory=lambda: new_id("pain"))
    text: str = Field(default="", max_length=120)
    severity: Rank = 3


class Gain(Base):
    id: ItemId = Field(default_factory=lambda: new_id("gain"))
    text: str = Field(default="", max_length=120)
    importance: Rank = 3


class PainReliever(Base):
    id: ItemId = Field(default_factory=lambda: new_id("rel"))
    text: str = Field(default="", max_length=120)
    pain_ids: list[ItemId] = Field(default_factory=list, max_length=5)


class GainCreator(Base):
    id: ItemId = Field(default_factory=lambda: new_id("cre"))
    text: str = Field(default="", max_length=120)
    gain_ids: list[ItemId] = Field(default_factory=list, max_length=5)


class ExpectedResult(Base):
    id: ItemId = Field(default_factory=lambda: new_id("res"))
    metric: ResultMetric
    custom_label: str = Field(default="", max_length=40)
    unit: str = Field(default="", max_length=20)
    baseline: float
    target: float
    due_in_months: int = Field(default=12, ge=1, le=36)
    due_by: date | None = None  # a date the person named; when set, it is the due date
    comparison: ResultComparison = ResultComparison.reach


class Intent(Base):
    type: IntentType
    objectives: list[Objective] = Field(default_factory=list, max_length=8)
    rationale: str = Field(default="", max_length=200)
    expected_results: list[ExpectedResult] = Field(default_factory=list, max_length=3)

    @field_validator("objectives")
    @classmethod
    def _unique_objectives(cls, value: list[Objective]) -> list[Objective]:
        if len(set(value)) != len(value):
            raise ValueError("each objective can be chosen once")
        return value

    @property
    def is_grow_share(self) -> bool:
        return self.type == IntentType.grow and bool(SHARE_OBJECTIVES & set(self.objectives))

    @property
    def is_grow_value(self) -> bool:
        return self.type == IntentType.grow and not self.is_grow_share


class ValueProposition(Base):
    why_for_group: str = Field(default="", max_length=200)
    what: str = Field(default="", max_length=300)
    proof_points: list[Annotated[str, Field(max_length=120)]] = Field(
        default_factory=list, max_length=3
    )
    addresses: list[ItemId] = Field(default_factory=list, max_length=15)


ECONOMIC_FIELDS = (
    "customer_count",
    "avg_order_value",
    "purchases_per_year",
    "contribution_margin_pct",
    "cost_to_serve_per_year",
    "retention_pct",
    "acquisition_cost",
    "share_of_wallet_pct",
    "nps",
)


class MeasuredFrom(Base):
    """Where a group's measured figures came from: a sales file, never its rows."""

    file_name: str = Field(max_length=120)
    period_start: date
    period_end: date
    rows_used: int = Field(ge=0, le=1_000_000_000)
    fields: list[Annotated[str, Field(max_length=40)]] = Field(default_factory=list, max_length=12)


class EconomicsConfidence(Base):
    """How sure the owner is of each value-to-business input."""

    customer_count: Confidence = Confidence.estimated
    avg_order_value: Confidence = Confidence.estimated
    purchases_per_year: Confidence = Confidence.estimated
    contribution_margin_pct: Confidence = Confidence.estimated
    cost_to_serve_per_year: Confidence = Confidence.estimated
    retention_pct: Confidence = Confidence.estimated
    acquisition_cost: Confidence = Confidence.estimated
    share_of_wallet_pct: Confidence = Confidence.estimated
    nps: Confidence = Confidence.estimated

    def set_all(self, level: Confidence) -> EconomicsConfidence:
        return EconomicsConfidence(**dict.fromkeys(ECONOMIC_FIELDS, level))

    @property
    def weakest(self) -> Confidence:
        order = [Confidence.guess, Confidence.estimated, Confidence.measured]
        return min((getattr(self, f) for f in ECONOMIC_FIELDS), key=order.index)


CONTRADICTIONS = "grow and retire, or maintain and retire"


class CustomerGroup(Base):
    # identity and behaviour (S2)
    id: ItemId = Field(default_factory=lambda: new_id("grp"))
    name: str = Field(default="", max_length=40)
    kind: GroupKind = GroupKind.current
    description: str = Field(default="", max_length=300)
    behaviour: str = Field(default="", max_length=300)
    relationship_type: RelationshipType = RelationshipType.repeat
    value_drivers: list[ShortText] = Field(default_factory=list, max_length=3)
    how_identified: str = Field(default="", max_length=120)
    color: str | None = Field(default=None, pattern=r"^#[0-9a-fA-F]{6}$")

    # value to the customer (S3)
    jobs: list[Job] = Field(default_factory=list, max_length=5)
    pains: list[Pain] = Field(default_factory=list, max_length=5)
    gains: list[Gain] = Field(default_factory=list, max_length=5)
    products_services: list[Annotated[str, Field(max_length=80)]] = Field(
        default_factory=list, max_length=5
    )
    pain_relievers: list[PainReliever] = Field(default_factory=list, max_length=5)
    gain_creators: list[GainCreator] = Field(default_factory=list, max_length=5)
    value_to_customer_score: Score | None = None
    value_to_customer_evidence: str = Field(default="", max_length=300)

    # value to the business (S4); money in the canvas currency, percentages 0-100, per year
    customer_count: int = Field(default=0, ge=0, le=100_000_000)
    avg_order_value: float = Field(default=0.0, allow_inf_nan=False, le=1e9, ge=-1e9)
    purchases_per_year: float = Field(default=0.0, allow_inf_nan=False, le=100_000, ge=-1e6)
    contribution_margin_pct: float = Field(default=0.0, ge=-100, le=100, allow_inf_nan=False)
    cost_to_serve_per_year: float = Field(default=0.0, allow_inf_nan=False, le=1e9, ge=-1e9)
    retention_pct: float = Field(default=0.0, ge=0, lt=100, allow_inf_nan=False)
    acquisition_cost: float | None = Field(default=None, ge=0, le=1e9, allow_inf_nan=False)
    share_of_wallet_pct: float | None = Field(default=None, gt=0, le=100, allow_inf_nan=False)
    nps_mode: NpsMode = NpsMode.unknown
    nps_promoters: int = Field(default=0, ge=0, le=10_000_000)
    nps_passives: int = Field(default=0, ge=0, le=10_000_000)
    nps_detractors: int = Field(default=0, ge=0, le=10_000_000)
    nps_score_manual: int | None = Field(default=None, ge=-100, le=100)
    nps_source: str = Field(default="", max_length=120)
    referrals_per_10_per_year: float | None = Field(default=None, ge=0, le=1000)
    role: SupporterRole | None = None  # nonprofits: donors, volunteers, funders, ...
    volunteer_hours_per_year: float | None = Field(
        default=None, ge=0, le=8_760, allow_inf_nan=False
    )
    in_kind_value_per_year: float | None = Field(default=None, ge=0, le=1e9)  # gifts in kind, each
    value_to_business_score: Score | None = None
    vtb_override_reason: str = Field(default="", max_length=200)
    confidence: EconomicsConfidence = Field(default_factory=EconomicsConfidence)
    measured: MeasuredFrom | None = None

    # intent, results and target share (S6); proposition (S7)
    intents: list[Intent] = Field(default_factory=list)
    target_share_pct: float | None = Field(default=None, ge=0, le=100, allow_inf_nan=False)
    proposition: ValueProposition = Field(default_factory=ValueProposition)

    @field_validator("intents")
    @classmethod
    def _one_or_two_intents(cls, intents: list[Intent]) -> list[Intent]:
        if len(intents) > 2:
            raise ValueError("choose one or two intents, at most: focus beats a long list")
        types = [i.type for i in intents]
        if len(set(types)) != len(types):
            raise ValueError("the same intent is chosen twice")
        if IntentType.retire in types and (
            IntentType.grow in types or IntentType.maintain in types
        ):
            raise ValueError(
                f"these intents contradict each other ({CONTRADICTIONS}): "
                "you cannot end a relationship and also grow or keep it"
            )
        return intents

    @model_validator(mode="after")
    def _links_point_inside_group(self) -> CustomerGroup:
        pain_ids = {p.id for p in self.pains}
        gain_ids = {g.id for g in self.gains}
        job_ids = {j.id for j in self.jobs}
        for reliever in self.pain_relievers:
            if not set(reliever.pain_ids) <= pain_ids:
                raise ValueError("a pain reliever points to a pain that is not in this group")
        for creator in self.gain_creators:
            if not set(creator.gain_ids) <= gain_ids:
                raise ValueError("a gain creator points to a gain that is not in this group")
        if not set(self.proposition.addresses) <= pain_ids | gain_ids | job_ids:
            raise ValueError(
                "the value proposition addresses a job, pain or gain that is not in this group"
            )
        all_ids = [x.id for x in [*self.jobs, *self.pains, *self.gains]]
        if len(set(all_ids)) != len(all_ids):
            raise ValueError("two jobs, pains or gains share an id")
        return self

    @property
    def intent_types(self) -> set[IntentType]:
        return {i.type for i in self.intents}

    @property
    def has_grow_share(self) -> bool:
        return any(i.is_grow_share for i in self.intents)

    @property
    def has_grow_value(self) -> bool:
        return any(i.is_grow_value for i in self.intents)

    @property
    def is_in_portfolio(self) -> bool:
        """Counted in today's portfolio: current or emerging customers, and some of them. Prospects,
        future customers and those who buy elsewhere never count, whatever number is typed in;
        nor do lapsed ones: they bought nothing in the last 12 months (their number says how many
        could be won back)."""
        return self.kind in PORTFOLIO_KINDS and self.customer_count > 0

    @property
    def is_retired(self) -> bool:
        return IntentType.retire in self.intent_types

    def top_pain(self) -> Pain | None:
        return max(self.pains, key=lambda p: p.severity, default=None)

    def top_gain(self) -> Gain | None:
        return max(self.gains, key=lambda g: g.importance, default=None)

    def top_job(self) -> Job | None:
        return max(self.jobs, key=lambda j: j.importance, default=None)


class Hangout(Base):
    id: ItemId = Field(default_factory=lambda: new_id("hang"))
    name: str = Field(default="", max_length=60)
    kind: HangoutKind | None = None  # not chosen yet, as for a job
    direction: Direction = Direction.shared_meeting_place
    group_ids: list[ItemId] = Field(default_factory=list, max_length=MAX_GROUPS)
    stages: list[Stage] = Field(default_factory=list, max_length=6)
    note: str = Field(default="", max_length=200)

    @field_validator("stages")
    @classmethod
    def _unique_stages(cls, value: list[Stage]) -> list[Stage]:
        return list(dict.fromkeys(value))


class LifecycleNote(Base):
    id: ItemId = Field(default_factory=lambda: new_id("note"))
    group_id: ItemId
    stage: Stage
    knowledge_they_need: str = Field(default="", max_length=200)
    what_we_can_learn: str = Field(default="", max_length=200)
    moment_that_matters: str = Field(default="", max_length=160)


class NoteKind(StrEnum):
    idea = "idea"  # parked for later
    decision = "decision"
    verify = "verify"  # a number to check


StepCode = Annotated[str, Field(pattern=r"^S[1-9]$")]


class SessionNote(Base):
    """A quick note captured during a session: an idea to park, a decision, a number to verify."""

    id: ItemId = Field(default_factory=lambda: new_id("pin"))
    kind: NoteKind = NoteKind.idea
    text: str = Field(min_length=1, max_length=300)
    step: StepCode | None = None
    group_id: ItemId | None = None
    created_at: datetime = Field(default_factory=utc_now)


class CoachSession(Base):
    """A coached session in progress: the agenda, where it is, and the canvas as it was at the start."""

    started_at: datetime = Field(default_factory=utc_now)
    step: StepCode = "S1"
    step_started_at: datetime = Field(default_factory=utc_now)
    minutes: dict[StepCode, Annotated[int, Field(ge=1, le=120)]] = Field(default_factory=dict)
    focus_group: ItemId | None = None
    ended_at: datetime | None = None
    snapshot: str = Field(default="", max_length=5_000_000)  # canvas JSON at the start


class Thresholds(Base):
    """The tunable lines of METHOD §2.5, kept on the canvas so a coach can see and change them."""

    quadrant_line: float = Field(default=3.5, ge=1, le=5)
    near_line_low: float = Field(default=3.0, ge=1, le=5)
    near_line_high: float = Field(default=4.0, ge=1, le=5)
    tier_multiple: float = Field(default=1.5, gt=1, le=10)
    growable_share_of_wallet_pct: float = Field(default=50, gt=0, le=100)


class Canvas(Base):
    schema_version: Literal[4] = SCHEMA_VERSION
    id: str = Field(default_factory=new_canvas_id, pattern=r"^[A-Za-z0-9_-]{16,64}$")
    business_name: str = Field(default="", max_length=80)
    business_type: BusinessType = BusinessType.other
    currency: str = Field(default="USD", pattern=r"^[A-Z]{3}$")
    business_goal: str = Field(default="", max_length=400)
    why_statement: str = Field(default="", max_length=280)
    values: list[ShortText] = Field(default_factory=list, max_length=5)
    strategy_horizon_months: Literal[12, 24, 36] = 12
    discount_rate_pct: float = Field(default=10.0, ge=0, le=30, allow_inf_nan=False)
    clv_horizon_years: int | None = Field(default=None, ge=1, le=20)
    target_total_customers: int | None = Field(default=None, ge=0, le=100_000_000)
    volunteer_hour_value: float = Field(
        default=VOLUNTEER_HOUR_VALUE, ge=0, le=10_000, allow_inf_nan=False
    )
    volunteer_hour_source: str = Field(default=VOLUNTEER_HOUR_SOURCE, max_length=160)
    first_moves: str = Field(default="", max_length=600)
    share_basis: ShareBasis = ShareBasis.customers
    thresholds: Thresholds = Field(default_factory=Thresholds)
    groups: list[CustomerGroup] = Field(default_factory=list, max_length=MAX_GROUPS)
    hangouts: list[Hangout] = Field(default_factory=list, max_length=MAX_HANGOUTS)
    lifecycle_notes: list[LifecycleNote] = Field(default_factory=list, max_length=3000)
    session_notes: list[SessionNote] = Field(default_factory=list, max_length=1000)
    coach_session: CoachSession | None = None
    created_at: datetime = Field(default_factory=utc_now)
    updated_at: datetime = Field(default_factory=utc_now)

    @model_validator(mode="after")
    def _references_are_known(self) -> Canvas:
        ids = [g.id for g in self.groups]
        if len(set(ids)) != len(ids):
            raise ValueError("two customer groups share an id")
        known = set(ids)
        for hangout in self.hangouts:
            if not set(hangout.group_ids) <= known:
                raise ValueError(f"the place '{hangout.name}' points to a group that is not here")
        for note in self.lifecycle_notes:
            if note.group_id not in known:
                raise ValueError("a lifecycle note points to a group that is not here")
        for pin in self.session_notes:
            if pin.group_id is not None and pin.group_id not in known:
                raise ValueError("a session note points to a group that is not here")
        return self

    @property
    def is_nonprofit(self) -> bool:
        return self.business_type == BusinessType.nonprofit

    def group(self, group_id: str) -> CustomerGroup:
        for group in self.groups:
            if group.id == group_id:
                return group
        raise KeyError(group_id)

    def hangouts_for(self, group_id: str) -> list[Hangout]:
        return [h for h in self.hangouts if group_id in h.group_ids]
