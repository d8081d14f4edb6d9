"""Step 1: the business goal, what the business stands for, and the canvas's settings."""

from __future__ import annotations

import streamlit as st

from canvas.core.editing import split_list, with_changes
from canvas.core.labels import BUSINESS_TYPES, FIELD_LABELS
from canvas.core.model import Canvas, CustomerGroup
from ui.widgets import PERCENT_INPUT, canvas_choice, canvas_field, field_input, list_help

HORIZONS = {months: f"{months} months" for months in (12, 24, 36)}


def business_name(canvas: Canvas) -> None:
    canvas_field(st.text_input, "Business name", canvas, "business_name")


def business_goal(canvas: Canvas) -> None:
    canvas_field(
        st.text_area,
        f"{FIELD_LABELS['business_goal']}: in 12 to 24 months, what must be true for the business?",
        canvas,
        "business_goal",
        placeholder="e.g. Lift profit 15% without longer hours",
    )


def why_statement(canvas: Canvas, *, label_visibility: str = "visible") -> None:
    """What the business stands for: drafted here, sharpened on the propositions step."""
    canvas_field(
        st.text_area,
        "What you stand for: the difference you want to make for the people you serve",
        canvas,
        "why_statement",
        label_visibility=label_visibility,
        placeholder="What do you believe? What difference do you want to make?",
        help="You can draft this on the goal step and sharpen it on the value propositions step.",
    )


def values(canvas: Canvas) -> None:
    field_input(
        st.text_input,
        "Values (up to 5, separated by commas)",
        "values",
        ", ".join(canvas.values),
        lambda c, v: with_changes(c, values=split_list(v)),
        placeholder="e.g. craft, warmth, local",
        help=list_help(Canvas, "values"),
    )


def settings(canvas: Canvas) -> None:
    """Type of business, currency, horizon, and how lifetime value is calculated."""
    canvas_choice(
        st.selectbox,
        "Type of business",
        canvas,
        "business_type",
        BUSINESS_TYPES,
        help="Nonprofits see 'supporters' and 'net contribution' instead of customers and margin.",
    )
    field_input(
        st.text_input,
        "Currency (three letters)",
        "currency",
        canvas.currency,
        lambda c, v: with_changes(c, currency=v.upper()),
        max_chars=3,  # the model asks for three capital letters (a pattern, not a max_length)
    )
    canvas_choice(
        st.radio, "Strategy horizon", canvas, "strategy_horizon_months", HORIZONS, horizontal=True
    )
    with st.expander("Advanced: how lifetime value is calculated"):
        lifetime_value_settings(canvas)


def lifetime_value_settings(canvas: Canvas) -> None:
    canvas_field(
        st.number_input,
        "Discount rate % a year",
        canvas,
        "discount_rate_pct",
        min_value=0.0,
        max_value=30.0,
        step=0.5,
        format=PERCENT_INPUT,
        help="Money next year is worth a little less than money today. 10% is a common choice.",
    )
    canvas_field(
        st.number_input,
        "Only count the next N years (blank = the whole relationship)",
        canvas,
        "clv_horizon_years",
        min_value=1,
        max_value=20,
        step=1,
    )


def present(canvas: Canvas, group: CustomerGroup | None) -> None:
    business_goal(canvas)
    why_statement(canvas)
