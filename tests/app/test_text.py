from __future__ import annotations

from collections.abc import Callable

from streamlit.testing.v1 import AppTest

from canvas.core.editing import with_group_changes
from canvas.storage import SqliteStore
from ui.text import md


def test_markdown_in_user_text_is_inert() -> None:
    assert md("[click](javascript:alert(1))") == r"\[click\]\(javascript\:alert\(1\)\)"
    assert md("$5 and $6") == r"\$5 and \$6"
    assert md("<script>x</script>") == r"\<script\>x\</script\>"
    assert md("line\nbreak") == "line break"
    assert md("2023 plan") == "2023 plan"
    assert md("1. first") == r"1\. first"
    assert md("- not a list, Crumb & Co.") == r"\- not a list, Crumb & Co."


def test_hostile_group_name_is_shown_as_typed(
    store: SqliteStore, new_canvas: Callable[[str], str], open_page: Callable[..., AppTest]
) -> None:
    canvas_id = new_canvas("bakery")
    stored = store.load(canvas_id)
    hostile = "<b>x</b> ![i](http://e) $y$"
    store.save(with_group_changes(stored.canvas, "catering", name=hostile), stored.revision)
    app = open_page("value-map", canvas_id)
    assert not app.exception
    shown = [m.value for m in app.markdown if "x" in m.value and "http" in m.value]
    assert shown and all(r"\!\[i\]\(http\:" in m for m in shown)
