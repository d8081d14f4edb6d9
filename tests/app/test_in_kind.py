"""#12 in the app: the hourly value of volunteer time is the canvas's, and step 4 and the map show
a group valued in kind with its own figures and words."""

from __future__ import annotations

import json
from collections.abc import Callable

from streamlit.testing.v1 import AppTest

from canvas.storage import SqliteStore
from tests.support.apptest import no_exceptions, walk

HOURLY = "Value of a volunteer hour (AUD)"


def _table_cells(app: AppTest) -> str:
    """The text of every read-only table on the page."""
    return " ".join(
        json.dumps(node.value.to_dict())
        for node in walk(app._tree)
        if getattr(node, "type", "") == "dataframe" and hasattr(node, "value")
    )


def test_the_hourly_value_changes_the_in_kind_figures(
    store: SqliteStore, new_canvas: Callable[[str], str], open_page: Callable[..., AppTest]
) -> None:
    canvas_id = new_canvas("nonprofit")
    app = open_page("value-to-business", canvas_id)
    no_exceptions(app)
    assert "$5,274" in _table_cells(app)  # 180 h x $31.80 less $450 support
    app.number_input(key=next(n.key for n in app.number_input if n.label == HOURLY)).set_value(
        20.0
    ).run()
    no_exceptions(app)
    assert store.load(canvas_id).canvas.volunteer_hour_value == 20.0
    assert "$3,150" in _table_cells(app)  # 180 h x $20 less $450
    said = " ".join(m.value for m in open_page("value-map", canvas_id).markdown)
    assert "Weekend volunteers" in said and "lifetime value in kind" in said
