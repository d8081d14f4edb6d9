"""The intent step offers a nonprofit's objectives and measures in the words its workbook and
one-page strategy use; a business keeps its own."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from canvas.core import labels as L
from canvas.storage.files import load_sample
from tests.support.apptest import no_exceptions, walk


def _options(app: AppTest) -> list[str]:
    """The options of every multiselect, and of every table's choice columns."""
    found = [o for m in app.multiselect for o in m.options]
    for node in walk(app._tree):
        if getattr(node, "type", "") == "dataframe":
            for column in json.loads(node.proto.columns or "{}").values():
                found += [str(o) for o in column.get("type_config", {}).get("options", [])]
    return found


@pytest.mark.parametrize("sample", ["bakery", "nonprofit"])
def test_intent_step_options_are_in_the_canvas_words(
    sample: str, new_canvas: Callable[[str], str], open_page: Callable[..., AppTest]
) -> None:
    canvas = load_sample(sample)
    app = open_page("intent", new_canvas(sample))
    no_exceptions(app)
    options = _options(app)
    assert L.objectives(canvas)["acquire"] in options
    other = L.BUSINESS_WORDS if canvas.is_nonprofit else L.NONPROFIT_WORDS
    assert other.objectives["acquire"] not in options


@pytest.mark.parametrize(
    ("sample", "said"),
    [
        ("bakery", "Customers are not all alike. Groups that differ in how they buy, spend and"),
        ("nonprofit", "Supporters are not all alike. Groups that differ in how they give and"),
    ],
)
def test_the_groups_step_says_what_sets_groups_apart_in_the_canvas_words(
    sample: str, said: str, new_canvas: Callable[[str], str], open_page: Callable[..., AppTest]
) -> None:
    app = open_page("groups", new_canvas(sample))
    assert any(m.value.startswith(said) for m in app.markdown)
