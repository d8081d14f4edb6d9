"""Draw the canvas charts (built in `canvas.charts`) for the working copy."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import altair as alt
import streamlit as st

from canvas import charts
from ui import session


def _builders() -> dict[str, Callable[..., alt.TopLevelMixin]]:
    canvas = session.current()
    metrics, placements, _ = session.analysis()
    return {
        "portfolio_mix": lambda **kw: charts.portfolio_mix_chart(canvas, metrics, **kw),
        "value_to_customer": lambda **kw: charts.value_to_customer_chart(canvas, **kw),
        "clv": lambda **kw: charts.clv_chart(canvas, metrics, **kw),
        "pareto": lambda **kw: charts.pareto_chart(canvas, metrics, **kw),
        "nps": lambda **kw: charts.nps_chart(canvas, metrics, **kw),
        "value_map": lambda **kw: charts.value_map_chart(canvas, metrics, placements, **kw),
        "target_mix": lambda **kw: charts.target_mix_chart(canvas, metrics, **kw),
        "hangouts": lambda **kw: charts.hangout_matrix_chart(canvas, **kw),
    }


def show_chart(name: str, **options: Any) -> None:
    chart = _builders()[name](**options)
    spec_height = chart.to_dict().get("height")
    # Streamlit squeezes layered charts unless told the full height (plot + title, axes, legend)
    height = spec_height + 150 if isinstance(spec_height, int) else "content"
    st.altair_chart(chart, width="stretch", height=height)
