"""The shape of the workbook, shared by export and import: sheet names, columns and how each
kind of cell is written and read back. One definition, so the two directions cannot drift apart.

Headers, choice labels and settings that speak of customers, sales or margin follow the canvas's
wording (`labels.Wording`): `layout_for(canvas)` is the workbook as that canvas is worded. An
import finds headers and choice labels in any wording (`reading_sheets`, `setting_column`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum

from canvas.core import labels as L
from canvas.core import thresholds as T
from canvas.core.labels import BUSINESS_WORDS, NONPROFIT_WORDS, WORDINGS, Wording
from canvas.core.model import ECONOMIC_FIELDS, BusinessType, Canvas

FILE_FORMAT = "Customer strategy canvas workbook"
WORKBOOK_VERSION = 1
LIST_SEPARATOR = "; "

STRATEGY = "Strategy"
SETTINGS = "Settings"
GROUPS = "Groups"
VTC = "Value to customer"
VTB = "Value to business"
INTENTS = "Intents & results"
PORTFOLIO = "Portfolio"
VALUE_MAP = "Value map"
PROPOSITIONS = "Propositions"
HANGOUTS = "Hangouts"
LIFECYCLE = "Lifecycle notes"
CHECKS = "Checks"
SESSION_NOTES = "Session notes"
ABOUT = "About"
LISTS = "Lists"


class Kind(StrEnum):
    id = "id"  # hidden identifiers, kept so an unchanged workbook comes back identical
    text = "text"
    int = "int"
    number = "number"
    money = "money"
    pct = "pct"  # stored 0-100 in the canvas, shown as a percentage in Excel
    score = "score"
    choice = "choice"
    refs = "refs"  # several ids or labels, separated by '; '
    labels = "labels"
    date = "date"  # a calendar date, written as a date cell and read back as YYYY-MM-DD


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    kind: Kind
    width: float = 14
    choices: Mapping[str, str] | None = None  # stored value -> label shown
    list_name: str | None = None  # defined name feeding the dropdown
    derived: bool = False
    internal: bool = False  # left out of the customer-safe copy
    optional: bool = False  # blank means "not given" (None), not zero
    bounds: tuple[float, float] | None = None
    bounds_text: str | None = None
    help: str = ""
    # Read back too, as other wordings put them: headers, and (value, label) choices.
    other_headers: tuple[str, ...] = ()
    other_choices: tuple[tuple[str, str], ...] = field(default=(), repr=False)

    @property
    def hidden(self) -> bool:
        return self.kind == Kind.id


def _c(key: str, header: str, kind: Kind, width: float = 14, **extra: object) -> Column:
    return Column(key, header, kind, width, **extra)  # type: ignore[arg-type]


def choice(
    key: str, header: str, options: Mapping[str, str], name: str, width: float = 22
) -> Column:
    return Column(key, header, Kind.choice, width, choices=options, list_name=name)


SCORE_CHOICES = {f"{s / 2:g}": f"{s / 2:g}" for s in range(2, 11)}
RANK_CHOICES = {str(i): str(i) for i in range(1, 6)}
HORIZON_CHOICES = {"12": "12 months", "24": "24 months", "36": "36 months"}
LINE_KINDS = {
    "job": "Job",
    "pain": "Pain",
    "gain": "Gain",
    "product": "Product or service",
    "reliever": "Pain reliever",
    "creator": "Gain creator",
}


def _values(labels: Mapping[StrEnum, str]) -> dict[str, str]:
    return {k.value: v for k, v in labels.items()}


def _lists(w: Wording) -> dict[str, Mapping[str, str]]:
    """Named lists on the hidden Lists sheet: defined name -> {stored value: label}."""
    return {
        "list_business_type": _values(L.BUSINESS_TYPES),
        "list_group_kind": _values(w.group_kinds),
        "list_relationship": _values(L.RELATIONSHIPS),
        "list_job_kind": _values(L.JOB_KINDS),
        "list_confidence": _values(L.CONFIDENCE),
        "list_nps_mode": _values(L.NPS_MODES),
        "list_intent": _values(L.INTENTS),
        "list_metric": _values(w.result_metrics),
        "list_hangout_kind": _values(L.HANGOUT_KINDS),
        "list_direction": _values(L.DIRECTIONS),
        "list_stage": _values(L.STAGES),
        "list_line": LINE_KINDS,
        "list_score": SCORE_CHOICES,
        "list_rank": RANK_CHOICES,
        "list_horizon": HORIZON_CHOICES,
        "list_share_basis": {
            "customers": f"Number of {w.customers}",
            "annual_margin": f"Annual {w.margin}",
        },
        "list_objective": _values(w.objectives),
        "list_role": _values(L.SUPPORTER_ROLES),
        "list_comparison": _values(L.RESULT_COMPARISONS),
    }


# The lists, for the columns that are the same in every workbook: those of WORDED_LISTS are
# taken from the canvas's layout instead.
FIXED_LISTS = _lists(BUSINESS_WORDS)
WORDED_LISTS = frozenset(
    name for name, options in _lists(NONPROFIT_WORDS).items() if options != FIXED_LISTS[name]
)


def _choice(key: str, header: str, name: str, width: float = 22) -> Column:
    assert name not in WORDED_LISTS, f"{name} changes with the wording: take it from the layout"
    return choice(key, header, FIXED_LISTS[name], name, width)


GROUP_ID = _c("group_id", "Group id", Kind.id, 6)
GROUP_NAME = Column("group_name", "Group", Kind.text, 26, list_name="list_groups")
GROUP_NAME_SHOWN = Column("group_name", "Group", Kind.text, 26, derived=True)


def _group_columns(w: Wording, lists: Mapping[str, Mapping[str, str]]) -> tuple[Column, ...]:
    return (
        _c("id", "Id", Kind.id, 6),
        _c("name", "Name", Kind.text, 26),
        choice("kind", "Kind", lists["list_group_kind"], "list_group_kind", 26),
        _choice("relationship_type", "Relationship", "list_relationship", 20),
        Column(
            "role",
            L.FIELD_LABELS["role"],
            Kind.choice,
            16,
            choices=FIXED_LISTS["list_role"],
            list_name="list_role",
            optional=True,
            help="Nonprofits: donors, volunteers, grant funders, sponsors, members or partners.",
        ),
        _c("description", "Who they are", Kind.text, 40),
        _c("behaviour", w.field_labels["behaviour"], Kind.text, 48),
        _c("value_driver_1", "What they value 1", Kind.text, 18),
        _c("value_driver_2", "What they value 2", Kind.text, 18),
        _c("value_driver_3", "What they value 3", Kind.text, 18),
        _c("how_identified", "How you recognise them", Kind.text, 22),
        _c("color", "Colour", Kind.text, 10, optional=True),
        Column(
            "value_to_customer_score",
            "Value to them (1-5)",
            Kind.score,
            14,
            choices=SCORE_CHOICES,
            list_name="list_score",
            optional=True,
        ),
        _c("value_to_customer_evidence", "Evidence", Kind.text, 40, internal=True),
    )


VTC_COLUMNS = (
    GROUP_ID,
    GROUP_NAME,
    _choice("line", "Line", "list_line", 18),
    _c(
        "ref",
        "Ref",
        Kind.text,
        16,
        help="A short code that links relievers, creators and propositions to this line. Keep it; leave it empty on new lines.",
    ),
    _c("text", "Text", Kind.text, 50),
    _choice("job_kind", "Job type", "list_job_kind", 24),
    Column(
        "rank",
        "Rank (1-5)",
        Kind.int,
        11,
        choices=RANK_CHOICES,
        list_name="list_rank",
        optional=True,
        bounds=(1, 5),
    ),
    _c("links", "Links to (refs)", Kind.refs, 26),
)

MONEY_INPUTS = (
    "avg_order_value",
    "cost_to_serve_per_year",
    "acquisition_cost",
    "in_kind_value_per_year",
)


def _vtb_inputs(w: Wording) -> tuple[Column, ...]:
    label = w.field_labels
    return (
        GROUP_ID,
        GROUP_NAME,
        _c("customer_count", label["customer_count"], Kind.int, 11, bounds=(0, 100_000_000)),
        _c("avg_order_value", label["avg_order_value"], Kind.money, 13, bounds=(0, 1e9)),
        _c("purchases_per_year", label["purchases_per_year"], Kind.number, 12, bounds=(0, 365)),
        _c(
            "contribution_margin_pct",
            label["contribution_margin_pct"],
            Kind.pct,
            10,
            bounds=T.MARGIN_PCT_RANGE,
        ),
        _c("cost_to_serve_per_year", "Cost to serve per year", Kind.money, 13, bounds=(0, 1e9)),
        _c(
            "retention_pct",
            "Retention %",
            Kind.pct,
            11,
            bounds=(0, 99.999999),
            bounds_text="between 0 and 99",
        ),
        _c(
            "acquisition_cost",
            label["acquisition_cost"],
            Kind.money,
            13,
            optional=True,
            bounds=(0, 1e9),
        ),
        _c(
            "share_of_wallet_pct",
            "Share of their spend %",
            Kind.pct,
            12,
            optional=True,
            bounds=T.SHARE_OF_WALLET_RANGE,
        ),
        _choice("nps_mode", "Recommendation score source", "list_nps_mode", 24),
        _c("nps_promoters", "Promoters (9-10)", Kind.int, 11, bounds=(0, 10_000_000)),
        _c("nps_passives", "Passives (7-8)", Kind.int, 11, bounds=(0, 10_000_000)),
        _c("nps_detractors", "Detractors (0-6)", Kind.int, 11, bounds=(0, 10_000_000)),
        _c(
            "nps_score_manual",
            f"Estimated {L.METHOD_TERMS['recommendation_score'].name.lower()}",
            Kind.int,
            11,
            optional=True,
            bounds=(-100, 100),
            other_headers=("Estimated NPS",),  # its header in workbooks made before #14
        ),
        _c("nps_source", "Where the estimate comes from", Kind.text, 26),
        _c(
            "referrals_per_10_per_year",
            label["referrals_per_10_per_year"],
            Kind.number,
            13,
            optional=True,
            bounds=(0, 1000),
        ),
        _c(
            "volunteer_hours_per_year",
            L.FIELD_LABELS["volunteer_hours_per_year"],
            Kind.number,
            13,
            optional=True,
            bounds=(0, 8_760),
        ),
        _c(
            "in_kind_value_per_year",
            L.FIELD_LABELS["in_kind_value_per_year"],
            Kind.money,
            13,
            optional=True,
            bounds=(0, 1e9),
        ),
        Column(
            "value_to_business_score",
            "Value to us (1-5)",
            Kind.score,
            12,
            choices=SCORE_CHOICES,
            list_name="list_score",
            optional=True,
        ),
        _c("vtb_override_reason", "Why you rate them differently", Kind.text, 32, internal=True),
        *(
            _choice(
                f"confidence.{f}",
                f"How sure: {label.get(f, 'Recommendation score')}",
                "list_confidence",
                14,
            )
            for f in ECONOMIC_FIELDS
        ),
    )


def _vtb_derived(w: Wording) -> tuple[Column, ...]:
    return (
        _c(
            "d_revenue",
            f"{w.revenue.capitalize()} per {w.customer} a year",
            Kind.money,
            14,
            derived=True,
        ),
        _c(
            "d_margin",
            f"{w.margin.capitalize()} per {w.customer} a year",
            Kind.money,
            14,
            derived=True,
        ),
        _c("d_lifetime", f"Expected years as a {w.customer}", Kind.number, 12, derived=True),
        _c("d_clv", "Lifetime value (from today)", Kind.money, 15, derived=True),
        _c("d_basis", "Valued", Kind.text, 10, derived=True),
        _c("d_in_kind_net", "Net in kind a year", Kind.money, 14, derived=True),
        _c("d_in_kind_clv", "Lifetime value in kind", Kind.money, 15, derived=True),
        _c("d_clv_future", "Future years only", Kind.money, 14, derived=True),
        _c("d_clv_undiscounted", "Undiscounted", Kind.money, 14, derived=True),
        _c("d_clv_truncated", "Over the set horizon", Kind.money, 14, derived=True),
        _c("d_group_value", "Group value", Kind.money, 15, derived=True),
        _c("d_nps", L.METHOD_TERMS["recommendation_score"].name, Kind.number, 9, derived=True),
        _c(
            "d_nps_margin",
            L.METHOD_TERMS["give_or_take"].name.capitalize(),
            Kind.number,
            9,
            derived=True,
        ),
        _c(
            "d_clv_cac", L.METHOD_TERMS["value_per_cost_to_win"].name, Kind.number, 12, derived=True
        ),
        _c("d_payback", "Payback (years)", Kind.number, 11, derived=True),
        _c("d_potential", "Potential value", Kind.money, 14, derived=True),
        _c("d_suggested", "Suggested value to us", Kind.number, 12, derived=True),
        _c("d_tier", "Value tier", Kind.text, 16, derived=True, internal=True),
    )


def _intent_columns(lists: Mapping[str, Mapping[str, str]]) -> tuple[Column, ...]:
    return (
        GROUP_ID,
        GROUP_NAME,
        _choice("type", "Intent", "list_intent", 14),
        Column(
            "objectives",
            "Objectives",
            Kind.labels,
            36,
            choices=lists["list_objective"],
            help="One or more of the objectives on the Lists sheet, separated by ';'.",
        ),
        _c("rationale", "Why this intent", Kind.text, 40),
        _c("result_id", "Result id", Kind.id, 6),
        choice("metric", "Measure", lists["list_metric"], "list_metric", 24),
        _c("custom_label", "Measure name", Kind.text, 18),
        _c("unit", "Unit", Kind.text, 8),
        _c("baseline", "Now", Kind.number, 11, optional=True),
        _c("target", "Target", Kind.number, 11, optional=True),
        _c("due_in_months", "Due in months", Kind.int, 10, optional=True, bounds=(1, 36)),
        _c("due_by", L.FIELD_LABELS["due_by"], Kind.date, 12, optional=True),
        Column(
            "comparison",
            L.FIELD_LABELS["comparison"],
            Kind.choice,
            22,
            choices=FIXED_LISTS["list_comparison"],
            list_name="list_comparison",
            optional=True,
        ),
    )


def _portfolio_columns(w: Wording) -> tuple[Column, ...]:
    return (
        GROUP_ID,
        GROUP_NAME,
        _c("d_customers", f"{w.customers.capitalize()} now", Kind.int, 12, derived=True),
        _c("d_share_now", "Share now", Kind.pct, 11, derived=True),
        _c("target_share_pct", "Target share", Kind.pct, 12, optional=True, bounds=(0, 100)),
        _c("d_change", "Change (points)", Kind.number, 12, derived=True),
        _c("d_target_count", f"Target {w.customers}", Kind.int, 12, derived=True),
        _c("d_intents", "Intents", Kind.text, 24, derived=True),
    )


PROPOSITION_COLUMNS = (
    GROUP_ID,
    GROUP_NAME,
    _c("why_for_group", "Why (for this group)", Kind.text, 44),
    _c("what", "What we offer", Kind.text, 48),
    _c("proof_1", "Proof point 1", Kind.text, 24),
    _c("proof_2", "Proof point 2", Kind.text, 24),
    _c("proof_3", "Proof point 3", Kind.text, 24),
    _c("addresses", "Addresses (refs)", Kind.refs, 30),
)

HANGOUT_COLUMNS = (
    _c("id", "Id", Kind.id, 6),
    _c("group_ids", "Group ids", Kind.id, 6),
    _c("name", "Place", Kind.text, 34),
    _choice("kind", "Kind", "list_hangout_kind", 24),
    _choice("direction", "Direction", "list_direction", 22),
    _c(
        "groups",
        "Groups",
        Kind.refs,
        34,
        help="Group names as on the Groups sheet, separated by ';'.",
    ),
    Column(
        "stages",
        "Stages",
        Kind.labels,
        30,
        choices=FIXED_LISTS["list_stage"],
        help="One or more of: Find us; Compare; Buy; Use; Get help; Stay and recommend.",
    ),
    _c("note", "Note", Kind.text, 40),
)

LIFECYCLE_COLUMNS = (
    _c("id", "Id", Kind.id, 6),
    GROUP_ID,
    GROUP_NAME,
    _choice("stage", "Stage", "list_stage", 18),
    _c("knowledge_they_need", "What they need to know", Kind.text, 40),
    _c("what_we_can_learn", "What we can learn", Kind.text, 40),
    _c("moment_that_matters", "Moment that matters", Kind.text, 40),
)


def _value_map_columns(w: Wording) -> tuple[Column, ...]:
    return (
        GROUP_NAME_SHOWN,
        _c("d_vtc", "Value to them", Kind.number, 12, derived=True),
        _c("d_vtb", "Value to us", Kind.number, 12, derived=True),
        _c("d_customers", w.field_labels["customer_count"], Kind.int, 12, derived=True),
        _c("d_bubble", "Bubble size", Kind.int, 12, derived=True),
        _c("d_quadrant", "Where they sit", Kind.text, 16, derived=True, internal=True),
    )


CHECK_COLUMNS = (
    _c("severity", "How urgent", Kind.text, 12, derived=True),
    _c("step", "Step", Kind.text, 26, derived=True),
    _c("group", "Group", Kind.text, 24, derived=True),
    _c("message", "What to look at", Kind.text, 100, derived=True),
    _c("check_id", "Check", Kind.text, 8, derived=True),
)


SESSION_NOTE_COLUMNS = (
    _c("kind", "Kind", Kind.text, 18, derived=True),
    _c("text", "Note", Kind.text, 70, derived=True),
    _c("step", "Step", Kind.text, 26, derived=True),
    _c("group", "Group", Kind.text, 24, derived=True),
    _c("created", "Noted at", Kind.text, 18, derived=True),
)


@dataclass(frozen=True)
class Setting:
    key: str
    label: str
    kind: Kind
    list_name: str | None = None
    optional: bool = False
    bounds: tuple[float, float] | None = None


def _settings_rows(w: Wording) -> tuple[Setting, ...]:
    return (
        Setting("business_name", "Business name", Kind.text),
        Setting("business_type", "Type of business", Kind.choice, "list_business_type"),
        Setting("currency", "Currency (three letters, e.g. AUD)", Kind.text),
        Setting("business_goal", "Business goal", Kind.text),
        Setting("why_statement", "What you stand for", Kind.text),
        *(Setting(f"value_{i}", f"Value {i}", Kind.text) for i in range(1, 6)),
        Setting("strategy_horizon_months", "Strategy horizon", Kind.choice, "list_horizon"),
        Setting("discount_rate_pct", "Discount rate", Kind.pct, bounds=(0, 30)),
        Setting(
            "clv_horizon_years",
            "Lifetime value horizon (years, optional)",
            Kind.int,
            optional=True,
            bounds=(1, 20),
        ),
        Setting(
            "target_total_customers",
            f"{w.field_labels['target_total_customers']} (optional)",
            Kind.int,
            optional=True,
            bounds=(0, 100_000_000),
        ),
        Setting(
            "volunteer_hour_value",
            L.FIELD_LABELS["volunteer_hour_value"],
            Kind.money,
            bounds=(0, 10_000),
        ),
        Setting("volunteer_hour_source", L.FIELD_LABELS["volunteer_hour_source"], Kind.text),
        Setting("first_moves", "First moves", Kind.text),
        Setting("share_basis", "Share basis", Kind.choice, "list_share_basis"),
        Setting("thresholds.quadrant_line", "Map: 'high' from score", Kind.number, bounds=(1, 5)),
        Setting(
            "thresholds.near_line_low", "Map: 'near the line' from", Kind.number, bounds=(1, 5)
        ),
        Setting(
            "thresholds.near_line_high", "Map: 'near the line' below", Kind.number, bounds=(1, 5)
        ),
        Setting(
            "thresholds.tier_multiple",
            "Tiers: top value at this multiple of the average",
            Kind.number,
            bounds=(1, 10),
        ),
        Setting(
            "thresholds.growable_share_of_wallet_pct",
            "Tiers: room to grow when share of spend is at most",
            Kind.pct,
            bounds=(0, 100),
        ),
    )


FILE_ROWS = (
    Setting("file_format", "File format (do not change)", Kind.text),
    Setting("workbook_version", "Workbook version (do not change)", Kind.int),
    Setting("schema_version", "Canvas version (do not change)", Kind.int),
    Setting("edition", "Edition (do not change)", Kind.text),
    Setting("id", "Canvas id (do not change)", Kind.text),
    Setting("created_at", "Created (do not change)", Kind.text),
    Setting("updated_at", "Last changed in the app (do not change)", Kind.text),
)

EDITION_FULL = "full"
EDITION_SAFE = "customer-safe"

HEADER_ROW = 4  # rows 1-3 hold a title and a line of help above every table


@dataclass(frozen=True)
class Layout:
    """The workbook in one wording: its lists, the columns of every table and the settings."""

    words: Wording
    lists: Mapping[str, Mapping[str, str]]
    group_columns: tuple[Column, ...]
    vtb_inputs: tuple[Column, ...]
    vtb_derived: tuple[Column, ...]
    intent_columns: tuple[Column, ...]
    portfolio_columns: tuple[Column, ...]
    value_map_columns: tuple[Column, ...]
    settings_rows: tuple[Setting, ...]

    @property
    def input_sheets(self) -> tuple[tuple[str, tuple[Column, ...]], ...]:
        """The sheets an import reads back, each with its columns (the others are calculated or
        notes)."""
        return (
            (GROUPS, self.group_columns),
            (VTC, VTC_COLUMNS),
            (VTB, self.vtb_inputs),
            (INTENTS, self.intent_columns),
            (PORTFOLIO, self.portfolio_columns),
            (PROPOSITIONS, PROPOSITION_COLUMNS),
            (HANGOUTS, HANGOUT_COLUMNS),
            (LIFECYCLE, LIFECYCLE_COLUMNS),
        )

    def title(self, sheet: str) -> str:
        """The heading on top of a sheet: its name, or the step's name in this wording."""
        step = {VTC: "S3", VTB: "S4"}.get(sheet, "")
        return self.words.step_titles.get(step, sheet)


