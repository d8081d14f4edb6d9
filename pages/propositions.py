"""Step 7: value propositions on two levels: why (what you stand for) and what (the offer)."""

import streamlit as st

from canvas.core.editing import split_list, with_changes, with_group_changes
from canvas.core.labels import group_label
from canvas.core.limits import max_length
from canvas.core.model import Canvas, CustomerGroup
from ui.frame import frame, step_footer
from ui.groups import proposition_inputs
from ui.text import md
from ui.widgets import field_input

canvas = frame("propositions")

st.markdown("**What you stand for** (level 1, shared by every group)")
field_input(
    st.text_area,
    "What you stand for",
    "why_statement",
    canvas.why_statement,
    lambda c, v: with_changes(c, why_statement=v),
    max_chars=max_length(Canvas, "why_statement"),
    label_visibility="collapsed",
    placeholder="What do you believe? What difference do you want to make?",
)


def proposition_fields(group: CustomerGroup) -> None:
    prop = group.proposition
    proposition_inputs(
        group,
        "Why: what you believe that they care about too",
        "What: the products or services that make it real for them",
    )
    items = {
        i.id: f"{kind}: {i.text}"
        for kind, items in (("Job", group.jobs), ("Pain", group.pains), ("Gain", group.gains))
        for i in items
    }
    if items:
        field_input(
            st.multiselect,
            "What it addresses",
            f"addresses-{group.id}",
            [a for a in prop.addresses if a in items],
            lambda c, v: with_group_changes(
                c, group.id, proposition=prop.model_dump() | {"addresses": v}
            ),
            value_name="default",
            options=list(items),
            format_func=items.get,
        )
        fit = fit_text(group)
        if fit:
            st.caption(fit)
    field_input(
        st.text_input,
        "Proof points (up to 3, separated by commas)",
        f"proof-{group.id}",
        ", ".join(prop.proof_points),
        lambda c, v: with_group_changes(
            c, group.id, proposition=prop.model_dump() | {"proof_points": split_list(v, 3)}
        ),
        placeholder="Reviews, numbers, guarantees",
    )


def fit_text(group: CustomerGroup) -> str:
    top = [x for x in (group.top_job(), group.top_pain(), group.top_gain()) if x is not None]
    if not top:
        return ""
    covered = sum(1 for x in top if x.id in group.proposition.addresses)
    return f"Fit: addresses {covered} of the {len(top)} most important jobs, pains and gains."


if not canvas.groups:
    st.info("Add your customer groups first.")
for group in canvas.groups:
    with st.container(border=True):
        st.markdown(f"#### {md(group_label(group.name))}")
        if group.is_retired:
            st.caption(
                "You plan to retire this group, so a proposition is optional. A kind, clear message about the change still helps."
            )
        proposition_fields(group)

step_footer("propositions")
