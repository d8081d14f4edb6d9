"""#14 item 8: every screen calls a concept by its one name from the glossary, explains the method's
words where they appear (help tooltips), and writes sentences rather than jargon strings."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from canvas.core import labels as L
from canvas.core.classify import place
from canvas.core.metrics import compute
from canvas.core.model import IntentType
from canvas.core.progress import STEPS
from canvas.storage.files import load_sample
from tests.support.apptest import no_exceptions, shown_text
from ui.steps.value_to_business import _worth_row

OTHER_NAMES = re.compile(r"\bNPS\b|Net Promoter Score|\bRecommendations?\b(?! score)")
JARGON = ("to consider:", "(indicative)", "±", "÷", "Lines at", "addresses 3 of")


def _app_words(app: AppTest) -> str:
    """What the run shows, less the glossary's own explanation of the score (which says what the
    score is also called)."""
    text = "\n".join(value for _, value, _ in shown_text(app))
    return text.replace(L.term("recommendation_score").explain, " ")


@pytest.mark.parametrize("sample", ["bakery", "nonprofit"])
@pytest.mark.parametrize("slug", [s.slug for s in STEPS])
def test_no_screen_names_the_score_otherwise_or_uses_jargon(
    slug: str, sample: str, new_canvas: Callable[[str], str], open_page: Callable[..., AppTest]
) -> None:
    app = open_page(slug, new_canvas(sample))
    no_exceptions(app)
    words = _app_words(app)
    typed = {g.name for g in load_sample(sample).groups}
    for name in typed:  # what people typed is theirs
        words = words.replace(name, " ")
    assert not OTHER_NAMES.search(words), OTHER_NAMES.search(words)
    assert not [j for j in JARGON if j in words]


@pytest.mark.parametrize("sample", ["bakery", "it_services", "nonprofit"])
def test_the_worth_table_names_the_score_and_the_return_in_words(sample: str) -> None:
    canvas = load_sample(sample)
    metrics = compute(canvas)
    placements = place(canvas, metrics)
    words = L.wording(canvas)
    for group in canvas.groups:
        row = _worth_row(canvas, words, group, metrics.of(group), placements[group.id])
        score = row[L.term("recommendation_score").name]
        ratio = row[L.term("value_per_cost_to_win").name]
        assert not OTHER_NAMES.search(" ".join(row))
        assert not [j for j in JARGON if j in score]
        nps = metrics.of(group).nps
        if nps is not None and nps.margin is not None:
            assert f", give or take {nps.margin:.0f}" in score
        assert ratio == "" or ratio.endswith(" times")


def test_the_value_map_explains_corners_tiers_and_the_line(
    new_canvas: Callable[[str], str], open_page: Callable[..., AppTest]
) -> None:
    canvas = load_sample("bakery")
    app = open_page("value-map", new_canvas("bakery"))
    corners = [m for m in app.markdown if any(f"**{q}**" in m.value for q in L.QUADRANTS.values())]
    assert corners and all(m.help == L.term_help("quadrant", canvas) for m in corners)
    lines = [m for m in app.markdown if m.value.startswith("- **")]
    assert lines and all("Worth considering: " in m.value for m in lines)
    tiers = {L.term_help(f"tier:{t}", canvas) for t in L.TIERS}
    assert all(m.help.split("\n\n")[0] in tiers for m in lines)
    near = [m for m in lines if "near the line" in m.value]
    assert near and all(m.help.endswith(L.term_help("line", canvas)) for m in near)


@pytest.mark.parametrize("sample", ["bakery", "nonprofit"])
def test_each_intent_is_explained_where_it_is_chosen(
    sample: str, new_canvas: Callable[[str], str], open_page: Callable[..., AppTest]
) -> None:
    canvas = load_sample(sample)
    app = open_page("intent", new_canvas(sample))
    boxes = {c.label: c for c in app.checkbox}
    for intent in IntentType:
        box = boxes[L.INTENTS[intent]]
        if not box.disabled:  # a blocked intent says why instead
            assert box.help == L.term_help(f"intent:{intent.value}", canvas)
    assert sum(not b.disabled for b in boxes.values()) >= 2


def test_the_strategy_explains_its_words(
    new_canvas: Callable[[str], str], open_page: Callable[..., AppTest]
) -> None:
    canvas = load_sample("bakery")
    app = open_page("summary", new_canvas("bakery"))
    (glossary,) = [e for e in app.expander if e.label == "What the words mean"]
    text = " ".join(m.value for m in glossary.markdown)
    for key in ("recommendation_score", "give_or_take", "rough_guide", "quadrant:value_leak"):
        assert L.term(key, canvas).explain in text
    assert L.term("tier:MGC", canvas).name in text
