"""Step 1: the business goal and what the business stands for."""

import streamlit as st

from canvas.core.editing import split_list, with_changes
from canvas.core.labels import BUSINESS_TYPES
from canvas.core.limits import max_length
from canvas.core.model import Canvas
from ui.frame import frame, step_footer
from ui.widgets import field_input

canvas = frame("goal")

left, right = st.columns([2, 1])
with left:
    field_input(
        st.text_input,
        "Business name",
        "business_name",
        canvas.business_name,
        lambda c, v: with_changes(c, business_name=v),
        max_chars=max_length(Canvas, "business_name"),
    )
    field_input(
        st.text_area,
        "Business goal: in 12 to 24 months, what must be true for the business?",
        "business_goal",
        canvas.business_goal,
        lambda c, v: with_changes(c, business_goal=v),
        max_chars=max_length(Canvas, "business_goal"),
        placeholder="e.g. Lift profit 15% without longer hours",
    )
    field_input(
        st.text_area,
        "What you stand for: the difference you want to make for the people you serve",
        "why_statement",
        canvas.why_statement,
        lambda c, v: with_changes(c, why_statement=v),
        max_chars=max_length(Canvas, "why_statement"),
        help="You can draft this now and sharpen it on the value propositions step.",
    )
    field_input(
        st.text_input,
        "Values (up to 5, separated by commas)",
        "values",
        ", ".join(canvas.values),
        lambda c, v: with_changes(c, values=split_list(v)),
        placeholder="e.g. craft, warmth, local",
    )
with right:
    types = list(BUSINESS_TYPES)
    field_input(
        st.selectbox,
        "Type of business",
        "business_type",
        None,
        lambda c, v: with_changes(c, business_type=v),
        value_name="",
        options=types,
        index=types.index(canvas.business_type),
        format_func=BUSINESS_TYPES.get,
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
    horizons = [12, 24, 36]
    field_input(
        st.radio,
        "Strategy horizon",
        "horizon",
        None,
        lambda c, v: with_changes(c, strategy_horizon_months=v),
        value_name="",
        options=horizons,
        index=horizons.index(canvas.strategy_horizon_months),
        format_func=lambda m: f"{m} months",
        horizontal=True,
    )
    with st.expander("Advanced: how lifetime value is calculated"):
        field_input(
            st.number_input,
            "Discount rate % a year",
            "discount",
            canvas.discount_rate_pct,
            lambda c, v: with_changes(c, discount_rate_pct=v),
            min_value=0.0,
            max_value=30.0,
            step=0.5,
            help="Money next year is worth a little less than money today. 10% is a common choice.",
        )
        field_input(
            st.number_input,
            "Only count the next N years (blank = the whole relationship)",
            "clv_horizon",
            canvas.clv_horizon_years,
            lambda c, v: with_changes(c, clv_horizon_years=v),
            min_value=1,
            max_value=20,
            step=1,
        )

step_footer("goal")
