"""One format per kind of figure (#14): the same canvas fed to the app's summary, the presenter
view, the workbook's Strategy sheet and the one-page picture gives the same money and percentage
strings in all four."""

from __future__ import annotations

import io
import re
from collections.abc import Callable

import pytest
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from canvas.core import labels
from canvas.core.metrics import compute
from canvas.core.strategy import result_text
from canvas.outputs.excel import export_workbook
from canvas.outputs.excel.layout import STRATEGY
from canvas.outputs.onepager import one_page_spec
from canvas.storage import SqliteStore
from tests.app.test_step_screens import presenter
from tests.support.documents import texts_in


def figures(store: SqliteStore, canvas_id: str) -> list[str]:
    """The first group's figures, each written by the one function for its kind."""
    canvas = store.load(canvas_id).canvas
    group = canvas.groups[0]
    gm = compute(canvas).of(group)
    result = group.intents[0].expected_results[0]
    return [
        labels.lifetime_value(gm, canvas.currency),  # money
        f"Group value {labels.money(gm.group_value, canvas.currency)}",  # large money
        f"{labels.percent(gm.share_now_pct)} → {labels.percent(group.target_share_pct)}",  # shares
        result_text(result, canvas),  # a result, in its own unit
    ]


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\\", ""))


def app_text(app: AppTest) -> str:
    return flat(" ".join(m.value for m in app.markdown))


def outputs(
    store: SqliteStore, canvas_id: str, open_page: Callable[..., AppTest]
) -> dict[str, str]:
    canvas = store.load(canvas_id).canvas
    book = load_workbook(io.BytesIO(export_workbook(canvas)))
    sheet = " ".join(str(c.value) for row in book[STRATEGY].iter_rows() for c in row if c.value)
    # the one-pager wraps a cell's text into lines: its words, joined again, must still match
    picture = " ".join(texts_in(one_page_spec(canvas)))
    return {
        "app": app_text(open_page("summary", canvas_id)),
        "presenter": app_text(presenter(open_page, canvas_id, "summary")),
        "workbook": flat(sheet),
        "one-pager": flat(picture),
    }


@pytest.mark.parametrize("sample", ["bakery", "it_services", "nonprofit"])
def test_every_output_writes_a_figure_the_same_way(
    sample: str,
    store: SqliteStore,
    new_canvas: Callable[[str], str],
    open_page: Callable[..., AppTest],
) -> None:
    canvas_id = new_canvas(sample)
    wanted = figures(store, canvas_id)
    texts = outputs(store, canvas_id, open_page)
    missing = {name: [w for w in wanted if w not in text] for name, text in texts.items()}
    assert missing == {name: [] for name in texts}, wanted


def test_the_bakery_figures_read_as_a_person_writes_them(
    store: SqliteStore, new_canvas: Callable[[str], str]
) -> None:
    """The formats themselves: whole dollars with separators, cents only under 10, shares with
    one decimal at most and no trailing zero."""
    assert figures(store, new_canvas("bakery")) == [
        "Lifetime value $870",
        "Group value $783,209",
        "44.6% → 47.5%",
        "Retention (%): 60 → 65 in 12 months",
    ]
