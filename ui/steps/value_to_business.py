"""Step 4: the value each group gives the business: lifetime value on margin, and advocacy."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from canvas.core.classify import Placement
from canvas.core.editing import ECONOMICS, IN_KIND, with_group_changes
from canvas.core.labels import (
    CONFIDENCE,
    FIELD_LABELS,
    NPS_MODES,
    SUPPORTER_ROLES,
    Wording,
    field_label,
    money,
    number,
    recommendation,
    term,
    term_help,
    wording,
)
from canvas.core.metrics import GroupMetrics
from canvas.core.model import Canvas, CustomerGroup
from canvas.core.thresholds import MARGIN_PCT_RANGE, SHARE_OF_WALLET_RANGE
from ui import session
from ui.charts import present_chart, show_chart
from ui.groups import group_heading, score_picker
from ui.guidance import MARGIN_HINTS
from ui.text import md
from ui.widgets import (
    MONEY_INPUT,
    PERCENT_CELL,
    PERCENT_INPUT,
    canvas_field,
    choice_column,
    field_input,
    group_field,
    table_editor,
)

SCORE_LABEL = f"{FIELD_LABELS['value_to_business_score']} (1 = low, 5 = high)"
IN_KIND_HEADING = "Time and gifts in kind"
IN_KIND_NET = "Net in kind a year"
IN_KIND_CLV = "Lifetime value in kind"
IN_KIND_NOTE = (
    f" For a group that gives time or goods, '{IN_KIND_NET}' is what they give in kind less what "
    f"they cost in cash, and '{IN_KIND_CLV}' is the same formula on that figure: these rank the "
    "group, never the cash totals."
)
RETENTION_LABEL = FIELD_LABELS["retention_pct"]
RETENTION_HELP = "Of 10 customers a year ago, how many still buy? 7 of 10 = 70%."
MARGIN_HELP = (
    "What is left after stock, ingredients, commissions and direct labour. Not the sale price."
)


def _money_column(label: str, help: str | None = None) -> Any:
    return st.column_config.NumberColumn(
        label, min_value=0.0, max_value=1e9, step=0.01, format=MONEY_INPUT, help=help
    )


def _pct_column(label: str, low: float = 0, high: float = 100, help: str | None = None) -> Any:
    return st.column_config.NumberColumn(
        label, min_value=low, max_value=high, step=0.5, format=PERCENT_CELL, help=help
    )


def _group_column() -> Any:
    return st.column_config.TextColumn("Group", disabled=True, width="medium", pinned=True)


def economics_table(canvas: Canvas) -> None:
    """Per group, per customer and year: the figures lifetime value is built from."""
    cur = canvas.currency
    columns = {
        "name": _group_column(),
        "customer_count": st.column_config.NumberColumn(
            field_label("customer_count", canvas),
            min_value=0,
            step=1,
            format="%d",
            help="Active in the last 12 months: from your loyalty app, till or invoices, or the faces you know.",
        ),
        "avg_order_value": _money_column(f"{field_label('avg_order_value', canvas)} ({cur})"),
        "purchases_per_year": st.column_config.NumberColumn(
            field_label("purchases_per_year", canvas),
            min_value=0.0,
            max_value=365.0,
            step=0.1,
            format="%g",
        ),
        "contribution_margin_pct": _pct_column(
            field_label("contribution_margin_pct", canvas), *MARGIN_PCT_RANGE, help=MARGIN_HELP
        ),
        "retention_pct": _pct_column(RETENTION_LABEL, 0, 99, help=RETENTION_HELP),
        "cost_to_serve_per_year": _money_column(
            f"{FIELD_LABELS['cost_to_serve_per_year']} ({cur})",
            help="Delivery, support, custom requests, refunds, chasing invoices.",
        ),
        "acquisition_cost": _money_column(f"{field_label('acquisition_cost', canvas)} ({cur})"),
        "share_of_wallet_pct": _pct_column(
            "Share of their spend %",
            *SHARE_OF_WALLET_RANGE,
            help="Of what they spend on this kind of thing, how much comes to you?",
        ),
        "referrals_per_10_per_year": st.column_config.NumberColumn(
            "Referrals per 10 a year", min_value=0.0, step=0.5, format="%g"
        ),
        "confidence": choice_column("How sure?", CONFIDENCE),
    }
    table_editor("economics", ECONOMICS, columns, dynamic=False, right_of_screen=6)
    measured_from(canvas)
    hint = MARGIN_HINTS.get(canvas.business_type.value)
    if hint:
        st.caption(f"Margin, as a guide: {hint}")


def measured_from(canvas: Canvas) -> None:
    """Where measured figures came from: the file, its period and the rows used, per group."""
    sources: dict[tuple[str, str, str, int], list[str]] = {}
    for group in canvas.groups:
        m = group.measured
        if m is not None:
            period = (f"{m.period_start:%-d %b %Y}", f"{m.period_end:%-d %b %Y}")
            sources.setdefault((m.file_name, *period, m.rows_used), []).append(group.name)
    for (file_name, start, end, rows), names in sources.items():
        st.caption(
            f"Measured from {md(file_name)}, {start} to {end} ({rows:,} rows): "
            f"{md(', '.join(names))}. Margin and cost to serve are still yours."
        )


def shows_in_kind(canvas: Canvas) -> bool:
    """Nonprofits, and any canvas where a group already gives time or gifts in kind."""
    return canvas.is_nonprofit or any(
        g.volunteer_hours_per_year or g.in_kind_value_per_year for g in canvas.groups
    )


def in_kind_section(canvas: Canvas) -> None:
    """Time and gifts in kind: open on a nonprofit canvas or where a group gives them already,
    folded away otherwise (a business is rarely given time or goods)."""
    if shows_in_kind(canvas):
        st.markdown(f"#### {IN_KIND_HEADING}")
        in_kind_table(canvas)
        hour_value(canvas)
    else:
        with st.expander(f"{IN_KIND_HEADING} (rare for a business)"):
            in_kind_table(canvas)
            hour_value(canvas)


def in_kind_table(canvas: Canvas) -> None:
    """What each group gives in time and goods, per supporter and year, valued apart from cash."""
    columns = {
        "name": _group_column(),
        "role": choice_column(FIELD_LABELS["role"], SUPPORTER_ROLES),
        "volunteer_hours_per_year": st.column_config.NumberColumn(
            FIELD_LABELS["volunteer_hours_per_year"],
            min_value=0.0,
            max_value=8760.0,
            step=1.0,
            format="%g",
            help="Hours one volunteer gives in a year: 4 hours a week for 45 weeks is 180.",
        ),
        "in_kind_value_per_year": _money_column(
            f"{FIELD_LABELS['in_kind_value_per_year']} ({canvas.currency})",
            help="Goods or services one supporter gives in a year, at what you would pay for them.",
        ),
    }
    table_editor("in-kind", IN_KIND, columns, dynamic=False)


def hour_value(canvas: Canvas) -> None:
    """The value of a volunteer hour the canvas uses, and where it comes from."""
    left, right = st.columns([1, 2])
    with left:
        canvas_field(
            st.number_input,
            f"{FIELD_LABELS['volunteer_hour_value']} ({canvas.currency})",
            canvas,
            "volunteer_hour_value",
            min_value=0.0,
            max_value=10_000.0,
            step=0.5,
            format="%.2f",
        )
    with right:
        canvas_field(
            st.text_input, FIELD_LABELS["volunteer_hour_source"], canvas, "volunteer_hour_source"
        )
    st.caption(
        "An hour of volunteer time is valued at what the same work would cost you to pay for. "
        "Independent Sector publishes a national figure for the US each year (the average wage "
        "plus benefits); many states and countries publish their own. It is never cash: time and "
        "gifts in kind are shown on their own and never added to cash income."
    )


def nps_table() -> None:
    """Survey counts or an honest estimate of the recommendation score, per group."""
    st.caption(
        f"{term('recommendation_score').explain} Enter survey counts, or your honest estimate.",
        help=term_help("give_or_take"),
    )
    count = {"min_value": 0, "step": 1, "format": "%d"}
    columns = {
        "name": _group_column(),
        "nps_mode": choice_column("Source", NPS_MODES, required=True, width="medium"),
        "nps_promoters": st.column_config.NumberColumn(FIELD_LABELS["nps_promoters"], **count),
        "nps_passives": st.column_config.NumberColumn(FIELD_LABELS["nps_passives"], **count),
        "nps_detractors": st.column_config.NumberColumn(FIELD_LABELS["nps_detractors"], **count),
        "nps_score_manual": st.column_config.NumberColumn(
            FIELD_LABELS["nps_score_manual"], min_value=-100, max_value=100, step=1, format="%d"
        ),
    }
    table_editor("nps", ECONOMICS, columns, dynamic=False)


def _recommendation(gm: GroupMetrics) -> str:
    """'+18, give or take 49 (a rough guide)', '+30 (an estimate)', blank when not known."""
    if gm.nps is None:
        return ""
    nps = gm.nps
    return recommendation(nps.score, nps.margin, nps.is_indicative, nps.is_estimate)


def _times(ratio: float | None) -> str:
    """A ratio as plain words: '73 times', '2.5 times'; blank when there is none."""
    if ratio is None:
        return ""
    return f"{ratio:,.0f} times" if abs(ratio) >= 10 else f"{ratio:.1f} times"


def _in_kind_cell(canvas: Canvas, gm: GroupMetrics, column: str) -> dict[str, str]:
    """One of the two in-kind columns, on canvases that show them (blank for cash groups)."""
    if not shows_in_kind(canvas):
        return {}
    figure = gm.in_kind_net_per_customer if column == IN_KIND_NET else gm.in_kind_clv
    return {column: "" if figure is None else money(figure, canvas.currency)}


def _worth_row(
    canvas: Canvas, words: Wording, group: CustomerGroup, gm: GroupMetrics, pl: Placement
) -> dict[str, str]:
    cur = canvas.currency
    return {
        "Group": group.name,
        f"{words.margin.capitalize()} a year": money(gm.margin_per_customer, cur),
        **_in_kind_cell(canvas, gm, IN_KIND_NET),
        "Lifetime value": money(gm.clv, cur),
        **_in_kind_cell(canvas, gm, IN_KIND_CLV),
        "Stays (years)": number(gm.lifetime_years, 1),
        "Future years only": money(gm.clv_future_only, cur),
        "Group value": f"not yet {words.customers}"
        if gm.group_value is None
        else money(gm.group_value, cur),
        term("recommendation_score").name: _recommendation(gm),
        term("value_per_cost_to_win").name: _times(gm.clv_cac),
        "Suggested score": f"{pl.vtb_suggested:g}",
    }


def worth(canvas: Canvas) -> None:
    """What each group is worth, and the portfolio's totals."""
    metrics, placements, _ = session.analysis()
    words, cur = wording(canvas), canvas.currency
    rows = [_worth_row(canvas, words, g, metrics.of(g), placements[g.id]) for g in canvas.groups]
    explained = {
        term(key, canvas).name: st.column_config.TextColumn(help=term(key, canvas).explain)
        for key in ("lifetime_value", "recommendation_score", "value_per_cost_to_win")
    }
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", column_config=explained)
    portfolio = metrics.portfolio
    cols = st.columns(4)
    cols[0].metric(words.customers.capitalize(), f"{portfolio.customers:,}")
    cols[1].metric(f"Annual {words.margin}", money(portfolio.annual_margin, cur))
    cols[2].metric("Average lifetime value", money(portfolio.average_clv, cur))
    cols[3].metric("Value of all groups", money(portfolio.portfolio_value, cur))
    if portfolio.in_kind_value:
        st.info(
            f"Time and gifts in kind: about {money(portfolio.in_kind_value, cur)} a year from "
            f"today's {words.customers}, shown on its own and never added to cash."
        )
    st.caption(
        f"Lifetime value from today = this year's {words.margin} plus the years after, "
        "discounted. 'Future years only' leaves out this year."
        + (IN_KIND_NOTE if shows_in_kind(canvas) else "")
    )


