"""Table edits: each change of the grid's growing delta is applied once, to the canvas as it is now."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from canvas.core import editing as E
from canvas.core.model import Canvas
from canvas.core.table_edits import (
    CellChange,
    Delta,
    RowDeletion,
    apply_changes,
    apply_table_delta,
    changes_between,
    empty_delta,
    grid_differs,
    shown_rows,
)
from canvas.storage.files import load_sample
from tests.support.fuzz import seeded


class Grid:
    """What the browser's grid does with its delta, and what our callback does with each one."""

    def __init__(self, canvas: Canvas, table: E.Table) -> None:
        self.canvas, self.table = canvas, table
        self.base = table.read(canvas)
        self.delta: Delta = empty_delta()
        self.applied: Delta = empty_delta()
        self.added_ids: list[str | None] = []
        self.problems: list[str] = []

    def edit(self, position: int, column: str, value: Any) -> None:
        self.delta["edited_rows"].setdefault(position, {})[column] = value

    def add(self, values: dict[str, Any]) -> None:
        self.delta["added_rows"].append(dict(values))

    def edit_added(self, index: int, column: str, value: Any) -> None:
        self.delta["added_rows"][index][column] = value

    def delete(self, position: int) -> None:
        self.delta["deleted_rows"].append(position)

    def delete_added(self, index: int) -> None:
        self.delta["added_rows"].pop(index)

    def send(self) -> None:
        """The run's callback: apply what is new since the last delta."""
        changes, self.added_ids = changes_between(
            self.base, self.applied, self.delta, self.added_ids
        )
        outcome = apply_changes(
            self.canvas,
            self.table.read,
            self.table.write,
            changes,
            self.added_ids,
            self.table.defaults,
        )
        self.canvas, self.added_ids = outcome.canvas, outcome.added_ids
        self.problems += outcome.problems
        self.applied = copy.deepcopy(self.delta)


def test_only_what_is_new_is_applied() -> None:
    base = [{"id": "a", "n": 1}, {"id": "b", "n": 2}]
    before = {"edited_rows": {0: {"n": 5}}, "added_rows": [], "deleted_rows": []}
    after = {"edited_rows": {0: {"n": 5}, 1: {"n": 7}}, "added_rows": [], "deleted_rows": [0]}
    changes, ids = changes_between(base, before, after, [])
    assert changes == [CellChange("b", "n", 7), RowDeletion("a")]
    assert ids == []


def test_undone_edit_goes_back_to_the_original() -> None:
    base = [{"id": "a", "n": 1}]
    before = {"edited_rows": {0: {"n": 5}}}
    changes, _ = changes_between(base, before, {"edited_rows": {}}, [])
    assert changes == [CellChange("a", "n", 1)]


def test_added_rows_line_up_after_one_is_deleted() -> None:
    before = {"added_rows": [{"name": "x"}, {"name": "y"}, {"name": "z"}]}
    after = {"added_rows": [{"name": "x"}, {"name": "z", "n": 4}]}
    changes, ids = changes_between([], before, after, ["id-x", "id-y", "id-z"])
    assert RowDeletion("id-y") in changes
    assert CellChange("id-z", "n", 4) in changes
    assert ids == ["id-x", "id-z"]


def test_a_row_added_without_its_required_text_is_added_once_it_has_it(bakery: Canvas) -> None:
    grid = Grid(bakery, E.items_table("commuters", "jobs"))
    jobs_before = len(bakery.group("commuters").jobs)
    grid.add({"importance": 5})  # the person fills the importance first
    grid.send()
    assert len(grid.canvas.group("commuters").jobs) == jobs_before
    assert grid.added_ids == [None]
    grid.edit_added(0, "text", "Grab breakfast on the way")
    grid.send()
    grid.edit_added(0, "importance", 4)
    grid.send()
    jobs = grid.canvas.group("commuters").jobs
    assert len(jobs) == jobs_before + 1  # added once, then edited: never twice
    assert (jobs[-1].text, jobs[-1].importance) == ("Grab breakfast on the way", 4)


def test_refused_cell_is_reported_and_the_others_still_count(bakery: Canvas) -> None:
    grid = Grid(bakery, E.ECONOMICS)
    grid.edit(0, "retention_pct", 100)  # refused: retention must be under 100
    grid.edit(1, "customer_count", 333)
    grid.send()
    assert grid.problems and "Retention" in grid.problems[0]
    assert grid.canvas.groups[0].retention_pct == bakery.groups[0].retention_pct
    assert grid.canvas.groups[1].customer_count == 333


