from __future__ import annotations

import pytest

from canvas.core import editing as E
from canvas.core.checks import run_checks
from canvas.core.metrics import compute
from canvas.core.model import Canvas, IntentType
from canvas.core.table_edits import apply_table_delta


def test_groups_table_round_trip_and_new_group(bakery: Canvas) -> None:
    rows = E.GROUPS.read(bakery)
    assert E.GROUPS.write(bakery, rows).groups == bakery.groups
    delta = {
        "edited_rows": {0: {"customer_count": 950, "value_drivers": "speed, price"}},
        "added_rows": [{"name": "Tourists", "kind": "prospective"}],
    }
    changed = apply_table_delta(bakery, E.GROUPS, delta)
    assert changed.groups[0].customer_count == 950
    assert changed.groups[0].value_drivers == ["speed", "price"]
    assert changed.groups[0].jobs == bakery.groups[0].jobs  # other fields kept
    assert changed.groups[-1].name == "Tourists" and changed.groups[-1].kind == "prospective"
    assert changed.id == bakery.id


def test_deleting_a_group_removes_it_from_places(bakery: Canvas) -> None:
    changed = apply_table_delta(bakery, E.GROUPS, {"deleted_rows": [1]})
    assert "brunch" not in {g.id for g in changed.groups}
    assert all("brunch" not in h.group_ids for h in changed.hangouts)


def test_bad_edit_is_refused_in_plain_words(bakery: Canvas) -> None:
    rows = E.ECONOMICS.read(bakery)
    assert rows[0]["name"] == "Weekday commuters"
    with pytest.raises(E.EditError) as err:
        apply_table_delta(bakery, E.ECONOMICS, {"edited_rows": {0: {"retention_pct": 100}}})
    assert "'Weekday commuters' › Retention %: must be less than 100" in str(err.value)
    with pytest.raises(E.EditError):
        apply_table_delta(bakery, E.ECONOMICS, {"edited_rows": {0: {"customer_count": -4}}})


def test_economics_table_round_trip_and_confidence(bakery: Canvas) -> None:
    rows = E.ECONOMICS.read(bakery)
    assert E.ECONOMICS.write(bakery, rows).groups == bakery.groups
    changed = apply_table_delta(
        bakery, E.ECONOMICS, {"edited_rows": {0: {"confidence": "guess", "acquisition_cost": None}}}
    )
    assert changed.groups[0].confidence.weakest == "guess"
    assert changed.groups[0].acquisition_cost is None


def test_items_keep_links_tidy(bakery: Canvas) -> None:
    changed = apply_table_delta(bakery, E.items_table("commuters", "pains"), {"deleted_rows": [0]})
    new = changed.group("commuters")
    assert [p.text for p in new.pains] == ["Order made wrong in the rush"]
    assert all(r.pain_ids == [] for r in new.pain_relievers)
    assert "commuters-pain1" not in new.proposition.addresses
    added = apply_table_delta(
        bakery, E.items_table("commuters", "jobs"), {"added_rows": [{"text": "Treat myself"}]}
    )
    assert added.group("commuters").jobs[-1].text == "Treat myself"
    assert added.group("commuters").jobs[-1].importance == 3


def test_intents_third_is_refused_and_details_kept(bakery: Canvas) -> None:
    with pytest.raises(E.EditError, match="one or two intents"):
        E.set_intents(bakery, "commuters", ["maintain", "grow", "re_engineer"])
    with pytest.raises(E.EditError, match="contradict"):
        E.set_intents(bakery, "commuters", ["maintain", "retire"])
    kept = E.set_intents(bakery, "commuters", ["maintain"])
    assert kept.group("commuters").intents[0] == bakery.group("commuters").intents[0]


def test_results_baseline_prefilled(bakery: Canvas) -> None:
    changed = E.write_results(bakery, "brunch", "grow", [{"metric": "retention_pct", "target": 60}])
    result = changed.group("brunch").intents[0].expected_results[0]
    assert result.baseline == 55 and result.target == 60
    assert result.due_in_months == bakery.strategy_horizon_months
    assert changed.group("brunch").intents[0].type == IntentType.grow