def suggestion(group: CustomerGroup) -> None:
    metrics, placements, _ = session.analysis()
    basis = (
        "lifetime value in kind" if metrics.of(group).value_basis == "in_kind" else "lifetime value"
    )
    st.caption(
        f"The numbers suggest {placements[group.id].vtb_suggested:g} of 5 ({basis} against "
        "your average, plus half a point up or down for how strongly they recommend you)."
    )


def score(group: CustomerGroup) -> None:
    score_picker(group, "value_to_business_score", SCORE_LABEL)


def override_reason(group: CustomerGroup) -> None:
    group_field(
        st.text_input,
        f"{FIELD_LABELS['vtb_override_reason']}, if you differ from the suggestion by a point or more",
        group,
        "vtb_override_reason",
    )


def your_score(group: CustomerGroup) -> None:
    """The suggestion from the numbers, the owner's own score, and why it differs."""
    suggestion(group)
    left, right = st.columns(2)
    with left:
        score(group)
    with right:
        override_reason(group)
    retention_helper(group)


def retention_helper(group: CustomerGroup) -> None:
    with st.expander("Help me estimate retention"):
        st.write(
            "Think of 10 customers in this group from a year ago. How many still buy from you?"
        )
        field_input(
            st.number_input,
            "Still buying, out of 10",
            f"retention-helper-{group.id}",
            round(group.retention_pct / 10),
            lambda c, v: with_group_changes(c, group.id, retention_pct=min(v * 10, 99)),
            min_value=0,
            max_value=10,
            step=1,
        )


