"""Reading an opened workbook, sheet by sheet: table rows with their cells parsed, the settings,
and every problem with the sheet, row and column it was found in.

The rest of the import (`assemble`, `extras`, `importer`) builds on this module; it imports none
of them.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from openpyxl.workbook.workbook import Workbook

from canvas.core.editing import Row
from canvas.core.model import SCHEMA_VERSION
from canvas.outputs.excel import layout as S
from canvas.outputs.excel.layout import Column, Kind, Layout
from canvas.outputs.excel.read.cells import (
    BAD,
    CellProblem,
    as_text,
    check_length,
    read_choice,
    read_date,
    read_labels,
    read_number,
    read_refs,
)
from canvas.outputs.excel.safety import ExcelImportError

MAX_ROWS = 20_000
HEADER_SEARCH_ROWS = 10

NOT_OURS = (
    "This workbook was not made by the customer strategy canvas app, so it cannot be imported. "
    "Export the workbook from the app, edit that copy, and import it."
)
Where = tuple[str, int, str]  # sheet, row number, column header
Path = tuple[str | int, ...]  # a place in the canvas document, as pydantic names it


class SheetRow(Row):
    """One table row, parsed: a `Row` that also knows where it came from."""

    def __init__(self, sheet: str, number: int, headers: dict[str, str]) -> None:
        super().__init__()
        self.sheet = sheet
        self.number = number
        self.headers = headers

    def where(self, key: str) -> Where:
        return (self.sheet, self.number, self.headers.get(key, key))


class Reader:
    """Reads the sheets of an opened workbook cell by cell, collecting every problem with where it
    was found (`problems`), and where each part of the canvas document came from (`sources`)."""

    def __init__(self, workbook: Workbook, formulas: dict[str, dict[tuple[int, int], str]]) -> None:
        self.wb = workbook
        self.formulas = formulas
        self.problems: list[str] = []
        self.sources: dict[Path, Where] = {}
        self.layout: Layout = S.BUSINESS  # the wording problems speak; `settings` reads it

    # ---------- problems ----------

    def problem(self, where: Where, message: str) -> None:
        sheet, row, header = where
        self.problems.append(f"Sheet '{sheet}', row {row}, {header}: {message}.")

    def source(self, path: Path, where: Where) -> None:
        self.sources.setdefault(path, where)

    # ---------- cells ----------

    def parse(self, column: Column, raw: Any, where: Where, formula: str | None) -> Any:
        if formula is not None:
            if column.kind in (Kind.text, Kind.id):
                return formula  # a formula in a text cell is kept as its text, never run
            raise CellProblem(
                f"holds a formula ({formula[:40]}); type the value itself, formulas are not read"
            )
        check_length(raw)
        kind = column.kind
        if kind in (Kind.text, Kind.id):
            return as_text(raw).strip()
        if kind == Kind.choice:
            return read_choice(column, raw)
        if kind == Kind.labels:
            return read_labels(column, raw)
        if kind == Kind.refs:
            return read_refs(raw)
        if kind == Kind.date:
            return read_date(raw)
        return read_number(column, raw)

    # ---------- sheets ----------

    def _header_map(
        self, sheet: str, rows: Iterator[tuple[Any, ...]], columns: Sequence[Column]
    ) -> tuple[int, dict[str, int]] | None:
        inputs = [c for c in columns if not c.derived]
        wanted = {h.casefold(): c.key for c in inputs for h in (*c.other_headers, c.header)}
        for number, values in enumerate(rows, start=1):
            found = {
                as_text(v).strip().casefold(): i for i, v in enumerate(values) if v is not None
            }
            positions = {wanted[h]: i for h, i in found.items() if h in wanted}
            if len(positions) >= max(1, len(inputs) // 2):
                missing = [c.header for c in inputs if c.key not in positions]
                for header in missing:
                    self.problems.append(
                        f"Sheet '{sheet}': the column '{header}' is missing. Put it back as exported."
                    )
                return number, positions
            if number >= HEADER_SEARCH_ROWS:
                break
        self.problems.append(
            f"Sheet '{sheet}': the table's header row is missing, so nothing on it could be read."
        )
        return None

    def table(self, sheet: str, columns: Sequence[Column]) -> list[SheetRow]:
        ws = self.wb[sheet]
        ws.reset_dimensions()  # never trust the size a file declares; MAX_ROWS caps the reading
        inputs = [c for c in columns if not c.derived]
        by_key = {c.key: c for c in inputs}
        width = max(len(columns) + 40, 60)
        rows_iter = ws.iter_rows(values_only=True, max_col=width)
        found = self._header_map(sheet, rows_iter, columns)
        if found is None:
            return []
        header_row, positions = found
        headers = {c.key: c.header for c in columns}
        text_keys = [k for k in positions if by_key[k].kind in (Kind.text, Kind.id)]
        formulas = self.formulas.get(sheet, {})
        rows: list[SheetRow] = []
        for number, values in enumerate(rows_iter, start=header_row + 1):
            if number - header_row > MAX_ROWS:
                self.problems.append(
                    f"Sheet '{sheet}' has more than {MAX_ROWS:,} rows; a canvas never needs that many."
                )
                break
            row = SheetRow(sheet, number, headers)
            row.update(dict.fromkeys(text_keys, ""))
            blank = True
            for key, index in positions.items():
                raw = values[index] if index < len(values) else None
                formula = formulas.get((number, index + 1))
                if raw is None and formula is None:
                    continue
                try:
                    value = self.parse(by_key[key], raw, row.where(key), formula)
                except CellProblem as exc:
                    self.problem(row.where(key), str(exc))
                    row[key] = BAD
                    blank = False
                    continue
                if value not in ("", None, []):
                    blank = False
                row[key] = value
            if not blank:
                rows.append(row)
        return rows

    def settings(self) -> dict[str, Any]:
        if S.SETTINGS not in self.wb.sheetnames:
            raise ExcelImportError(NOT_OURS, [NOT_OURS])
        rows = list(self.wb[S.SETTINGS].iter_rows(values_only=True, max_col=3, max_row=200))
        self.layout = _layout_of(rows)
        known = {s.key: s for s in (*self.layout.settings_rows, *S.FILE_ROWS)}
        values: dict[str, Any] = {}
        for number, cells in enumerate(rows, start=1):
            key = as_text(cells[0]).strip() if cells else ""
            if key not in known or key in values:
                continue
            setting = known[key]
            raw = cells[2] if len(cells) > 2 else None
            where = (S.SETTINGS, number, setting.label)
            self.source(("settings", key), where)
            try:
                values[key] = self.parse(
                    S.setting_column(setting, self.layout),
                    raw,
                    where,
                    self.formulas.get(S.SETTINGS, {}).get((number, 3)),
                )
            except CellProblem as exc:
                self.problem(where, str(exc))
                values[key] = BAD
        self._check_file(values)
        return values

    def _check_file(self, values: dict[str, Any]) -> None:
        if values.get("file_format") != S.FILE_FORMAT:
            raise ExcelImportError(NOT_OURS, [NOT_OURS])
        version = values.get("workbook_version")
        schema = values.get("schema_version")
        if not isinstance(version, int) or not isinstance(schema, int):
            message = "This workbook does not say which version made it, so it cannot be imported. Export a fresh copy from the app."
            raise ExcelImportError(message, [message])
        if version > S.WORKBOOK_VERSION or schema > SCHEMA_VERSION:
            message = (
                f"This workbook was made by a newer version of the app (canvas version {schema}, "
                f"this app reads up to {SCHEMA_VERSION}). Update the app, or export it again from the newer one."
            )
            raise ExcelImportError(message, [message])
        if values.get("edition") == S.EDITION_SAFE:
            message = (
                "This is the customer-safe copy, made for sharing outside the business. It leaves out "
                "internal notes, so importing it would lose them. Import the full workbook instead."
            )
            raise ExcelImportError(message, [message])


def _layout_of(rows: Sequence[tuple[Any, ...]]) -> Layout:
    """The wording of a workbook, from the type of business on its Settings sheet."""
    for cells in rows:
        if len(cells) > 2 and as_text(cells[0]).strip() == "business_type":
            column = Column(
                "business_type", "", Kind.choice, choices=S.FIXED_LISTS["list_business_type"]
            )
            try:
                return S.layout_for_type(read_choice(column, cells[2]))
            except CellProblem:
                break  # reported when the setting itself is read
    return S.BUSINESS
