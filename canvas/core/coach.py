"""Coached sessions: the agenda and timer, quick notes, and what changed since the start."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from canvas.core.document import canvas_from_json
from canvas.core.editing import with_changes
from canvas.core.labels import INTENTS, group_label
from canvas.core.model import Canvas, CoachSession, NoteKind, SessionNote, new_id, utc_now
from canvas.core.progress import STEP_BY_CODE, STEPS

NOTE_KINDS = {
    NoteKind.idea: "Idea to park",
    NoteKind.decision: "Decision",
    NoteKind.verify: "Number to check",
}


def default_minutes() -> dict[str, int]:
    """The 60-minute plan of METHOD §3."""
    return {step.code: step.minutes for step in STEPS}


def start_session(canvas: Canvas, minutes: dict[str, int] | None = None) -> Canvas:
    """Start a session at step 1, keeping a snapshot of the canvas for the recap."""
    before = canvas.model_copy(update={"coach_session": None})
    now = utc_now()
    session = CoachSession(
        started_at=now,
        step="S1",
        step_started_at=now,
        minutes=minutes or default_minutes(),
        snapshot=before.model_dump_json(),
    )
    return with_changes(canvas, coach_session=session.model_dump())


def _session(canvas: Canvas) -> CoachSession:
    if canvas.coach_session is None:
        raise ValueError("no session is running")
    return canvas.coach_session


def go_to_step(canvas: Canvas, code: str, now: datetime | None = None) -> Canvas:
    session = _session(canvas)
    if session.step == code:
        return canvas
    changed = session.model_copy(update={"step": code, "step_started_at": now or utc_now()})
    return with_changes(canvas, coach_session=changed.model_dump())


def set_focus(canvas: Canvas, group_id: str | None) -> Canvas:
    changed = _session(canvas).model_copy(update={"focus_group": group_id})
    return with_changes(canvas, coach_session=changed.model_dump())


def set_minutes(canvas: Canvas, code: str, minutes: int) -> Canvas:
    session = _session(canvas)
    changed = session.model_copy(update={"minutes": session.minutes | {code: minutes}})
    return with_changes(canvas, coach_session=changed.model_dump())


def end_session(canvas: Canvas, now: datetime | None = None) -> Canvas:
    changed = _session(canvas).model_copy(update={"ended_at": now or utc_now()})
    return with_changes(canvas, coach_session=changed.model_dump())


def close_session(canvas: Canvas) -> Canvas:
    return with_changes(canvas, coach_session=None)


@dataclass(frozen=True)
class Clock:
    budget_seconds: int
    elapsed_seconds: int
    session_elapsed_seconds: int
    session_budget_seconds: int

    @property
    def remaining_seconds(self) -> int:
        return self.budget_seconds - self.elapsed_seconds

    @property
    def overrun(self) -> bool:
        return self.remaining_seconds < 0


def clock(session: CoachSession, now: datetime | None = None) -> Clock:
    now = now or utc_now()
    minutes = default_minutes() | session.minutes
    end = session.ended_at or now
    return Clock(
        budget_seconds=minutes[session.step] * 60,
        elapsed_seconds=max(0, int((end - session.step_started_at).total_seconds())),
        session_elapsed_seconds=max(0, int((end - session.started_at).total_seconds())),
        session_budget_seconds=sum(minutes.values()) * 60,
    )


def clock_text(value: Clock) -> str:
    """'4:12 left' or '1:05 over', for the current step."""
    seconds = abs(value.remaining_seconds)
    text = f"{seconds // 60}:{seconds % 60:02d}"
    return f"{text} over" if value.overrun else f"{text} left"


def add_note(
    canvas: Canvas,
    text: str,
    kind: str = NoteKind.idea,
    step: str | None = None,
    group_id: str | None = None,
) -> Canvas:
    note = {
        "id": new_id("pin"),
        "kind": kind,
        "text": text,
        "step": step,
        "group_id": group_id,
        "created_at": utc_now(),
    }
    return with_changes(
        canvas, session_notes=[*(n.model_dump() for n in canvas.session_notes), note]
    )


def remove_note(canvas: Canvas, note_id: str) -> Canvas:
    kept = [n.model_dump() for n in canvas.session_notes if n.id != note_id]
    return with_changes(canvas, session_notes=kept)


def note_place(canvas: Canvas, note: SessionNote) -> str:
    """Where a note belongs, in words: 'Intent and target mix · Weekday commuters'."""
    parts = []
    if note.step:
        parts.append(STEP_BY_CODE[note.step].title)
    if note.group_id:
        parts.append(group_label(canvas.group(note.group_id).name))
    return " · ".join(parts)


@dataclass
class Recap:
    groups_added: list[str] = field(default_factory=list)
    groups_removed: list[str] = field(default_factory=list)
    scores: list[tuple[str, str, float | None, float | None]] = field(default_factory=list)
    intents: list[tuple[str, str, str]] = field(default_factory=list)
    target_mix: list[tuple[str, float | None, float | None]] = field(default_factory=list)
    notes: int = 0
    goal_changed: bool = False

    @property
    def anything(self) -> bool:
        return bool(
            self.groups_added
            or self.groups_removed
            or self.scores
            or self.intents
            or self.target_mix
            or self.notes
            or self.goal_changed
        )


def _intent_words(types: list[str]) -> str:
    return " + ".join(INTENTS[t] for t in types) or "none"


def recap(before: Canvas, after: Canvas) -> Recap:
    """What a session changed: groups, scores, intents, target mix, notes."""
    result = Recap()
    old = {g.id: g for g in before.groups}
    new = {g.id: g for g in after.groups}
    result.groups_added = [group_label(g.name) for i, g in new.items() if i not in old]
    result.groups_removed = [group_label(g.name) for i, g in old.items() if i not in new]
    result.goal_changed = before.business_goal != after.business_goal
    for group_id, group in new.items():
        name = group_label(group.name)
        was = old.get(group_id)
        for label, attr in (
            ("Value to the customer", "value_to_customer_score"),
            ("Value to the business", "value_to_business_score"),
        ):
            a = getattr(was, attr) if was else None
            b = getattr(group, attr)
            if a != b:
                result.scores.append((name, label, a, b))
        a_intents = [i.type.value for i in was.intents] if was else []
        b_intents = [i.type.value for i in group.intents]
        if a_intents != b_intents:
            result.intents.append((name, _intent_words(a_intents), _intent_words(b_intents)))
        a_target = was.target_share_pct if was else None
        if a_target != group.target_share_pct:
            result.target_mix.append((name, a_target, group.target_share_pct))
    known = {n.id for n in before.session_notes}
    result.notes = sum(1 for n in after.session_notes if n.id not in known)
    return result


def session_recap(canvas: Canvas) -> Recap:
    session = _session(canvas)
    before = canvas_from_json(session.snapshot)
    return recap(before, canvas)
