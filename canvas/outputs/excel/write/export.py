"""Export: the canvas as one polished workbook (strategy on top, every input sheet behind it)."""

from __future__ import annotations

import io
import tomllib
from datetime import UTC, datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import BarChart, BubbleChart, Reference, Series
from openpyxl.chart.marker import DataPoint
from openpyxl.packaging.custom import StringProperty
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from canvas.core import labels as L
from canvas.core.checks import Severity, run_checks
from canvas.core.classify import Placement, place
from canvas.core.coach import NOTE_KINDS
from canvas.core.colors import group_colors
from canvas.core.metrics import CanvasMetrics, compute
from canvas.core.model import Canvas
from canvas.core.progress import step_title
from canvas.core.strategy import neutral_names
from canvas.outputs.excel import layout as S
from canvas.outputs.excel.layout import Column, Kind
from canvas.outputs.excel.write import rows as R
from canvas.outputs.excel.write.extras import extras_sheet
from canvas.outputs.excel.write.sheets import (
    lists_sheet,
    print_setup,
    put,
    table_name,
    title_block,
    write_table,
)
from canvas.outputs.excel.write.strategy import strategy_sheet
from canvas.outputs.excel.write.styles import register_styles, solid, style_name, tint

PYPROJECT = Path(__file__).resolve().parents[4] / "pyproject.toml"


def app_version() -> str:
    try:
        return str(tomllib.loads(PYPROJECT.read_text())["project"]["version"])
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "unknown"


def _visible(columns: tuple[Column, ...], safe: bool) -> list[Column]:
    return [c for c in columns if not (safe and c.internal)]


