"""Export: the canvas as one polished workbook (strategy on top, every input sheet behind it)."""

from __future__ import annotations

import io
import tomllib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Font
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
from canvas.outputs.charts import target_mix_chart, value_map_chart
from canvas.outputs.excel import layout as S
from canvas.outputs.excel.layout import Column, Kind
from canvas.outputs.excel.write import charts as C
from canvas.outputs.excel.write import rows as R
from canvas.outputs.excel.write import safe_copy
from canvas.outputs.excel.write.charts import ChartWords, chart_words, safe_notes
from canvas.outputs.excel.write.extras import extras_sheet
from canvas.outputs.excel.write.printing import fit_rows, header_footer, print_setup
from canvas.outputs.excel.write.sheets import (
    first_shown,
    lists_sheet,
    put,
    table_name,
    title_block,
    write_table,
)
from canvas.outputs.excel.write.strategy import strategy_sheet
from canvas.outputs.excel.write.styles import (
    FONT,
    register_styles,
    solid,
    style_name,
    text_color,
)

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
        self.repeat: dict[str, list[int]] = {}  # sheet -> the columns repeated on every page

    def table(
        self,
        title: str,
        help_text: str,
        columns: tuple[Column, ...],
        rows: list[R.Row],
        colored: bool = True,
    ) -> Worksheet:
        ws = self.wb.create_sheet(title)
        shown = _visible(columns, self.safe)
        self.titled(ws, self.layout.title(title), help_text, shown)
        colors = None
        if colored:
            by_id = self.colors
            colors = [by_id.get(row.get("group_id", row.get("id", "")), None) for row in rows]
        write_table(ws, shown, rows, table_name(title), colors)
        return ws

    def titled(self, ws: Worksheet, title: str, help_text: str, columns: list[Column]) -> None:
        """The title block over a table, and the column that names each row: repeated on every
        page when the table prints over several pages across."""
        first = first_shown(columns)
        title_block(ws, title, help_text, first, len(columns))
        names = [i for i, c in enumerate(columns, 1) if c.key in ("name", "group_name")]
        self.repeat[ws.title] = names[:1] or [first]

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
        self.printing()
        buffer = io.BytesIO()
        self.wb.save(buffer)
        return buffer.getvalue()

    def printing(self) -> None:
        """Every visible sheet: rows tall enough for their text, then fitted to landscape pages
        with the business, date, sheet and page number on each."""
        for ws in self.wb.worksheets:
            if ws.sheet_state != "visible":
                continue
            fit_rows(ws)
            header_footer(ws, self.canvas.business_name, self.date)
            print_setup(ws, repeat_cols=self.repeat.get(ws.title, [1]))

    def color_swatches(self, ws: Worksheet) -> None:
        columns = _visible(self.layout.group_columns, self.safe)
        col = next(i for i, c in enumerate(columns, 1) if c.key == "color")
        for r, color in enumerate(self.group_colors, start=S.HEADER_ROW + 1):
            cell = ws.cell(row=r, column=col)
            cell.fill = solid(color)
            cell.font = Font(name=FONT, size=10, color=text_color(color))

    def settings_sheet(self) -> None:
        ws = self.wb.create_sheet(S.SETTINGS)
        title_block(
            ws,
            "Goal and settings",
            "Your goal and the settings behind every figure. Change the values in column C.",
            2,
            3,
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
        ws.column_dimensions["C"].width = 80
        self.repeat[ws.title] = [2]

        table = Table(displayName="tbl_Settings", ref=f"A{S.HEADER_ROW}:C{row}")
        table.tableStyleInfo = TableStyleInfo(name="TableStyleLight1", showRowStripes=True)
        ws.add_table(table)
        ws.freeze_panes = f"C{S.HEADER_ROW + 1}"
        ws.print_title_rows = f"{S.HEADER_ROW}:{S.HEADER_ROW}"

    def chart_words(self, spec: dict[str, Any]) -> ChartWords:
        words = chart_words(spec)
        if self.safe:
            words.notes = safe_notes(words.notes)
        return words

    def portfolio_chart(self, ws: Worksheet) -> None:
        count = len(self.canvas.groups)
        if not count:
            return
        columns = _visible(self.layout.portfolio_columns, self.safe)
        words = self.chart_words(target_mix_chart(self.canvas, self.metrics))
        first = first_shown(columns)
        row = S.HEADER_ROW + count + 2
        C.portfolio_chart(
            ws,
            words,
            [c.key for c in columns],
            self.group_colors,
            f"{get_column_letter(first)}{row}",
            S.HEADER_ROW,
        )

    def value_map(self) -> None:
        canvas = self.canvas
        ws = self.wb.create_sheet(S.VALUE_MAP)
        columns = _visible(self.layout.value_map_columns, self.safe)
        words = self.chart_words(value_map_chart(canvas, self.metrics, self.placements))
        self.titled(ws, S.VALUE_MAP, " ".join(words.notes), columns)
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
        write_table(ws, columns, rows, table_name(S.VALUE_MAP), self.group_colors)
        ws.freeze_panes = None
        bubbles = [
            C.Bubble(
                L.group_label(g.name) + C.in_kind_mark(self.metrics.of(g)),
                self.colors[g.id],
                S.HEADER_ROW + 1 + i,
                pl.is_estimate,
            )
            for i, g in enumerate(canvas.groups)
            if (pl := self.placements[g.id]).vtc is not None
        ]
        if not bubbles:
            return
        corners = None
        if not self.safe:
            corners = (len(columns) + 2, S.HEADER_ROW + 1)
            C.write_corners(ws, *corners, smallest=biggest * 1e-4 or 1e-4)
            for offset in range(3):
                ws.column_dimensions[get_column_letter(corners[0] + offset)].hidden = True
        anchor = f"A{S.HEADER_ROW + len(rows) + 2}"
        keys = [c.key for c in columns]
        C.value_map_chart(
            ws, words, keys, bubbles, canvas.thresholds.quadrant_line, anchor, corners
        )

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
        self.titled(ws, S.CHECKS, help_text, list(S.CHECK_COLUMNS))
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
        self.titled(ws, S.SESSION_NOTES, help_text, list(S.SESSION_NOTE_COLUMNS))
        write_table(ws, S.SESSION_NOTE_COLUMNS, rows, table_name(S.SESSION_NOTES))

    def about_sheet(self) -> None:
        c = self.canvas
        t = c.thresholds
        w = self.words
        margin_a_year = f"{w.margin.capitalize()} per {w.customer} a year"
        ws = self.wb.create_sheet(S.ABOUT)
        title_block(
            ws, "About these figures", "How every calculated (grey) figure is worked out.", 1, 2
        )
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
        ws.column_dimensions["B"].width = 100
        ws.print_title_rows = f"{S.HEADER_ROW}:{S.HEADER_ROW}"

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
    group nicknames included: groups are called 'Group 1', 'Group 2', ..., and ids are numbered
    (`safe_copy`)."""
    return Exporter(
        safe_copy.customer_safe(canvas) if customer_safe else canvas, customer_safe
    ).build()
