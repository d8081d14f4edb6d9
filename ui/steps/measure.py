"""Step 4's "Measure from your sales records" panel: upload a sales export, say which column is
which when its layout is not recognised, compare the measured figures with the canvas's group by
group, and accept them (all, or one group at a time).

The file's rows stay in this session's memory while the panel is open; only the accepted
aggregates reach the canvas, through the app's edit path (`session.apply`)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from typing import Any

import pandas as pd
import streamlit as st

from canvas.core.labels import field_label, money
from canvas.core.model import Canvas
from canvas.measure.apply import apply_measurement, matching_group, measured_values
from canvas.measure.errors import NeedsMapping, SalesFileError
from canvas.measure.evidence import cohort_table, pareto_curve
from canvas.measure.figures import Measurement, measure
from canvas.measure.grouping import propose_value_groups
from canvas.measure.layouts import ROLE_LABELS, ROLES_REQUIRED, ColumnMap
from canvas.measure.limits import MAX_CSV_BYTES, MB
from canvas.measure.reading import read_sales
from canvas.measure.records import SalesRecords
from canvas.outputs import charts
from canvas.storage.files import SAMPLES_DIR
from ui import session
from ui.frame import show_error
from ui.text import md

TITLE = "Measure from your sales records"
ERROR_KEY = "measure"
RESULT = "_measure_result"  # session state: the last file's measurement, for this canvas
MAPPING = "_measure_mapping"
SAMPLE_SALES = SAMPLES_DIR / "sales" / "bakery_sales.csv.gz"
LARGE_FILE_BYTES = 5 * MB  # above this, a progress bar shows the reading
NO_COLUMN = "(none)"
AS_THE_FILE_SAYS = "(as found in the file)"
FIELDS = ("customer_count", "avg_order_value", "purchases_per_year", "retention_pct")
FILE_GROUPS = "The groups in the file"
VALUE_GROUPS = "A proposal by value (spend and recency)"
NOT_ON_CANVAS = "—"


@dataclass
class Reading:
    """One file as read in this session: its records (in memory only) and what was measured."""

    key: tuple[Any, ...]
    records: SalesRecords
    measured: dict[str, Measurement] = field(default_factory=dict)  # by grouping

    def measurement(self, grouping: str) -> Measurement:
        if grouping not in self.measured:
            plain = self.measured.get(FILE_GROUPS) or measure(self.records)
            self.measured[FILE_GROUPS] = plain
            if grouping == VALUE_GROUPS:
                names = propose_value_groups(self.records, plain.period)
                self.measured[VALUE_GROUPS] = measure(self.records, groups=names)
        return self.measured[grouping]


@dataclass(frozen=True)
class Upload:
    name: str
    data: bytes

    @property
    def fingerprint(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def measure_panel(canvas: Canvas) -> None:
    """The whole panel, in an expander that opens once a file is chosen."""
    with st.expander(TITLE, expanded=RESULT in st.session_state):
        st.caption(
            "Drop in a sales export from your till, shop or payment system (Square, Shopify, "
            "Stripe, WooCommerce, or any CSV or Excel file with a customer, a date and an "
            "amount). The app counts, for the last 12 months, each group's customers, average "
            "sale, purchases a year and retention. Only those figures are kept: never the rows, "
            "never a customer's id. Margin and cost to serve still come from you."
        )
        upload = _chosen_file()
        if upload is None:
            st.session_state.pop(RESULT, None)
            return
        reading = _reading(upload)
        if reading is None:
            return
        measurement = reading.measurement(_grouping(upload))
        _summary(measurement)
        _group_choice(upload, reading)
        measurement = _matched(canvas, measurement, upload)
        _comparison(canvas, measurement)
        _accept_buttons(canvas, measurement)
        show_error(ERROR_KEY)
        _evidence(canvas, reading, measurement)


def _chosen_file() -> Upload | None:
    file = st.file_uploader(
        "Sales export (.csv, .xlsx or .csv.gz)",
        type=["csv", "xlsx", "gz", "txt"],
        key=session.widget_key("measure-upload"),
        max_upload_size=MAX_CSV_BYTES // MB,
    )
    if file is not None:
        return Upload(file.name, file.getvalue())
    if st.toggle("No export at hand? Try the bakery-café's sample", key="measure-sample"):
        return Upload(SAMPLE_SALES.name, SAMPLE_SALES.read_bytes())
    return None


def _reading(upload: Upload) -> Reading | None:
    """The file, read once per file, mapping and group column (kept for reruns)."""
    mapping: ColumnMap | None = st.session_state.get(MAPPING, {}).get(upload.fingerprint)
    group_column = st.session_state.get(_group_key(upload))
    group_column = None if group_column in (None, AS_THE_FILE_SAYS) else group_column
    key = (upload.fingerprint, mapping, group_column)
    kept: Reading | None = st.session_state.get(RESULT)
    if kept is not None and kept.key == key:
        return kept
    try:
        records, first = _read_with_progress(upload, mapping, group_column)
    except NeedsMapping as exc:
        _ask_for_columns(upload, exc)
        return None
    except SalesFileError as exc:
        st.error(md(str(exc)))
        return None
    st.session_state[RESULT] = Reading(key, records, {FILE_GROUPS: first})
    return st.session_state[RESULT]


def _grouping(upload: Upload) -> str:
    return st.session_state.get(f"measure-grouping-{upload.fingerprint[:16]}", FILE_GROUPS)


def _group_key(upload: Upload) -> str:
    return f"measure-group-{upload.fingerprint[:16]}"


def _group_choice(upload: Upload, reading: Reading) -> None:
    """Groups from the file (its group column: the one found, or another) or a proposal."""
    st.radio(
        "Group the customers by",
        [FILE_GROUPS, VALUE_GROUPS],
        key=f"measure-grouping-{upload.fingerprint[:16]}",
        horizontal=True,
        help="The proposal sorts customers by what they spent (top 10%, next 20%, middle 30%, "
        "lower 40%) and sets apart big spenders who have not bought lately. Match each to a "
        "group of your canvas below.",
    )
    if _grouping(upload) != FILE_GROUPS:
        return
    headers = reading.records.headers
    st.selectbox(
        "Which column names each sale's group?",
        [AS_THE_FILE_SAYS, *headers],
        key=_group_key(upload),
        help="A segment, tag or group column. Each customer counts in the group of their "
        "latest sale.",
    )


def _read_with_progress(
    upload: Upload, mapping: ColumnMap | None, group_column: str | None
) -> tuple[SalesRecords, Measurement]:
    bar = st.progress(0.05, "Reading the file…") if len(upload.data) > LARGE_FILE_BYTES else None
    try:
        records = read_sales(upload.data, upload.name, mapping, group_column)
        if bar is not None:
            bar.progress(0.7, "Measuring each group…")
        measurement = measure(records)  # refuses a file with no usable row, beside the upload
    finally:
        if bar is not None:
            bar.empty()
    return records, measurement


def _ask_for_columns(upload: Upload, exc: NeedsMapping) -> None:
    st.info(md(str(exc)))
    if exc.preview:
        st.dataframe(pd.DataFrame(exc.preview, columns=exc.headers), hide_index=True)
    choices: dict[str, str] = {}
    for role in (*ROLES_REQUIRED, "group"):
        options = exc.headers if role in ROLES_REQUIRED else [NO_COLUMN, *exc.headers]
        choices[role] = st.selectbox(
            ROLE_LABELS[role], options, key=f"measure-map-{role}-{upload.fingerprint[:12]}"
        )
    if st.button("Use these columns", key=f"measure-map-{upload.fingerprint[:12]}"):
        group = None if choices["group"] == NO_COLUMN else choices["group"]
        mapping = ColumnMap(
            customer=choices["customer"],
            date=choices["date"],
            amount=choices["amount"],
            group=group,
        )
        st.session_state.setdefault(MAPPING, {})[upload.fingerprint] = mapping
        st.rerun()


def _summary(m: Measurement) -> None:
    skipped = "; ".join(f"{n:,} × {reason}" for reason, n in m.rows_skipped.items())
    st.markdown(
        f"**{md(m.file_name)}** ({md(m.layout)}), dates read as {md(m.date_format)}. "
        f"The 12 months from {m.period.start:%-d %b %Y} to {m.period.end:%-d %b %Y}: "
        f"{m.customers:,} customers; {m.rows_used:,} of {m.rows:,} rows used."
    )
    if skipped:
        st.caption(md(f"Left out: {skipped}."))
    if m.top20_share_pct is not None:
        st.caption(
            f"Your top 20% of customers bring {m.top20_share_pct:.0f}% of net sales."
            + ("" if m.has_earlier_year else " Retention needs the 12 months before as well.")
        )


def _cell(value: Any, kind: str, currency: str) -> str:
    if value is None:
        return "—"
    if kind == "avg_order_value":
        return money(value, currency, 2)
    if kind == "retention_pct":
        return f"{value:g}%"
    return f"{value:,g}"


def comparison_rows(canvas: Canvas, m: Measurement) -> list[dict[str, str]]:
    """One row per group of the file: current → measured for each field."""
    rows = []
    for figures in m.groups:
        group = matching_group(canvas, figures.group)
        measured = measured_values(figures)
        row = {"Group in the file": figures.group, "Canvas group": group.name if group else "—"}
        for name in FIELDS:
            now = getattr(group, name) if group else None
            row[field_label(name, canvas)] = (
                f"{_cell(now, name, canvas.currency)} → "
                f"{_cell(measured.get(name), name, canvas.currency)}"
            )
        rows.append(row)
    return rows


def _matched(canvas: Canvas, m: Measurement, upload: Upload) -> Measurement:
    """The measurement with file groups the person matched to a canvas group renamed to it."""
    names = [g.name for g in canvas.groups if g.name]
    unmatched = [g for g in m.groups if matching_group(canvas, g.group) is None]
    if not unmatched or not names:
        return m
    st.markdown("Groups in the file with no group of that name on your canvas:")
    renamed = {}
    columns = st.columns(min(len(unmatched), 3))
    for index, figures in enumerate(unmatched):
        chosen = columns[index % len(columns)].selectbox(
            f"Count '{figures.group}' as",
            [NOT_ON_CANVAS, *names],
            key=f"measure-as-{upload.fingerprint[:12]}-{figures.group}",
        )
        if chosen != NOT_ON_CANVAS:
            renamed[figures.group] = chosen
    taken = {g.group for g in m.groups if matching_group(canvas, g.group) is not None}
    groups = []
    for figures in m.groups:
        target = renamed.get(figures.group)
        if target is None:
            groups.append(figures)
        elif target in taken:
            st.warning(md(f"'{target}' is matched twice: '{figures.group}' is left out."))
        else:
            taken.add(target)
            groups.append(replace(figures, group=target))
    return replace(m, groups=groups)


def _evidence(canvas: Canvas, reading: Reading, m: Measurement) -> None:
    """The Pareto curve and the cohort table behind the figures."""
    metrics, placements, _ = session.analysis()
    points = [vars(p) for p in pareto_curve(reading.records, m.period)]
    cells = [vars(c) for c in cohort_table(reading.records)]
    left, right = st.columns(2)
    for column, name, options in (
        (left, "sales_pareto", {"points": points}),
        (right, "sales_cohorts", {"cells": cells}),
    ):
        spec = charts.build_chart(name, canvas, metrics, placements, **options)
        column.vega_lite_chart(spec, width="stretch")


def _comparison(canvas: Canvas, m: Measurement) -> None:
    st.markdown("Now → measured, group by group:")
    st.dataframe(pd.DataFrame(comparison_rows(canvas, m)), hide_index=True)
    unmatched = [g.group for g in m.groups if matching_group(canvas, g.group) is None]
    if unmatched:
        st.caption(
            md(
                "No group of that name on your canvas (rename a group to match, or leave it): "
                + ", ".join(unmatched)
                + "."
            )
        )


def accept(measurement: Measurement, groups: list[str] | None) -> None:
    """Save the accepted figures through the app's edit path (one revision)."""
    session.apply(
        lambda canvas: apply_measurement(canvas, measurement, accepted=groups)[0], ERROR_KEY
    )


def is_accepted(canvas: Canvas, m: Measurement, name: str) -> bool:
    group = matching_group(canvas, name)
    figures = m.group(name)
    if group is None or figures is None or group.measured is None:
        return False
    return all(getattr(group, f) == v for f, v in measured_values(figures).items())


def _accept_buttons(canvas: Canvas, m: Measurement) -> None:
    matched = [g.group for g in m.groups if matching_group(canvas, g.group) is not None]
    if not matched:
        return
    if all(is_accepted(canvas, m, name) for name in matched):
        st.success("Accepted: these figures are on your canvas, marked measured.")
        return
    st.button(
        "Accept all measured figures",
        type="primary",
        key="measure-accept-all",
        on_click=accept,
        args=(m, matched),
    )
    columns = st.columns(min(len(matched), 3))
    for index, name in enumerate(matched):
        columns[index % len(columns)].button(
            f"Accept for {name}",
            key=f"measure-accept-{index}",
            on_click=accept,
            args=(m, [name]),
        )
