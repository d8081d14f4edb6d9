from __future__ import annotations

import pytest

from canvas import editing as E
from canvas.model import Canvas, IntentType


def test_apply_delta_edits_adds_and_deletes() -> None:
    rows = [{"id": "a", "name": "A", "n": 1}, {"id": "b", "name": "B", "n": 2}]
    delta = {
        "edited_rows": {"1": {"n": 5}},
        "added_rows": [{"name": "C", "_index": 7}],
        "deleted_rows": [0],
    }
    out = E.apply_delta(rows, delta, {"n": 0})
    assert out == [{"id": "b", "name": "B", "n": 5}, {"id": None, "name": "C", "n": 0}]
    assert rows[1]["n"] == 2  # the input is not changed
    assert E.apply_delta(rows, {}) == rows


def test_apply_delta_cleans_text_and_nan() -> None:
    out = E.apply_delta(
        [{"id": "a", "x": 1.0, "t": "x"}], {"edited_rows": {0: {"x": float("nan"), "t": "  hi "}}}
    )
    assert out == [{"id": "a", "x": None, "t": "hi"}]


def test_groups_table_round_trip_and_new_group(bakery: Canvas) -> None:
    rows = E.GROUPS.read(bakery)
    assert E.GROUPS.write(bakery, rows).groups == bakery.groups
    delta = {
        "edited_rows": {0: {"customer_count": 950, "value_drivers": "speed, price"}},
        "added_rows": [{"name": "Tourists", "kind": "prospective"}],
    }
    changed = E.GROUPS.write(bakery, E.apply_delta(rows, delta, E.GROUPS.defaults))
    assert changed.groups[0].customer_count == 950
    assert changed.groups[0].value_drivers == ["speed", "price"]
    assert changed.groups[0].jobs == bakery.groups[0].jobs  # other fields kept
    assert changed.groups[-1].name == "Tourists" and changed.groups[-1].kind == "prospective"
    assert changed.id == bakery.id


def test_deleting_a_group_removes_it_from_places(bakery: Canvas) -> None:
    rows = E.GROUPS.read(bakery)
    changed = E.GROUPS.write(bakery, E.apply_delta(rows, {"deleted_rows": [1]}))
    assert "brunch" not in {g.id for g in changed.groups}
    assert all("brunch" not in h.group_ids for h in changed.hangouts)


def test_bad_edit_is_refused_in_plain_words(bakery: Canvas) -> None:
    rows = E.ECONOMICS.read(bakery)
    bad = E.apply_delta(rows, {"edited_rows": {0: {"retention_pct": 100}}})
    with pytest.raises(E.EditError) as err:
        E.ECONOMICS.write(bakery, bad)
    assert "'Weekday commuters' › Retention %: must be less than 100" in str(err.value)
    negative = E.apply_delta(rows, {"edited_rows": {0: {"customer_count": -4}}})
    with pytest.raises(E.EditError):
        E.ECONOMICS.write(bakery, negative)


def test_economics_table_round_trip_and_confidence(bakery: Canvas) -> None:
    rows = E.ECONOMICS.read(bakery)
    assert E.ECONOMICS.write(bakery, rows).groups == bakery.groups
    changed = E.ECONOMICS.write(
        bakery,
        E.apply_delta(
            rows, {"edited_rows": {0: {"confidence": "guess", "acquisition_cost": None}}}
        ),
    )
    assert changed.groups[0].confidence.weakest == "guess"
    assert changed.groups[0].acquisition_cost is None


def test_items_keep_links_tidy(bakery: Canvas) -> None:
    group = bakery.group("commuters")
    rows = E.item_rows(group, "pains")
    changed = E.write_items(
        bakery, "commuters", "pains", E.apply_delta(rows, {"deleted_rows": [0]})
    )
    new = changed.group("commuters")
    assert [p.text for p in new.pains] == ["Order made wrong in the rush"]
    assert all(r.pain_ids == [] for r in new.pain_relievers)
    assert "commuters-pain1" not in new.proposition.addresses
    added = E.write_items(
        bakery,
        "commuters",
        "jobs",
        E.apply_delta(
            E.item_rows(group, "jobs"),
            {"added_rows": [{"text": "Treat myself"}]},
            E.ITEM_DEFAULTS["jobs"],
        ),
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
    changed = E.HANGOUTS.write(bakery, E.apply_delta(rows, delta, E.HANGOUTS.defaults))
    assert changed.hangouts[-1].group_ids == ["brunch"]
    assert len(changed.hangouts) == len(bakery.hangouts)


def test_suggest_targets_adds_to_100(bakery: Canvas) -> None:
    from canvas.metrics import compute

    shares = {g.id: compute(bakery).of(g).share_now_pct for g in bakery.groups}
    targets = E.suggest_targets(bakery, shares)
    assert round(sum(targets.values()), 6) == 100
    assert targets["brunch"] > shares["brunch"]
    assert targets["delivery"] < shares["delivery"]
    assert E.suggest_targets(Canvas(), {}) == {}


def test_with_changes_validates(blank: Canvas) -> None:
    assert E.with_changes(blank, business_name="Crumb").business_name == "Crumb"
    with pytest.raises(E.EditError, match="Currency"):
        E.with_changes(blank, currency="dollars")
