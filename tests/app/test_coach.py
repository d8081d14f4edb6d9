"""Coach mode: presenter view, keyboard-driven step and group moves, timer state, notes, recap."""

from __future__ import annotations

import json
from collections.abc import Callable

from streamlit.testing.v1 import AppTest

from canvas.storage import SqliteStore
from tests.app.conftest import ROOT


def start_session(app: AppTest) -> AppTest:
    next(b for b in app.button if b.label == "Start a coached session").click().run()
    return app


def test_present_flag_opens_presenter_view(
    new_canvas: Callable[[str], str], open_page: Callable[..., AppTest]
) -> None:
    canvas_id = new_canvas("bakery")
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    app.query_params["canvas"] = canvas_id
    app.query_params["present"] = "1"
    app.run()
    app.switch_page("pages/value-map.py").run()
    assert not app.exception
    headings = [m.value for m in app.markdown]
    assert "# Value-exchange map" in headings


def chart_specs(app: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in app.get("vega_lite_chart")]


def test_presenter_charts_have_large_text(
    new_canvas: Callable[[str], str], open_page: Callable[..., AppTest]
) -> None:
    canvas_id = new_canvas("bakery")
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    app.query_params.update(canvas=canvas_id, step="value-map")
    app.run()
    app.switch_page("pages/present.py").run()
    on_screen = chart_specs(app)
    normal = chart_specs(open_page("value-map", canvas_id))
    assert on_screen and normal
    assert on_screen[0]["config"]["axis"]["labelFontSize"] >= 18
    assert normal[0]["config"]["axis"]["labelFontSize"] == 12


def test_session_start_moves_steps_and_groups(
    store: SqliteStore, new_canvas: Callable[[str], str], open_page: Callable[..., AppTest]
) -> None:
    canvas_id = new_canvas("bakery")
    app = start_session(open_page("goal", canvas_id))
    assert not app.exception
    session = store.load(canvas_id).canvas.coach_session
    assert session is not None and session.step == "S1" and session.snapshot
    app = open_page("present", canvas_id)
    assert "# Goal" in [m.value for m in app.markdown]
    next(b for b in app.button if b.label == "Step ▶").click().run()
    assert store.load(canvas_id).canvas.coach_session.step == "S2"
    assert "# Customer groups" in [m.value for m in app.markdown]
    next(b for b in app.button if b.label == "Group ▼").click().run()
    assert store.load(canvas_id).canvas.coach_session.focus_group == "brunch"
    # a reload (new session) comes back to the same step and group, with the timer running
    again = open_page("present", canvas_id)
    markdown = [m.value for m in again.markdown]
    assert "# Customer groups" in markdown
    assert any("Weekend brunch families" in m for m in markdown)
    assert any("left" in i.value or "over" in i.value for i in [*again.info, *again.warning])


def test_parking_lot_note_and_recap(
    store: SqliteStore, new_canvas: Callable[[str], str], open_page: Callable[..., AppTest]
) -> None:
    canvas_id = new_canvas("bakery")
    start_session(open_page("goal", canvas_id))
    app = open_page("present", canvas_id)
    note = next(t for t in app.text_input if t.label == "Quick note")
    note.set_value("Check card fees with the accountant")
    next(b for b in app.button if b.label == "Add note").click().run()
    notes = store.load(canvas_id).canvas.session_notes
    assert [n.text for n in notes] == ["Check card fees with the accountant"]
    assert notes[0].step == "S1"
    summary = open_page("intent", canvas_id)
    next(b for b in summary.button if b.label == "End session and see the recap").click().run()
    recap = open_page("summary", canvas_id)
    text = " ".join(m.value for m in recap.markdown)
    assert "Check card fees with the accountant" in text
    assert "Session recap" in " ".join(h.value for h in recap.subheader)
