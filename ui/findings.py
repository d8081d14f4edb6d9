"""A step's open findings (the expert checks) on the step itself, in the checks' own words, the
same as the summary's open points.

They sit in one folded line at the top of the step, or just under the group picker on steps worked
group by group (the group in focus first, the other groups a click away). Folded, the line keeps
one height whatever it holds, so nothing the person is editing below it moves when findings come
and go as they type; its label says how many things there are to fix or check."""

from __future__ import annotations

from collections import Counter

import streamlit as st

from canvas.core.checks import Finding, Severity
from canvas.core.labels import group_label
from canvas.core.model import Canvas, CustomerGroup
from canvas.core.progress import STATE_ICONS, STEP_BY_SLUG, StepState
from ui import session
from ui.text import md

GROUP_BY_GROUP = {"value-to-customer", "intent", "propositions"}  # steps drawn for one group
NOTHING = "✓ The expert checks find nothing to fix or check on this step"


def of_step(slug: str) -> list[Finding]:
    code = STEP_BY_SLUG[slug].code
    _, _, findings = session.analysis()
    return [f for f in findings if f.step == code]


def counts(findings: list[Finding]) -> str:
    """ "1 to fix, 2 to check" (most urgent first), or "" when there is nothing."""
    by = Counter(f.severity for f in findings)
    words = {Severity.error: "to fix", Severity.warning: "to check", Severity.note: "idea"}
    parts = [
        f"{by[s]} {words[s]}" + ("s" if s == Severity.note and by[s] > 1 else "")
        for s in Severity
        if by[s]
    ]
    return ", ".join(parts)


def _mark(findings: list[Finding]) -> str:
    """The stepper's mark for what was found: ✖ something to fix, ▲ something to check."""
    severities = {f.severity for f in findings}
    if Severity.error in severities:
        return f"{STATE_ICONS[StepState.errors]} "
    return f"{STATE_ICONS[StepState.warnings]} " if Severity.warning in severities else ""


def _line(finding: Finding) -> str:
    return f"- **{finding.severity.words}:** {md(finding.message)}"


def box(canvas: Canvas, slug: str, focused: CustomerGroup | None = None) -> None:
    """The step's findings in one folded line; with `focused`, that group's first."""
    findings = of_step(slug)
    label = f"{_mark(findings)}On this step: {counts(findings)}" if findings else NOTHING
    with st.expander(label, expanded=False):
        if not findings:
            st.caption("Each step is checked as you work; anything worth a second look shows here.")
        mine = [f for f in findings if focused is not None and f.group == focused.id]
        if mine:
            st.markdown(f"**{md(group_label(focused.name))}**")
            st.markdown("\n".join(_line(f) for f in mine))
        others = [f for f in findings if f not in mine]
        if focused is None:
            st.markdown("\n".join(_line(f) for f in others))
        else:
            _other_groups(canvas, others, slug)


def _other_groups(canvas: Canvas, findings: list[Finding], slug: str) -> None:
    """The findings about no group in full; the other groups named, each a click away."""
    general = [f for f in findings if f.group is None]
    if general:
        st.markdown("\n".join(_line(f) for f in general))
    names = {g.id: group_label(g.name) for g in canvas.groups}
    per_group = Counter(f.group for f in findings if f.group in names)
    if per_group:
        st.caption("Other groups: open one to see its notes.")
    for group_id, number in per_group.items():
        st.button(
            f"{names[group_id]}: {number} note{'s' if number > 1 else ''}",
            key=f"findings-{slug}-{group_id}",
            on_click=session.set_focus,
            args=(group_id,),
        )