def _layout(w: Wording) -> Layout:
    lists = _lists(w)
    return Layout(
        words=w,
        lists=lists,
        group_columns=_group_columns(w, lists),
        vtb_inputs=_vtb_inputs(w),
        vtb_derived=_vtb_derived(w),
        intent_columns=_intent_columns(lists),
        portfolio_columns=_portfolio_columns(w),
        value_map_columns=_value_map_columns(w),
        settings_rows=_settings_rows(w),
    )


BUSINESS = _layout(BUSINESS_WORDS)
NONPROFIT = _layout(NONPROFIT_WORDS)
LAYOUTS = (BUSINESS, NONPROFIT)
assert tuple(layout.words for layout in LAYOUTS) == WORDINGS  # one layout per wording


def layout_for(canvas: Canvas) -> Layout:
    """The workbook as the canvas is worded: a nonprofit's supporters, or a business's customers."""
    words = L.wording(canvas)
    return next(layout for layout in LAYOUTS if layout.words is words)


def layout_for_type(business_type: object) -> Layout:
    """The layout for a business type as read from a workbook's settings (the business wording
    when it is missing or unreadable)."""
    return NONPROFIT if business_type == BusinessType.nonprofit.value else BUSINESS


def _also_read(column: Column, others: Sequence[Column]) -> Column:
    """`column`, also found under the headers and choice labels the other wordings give it."""
    own = set((column.choices or {}).items())
    pairs = (pair for other in others for pair in (other.choices or {}).items())
    return replace(
        column,
        other_headers=tuple(
            dict.fromkeys(
                (*column.other_headers, *(o.header for o in others if o.header != column.header))
            )
        ),
        other_choices=tuple(dict.fromkeys(pair for pair in pairs if pair not in own)),
    )