class Exporter:
    def __init__(self, canvas: Canvas, safe: bool) -> None:
        self.canvas = canvas
        self.safe = safe
        self.layout = S.layout_for(canvas)
        self.words = self.layout.words
        self.metrics: CanvasMetrics = compute(canvas)
        self.placements: dict[str, Placement] = place(canvas, self.metrics)
        self.colors = group_colors(canvas)
        self.group_colors = [self.colors[g.id] for g in canvas.groups]
        self.now = datetime.now(UTC).replace(microsecond=0)
        self.date = self.now.strftime("%d %B %Y")
        self.wb = Workbook()

    def table(
        self,
        title: str,
        help_text: str,
        columns: tuple[Column, ...],
        rows: list[R.Row],
        colored: bool = True,
    ) -> Worksheet:
        ws = self.wb.create_sheet(title)
        title_block(ws, self.layout.title(title), help_text)
        colors = None
        if colored:
            by_id = self.colors
            colors = [by_id.get(row.get("group_id", row.get("id", "")), None) for row in rows]
        write_table(ws, _visible(columns, self.safe), rows, table_name(title), colors)
        return ws

    def build(self) -> bytes:
        canvas = self.canvas
        register_styles(self.wb, canvas.currency)
        strategy = self.wb.active
        strategy.title = S.STRATEGY
        strategy_sheet(
            strategy, canvas, self.metrics, self.placements, self.colors, self.safe, self.date
        )
        self.settings_sheet()
        groups = self.table(
            S.GROUPS,
            "Who each group is. Add a row for a new group; delete a row to remove one.",
            self.layout.group_columns,
            R.group_rows(canvas),
        )
        self.color_swatches(groups)
        self.table(
            S.VTC,
            "Jobs, pains and gains per group, what you offer, and what relieves or creates them.",
            S.VTC_COLUMNS,
            R.vtc_rows(canvas),
        )
        self.table(
            S.VTB,
            "Your figures per group (white) and what they add up to (grey, calculated: changes there are ignored).",
            self.layout.vtb_inputs + self.layout.vtb_derived,
            R.vtb_rows(canvas, self.metrics, self.placements),
        )
        self.table(
            S.INTENTS,
            "One or two intents per group, and how you will know each worked.",
            self.layout.intent_columns,
            R.intent_rows(canvas),
        )
        portfolio = self.table(
            S.PORTFOLIO,
            f"Today's mix of {self.words.customers} and the mix you aim for. Target shares should add up to 100%.",
            self.layout.portfolio_columns,
            R.portfolio_rows(canvas, self.metrics),
        )
        self.portfolio_chart(portfolio)
        self.value_map()
        self.table(
            S.PROPOSITIONS,
            "Why this group should choose you, and what you offer them.",
            S.PROPOSITION_COLUMNS,
            R.proposition_rows(canvas),
        )
        self.table(
            S.HANGOUTS,
            "Where each group gathers, in person and online.",
            S.HANGOUT_COLUMNS,
            R.hangout_rows(canvas),
            colored=False,
        )
        self.table(
            S.LIFECYCLE,
            "Optional notes per stage: what they need to know and what you can learn.",
            S.LIFECYCLE_COLUMNS,
            R.lifecycle_rows(canvas),
        )
        if not self.safe:
            self.checks_sheet()
            self.session_notes_sheet()
        self.about_sheet()
        lists_sheet(self.wb, self.layout.lists, [g.name for g in canvas.groups])
        if not self.safe:
            extras_sheet(self.wb, canvas)
        self.properties()
        buffer = io.BytesIO()
        self.wb.save(buffer)
        return buffer.getvalue()

    def color_swatches(self, ws: Worksheet) -> None:
        columns = _visible(self.layout.group_columns, self.safe)
        col = next(i for i, c in enumerate(columns, 1) if c.key == "color")
        for r, color in enumerate(self.group_colors, start=S.HEADER_ROW + 1):
            ws.cell(row=r, column=col).fill = solid(color)

    def settings_sheet(self) -> None:
        ws = self.wb.create_sheet(S.SETTINGS)
        title_block(
            ws,
            "Goal and settings",
            "Your goal and the settings behind every figure. Change the values in column C.",
        )
        values = R.settings_values(self.canvas)
        values.update(
            file_format=S.FILE_FORMAT,
            workbook_version=S.WORKBOOK_VERSION,
            schema_version=self.canvas.schema_version,
            edition=S.EDITION_SAFE if self.safe else S.EDITION_FULL,
            id=self.canvas.id,
            created_at=self.canvas.created_at.isoformat(),
            updated_at=self.canvas.updated_at.isoformat(),
        )
        for col, header in enumerate(("Key", "Setting", "Value"), start=1):
            put(ws, S.HEADER_ROW, col, header, "cv_header")
        row = S.HEADER_ROW
        for setting in (*self.layout.settings_rows, *S.FILE_ROWS):
            row += 1
            put(ws, row, 1, setting.key, style_name(Kind.id, True))
            put(ws, row, 2, setting.label, style_name(Kind.text, True))
            column = Column(
                setting.key,
                setting.label,
                setting.kind,
                choices=self.layout.lists.get(setting.list_name or ""),
                list_name=setting.list_name,
            )
            value = values[setting.key]
            if setting.kind == Kind.choice and column.choices:
                value = column.choices.get(str(value), value)
            elif setting.kind == Kind.pct:
                value = value / 100
            put(ws, row, 3, value, style_name(setting.kind, setting in S.FILE_ROWS))
            if setting.list_name:
                rule = DataValidation(
                    type="list", formula1=f"={setting.list_name}", allow_blank=False
                )
                rule.add(f"C{row}")
                ws.add_data_validation(rule)
        ws.column_dimensions["A"].hidden = True
        ws.column_dimensions["B"].width = 44
        ws.column_dimensions["C"].width = 90

        table = Table(displayName="tbl_Settings", ref=f"A{S.HEADER_ROW}:C{row}")
        table.tableStyleInfo = TableStyleInfo(name="TableStyleLight1", showRowStripes=True)
        ws.add_table(table)
        ws.freeze_panes = f"C{S.HEADER_ROW + 1}"
        print_setup(ws, landscape=False)

    def portfolio_chart(self, ws: Worksheet) -> None:
        count = len(self.canvas.groups)
        if not count:
            return
        columns = _visible(self.layout.portfolio_columns, self.safe)
        keys = [c.key for c in columns]
        first, last = S.HEADER_ROW + 1, S.HEADER_ROW + count
        chart = BarChart()
        chart.type = "bar"
        chart.grouping = "clustered"
        chart.title = f"Share of {self.words.customers}: now and target"
        chart.y_axis.title = "Share"
        chart.y_axis.number_format = "0%"
        chart.y_axis.majorGridlines = None
        chart.x_axis.delete = False
        chart.y_axis.delete = False
        chart.x_axis.scaling.orientation = "maxMin"  # first group on top, as in the table
        names = Reference(ws, min_col=keys.index("group_name") + 1, min_row=first, max_row=last)
        for key, amount in (("d_share_now", 0.0), ("target_share_pct", 0.55)):
            col = keys.index(key) + 1
            data = Reference(ws, min_col=col, min_row=S.HEADER_ROW, max_row=last)
            chart.add_data(data, titles_from_data=True)
            series = chart.series[-1]
            for index, color in enumerate(self.group_colors):
                point = DataPoint(idx=index)
                shade = tint(color, amount) if amount else color.lstrip("#")
                point.graphicalProperties.solidFill = shade
                point.graphicalProperties.line.solidFill = color.lstrip("#")
                series.dPt.append(point)
        chart.set_categories(names)
        chart.legend = None
        chart.width = 18
        chart.height = max(7.5, 1.1 * count + 3)
        ws.add_chart(chart, f"{get_column_letter(len(columns) + 2)}{S.HEADER_ROW}")
        put(
            ws,
            3,
            1,
            "Chart: darker bar = share now, lighter bar = target, in each group's colour.",
            "cv_note",
        )

    def value_map(self) -> None:
        canvas = self.canvas
        ws = self.wb.create_sheet(S.VALUE_MAP)
        title_block(
            ws,
            S.VALUE_MAP,
            "Value to them (across) against value to us (up). 'High' starts at "
            f"{canvas.thresholds.quadrant_line:g}. Bubble size = number of {self.words.customers}.",
        )
        biggest = max((g.customer_count for g in canvas.groups), default=0)
        rows = []
        for g in canvas.groups:
            pl = self.placements[g.id]
            rows.append(
                {
                    "group_id": g.id,
                    "group_name": L.group_label(g.name),
                    "d_vtc": pl.vtc,
                    "d_vtb": pl.vtb,
                    "d_customers": g.customer_count,
                    "d_bubble": g.customer_count or max(1, round(biggest * 0.05)),
                    "d_quadrant": L.QUADRANTS[pl.quadrant.value]
                    if pl.quadrant
                    else "Not scored yet",
                }
            )
        columns = _visible(self.layout.value_map_columns, self.safe)
        write_table(ws, columns, rows, table_name(S.VALUE_MAP), self.group_colors)
        ws.freeze_panes = None
        self._bubble_chart(ws, columns, len(rows))

    def _bubble_chart(self, ws: Worksheet, columns: list[Column], count: int) -> None:
        if not count:
            return
        keys = [c.key for c in columns]
        chart = BubbleChart()
        chart.style = 18
        chart.title = "Two-way value exchange"
        chart.x_axis.title = "Value to them"
        chart.y_axis.title = "Value to us"
        for axis in (chart.x_axis, chart.y_axis):
            axis.scaling.min = 0.5
            axis.scaling.max = 5.5
            axis.majorUnit = 0.5
            axis.delete = False
            axis.number_format = "0.0"
        chart.bubbleScale = 40
        for index, group in enumerate(self.canvas.groups):
            row = S.HEADER_ROW + 1 + index
            if self.placements[group.id].vtc is None:
                continue
            x = Reference(ws, min_col=keys.index("d_vtc") + 1, min_row=row)
            y = Reference(ws, min_col=keys.index("d_vtb") + 1, min_row=row)
            size = Reference(ws, min_col=keys.index("d_bubble") + 1, min_row=row)
            series = Series(values=y, xvalues=x, zvalues=size, title=L.group_label(group.name)[:60])
            color = self.group_colors[index].lstrip("#")
            series.graphicalProperties.solidFill = color
            series.graphicalProperties.line.solidFill = color
            chart.series.append(series)
        if len(chart.series) > 15:
            chart.legend = None
        chart.width = 20
        chart.height = 14
        ws.add_chart(chart, f"{get_column_letter(len(columns) + 2)}{S.HEADER_ROW}")

    def checks_sheet(self) -> None:
        names = {g.id: L.group_label(g.name) for g in self.canvas.groups}
        findings = run_checks(self.canvas, self.metrics)
        rows = [
            {
                "severity": f.severity.words,
                "step": step_title(f.step, self.canvas),
                "group": names.get(f.group or "", ""),
                "message": f.message,
                "check_id": f.id,
            }
            for f in findings
        ]
        ws = self.wb.create_sheet(S.CHECKS)
        help_text = (
            "What an expert would look at next. Nothing here blocks you."
            if rows
            else "No open findings: the canvas passes every check."
        )
        title_block(ws, S.CHECKS, help_text)
        write_table(ws, S.CHECK_COLUMNS, rows, table_name(S.CHECKS))
        fills = {
            Severity.error: solid("FDE2E1"),
            Severity.warning: solid("FEF3C7"),
            Severity.note: solid("E0ECFA"),
        }
        for r, finding in enumerate(findings, start=S.HEADER_ROW + 1):
            ws.cell(row=r, column=1).fill = fills[finding.severity]

    def session_notes_sheet(self) -> None:
        """The parking lot of a coached session: ideas, decisions and numbers to check."""
        if not self.canvas.session_notes:
            return
        rows = [
            {
                "kind": NOTE_KINDS[note.kind],
                "text": note.text,
                "step": step_title(note.step, self.canvas),
                "group": L.group_label(self.canvas.group(note.group_id).name)
                if note.group_id
                else "",
                "created": note.created_at.strftime("%d %b %Y %H:%M"),
            }
            for note in self.canvas.session_notes
        ]
        ws = self.wb.create_sheet(S.SESSION_NOTES)
        help_text = "Notes captured during coached sessions. Add or change notes in the app."
        title_block(ws, S.SESSION_NOTES, help_text)
        write_table(ws, S.SESSION_NOTE_COLUMNS, rows, table_name(S.SESSION_NOTES))

    def about_sheet(self) -> None:
        c = self.canvas
        t = c.thresholds
        w = self.words
        margin_a_year = f"{w.margin.capitalize()} per {w.customer} a year"
        ws = self.wb.create_sheet(S.ABOUT)
        title_block(ws, "About these figures", "How every calculated (grey) figure is worked out.")
        lines = [
            (
                margin_a_year,
                f"Average {w.sale} × {w.purchases} a year × {w.margin} % − cost to serve a year.",
            ),
            (
                "Lifetime value (from today)",
                f"This year's {w.margin} plus the {w.margin} of the years after, discounted: m × (1 + d) ÷ (1 + d − r).",
            ),
            (
                "Future years only",
                "m × r ÷ (1 + d − r): the textbook form, which leaves out this year.",
            ),
            (
                "Undiscounted",
                f"m ÷ (1 − r): {w.margin} a year times the expected years as a {w.customer}.",
            ),
            ("Group value", f"Lifetime value × number of {w.customers}."),
            (
                L.METHOD_TERMS["recommendation_score"].name,
                L.term("recommendation_score", c).explain,
            ),
            (
                L.METHOD_TERMS["give_or_take"].name.capitalize(),
                L.term("give_or_take", c).explain,
            ),
            (
                "Share now",
                f"Each group's {w.customers} as a share of all current {w.customers}, rounded to add up to exactly 100%.",
            ),
            (
                "Discount rate (d)",
                f"{c.discount_rate_pct:g}% a year. Retention (r) is this group's retention %.",
            ),
            (
                "Map lines",
                f"'High' from {t.quadrant_line:g}; 'near the line' from {t.near_line_low:g} to below {t.near_line_high:g}.",
            ),
            (
                "Value tiers",
                f"Top value at {t.tier_multiple:g}× the average lifetime value; room to grow when share of spend is {t.growable_share_of_wallet_pct:g}% or less.",
            ),
            (
                "Colours",
                "Each group keeps one colour on every sheet and chart. Grey columns are calculated: changes there are ignored on import.",
            ),
            (
                "Edition",
                f"{w.safe_copy} for sharing outside the {w.business}: internal notes and labels are left out. It cannot be imported back."
                if self.safe
                else "Full workbook: edit it in Excel or LibreOffice and import it back into the app.",
            ),
            ("App version", app_version()),
            ("Exported at", self.now.strftime("%Y-%m-%d %H:%M UTC")),
        ]
        put(ws, S.HEADER_ROW, 1, "Item", "cv_header")
        put(ws, S.HEADER_ROW, 2, "In words", "cv_header")
        for r, (item, text) in enumerate(lines, start=S.HEADER_ROW + 1):
            put(ws, r, 1, item, style_name(Kind.text, False))
            put(ws, r, 2, text, style_name(Kind.text, False))
        ws.column_dimensions["A"].width = 30
        ws.column_dimensions["B"].width = 110
        print_setup(ws, landscape=True)

    def properties(self) -> None:
        props = self.wb.properties
        props.title = f"{self.words.strategy}: {self.canvas.business_name}"[:255]
        props.subject = "Customer strategy canvas"
        props.creator = "Customer strategy canvas"
        props.description = (
            "Customer-safe copy" if self.safe else "Full workbook: can be imported back"
        )
        props.keywords = "customer strategy"
        props.created = self.now.replace(tzinfo=None)
        props.modified = self.now.replace(tzinfo=None)
        self.wb.custom_doc_props.append(
            StringProperty(name="Canvas workbook version", value=str(S.WORKBOOK_VERSION))
        )


def export_workbook(canvas: Canvas, *, customer_safe: bool = False) -> bytes:
    """The canvas as an .xlsx workbook. `customer_safe` leaves out internal labels (C-36),
    group nicknames included: groups are called 'Group 1', 'Group 2', ..."""
    return Exporter(neutral_names(canvas) if customer_safe else canvas, customer_safe).build()
