"""Step 2: customer groups, by how they buy, spend and recommend; people who aren't customers yet too."""

import streamlit as st

from canvas.core.editing import GROUPS, LIST_JOINER
from canvas.core.labels import GROUP_KINDS, RELATIONSHIPS, wording
from canvas.core.limits import joined_max_length, max_length
from canvas.core.model import CustomerGroup
from ui.charts import show_chart
from ui.frame import frame, step_footer
from ui.widgets import table_editor

canvas = frame("groups")
words = wording(canvas)

st.markdown(
    f"One row per group. Add rows at the bottom of the table; select a row's left edge and press "
    f"Delete to remove it. **{words.customers.capitalize()}** is how many were active in the last "
    "12 months (0 for people who aren't customers yet)."
)
table_editor(
    "groups",
    GROUPS,
    {
        "name": st.column_config.TextColumn(
            "Name", max_chars=max_length(CustomerGroup, "name"), required=True, width="medium"
        ),
        "kind": st.column_config.SelectboxColumn(
            "Kind",
            options=list(GROUP_KINDS),
            format_func=GROUP_KINDS.get,
            required=True,
            default="current",
            width="medium",
        ),
        "customer_count": st.column_config.NumberColumn(
            words.customers.capitalize(),
            min_value=0,
            max_value=100_000_000,
            step=1,
            format="%d",
            default=0,
        ),
        "behaviour": st.column_config.TextColumn(
            "How they buy, spend and recommend",
            max_chars=max_length(CustomerGroup, "behaviour"),
            width="large",
        ),
        "description": st.column_config.TextColumn(
            "Who they are", max_chars=max_length(CustomerGroup, "description"), width="medium"
        ),
        "value_drivers": st.column_config.TextColumn(
            "What they value (up to 3, commas)",
            max_chars=joined_max_length(CustomerGroup, "value_drivers", LIST_JOINER),
        ),
        "relationship_type": st.column_config.SelectboxColumn(
            "Relationship", options=list(RELATIONSHIPS), format_func=RELATIONSHIPS.get
        ),
        "how_identified": st.column_config.TextColumn(
            "How you recognise them", max_chars=max_length(CustomerGroup, "how_identified")
        ),
    },
)

if canvas.groups:
    st.subheader(f"Your {words.customers} today")
    basis = st.segmented_control(
        "Share by",
        ["customers", "annual_margin"],
        default="customers",
        format_func={
            "customers": f"Number of {words.customers}",
            "annual_margin": words.margin.capitalize(),
        }.get,
        key="mix-basis",
    )
    show_chart("portfolio_mix", basis=basis or "customers")

step_footer("groups")
