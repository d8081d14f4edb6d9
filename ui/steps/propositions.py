"""Step 7: value propositions on two levels: why (what you stand for) and what (the offer)."""

from __future__ import annotations

import streamlit as st

from canvas.core.editing import split_list, with_group_changes
from canvas.core.labels import FIELD_LABELS, term, term_help
from canvas.core.limits import max_length
from canvas.core.metrics import proposition_fit
from canvas.core.model import Canvas, CustomerGroup, ValueProposition
from ui import session
from ui.cards import group_cards, label_and_text
from ui.groups import group_heading
from ui.widgets import field_input, list_help

WHY_LABEL = f"{FIELD_LABELS['why_for_group']}: what you believe that they care about too"
WHAT_LABEL = f"{FIELD_LABELS['what']}: the products or services that make it real for them"


def _change(group: CustomerGroup, part: str):
    prop = group.proposition
    return lambda c, v: with_group_changes(c, group.id, proposition=prop.model_dump() | {part: v})


def why_and_what(group: CustomerGroup) -> None:
    """The two levels of the group's proposition side by side: why (values) and what (the offer)."""
    prop = group.proposition
    why, what = st.columns(2)
    with why:
        field_input(
            st.text_area, WHY_LABEL, f"why-{group.id}", prop.why_for_group,
            _change(group, "why_for_group"), limit=max_length(ValueProposition, "why_for_group"),
            height=90,
        )  # fmt: skip
    with what:
        field_input(
            st.text_area, WHAT_LABEL, f"what-{group.id}", prop.what,
            _change(group, "what"), limit=max_length(ValueProposition, "what"), height=90,
        )  # fmt: skip


def _items(group: CustomerGroup) -> dict[str, str]:
    kinds = (("Job", group.jobs), ("Pain", group.pains), ("Gain", group.gains))
    return {i.id: f"{kind}: {i.text}" for kind, items in kinds for i in items}


def fit_text(group: CustomerGroup) -> str:
    fit = proposition_fit(group)
    if fit is None:
        return ""
    return (
        f"{term('fit').name}: the offer answers {fit[0]} of the {fit[1]} most important needs "
        "(the top job, pain and gain)."
    )


def fit_words(fit: tuple[int, int]) -> str:
    """'2 of 3': the one way the app counts how well an offer fits a group's top needs."""
    return f"{fit[0]} of {fit[1]}"


def addresses_and_proof(group: CustomerGroup) -> None:
    """Which jobs, pains and gains the offer addresses, and what proves it."""
    prop = group.proposition
    items = _items(group)
    if items:
        field_input(
            st.multiselect,
            "What it addresses",
            f"addresses-{group.id}",
            [a for a in prop.addresses if a in items],
            _change(group, "addresses"),
            value_name="default",
            options=list(items),
            format_func=items.get,
        )
        fit = fit_text(group)
        if fit:
            st.caption(fit, help=term_help("fit"))
    field_input(
        st.text_input,
        "Proof points (up to 3, separated by commas)",
        f"proof-{group.id}",
        ", ".join(prop.proof_points),
        lambda c, v: with_group_changes(
            c, group.id, proposition=prop.model_dump() | {"proof_points": split_list(v)}
        ),
        placeholder="Reviews, numbers, guarantees",
        help=list_help(ValueProposition, "proof_points"),
    )


def group_proposition(group: CustomerGroup) -> None:
    if group.is_retired:
        st.caption(
            "You plan to retire this group, so a proposition is optional. A kind, clear message about the change still helps."
        )
    why_and_what(group)
    addresses_and_proof(group)


def overview(canvas: Canvas, focus: CustomerGroup) -> None:
    """Every group's proposition as a card, to read them against each other; a card's button
    puts its group in focus, in the form above."""
    for group in group_cards(canvas):
        prop = group.proposition
        label_and_text(FIELD_LABELS["why_for_group"], prop.why_for_group)
        label_and_text(FIELD_LABELS["what"], prop.what)
        if prop.proof_points:
            label_and_text("Proof", ", ".join(prop.proof_points))
        fit = proposition_fit(group)
        if fit is not None:
            st.caption(f"{term('fit').name}: {fit_words(fit)}", help=term_help("fit"))
        if group.id == focus.id:
            st.caption("In the form above")
        else:
            st.button(
                "Edit this one",
                key=f"edit-proposition-{group.id}",
                on_click=session.set_focus,
                args=(group.id,),
            )


def present(canvas: Canvas, group: CustomerGroup | None) -> None:
    if group is None:
        return
    group_heading(canvas, group)
    why_and_what(group)