def test_hangouts_table(bakery: Canvas) -> None:
    rows = E.HANGOUTS.read(bakery)
    assert E.HANGOUTS.write(bakery, rows).hangouts == bakery.hangouts
    delta = {
        "deleted_rows": [0],
        "added_rows": [
            {"name": "Farmers market", "group_ids": ["brunch", "ghost"], "stages": ["discover"]}
        ],
    }
    changed = apply_table_delta(bakery, E.HANGOUTS, delta)
    assert changed.hangouts[-1].group_ids == ["brunch"]
    assert len(changed.hangouts) == len(bakery.hangouts)


def test_suggest_targets_adds_to_100(bakery: Canvas) -> None:
    from canvas.core.metrics import compute

    shares = {g.id: compute(bakery).of(g).share_now_pct for g in bakery.groups}
    targets = E.suggest_targets(bakery, shares)
    assert sum(targets.values()) == pytest.approx(100)
    assert targets["brunch"] > shares["brunch"]
    assert targets["delivery"] < shares["delivery"]
    assert E.suggest_targets(Canvas(), {}) == {}


def test_suggested_targets_follow_the_expected_results(nonprofit: Canvas) -> None:
    """#12 item 6: a result that names a number of supporters sets that group's target share
    (volunteers 45 -> 60 are not left at their share of today)."""
    from canvas.core.metrics import compute

    shares = {g.id: compute(nonprofit).of(g).share_now_pct for g in nonprofit.groups}
    targets = E.suggest_targets(nonprofit, shares)
    counts = {
        g.id: next(
            (
                r.target
                for i in g.intents
                for r in i.expected_results
                if r.metric == "customer_count"
            ),
            None,
        )
        for g in nonprofit.groups
    }
    assert counts["volunteers"] == 60
    projected = sum(
        counts[g.id]
        if counts[g.id] is not None
        else g.customer_count * (0.5 if g.is_retired else 1)
        for g in nonprofit.groups
    )
    assert targets["volunteers"] == pytest.approx(60 / projected * 100)
    assert sum(targets.values()) == pytest.approx(100)


def test_a_target_typed_as_a_count_stays_that_count(nonprofit: Canvas) -> None:
    """#12 item 6: 14 sponsors of 1,774 stay 14 (not 0.8% = 13), also through the workbook."""
    canvas = E.with_changes(nonprofit, target_total_customers=1774)
    rows = E.target_rows(canvas)
    for row in rows:
        if row["id"] == "sponsors":
            row["target_count"] = 14
    changed = E.write_targets(canvas, rows)
    sponsors = changed.group("sponsors")
    assert E.target_count(changed, sponsors.target_share_pct) == 14
    assert sponsors.target_share_pct == pytest.approx(14 / 1774 * 100)
    assert {r["id"]: r["target_count"] for r in E.target_rows(changed)}["sponsors"] == 14
    others = {g.id: g.target_share_pct for g in changed.groups if g.id != "sponsors"}
    assert others == {g.id: g.target_share_pct for g in canvas.groups if g.id != "sponsors"}


def test_with_changes_validates(blank: Canvas) -> None:
    assert E.with_changes(blank, business_name="Crumb").business_name == "Crumb"
    with pytest.raises(E.EditError, match="Currency"):
        E.with_changes(blank, currency="dollars")


def _findings(canvas: Canvas) -> set[tuple[str, str | None, str]]:
    return {(f.id, f.group, f.message) for f in run_checks(canvas, compute(canvas))}


def test_a_new_job_and_a_new_place_bring_no_finding_from_their_defaults(bakery: Canvas) -> None:
    """#16: new jobs defaulted to 'Practical' and new places to 'A physical place'; a group whose
    only job was new got 'every job is practical' although the person chose nothing."""
    brunch = bakery.group("brunch")
    unlinked = brunch.proposition.model_dump() | {"addresses": []}
    without_jobs = E.with_group_changes(bakery, "brunch", jobs=[], proposition=unlinked)
    jobs = E.items_table("brunch", "jobs")
    typed = apply_table_delta(without_jobs, jobs, {"added_rows": [{"text": "An easy morning"}]})
    (job,) = typed.group("brunch").jobs
    assert job.kind is None and brunch.jobs  # the person has not chosen a kind yet
    assert _findings(typed) <= _findings(without_jobs)
    placed = apply_table_delta(bakery, E.HANGOUTS, {"added_rows": [{"name": "Parents' Facebook"}]})
    assert placed.hangouts[-1].kind is None
    assert _findings(placed) == _findings(bakery)