PICTURES = {
    "clv": "Lifetime value",
    "pareto": "Where the margin comes from",
    "nps": term("recommendation_score").name,
}


def pictures() -> None:
    """One picture at a time (only the one shown is drawn)."""
    chosen = st.segmented_control(
        "Picture", list(PICTURES), default="clv", format_func=PICTURES.get, key="vtb-picture",
        label_visibility="collapsed",
    )  # fmt: skip
    show_chart(chosen or "clv")


def present(canvas: Canvas, group: CustomerGroup | None) -> None:
    """One group's headline figures, the two figures most worth discussing, and the score."""
    if group is None:
        return
    metrics, _, _ = session.analysis()
    group_heading(canvas, group)
    gm, words = metrics.of(group), wording(canvas)
    left, right = st.columns([5, 4])
    with left:
        cols = st.columns(3)
        if gm.value_basis == "in_kind":
            cols[0].metric(
                f"{IN_KIND_NET} per {words.customer}",
                money(gm.in_kind_net_per_customer, canvas.currency),
            )
            cols[1].metric(IN_KIND_CLV, money(gm.in_kind_clv, canvas.currency))
        else:
            cols[0].metric(
                f"{words.margin.capitalize()} per {words.customer} a year",
                money(gm.margin_per_customer, canvas.currency),
            )
            cols[1].metric("Lifetime value", money(gm.clv, canvas.currency))
        cols[2].metric(
            term("recommendation_score").name,
            _recommendation(gm) or "not known yet",
            help=term_help("recommendation_score"),
        )
        numbers = st.columns(2)
        with numbers[0]:
            _percent_input(group, RETENTION_LABEL, "retention_pct", 0.0, 99.0, RETENTION_HELP)
        with numbers[1]:
            label = f"{words.margin.capitalize()} %"
            low, high = MARGIN_PCT_RANGE
            _percent_input(
                group, label, "contribution_margin_pct", float(low), float(high), MARGIN_HELP
            )
        score(group)
        suggestion(group)
    with right:
        present_chart("clv", group)


def _percent_input(
    group: CustomerGroup, label: str, field: str, low: float, high: float, help: str
) -> None:
    group_field(
        st.number_input,
        label,
        group,
        field,
        min_value=low,
        max_value=high,
        step=1.0,
        format=PERCENT_INPUT,
        help=help,
    )
