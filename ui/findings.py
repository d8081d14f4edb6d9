"""A step's open findings (the expert checks) on the step itself, near what they are about.

On steps that work group by group, the group in focus has its findings under the group picker and
the other groups are named at the top, each a click away; elsewhere the step lists them all at the
top. The words are the checks' own, the same as the summary's open points."""

from __future__ import annotations

from collections import Counter

import streamlit as st

from canvas.core.checks import Finding, Severity, has_errors
from canvas.core.labels import group_label
from canvas.core.model import Canvas
from canvas.core.progress import STATE_ICONS, STEP_BY_SLUG, StepState
from ui import session
from ui.text import md

OPEN_UP_TO = 2  # findings listed open at the top of a step; more start folded
GROUP_BY_GROUP = {"value-to-customer", "intent", "propositions"}  # steps drawn for one group
SHOW = {Severity.error: st.error, Severity.warning: st.warning, Severity.note: st.info}


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
    return f"**{finding.severity.words}:** {md(finding.message)}"


def step_box(canvas: Canvas, slug: str) -> None:
    """At the top of a step: what the checks found here (other groups only, on group steps)."""
    findings = of_step(slug)
    if not findings:
        return
    focused = session.focus_id(canvas) if slug in GROUP_BY_GROUP else None
    shown = [f for f in findings if focused is None or f.group != focused]
    heading = f"{_mark(findings)}On this step: {counts(findings)}"
    if focused is not None:
        with st.container(border=True, key=f"findings-{slug}"):
            st.markdown(f"**{heading}.**")
            _other_groups(canvas, shown, slug)
        return
    # a long list would push the step's own fields down: open at once only when short or urgent
    with st.expander(heading, expanded=has_errors(findings) or len(findings) <= OPEN_UP_TO):
        for finding in shown:
            st.markdown(f"- {_line(finding)}")


def _other_groups(canvas: Canvas, findings: list[Finding], slug: str) -> None:
    for finding in [f for f in findings if f.group is None]:
        st.markdown(f"- {_line(finding)}")
    names = {g.id: group_label(g.name) for g in canvas.groups}
    per_group = Counter(f.group for f in findings if f.group in names)
    if per_group:
        st.caption("Open a group to see its notes:")
    for group_id, number in per_group.items():
        st.button(
            f"{names[group_id]}: {number} note{'s' if number > 1 else ''}",
            key=f"findings-{slug}-{group_id}",
            on_click=session.set_focus,
            args=(group_id,),
        )
    if len(findings) < len(of_step(slug)):
        st.caption("The notes for the group you are looking at are under its name below.")


def for_group(slug: str, group_id: str) -> None:
    """Under the group picker: what the checks found for the group in focus."""
    for finding in [f for f in of_step(slug) if f.group == group_id]:
        SHOW[finding.severity](_line(finding))
