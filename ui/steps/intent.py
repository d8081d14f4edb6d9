"""Step 6: an intent per group (one or two), expected results with numbers and dates, target mix."""

from __future__ import annotations

from typing import Any

import streamlit as st

from canvas.core import editing
from canvas.core.editing import (
    TARGETS,
    intent_blocked_reason,
    set_intents,
    suggest_targets,
    update_intent,
    with_changes,
    write_targets,
)
from canvas.core.labels import (
    FIELD_LABELS,
    INTENTS,
    RESULT_COMPARISONS,
    money,
    objectives,
    percent,
    result_metrics,
    term_help,
    wording,
)
from canvas.core.limits import max_length
from canvas.core.model import (
    Canvas,
    CustomerGroup,
    ExpectedResult,
    Intent,
    IntentType,
    ResultComparison,
)
from canvas.core.strategy import result_text
from canvas.core.thresholds import adds_up_to_100
from ui import session
from ui.charts import present_chart
from ui.frame import show_error
from ui.groups import group_heading
from ui.text import md
from ui.widgets import PERCENT_CELL, choice_column, field_input, table_editor, text_column


def intent_choices(group: CustomerGroup, per_row: int = 4) -> None:
    """One checkbox per intent; a third, or one that contradicts the first, is disabled."""
    st.markdown(f"**{FIELD_LABELS['intents']}**: choose one or two.")
    rows = [st.columns(per_row) for _ in range(0, len(IntentType), per_row)]
    columns = [column for row in rows for column in row]
    for column, option in zip(columns, IntentType, strict=True):
        key = session.widget_key(f"intent-{group.id}-{option.value}")
        reason = intent_blocked_reason(group, option)

        def toggle(option: IntentType = option, key: str = key) -> None:
            chosen = [i.type.value for i in session.current().group(group.id).intents]
            if st.session_state[key]:
                chosen.append(option.value)
            else:
                chosen.remove(option.value)
            session.apply(lambda c: set_intents(c, group.id, chosen), f"intents-{group.id}")

        column.checkbox(
            INTENTS[option],
            value=option in group.intent_types,
            key=key,
            on_change=toggle,
            disabled=reason is not None,
            help=reason or term_help(f"intent:{option.value}", session.current()),
        )
    show_error(f"intents-{group.id}")


def results_table(canvas: Canvas, group: CustomerGroup, intent_type: str) -> None:
    table_editor(
        f"results-{group.id}-{intent_type}",
        editing.results_table(group.id, intent_type, canvas.strategy_horizon_months),
        {
            "metric": choice_column(
                "Measure",
                result_metrics(canvas),
                required=True,
                default="customer_count",
                width="medium",
            ),
            "custom_label": text_column(
                "Name (if something else)", max_length(ExpectedResult, "custom_label")
            ),
            "unit": text_column("Unit", max_length(ExpectedResult, "unit"), width="small"),
            "baseline": st.column_config.NumberColumn(
                "Now", format="%g", help="Left blank, it is filled with today's figure."
            ),
            "target": st.column_config.NumberColumn("Target", format="%g"),
            "due_in_months": st.column_config.NumberColumn(
                "Due in months", min_value=1, max_value=36, step=1, format="%d"
            ),
            "due_by": st.column_config.DateColumn(
                "Or due by",
                format="D MMM YYYY",
                help="A date instead of months, such as the end of next year. It wins over months.",
            ),
            "comparison": choice_column(
                "Target is",
                RESULT_COMPARISONS,
                default=ResultComparison.reach.value,
                help="A number to reach, or a ceiling or floor to stay within "
                "('grants at most 35% of income').",
            ),
        },
    )


def intent_details(canvas: Canvas, group: CustomerGroup, intent: Intent) -> None:
    """How (objectives), why, and the expected results of one chosen intent."""
    kind = intent.type.value
    with st.container(border=True):
        st.markdown(f"**{INTENTS[intent.type]}** · {wording(canvas).intent_help[intent.type]}")
        field_input(
            st.multiselect,
            "How: objectives",
            f"objectives-{group.id}-{kind}",
            [o.value for o in intent.objectives],
            lambda c, v: update_intent(c, group.id, kind, objectives=v),
            value_name="default",
            options=list(objectives(canvas)),
            format_func=objectives(canvas).get,
            help=f"'Win new {wording(canvas).customers}', 'referrals' or 'win back' make a grow intent a growth in share.",
        )
        field_input(
            st.text_input,
            "Why this intent?",
            f"rationale-{group.id}-{kind}",
            intent.rationale,
            lambda c, v: update_intent(c, group.id, kind, rationale=v),
            limit=max_length(Intent, "rationale"),
        )
        st.caption(
            f"{FIELD_LABELS['expected_results']}: what will you see when it works? Up to three, each with a number and a date. "
            "The last column, 'Target is', turns a target into a ceiling or a floor: scroll the "
            "table sideways to reach it."
        )
        results_table(canvas, group, kind)


