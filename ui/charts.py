"""Draw the canvas charts for the working copy: built in `canvas.outputs.charts`, looked up there
by name.

Each spec (a plain Vega-Lite dict, built in well under a millisecond) is still built once per canvas
version and options, from the figures the page already has (`session.analysis`), and reused on
every rerun that did not change the canvas.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from canvas.core.labels import display_names, wording
from canvas.core.model import Canvas, CustomerGroup
from canvas.outputs import charts
from ui import session

# chart text at about 19 px instead of 12, beside the presenter's 22 px body text
PRESENTER_TEXT = 1.6
PRESENTER_PLOT_HEIGHT = 250  # pixels: a chart beside the text, on one 1280x720 screen


def present_chart(
    name: str,
    group: CustomerGroup | None,
    plot_height: int = PRESENTER_PLOT_HEIGHT,
    total_height: int | None = None,
    **options: Any,
) -> None:
    """A chart in presenter view: large text, short enough to fit the screen with the step, the
    group being discussed in full colour and the others dimmed. `total_height` (pixels, title
    and axes included) caps a chart that shares its column."""
    show_chart(
        name,
        text_scale=PRESENTER_TEXT,
        plot_height=plot_height,
        total_height=total_height,
        focus=display_names(session.current())[group.id] if group is not None else None,
        **options,
    )


def by_margin(label: str, key: str, canvas: Canvas) -> bool:
    """Whether the person chose to weigh a chart's groups by annual margin, not by head count."""
    words = wording(canvas)
    choices = {False: f"Number of {words.customers}", True: f"Annual {words.margin}"}
    chosen = st.segmented_control(
        label, list(choices), default=False, format_func=choices.get, key=key
    )
    return bool(chosen)


def chart_spec(name: str, **options: Any) -> dict[str, Any]:
    """The Vega-Lite spec of one chart of the working copy (validated by the chart tests)."""

    def build(canvas: Canvas) -> dict[str, Any]:
        metrics, placements, _ = session.analysis()
        return charts.build_chart(name, canvas, metrics, placements, **options)

    return session.for_this_version(f"chart {name} {sorted(options.items())}", build)


def show_chart(
    name: str,
    *,
    text_scale: float = 1.0,
    plot_height: int | None = None,
    total_height: int | None = None,
    focus: str | None = None,
    **options: Any,
) -> None:
    """Draw one chart of the working copy; `text_scale` enlarges its text, `plot_height` sets the
    most height its plot may take and `focus` dims every group but the one it names (presenter
    view). A chart that places its own labels is built at that size, so they don't collide."""
    if name in charts.PLACES_ITS_LABELS and (text_scale != 1.0 or plot_height is not None):
        sized = {"height": plot_height} if plot_height is not None else {}
        spec = chart_spec(name, text_scale=text_scale, **sized, **options)
    else:
        spec = chart_spec(name, **options)
        if text_scale != 1.0:
            spec = charts.with_larger_text(spec, text_scale)
    if focus is not None:
        spec = charts.with_focus(spec, focus)
    if plot_height is not None and isinstance(spec.get("height"), int):
        spec = {**spec, "height": min(spec["height"], plot_height)}  # short charts stay short
    plot_height = spec.get("height")
    # Streamlit squeezes layered charts unless told the full height (plot + title, axes, legend)
    # (short charts such as the mix bar carry a legend of several rows below them)
    extra = (150 if isinstance(plot_height, int) and plot_height >= 150 else 230) * text_scale
    height = round(plot_height + extra) if isinstance(plot_height, int) else "content"
    if total_height is not None:
        height = total_height if height == "content" else min(height, total_height)
    st.vega_lite_chart(spec, width="stretch", height=height)
