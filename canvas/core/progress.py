"""The steps of a session and how far each one is, from the canvas and its findings.

`STEPS` is the one table of step codes, URL slugs and names; every screen and file uses it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from canvas.core.checks import Finding, Severity
from canvas.core.labels import wording
from canvas.core.model import Canvas, CustomerGroup, GroupKind
from canvas.core.thresholds import GOAL_MIN_CHARS, MIN_GROUPS, adds_up_to_100


@dataclass(frozen=True)
class Step:
    code: str
    slug: str  # the page's URL path
    title: str
    minutes: int  # share of the 60-minute plan (METHOD §3's estimates, scaled)


STEPS = (
    Step("S1", "goal", "Goal", 4),
    Step("S2", "groups", "Customer groups", 8),
    Step("S3", "value-to-customer", "Value to the customer", 12),
    Step("S4", "value-to-business", "Value to the business", 10),
    Step("S5", "value-map", "Value-exchange map", 4),
    Step("S6", "intent", "Intent and target mix", 8),
    Step("S7", "propositions", "Value propositions", 6),
    Step("S8", "hangouts", "Where they gather", 4),
    Step("S9", "summary", "One-page strategy", 4),
)
STEP_BY_CODE = {s.code: s for s in STEPS}
STEP_BY_SLUG = {s.slug: s for s in STEPS}


def step_title(code: str | None, canvas: Canvas | None = None) -> str:
    """The step's name for a code ("S9" -> "One-page strategy"), in the canvas's wording ("S2" is
    "Supporter groups" on a nonprofit canvas); an unknown code as it is."""
    step = STEP_BY_CODE.get(code or "")
    if step is None:
        return code or ""
    return wording(canvas).step_titles.get(step.code, step.title)


class StepState(StrEnum):
    not_started = "not_started"
    in_progress = "in_progress"
    done = "done"
    warnings = "warnings"
    errors = "errors"


def _current(canvas: Canvas) -> list[CustomerGroup]:
    return [g for g in canvas.groups if g.kind == GroupKind.current]


def _started_and_done(canvas: Canvas) -> dict[str, tuple[bool, bool]]:
    groups = canvas.groups
    current = _current(canvas)
    open_groups = [g for g in groups if not g.is_retired]
    scored = all(g.value_to_customer_score is not None for g in groups)
    economics = all(
        g.customer_count and g.avg_order_value and g.purchases_per_year for g in current
    )
    targets = sum(g.target_share_pct or 0 for g in groups)
    return {
        "S1": (
            bool(canvas.business_name or canvas.business_goal or canvas.why_statement),
            bool(canvas.business_name) and len(canvas.business_goal) >= GOAL_MIN_CHARS,
        ),
        "S2": (bool(groups), len(groups) >= MIN_GROUPS and all(g.name for g in groups)),
        "S3": (
            any(g.jobs or g.value_to_customer_score is not None for g in groups),
            bool(groups) and scored and all(g.jobs for g in groups),
        ),
        "S4": (
            any(g.avg_order_value or g.customer_count for g in groups),
            bool(current) and economics,
        ),
        "S5": (
            any(g.value_to_customer_score is not None for g in groups),
            bool(groups) and scored and economics and bool(current),
        ),
        "S6": (
            any(g.intents or g.target_share_pct is not None for g in groups),
            bool(current) and all(g.intents for g in current) and adds_up_to_100(targets),
        ),
        "S7": (
            any(g.proposition.why_for_group or g.proposition.what for g in groups),
            bool(open_groups)
            and all(g.proposition.why_for_group and g.proposition.what for g in open_groups),
        ),
        "S8": (bool(canvas.hangouts), bool(canvas.hangouts)),
        "S9": (False, False),
    }


def step_states(canvas: Canvas, findings: list[Finding]) -> dict[str, StepState]:
    progress = _started_and_done(canvas)
    severities: dict[str, set[Severity]] = {}
    for finding in findings:
        severities.setdefault(finding.step, set()).add(finding.severity)
    states: dict[str, StepState] = {}
    for step in STEPS[:-1]:
        started, done = progress[step.code]
        found = severities.get(step.code, set())
        if not started:
            states[step.code] = StepState.not_started
        elif Severity.error in found:
            states[step.code] = StepState.errors
        elif Severity.warning in found:
            states[step.code] = StepState.warnings
        else:
            states[step.code] = StepState.done if done else StepState.in_progress
    before = [states[s.code] for s in STEPS[:-2]]
    summary_done = all(s in (StepState.done, StepState.warnings) for s in before)
    any_started = any(s != StepState.not_started for s in before)
    states["S9"] = (
        StepState.done
        if summary_done
        else StepState.in_progress
        if any_started
        else StepState.not_started
    )
    return states


STATE_ICONS: dict[StepState, str] = {
    StepState.not_started: "○",
    StepState.in_progress: "◐",
    StepState.done: "●",
    StepState.warnings: "▲",
    StepState.errors: "✖",
}
STATE_WORDS: dict[StepState, str] = {
    StepState.not_started: "not started",
    StepState.in_progress: "in progress",
    StepState.done: "done",
    StepState.warnings: "has warnings",
    StepState.errors: "needs a fix",
}


def steps_done(states: dict[str, StepState]) -> tuple[int, int]:
    """How many of the listed steps are done (warnings and all), and how many there are: the
    stepper counts every step it lists, the one-page strategy too."""
    done = sum(1 for s in STEPS if states[s.code] in (StepState.done, StepState.warnings))
    return done, len(STEPS)


# What a step works on, for steps that have nothing to show until there are groups: the sentence
# an empty step shows above its link to the customer groups step.
NEEDS_GROUPS = {
    "value-to-customer": "This step describes the value each group gets from you",
    "value-to-business": "This step works out what each group is worth to you",
    "value-map": "The map places each group by the value it gets and gives back",
    "intent": "This step sets an intent and a target share for each group",
    "propositions": "This step writes a value proposition for each group",
    "hangouts": "This step says where each group gathers",
    "summary": "Your one-page strategy has a column for each group",
}


@dataclass(frozen=True)
class Missing:
    """What an empty step lacks, and the step where it is added."""

    message: str
    step: Step


def missing(canvas: Canvas, slug: str) -> Missing | None:
    """What the step at `slug` needs before it has anything to show, or None if it has it."""
    if canvas.groups or slug not in NEEDS_GROUPS:
        return None
    groups = step_title("S2", canvas).lower()
    return Missing(f"{NEEDS_GROUPS[slug]}: add your {groups} first.", STEP_BY_CODE["S2"])


def neighbours(slug: str) -> tuple[Step | None, Step | None]:
    """The steps before and after the one at `slug`."""
    index = next(i for i, s in enumerate(STEPS) if s.slug == slug)
    before = STEPS[index - 1] if index > 0 else None
    after = STEPS[index + 1] if index + 1 < len(STEPS) else None
    return before, after
