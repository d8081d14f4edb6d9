"""Accepted figures into a canvas: matched to groups by name, marked measured, with their source.

Only aggregates enter the canvas: the file's name, the period, the rows used and which fields were
measured. Margin % and cost to serve are left alone: a sales file holds sales, not costs.
"""

from __future__ import annotations

from collections.abc import Iterable

from canvas.core.editing import with_changes
from canvas.core.limits import max_length
from canvas.core.model import Canvas, Confidence, CustomerGroup, MeasuredFrom
from canvas.measure import limits
from canvas.measure.figures import GroupFigures, Measurement

FILE_NAME_CHARS = max_length(MeasuredFrom, "file_name")
MEASURED_FIELDS = ("customer_count", "avg_order_value", "purchases_per_year", "retention_pct")


def _key(name: str) -> str:
    return " ".join(name.casefold().split())


def matching_group(canvas: Canvas, name: str) -> CustomerGroup | None:
    """The canvas group of that name (case and spacing aside)."""
    return next((g for g in canvas.groups if _key(g.name) == _key(name)), None)


def measured_values(figures: GroupFigures) -> dict[str, float | int]:
    """The model's fields this group's figures give (retention only when there is an earlier
    year; at most 99%, as the model refuses 100%)."""
    values: dict[str, float | int] = {"customer_count": figures.customers}
    if figures.avg_sale is not None:
        values["avg_order_value"] = round(figures.avg_sale, 2)
    if figures.purchases_per_year is not None:
        values["purchases_per_year"] = round(figures.purchases_per_year, 2)
    if figures.retention_pct is not None:
        values["retention_pct"] = round(min(figures.retention_pct, limits.MAX_RETENTION_PCT), 1)
    return values


def _group_document(group: CustomerGroup, figures: GroupFigures, m: Measurement) -> dict:
    values = measured_values(figures)
    confidence = group.confidence.model_dump() | dict.fromkeys(values, Confidence.measured)
    source = MeasuredFrom(
        file_name=m.file_name[-FILE_NAME_CHARS:],
        period_start=m.period.start,
        period_end=m.period.end,
        rows_used=m.rows_used,
        fields=list(values),
    )
    return group.model_dump() | values | {"confidence": confidence, "measured": source}


def apply_measurement(
    canvas: Canvas, measurement: Measurement, accepted: Iterable[str] | None = None
) -> tuple[Canvas, list[str]]:
    """The canvas with the accepted groups' figures measured (`accepted`: group names from the
    file; default every group), and the names of the file's groups no canvas group matched.
    Raises EditError (nothing changed) when the model refuses a figure."""
    wanted = {_key(n) for n in accepted} if accepted is not None else None
    documents = {g.id: g.model_dump() for g in canvas.groups}
    unmatched = []
    for figures in measurement.groups:
        if wanted is not None and _key(figures.group) not in wanted:
            continue
        group = matching_group(canvas, figures.group)
        if group is None:
            unmatched.append(figures.group)
            continue
        documents[group.id] = _group_document(group, figures, measurement)
    return with_changes(canvas, groups=list(documents.values())), unmatched
