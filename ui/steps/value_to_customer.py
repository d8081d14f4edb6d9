"""Step 3: the value each group gets from you: jobs, pains, gains, and a score with evidence."""

from __future__ import annotations

from typing import Any

import streamlit as st

from canvas.core import editing
from canvas.core.editing import split_list, with_group_changes
from canvas.core.labels import FIELD_LABELS, JOB_KINDS
from canvas.core.limits import max_length
from canvas.core.model import Canvas, CustomerGroup, Gain, GainCreator, Job, Pain, PainReliever
from ui.charts import present_chart
from ui.groups import group_heading, score_picker
from ui.text import md
from ui.widgets import (
    choice_column,
    field_input,
    group_field,
    list_help,
    table_editor,
    text_column,
)

SCORE_ANCHORS = {
    1.0: "They could easily do without us; we're interchangeable.",
    2.0: "We do the job, but they're often frustrated or indifferent.",
    3.0: "We do their main job about as well as the alternatives.",
    4.0: "We do an important job better than others; they'd look for us if we moved.",
    5.0: "We're their clear first choice for something that matters; they'd tell others.",
}
SCORE_LABEL = f"{FIELD_LABELS['value_to_customer_score']} (1 = low, 5 = high)"
RANK = st.column_config.NumberColumn(min_value=1, max_value=5, step=1, format="%d", width="small")


def _items_table(group: CustomerGroup, field: str, columns: dict[str, Any]) -> None:
    table_editor(f"{field}-{group.id}", editing.items_table(group.id, field), columns)


def _text_column(label: str, model: type, width: str = "medium", **more: Any) -> Any:
    return text_column(label, max_length(model, "text"), width=width, **more)


def _link_column(group: CustomerGroup, field: str, label: str) -> Any:
    items = {i.id: i.text for i in getattr(group, field)}
    return choice_column(label, items, width="medium")


def jobs_table(group: CustomerGroup) -> None:
    st.markdown(f"#### What '{md(group.name or 'this group')}' are trying to get done")
    _items_table(
        group,
        "jobs",
        {
            "text": _text_column("Job", Job, "large", required=True),
            "kind": choice_column(FIELD_LABELS["kind"], JOB_KINDS),
            "importance": RANK | {"label": "Importance (1–5)"},
        },
    )


def _ranked_table(
    group: CustomerGroup, field: str, model: type, rank: str, rank_label: str
) -> None:
    """Pains or gains: a text and a 1–5 rank per row."""
    _items_table(
        group,
        field,
        {
            "text": _text_column(model.__name__, model, required=True),
            rank: RANK | {"label": rank_label},
        },
    )


def pains_table(group: CustomerGroup) -> None:
    st.markdown(f"#### {FIELD_LABELS['pains']}: what gets in their way")
    _ranked_table(group, "pains", Pain, "severity", "How bad (1–5)")


def gains_table(group: CustomerGroup) -> None:
    st.markdown(f"#### {FIELD_LABELS['gains']}: what they hope for")
    _ranked_table(group, "gains", Gain, "importance", "How much (1–5)")


def offer(group: CustomerGroup) -> None:
    """What you offer the group, and what relieves its pains and creates its gains (optional)."""
    with st.expander(
        "What you offer them, and what relieves their pains (optional)",
        expanded=bool(group.pain_relievers),
    ):
        field_input(
            st.text_input,
            "Products and services for this group (commas)",
            f"products-{group.id}",
            ", ".join(group.products_services),
            lambda c, v: with_group_changes(c, group.id, products_services=split_list(v)),
            help=list_help(CustomerGroup, "products_services"),
        )
        relievers, creators = st.columns(2)
        with relievers:
            _answers_table(group, "pain_relievers", PainReliever, "pains", "Relieves")
        with creators:
            _answers_table(group, "gain_creators", GainCreator, "gains", "Creates")


def _answers_table(
    group: CustomerGroup, field: str, model: type, answers: str, link_label: str
) -> None:
    """Pain relievers or gain creators: what you offer, and which pains or gains it answers."""
    link_field = f"{answers[:-1]}_ids"  # pains -> pain_ids, gains -> gain_ids
    _items_table(
        group,
        field,
        {
            "text": _text_column(FIELD_LABELS[field], model),
            link_field: _link_column(group, answers, link_label),
        },
    )


def score(group: CustomerGroup) -> None:
    """The 1–5 score, with what the chosen score means."""
    score_picker(group, "value_to_customer_score", SCORE_LABEL)
    shown = group.value_to_customer_score
    if shown is None:
        st.caption("Not scored yet: pick a score.")
    else:
        st.caption(SCORE_ANCHORS.get(float(int(shown)), ""))


def evidence(group: CustomerGroup) -> None:
    group_field(
        st.text_area,
        "Evidence: what do they say and do that shows it?",
        group,
        "value_to_customer_evidence",
        height=100,
    )


def score_and_evidence(group: CustomerGroup) -> None:
    st.markdown("#### How much value do they get from you?")
    left, right = st.columns(2)
    with left:
        score(group)
    with right:
        evidence(group)


def _bullets(title: str, texts: list[str]) -> str:
    return f"**{title}**\n" + ("\n".join(f"- {md(t)}" for t in texts) or "\n- none yet")


def present(canvas: Canvas, group: CustomerGroup | None) -> None:
    """The group's jobs, pains and gains to read aloud, and its score to decide together."""
    if group is None:
        return
    group_heading(canvas, group)
    left, right = st.columns(2)
    with left:
        st.markdown(_bullets("Jobs", [j.text for j in group.jobs]))
        st.markdown(_bullets("Pains", [p.text for p in group.pains]))
        st.markdown(_bullets("Gains", [g.text for g in group.gains]))
    with right:
        score(group)
        present_chart("value_to_customer", group, total_height=350)
