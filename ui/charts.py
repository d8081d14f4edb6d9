"""Draw the canvas charts (built in `canvas.charts`) for the working copy.

Each spec (a plain Vega-Lite dict, built in well under a millisecond) is still built once per canvas
version and options, then reused on every rerun that did not change the canvas.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import streamlit as st

from canvas import charts
from canvas.classify import place
from canvas.metrics import compute
from canvas.model import Canvas
from ui import session

BUILDERS = {
    "portfolio_mix": lambda c, m, p, **kw: charts.portfolio_mix_chart(c, m, **kw),
    "value_to_customer": lambda c, m, p, **kw: charts.value_to_customer_chart(c, **kw),
    "clv": lambda c, m, p, **kw: charts.clv_chart(c, m, **kw),
    "pareto": lambda c, m, p, **kw: charts.pareto_chart(c, m, **kw),
    "nps": lambda c, m, p, **kw: charts.nps_chart(c, m, **kw),
    "value_map": lambda c, m, p, **kw: charts.value_map_chart(c, m, p, **kw),
    "target_mix": lambda c, m, p, **kw: charts.target_mix_chart(c, m, **kw),
    "hangouts": lambda c, m, p, **kw: charts.hangout_matrix_chart(c, **kw),
}


@lru_cache(maxsize=256)
def chart_spec(name: str, canvas_json: str, options: tuple[tuple[str, Any], ...]) -> dict[str, Any]:
    """The Vega-Lite spec of one chart for one canvas version (validated by the chart tests)."""
    canvas = Canvas.model_validate_json(canvas_json)
    metrics = compute(canvas)
    return BUILDERS[name](canvas, metrics, place(canvas, metrics), **dict(options))


def show_chart(name: str, *, text_scale: float = 1.0, **options: Any) -> None:
    """Draw one chart of the working copy; `text_scale` enlarges its text (presenter view)."""
    spec = chart_spec(name, session.current().model_dump_json(), tuple(sorted(options.items())))
    if text_scale != 1.0:
        spec = charts.with_larger_text(spec, text_scale)
    plot_height = spec.get("height")
    # Streamlit squeezes layered charts unless told the full height (plot + title, axes, legend)
    # (short charts such as the mix bar carry a legend of several rows below them)
    extra = (150 if isinstance(plot_height, int) and plot_height >= 150 else 230) * text_scale
    height = round(plot_height + extra) if isinstance(plot_height, int) else "content"
    st.vega_lite_chart(spec, width="stretch", height=height)