def test_an_edit_in_one_table_keeps_what_another_table_changed(bakery: Canvas) -> None:
    """Two tables drawn from the same rows (economics and recommendation): each writes only the
    cells it changed, so neither puts back the other's old figures."""
    economics, nps = Grid(bakery, E.ECONOMICS), Grid(bakery, E.ECONOMICS)
    economics.edit(0, "customer_count", 1234)
    economics.send()
    nps.canvas = economics.canvas
    nps.edit(0, "nps_promoters", 40)
    nps.send()
    assert nps.canvas.groups[0].customer_count == 1234
    assert nps.canvas.groups[0].nps_promoters == 40


def test_changing_a_results_measure_resets_its_now(bakery: Canvas) -> None:
    table = E.results_table("brunch", "grow", 12)
    grid = Grid(bakery, table)
    assert grid.base, "the bakery's brunch group has a grow result"
    assert grid.base[0]["metric"] == "customer_count" and grid.base[0]["baseline"] == 350
    grid.edit(0, "metric", "retention_pct")  # a count of 350 must not become a retention of 350%
    grid.send()
    result = grid.canvas.group("brunch").intents[0].expected_results[0]
    assert result.metric == "retention_pct"
    assert result.baseline == bakery.group("brunch").retention_pct == 55
    shown = shown_rows(grid.base, grid.delta, grid.added_ids)
    assert grid_differs(shown, table.read(grid.canvas), ["metric", "baseline"])  # so it redraws


def test_lifecycle_notes_are_kept_once_they_name_group_and_stage(bakery: Canvas) -> None:
    grid = Grid(bakery, E.LIFECYCLE)
    count = len(bakery.lifecycle_notes)
    grid.add({"stage": "buy"})
    grid.send()
    assert len(grid.canvas.lifecycle_notes) == count
    grid.edit_added(0, "group_id", "brunch")
    grid.edit_added(0, "moment_that_matters", "The first Saturday table")
    grid.send()
    note = grid.canvas.lifecycle_notes[-1]
    assert (note.group_id, note.stage, note.moment_that_matters) == (
        "brunch",
        "buy",
        "The first Saturday table",
    )


OPS = st.lists(
    st.tuples(
        st.sampled_from(["edit", "add", "edit_added", "delete", "delete_added"]),
        st.integers(0, 30),
        st.integers(0, 5000),
        st.booleans(),  # sent at once, or together with the next one (a rerun still running)
    ),
    max_size=25,
)


@seeded
@settings(max_examples=60, deadline=None)
@given(OPS)
def test_whatever_the_grid_sends_the_canvas_ends_as_the_grid_shows(ops: list) -> None:
    canvas = load_sample("bakery")
    grid = Grid(canvas, E.GROUPS)
    expected = [dict(r) for r in grid.base]  # what the person sees, in order
    deleted: set[int] = set()
    for op, pick, number, send_now in ops:
        alive = [p for p in range(len(grid.base)) if p not in deleted]
        added = len(grid.delta["added_rows"])
        if op == "edit" and alive:
            position = alive[pick % len(alive)]
            grid.edit(position, "customer_count", number)
            expected[alive.index(position)]["customer_count"] = number
        elif op == "add":
            grid.add({"name": f"New {number}", "kind": "prospective"})
            expected.append({"name": f"New {number}", "customer_count": 0})
        elif op == "edit_added" and added:
            index = pick % added
            grid.edit_added(index, "customer_count", number)
            expected[len(alive) + index]["customer_count"] = number
        elif op == "delete" and alive:
            position = alive[pick % len(alive)]
            grid.delete(position)
            expected.pop(alive.index(position))
            deleted.add(position)
        elif op == "delete_added" and added:
            index = pick % added
            grid.delete_added(index)
            expected.pop(len(alive) + index)
        if send_now:
            grid.send()
    grid.send()
    assert not grid.problems
    saved = [(g.name, g.customer_count) for g in grid.canvas.groups]
    assert saved == [(r["name"], r["customer_count"]) for r in expected]
    shown = shown_rows(grid.base, grid.delta, grid.added_ids)
    assert not grid_differs(shown, E.GROUPS.read(grid.canvas), ["name", "customer_count"])


def test_a_whole_delta_from_scratch_is_the_same_as_sent_piece_by_piece() -> None:
    canvas = load_sample("bakery")
    grid = Grid(canvas, E.GROUPS)
    grid.edit(0, "customer_count", 10)
    grid.send()
    grid.add({"name": "Tourists"})
    grid.send()
    grid.edit(1, "name", "Brunch crowd")
    grid.send()
    at_once = apply_table_delta(canvas, E.GROUPS, grid.delta)
    assert [(g.name, g.customer_count) for g in at_once.groups] == [
        (g.name, g.customer_count) for g in grid.canvas.groups
    ]
