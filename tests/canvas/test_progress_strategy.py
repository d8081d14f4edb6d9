from __future__ import annotations

from canvas.core.checks import run_checks
from canvas.core.editing import with_group_changes
from canvas.core.model import BusinessType, Canvas
from canvas.core.progress import STEPS, StepState, missing, neighbours, step_states, steps_done
from canvas.core.strategy import one_page


def test_blank_canvas_has_nothing_started(blank: Canvas) -> None:
    states = step_states(blank, run_checks(blank))
    assert set(states.values()) == {StepState.not_started}


def test_samples_show_done_and_warnings(bakery: Canvas) -> None:
    states = step_states(bakery, run_checks(bakery))
    assert states["S1"] == StepState.done
    assert states["S4"] == StepState.warnings  # the delivery group is below zero
    assert states["S9"] == StepState.done


def test_errors_show_on_their_step(bakery: Canvas) -> None:
    broken = with_group_changes(bakery, "campers", target_share_pct=2.0)
    assert step_states(broken, run_checks(broken))["S6"] == StepState.errors


def test_neighbours() -> None:
    assert neighbours("goal") == (None, STEPS[1])
    assert neighbours("summary") == (STEPS[-2], None)


def test_one_page_has_a_column_per_group(bakery: Canvas) -> None:
    page = one_page(bakery)
    assert page.groups[0] == "Weekday commuters"
    rows = dict(page.rows)
    assert len(rows["Our intent"]) == len(bakery.groups)
    assert rows["Value exchange"][2].startswith("At risk · Most valuable")
    assert rows["Share of customers now → target"][5] == "20.8% → 10%"
    assert "Retention (%): 60 → 65 in 12 months" in rows["Expected results"][0]
    assert "$6.20 → $6.80" in rows["Expected results"][0]


def test_customer_safe_one_page_hides_internal_labels(bakery: Canvas) -> None:
    page = one_page(bakery, customer_safe=True)
    text = " ".join([*page.groups, *(c for _, cells in page.rows for c in cells)])
    assert "Value exchange" not in dict(page.rows)
    assert page.groups == [f"Group {n}" for n in range(1, 7)]
    for internal in ("bargain buyers", "Laptop campers", "Below zero", "Poor fit"):
        assert internal not in text


def test_a_result_can_be_a_ceiling_or_a_floor_due_by_a_date() -> None:
    """#12 item 5: 'grants at most 35% of income by the end of next year' can be said."""
    from datetime import date

    from canvas.core.model import ExpectedResult, ResultComparison
    from canvas.core.strategy import result_text

    ceiling = ExpectedResult(
        metric="custom",
        custom_label="Grants, share of income",
        unit="%",
        baseline=48,
        target=35,
        comparison=ResultComparison.at_most,
        due_by=date(2027, 12, 31),
    )
    assert (
        result_text(ceiling, Canvas(business_type="nonprofit"))
        == "Grants, share of income: 48 → at most 35% by 31 Dec 2027"
    )
    floor = ExpectedResult(
        metric="second_gift_90_days_pct", baseline=20, target=30, comparison="at_least"
    )
    assert result_text(floor, Canvas(business_type="nonprofit")) == (
        "Second gift within 90 days (%): 20 → at least 30 in 12 months"
    )


def test_progress_counts_every_step_it_lists(blank: Canvas, bakery: Canvas) -> None:
    assert steps_done(step_states(blank, run_checks(blank))) == (0, len(STEPS))
    states = step_states(bakery, run_checks(bakery))
    finished = [s for s in STEPS if states[s.code] in (StepState.done, StepState.warnings)]
    assert steps_done(states) == (len(finished), len(STEPS))
    assert "S9" in {s.code for s in finished}  # the one-page strategy counts too


def test_a_step_without_groups_says_what_is_missing_and_where(
    blank: Canvas, bakery: Canvas
) -> None:
    for slug in ("goal", "groups"):
        assert missing(blank, slug) is None
    nonprofit = blank.model_copy(update={"business_type": BusinessType.nonprofit})
    for step in STEPS[2:]:
        lack = missing(blank, step.slug)
        assert lack is not None and lack.step.slug == "groups"
        assert lack.message.endswith("add your customer groups first.")
        assert missing(nonprofit, step.slug).message.endswith("add your supporter groups first.")
        assert missing(bakery, step.slug) is None
