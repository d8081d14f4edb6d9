"""Table edits applied exactly once, to the canvas as it is now.

An `st.data_editor` keeps one delta for its whole life: every edit the person has made since the
table was drawn, by position in the rows it was drawn with ({"edited_rows": {pos: {col: value}},
"added_rows": [...], "deleted_rows": [...]}). The delta only grows, and edits that arrive while
the page is still running reach us together. So we keep the delta already applied and apply only
what is new in the next one: each changed cell, each deleted row, each added row, one at a time, to
the table's rows as the canvas holds them now (found by row id, never by position). A refused
change leaves the canvas as it was and is reported; the changes beside it still count.

Rows added in the table have no id until the table's writer keeps them (a job needs its text, a
place its name); `added_ids` remembers, per added row, the id the writer gave it, so later edits of
that row change the saved row instead of adding it again.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from canvas.core.editing import EditError, Row, Table
from canvas.core.model import Canvas

Delta = dict[str, Any]
Reader = Callable[[Canvas], list[Row]]
Writer = Callable[[Canvas, list[Row]], Canvas]


def empty_delta() -> Delta:
    return {"edited_rows": {}, "added_rows": [], "deleted_rows": []}


@dataclass(frozen=True)
class CellChange:
    row_id: str
    column: str
    value: Any


@dataclass(frozen=True)
class RowDeletion:
    row_id: str


@dataclass(frozen=True)
class RowAddition:
    """An added row not kept yet: `index` is its place among the table's added rows."""

    index: int
    values: Row


Change = CellChange | RowDeletion | RowAddition


@dataclass
class Outcome:
    canvas: Canvas
    added_ids: list[str | None]
    problems: list[str] = field(default_factory=list)
    changed: bool = False


def clean(value: Any) -> Any:
    """What the grid sends for an empty cell (NaN, "") is None here; a date is its ISO text, as
    the grid sends an edited date."""
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _edited(delta: Delta) -> dict[int, Row]:
    return {int(k): dict(v) for k, v in (delta.get("edited_rows") or {}).items()}


def _added(delta: Delta) -> list[Row]:
    return [
        {k: v for k, v in row.items() if k != "_index"} for row in delta.get("added_rows") or []
    ]


def _alike(a: Row, b: Row) -> int:
    return sum(a.get(k) == b.get(k) for k in a.keys() | b.keys())


