from __future__ import annotations

from datetime import timedelta

import pytest

from canvas.core import coach
from canvas.core.document import canvas_from_json, canvas_to_json
from canvas.core.editing import EditError, set_intents, with_group_changes
from canvas.core.model import Canvas, NoteKind
from canvas.core.progress import STEPS


def test_session_plan_defaults_to_the_60_minute_plan() -> None:
    assert sum(coach.default_minutes().values()) == sum(s.minutes for s in STEPS)
    assert coach.default_minutes()["S3"] == 12
    assert sum(coach.default_minutes().values()) == 60


def test_start_move_and_clock(bakery: Canvas) -> None:
    started = coach.start_session(bakery)
    session = started.coach_session
    assert session.step == "S1" and session.snapshot
    later = session.step_started_at + timedelta(minutes=3, seconds=10)
    clock = coach.clock(session, now=later)
    assert clock.budget_seconds == 4 * 60
    assert coach.clock_text(clock) == "0:50 left" and not clock.overrun
    over = coach.clock(session, now=session.step_started_at + timedelta(minutes=6, seconds=5))
    assert over.overrun and coach.clock_text(over) == "2:05 over"
    moved = coach.go_to_step(started, "S5", now=later)
    assert moved.coach_session.step == "S5" and moved.coach_session.step_started_at == later
    assert coach.go_to_step(moved, "S5") is moved


def test_timer_state_survives_a_save_and_reload(bakery: Canvas) -> None:
    started = coach.set_minutes(coach.start_session(bakery), "S2", 20)
    again = canvas_from_json(canvas_to_json(started))
    assert again.coach_session == started.coach_session
    assert coach.clock(again.coach_session).budget_seconds == 4 * 60
    assert again.coach_session.minutes["S2"] == 20


def test_notes_round_trip_and_group_deletion(bakery: Canvas) -> None:
    noted = coach.add_note(bakery, "Check catering margins", NoteKind.verify, "S4", "catering")
    noted = coach.add_note(noted, "Try a desk pass", NoteKind.idea)
    assert [n.kind for n in noted.session_notes] == ["verify", "idea"]
    assert (
        coach.note_place(noted, noted.session_notes[0])
        == "Value to the business · Office catering accounts"
    )
    with pytest.raises(EditError):
        coach.add_note(bakery, "")
    from canvas.core.editing import GROUPS
    from canvas.core.table_edits import apply_table_delta

    rows = GROUPS.read(noted)
    position = next(i for i, r in enumerate(rows) if r["id"] == "catering")
    without = apply_table_delta(noted, GROUPS, {"deleted_rows": [position]})
    assert without.session_notes[0].group_id is None
    assert len(coach.remove_note(noted, noted.session_notes[1].id).session_notes) == 1


def test_recap_shows_what_changed(bakery: Canvas) -> None:
    started = coach.start_session(bakery)
    edited = with_group_changes(
        started, "cakes", value_to_customer_score=5.0, target_share_pct=12.0
    )
    edited = set_intents(edited, "campers", ["re_engineer", "maintain"])
    edited = coach.add_note(edited, "Ask the accountant about card fees", NoteKind.verify)
    summary = coach.session_recap(coach.end_session(edited))
    assert ("Celebration cake customers", "Value to the customer", 4.5, 5.0) in summary.scores
    assert ("Laptop campers", "Re-engineer", "Re-engineer + Maintain") in summary.intents
    assert ("Celebration cake customers", 14.0, 12.0) in summary.target_mix
    assert summary.notes == 1 and summary.anything
    assert not coach.session_recap(started).anything


def test_ended_session_stops_the_clock(bakery: Canvas) -> None:
    started = coach.start_session(bakery)
    ended = coach.end_session(
        started, now=started.coach_session.step_started_at + timedelta(minutes=2)
    )
    frozen = coach.clock(ended.coach_session, now=ended.coach_session.ended_at + timedelta(hours=3))
    assert frozen.elapsed_seconds == 120
    assert coach.close_session(ended).coach_session is None


def test_session_notes_go_into_the_workbook_and_come_back(bakery: Canvas) -> None:
    """Issue 5: the parking lot is exported in the workbook and survives a round trip."""
    import io

    from openpyxl import load_workbook

    from canvas.outputs.excel import export_workbook, import_workbook

    noted = coach.add_note(bakery, "Check card fees", NoteKind.verify, "S4", "catering")
    noted = coach.start_session(noted)
    data = export_workbook(noted)
    sheet = load_workbook(io.BytesIO(data), read_only=True)["Session notes"]
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row if cell]
    assert "Check card fees" in values and "Office catering accounts" in values
    again = import_workbook(data)
    assert again.session_notes == noted.session_notes
    assert again.coach_session == noted.coach_session
    assert (
        "Session notes"
        not in load_workbook(
            io.BytesIO(export_workbook(noted, customer_safe=True)), read_only=True
        ).sheetnames
    )
