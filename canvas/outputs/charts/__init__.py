"""Vega-Lite chart specs for the canvas (METHOD §3, "Chart:" lines; checks C-28..C-31).

Pure Python, never imports Streamlit (nor altair: building altair objects and turning them into
dicts took tens to hundreds of milliseconds per chart). Every chart function returns a complete
top-level Vega-Lite v6 spec as a plain dict, data inline as "values"; the pages draw it with
`st.vega_lite_chart(spec, width="stretch")`. Every function returns a spec, never None; an empty
canvas gets a short plain-words text instead of an empty frame. The chart tests validate the specs
against the Vega-Lite schema; nothing validates them at run time.

Conventions, the same in every chart:
- one colour per group, from `canvas.core.colors.group_colors`, keyed by the group's display name
  (`canvas.core.labels.display_names`);
- estimates (prospects, or figures whose weakest input is a guess) are hollow and dashed;
- numbers in tooltips are pre-formatted strings in the canvas currency (`labels.money`);
- words about customers follow `labels.wording(canvas)` (supporters for nonprofits).

One module per chart family (`mix`, `customer_value`, `business_value`, `value_map`, `target_mix`,
`hangouts`, `sales`), the shared pieces in `base` (its public names; the chart modules import the module and
call them qualified: `base.layer(...)`, `base.quant(...)`, `base.MUTED`), and one registry here:
`CHARTS` names every chart, and `build_chart(name, canvas, metrics, placements, **options)` builds
one by that name.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from canvas.core.classify import Placement
from canvas.core.metrics import CanvasMetrics
from canvas.core.model import Canvas
from canvas.outputs.charts.base import Spec, with_focus, with_larger_text
from canvas.outputs.charts.business_value import clv_chart, nps_chart, pareto_chart
from canvas.outputs.charts.customer_value import value_to_customer_chart
from canvas.outputs.charts.hangouts import hangout_matrix_chart
from canvas.outputs.charts.mix import portfolio_mix_chart
from canvas.outputs.charts.sales import cohort_chart, sales_pareto_chart
from canvas.outputs.charts.target_mix import target_mix_chart
from canvas.outputs.charts.value_map import value_map_chart

Builder = Callable[..., Spec]  # (canvas, metrics, placements, **options) -> spec

CHARTS: dict[str, Builder] = {
    "portfolio_mix": lambda c, m, p, **kw: portfolio_mix_chart(c, m, **kw),
    "value_to_customer": lambda c, m, p, **kw: value_to_customer_chart(c, **kw),
    "clv": lambda c, m, p, **kw: clv_chart(c, m, **kw),
    "pareto": lambda c, m, p, **kw: pareto_chart(c, m, **kw),
    "nps": lambda c, m, p, **kw: nps_chart(c, m, **kw),
    "value_map": lambda c, m, p, **kw: value_map_chart(c, m, p, **kw),
    "target_mix": lambda c, m, p, **kw: target_mix_chart(c, m, **kw),
    "hangouts": lambda c, m, p, **kw: hangout_matrix_chart(c, **kw),
    "sales_pareto": lambda c, m, p, **kw: sales_pareto_chart(c, **kw),
    "sales_cohorts": lambda c, m, p, **kw: cohort_chart(c, **kw),
}


PLACES_ITS_LABELS = frozenset({"value_map"})  # built with `height` and `text_scale` options


def build_chart(
    name: str,
    canvas: Canvas,
    metrics: CanvasMetrics,
    placements: dict[str, Placement],
    **options: Any,
) -> Spec:
    """The spec of the chart called `name` (a key of `CHARTS`); KeyError for an unknown name."""
    return CHARTS[name](canvas, metrics, placements, **options)


__all__ = [
    "CHARTS",
    "PLACES_ITS_LABELS",
    "Spec",
    "build_chart",
    "clv_chart",
    "cohort_chart",
    "hangout_matrix_chart",
    "nps_chart",
    "pareto_chart",
    "portfolio_mix_chart",
    "sales_pareto_chart",
    "target_mix_chart",
    "value_map_chart",
    "value_to_customer_chart",
    "with_focus",
    "with_larger_text",
]