def reading_sheets(layout: Layout) -> tuple[tuple[str, tuple[Column, ...]], ...]:
    """The input sheets as an import reads them: the columns of `layout`, each also found under
    its header and choice labels in every other wording, so a workbook imports whichever wording
    its headers and dropdowns are in. Problems name a column by its header in `layout`."""
    others = [other.input_sheets for other in LAYOUTS if other is not layout]
    sheets = []
    for index, (sheet, columns) in enumerate(layout.input_sheets):
        same = [[sheets_of[index][1][i] for sheets_of in others] for i in range(len(columns))]
        sheets.append((sheet, tuple(_also_read(c, s) for c, s in zip(columns, same, strict=True))))
    return tuple(sheets)


def setting_column(setting: Setting, layout: Layout) -> Column:
    """A setting read as a cell, its choices in the layout's wording and in every other."""

    def column(lists: Mapping[str, Mapping[str, str]]) -> Column:
        return Column(
            setting.key,
            setting.label,
            setting.kind,
            choices=lists.get(setting.list_name or ""),
            optional=setting.optional,
            bounds=setting.bounds,
        )

    return _also_read(column(layout.lists), [column(o.lists) for o in LAYOUTS if o is not layout])


# Canvas fields the sheets do not show (added by later versions of the model) make the round
# trip as JSON on a hidden sheet, in parts of CHUNK characters.
EXTRAS = "Extras"
CHUNK = 4000
SHOWN_FIELDS = frozenset(
    {
        "schema_version", "id", "business_name", "business_type", "currency", "business_goal",
        "why_statement", "values", "strategy_horizon_months", "discount_rate_pct",
        "clv_horizon_years", "target_total_customers", "first_moves", "share_basis", "thresholds",
        "groups", "hangouts", "lifecycle_notes", "created_at", "updated_at",
    }
)  # fmt: skip


def extra_fields() -> list[str]:
    return [name for name in Canvas.model_fields if name not in SHOWN_FIELDS]
