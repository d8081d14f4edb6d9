"""Every field a check names is on its step's page, under the label the check quotes: as a
widget's label, a table's column label, or the text that heads a section (the start of it, up to
": " or " (", as in "Business goal: in 12 to 24 months, ..." or "Average sale (AUD)")."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from canvas.core.checks import run_checks
from canvas.core.labels import field_label
from canvas.core.progress import STEP_BY_CODE
from canvas.storage.files import load_sample
from tests.canvas.test_checks import _variants
from tests.support.apptest import no_exceptions, shown_text, walk


def _rule_fields() -> dict[tuple[str, str], set[str]]:
    """(step, field) -> the rules that name it, from every finding of many canvases."""
    named: dict[tuple[str, str], set[str]] = {}
    for canvas in _variants():
        for f in run_checks(canvas):
            if f.field is not None:
                named.setdefault((f.step, f.field), set()).add(f.id)
    return named


RULE_FIELDS = _rule_fields()


def _labels(app: AppTest) -> list[str]:
    """Widget labels, table column labels, and markdown or caption text (headings stripped)."""
    found = [text.lstrip("#* ").replace("**", "") for _, text, _ in shown_text(app)]
    for node in walk(app._tree):
        if getattr(node, "type", "") == "dataframe":  # tables and data editors
            columns = json.loads(node.proto.columns or "{}")
            found += [c["label"] for c in columns.values() if c.get("label")]
    return found


def _shows(labels: list[str], label: str) -> bool:
    return any(
        t == label or t.startswith((f"{label}: ", f"{label} (", f"{label}, ")) for t in labels
    )


@pytest.mark.parametrize("sample", ["bakery", "it_services", "nonprofit"])
def test_every_field_a_check_names_is_on_its_step(
    sample: str, new_canvas: Callable[[str], str], open_page: Callable[..., AppTest]
) -> None:
    canvas = load_sample(sample)
    canvas_id = new_canvas(sample)
    pages: dict[str, list[str]] = {}
    missing = []
    for (step, field), rules in sorted(RULE_FIELDS.items()):
        if step not in pages:
            app = open_page(STEP_BY_CODE[step].slug, canvas_id)
            no_exceptions(app)
            pages[step] = _labels(app)
        label = field_label(field, canvas)
        if not _shows(pages[step], label):
            missing.append((step, field, label, sorted(rules)))
    assert not missing, missing
