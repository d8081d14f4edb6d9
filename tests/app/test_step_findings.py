"""Each step shows its own open findings, in the checks' words, near what they are about (#16)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from canvas.core.checks import Finding, Severity, run_checks
from canvas.core.metrics import compute
from canvas.core.progress import STEPS
from canvas.storage import SqliteStore
from ui.findings import NOTHING, counts
from ui.session import FOCUS_GROUP
from ui.text import md

DELIVERY = "delivery"  # the bakery's below-zero group, with findings on steps 3 and 4


def shown(app: AppTest) -> str:
    texts = [m.value for m in app.markdown] + [
        e.value for e in (*app.warning, *app.error, *app.info)
    ]
    return "\n".join(texts)


def messages(store: SqliteStore, canvas_id: str, step: str) -> list[tuple[str | None, str]]:
    canvas = store.load(canvas_id).canvas
    return [(f.group, f.message) for f in run_checks(canvas, compute(canvas)) if f.step == step]


def test_a_table_step_lists_its_findings_at_the_top_in_the_summary_s_words(
    store: SqliteStore, new_canvas: Callable[[str], str], open_page: Callable[..., AppTest]
) -> None:
    canvas_id = new_canvas("bakery")
    app = open_page("value-to-business", canvas_id)
    found = messages(store, canvas_id, "S4")
    assert found
    (box,) = [e for e in app.expander if "On this step" in e.label]
    assert box.label == "▲ On this step: 5 to check"
    text = shown(app)
    for _, message in found:
        assert md(message) in text, message
    summary = shown(open_page("summary", canvas_id))
    for _, message in found:
        assert md(message) in summary, message


def test_a_group_step_shows_the_focused_group_s_findings_and_names_the_others(
    store: SqliteStore, new_canvas: Callable[[str], str], open_page: Callable[..., AppTest]
) -> None:
    canvas_id = new_canvas("bakery")
    app = open_page("value-to-customer", canvas_id)  # the first group is in focus: no findings
    delivery = [m for g, m in messages(store, canvas_id, "S3") if g == DELIVERY]
    assert len(delivery) == 2
    (box,) = [e for e in app.expander if "On this step" in e.label]
    assert box.label == "▲ On this step: 2 to check"
    assert not any(md(m) in shown(app) for m in delivery)
    button = next(b for b in app.button if b.label == "Delivery-app bargain buyers: 2 notes")
    button.click().run()
    assert not app.exception
    assert app.selectbox(key="focus-group").value == DELIVERY
    for message in delivery:
        assert f"- **Check:** {md(message)}" in shown(app)
    assert not [b for b in app.button if b.label.startswith("Delivery-app")]  # not named twice


def test_a_step_with_nothing_found_says_so_in_the_same_place(
    new_canvas: Callable[[str], str], open_page: Callable[..., AppTest]
) -> None:
    app = open_page("intent", new_canvas("bakery"))
    assert NOTHING in [e.label for e in app.expander]


def test_the_stepper_says_what_a_mark_means_on_hover(
    new_canvas: Callable[[str], str], open_page: Callable[..., AppTest]
) -> None:
    app = open_page("goal", new_canvas("bakery"))
    links = {link.label: link.help for link in app.get("page_link")}
    help_of_step_4 = next(
        h for label, h in links.items() if label.startswith("4. Value to the business")
    )
    assert "has warnings · 5 to check (listed on the step)" in help_of_step_4


def test_counts_name_the_most_urgent_first() -> None:
    def found(severity: Severity) -> Finding:
        return Finding(id="V00", severity=severity, step="S4", group=None, message="")

    assert counts([]) == ""
    assert counts([found(Severity.warning), found(Severity.note)]) == "1 to check, 1 idea"
    notes = [
        found(Severity.note),
        found(Severity.error),
        found(Severity.warning),
        found(Severity.note),
    ]
    assert counts(notes) == "1 to fix, 1 to check, 2 ideas"


@pytest.mark.parametrize("sample", ["bakery", "it_services", "nonprofit"])
def test_every_finding_shows_on_its_step_and_on_the_summary_in_the_same_words(
    sample: str,
    store: SqliteStore,
    new_canvas: Callable[[str], str],
    open_page: Callable[..., AppTest],
) -> None:
    """#16 done-criterion: a walk through each sample finds every finding of the checks on the step
    where it arises (for the group in focus, on the steps that edit one group at a time) and on
    the summary, with the same words."""
    canvas_id = new_canvas(sample)
    canvas = store.load(canvas_id).canvas
    findings = run_checks(canvas, compute(canvas))
    summary = shown(open_page("summary", canvas_id))
    for step in STEPS:
        here = [f for f in findings if f.step == step.code]
        if not here:
            continue
        for group_id in {f.group for f in here}:
            app = open_page(None, canvas_id)
            if group_id is not None:
                app.session_state[FOCUS_GROUP] = group_id  # as picking it on any step does
            app.switch_page(f"pages/{step.slug}.py").run()
            assert not app.exception
            text = shown(app)
            for finding in (f for f in here if f.group == group_id):
                assert md(finding.message) in text, (step.slug, finding.message)
                assert md(finding.message) in summary, finding.message