def group_intents(canvas: Canvas, group: CustomerGroup) -> None:
    metrics, _, _ = session.analysis()
    share = metrics.of(group).share_now_pct
    st.caption(f"Today {percent(share)} of your {wording(canvas).customers}.")
    intent_choices(group)
    order = list(IntentType)
    for intent in sorted(group.intents, key=lambda i: order.index(i.type)):
        intent_details(canvas, group, intent)


def _target_counts(canvas: Canvas) -> dict[str, Any]:
    """With a target number of customers, each target can be typed as a number too."""
    if canvas.target_total_customers is None:
        return {}
    words = wording(canvas)
    return {
        "target_count": st.column_config.NumberColumn(
            f"Target {words.customers}",
            min_value=0,
            max_value=canvas.target_total_customers,
            step=1,
            format="%d",
            help=f"Type a number of {words.customers} instead of a share: small groups stay exact "
            f"(14 of {canvas.target_total_customers:,} is 14, not a rounded share).",
        )
    }


def targets_table(canvas: Canvas) -> None:
    """Target share per group, its total, and a suggestion from the intents."""
    table_editor(
        "targets",
        TARGETS,
        {
            "name": st.column_config.TextColumn("Group", disabled=True, width="medium"),
            "share_now_pct": st.column_config.NumberColumn(
                "Share now", disabled=True, format=PERCENT_CELL
            ),
            "target_share_pct": st.column_config.NumberColumn(
                FIELD_LABELS["target_share_pct"],
                min_value=0.0,
                max_value=100.0,
                step=0.1,
                format=PERCENT_CELL,
            ),
            **_target_counts(canvas),
        },
        dynamic=False,
    )
    total = sum(g.target_share_pct or 0 for g in canvas.groups)
    (st.success if adds_up_to_100(total) else st.warning)(f"Targets add up to {percent(total)}.")
    if st.button("Suggest targets from the intents", disabled=not canvas.groups):
        metrics, _, _ = session.analysis()
        share_now = {g.id: metrics.of(g).share_now_pct for g in canvas.groups}
        suggestion = suggest_targets(canvas, share_now)
        rows = [{"id": k, "target_share_pct": v} for k, v in suggestion.items()]
        session.apply(lambda c: write_targets(c, rows), "targets")
        st.rerun()


def mix_effect(canvas: Canvas) -> None:
    """What the target mix alone does to the average margin, and the projected total."""
    metrics, _, _ = session.analysis()
    words, portfolio = wording(canvas), metrics.portfolio
    if portfolio.mix_margin_target is not None and portfolio.mix_margin_now is not None:
        change = portfolio.mix_effect_pct
        st.metric(
            f"Average {words.margin} per {words.customer} a year",
            money(portfolio.mix_margin_target, canvas.currency),
            delta=None
            if change is None
            else f"{change:+.1f}% from {money(portfolio.mix_margin_now, canvas.currency)}",
        )
        st.caption(
            "The mix effect alone, at today's figures per customer, before any gain from the changes you plan."
        )
    field_input(
        st.number_input,
        f"Target number of {words.customers} (optional)",
        "target-total",
        canvas.target_total_customers,
        lambda c, v: with_changes(c, target_total_customers=v),
        min_value=0,
        step=1,
    )
    if portfolio.projected_annual_margin is not None:
        st.metric(
            f"Projected annual {words.margin}",
            money(portfolio.projected_annual_margin, canvas.currency),
        )


def present(canvas: Canvas, group: CustomerGroup | None) -> None:
    """The intents of the group in focus, its expected results, and the target mix."""
    if group is None:
        return
    group_heading(canvas, group)
    left, right = st.columns([2, 3])
    with left:
        intent_choices(group, per_row=2)
        results = [result_text(r, canvas) for i in group.intents for r in i.expected_results]
        if results:
            st.markdown("**Expected results**\n" + "\n".join(f"- {md(r)}" for r in results))
    with right:
        present_chart("target_mix", group)
