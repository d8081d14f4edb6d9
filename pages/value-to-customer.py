"""Step 3: the value each group gets from you: jobs, pains, gains, and a score with evidence."""

import streamlit as st

from canvas.core import editing
from canvas.core.editing import split_list, with_group_changes
from canvas.core.labels import JOB_KINDS
from canvas.core.limits import max_length
from canvas.core.model import CustomerGroup, Gain, GainCreator, Job, Pain, PainReliever
from ui.charts import show_chart
from ui.frame import frame, step_footer
from ui.groups import pick_group, score_picker
from ui.text import md
from ui.widgets import field_input, table_editor

SCORE_ANCHORS = {
    1.0: "They could easily do without us; we're interchangeable.",
    2.0: "We do the job, but they're often frustrated or indifferent.",
    3.0: "We do their main job about as well as the alternatives.",
    4.0: "We do an important job better than others; they'd look for us if we moved.",
    5.0: "We're their clear first choice for something that matters; they'd tell others.",
}
RANK = st.column_config.NumberColumn(min_value=1, max_value=5, step=1, format="%d", width="small")


def items_table(group: CustomerGroup, field: str, columns: dict) -> None:
    table_editor(f"{field}-{group.id}", editing.items_table(group.id, field), columns)


def link_column(group: CustomerGroup, field: str, label: str) -> st.column_config.Column:
    items = {i.id: i.text for i in getattr(group, field)}
    return st.column_config.SelectboxColumn(
        label, options=list(items), format_func=items.get, width="medium"
    )


canvas = frame("value-to-customer")
group = pick_group()
if group is not None:
    st.markdown(f"#### What '{md(group.name or 'this group')}' are trying to get done")
    items_table(
        group,
        "jobs",
        {
            "text": st.column_config.TextColumn(
                "Job", max_chars=max_length(Job, "text"), width="large", required=True
            ),
            "kind": st.column_config.SelectboxColumn(
                "Kind", options=list(JOB_KINDS), format_func=JOB_KINDS.get
            ),
            "importance": RANK | {"label": "Importance (1–5)"},
        },
    )
    pains, gains = st.columns(2)
    with pains:
        st.markdown("#### Pains: what gets in their way")
        items_table(
            group,
            "pains",
            {
                "text": st.column_config.TextColumn(
                    "Pain", max_chars=max_length(Pain, "text"), width="medium", required=True
                ),
                "severity": RANK | {"label": "How bad (1–5)"},
            },
        )
    with gains:
        st.markdown("#### Gains: what they hope for")
        items_table(
            group,
            "gains",
            {
                "text": st.column_config.TextColumn(
                    "Gain", max_chars=max_length(Gain, "text"), width="medium", required=True
                ),
                "importance": RANK | {"label": "How much (1–5)"},
            },
        )

    with st.expander(
        "What you offer them, and what relieves their pains (optional)",
        expanded=bool(group.pain_relievers),
    ):
        field_input(
            st.text_input,
            "Products and services for this group (commas)",
            f"products-{group.id}",
            ", ".join(group.products_services),
            lambda c, v: with_group_changes(c, group.id, products_services=split_list(v, 5)),
        )
        relievers, creators = st.columns(2)
        with relievers:
            items_table(
                group,
                "pain_relievers",
                {
                    "text": st.column_config.TextColumn(
                        "Pain reliever", max_chars=max_length(PainReliever, "text"), width="medium"
                    ),
                    "pain_ids": link_column(group, "pains", "Relieves"),
                },
            )
        with creators:
            items_table(
                group,
                "gain_creators",
                {
                    "text": st.column_config.TextColumn(
                        "Gain creator", max_chars=max_length(GainCreator, "text"), width="medium"
                    ),
                    "gain_ids": link_column(group, "gains", "Creates"),
                },
            )

    st.markdown("#### How much value do they get from you?")
    score_col, evidence_col = st.columns([1, 1])
    with score_col:
        score_picker(group, "value_to_customer_score", "Value to the customer (1 = low, 5 = high)")
        shown = group.value_to_customer_score
        if shown is None:
            st.caption("Not scored yet: pick a score.")
        else:
            st.caption(SCORE_ANCHORS.get(float(int(shown)), ""))
    with evidence_col:
        field_input(
            st.text_area,
            "Evidence: what do they say and do that shows it?",
            f"evidence-{group.id}",
            group.value_to_customer_evidence,
            lambda c, v: with_group_changes(c, group.id, value_to_customer_evidence=v),
            max_chars=max_length(CustomerGroup, "value_to_customer_evidence"),
            height=100,
        )

    st.subheader("Value to the customer, group by group")
    show_chart("value_to_customer")

step_footer("value-to-customer")