def _matched_added(before: list[Row], after: list[Row]) -> list[int | None]:
    """For each row added before, its index among the rows added now (None if deleted since).

    Deleting rows in the grid leaves the others in order; when some were also changed in the same
    run, rows are lined up so that they are as alike as possible (a small table: n × m)."""
    n, m = len(before), len(after)
    if m >= n:
        return list(range(n))
    none = -1
    # best[i][j]: how alike before[i:] and after[j:] can be lined up (-1: they can't)
    best = [[0 if j == m else none for j in range(m + 1)] for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            pair = best[i + 1][j + 1]
            pair = none if pair == none else pair + _alike(before[i], after[j])
            best[i][j] = max(pair, best[i + 1][j])
    matched: list[int | None] = []
    j = 0
    for i in range(n):
        pair = best[i + 1][j + 1] if j < m else none
        if pair != none and pair + _alike(before[i], after[j]) == best[i][j]:
            matched.append(j)
            j += 1
        else:
            matched.append(None)
    return matched


def changes_between(
    base: list[Row], applied: Delta, delta: Delta, added_ids: list[str | None]
) -> tuple[list[Change], list[str | None]]:
    """What `delta` adds to the `applied` one, as changes by row id, and the added rows' ids
    lined up with `delta`."""
    changes: list[Change] = []
    old_edits, new_edits = _edited(applied), _edited(delta)
    for position in sorted(set(old_edits) | set(new_edits)):
        if position >= len(base):
            continue
        row = base[position]
        before, after = old_edits.get(position, {}), new_edits.get(position, {})
        for column in [*after, *(c for c in before if c not in after)]:
            value = after.get(column, row.get(column))  # an undone edit goes back to the original
            if column not in before or before[column] != value:
                changes.append(CellChange(row["id"], column, clean(value)))
    old_deleted = {int(i) for i in applied.get("deleted_rows") or []}
    for position in sorted({int(i) for i in delta.get("deleted_rows") or []} - old_deleted):
        if position < len(base):
            changes.append(RowDeletion(base[position]["id"]))

    old_added, new_added = _added(applied), _added(delta)
    matched = _matched_added(old_added, new_added)
    ids: list[str | None] = [None] * len(new_added)
    for old_index, new_index in enumerate(matched):
        known = added_ids[old_index] if old_index < len(added_ids) else None
        if new_index is None:
            if known:
                changes.append(RowDeletion(known))
        else:
            ids[new_index] = known
    previous_values = {n: old_added[o] for o, n in enumerate(matched) if n is not None}
    for index, values in enumerate(new_added):
        if ids[index] is None:
            changes.append(RowAddition(index, {k: clean(v) for k, v in values.items()}))
            continue
        before = previous_values.get(index, {})
        for column, value in values.items():
            if before.get(column) != value:
                changes.append(CellChange(ids[index], column, clean(value)))
    return changes, ids


def _ids(rows: list[Row]) -> list[Any]:
    return [r.get("id") for r in rows]


def _apply_one(
    canvas: Canvas, read: Reader, write: Writer, change: Change, defaults: Row
) -> Canvas:
    rows = read(canvas)
    if isinstance(change, CellChange):
        if change.row_id not in _ids(rows):
            return canvas  # the row is gone (deleted in this table or elsewhere)
        rows = [
            r | {change.column: change.value} if r.get("id") == change.row_id else r for r in rows
        ]
    elif isinstance(change, RowDeletion):
        if change.row_id not in _ids(rows):
            return canvas
        rows = [r for r in rows if r.get("id") != change.row_id]
    else:
        rows = [*rows, defaults | {k: v for k, v in change.values.items() if v is not None}]
        rows[-1]["id"] = None
    return write(canvas, rows)


def apply_changes(
    canvas: Canvas,
    read: Reader,
    write: Writer,
    changes: list[Change],
    added_ids: list[str | None],
    defaults: Row | None = None,
) -> Outcome:
    """Apply each change on its own; a refused one is reported and the others still count."""
    outcome = Outcome(canvas, list(added_ids))
    for change in changes:
        before = outcome.canvas
        try:
            after = _apply_one(before, read, write, change, defaults or {})
        except EditError as exc:
            outcome.problems.extend(exc.problems)
            continue
        if isinstance(change, RowAddition):
            new_ids = [i for i in _ids(read(after)) if i not in set(_ids(read(before)))]
            if len(new_ids) == 1:
                outcome.added_ids[change.index] = new_ids[0]
        if after is not before:
            outcome.canvas, outcome.changed = after, True
    return outcome


def _same_cell(shown: Any, saved: Any) -> bool:
    shown, saved = clean(shown), clean(saved)
    if shown is None:
        return True  # a blank cell the model filled with its default: nothing to correct
    if isinstance(shown, str) and isinstance(saved, str):
        return re.sub(r"\s*,\s*", ", ", shown) == re.sub(r"\s*,\s*", ", ", saved)
    if isinstance(shown, int | float) and isinstance(saved, int | float):
        return math.isclose(shown, saved, rel_tol=1e-9, abs_tol=1e-9)
    if isinstance(shown, list | tuple) and isinstance(saved, list | tuple):
        return list(shown) == list(saved)
    if shown in (None, []) and saved in (None, []):
        return True
    return shown == saved


def shown_rows(base: list[Row], delta: Delta, added_ids: list[str | None]) -> list[Row]:
    """The rows the grid shows: the rows it was drawn with and the edits it holds; rows added in
    the grid carry the id they were saved under (None if not kept yet)."""
    edited, deleted = _edited(delta), {int(i) for i in delta.get("deleted_rows") or []}
    rows = [row | edited.get(p, {}) for p, row in enumerate(base) if p not in deleted]
    for index, added in enumerate(_added(delta)):
        rows.append(added | {"id": added_ids[index] if index < len(added_ids) else None})
    return rows


def grid_differs(shown: list[Row], saved: list[Row], columns: list[str]) -> bool:
    """True when a kept row shows something other than what is saved (a refused value, a figure
    the model reset), so the table must be drawn again from the canvas. Rows the writer has not
    kept yet (an added job without its text) are not a difference: the grid keeps them."""
    saved_by_id = {r.get("id"): r for r in saved}
    kept = [r for r in shown if r.get("id") is not None]
    if {r["id"] for r in kept} != set(saved_by_id):
        return True
    return any(
        not _same_cell(row.get(c), saved_by_id[row["id"]].get(c)) for row in kept for c in columns
    )


def apply_table_delta(canvas: Canvas, table: Table, delta: Delta) -> Canvas:
    """A whole delta on a table just drawn from `canvas`; raises EditError if any part is refused."""
    base = table.read(canvas)
    changes, added_ids = changes_between(base, empty_delta(), delta, [])
    outcome = apply_changes(canvas, table.read, table.write, changes, added_ids, table.defaults)
    if outcome.problems:
        raise EditError(outcome.problems)
    return outcome.canvas
