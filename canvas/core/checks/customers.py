"""The checks of steps 1 to 3: the goal, the customer groups, and the value to the customer."""

from __future__ import annotations

import re
from collections.abc import Iterator

from canvas.core import thresholds as T
from canvas.core.checks.findings import Context, Finding, Step, rule
from canvas.core.labels import JOB_KINDS, wording
from canvas.core.model import CustomerGroup, GroupKind, JobKind

S1, S2, S3 = Step("S1"), Step("S2"), Step("S3")

# ---------- S1 goal ----------


@rule
def g01_goal(ctx: Context) -> Iterator[Finding]:
    if len(ctx.canvas.business_goal) < T.GOAL_MIN_CHARS:
        yield S1.warning(
            "G01",
            None,
            f"Write your {ctx.label('business_goal')} in a sentence: what must be true in 12 to "
            "24 months? Everything else in the canvas serves it.",
            field="business_goal",
        )


# ---------- S2 groups ----------


@rule
def v01_names(ctx: Context) -> Iterator[Finding]:
    seen: dict[str, str] = {}
    for group in ctx.canvas.groups:
        key = group.name.casefold()
        if not key:
            yield S2.error(
                "V01",
                group.id,
                f"Each group needs a {ctx.label('name')}. One group has none yet.",
                field="name",
            )
        elif key in seen:
            yield S2.error(
                "V01",
                group.id,
                f"Two groups are called '{group.name}'. Give each group its own "
                f"{ctx.label('name')}.",
                field="name",
            )
        seen.setdefault(key, group.id)


@rule
def v02_group_count(ctx: Context) -> Iterator[Finding]:
    n = len(ctx.canvas.groups)
    few, many = T.TYPICAL_GROUPS
    if n < T.MIN_GROUPS:
        yield S2.warning(
            "V02",
            None,
            f"You have {n} customer group{'s' if n != 1 else ''}. Most small businesses land on "
            f"{few} to {many}: with fewer, real differences between customers stay hidden.",
            field=None,
        )
    elif n > T.MAX_GROUPS_ON_A_PAGE:
        yield S2.warning(
            "V02",
            None,
            f"You have {n} customer groups. Most small businesses land on {few} to {many}; more "
            f"than {T.MAX_GROUPS_ON_A_PAGE} will not fit on one page. Can some be merged?",
            field=None,
        )


BEHAVIOUR_WORDS = re.compile(
    r"\b(buy|buys|bought|order|orders|ordering|pay|pays|spend|spends|book|books|visit|visits|"
    r"use|uses|call|calls|come|comes|stay|stays|recommend|recommends|refer|refers|review|"
    r"reviews|post|posts|renew|renews|shop|shops|subscribe|subscribes|return|returns|ask|asks|"
    r"give|gives|donate|donates|volunteer|volunteers|attend|attends|per|week|month|year|daily|"
    r"weekly|monthly|times|online|invoice|invoiced|quote|quotes|price-shop|sign|signs)\b",
    re.IGNORECASE,
)


def _behaviour_is_thin(text: str) -> bool:
    return len(text.split()) < T.BEHAVIOUR_MIN_WORDS or not BEHAVIOUR_WORDS.search(text)


@rule
def v03_behaviour(ctx: Context) -> Iterator[Finding]:
    for group in ctx.canvas.groups:
        if group.kind != GroupKind.current:
            continue
        behaviour = ctx.label("behaviour")
        if not group.behaviour:
            yield S2.warning(
                "V03",
                group.id,
                f"'{ctx.name(group)}': fill in {behaviour}. Say how they buy, how often, what "
                "they spend and whether they recommend you.",
                field="behaviour",
            )
        elif _behaviour_is_thin(group.behaviour):
            yield S2.warning(
                "V03",
                group.id,
                f"'{ctx.name(group)}': {behaviour} does not yet say how they buy, how often, what "
                "they spend or whether they recommend you.",
                field="behaviour",
            )


@rule
def v04_non_customers(ctx: Context) -> Iterator[Finding]:
    outside = {GroupKind.prospective, GroupKind.future, GroupKind.non_customer}
    if ctx.canvas.groups and not any(g.kind in outside for g in ctx.canvas.groups):
        words = wording(ctx.canvas)
        kinds = words.group_kinds
        yield S2.note(
            "V04",
            None,
            f"Who is not a {words.customer} yet, but should be? Add a group of prospects, future "
            f"{words.customers} or people who {kinds[GroupKind.non_customer].lower()}.",
            field=None,
        )


# ---------- S3 value to the customer ----------


@rule
def v29_profile(ctx: Context) -> Iterator[Finding]:
    for group in ctx.canvas.groups:
        name = ctx.name(group)
        if group.jobs and all(j.kind == JobKind.functional for j in group.jobs):
            yield S3.warning(
                "V29",
                group.id,
                f"Every job of '{name}' has {ctx.label('kind')} set to "
                f"'{JOB_KINDS[JobKind.functional]}'. What do they want to feel, or how do they "
                "want to look to others?",
                field="kind",
            )
        if not group.pains and not group.gains:
            yield S3.warning(
                "V29",
                group.id,
                f"'{name}' has no {ctx.label('pains')} or {ctx.label('gains')} yet. Add at least "
                "the biggest frustration and the outcome they want most.",
                field="pains",
            )
        top = group.top_pain()
        if top is not None and not any(top.id in r.pain_ids for r in group.pain_relievers):
            yield S3.warning(
                "V29",
                group.id,
                f"The biggest pain of '{name}' ('{top.text}') has nothing under "
                f"{ctx.label('pain_relievers')} that relieves it yet.",
                field="pain_relievers",
            )


def _nps_score(ctx: Context, group: CustomerGroup) -> float | None:
    nps = ctx.metrics.of(group).nps
    return nps.score if nps else None


@rule
def v14_v15_vtc_vs_behaviour(ctx: Context) -> Iterator[Finding]:
    for group in ctx.canvas.groups:
        vtc = group.value_to_customer_score
        if vtc is None:
            continue
        nps = _nps_score(ctx, group)
        low_retention = group.is_in_portfolio and group.retention_pct < T.LOW_RETENTION_PCT
        if vtc >= T.HIGH_SCORE and ((nps is not None and nps < 0) or low_retention):
            evidence = (
                f"a recommendation score of {nps:+.0f}"
                if nps is not None and nps < 0
                else f"retention of {group.retention_pct:.0f}%"
            )
            yield S3.warning(
                "V14",
                group.id,
                f"You rate '{ctx.name(group)}' at {vtc:g} of 5 for "
                f"{ctx.label('value_to_customer_score')}, but {evidence} says otherwise. Is the "
                "rating optimistic?",
                field="value_to_customer_score",
            )
        if vtc <= T.LOW_SCORE and nps is not None and nps >= T.HIGH_NPS:
            yield S3.note(
                "V15",
                group.id,
                f"'{ctx.name(group)}' seem happier than your "
                f"{ctx.label('value_to_customer_score')} rating of {vtc:g} suggests "
                f"(recommendation score {nps:+.0f}).",
                field="value_to_customer_score",
            )
