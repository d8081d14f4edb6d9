"""The evidence charts of a measured sales file: valid Vega-Lite, plain words when empty."""

from __future__ import annotations

from dataclasses import asdict
from functools import cache
from pathlib import Path

from canvas.core.metrics import compute
from canvas.measure.evidence import cohort_table, pareto_curve
from canvas.measure.figures import measure
from canvas.measure.reading import read_sales
from canvas.outputs import charts
from canvas.outputs.charts.sales import NO_FILE
from canvas.storage.files import SAMPLES_DIR, load_sample
from tests.canvas.test_charts import assert_valid

SALES = SAMPLES_DIR / "sales" / "bakery_sales.csv.gz"


@cache
def evidence() -> tuple[list[dict], list[dict]]:
    records = read_sales(Path(SALES).read_bytes(), SALES.name)
    period = measure(records).period
    return (
        [asdict(p) for p in pareto_curve(records, period)],
        [asdict(c) for c in cohort_table(records)],
    )


def test_sales_charts_are_valid_and_registered() -> None:
    bakery = load_sample("bakery")
    metrics = compute(bakery)
    points, cells = evidence()
    pareto = charts.build_chart("sales_pareto", bakery, metrics, {}, points=points)
    cohorts = charts.build_chart("sales_cohorts", bakery, metrics, {}, cells=cells)
    assert_valid(pareto, "sales_pareto")
    assert_valid(cohorts, "sales_cohorts")
    assert "the top 20% bring 38%" in pareto["title"]["subtitle"]
    assert {r["cohort"] for r in cohorts["data"]["values"]} >= {"2024 Q4", "2026 Q3"}
    assert_valid(charts.with_larger_text(cohorts, 1.5), "larger")


def test_without_a_file_the_charts_say_so() -> None:
    bakery = load_sample("bakery")
    for spec in (charts.sales_pareto_chart(bakery), charts.cohort_chart(bakery)):
        assert_valid(spec, "empty")
        assert spec["data"]["values"] == [{"message": NO_FILE}]
